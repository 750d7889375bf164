"""Outgoing mail against a real SMTP server (aiosmtpd on 127.0.0.1): verification, password
reset and agent replies are delivered after their transaction commits; failures are recorded on
the outbox row and retried."""

from datetime import timedelta

import pytest

from support_app.models import MessageKind, utcnow
from support_app.services import auth, mail, tickets
from tests.certificates import self_signed
from tests.security.conftest import free_port, link_token, outbox_rows, wait_until

# The test server takes AUTH without TLS (aiosmtpd warns); production uses ?starttls=1 or smtps://.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def test_registration_mails_a_working_verification_link_over_smtp(db, smtp_server):
    auth.register(db, "pat@example.com", "owner-password", "Pat", ip="198.51.100.7")
    [(sender, recipients, message)] = smtp_server.wait_for(1)
    assert recipients == ["pat@example.com"] and sender == "support@desk.example.com"
    assert message["Subject"] == "Confirm your email address"
    assert smtp_server.logins == [(b"mailer", True)]
    token = link_token(message.get_content(), "verify")
    assert auth.verify_email(db, token).email_verified_at is not None
    wait_until(lambda: outbox_rows(db)[0].status == "sent")
    assert outbox_rows(db)[0].sent_at is not None


def test_password_reset_mail_is_delivered(db, smtp_server):
    auth.create_user(db, "sam@example.com", "old-password", verified=True)
    auth.request_password_reset(db, "sam@example.com", ip="198.51.100.7")
    [(_, recipients, message)] = smtp_server.wait_for(1)
    assert recipients == ["sam@example.com"] and message["Subject"] == "Reset your password"
    auth.reset_password(db, link_token(message.get_content(), "reset-password"), "new-password-1")
    assert auth.login(db, "sam@example.com", "new-password-1")[0]


def test_agent_reply_mails_the_customer_a_link_to_the_ticket(db, smtp_server):
    ticket = tickets.submit(db, tickets.Submission("jo@example.com", "Lamp broken", "It arrived broken."))
    tickets.add_message(db, ticket.id, ticket.version, "agent@example.com", "Alex", MessageKind.internal_note,
                        "Check the courier.")
    ticket = tickets.get(db, ticket.id)
    tickets.add_message(db, ticket.id, ticket.version, "agent@example.com", "Alex", MessageKind.agent,
                        "Sorry! A replacement is on its way.")
    [(_, recipients, message)] = smtp_server.wait_for(1)
    body = message.get_content()
    assert recipients == ["jo@example.com"] and message["Subject"] == f"Re: [#{ticket.id}] Lamp broken"
    assert "A replacement is on its way." in body and f"http://localhost:3000/tickets/{ticket.id}" in body
    assert "Check the courier" not in body
    assert [m.kind for m in outbox_rows(db)] == ["reply"]  # the internal note mailed nobody


def test_no_mail_to_reserved_addresses(db, smtp_server):
    ticket = tickets.submit(db, tickets.Submission("history-import@example.invalid", "Old", "Imported."))
    tickets.add_message(db, ticket.id, ticket.version, "agent@example.com", "Alex", MessageKind.agent, "Hello")
    assert outbox_rows(db) == []


def test_a_failed_delivery_is_recorded_and_retried(db, monkeypatch):
    from aiosmtpd.controller import Controller

    from support_app.settings import get_settings
    from tests.security.conftest import Inbox

    port = free_port()  # nothing listens here yet
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    auth.request_password_reset(db, "nobody@example.com", ip="192.0.2.1")  # nothing queued, no account
    auth.create_user(db, "sam@example.com", "old-password", verified=True)
    auth.request_password_reset(db, "sam@example.com", ip="192.0.2.1")
    wait_until(lambda: outbox_rows(db)[0].status == "retry")
    [row] = outbox_rows(db)
    assert row.attempts == 1 and ("Connection" in row.last_error or "refused" in row.last_error)
    assert mail.deliver_pending() == 0  # not due yet: backoff

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert mail.deliver_pending(now=utcnow() + timedelta(minutes=5)) == 1
        inbox.wait_for(1)
    finally:
        controller.stop()
    [row] = outbox_rows(db)
    assert row.status == "sent" and row.attempts == 2 and row.last_error == ""
    get_settings.cache_clear()


def test_without_smtp_mail_is_stored_in_the_outbox_for_admins(db):
    auth.create_user(db, "sam@example.com", "old-password", verified=True)
    auth.request_password_reset(db, "sam@example.com", ip="192.0.2.1")
    [row] = mail.outbox(db)
    assert row.status == "stored" and row.to_address == "sam@example.com" and "/reset-password/" in row.body
    assert mail.deliver_pending() == 0


def test_a_rolled_back_change_sends_no_mail(db, smtp_server):
    ticket = tickets.submit(db, tickets.Submission("jo@example.com", "Lamp broken", "It arrived broken."))
    mail.ticket_reply(db, ticket, "Alex", "never sent")
    db.rollback()
    mail.deliver_pending()
    assert outbox_rows(db) == [] and smtp_server.messages == []


def test_the_minutely_maintenance_purges_and_retries_due_mail(db, smtp_server):
    from sqlmodel import select

    from support_app import maintenance
    from support_app.models import OutboxMessage, RateLimitHit, UserSession

    auth.create_user(db, "sam@example.com", "old-password", verified=True)
    auth.login(db, "sam@example.com", "old-password")
    session_row = db.exec(select(UserSession)).one()
    session_row.expires_at = utcnow() - timedelta(minutes=1)
    db.add_all([session_row, RateLimitHit(scope="login-ip", key_hash="y" * 64,
                                          created_at=utcnow() - timedelta(days=2)),
                OutboxMessage(to_address="sam@example.com", subject="Due again", body="retry me", kind="reply",
                              status="retry", attempts=1, next_attempt_at=utcnow() - timedelta(seconds=1))])
    db.commit()
    assert maintenance.run_once() == 1
    [(_, _, message)] = smtp_server.wait_for(1)
    assert message["Subject"] == "Due again"
    db.expire_all()
    assert db.exec(select(UserSession)).all() == [] and db.exec(select(RateLimitHit)).all() == []


def test_starttls_with_login_as_in_the_documented_smtp_url(db, tmp_path, monkeypatch):
    """`smtp://user:pass@host:port?starttls=1`: TLS is required before AUTH, and the certificate is verified."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from support_app.settings import get_settings
    from tests.security.conftest import Inbox

    cert_file, key_file = self_signed(tmp_path, "127.0.0.1")
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True,
                            auth_required=True,
                            authenticator=lambda *a: AuthResult(success=a[4].login == b"mailer@desk"))
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # trust this test certificate only
        monkeypatch.setenv("SMTP_URL", f"smtp://mailer%40desk:pa%3Ass@127.0.0.1:{port}?starttls=1")
        get_settings.cache_clear()
        auth.create_user(db, "sam@example.com", "old-password", verified=True)
        auth.request_password_reset(db, "sam@example.com", ip="192.0.2.1")
        [(_, recipients, message)] = inbox.wait_for(1)
        assert recipients == ["sam@example.com"] and message["Subject"] == "Reset your password"
    finally:
        controller.stop()
        get_settings.cache_clear()
