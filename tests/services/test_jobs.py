"""Background jobs (services/jobs.py, services/job_queue.py) with a real huey queue: the embedded
SQLite queue consumed by real consumer threads, the Redis queue, retries with backoff into the
failed list and back, idempotent enqueueing, and the SQL -> Chroma reconcile job."""

import asyncio
import os
import threading
import time
import uuid

import pytest
from sqlalchemy import delete
from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import Job, Ticket, TriageState
from support_app.services import job_queue, jobs, tickets, triage
from support_app.services.errors import NotFoundError
from support_app.settings import get_settings

calls: dict[str, list[str]] = {}


@pytest.fixture
def queue(db, monkeypatch, isolated_env):
    """A real (non-immediate) embedded queue in tmp_path, fast backoff, and two test job kinds:
    `count` records each run, `flaky` fails while its key is in `failing`."""
    monkeypatch.setenv("JOB_QUEUE_IMMEDIATE", "0")
    monkeypatch.setenv("JOB_QUEUE_PATH", str(isolated_env / "jobs.db"))
    monkeypatch.setenv("JOB_BACKOFF_SECONDS", "0.2")
    monkeypatch.setenv("JOB_MAX_ATTEMPTS", "3")
    get_settings.cache_clear()
    job_queue.reset_queue()
    calls.clear()
    failing: set[str] = set()

    def count(key: str) -> None:
        calls.setdefault("count", []).append(key)

    def flaky(key: str) -> None:
        calls.setdefault("flaky", []).append(key)
        if key in failing:
            raise ConnectionError(f"remote end for {key} is down")

    job_queue.job_kind("count")(count)
    job_queue.job_kind("flaky")(flaky)
    yield failing
    job_queue.kinds().pop("count", None)
    job_queue.kinds().pop("flaky", None)
    job_queue.reset_queue()


def job_row(kind: str, key: str) -> Job | None:
    with Session(get_engine()) as session:
        return session.exec(select(Job).where(Job.kind == kind, Job.key == key)).first()


