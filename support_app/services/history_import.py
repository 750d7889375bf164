"""Bulk import of labelled historical tickets: SQL rows first, then the vector store.

Imported tickets are resolved, labelled by `label_source="import"`, and their resolutions count as
approved (they were agents' answers in the previous system) unless `approved=False`. Batches are
committed to SQL before they are embedded, so a vector-store failure loses nothing: it raises
`VectorStoreError` and `python -m support_app.cli.reindex` indexes what is already in SQL.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from sqlalchemy import insert
from sqlmodel import Session, select
from tqdm import tqdm

from support_app.models import Customer, MessageKind, Status, Ticket, TicketMessage, utcnow
from support_app.services import indexing
from support_app.services.ai.vector_store import VectorStore
from support_app.services.customers import normalise_email

IMPORT_EMAIL = "history-import@example.invalid"


@dataclass
class HistoricalTicket:
    subject: str
    description: str
    category: str
    priority: str = "medium"
    resolution: str = ""
    customer_email: str = IMPORT_EMAIL
    customer_name: str = ""
    created_at: datetime | None = None
    resolved_at: datetime | None = None


def _customer_ids(session: Session, records: list[HistoricalTicket]) -> dict[str, int]:
    emails = {normalise_email(r.customer_email or IMPORT_EMAIL): r.customer_name for r in records}
    known = dict(session.exec(select(Customer.email, Customer.id).where(Customer.email.in_(list(emails)))).all())
    for email, name in emails.items():
        if email not in known:
            customer = Customer(email=email, name=name or email.split("@")[0].title())
            session.add(customer)
            session.flush()
            known[email] = customer.id
    return known


def _insert_batch(session: Session, records: list[HistoricalTicket], approved: bool) -> list[Ticket]:
    customer_ids = _customer_ids(session, records)
    now = utcnow()
    rows = [{
        "customer_id": customer_ids[normalise_email(r.customer_email or IMPORT_EMAIL)],
        "subject": r.subject[:200], "description": r.description, "category": r.category,
        "priority": r.priority, "status": Status.resolved.value, "label_source": "import", "channel": "import",
        "resolution": r.resolution, "resolution_approved": approved and bool(r.resolution.strip()),
        "created_at": r.created_at or now, "updated_at": r.resolved_at or now,
        "resolved_at": r.resolved_at or now, "ai_analysis": "{}", "ai_draft": "", "escalation_reason": "",
    } for r in records]
    ids = session.execute(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), rows).scalars().all()
    session.execute(insert(TicketMessage), [
        {"ticket_id": ticket_id, "kind": MessageKind.customer.value, "body": r.description, "created_at": row["created_at"]}
        for ticket_id, r, row in zip(ids, records, rows)
    ])
    return [Ticket(id=ticket_id, **row) for ticket_id, row in zip(ids, rows)]


def import_history(session: Session, records: Iterable[HistoricalTicket | dict], store: VectorStore | None = None,
                   approved: bool = True, batch_size: int = 512, progress: bool = False,
                   total: int | None = None) -> int:
    """Insert `records` (HistoricalTicket or dicts of its fields) and index their approved
    resolutions. Returns how many tickets were imported."""
    iterator = iter(records)
    bar = tqdm(total=total, desc="import", unit="ticket", disable=not progress)
    count = 0
    while batch := [r if isinstance(r, HistoricalTicket) else HistoricalTicket(**r)
                    for r in islice(iterator, batch_size)]:
        tickets = _insert_batch(session, batch, approved)
        session.commit()
        indexing.index_tickets(tickets, store)
        count += len(tickets)
        bar.update(len(tickets))
    bar.close()
    return count
