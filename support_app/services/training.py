"""The labelled tickets the local classifier learns from, read from SQL and handed to services/ai
(which never opens a database session): seed data, imported history, agents' corrections
(label_source "import" or "agent") and resolved or closed tickets."""

from collections.abc import Iterator

from sqlalchemy import or_
from sqlmodel import Session, select

from support_app.models import CATEGORIES, PRIORITIES, Status, Ticket
from support_app.services.ai import classifier as classifier_mod
from support_app.services.ai.training_data import Example, clean_label, ticket_text
from support_app.settings import get_settings


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


def train_from_database(database_url: str | None = None,
                        budget_seconds: float | None = classifier_mod.START_EMBED_BUDGET_SECONDS,
                        use_vector_store: bool = True) -> classifier_mod.TicketClassifier:
    """A classifier trained on the labelled tickets of the database (DATABASE_URL by default)."""
    from support_app.db import session_scope

    with session_scope(database_url) as session:
        examples = load_labelled(session, limit=get_settings().classifier_max_train_rows)
    return classifier_mod.train(examples, budget_seconds, use_vector_store)
