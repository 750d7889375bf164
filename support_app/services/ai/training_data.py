"""Labelled tickets the local classifier learns from: seed data, imported history, agents'
corrections (label_source "import" or "agent") and resolved or closed tickets."""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, select

from support_app.models import CATEGORIES, PRIORITIES, Status, Ticket

AGENT_WEIGHT = 2.0  # an agent's label (often a correction) counts more than an imported one


@dataclass
class Example:
    text: str
    category: str | None
    priority: str | None = None
    ticket_id: int | None = None
    label_source: str = "import"

    @property
    def weight(self) -> float:
        return AGENT_WEIGHT if self.label_source == "agent" else 1.0


def ticket_text(subject: str, description: str) -> str:
    """The text a ticket is classified by (the same text retrieval embeds)."""
    return f"{subject or ''}\n{description or ''}".strip()


def clean_label(value: str | None, allowed: list[str]) -> str | None:
    value = (value or "").strip().lower()
    return value if value in allowed else None


def labelled_filter():
    return or_(Ticket.label_source.in_(["import", "agent"]),
               Ticket.status.in_([Status.resolved.value, Status.closed.value]))


def iter_labelled(session: Session, limit: int | None = None, batch_size: int = 2000) -> Iterator[Example]:
    """Newest first; agents' labels before everything else, so a cap keeps the corrections."""
    query = (select(Ticket.id, Ticket.subject, Ticket.description, Ticket.category, Ticket.priority,
                    Ticket.label_source)
             .where(labelled_filter())
             .order_by((Ticket.label_source == "agent").desc(), Ticket.updated_at.desc(), Ticket.id.desc()))
    if limit:
        query = query.limit(limit)
    for ticket_id, subject, description, category, priority, source in session.exec(query).yield_per(batch_size):
        yield Example(text=ticket_text(subject, description), category=clean_label(category, CATEGORIES),
                      priority=clean_label(priority, PRIORITIES), ticket_id=ticket_id, label_source=source)


def load_labelled(session: Session, limit: int | None = None) -> list[Example]:
    return [e for e in iter_labelled(session, limit) if e.category or e.priority]
