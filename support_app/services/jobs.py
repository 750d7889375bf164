"""The durable record of background work: one `Job` row per (kind, key), in SQL.

The queue (services/job_queue.py) only carries wake-ups and forgets a message once a worker took
it, so the truth lives here, as for the triage claim:

- `enqueue` writes (or re-arms) the row in the caller's transaction; the wake-up is sent after
  that transaction commits, so rolled-back work is never run.
- A worker `claim`s the row with one conditional UPDATE (pending and due, or running with an
  expired lease): of several wake-ups for the same work exactly one runs it.
- `complete` deletes the row, unless the work was requested again while it ran (then it stays
  pending); `fail` schedules a retry with exponential backoff or, after the last attempt, marks it
  `failed`: it is then listed for admins on /jobs until someone retries it.
- `due` lists what a periodic sweep must wake up again: pending work nobody ran, and running
  work whose worker died (its lease expired).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, event, func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from support_app.models import Job, utcnow
from support_app.services.errors import NotFoundError, ValidationError

PENDING, RUNNING, FAILED = "pending", "running", "failed"
_TO_PUBLISH = "support_jobs_to_publish"  # session.info: wake-ups to send once the transaction commits


@dataclass(frozen=True)
class FailedJob:
    id: int
    kind: str
    key: str
    error: str
    attempts: int
    failed_at: datetime


@dataclass(frozen=True)
class JobCounts:
    pending: int
    running: int
    failed: int


def enqueue(session: Session, kind: str, key: object, only_if_absent: bool = False) -> None:
    """Owe this work (in the caller's transaction; the caller commits). Work already owed stays one
    row; failed work is re-armed with fresh attempts; work running now runs once more after it.
    `only_if_absent` leaves an existing row alone (sweeps use it: a failed job stays failed)."""
    key, now = str(key), utcnow()
    if not kind or len(kind) > 32 or not key or len(key) > 64:
        raise ValidationError({"job": f"invalid job {kind!r} / {key!r}"})
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Job).values(kind=kind, key=key, status=PENDING, attempts=0, last_error="",
                                   requested_at=now, due_at=now, updated_at=now)
    if only_if_absent:
        statement = statement.on_conflict_do_nothing(index_elements=["kind", "key"])
    else:
        existing = statement.excluded
        statement = statement.on_conflict_do_update(index_elements=["kind", "key"], set_={
            "requested_at": existing.requested_at, "updated_at": existing.updated_at,
            "status": case((Job.status == RUNNING, RUNNING), else_=PENDING),
            "attempts": case((Job.status == FAILED, 0), else_=Job.attempts),
            "due_at": case((Job.status == RUNNING, Job.due_at), else_=existing.due_at),
        })
    session.execute(statement)
    session.info.setdefault(_TO_PUBLISH, []).append((kind, key))


def claim(session: Session, kind: str, key: str, lease_seconds: float) -> bool:
    """Take the work for `lease_seconds`. One conditional UPDATE: exactly one worker gets True."""
    now = utcnow()
    result = session.execute(
        update(Job).where(Job.kind == kind, Job.key == str(key), or_(
            and_(Job.status == PENDING, Job.due_at <= now),
            and_(Job.status == RUNNING, Job.due_at < now)))
        .values(status=RUNNING, attempts=Job.attempts + 1, claimed_at=now,
                due_at=now + timedelta(seconds=lease_seconds), updated_at=now)
        .execution_options(synchronize_session=False))
    session.commit()
    return result.rowcount == 1


def complete(session: Session, kind: str, key: str) -> bool:
    """The run finished. Returns True when the work was requested again meanwhile (run it again)."""
    key = str(key)
    done = session.execute(delete(Job).where(Job.kind == kind, Job.key == key, Job.status == RUNNING,
                                             Job.requested_at <= Job.claimed_at))
    if done.rowcount:
        session.commit()
        return False
    now = utcnow()
    again = session.execute(update(Job).where(Job.kind == kind, Job.key == key, Job.status == RUNNING)
                            .values(status=PENDING, attempts=0, last_error="", due_at=now, updated_at=now))
    session.commit()
    return again.rowcount == 1


def fail(session: Session, kind: str, key: str, error: str, max_attempts: int,
         backoff_seconds: float) -> float | None:
    """The run raised. Returns the delay before the next attempt, or None: the job is now failed."""
    job = session.exec(select(Job).where(Job.kind == kind, Job.key == str(key))).first()
    if job is None:
        return None
    now = utcnow()
    job.last_error, job.updated_at = error[:4000], now
    if job.attempts >= max_attempts:
        job.status, delay = FAILED, None
    else:
        delay = backoff_seconds * 2 ** (job.attempts - 1)
        job.status, job.due_at = PENDING, now + timedelta(seconds=delay)
    session.add(job)
    session.commit()
    return delay


def due(session: Session, stale_after_seconds: float, limit: int = 200) -> list[tuple[str, str]]:
    """Work to wake up again: pending, due and untouched for `stale_after_seconds` (its wake-up was
    lost; each is then touched, so a long queue is not flooded with repeats), or running past its
    lease (its worker died)."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_after_seconds)
    rows = session.exec(select(Job.id, Job.kind, Job.key).where(or_(
        and_(Job.status == PENDING, Job.due_at <= now, Job.updated_at <= stale),
        and_(Job.status == RUNNING, Job.due_at < now))).order_by(Job.due_at).limit(limit)).all()
    if rows:
        session.execute(update(Job).where(Job.id.in_([row[0] for row in rows]), Job.status == PENDING)
                        .values(updated_at=now).execution_options(synchronize_session=False))
        session.commit()
    return [(kind, key) for _, kind, key in rows]


def failed(session: Session, limit: int = 200) -> list[FailedJob]:
    """Failed jobs, the most recent first (for the admins' /jobs page)."""
    rows = session.exec(select(Job).where(Job.status == FAILED).order_by(Job.updated_at.desc(), Job.id.desc())
                        .limit(limit))
    return [FailedJob(j.id, j.kind, j.key, j.last_error, j.attempts, j.updated_at) for j in rows]


def counts(session: Session) -> JobCounts:
    by_status = dict(session.exec(select(Job.status, func.count()).group_by(Job.status)).all())
    return JobCounts(pending=by_status.get(PENDING, 0), running=by_status.get(RUNNING, 0),
                     failed=by_status.get(FAILED, 0))


def retry(session: Session, job_id: int) -> Job:
    """Re-arm a failed job with fresh attempts (the caller commits; the wake-up follows the commit)."""
    job = session.get(Job, job_id)
    if job is None or job.status != FAILED:
        raise NotFoundError("This job is no longer in the failed list.")
    enqueue(session, job.kind, job.key)
    return job


@event.listens_for(OrmSession, "after_commit")
def _publish_after_commit(session: OrmSession) -> None:
    """Work enqueued in a transaction is announced to the workers once that transaction committed."""
    owed = session.info.pop(_TO_PUBLISH, [])
    if owed:
        from support_app.services import job_queue

        for kind, key in dict.fromkeys(owed):
            job_queue.publish(kind, key)


@event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_TO_PUBLISH, None)
