"""What the fault tests share: counting tickets, waiting, an API token, triage through the job sweep."""

import time

from sqlalchemy import func
from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import Role, Ticket


def ticket_count() -> int:
    with Session(get_engine()) as session:
        return session.exec(select(func.count()).select_from(Ticket)).one()


def tickets_by_subject(prefix: str) -> list[Ticket]:
    with Session(get_engine(), expire_on_commit=False) as session:
        return list(session.exec(select(Ticket).where(Ticket.subject.startswith(prefix)).order_by(Ticket.id)))


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s: {what}")


def agent_token(session: Session) -> str:
    """An agent API token, made the way an admin makes one."""
    from support_app.services import api_tokens, auth

    admin = auth.create_user(session, "boss@example.com", "demo12345", "Boss", role=Role.admin.value, verified=True)
    return api_tokens.create(session, auth._identity(admin), "crm", "agent")[1]


def triage_by_sweep(monkeypatch) -> None:
    """Run the job sweep in this process with jobs executed at once: every owed triage job runs."""
    from support_app.services import job_queue
    from support_app.settings import get_settings

    monkeypatch.setenv("JOB_QUEUE_IMMEDIATE", "1")
    monkeypatch.setenv("JOB_SWEEP_SECONDS", "0")
    get_settings.cache_clear()
    job_queue.reset_queue()
    job_queue.sweep()
