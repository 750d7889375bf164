"""Gemini answers only 429s, 500s and stalls while tickets are filed: no ticket is lost, each is
triaged by the local engine with the fallback recorded, and filing never waits for Gemini.

Real background workers (the embedded huey consumer, as in the app) run the triage jobs; the fake
Gemini server is real HTTP driven by the real SDK. Stalls last STALL_SECONDS, past the client's
timeout (GEMINI_TIMEOUT_SECONDS, lowered to keep the test short)."""

import json
import time

from sqlmodel import Session

from support_app.db import get_engine
from support_app.models import TriageState
from support_app.services import job_queue, tickets, triage
from support_app.settings import get_settings
from tests.faults.helpers import ticket_count, tickets_by_subject, wait_for
from tests.gemini.fake_gemini import FakeGemini

TICKETS = 8
STALL_SECONDS = 10.0
TIMEOUT_SECONDS = 3.0


def test_tickets_filed_during_a_gemini_storm_are_all_kept_and_triaged_locally(db, isolated_env, monkeypatch):
    with FakeGemini() as gemini:
        gemini.slow(STALL_SECONDS)  # the first ticket's worker waits on a stall
        for _ in range(3 * TICKETS):
            gemini.error(429, "Resource has been exhausted").error(500).slow(STALL_SECONDS)
        for name, value in {"GOOGLE_API_KEY": "AIzaFAKE-test-key-0123456789abcdef", "GEMINI_BASE_URL": gemini.base_url,
                            "GEMINI_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS), "GEMINI_MAX_RETRIES": "1",
                            "GEMINI_BACKOFF_SECONDS": "0.05", "JOB_QUEUE_IMMEDIATE": "0",
                            "JOB_QUEUE_PATH": str(isolated_env / "jobs.db")}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        job_queue.reset_queue()
        before = ticket_count()
        consumer = job_queue.start_embedded_consumer(2)
        try:
            submit_seconds = [_file(0)]
            wait_for(lambda: gemini.calls(), 120, "no worker reached Gemini")
            stalled_at = time.monotonic()
            submit_seconds += [_file(n) for n in range(1, TICKETS)]
            filed_within = time.monotonic() - stalled_at
            first_state = tickets_by_subject("Storm 0:")[0].triage_state
            wait_for(lambda: all(t.triage_state != TriageState.pending.value
                                 and t.triage_state != TriageState.running.value
                                 for t in tickets_by_subject("Storm ")), 150,
                     "the workers never finished triaging the tickets")
        finally:
            consumer.stop(graceful=False)
            job_queue.reset_queue()

    assert ticket_count() == before + TICKETS  # 0 lost
    # Filing never waited for Gemini: all the tickets were filed while the first one's triage was
    # still waiting on its stalled Gemini request (claimed, not yet timed out).
    print(f"\nsubmit seconds: {[round(s, 3) for s in submit_seconds]}, all filed within {filed_within:.2f}s")
    assert filed_within < TIMEOUT_SECONDS and first_state == TriageState.running.value, (filed_within, first_state)
    assert max(submit_seconds) < TIMEOUT_SECONDS, submit_seconds
    assert len(gemini.calls()) >= TICKETS  # Gemini was asked about every ticket
    fallbacks = []
    for ticket in tickets_by_subject("Storm "):
        analysis = json.loads(ticket.ai_analysis)
        assert ticket.triage_state == TriageState.done.value, ticket.id
        assert (analysis["engine"], analysis["draft_engine"]) == ("local", "local"), analysis
        assert any(note.startswith("gemini unavailable") for note in analysis["notes"]), analysis["notes"]
        fallbacks += [note for note in analysis["notes"] if note.startswith("gemini unavailable")]
        assert ticket.category and ticket.ai_draft.strip()
    assert any("no answer within" in note for note in fallbacks)  # the stalls ...
    assert any("HTTP 500" in note or "HTTP 429" in note for note in fallbacks)  # ... and the error storm


def _file(n: int) -> float:
    start = time.monotonic()
    with Session(get_engine(), expire_on_commit=False) as session:
        triage.file_ticket(session, tickets.Submission(f"storm{n}@example.com", f"Storm {n}: parcel missing",
                                                       "My order has not arrived and tracking shows nothing."))
    return time.monotonic() - start
