"""The Chroma server stops mid-run: tickets are still saved and triaged, with the retrieval outage
flagged in their analysis; when it is back, the reconcile job indexes what was missed (the SQL ids
and the Chroma ids compared: none missing). A real `chroma run` server, stopped and started again."""

import json

from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import Status, Ticket, TriageState
from support_app.services import jobs, knowledge, tickets, triage
from support_app.services.ai.pipeline import reset_pipeline
from support_app.services.ai.vector_store import TICKETS, get_vector_store, reset_vector_store
from support_app.settings import get_settings
from tests.faults.helpers import ChromaServer, ticket_count, tickets_by_subject

OUTAGE = "vector store unavailable"


def file_and_triage(n: int, subject: str) -> Ticket:
    """File a ticket as the portal does; the test's queue runs its triage job at once."""
    with Session(get_engine(), expire_on_commit=False) as session:
        ticket = triage.file_ticket(session, tickets.Submission(
            f"chroma{n}@example.com", subject, "My parcel is lost: tracking has not moved for a week."))
        session.refresh(ticket)
        return ticket


def resolve_for_reuse(ticket: Ticket) -> None:
    with Session(get_engine(), expire_on_commit=False) as session:
        current = session.get(Ticket, ticket.id)
        tickets.resolve(session, ticket.id, current.version, "agent@example.com",
                        "We opened a carrier trace; the parcel was found and delivered.", approve_for_reuse=True)


def missing_from_chroma() -> set[str]:
    with Session(get_engine()) as session:
        approved = {str(i) for i in session.exec(select(Ticket.id).where(
            Ticket.status == Status.resolved.value, Ticket.resolution_approved == True))}  # noqa: E712
    return approved - set(get_vector_store().ids(TICKETS))


def notes(ticket: Ticket) -> list[str]:
    return json.loads(ticket.ai_analysis)["notes"]


def test_tickets_are_kept_and_triaged_while_chroma_is_down_and_reconciled_after(db, isolated_env, monkeypatch):
    chroma = ChromaServer(isolated_env)
    try:
        monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("CHROMA_PORT", str(chroma.port))
        get_settings.cache_clear()
        reset_vector_store()
        reset_pipeline()
        knowledge.save(db, "admin@example.com", "Lost parcels",
                       "When tracking has not moved for five days we open a trace with the carrier.")
        before = ticket_count()

        healthy = file_and_triage(0, "Chroma up: parcel lost")
        resolve_for_reuse(healthy)
        assert healthy.triage_state == TriageState.done.value and not any(OUTAGE in n for n in notes(healthy))
        assert json.loads(healthy.ai_analysis)["articles"], "retrieval found the article while Chroma was up"
        assert missing_from_chroma() == set()

        chroma.stop()
        during = [file_and_triage(n, f"Chroma down {n}: parcel lost") for n in range(1, 6)]
        for ticket in during[:3]:
            resolve_for_reuse(ticket)  # their indexing fails: Chroma is down

        assert ticket_count() == before + 6  # all saved
        for ticket in tickets_by_subject("Chroma down"):
            assert ticket.triage_state == TriageState.done.value and ticket.category and ticket.ai_draft
            assert any(n.startswith(OUTAGE) for n in notes(ticket)), notes(ticket)  # degraded, and flagged
            assert json.loads(ticket.ai_analysis)["articles"] == []

        chroma.start()
        assert missing_from_chroma() == {str(t.id) for t in during[:3]}  # what the outage made us miss
        jobs.enqueue(db, "reconcile", "all")
        db.commit()  # the test's queue runs the reconcile job at once
        assert missing_from_chroma() == set()  # 0 missing

        after = file_and_triage(9, "Chroma back: parcel lost")  # the app picks the server up again by itself
        assert not any(OUTAGE in n for n in notes(after)) and json.loads(after.ai_analysis)["articles"]
        assert ticket_count() == before + 7
    finally:
        chroma.stop()
        reset_vector_store()
        reset_pipeline()
