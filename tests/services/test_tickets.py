"""Ticket service on a real, migrated SQLite database per test."""

import pytest
from sqlmodel import select

from support_app.models import MessageKind, Status, Ticket, TicketEvent
from support_app.services import tickets
from support_app.services.errors import ConflictError, NotFoundError, ValidationError


def submission(**overrides) -> tickets.Submission:
    values = dict(email="Pat@Example.com ", subject="Where is my parcel?",
                  description="Ordered two weeks ago, nothing arrived.", order_number="ORD-1234")
    values.update(overrides)
    return tickets.Submission(**values)


def events(db, ticket_id):
    return [e.action for e in db.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id))]


def test_submit_stores_ticket_message_and_audit_event(db):
    ticket = tickets.submit(db, submission())
    stored = db.get(Ticket, ticket.id)
    assert stored.subject == "Where is my parcel?"
    assert stored.status == Status.open.value and stored.version == 1
    assert [m.kind for m in tickets.thread(db, ticket.id)] == [MessageKind.customer.value]
    assert events(db, ticket.id) == ["created"]


@pytest.mark.parametrize("overrides, field", [
    ({"subject": "   "}, "subject"),
    ({"description": ""}, "description"),
    ({"description": "x" * 5001}, "description"),
    ({"email": "not-an-email"}, "email"),
    ({"subject": "s" * 201}, "subject"),
    ({"order_number": "DROP TABLE; --"}, "order_number"),
])
def test_invalid_submission_is_refused_and_stores_nothing(db, overrides, field):
    with pytest.raises(ValidationError) as error:
        tickets.submit(db, submission(**overrides))
    assert field in error.value.errors
    assert tickets.count(db) == 0


def test_stale_version_is_refused_not_overwritten(db):
    ticket = tickets.submit(db, submission())
    seen_by_both = ticket.version
    tickets.escalate(db, ticket.id, seen_by_both, "agent-a@example.com", "Customer threatens legal action")
    with pytest.raises(ConflictError):
        tickets.set_status(db, ticket.id, seen_by_both, "agent-b@example.com", Status.resolved.value)
    fresh = db.get(Ticket, ticket.id)
    db.refresh(fresh)
    assert fresh.status == Status.escalated.value and fresh.version == 2
    assert events(db, ticket.id).count("status_changed") == 0


def test_agent_reply_sets_first_response_and_resolution_is_audited(db):
    ticket = tickets.submit(db, submission())
    ticket = tickets.add_message(db, ticket.id, ticket.version, "agent@example.com", "Alex",
                                 MessageKind.agent, "We are on it.", draft_outcome="sent edited draft")
    assert ticket.first_response_at is not None
    ticket = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Re-shipped the parcel.")
    assert ticket.status == Status.resolved.value and ticket.resolved_at is not None
    assert events(db, ticket.id) == ["created", "replied", "resolved"]


def test_customer_reply_reopens_resolved_ticket(db):
    ticket = tickets.submit(db, submission())
    ticket = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Refund issued.")
    ticket = tickets.add_message(db, ticket.id, ticket.version, "pat@example.com", "Pat", MessageKind.customer,
                                 "It is still not refunded.")
    assert ticket.status == Status.open.value


def test_filters_search_and_paging_happen_in_sql(db):
    for i in range(30):
        tickets.submit(db, submission(subject=f"Question {i}", description=f"blender number {i}" if i % 3 == 0
                                      else "other text"))
    assert tickets.count_tickets(db, tickets.TicketFilter(search="BLENDER")) == 10
    page2 = tickets.list_tickets(db, tickets.TicketFilter(sort="oldest"), page=2, page_size=25)
    assert [t.subject for t in page2] == [f"Question {i}" for i in range(25, 30)]


def test_get_scoped_to_customer(db):
    ticket = tickets.submit(db, submission())
    with pytest.raises(NotFoundError):
        tickets.get(db, ticket.id, customer_id=ticket.customer_id + 1)


def test_only_resolved_approved_tickets_are_searchable_for_drafts(db):
    from support_app.services.ai.embeddings import get_embedder
    from support_app.services.ai.retrieval import Retriever
    from support_app.services.ai.types import TicketInput
    from support_app.services.ai.vector_store import get_vector_store

    def similar_ids() -> set[int]:
        retriever = Retriever(get_vector_store(), get_embedder())
        query = TicketInput(subject="Where is my parcel?", description="Ordered two weeks ago, nothing arrived.")
        return {t.ticket_id for t in retriever.similar_tickets(retriever.embed(query))}

    ticket = tickets.submit(db, submission())
    ticket = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Re-shipped the parcel.")
    assert ticket.id in similar_ids()
    tickets.reopen(db, ticket.id, ticket.version, "agent@example.com")
    assert ticket.id not in similar_ids()
