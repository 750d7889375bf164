"""Background jobs seen in a real browser: an admin sees a failed job on `/jobs` with its error and
retries it, the app's own consumer runs it, an agent gets nothing from the page; work finished in
the background reaches an open ticket page."""

import sqlite3
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import expect

from support_app.cli import devserver
from tests.e2e.conftest import login
from tests.e2e.test_trust_boundaries import FrameRecorder


def sql(db_url: str, statement: str, *args):
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute(statement, args).fetchall()


def test_admin_sees_a_failed_job_and_retries_it_agent_sees_nothing(app_server, context_factory):
    url, db_url = app_server.url, app_server.db_url
    [(article_id,)] = sql(db_url, "SELECT min(id) FROM knowledgearticle WHERE status = 'published'")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    sql(db_url, "INSERT INTO job (kind, key, status, attempts, last_error, requested_at, claimed_at, due_at, "
                "updated_at) VALUES ('index_article', ?, 'failed', 5, 'VectorStoreError: chroma is down', ?, ?, ?, ?)",
        str(article_id), now, now, now, now)

    agent = context_factory().new_page()
    frames = FrameRecorder(agent)
    login(agent, url, "agent@example.com")
    expect(agent.get_by_role("navigation", name="Main navigation")).not_to_contain_text("Jobs")
    agent.goto(f"{url}/jobs")
    expect(agent.get_by_role("status")).to_contain_text("do not have access")
    agent.wait_for_timeout(1000)
    assert frames.frames and "chroma is down" not in frames.text()  # nothing reached the agent's browser

    admin = context_factory().new_page()
    login(admin, url, "admin@example.com")
    admin.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Jobs").click()
    table = admin.get_by_role("table", name="Failed jobs")
    expect(table).to_contain_text("index_article")
    expect(table).to_contain_text("VectorStoreError: chroma is down")
    admin.get_by_role("button", name=f"Retry index_article {article_id}").click()
    expect(admin.get_by_role("status")).to_contain_text(f"index_article {article_id} queued again")
    expect(table).not_to_contain_text("chroma is down")

    deadline_rows = None
    for _ in range(100):  # the app's embedded consumer runs the job, then its row is gone
        deadline_rows = sql(db_url, "SELECT status FROM job WHERE kind = 'index_article' AND key = ?", str(article_id))
        if not deadline_rows:
            break
        admin.wait_for_timeout(200)
    assert deadline_rows == []


def test_a_regenerated_draft_arrives_from_its_job_without_a_reload(app_server, context_factory):
    url, db_url = app_server.url, app_server.db_url
    subject = f"Kettle leaks {uuid.uuid4().hex[:6]}"
    customer = context_factory().new_page()
    customer.goto(url)
    customer.get_by_label("Email").fill("robin.e2e@example.com")
    customer.get_by_label("Subject").fill(subject)
    customer.get_by_label("Description").fill("The kettle I bought last week leaks from the bottom.")
    customer.get_by_role("button", name="Submit ticket").click()
    expect(customer.get_by_role("status")).to_contain_text("was received", timeout=10_000)
    for _ in range(300):  # the triage job runs on the app's consumer
        [(ticket_id, state)] = sql(db_url, "SELECT id, triage_state FROM ticket WHERE subject = ?", subject)
        if state == "done":
            break
        customer.wait_for_timeout(200)
    assert state == "done"

    agent = context_factory().new_page()
    login(agent, url, "agent@example.com")
    agent.goto(f"{url}/tickets/{ticket_id}")
    reply = agent.get_by_label("Reply to customer")
    expect(reply).not_to_have_value("", timeout=15_000)
    reply.fill("my own words")
    agent.get_by_role("button", name="Regenerate draft").click()
    expect(agent.get_by_text("Regenerating the draft")).to_be_visible()

    # The job runs on the app's consumer thread and announces the change: no reload here.
    agent.get_by_role("button", name="Show new draft").click(timeout=60_000)
    expect(agent.get_by_text("New draft ready.")).to_be_visible()
    expect(reply).not_to_have_value("my own words")
    expect(reply).not_to_have_value("")
    actions = [a for (a,) in sql(db_url, "SELECT action FROM ticketevent WHERE ticket_id = ? ORDER BY id", ticket_id)]
    assert actions[-2:] == ["draft_requested", "draft_regenerated"]


OUTSIDE_TRIAGE = """
import sys
from support_app.db import session_scope
from support_app.services import tickets, triage
from support_app.services.ai.pipeline import get_pipeline

get_pipeline()  # warm, so the triage below takes a moment once the page is open
with session_scope() as session:
    ticket = tickets.submit(session, tickets.Submission(
        email="sam.e2e@example.com", subject=sys.argv[1],
        description="My parcel has not arrived and the tracking has not moved for a week."))
print(ticket.id, flush=True)
sys.stdin.readline()  # the test opened the ticket page
with session_scope() as session:
    print(triage.triage(session, ticket.id).triage_state, flush=True)
"""


def test_a_triage_no_push_announces_still_reaches_the_open_ticket_page(app_server, context_factory):
    """A triage finished where no live push comes from (here: another process on the embedded
    queue, as with a dedicated `cli.worker` without Redis) still reaches an open ticket page: while
    the AI is pending the page says so and looks again every few seconds."""
    subject = f"Parcel stuck {uuid.uuid4().hex[:6]}"
    env = devserver.app_env(Path(app_server.log).parent, 0)
    outside = subprocess.Popen([sys.executable, "-c", OUTSIDE_TRIAGE, subject], cwd=devserver.PROJECT_ROOT,
                               env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ticket_id = int(outside.stdout.readline())
        agent = context_factory().new_page()
        login(agent, app_server.url, "agent@example.com")
        agent.goto(f"{app_server.url}/tickets/{ticket_id}")
        expect(agent.get_by_role("heading", name=subject)).to_be_visible()
        expect(agent.get_by_role("status").filter(has_text="still analysing")).to_be_visible()
        reply = agent.get_by_label("Reply to customer")
        expect(reply).to_have_value("")

        outside.stdin.write("go\n")
        outside.stdin.flush()
        assert outside.stdout.readline().strip() == "done"
        expect(reply).not_to_have_value("", timeout=10_000)
        expect(agent.get_by_role("status").filter(has_text="still analysing")).to_have_count(0)
    finally:
        outside.kill()
        outside.wait()
