"""/integrations in a real browser: an admin creates an API token (shown once) that works against
/api on the same port, and registers a webhook; an agent gets nothing from the page; changes made
through the API reach an agent's open queue without a reload."""

import json
import re
import urllib.request
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import login


def test_admin_creates_a_token_that_works_and_agents_see_nothing(app_url, context_factory):
    page = context_factory().new_page()
    login(page, app_url, "admin@example.com")
    page.goto(f"{app_url}/integrations")
    page.get_by_label("Token name").fill("shop")
    page.get_by_role("button", name="Create token").click()
    shown = page.get_by_role("status").filter(has_text="New token")
    expect(shown).to_be_visible()
    token = re.search(r"sdk_[A-Za-z0-9_\-]+", shown.inner_text()).group(0)
    expect(page.get_by_role("table", name="API tokens")).to_contain_text("shop")
    request = urllib.request.Request(f"{app_url}/api/tickets?page_size=1", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 200 and json.loads(answer.read())["total"] >= 1
    page.get_by_label("Webhook URL").fill("ftp://example.com/hook")
    page.get_by_role("button", name="Register webhook").click()
    expect(page.get_by_role("status").filter(has_text="http")).to_be_visible()
    page.reload()
    expect(page.get_by_text(token)).to_have_count(0)  # shown once

    agent = context_factory().new_page()
    login(agent, app_url, "agent@example.com")
    agent.goto(f"{app_url}/integrations")
    expect(agent.get_by_role("status").filter(has_text="do not have access")).to_be_visible()
    expect(agent.get_by_role("table", name="API tokens")).not_to_contain_text("shop")


def create_token(page, app_url: str, name: str) -> str:
    login(page, app_url, "admin@example.com")
    page.goto(f"{app_url}/integrations")
    page.get_by_label("Token name").fill(name)
    page.get_by_role("button", name="Create token").click()
    shown = page.get_by_role("status").filter(has_text="New token")
    expect(shown).to_be_visible()
    return re.search(r"sdk_[A-Za-z0-9_\-]+", shown.inner_text()).group(0)


def call_api(app_url: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(f"{app_url}/api{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def test_api_changes_reach_an_open_queue_without_a_reload(app_url, context_factory):
    token = create_token(context_factory().new_page(), app_url, "crm")
    agent = context_factory().new_page()
    login(agent, app_url, "agent@example.com")
    agent.goto(f"{app_url}/queue")
    subject = f"Invoice charged twice {uuid.uuid4().hex[:6]}"
    created = call_api(app_url, token, "POST", "/tickets", {
        "email": "lee.e2e@example.com", "subject": subject,
        "description": "My card was charged twice for invoice 4411, please refund one payment."})
    row = agent.get_by_role("row").filter(has_text=subject)
    expect(row).to_be_visible(timeout=10_000)
    for _ in range(150):  # the triage job is done (it announces too): the next push can only be ours
        ticket = call_api(app_url, token, "GET", f"/tickets/{created['id']}")
        if ticket["triage_state"] == "done":
            break
        agent.wait_for_timeout(200)
    expect(row).not_to_contain_text("In progress")
    call_api(app_url, token, "PATCH", f"/tickets/{created['id']}", {"version": ticket["version"], "status": "in_progress"})
    expect(row).to_contain_text("In progress", timeout=5_000)
