"""Turn service results into the plain dicts the pages show."""

from support_app.models import Ticket
from support_app.services import sla


def when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def label(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else ""


def ticket_row(t: Ticket) -> dict:
    return {
        "id": t.id, "subject": t.subject, "status": t.status, "status_label": label(t.status),
        "category": t.category, "category_label": label(t.category), "priority": t.priority,
        "sentiment": t.sentiment, "escalated": t.escalated, "confidence": f"{t.ai_confidence:.0%}",
        "created": when(t.created_at), "updated": when(t.updated_at), "assignee_id": t.assignee_id or 0,
        "href": f"/tickets/{t.id}", "sla": sla.evaluate(t).label,
    }


def customer_ticket_row(t: Ticket) -> dict:
    """A row of a customer's own ticket list: nothing the AI or agents decided internally."""
    return {"id": t.id, "subject": t.subject, "status_label": label(t.status), "priority": t.priority,
            "updated": when(t.updated_at), "href": f"/tickets/{t.id}"}
