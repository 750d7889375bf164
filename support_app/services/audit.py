"""The audit trail: every change to a ticket is an event (actor, action, old -> new, time)."""

from sqlmodel import Session, select

from support_app.models import TicketEvent


def record(session: Session, ticket_id: int, actor: str, action: str,
           old_value: object = "", new_value: object = "") -> TicketEvent:
    event = TicketEvent(ticket_id=ticket_id, actor=actor, action=action,
                        old_value=_text(old_value), new_value=_text(new_value))
    session.add(event)
    return event


def timeline(session: Session, ticket_id: int) -> list[TicketEvent]:
    return list(session.exec(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
        .order_by(TicketEvent.created_at, TicketEvent.id)
    ))


def _text(value: object) -> str:
    return "" if value is None else str(value)[:2000]
