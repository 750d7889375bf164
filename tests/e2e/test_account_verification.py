"""Email ownership in the browser: a customer who filed a ticket anonymously registers; "My
tickets" shows that ticket only after the verification link mailed to the address was opened."""

import re
import uuid

from playwright.sync_api import expect
from sqlalchemy import text

from support_app.db import session_scope


def mailed_link(db_url: str, to: str, path: str) -> str:
    """The newest `/path/<token>` link mailed to `to` (no SMTP_URL: the outbox table holds it)."""
    with session_scope(db_url) as session:
        row = session.execute(text("SELECT body FROM outboxmessage WHERE to_address = :to ORDER BY id DESC LIMIT 1"),
                              {"to": to}).first()
    assert row, f"no mail to {to}"
    match = re.search(rf"https?://\S+/{path}/[A-Za-z0-9_\-]+", row[0])
    assert match, row[0]
    return match.group(0)


def test_anonymous_ticket_shows_in_my_tickets_only_after_verification(app_server, context_factory):
    url = app_server.url
    email = f"quinn.{uuid.uuid4().hex[:6]}@example.com"
    subject = f"Charged twice for one order {uuid.uuid4().hex[:4]}"

    page = context_factory().new_page()
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Description").fill("My card was charged twice for order ORD-7788.")
    page.get_by_role("button", name="Submit ticket").click()
    expect(page.get_by_role("status").filter(has_text="was received")).to_be_visible(timeout=15_000)

    page.goto(f"{url}/login")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Name").fill("Quinn")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a-good-password")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{url}/")
    expect(page.get_by_role("status").filter(has_text="Confirm your email address")).to_be_visible()
    expect(page.get_by_text("You have no tickets yet.")).to_be_visible()
    expect(page.get_by_role("link", name=subject)).to_have_count(0)
    expect(page.get_by_label("Email")).to_have_value(email)
    expect(page.get_by_label("Email")).not_to_be_editable()

    link = mailed_link(app_server.db_url, email, "verify")
    assert link.startswith(url)
    page.goto(link)
    expect(page.get_by_role("status").filter(has_text="email address is confirmed")).to_be_visible()
    page.get_by_role("link", name="Go to My tickets").click()
    expect(page.get_by_role("link", name=subject)).to_be_visible(timeout=10_000)

    page.goto(link)  # single use
    expect(page.get_by_role("status").filter(has_text="invalid, expired or used")).to_be_visible()


def register(page, url: str, email: str, name: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{url}/")


def expect_logged_out(page) -> None:
    page.reload()
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()


def test_password_reset_by_mail_log_out_everywhere_and_the_admin_outbox(app_server, context_factory):
    from tests.e2e.conftest import login

    url = app_server.url
    email = f"robin.{uuid.uuid4().hex[:6]}@example.com"
    first, second = context_factory().new_page(), context_factory().new_page()
    register(first, url, email, "Robin", "the-first-password")
    login(second, url, email, "the-first-password")

    helper = context_factory().new_page()
    helper.goto(f"{url}/login")
    helper.get_by_role("link", name="Forgot your password?").click()
    helper.wait_for_url(f"{url}/reset-password")
    expect(helper.get_by_role("heading", name="Reset your password")).to_be_visible()
    helper.get_by_role("button", name="Send reset link").click()
    expect(helper.get_by_role("status").filter(has_text="Enter a valid email address")).to_be_visible()
    helper.get_by_label("Email").fill(email)
    helper.get_by_role("button", name="Send reset link").click()
    expect(helper.get_by_role("status").filter(has_text="If an account uses this address")).to_be_visible()
    helper.goto(mailed_link(app_server.db_url, email, "reset-password"))
    helper.get_by_label("New password").fill("the-second-password")
    helper.get_by_role("button", name="Set new password").click()
    expect(helper.get_by_role("status").filter(has_text="Your password was changed")).to_be_visible()
    expect_logged_out(first)  # every session ended with the password change
    expect_logged_out(second)

    login(first, url, email, "the-second-password")
    login(second, url, email, "the-second-password")
    first.goto(f"{url}/account")
    first.get_by_role("button", name="Log out everywhere").click()
    first.wait_for_url(f"{url}/login")
    expect_logged_out(second)

    admin = context_factory().new_page()
    login(admin, url, "admin@example.com")
    admin.get_by_role("link", name="Outbox").click()
    outbox = admin.get_by_role("table", name="Outbox")
    expect(outbox.get_by_role("row").filter(has_text=email).filter(has_text="Reset your password")).to_have_count(1)
    expect(outbox.get_by_role("row").filter(has_text=email).filter(has_text="Confirm your email")).to_have_count(1)