def wait_for(condition, seconds: float = 60, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {seconds}s waiting for {condition}")


def test_enqueueing_the_same_work_twice_runs_it_once(db, queue):
    jobs.enqueue(db, "count", 7)
    jobs.enqueue(db, "count", 7)
    db.commit()
    assert len(job_queue.get_huey()) == 1  # one wake-up per committed transaction and key
    jobs.enqueue(db, "count", 7)  # a second transaction: a second wake-up, still one row
    db.commit()
    assert len(job_queue.get_huey()) == 2
    assert db.exec(select(Job)).all()[0].key == "7" and len(db.exec(select(Job)).all()) == 1

    assert job_queue.run("count", "7") is True
    assert job_queue.run("count", "7") is False  # the second wake-up finds nothing owed
    assert calls["count"] == ["7"]
    assert job_row("count", "7") is None


def test_a_rolled_back_transaction_queues_nothing(db, queue):
    jobs.enqueue(db, "count", 8)
    db.rollback()
    assert len(job_queue.get_huey()) == 0 and job_row("count", "8") is None


def test_work_requested_again_while_it_runs_runs_once_more(db, queue):
    def count_and_request_again(key: str) -> None:
        calls.setdefault("count", []).append(key)
        if len(calls["count"]) == 1:
            with Session(get_engine()) as other:
                jobs.enqueue(other, "again", key)
                other.commit()

    job_queue.job_kind("again")(count_and_request_again)
    try:
        jobs.enqueue(db, "again", 1)
        db.commit()
        assert job_queue.run("again", "1") is True
        assert job_row("again", "1").status == jobs.PENDING  # the second request is still owed
        assert job_queue.run("again", "1") is True
        assert calls["count"] == ["1", "1"] and job_row("again", "1") is None
    finally:
        job_queue.kinds().pop("again", None)


def test_failures_back_off_exponentially_then_land_in_the_failed_list_and_retry_works(db, queue):
    queue.add("hook-1")
    jobs.enqueue(db, "flaky", "hook-1")
    db.commit()
    delays = []
    for attempt in (1, 2):
        assert job_queue.run("flaky", "hook-1") is False
        row = job_row("flaky", "hook-1")
        assert (row.status, row.attempts) == (jobs.PENDING, attempt)
        assert "ConnectionError: remote end for hook-1 is down" in row.last_error
        delays.append((row.due_at - row.updated_at).total_seconds())
        assert job_queue.run("flaky", "hook-1") is False  # not due yet: nothing runs
        time.sleep(delays[-1] + 0.05)
    assert delays == pytest.approx([0.2, 0.4], abs=0.02)  # JOB_BACKOFF_SECONDS, doubling
    assert job_queue.run("flaky", "hook-1") is False  # third and last attempt
    assert calls["flaky"] == ["hook-1"] * 3
    assert job_queue.run("flaky", "hook-1") is False  # failed: no wake-up runs it any more

    [failed] = jobs.failed(db)
    assert (failed.kind, failed.key, failed.attempts) == ("flaky", "hook-1", 3)
    assert "remote end for hook-1 is down" in failed.error
    assert jobs.counts(db) == jobs.JobCounts(pending=0, running=0, failed=1)
    assert job_queue.sweep() == 0  # the sweep leaves failed jobs alone

    queue.discard("hook-1")  # the remote end is back; an admin presses Retry
    jobs.retry(db, failed.id)
    db.commit()
    assert (job_row("flaky", "hook-1").status, job_row("flaky", "hook-1").attempts) == (jobs.PENDING, 0)
    assert job_queue.run("flaky", "hook-1") is True
    assert job_row("flaky", "hook-1") is None and jobs.failed(db) == []
    with pytest.raises(NotFoundError):
        jobs.retry(db, failed.id)  # retrying twice is refused, nothing changes


def test_the_sweep_wakes_up_work_whose_worker_died(db, queue, monkeypatch):
    monkeypatch.setenv("JOB_LEASE_SECONDS", "1")
    monkeypatch.setenv("JOB_SWEEP_SECONDS", "0")
    get_settings.cache_clear()
    jobs.enqueue(db, "count", 3)
    db.commit()
    assert jobs.claim(db, "count", "3", lease_seconds=1)  # a worker took it ... and died
    assert not jobs.claim(db, "count", "3", lease_seconds=1)  # still leased: nobody else runs it
    assert jobs.due(db, stale_after_seconds=0) == []
    time.sleep(1.1)
    assert jobs.due(db, stale_after_seconds=0) == [("count", "3")]
    assert job_queue.sweep() == 1
    assert job_queue.run("count", "3") is True and calls["count"] == ["3"]


def test_the_sweep_resends_a_lost_wake_up_once_per_period(db, queue):
    jobs.enqueue(db, "count", 4)
    db.commit()
    time.sleep(0.05)
    assert jobs.due(db, stale_after_seconds=60) == []  # just enqueued: its wake-up is on its way
    assert jobs.due(db, stale_after_seconds=0.01) == [("count", "4")]  # lost: sent again ...
    assert jobs.due(db, stale_after_seconds=0.5) == []  # ... and not again within the period
    assert job_queue.run("count", "4") is True and job_row("count", "4") is None


def test_the_embedded_queue_triages_a_submitted_ticket_on_consumer_threads(db, queue):
    consumer = job_queue.start_embedded_consumer(workers=2)
    try:
        ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Where is my parcel?",
                                                       "Ordered two weeks ago and nothing arrived yet."))
        triage.request_triage(db, ticket.id)
        db.commit()
        wait_for(lambda: _triage_state(ticket.id) == TriageState.done.value, seconds=300)
        wait_for(lambda: job_row("triage", str(ticket.id)) is None, seconds=30)  # the job row goes last
    finally:
        consumer.stop(graceful=True)


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
def test_the_redis_queue_carries_jobs_to_a_consumer(db, queue, monkeypatch):
    monkeypatch.setenv("JOB_QUEUE_URL", os.environ["TEST_REDIS_URL"])
    monkeypatch.setenv("JOB_QUEUE_NAME", f"test-{uuid.uuid4().hex}")
    get_settings.cache_clear()
    job_queue.reset_queue()
    huey = job_queue.get_huey()
    assert type(huey).__name__ == "RedisHuey"
    try:
        for key in ("a", "b", "c"):
            jobs.enqueue(db, "count", key)
        db.commit()
        assert len(huey) == 3  # the wake-ups wait in Redis
        consumer = job_queue.start_embedded_consumer(workers=2)
        try:
            wait_for(lambda: sorted(calls.get("count", [])) == ["a", "b", "c"], seconds=60)
            wait_for(lambda: jobs.counts(db) == jobs.JobCounts(0, 0, 0), seconds=30)
        finally:
            consumer.stop(graceful=True)  # its threads are gone before this test runs a job itself
        assert len(huey) == 0

        async def a_finished_job_is_announced_to_every_process():
            stream = job_queue.finished_jobs()
            first = asyncio.ensure_future(stream.__anext__())
            await asyncio.sleep(0.5)  # subscribed
            jobs.enqueue(db, "count", "d")
            db.commit()
            assert await asyncio.to_thread(job_queue.run, "count", "d")
            assert await asyncio.wait_for(first, 10) == ("count", "d")
            await stream.aclose()

        asyncio.run(a_finished_job_is_announced_to_every_process())
    finally:
        huey.storage.flush_all()


