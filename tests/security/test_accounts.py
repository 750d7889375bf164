"""Email ownership: an account sees the tickets filed under its address only after the owner
clicked a single-use, expiring link mailed to it. Reserved domains are never registered."""

from datetime import timedelta

import pytest
from sqlmodel import select

from support_app.models import EmailToken, User, UserSession, utcnow
from support_app.services import auth, tickets
from support_app.services.errors import NotFoundError, ValidationError
from tests.security.conftest import link_token, outbox_rows

VICTIM = "pat.victim@example.com"


def _filed_anonymously(db, email=VICTIM):
    return tickets.submit(db, tickets.Submission(email, "Card charged twice", "My card was charged twice."))


def _my_ticket_ids(db, identity) -> list[int]:
    if identity.customer_id is None:
        return []
    flt = tickets.TicketFilter(customer_id=identity.customer_id)
    return [t.id for t in tickets.list_tickets(db, flt, 1, 50)]


def test_registering_someone_elses_address_shows_none_of_their_tickets(db):
    ticket = _filed_anonymously(db)
    auth.register(db, VICTIM, "attacker-password", "Mallory", ip="203.0.113.9")
    _, mallory = auth.login(db, VICTIM, "attacker-password")
    assert mallory.customer_id is None and not mallory.email_verified
    assert _my_ticket_ids(db, mallory) == []
    with pytest.raises(NotFoundError):
        auth.ticket_for(db, mallory, ticket.id)
    with pytest.raises(NotFoundError):  # nor rate it as them
        tickets.get(db, ticket.id, customer_id=mallory.customer_id or -1)


def test_verification_link_hands_over_the_addresss_tickets_once(db):
    ticket = _filed_anonymously(db)
    auth.register(db, VICTIM, "owner-password", "Pat", ip="198.51.100.7")
    [message] = outbox_rows(db, "verify")
    assert message.to_address == VICTIM and message.status == "stored"  # no SMTP_URL: outbox only
    token = link_token(message.body, "verify")
    assert "http://localhost:3000/verify/" in message.body

    auth.verify_email(db, token)
    _, pat = auth.login(db, VICTIM, "owner-password")
    assert pat.email_verified and _my_ticket_ids(db, pat) == [ticket.id]
    assert auth.ticket_for(db, pat, ticket.id).id == ticket.id
    with pytest.raises(ValidationError, match="invalid, expired or used"):
        auth.verify_email(db, token)  # single use
    stored = db.exec(select(EmailToken)).one()
    assert token not in stored.token_hash and stored.used_at is not None


def test_expired_forged_or_wrong_purpose_links_are_refused(db):
    user = auth.register(db, VICTIM, "owner-password", ip="198.51.100.7")
    token = link_token(outbox_rows(db, "verify")[0].body, "verify")
    for bad in ["", "x" * 43, token + "x", "a" * 500]:
        with pytest.raises(ValidationError):
            auth.verify_email(db, bad)
    with pytest.raises(ValidationError):
        auth.reset_password(db, token, "a new password")  # a verify link is not a reset link
    row = db.exec(select(EmailToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    with pytest.raises(ValidationError):
        auth.verify_email(db, token)
    db.refresh(user)
    assert user.email_verified_at is None


@pytest.mark.parametrize("email", ["someone@example.invalid", "history-import@example.invalid",
                                   "x@shop.test", "me@localhost", "a@b.localhost"])
def test_reserved_domains_can_never_be_registered(db, email):
    with pytest.raises(ValidationError) as info:
        auth.register(db, email, "a fine password", ip="192.0.2.1")
    assert "email" in info.value.errors
    assert db.exec(select(User)).all() == [] and outbox_rows(db) == []


def test_names_emails_and_passwords_have_server_side_limits(db):
    with pytest.raises(ValidationError) as info:
        auth.register(db, "long@example.com", "p" * 129, "N" * 121, ip="192.0.2.1")
    assert set(info.value.errors) == {"password", "name"}
    with pytest.raises(ValidationError):
        auth.register(db, ("a" * 250) + "@example.com", "a fine password", ip="192.0.2.1")
    user = auth.register(db, "ctl@example.com", "a fine password", "Pat\x00\x1b Smith", ip="192.0.2.1")
    assert user.name.startswith("Pat") and user.name.endswith("Smith") and user.name.isprintable()


def test_password_reset_link_sets_the_password_ends_every_session_and_proves_the_address(db):
    auth.register(db, VICTIM, "old-password", ip="198.51.100.7")
    tokens = [auth.login(db, VICTIM, "old-password")[0] for _ in range(2)]
    auth.request_password_reset(db, VICTIM.upper(), ip="198.51.100.7")
    token = link_token(outbox_rows(db, "reset")[0].body, "reset-password")
    with pytest.raises(ValidationError):
        auth.reset_password(db, token, "short")

    auth.reset_password(db, token, "brand-new-password")
    assert all(auth.identity_for_token(db, t) is None for t in tokens)
    assert db.exec(select(UserSession)).all() == []
    with pytest.raises(auth.PermissionDenied):
        auth.login(db, VICTIM, "old-password")
    _, identity = auth.login(db, VICTIM, "brand-new-password")
    assert identity.email_verified
    with pytest.raises(ValidationError):
        auth.reset_password(db, token, "another-password")  # single use


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_nothing(db):
    assert auth.request_password_reset(db, "nobody@example.com", ip="192.0.2.1") is None
    with pytest.raises(ValidationError):
        auth.request_password_reset(db, "not an address", ip="192.0.2.1")
    assert outbox_rows(db) == []


def test_log_out_everywhere_ends_every_session_of_that_user_only(db):
    auth.create_user(db, "a@example.com", "password-a", verified=True)
    auth.create_user(db, "b@example.com", "password-b", verified=True)
    a1, identity = auth.login(db, "a@example.com", "password-a")
    a2, _ = auth.login(db, "a@example.com", "password-a")
    b1, _ = auth.login(db, "b@example.com", "password-b")
    assert auth.logout_everywhere(db, identity) == 2
    assert auth.identity_for_token(db, a1) is None and auth.identity_for_token(db, a2) is None
    assert auth.identity_for_token(db, b1) is not None


def test_a_logged_in_customer_can_ask_for_a_new_verification_link(db):
    auth.register(db, VICTIM, "owner-password", ip="198.51.100.7")
    _, identity = auth.login(db, VICTIM, "owner-password")
    auth.request_verification(db, identity, ip="198.51.100.7")
    links = [link_token(m.body, "verify") for m in outbox_rows(db, "verify")]
    assert len(links) == 2 and links[0] != links[1]
    auth.verify_email(db, links[1])
    assert auth.identity_for_token(db, auth.login(db, VICTIM, "owner-password")[0]).email_verified
