"""Claiming a row of an outbox-style table (mail, webhook deliveries) for sending."""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session


def claim_for_sending(session: Session, table, row_id: int, now: datetime, lease: timedelta,
                      sendable: list[str]) -> bool:
    """One conditional UPDATE: a due row in a `sendable` status becomes "sending", its attempt is
    counted and it is leased until now + `lease` (a sender that dies leaves it due again). Exactly
    one worker gets True. Commits."""
    result = session.execute(
        update(table)
        .where(table.id == row_id, table.next_attempt_at <= now, table.status.in_(sendable))
        .values(status="sending", attempts=table.attempts + 1, next_attempt_at=now + lease))
    session.commit()
    return result.rowcount == 1
