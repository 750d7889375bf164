"""Agents' corrections reach the classifier of every backend worker without a restart.

A correction is stored (ticket labels + a "corrected" audit event). Each worker process learns the
corrections it has not seen yet right before it next predicts, so with several workers behind
Redis the next prediction follows the correction whichever worker serves it."""

import threading

from sqlalchemy import func
from sqlmodel import Session, select

from support_app.models import Ticket, TicketEvent
from support_app.services.ai.training_data import ticket_text

_lock = threading.Lock()
_last_event_id: int | None = None  # corrections up to here are already in this process's classifier


def sync_corrections(session: Session) -> int:
    """Feed corrections newer than the last seen to the classifier. Returns how many."""
    global _last_event_id
    from support_app.services.ai.classifier import get_classifier

    with _lock:
        if _last_event_id is None:
            # The classifier trains from the database on first use: what is there now is known.
            get_classifier()
            _last_event_id = session.exec(select(func.max(TicketEvent.id))).one() or 0
            return 0
        rows = session.exec(
            select(TicketEvent.id, Ticket.subject, Ticket.description, Ticket.category, Ticket.priority)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(TicketEvent.action == "corrected", TicketEvent.id > _last_event_id)
            .order_by(TicketEvent.id)
        ).all()
        classifier = get_classifier()
        for event_id, subject, description, category, priority in rows:
            classifier.learn(ticket_text(subject, description), category, priority)
            _last_event_id = event_id
        return len(rows)


def reset() -> None:
    """Forget what was synced (tests, or after the classifier is rebuilt)."""
    global _last_event_id
    with _lock:
        _last_event_id = None
