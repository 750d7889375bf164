"""Triage in services/triage.py: the stored record, pending triage kept in SQL, claims across
workers, and merging with an agent's changes made while the pipeline ran."""

import json
import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import Status, Ticket, TicketEvent, TriageState, User, utcnow
from support_app.services import tickets, triage

OLD_STORED_ANALYSIS = {  # what tickets stored before AnalysisRecord existed
    "engine": "local", "draft_engine": "local", "category_probability": 0.81,
    "category_scores": {"shipping_issue": 0.81}, "priority_factors": ["order late"], "notes": [],
    "injection_suspected": False, "confidence_parts": {"classifier": 0.81}, "needs_review": True,
    "escalation_reasons": [], "sources": [{"kind": "article", "id": 3, "title": "Track your parcel"}],
    "similar_tickets": [{"ticket_id": 7, "subject": "Parcel late", "category": "shipping_issue",
                         "resolution": "Opened a trace.", "similarity": 0.8}],
    "articles": [{"article_id": 3, "title": "Track your parcel", "kind": "article", "similarity": 0.7}],
}


def file(db, subject="Where is my parcel?", description="Ordered two weeks ago and nothing arrived yet.",
         email="pat@example.com") -> Ticket:
    return tickets.submit(db, tickets.Submission(email, subject, description))


def actions(session, ticket_id) -> list[str]:
    return list(session.exec(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket_id)
                             .order_by(TicketEvent.id)))


def fresh(ticket_id) -> Ticket:
    with Session(get_engine()) as other:
        return other.get(Ticket, ticket_id)


def test_stored_analysis_reads_back_as_the_same_json():
    record = triage.AnalysisRecord.from_json(json.dumps(OLD_STORED_ANALYSIS))
    assert record.sources[0].title == "Track your parcel" and record.similar_tickets[0].ticket_id == 7
    assert record.articles[0].similarity == 0.7 and record.needs_review
    assert json.loads(record.to_json()) == OLD_STORED_ANALYSIS
    assert triage.AnalysisRecord.from_json("not json") == triage.AnalysisRecord()
    assert triage.AnalysisRecord.from_json(None).sources == []


def test_a_submitted_ticket_waits_in_sql_until_triage_pending_picks_it_up(db):
    ticket = file(db)
    assert ticket.triage_state == TriageState.pending.value
    # No browser triaged it (the worker restarted): any worker's sweep finds it in SQL.
    assert triage.triage_pending(db) == 1
    done = fresh(ticket.id)
    assert done.triage_state == TriageState.done.value and done.triage_attempts == 1
    assert done.ai_draft and triage.AnalysisRecord.from_json(done.ai_analysis).engine == "local"
    assert actions(db, ticket.id)[:2] == ["created", "triaged"]
    assert triage.triage_pending(db) == 0
    assert triage.triage(db, ticket.id).version == done.version  # triaged once, not again


def test_the_sweep_leaves_fresh_tickets_to_the_browser_that_filed_them(db):
    ticket = file(db)
    assert triage.pending_ids(db, min_age_seconds=60) == []
    assert triage.pending_ids(db) == [ticket.id]


def test_two_workers_claiming_at_once_triage_each_ticket_once(db):
    ids = [file(db, subject=f"Parcel {i} missing", email=f"c{i}@example.com").id for i in range(3)]
    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            with Session(get_engine(), expire_on_commit=False) as session:
                start.wait()
                counts.append(triage.triage_pending(session))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and sum(counts) == 3
    for ticket_id in ids:
        ticket = fresh(ticket_id)
        assert ticket.triage_state == TriageState.done.value and ticket.triage_attempts == 1
        assert ticket.version == 2
        assert actions(db, ticket_id).count("triaged") == 1


def test_a_claim_left_by_a_dead_worker_is_taken_over_and_a_live_one_is_not(db):
    dead, alive = file(db).id, file(db, email="other@example.com").id
    for ticket_id, claimed_at in ((dead, utcnow() - timedelta(hours=1)), (alive, utcnow())):
        ticket = db.get(Ticket, ticket_id)
        ticket.triage_state, ticket.triage_claimed_at, ticket.triage_attempts = "running", claimed_at, 1
        db.add(ticket)
    db.commit()
    assert triage.triage_pending(db) == 1
    assert fresh(dead).triage_state == TriageState.done.value and fresh(dead).triage_attempts == 2
    assert fresh(alive).triage_state == TriageState.running.value


