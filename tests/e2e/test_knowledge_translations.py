"""An admin adds a German version of an article in the knowledge editor, then edits it."""

import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import login

GERMAN = ("Öffnen Sie Meine Bestellungen und wählen Sie Sendung verfolgen, um zu sehen, wo Ihre Lieferung ist. "
          "Wenn sich nichts bewegt, antworten Sie auf unsere Nachricht.")


def translations_in_db(db_url: str) -> list[tuple]:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute("SELECT language, title, version FROM knowledgearticletranslation").fetchall()


def test_admin_adds_and_edits_a_german_version(app_server, context_factory):
    url = app_server.url
    admin = context_factory().new_page()
    login(admin, url, "admin@example.com")
    admin.goto(f"{url}/knowledge")
    admin.get_by_role("button", name="Track your order").click()
    expect(admin.get_by_role("heading", name="Edit article")).to_be_visible()
    expect(admin.get_by_role("heading", name="Translations")).to_be_visible()

    expect(admin.get_by_label("Translation language")).to_have_value("de")
    admin.get_by_label("Translation heading").fill("Bestellung verfolgen")
    admin.get_by_label("Translation text").fill(GERMAN)
    admin.get_by_role("button", name="Save translation").click()
    expect(admin.get_by_role("status").filter(has_text="Saved the German version (version 1)")).to_be_visible()
    expect(admin.get_by_role("list", name="Translations")).to_contain_text("Bestellung verfolgen")
    assert translations_in_db(app_server.db_url) == [("de", "Bestellung verfolgen", 1)]

    admin.get_by_label("Translation heading").fill("Ihre Bestellung verfolgen")
    admin.get_by_role("button", name="Save translation").click()
    expect(admin.get_by_role("status").filter(has_text="Saved the German version (version 2)")).to_be_visible()
    assert translations_in_db(app_server.db_url) == [("de", "Ihre Bestellung verfolgen", 2)]

    admin.get_by_label("Translation heading").fill("")
    admin.get_by_role("button", name="Save translation").click()
    expect(admin.get_by_role("status").filter(has_text="Title is required")).to_be_visible()
    assert translations_in_db(app_server.db_url) == [("de", "Ihre Bestellung verfolgen", 2)]

    admin.get_by_label("Translation language").select_option("fr")  # no French version yet: empty form
    expect(admin.get_by_label("Translation heading")).to_have_value("")
    admin.get_by_label("Translation language").select_option("de")
    expect(admin.get_by_label("Translation heading")).to_have_value("Ihre Bestellung verfolgen")
