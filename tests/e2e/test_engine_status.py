"""The app is configured for a Gemini model Google has shut down: the start-up check finds out, the
admin sees it on the analytics page, agents do not, and tickets are triaged by the local engine."""

import json
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from support_app.cli import devserver
from tests.e2e.conftest import login, start_app
from tests.gemini.fake_gemini import FakeGemini


@pytest.fixture(scope="module")
def retired_model_app(tmp_path_factory):
    with FakeGemini() as fake:
        server = start_app(tmp_path_factory.mktemp("e2e-engine"), {
            "GOOGLE_API_KEY": "AIzaFAKE-e2e-key", "GEMINI_BASE_URL": fake.base_url,
            "GEMINI_MODEL": "gemini-2.0-flash", "GEMINI_MAX_RETRIES": "0",
        })
        try:
            deadline = time.time() + 30
            while "AI engine status:" not in server.log.read_text() and time.time() < deadline:
                time.sleep(0.2)
            yield server, fake
        finally:
            devserver.stop(server.proc)


def test_admin_sees_that_the_model_is_gone_and_tickets_are_triaged_locally(retired_model_app, context_factory):
    server, fake = retired_model_app
    assert "AI engine status: model not found" in server.log.read_text()
    assert [r.path.split("?")[0] for r in fake.model_lookups()][-1].endswith("/models/gemini-2.0-flash")

    admin = context_factory().new_page()
    login(admin, server.url, "admin@example.com")
    admin.goto(f"{server.url}/analytics")
    status = admin.locator("#engine-status")
    expect(status).to_contain_text("AI engine: model not found")
    expect(status).to_contain_text("the local engine analyses and drafts every ticket")

    agent = context_factory().new_page()
    login(agent, server.url, "agent@example.com")
    agent.goto(f"{server.url}/analytics")
    expect(agent.get_by_text("Ticket volume by category", exact=False).first).to_be_attached()
    expect(agent.locator("#engine-status")).to_have_count(0)

    customer = context_factory().new_page()
    customer.goto(server.url)
    customer.get_by_label("Email").fill("retired.model@example.com")
    customer.get_by_label("Subject").fill("Parcel has not arrived")
    customer.get_by_label("Description").fill("My parcel has not arrived and the tracking has not moved in a week.")
    customer.get_by_role("button", name="Submit ticket").click()
    expect(customer.get_by_role("status")).to_contain_text("was received", timeout=10_000)

    deadline, record = time.time() + 20, {}
    while time.time() < deadline and not record:
        with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as conn:
            row = conn.execute("SELECT ai_analysis FROM ticket WHERE subject = 'Parcel has not arrived'").fetchone()
        record = json.loads(row[0]) if row else {}
        time.sleep(0.3)
    assert record["engine"] == "local" and record["draft_engine"] == "local"
    assert any(note.startswith("remote engine not used (model not found)") for note in record["notes"])
    assert fake.calls() == []  # no ticket text was sent to a model that does not exist
