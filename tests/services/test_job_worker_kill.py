"""A worker killed with SIGKILL in the middle of a job loses nothing: real `python -m
support_app.cli.worker` processes on the embedded queue, a triage held up by a slow (fake) Gemini,
the worker killed while it waits, and a second worker that triages the ticket exactly once."""

import os
import signal
import subprocess
import sys
import time

from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import Job, Ticket, TicketEvent, TriageState
from support_app.services import job_queue, tickets, triage
from support_app.settings import get_settings
from tests.conftest import ROOT
from tests.gemini.fake_gemini import FakeGemini
from tests.gemini.samples import GOOD_ANALYSIS

DRAFT = {"reply": "Hi Pat,\n\nWe have opened an investigation with the carrier."}


def start_worker(env: dict[str, str], log_path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "support_app.cli.worker", "--workers", "1"], cwd=ROOT, env=env,
                            stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s: {what}")


def test_a_job_cut_short_by_sigkill_runs_again_on_another_worker_exactly_once(db, isolated_env, monkeypatch):
    settings = {"JOB_QUEUE_IMMEDIATE": "0", "JOB_QUEUE_PATH": str(isolated_env / "jobs.db"),
                "JOB_LEASE_SECONDS": "4", "TRIAGE_CLAIM_TIMEOUT_SECONDS": "4", "JOB_SWEEP_SECONDS": "1",
                "JOB_BACKOFF_SECONDS": "1", "GOOGLE_API_KEY": "AIzaFAKE-test-key-0123456789abcdef",
                "GEMINI_MAX_RETRIES": "0", "GEMINI_TIMEOUT_SECONDS": "600"}
    log_path = isolated_env / "workers.log"
    with FakeGemini() as gemini:
        # The first analysis hangs (the worker is killed while it waits); later calls answer at once.
        gemini.reply_json(GOOD_ANALYSIS, delay_seconds=600).reply_json(GOOD_ANALYSIS).reply_json(DRAFT)
        settings["GEMINI_BASE_URL"] = gemini.base_url
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        job_queue.reset_queue()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}

        ticket = tickets.submit(db, tickets.Submission("pat@example.com", "Where is my parcel?",
                                                       "Ordered two weeks ago and nothing arrived yet."))
        triage.request_triage(db, ticket.id)
        db.commit()

        first = start_worker(env, log_path)
        second = None
        try:
            wait_for(lambda: len(gemini.calls()) >= 1, 300, "the first worker never reached Gemini")
            assert _job(ticket.id).status == "running"
            first.send_signal(signal.SIGKILL)
            first.wait(30)
            assert _ticket(ticket.id).triage_state == TriageState.running.value  # cut short mid-job

            second = start_worker(env, log_path)
            wait_for(lambda: _ticket(ticket.id).triage_state == TriageState.done.value, 300,
                     f"the second worker never finished the triage:\n{log_path.read_text()[-3000:]}")
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGINT)
                    try:
                        process.wait(30)
                    except subprocess.TimeoutExpired:
                        process.kill()
        job_queue.reset_queue()

    done = _ticket(ticket.id)
    assert done.triage_attempts == 2  # claimed by the killed worker, then by the second
    assert done.sentiment == "negative" and done.ai_draft.startswith("Hi Pat")  # Gemini's reading
    with Session(get_engine()) as session:
        events = list(session.exec(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)))
        assert events.count("triaged") == 1
        assert session.exec(select(Job).where(Job.kind == "triage")).all() == []  # nothing owed or failed
    assert len(gemini.calls()) == 3  # the hung analysis, then one analysis and one draft


def _ticket(ticket_id: int) -> Ticket:
    with Session(get_engine()) as session:
        return session.get(Ticket, ticket_id)


def _job(ticket_id: int) -> Job:
    with Session(get_engine()) as session:
        return session.exec(select(Job).where(Job.kind == "triage", Job.key == str(ticket_id))).one()
