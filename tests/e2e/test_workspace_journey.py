"""Customer and agents working a ticket together, live. Always on the embedded configuration (one
backend worker, SQLite, Reflex's in-memory state manager); also on the scale-out one when
TEST_REDIS_URL is set (`.ci/run` always sets it): the `make run-scaled` stack, with PostgreSQL
(TEST_DATABASE_URL's server), Redis as the state manager and the job queue, a Chroma server, three
backend workers and a job worker."""

import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from support_app.db import session_scope
from support_app.services import auth
from support_app.cli import devserver, run_scaled
from tests.e2e.conftest import login, start_app
from tests.e2e.test_account_verification import mailed_link

REDIS_URL = os.environ.get("TEST_REDIS_URL")
WORKERS = {"embedded": 1, "redis": 3}
CONFIGURATIONS = ["embedded", "redis"] if REDIS_URL else ["embedded"]


@dataclass
class JourneyServer:
    url: str
    db_url: str
    configuration: str
    stop: Callable[[], None]


@pytest.fixture(scope="module", params=CONFIGURATIONS)
def app_server(request, tmp_path_factory):
    workers = WORKERS[request.param]
    workdir = tmp_path_factory.mktemp(f"e2e-{request.param}")
    env = {"SUBMIT_IP_LIMIT": "100", "SUBMIT_EMAIL_LIMIT": "100"}  # one browser files 20+ tickets in a minute here
    if request.param == "redis":
        try:
            stack = run_scaled.start_for_test(workdir, workers=workers, extra_env=env)
        except run_scaled.LaunchError as exc:
            pytest.fail(str(exc))
        server = JourneyServer(stack.url, stack.db_url, f"{workers} workers + PostgreSQL + Redis", stack.stop)
    else:
        app = start_app(workdir, workers=workers, extra_env=env)
        server = JourneyServer(app.url, app.db_url, "1 worker, SQLite, no Redis",
                               lambda: devserver.stop(app.proc))
    with session_scope(server.db_url) as session:
        auth.create_user(session, "agent2@example.com", "demo1234", "Blake Agent", role="agent")
    yield server
    server.stop()


def submit_ticket(page, url: str, email: str, subject: str, description: str) -> None:
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Submit ticket").click()
    expect(page.get_by_role("status").filter(has_text="was received")).to_be_visible(timeout=15_000)


def open_ticket_from_queue(page, url: str, subject: str) -> str:
    page.goto(f"{url}/queue")
    page.get_by_role("link", name=subject).click()
    expect(page.get_by_role("heading", name=subject)).to_be_visible()
    return page.url


def test_full_journey_register_submit_correct_reply_rate(app_server, context_factory):
    url = app_server.url
    email = f"riley.{uuid.uuid4().hex[:6]}@example.com"
    subject = f"Blender arrived cracked {uuid.uuid4().hex[:4]}"

    customer = context_factory().new_page()
    customer.goto(f"{url}/login")
    customer.get_by_role("button", name="Create an account").click()
    customer.get_by_label("Name").fill("Riley Reed")
    customer.get_by_label("Email").fill(email)
    customer.get_by_label("Password").fill("a-good-password")
    customer.get_by_role("button", name="Create account").click()
    customer.wait_for_url(f"{url}/")
    customer.goto(mailed_link(app_server.db_url, email, "verify"))  # the address is Riley's: confirm it
    expect(customer.get_by_role("status").filter(has_text="email address is confirmed")).to_be_visible()
    customer.goto(f"{url}/")
    customer.reload()  # the session survives a reload
    expect(customer.get_by_role("navigation", name="Main navigation")).to_contain_text("Riley Reed (customer)")
    expect(customer.get_by_label("Email")).to_have_value(email)

    customer.get_by_label("Subject").fill(subject)
    customer.get_by_label("Description").fill("The blender I received has a cracked jug and the box was crushed.")
    expect(customer.get_by_label("Live preview")).to_contain_text("damaged product", timeout=30_000)
    # an earlier preview (of the subject alone) may already say so; the one with articles can follow
    expect(customer.get_by_role("region", name="Suggested articles")).to_be_visible(timeout=30_000)

    agent = context_factory().new_page()
    login(agent, url, "agent@example.com")
    agent.goto(f"{url}/queue")
    customer.get_by_role("button", name="Submit ticket").click()
    expect(agent.get_by_role("link", name=subject)).to_be_visible(timeout=5_000)

    agent.get_by_role("link", name=subject).click()
    expect(agent.get_by_role("heading", name=subject)).to_be_visible()
    expect(agent.get_by_label("Reply to customer")).not_to_have_value("", timeout=15_000)
    agent.get_by_label("Correct category").select_option("product_return")
    expect(agent.get_by_role("status").filter(has_text="Category corrected")).to_be_visible()
    expect(agent.get_by_role("list", name="Audit trail")).to_contain_text("Corrected")

    # The customer follows the ticket; the agent's reply must arrive without a reload.
    customer.get_by_role("link", name=subject).click()
    expect(customer.get_by_role("heading", name=subject)).to_be_visible()
    agent.get_by_label("Reply to customer").fill("Sorry about the cracked jug, Riley. A replacement is on its way.")
    agent.get_by_role("button", name="Send reply").click()
    expect(customer.get_by_text("A replacement is on its way.")).to_be_visible(timeout=5_000)
    expect(agent.get_by_role("list", name="Audit trail")).to_contain_text("sent edited draft")

    agent.get_by_label("Resolution").fill("Replacement blender shipped; customer keeps the damaged one.")
    agent.get_by_role("button", name="Resolve").click()
    expect(agent.get_by_role("status").filter(has_text="Ticket resolved")).to_be_visible()
    customer.get_by_role("button", name="Rate 5 out of 5").click(timeout=10_000)
    expect(customer.get_by_text("Your rating: 5 / 5")).to_be_visible()