def test_a_ticket_that_never_finishes_triage_goes_to_a_person(db):
    ticket = db.get(Ticket, file(db).id)
    ticket.triage_state, ticket.triage_attempts = "running", triage.MAX_ATTEMPTS
    ticket.triage_claimed_at = utcnow() - timedelta(hours=1)
    db.add(ticket)
    db.commit()
    assert triage.triage_pending(db) == 1
    stuck = fresh(ticket.id)
    assert stuck.triage_state == TriageState.failed.value
    assert stuck.escalated and stuck.status == Status.escalated.value
    assert "did not finish" in stuck.escalation_reason
    assert actions(db, ticket.id) == ["created", "escalated"]


def test_agent_changes_made_while_gemini_is_slow_survive_the_triage(db, monkeypatch):
    from support_app.services.ai.pipeline import reset_pipeline
    from support_app.settings import get_settings
    from tests.gemini.fake_gemini import FakeGemini
    from tests.gemini.samples import GOOD_ANALYSIS

    with FakeGemini() as gemini:
        monkeypatch.setenv("GOOGLE_API_KEY", "AIzaFAKE-test-key-0123456789abcdef")
        monkeypatch.setenv("GEMINI_BASE_URL", gemini.base_url)
        monkeypatch.setenv("GEMINI_MAX_RETRIES", "0")
        get_settings.cache_clear()
        reset_pipeline()
        gemini.reply_json({**GOOD_ANALYSIS, "priority": "urgent"}, delay_seconds=3.0)
        gemini.reply_json({"reply": "Hi Pat,\n\nWe have opened an investigation with the carrier."})

        agent = User(email="agent@example.com", name="Alex Agent", password_hash="-", role="agent")
        db.add(agent)
        db.commit()
        ticket = file(db)
        assert ticket.version == 1
        done: list[Ticket] = []

        def run_triage():
            with Session(get_engine(), expire_on_commit=False) as session:
                done.append(triage.triage(session, ticket.id))

        worker = threading.Thread(target=run_triage)
        worker.start()
        deadline = time.monotonic() + 120
        while not gemini.calls() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gemini.calls(), "triage never reached Gemini"
        # While Gemini thinks: an agent takes the ticket and corrects its priority.
        assigned = tickets.assign(db, ticket.id, 1, agent.email, agent.id)
        corrected = tickets.correct_labels(db, ticket.id, assigned.version, agent.email, priority="low")
        assert corrected.version == 3
        worker.join(120)
        reset_pipeline()

    after = fresh(ticket.id)
    assert done and after.version == 4  # submit, assign, correction, triage: one version each
    assert after.assignee_id == agent.id and after.status == Status.in_progress.value
    # The agent's labels stand (the correction, and the category they left as it was) ...
    assert (after.priority, after.category, after.label_source) == ("low", ticket.category, "agent")
    # ... and the rest is Gemini's reading.
    assert after.sentiment == "negative" and "tracking" in after.tags.split(",")
    assert after.triage_state == TriageState.done.value and after.ai_draft
    assert actions(db, ticket.id) == ["created", "assigned", "corrected", "triaged"]


def test_the_job_sweep_enqueues_tickets_still_waiting_for_triage(db):
    from support_app import support_app as app_module
    from support_app.services import job_kinds, job_queue

    assert app_module.job_consumer in app_module.app._lifespan_tasks
    ticket = db.get(Ticket, file(db).id)
    job_queue.sweep()  # just filed: the submission enqueued its own triage; the sweep leaves it
    assert fresh(ticket.id).triage_state == TriageState.pending.value
    ticket.created_at = utcnow() - timedelta(seconds=job_kinds.FRESH_TICKET_SECONDS + 5)
    db.add(ticket)
    db.commit()
    job_queue.sweep()  # a restarted worker's sweep finds it (jobs run at once in these tests)
    assert fresh(ticket.id).triage_state == TriageState.done.value

