"""Rate limits that hold across every backend worker: attempts are rows in SQL.

One primitive for every limit in the app (login failures per email and per IP, ticket submission
per IP and per email, live preview per browser, registration and password-reset requests per IP).
A key is stored only as its sha256, so the table holds no email or IP address in clear.
"""

import hashlib
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from support_app.models import RateLimitHit, utcnow
from support_app.services.errors import RateLimited


def _key(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\x1f{key.strip().lower()}".encode()).hexdigest()


def count(session: Session, scope: str, key: str, window_seconds: int) -> int:
    """Attempts recorded for (scope, key) within the last `window_seconds`."""
    since = utcnow() - timedelta(seconds=window_seconds)
    return session.exec(select(func.count()).select_from(RateLimitHit).where(
        RateLimitHit.scope == scope, RateLimitHit.key_hash == _key(scope, key),
        RateLimitHit.created_at >= since)).one()


def check(session: Session, scope: str, key: str, limit: int, window_seconds: int, message: str) -> None:
    """Raise RateLimited (with `message`) when (scope, key) already has `limit` attempts in the window."""
    if key and count(session, scope, key, window_seconds) >= limit:
        raise RateLimited(message)


def record(session: Session, scope: str, key: str) -> None:
    """Record one attempt in its own short transaction, so it counts even when the caller rolls back.
    Call it before the caller writes anything (SQLite allows one writer at a time)."""
    if not key:
        return
    with Session(session.get_bind()) as own:
        own.add(RateLimitHit(scope=scope, key_hash=_key(scope, key)))
        own.commit()


def record_many(session: Session, hits: list[tuple[str, str]]) -> None:
    """`record` for several (scope, key) pairs in one short transaction (one commit, not one each)."""
    rows = [RateLimitHit(scope=scope, key_hash=_key(scope, key)) for scope, key in hits if key]
    if not rows:
        return
    with Session(session.get_bind()) as own:
        own.add_all(rows)
        own.commit()


def add(session: Session, scope: str, key: str) -> None:
    """Record one attempt in the caller's transaction: it counts when the caller commits (one
    durable write with the action it limits, e.g. a ticket and its two submission attempts)."""
    if key:
        session.add(RateLimitHit(scope=scope, key_hash=_key(scope, key)))


def hit(session: Session, scope: str, key: str, limit: int, window_seconds: int, message: str) -> None:
    """Check, then record: the usual form for "at most `limit` actions per window"."""
    check(session, scope, key, limit, window_seconds, message)
    record(session, scope, key)


def clear(session: Session, scope: str, key: str) -> None:
    """Forget the attempts of (scope, key), e.g. failed logins after a successful one (caller commits)."""
    session.exec(delete(RateLimitHit).where(RateLimitHit.scope == scope, RateLimitHit.key_hash == _key(scope, key)))


def purge(session: Session, older_than_seconds: int = 86_400) -> int:
    """Delete attempts older than the longest window in use; returns how many (caller commits)."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    return session.exec(delete(RateLimitHit).where(RateLimitHit.created_at < cutoff)).rowcount or 0
