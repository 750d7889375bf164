"""Accounts, argon2 hashing, sessions, rate limiting and ticket access rules."""

import pytest

from support_app.models import User
from support_app.services import auth, tickets
from support_app.services.errors import NotFoundError, PermissionDenied, ValidationError


def test_password_is_hashed_with_argon2_and_login_opens_a_session(db):
    user = auth.create_user(db, "Sam@Example.com", "correct horse", "Sam")
    stored = db.get(User, user.id)
    assert stored.password_hash.startswith("$argon2") and "correct horse" not in stored.password_hash
    token, identity = auth.login(db, "sam@example.com", "correct horse")
    assert identity.role == "customer" and identity.customer_id is None  # not verified yet
    assert auth.identity_for_token(db, token) == identity
    auth.logout(db, token)
    assert auth.identity_for_token(db, token) is None


def test_wrong_password_and_duplicate_email_are_refused(db):
    auth.create_user(db, "sam@example.com", "correct horse")
    with pytest.raises(PermissionDenied):
        auth.login(db, "sam@example.com", "wrong")
    with pytest.raises(ValidationError):
        auth.create_user(db, "SAM@example.com", "another password")
    with pytest.raises(ValidationError):
        auth.create_user(db, "new@example.com", "short")


def test_login_attempts_are_rate_limited(db):
    auth.create_user(db, "sam@example.com", "correct horse")
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            auth.login(db, "sam@example.com", "guess")
    with pytest.raises(auth.RateLimited):
        auth.login(db, "sam@example.com", "correct horse")


def test_customers_see_only_their_own_tickets_agents_see_all(db):
    auth.create_user(db, "a@example.com", "password-a", verified=True)
    auth.create_user(db, "b@example.com", "password-b", verified=True)
    auth.create_user(db, "agent@example.com", "password-agent", role="agent")
    ticket = tickets.submit(db, tickets.Submission("a@example.com", "Broken lamp", "The lamp arrived broken."))
    _, a = auth.login(db, "a@example.com", "password-a")
    _, b = auth.login(db, "b@example.com", "password-b")
    _, agent = auth.login(db, "agent@example.com", "password-agent")
    assert auth.ticket_for(db, a, ticket.id).id == ticket.id
    assert auth.ticket_for(db, agent, ticket.id).id == ticket.id
    with pytest.raises(NotFoundError):
        auth.ticket_for(db, b, ticket.id)
    with pytest.raises(NotFoundError):
        auth.ticket_for(db, None, ticket.id)
    with pytest.raises(PermissionDenied):
        auth.require_role(a, "agent")
    assert auth.require_role(agent, "agent") is agent
