"""Service-level targets: first-response and resolution due times per priority (from settings)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_
from sqlmodel import col

from support_app.models import PRIORITIES, Status, Ticket, utcnow
from support_app.services.sql_time import micros_between
from support_app.settings import get_settings

OPEN_STATUSES = (Status.open.value, Status.in_progress.value, Status.escalated.value)


@dataclass
class SlaState:
    first_response_due: datetime | None
    resolution_due: datetime | None
    state: str  # ok | at_risk | breached | met

    @property
    def label(self) -> str:
        return {"ok": "On track", "at_risk": "At risk", "breached": "Breached", "met": "Met"}[self.state]


def due_times(ticket: Ticket) -> tuple[datetime, datetime]:
    settings = get_settings()
    created = ticket.created_at
    return (created + timedelta(hours=settings.sla_first_response_hours[ticket.priority]),
            created + timedelta(hours=settings.sla_resolution_hours[ticket.priority]))


def evaluate(ticket: Ticket, now: datetime | None = None) -> SlaState:
    """SLA state of one ticket: breached when a due time passed unmet, at risk in its last 25 %."""
    now = now or utcnow()
    first_due, resolve_due = due_times(ticket)
    if ticket.status not in OPEN_STATUSES:
        met = ticket.resolved_at is not None and ticket.resolved_at <= resolve_due
        return SlaState(first_due, resolve_due, "met" if met else "breached")
    pending = [(ticket.created_at, resolve_due)]
    if ticket.first_response_at is None:
        pending.append((ticket.created_at, first_due))
    if any(now > due for _, due in pending):
        return SlaState(first_due, resolve_due, "breached")
    if any(now > due - (due - start) * 0.25 for start, due in pending):
        return SlaState(first_due, resolve_due, "at_risk")
    return SlaState(first_due, resolve_due, "ok")


def breaching_condition(now: datetime | None = None):
    """SQL condition: open tickets whose first-response or resolution due time has passed."""
    now = now or utcnow()
    settings = get_settings()
    clauses = []
    for priority in PRIORITIES:
        first_cutoff = now - timedelta(hours=settings.sla_first_response_hours[priority])
        resolve_cutoff = now - timedelta(hours=settings.sla_resolution_hours[priority])
        clauses.append(and_(Ticket.priority == priority, or_(
            Ticket.created_at < resolve_cutoff,
            and_(col(Ticket.first_response_at).is_(None), Ticket.created_at < first_cutoff))))
    return and_(col(Ticket.status).in_(OPEN_STATUSES), or_(*clauses))


def breached_condition(now: datetime | None = None):
    """SQL condition: breached as `evaluate` says (open past a due time, or closed without a
    resolution by its due time)."""
    return or_(breaching_condition(now), closed_late_condition())


def closed_late_condition():
    """SQL condition: closed (not open) without a resolution by its due time."""
    settings = get_settings()
    limit = case(*[(Ticket.priority == p, round(settings.sla_resolution_hours[p] * 3_600_000_000)) for p in PRIORITIES])
    late = micros_between(Ticket.resolved_at, Ticket.created_at) > limit  # one duration per row; NULL limit: not late
    return and_(col(Ticket.status).notin_(OPEN_STATUSES), or_(col(Ticket.resolved_at).is_(None), late))
