"""Login limits per email and per IP, equal cost for unknown emails, idle and absolute session
expiry, purging, and registration / reset limits per IP."""

import time
from datetime import timedelta

import pytest
from sqlmodel import select

from support_app.models import RateLimitHit, UserSession, utcnow
from support_app.services import auth, rate_limit
from support_app.services.errors import PermissionDenied, RateLimited


def test_a_password_spray_across_many_emails_is_stopped_per_ip(db, monkeypatch):
    monkeypatch.setenv("LOGIN_IP_MAX_ATTEMPTS", "6")
    from support_app.settings import get_settings
    get_settings.cache_clear()
    auth.create_user(db, "victim@example.com", "summer2026!", verified=True)
    for n in range(6):  # one guess per email: the per-email limit never trips
        with pytest.raises(PermissionDenied):
            auth.login(db, f"user{n}@example.com", "summer2026!", ip="203.0.113.50")
    with pytest.raises(RateLimited, match="Too many failed log-in attempts"):
        auth.login(db, "victim@example.com", "summer2026!", ip="203.0.113.50")
    token, _ = auth.login(db, "victim@example.com", "summer2026!", ip="198.51.100.1")  # another network
    assert token


def test_failures_per_email_are_limited_whatever_the_ip(db):
    auth.create_user(db, "sam@example.com", "correct horse", verified=True)
    for n in range(5):
        with pytest.raises(PermissionDenied):
            auth.login(db, "sam@example.com", "guess", ip=f"10.0.0.{n}")
    with pytest.raises(RateLimited):
        auth.login(db, "sam@example.com", "correct horse", ip="10.0.0.99")


def test_unknown_emails_cost_the_same_hashing_time_as_known_ones(db):
    auth.create_user(db, "known@example.com", "correct horse", verified=True)

    def fastest(email: str) -> float:
        best = 10.0
        for n in range(3):
            start = time.perf_counter()
            with pytest.raises(PermissionDenied):
                auth.login(db, email, f"wrong-{n}")
            best = min(best, time.perf_counter() - start)
        return best

    auth._dummy_hash()  # built once per process, like any warm-up
    known, unknown = fastest("known@example.com"), fastest("unknown@example.com")
    assert unknown > 0.5 * known, (known, unknown)


def test_staff_sessions_end_after_the_idle_timeout_customers_later(db):
    auth.create_user(db, "agent@example.com", "agent-password", role="agent", verified=True)
    auth.create_user(db, "cust@example.com", "customer-password", verified=True)
    agent_token, _ = auth.login(db, "agent@example.com", "agent-password")
    customer_token, _ = auth.login(db, "cust@example.com", "customer-password")
    for row in db.exec(select(UserSession)):
        row.last_seen_at = utcnow() - timedelta(hours=9)
        db.add(row)
    db.commit()
    assert auth.identity_for_token(db, agent_token) is None  # default 8 h for agents/admins
    assert auth.identity_for_token(db, customer_token) is not None
    # activity refreshes last_seen_at (at most once a minute)
    seen = db.exec(select(UserSession)).one().last_seen_at
    assert auth._aware(seen) > utcnow() - timedelta(minutes=1)


def test_last_seen_is_written_at_most_once_a_minute(db):
    auth.create_user(db, "cust@example.com", "customer-password", verified=True)
    token, _ = auth.login(db, "cust@example.com", "customer-password")
    first = db.exec(select(UserSession)).one().last_seen_at
    auth.identity_for_token(db, token)
    db.expire_all()
    assert db.exec(select(UserSession)).one().last_seen_at == first


def test_sessions_end_at_their_absolute_expiry(db):
    auth.create_user(db, "cust@example.com", "customer-password", verified=True)
    token, _ = auth.login(db, "cust@example.com", "customer-password")
    row = db.exec(select(UserSession)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    assert auth.identity_for_token(db, token) is None
    assert db.exec(select(UserSession)).all() == []


def test_login_purges_expired_sessions_and_old_rate_limit_rows(db):
    auth.create_user(db, "cust@example.com", "customer-password", verified=True)
    auth.login(db, "cust@example.com", "customer-password")
    old = db.exec(select(UserSession)).one()
    old.expires_at = utcnow() - timedelta(days=1)
    db.add(old)
    db.add(RateLimitHit(scope="login-ip", key_hash="x" * 64, created_at=utcnow() - timedelta(days=2)))
    db.commit()
    auth.login(db, "cust@example.com", "customer-password")
    db.expire_all()
    assert len(db.exec(select(UserSession)).all()) == 1
    assert db.exec(select(RateLimitHit).where(RateLimitHit.key_hash == "x" * 64)).all() == []


def test_registrations_and_reset_requests_are_limited_per_ip(db):
    for n in range(5):
        auth.register(db, f"new{n}@example.com", "a fine password", ip="192.0.2.77")
    with pytest.raises(RateLimited, match="Too many accounts"):
        auth.register(db, "new9@example.com", "a fine password", ip="192.0.2.77")
    auth.register(db, "new9@example.com", "a fine password", ip="192.0.2.78")
    for _ in range(5):
        auth.request_password_reset(db, "new0@example.com", ip="192.0.2.77")
    with pytest.raises(RateLimited):
        auth.request_password_reset(db, "new1@example.com", ip="192.0.2.77")
    assert rate_limit.count(db, "mail-ip", "192.0.2.77", 3600) == 5