def test_the_reconcile_job_adds_what_chroma_misses_and_drops_what_sql_no_longer_has(db, queue):
    from support_app.services import knowledge
    from support_app.services.ai.vector_store import KNOWLEDGE_BASE, TICKETS, get_vector_store

    article = knowledge.save(db, "editor@example.com", "Track your parcel",
                                     "Open the tracking link in your shipping email to see where it is.")
    ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Parcel late", "It has not arrived."))
    resolved = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com",
                               "We opened a trace with the carrier.", approve_for_reuse=True)
    assert resolved.resolution_approved
    store = get_vector_store()
    assert store.ids(TICKETS) == []  # the ticket's index job has not run
    assert store.ids(KNOWLEDGE_BASE)  # an article is indexed in the editor's own flow
    store.delete(KNOWLEDGE_BASE, ids=store.ids(KNOWLEDGE_BASE))  # as if Chroma had lost it
    store.delete(TICKETS, ids=["999"])  # harmless on an empty collection
    job_queue.run("index_ticket", str(ticket.id))
    assert store.ids(TICKETS) == [str(ticket.id)]

    embedding = [[0.0] * 511 + [1.0]]
    store.upsert(TICKETS, ["424242"], embedding, ["gone"], [{"ticket_id": 424242}])  # SQL has no such ticket
    with Session(get_engine()) as session:
        jobs.enqueue(session, "reconcile", "all")
        session.commit()
    assert job_queue.run("reconcile", "all") is True
    assert store.ids(TICKETS) == [str(ticket.id)]
    assert {i.split(":")[0] for i in store.ids(KNOWLEDGE_BASE)} == {str(article.id)}


def _triage_state(ticket_id: int) -> str:
    with Session(get_engine()) as session:
        return session.get(Ticket, ticket_id).triage_state


def test_a_requested_draft_is_written_by_the_draft_job_and_a_stale_request_is_refused(db):
    from support_app.models import TicketEvent
    from support_app.services.errors import ConflictError

    ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Where is my parcel?",
                                                   "Ordered two weeks ago and nothing arrived yet."))
    with pytest.raises(ConflictError):
        triage.request_draft(db, ticket.id, ticket.version + 1, "agent@example.com")
    assert db.exec(select(Job)).all() == []  # refused: nothing queued
    before = ticket.version
    triage.request_draft(db, ticket.id, before, "agent@example.com")  # runs at once here
    after = db.get(Ticket, ticket.id)
    db.refresh(after)
    assert after.ai_draft and after.version == before + 1
    events = db.exec(select(TicketEvent.actor, TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
                     .order_by(TicketEvent.id)).all()
    assert [tuple(e) for e in events][-2:] == [("agent@example.com", "draft_requested"),
                                               (triage.SYSTEM_ACTOR, "draft_regenerated")]
    assert db.exec(select(Job)).all() == []


def test_a_category_correction_reindexes_the_resolved_ticket(db):
    from support_app.services.ai.vector_store import TICKETS, get_vector_store

    ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Parcel late", "It has not arrived."))
    resolved = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "We opened a trace.")
    collection = get_vector_store().collection(TICKETS)
    assert collection.get(ids=[str(ticket.id)])["metadatas"][0]["category"] == resolved.category
    other = "refund_request" if resolved.category != "refund_request" else "shipping_issue"
    tickets.correct_labels(db, ticket.id, resolved.version, "agent@example.com", category=other)
    assert collection.get(ids=[str(ticket.id)])["metadatas"][0]["category"] == other


