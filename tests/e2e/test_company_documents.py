"""An admin uploads a Markdown and a PDF document on the knowledge page; a ticket on that topic
gets a draft citing the document; once the document is deleted the next draft no longer does."""

import sqlite3
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.minimal_pdf import make_pdf

GUIDE = b"""# Espresso machine descaling

## Descaling the espresso machine

When the espresso machine shows the orange descale light, run the descaling program with the descaler
tablet from the box. The descaling program takes about twenty minutes and rinses the water tank twice.

## Storage

Keep the descaler tablets in a dry place.
"""
SUBJECT = "Orange descale light on my espresso machine"
DESCRIPTION = ("The orange descale light on my espresso machine is on. How do I run the descaling program "
               "and how long does descaling take?")


def documents_in_db(db_url: str) -> list[tuple]:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute("SELECT title, file_format, status, passage_count FROM companydocument "
                            "ORDER BY id").fetchall()


def upload(page, name: str, mime: str, data: bytes, title: str = "") -> None:
    page.get_by_label("Document title (optional)").fill(title)
    page.locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
    expect(page.locator("#doc-selected")).to_contain_text(name)
    page.get_by_role("button", name="Upload document").click()


def file_ticket_and_read_sources(context_factory, url: str) -> str:
    customer = context_factory().new_page()
    customer.goto(url)
    subject = f"{SUBJECT} {uuid.uuid4().hex[:4]}"
    customer.get_by_label("Email").fill("casey.e2e@example.com")
    customer.get_by_label("Subject").fill(subject)
    customer.get_by_label("Description").fill(DESCRIPTION)
    customer.get_by_role("button", name="Submit ticket").click()
    expect(customer.get_by_role("status")).to_contain_text("was received", timeout=15_000)

    agent = context_factory().new_page()
    login(agent, url, "agent@example.com")
    agent.goto(f"{url}/queue")
    agent.get_by_role("link", name=subject).click()
    expect(agent.get_by_role("list", name="Audit trail")).to_contain_text("Triaged", timeout=60_000)
    agent.reload()
    expect(agent.get_by_label("Reply to customer")).not_to_have_value("", timeout=15_000)
    sources = agent.locator("h3:has-text('Sources cited by the AI draft') + *").inner_text()
    return sources + "\n" + agent.get_by_label("Reply to customer").input_value()


def test_documents_feed_drafts_until_deleted(app_server, context_factory):
    url = app_server.url
    admin = context_factory().new_page()
    login(admin, url, "admin@example.com")
    admin.goto(f"{url}/knowledge")
    expect(admin.get_by_role("heading", name="Company documents")).to_be_visible()

    upload(admin, "report.docx", "application/octet-stream", b"not supported")
    expect(admin.get_by_role("status").filter(has_text="Unsupported file type .docx")).to_be_visible()
    assert documents_in_db(app_server.db_url) == []

    upload(admin, "descaling.md", "text/markdown", GUIDE, title="Espresso descaling guide")
    expect(admin.get_by_role("status").filter(has_text="“Espresso descaling guide” indexed: 2 passages")).to_be_visible(
        timeout=30_000)
    pdf = make_pdf([["Grinder warranty.", "Every coffee grinder has a warranty of two years."],
                    ["Grinder claims.", "Send a photo of the grinder burrs with your claim."]])
    upload(admin, "grinder-warranty.pdf", "application/pdf", pdf)
    expect(admin.get_by_role("status").filter(has_text="“grinder warranty” indexed: 2 passages")).to_be_visible(
        timeout=30_000)
    table = admin.get_by_role("table", name="Company documents")
    expect(table).to_contain_text("Espresso descaling guide")
    expect(table).to_contain_text("grinder-warranty.pdf")
    assert documents_in_db(app_server.db_url) == [("Espresso descaling guide", "markdown", "indexed", 2),
                                                  ("grinder warranty", "pdf", "indexed", 2)]

    cited = file_ticket_and_read_sources(context_factory, url)
    assert "document #1: Espresso descaling guide, section Descaling the espresso machine" in cited
    assert 'From our document "Espresso descaling guide, section Descaling the espresso machine"' in cited

    admin.reload()  # usage: the draft's retrieval counted, no reply sent yet
    usage_row = admin.get_by_role("table", name="Knowledge usage").get_by_role("row").filter(
        has_text="document #1: Espresso descaling guide")
    expect(usage_row.locator("td").nth(1)).to_have_text("1")
    expect(usage_row.locator("td").nth(2)).to_have_text("0")

    admin.get_by_role("row").filter(has_text="Espresso descaling guide").get_by_role(
        "button", name="Delete document").click()
    expect(admin.get_by_role("status").filter(has_text="Document deleted.")).to_be_visible()
    expect(table).not_to_contain_text("Espresso descaling guide")
    assert [row[0] for row in documents_in_db(app_server.db_url)] == ["grinder warranty"]

    cited = file_ticket_and_read_sources(context_factory, url)
    assert "Espresso descaling guide" not in cited
