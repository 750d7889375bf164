"""`make run-scaled` really comes up: PostgreSQL (database created), Redis, its own Chroma server and
three workers; a ticket filed in one browser shows in an agent's queue; Ctrl-C stops everything."""

import os
import signal
import subprocess
import sys
import time
import uuid

import psutil
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from support_app.cli import devserver, run_scaled
from support_app.db import session_scope
from support_app.models import Ticket, TriageState
from support_app.state.formatting import label
from support_app.settings import PROJECT_ROOT
from tests.e2e.conftest import login

WORKERS = 3


def ticket_category_label(database_url: str, ticket_id: int, timeout: float = 60) -> str:
    """The ticket's category as the queue shows it, once its triage is done."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with session_scope(database_url) as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket.triage_state == TriageState.done.value:
                return label(ticket.category)
        time.sleep(0.5)
    pytest.fail(f"ticket #{ticket_id} was not triaged within {timeout:.0f} s")


def _wait_for_line(proc: subprocess.Popen, log, text: str, timeout: float = 400) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        content = log.read_text(errors="replace")
        if text in content:
            return
        assert proc.poll() is None, f"run_scaled exited with {proc.returncode}:\n{content[-4000:]}"
        time.sleep(1)
    pytest.fail(f"run_scaled did not print {text!r} within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def test_run_scaled_serves_a_ticket_to_an_agent_and_stops_on_ctrl_c(tmp_path, context_factory):
    server = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    database_url = f"{server.rsplit('/', 1)[0]}/scaled_test_{uuid.uuid4().hex[:8]}"
    redis_url = os.environ.get("TEST_REDIS_URL", run_scaled.DEFAULT_REDIS_URL)
    port, chroma_port = devserver.free_port(), devserver.free_port()
    out = tmp_path / "run-scaled.out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "support_app.cli.run_scaled", "--workers", str(WORKERS), "--port", str(port),
         "--host", "127.0.0.1", "--database-url", database_url, "--redis-url", redis_url,
         "--chroma-port", str(chroma_port), "--chroma-path", str(tmp_path / "chroma-server"),
         "--logs", str(tmp_path / "logs")],
        cwd=PROJECT_ROOT, stdout=out.open("w"), stderr=subprocess.STDOUT,
        env={**os.environ, "CLASSIFIER_CACHE_DIR": str(tmp_path / "classifier"), "PYTHONUNBUFFERED": "1"})
    try:
        _wait_for_line(proc, out, "Support desk (scaled")
        assert "Created database" in out.read_text()
        app_log = (tmp_path / "logs" / "app.log").read_text()
        assert app_log.count(devserver.READY_LINE) == WORKERS, "every worker warmed up"
        assert any((tmp_path / "chroma-server").iterdir()), "seeding indexed into the Chroma server"

        url = f"http://localhost:{port}"
        agent = context_factory().new_page()
        login(agent, url, "agent@example.com")
        agent.goto(f"{url}/queue")
        agent.locator("table tbody tr").first.wait_for()
        customer = context_factory().new_page()
        customer.goto(url)
        subject = f"Scaled stack probe {uuid.uuid4().hex[:6]}"
        customer.get_by_label("Email").fill("scaled.probe@example.com")
        customer.get_by_label("Subject").fill(subject)
        customer.get_by_label("Description").fill("My parcel never arrived, the tracking stopped a week ago.")
        customer.get_by_role("button", name="Submit ticket").click()
        expect(customer.get_by_role("status").filter(has_text="was received")).to_be_visible(timeout=15_000)
        expect(agent.get_by_role("link", name=subject)).to_be_visible(timeout=5_000)

        # The web workers only serve browsers; the job worker (lower CPU priority) triages, and the
        # finished job reaches the agent's open queue through Redis.
        jobs_log = tmp_path / "logs" / "jobs-1.log"
        assert run_scaled.JOB_READY_LINE in jobs_log.read_text()
        [job_worker] = [p for p in psutil.process_iter(["cmdline"])
                        if "support_app.cli.worker" in " ".join(p.info["cmdline"] or [])
                        and str(tmp_path) in p.environ().get("CLASSIFIER_CACHE_DIR", "")]
        assert job_worker.nice() == run_scaled.JOB_NICE
        assert job_worker.environ()["JOB_QUEUE_NAME"] == run_scaled.queue_name(database_url)
        with session_scope(database_url) as session:
            ticket = session.exec(select(Ticket).where(Ticket.subject == subject)).one()
        category = ticket_category_label(database_url, ticket.id)
        assert category != label("general_inquiry"), "the default category would prove nothing"
        row = agent.get_by_role("row").filter(has=agent.get_by_role("link", name=subject))
        expect(row).to_contain_text(category, timeout=10_000)
        assert "Executing support_app.services.job_queue.run_job" in jobs_log.read_text()

        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert proc.wait(timeout=60) == 0
        assert not devserver.answers(f"http://127.0.0.1:{port}/ping"), "the app stopped"
        assert not devserver.answers(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat"), "Chroma stopped"
    finally:
        if proc.poll() is None:
            proc.kill()
        run_scaled.drop_database(database_url)


def test_run_scaled_refuses_a_database_that_is_not_postgresql(tmp_path):
    with pytest.raises(run_scaled.LaunchError, match="PostgreSQL"):
        run_scaled.start(workers=1, port=devserver.free_port(), database_url=f"sqlite:///{tmp_path}/x.db",
                         redis_url=os.environ.get("TEST_REDIS_URL", run_scaled.DEFAULT_REDIS_URL),
                         chroma_port=devserver.free_port(), chroma_path=tmp_path / "c", logdir=tmp_path)
    assert not (tmp_path / "c").exists(), "nothing was started"


def test_a_job_worker_that_cannot_start_stops_what_was_started_and_says_why(tmp_path):
    server = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    database_url = f"{server.rsplit('/', 1)[0]}/scaled_test_{uuid.uuid4().hex[:8]}"
    chroma_port = devserver.free_port()
    try:
        with pytest.raises(run_scaled.LaunchError, match="job worker 1 ready"):
            # JOB_QUEUE_IMMEDIATE leaves a job worker nothing to consume: it exits at once
            run_scaled.start(workers=1, port=devserver.free_port(), database_url=database_url,
                             redis_url=os.environ.get("TEST_REDIS_URL", run_scaled.DEFAULT_REDIS_URL),
                             chroma_port=chroma_port, chroma_path=tmp_path / "chroma", logdir=tmp_path,
                             extra_env={"JOB_QUEUE_IMMEDIATE": "1",
                                        "CLASSIFIER_CACHE_DIR": str(tmp_path / "classifier")})
        assert "there is no queue to consume" in (tmp_path / "jobs-1.log").read_text()
        assert not devserver.answers(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat"), "Chroma was stopped"
        assert not (tmp_path / "app.log").exists(), "the app was never started"
    finally:
        run_scaled.drop_database(database_url)


def test_load_test_refuses_any_host_but_this_machine():
    from support_app.cli.load import require_local

    require_local("http://127.0.0.1:3000")
    with pytest.raises(SystemExit, match="refusing"):
        require_local("http://example.com:3000")


def test_load_test_counts_a_ticket_visible_from_the_first_queue_update_that_includes_it():
    from support_app.cli.load import Results

    r = Results(submitted={"a": 10.0, "b": 10.5}, accepted={"a": 7, "b": 8})
    r.queue_updates = [[(9.0, 6), (10.2, 7), (11.0, 9)],  # agent 1: a at 10.2, b pushed past by 9 at 11.0
                       [(10.1, 6)]]  # agent 2: never got an update with either
    seen, missing = r.visibility()
    assert [round(ms) for ms in seen] == [200, 500] and missing == 2


def test_load_test_splits_each_tickets_time_into_handler_save_and_push():
    from support_app.cli.load import Results, steps

    r = Results(submitted={"a": 10.0, "b": 10.0}, accepted={"a": 7, "b": 8})
    r.queue_updates = [[(10.5, 7), (10.9, 8)], [(10.6, 8)]]
    marks = [{"step": "submit_start", "t": 10.1, "subject": "a"},
             {"step": "submit_save", "t0": 10.1, "t": 10.4, "subject": "a"},
             {"step": "submit_start", "t": 10.2, "subject": "b"},
             {"step": "submit_save", "t0": 10.2, "t": 10.5, "subject": "b"},
             {"step": "submit_save_thread", "t0": 10.3, "t": 10.45, "subject": "b"},
             {"step": "queue_rows", "t0": 10.5, "t": 10.51, "version": 3}]
    out = {step: [round(ms) for ms in values] for step, values in steps(r, marks).items()}
    assert out == {"click_to_handler": [100, 200], "save": [300, 300], "save_on_its_thread": [150],
                   "saved_to_visible": [100, 200, 400, 100]}
