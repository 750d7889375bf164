"""`Idempotency-Key` for create requests: the first answer is stored per (token, key) in SQL and a
retry of the same request gets it back instead of creating anything. The key is reserved in the
same transaction as the work and its answer (`begin` … `finish`, one commit): a request that fails,
or a worker killed mid-request, rolls the reservation back with the work, so the retry simply does
the work (never blocked, never doubled). A concurrent request with the same key waits on the unique
index until the first commits (then it gets the stored answer) or rolls back (then it does the work).
Reservations committed on their own by earlier versions are taken over after `IN_FLIGHT_SECONDS`."""

import hashlib
import json

from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from support_app.models import IdempotencyKey, utcnow
from support_app.services.errors import ConflictError, ValidationError

MAX_KEY_LENGTH = 255
IN_FLIGHT_SECONDS = 60  # longer than any create request takes; older reservations are orphans


def request_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def begin(session: Session, token_id: int, key: str, body: dict) -> tuple[int, dict] | None:
    """Reserve the key in the caller's transaction (call it before the transaction writes anything:
    a clash rolls the transaction back). Returns the stored (status, response) when the key was
    used before for this same request; None when the caller should do the work, `finish` and commit."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise ValidationError({"Idempotency-Key": f"Use 1 to {MAX_KEY_LENGTH} printable ASCII characters."})
    digest = request_hash(body)
    try:
        session.add(IdempotencyKey(token_id=token_id, key=key, request_hash=digest))
        session.flush()  # waits here while another transaction holds the same key
        return None
    except IntegrityError:
        session.rollback()
    row = session.exec(select(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                    IdempotencyKey.key == key)).one()
    if row.request_hash != digest:
        raise ConflictError("This Idempotency-Key was used for a different request.")
    if row.status_code is None:
        if _take_over(session, row.id):
            return None
        raise ConflictError("A request with this Idempotency-Key is still being processed. Retry shortly.")
    return row.status_code, json.loads(row.response)


def _take_over(session: Session, row_id: int) -> bool:
    """Claim a reservation whose request died before its work committed (one conditional UPDATE)."""
    now = utcnow()
    result = session.execute(update(IdempotencyKey).where(
        IdempotencyKey.id == row_id, IdempotencyKey.status_code.is_(None),
        IdempotencyKey.created_at < now - timedelta(seconds=IN_FLIGHT_SECONDS)).values(created_at=now))
    session.commit()
    return result.rowcount == 1


def finish(session: Session, token_id: int, key: str, status_code: int, response: dict) -> None:
    """Store the answer in the caller's transaction (the one that did the work; the caller commits)."""
    row = session.exec(select(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                    IdempotencyKey.key == key)).one()
    row.status_code, row.response = status_code, json.dumps(response, default=str)
    session.add(row)


def purge(session: Session, older_than_seconds: int = 86_400) -> int:
    """Forget keys older than a day (a client retries within minutes); returns how many (caller commits)."""
    from datetime import timedelta

    from support_app.models import utcnow

    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    return session.exec(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff)).rowcount or 0
