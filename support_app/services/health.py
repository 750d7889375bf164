"""What /api/health reports: database, vector store, AI engine and background queues. No secrets."""

from dataclasses import dataclass, field

from sqlalchemy import func, text
from sqlmodel import Session, select

from support_app.models import OutboxMessage, Ticket, TriageState, WebhookDelivery


@dataclass
class Health:
    database: str = "ok"
    vector_store: str = "ok"
    ai_engine: str = ""
    ai_engine_detail: str = ""
    queue: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "ok" if self.database == "ok" and self.vector_store == "ok" else "degraded"


def check(session: Session) -> Health:
    health = Health()
    try:
        session.exec(text("SELECT 1"))
        health.queue = {
            "triage_pending": session.exec(select(func.count()).select_from(Ticket).where(
                Ticket.triage_state.in_([TriageState.pending.value, TriageState.running.value]))).one(),
            "mail_waiting": session.exec(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.status.in_(["queued", "retry", "sending"]))).one(),
            "webhooks_waiting": session.exec(select(func.count()).select_from(WebhookDelivery).where(
                WebhookDelivery.status.in_(["pending", "retry", "sending"]))).one(),
        }
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        session.rollback()
        health.database = f"unavailable ({type(exc).__name__})"
    try:
        from support_app.services.ai.vector_store import get_vector_store
        get_vector_store().collection("tickets")
    except Exception as exc:  # noqa: BLE001
        health.vector_store = f"unavailable ({type(exc).__name__})"
    try:
        from support_app.services.ai.pipeline import engine_status
        status = engine_status()
        health.ai_engine, health.ai_engine_detail = status.state, status.message
    except Exception as exc:  # noqa: BLE001
        health.ai_engine = f"unavailable ({type(exc).__name__})"
    return health
