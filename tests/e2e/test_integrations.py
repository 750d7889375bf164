"""/integrations in a real browser: an admin creates an API token (shown once) that works against
/api on the same port, and registers a webhook; an agent gets nothing from the page."""

import json
import re
import urllib.request

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