def count_rows(db_url: str, table: str) -> int:
    with session_scope(db_url) as session:
        return session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_suggested_article_deflects_the_question_without_a_ticket(app_server, context_factory):
    url = app_server.url
    tickets_before = count_rows(app_server.db_url, "ticket")
    deflections_before = count_rows(app_server.db_url, "deflection")
    page = context_factory().new_page()
    page.goto(url)
    page.get_by_label("Email").fill("deflect.e2e@example.com")
    page.get_by_label("Subject").fill("How do I return an item?")
    page.get_by_label("Description").fill("I want to send back shoes that do not fit. How do I start a return?")
    suggestions = page.get_by_role("region", name="Suggested articles")
    expect(suggestions).to_be_visible(timeout=15_000)
    suggestions.get_by_role("button", name="Yes, this solved it").first.click()
    expect(page.get_by_role("status").filter(has_text="No ticket was filed")).to_be_visible()
    assert count_rows(app_server.db_url, "ticket") == tickets_before
    assert count_rows(app_server.db_url, "deflection") == deflections_before + 1


def test_customer_cannot_open_someone_elses_ticket(app_server, context_factory):
    url = app_server.url
    subject = f"Private matter {uuid.uuid4().hex[:6]}"
    owner = context_factory().new_page()
    submit_ticket(owner, url, "owner.e2e@example.com", subject, "My account email changed without my consent.")
    agent = context_factory().new_page()
    login(agent, url, "agent@example.com")
    ticket_url = open_ticket_from_queue(agent, url, subject)

    other = context_factory().new_page()
    login(other, url, "customer@example.com")
    other.goto(ticket_url)
    expect(other.get_by_role("alert")).to_contain_text("Ticket not found.")
    expect(other.get_by_text(subject)).to_have_count(0)


def test_concurrent_edit_is_refused_with_a_clear_message(app_server, context_factory):
    url = app_server.url
    subject = f"Two agents one ticket {uuid.uuid4().hex[:6]}"
    submit_ticket(context_factory().new_page(), url, "both.e2e@example.com", subject,
                  "I was charged twice for order ORD-77001.")
    first, second = context_factory().new_page(), context_factory().new_page()
    login(first, url, "agent@example.com")
    login(second, url, "agent2@example.com")
    ticket_url = open_ticket_from_queue(first, url, subject)
    second.goto(ticket_url)
    expect(second.get_by_role("heading", name=subject)).to_be_visible()
    expect(first.get_by_label("Reply to customer")).not_to_have_value("", timeout=15_000)

    first.get_by_role("button", name="Assign to me").click()
    expect(first.get_by_role("status").filter(has_text="Assigned to you")).to_be_visible()
    expect(second.get_by_text("This ticket was updated by someone else")).to_be_visible(timeout=5_000)

    second.get_by_label("Escalation reason").fill("Second agent thinks this needs finance")
    second.get_by_role("button", name="Escalate").click()
    expect(second.get_by_role("status").filter(has_text="changed by someone else")).to_be_visible()
    expect(second.get_by_role("list", name="Audit trail")).not_to_contain_text("Second agent thinks")


def test_live_update_latency_across_workers(app_server, context_factory):
    """Time from 'Submit ticket' to the row showing in another browser's queue, 20 tickets."""
    url = app_server.url
    agent = context_factory().new_page()
    login(agent, url, "agent2@example.com")
    agent.goto(f"{url}/queue")
    customer = context_factory().new_page()
    customer.goto(url)
    latencies = []
    for i in range(20):
        subject = f"Latency probe {i} {uuid.uuid4().hex[:6]}"
        customer.get_by_label("Email").fill("latency.e2e@example.com")
        customer.get_by_label("Subject").fill(subject)
        customer.get_by_label("Description").fill("Where is my parcel? It has not arrived yet.")
        customer.wait_for_timeout(450)  # let the debounced preview settle, as a person would
        start = time.perf_counter()
        customer.get_by_role("button", name="Submit ticket").click()
        agent.get_by_role("link", name=subject).wait_for(timeout=5_000)
        latencies.append((time.perf_counter() - start) * 1000)
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20, method="inclusive")[18]
    print(f"\nlive-update latency over {len(latencies)} tickets, {app_server.configuration}: "
          f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(latencies):.0f} ms")
    assert len(latencies) == 20


def test_queue_search_ignores_case_and_accents_and_finds_prefixes(app_server, context_factory):
    url = app_server.url
    marker = uuid.uuid4().hex[:6]
    subject = f"Rückerstattung für Bestellung {marker}"
    submit_ticket(context_factory().new_page(), url, "search.e2e@example.com", subject,
                  "Ich warte seit zwei Wochen auf meine Rückerstattung.")
    agent = context_factory().new_page()
    login(agent, url, "agent@example.com")
    agent.goto(f"{url}/queue")
    search = agent.get_by_label("Search")
    search.fill(f"RUCKERSTATTUNG {marker[:4]}")  # no umlaut, upper case, the marker's first letters
    expect(agent.get_by_role("link", name=subject)).to_be_visible()
    search.fill("' OR 1=1 --")
    expect(agent.get_by_role("link", name=subject)).to_have_count(0)