def test_the_job_record_on_each_database(isolated_env, monkeypatch):
    """Claims, repeats, failures and retries on SQLite and PostgreSQL (the database fixture's params)."""
    from support_app.migrations import upgrade_database
    from tests.conftest import _clear_caches

    monkeypatch.setenv("JOB_QUEUE_IMMEDIATE", "0")
    monkeypatch.setenv("JOB_QUEUE_PATH", str(isolated_env / "jobs.db"))
    _clear_caches()
    upgrade_database()
    runs: list[str] = []
    job_queue.job_kind("pg_count")(runs.append)
    try:
        with Session(get_engine()) as session:
            for _ in range(2):
                jobs.enqueue(session, "pg_count", 5)
                session.commit()
            assert len(session.exec(select(Job)).all()) == 1
            assert job_queue.run("pg_count", "5") and not job_queue.run("pg_count", "5")
            assert runs == ["5"]

            jobs.enqueue(session, "pg_count", 6)
            session.commit()
            assert jobs.claim(session, "pg_count", "6", lease_seconds=60)
            jobs.enqueue(session, "pg_count", 6)  # requested again while it runs
            session.commit()
            assert jobs.counts(session) == jobs.JobCounts(pending=0, running=1, failed=0)
            assert jobs.fail(session, "pg_count", "6", "boom", max_attempts=1, backoff_seconds=1) is None
            assert [(f.kind, f.key, f.error) for f in jobs.failed(session)] == [("pg_count", "6", "boom")]
            jobs.enqueue(session, "pg_count", 6, only_if_absent=True)  # a sweep leaves it failed
            session.commit()
            assert jobs.counts(session).failed == 1
            jobs.retry(session, jobs.failed(session)[0].id)
            session.commit()
            assert job_queue.run("pg_count", "6") and runs == ["5", "6"]
            assert session.exec(select(Job)).all() == []
    finally:
        job_queue.kinds().pop("pg_count", None)
        get_engine().dispose()
        _clear_caches()


def test_a_ticket_change_and_its_reindexing_job_are_one_commit(db, queue, monkeypatch):
    from sqlalchemy import event

    from support_app.services import audit

    ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Where is my parcel?", "Nothing arrived."))
    real_record = audit.record

    def fail(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(RuntimeError):
        tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Refund issued.")
    assert job_row("index_ticket", str(ticket.id)) is None  # the change failed: no job either
    monkeypatch.setattr(audit, "record", real_record)
    commits: list[int] = []
    listener = lambda conn: commits.append(1)  # noqa: E731
    event.listen(get_engine(), "commit", listener)
    try:
        resolved = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Refund issued.")
    finally:
        event.remove(get_engine(), "commit", listener)
    assert resolved.status == "resolved" and job_row("index_ticket", str(ticket.id)).status == jobs.PENDING
    assert len(commits) == 1  # the resolution and its re-indexing job: one durable commit


def test_only_changes_that_can_change_what_is_indexed_queue_a_reindexing(db, queue):
    ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Where is my parcel?", "Nothing arrived."))
    escalated = tickets.escalate(db, ticket.id, ticket.version, "agent@example.com", "Customer is upset.")
    assert job_row("index_ticket", str(ticket.id)) is None  # open -> escalated: never indexed either way
    resolved = tickets.resolve(db, ticket.id, escalated.version, "agent@example.com", "Reshipped.")
    assert job_row("index_ticket", str(ticket.id)) is not None  # into resolved: indexed now
    db.exec(delete(Job))
    db.commit()
    tickets.reopen(db, ticket.id, resolved.version, "agent@example.com")
    assert job_row("index_ticket", str(ticket.id)) is not None  # out of resolved: removed from the index


def test_a_job_waits_while_the_app_says_people_are_waiting_then_runs(db, queue, monkeypatch):
    """In the app process, triage shares the GIL with the saves of a rush of submissions: the app's
    hook (`worker_threads.wait_for_saves`) runs before each job, so a job waits before it starts
    while tickets are being saved, and never longer than the hook's limit."""
    from support_app.state import worker_threads

    monkeypatch.setattr(job_queue, "_before_each_job", lambda: worker_threads.wait_for_saves(5.0))
    monkeypatch.setattr(worker_threads, "_saves_pending", 1)  # a ticket is being saved
    jobs.enqueue(db, "count", 21)
    db.commit()
    runner = threading.Thread(target=job_queue.run, args=("count", "21"))
    runner.start()
    time.sleep(0.3)
    assert "count" not in calls and job_row("count", "21").status == jobs.PENDING  # not even claimed yet
    worker_threads._saves_pending = 0
    runner.join(5)
    assert calls["count"] == ["21"] and job_row("count", "21") is None

    monkeypatch.setattr(job_queue, "_before_each_job", lambda: worker_threads.wait_for_saves(0.2))
    worker_threads._saves_pending = 1  # saves that never end do not stall jobs
    jobs.enqueue(db, "count", 22)
    db.commit()
    start = time.monotonic()
    assert job_queue.run("count", "22") is True
    assert 0.2 <= time.monotonic() - start < 2 and calls["count"] == ["21", "22"]
