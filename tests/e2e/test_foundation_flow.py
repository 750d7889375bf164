"""A customer files a ticket; an agent's open queue shows it live; the detail page shows it all."""

import re
import sqlite3
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login


def ticket_count(db_url: str, subject_like: str = "%") -> int:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute("SELECT count(*) FROM ticket WHERE subject LIKE ?", (subject_like,)).fetchone()[0]


def test_submitted_ticket_appears_live_in_queue_and_detail(app_server, context_factory):
    app_url = app_server.url
    agent = context_factory().new_page()
    login(agent, app_url, "agent@example.com")
    agent.goto(f"{app_url}/queue")
    expect(agent.get_by_role("table", name="Tickets")).to_be_visible()
    expect(agent.get_by_role("heading", name="Ticket queue")).to_be_visible()

    subject = f"Parcel never arrived {uuid.uuid4().hex[:6]}"
    customer = context_factory().new_page()
    customer.goto(app_url)
    customer.get_by_label("Email").fill("jordan.e2e@example.com")
    customer.get_by_label("Subject").fill(subject)
    customer.get_by_label("Description").fill("My order ORD-55555 hasn't arrived. Tracking shows no update for a week.")
    customer.get_by_role("button", name="Submit ticket").click()
    expect(customer.get_by_role("status")).to_contain_text("was received", timeout=10_000)

    # No reload on the agent's page: the live signal must bring the row within 5 s.
    row_link = agent.get_by_role("link", name=subject)
    expect(row_link).to_be_visible(timeout=5_000)
    assert ticket_count(app_server.db_url, subject) == 1

    row_link.click()
    expect(agent.get_by_role("heading", name=subject)).to_be_visible()
    expect(agent.get_by_label("Description")).to_contain_text("Tracking shows no update for a week")
    trail = agent.get_by_role("list", name="Audit trail")
    expect(trail).to_contain_text("Created")
    expect(trail).to_contain_text("Triaged", timeout=10_000)


@pytest.mark.parametrize("email, subject, description, message", [
    ("someone@example.com", "", "Something is wrong with my order.", "Subject is required."),
    ("someone@example.com", "Too long", "x" * 5001, "Description must be at most 5000 characters"),
    ("not-an-email", "Bad email", "Something is wrong with my order.", "Enter a valid email address"),
])
def test_invalid_submission_shows_error_and_stores_nothing(app_server, context_factory, email, subject,
                                                           description, message):
    app_url = app_server.url
    before = ticket_count(app_server.db_url)
    page = context_factory().new_page()
    page.goto(app_url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Submit ticket").click()
    expect(page.get_by_role("alert").filter(has_text=re.compile(re.escape(message)))).to_be_visible()
    page.wait_for_timeout(500)
    assert ticket_count(app_server.db_url) == before


def preview_count(db_url: str, client_token: str) -> int:
    """Previews the app analysed for one browser (each records one rate-limit attempt)."""
    from support_app.services.rate_limit import _key

    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute("SELECT count(*) FROM ratelimithit WHERE scope = 'preview' AND key_hash = ?",
                            (_key("preview", client_token),)).fetchone()[0]


def test_edits_in_quick_succession_are_previewed_once(app_server):
    """The subject and then the description arrive together (the browser's protocol, no page): one
    analysis of the final text answers both, instead of one analysis per edit."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from support_app.cli.load import Client, event_names

    names = event_names()

    async def type_both() -> tuple[str, str]:
        client = Client(app_server.url.replace("localhost", "127.0.0.1"), "/")
        await client.connect()
        try:
            await client.send(names["subject"], value="Parcel never arrived")
            await client.send(names["description"], value="My order ORD-55555 has not arrived after two weeks.")
            _, category = await client.wait_for("preview_category", bool, 60)
            await asyncio.sleep(1.5)  # a second analysis, were one started, would be recorded by now
            return client.token, category
        finally:
            await client.close()

    # its own thread: the module's Playwright browser keeps an event loop running in this one
    with ThreadPoolExecutor(max_workers=1) as thread:
        token, category = thread.submit(asyncio.run, type_both()).result(timeout=120)
    assert category == "shipping issue"
    assert preview_count(app_server.db_url, token) == 1
