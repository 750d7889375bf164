"""An admin writes an article with a safe live preview, edits it, compares the versions side by
side, restores the first one, and sees it retrieved first for a matching question."""

from playwright.sync_api import expect

from tests.e2e.conftest import login

BODY_V1 = ("## Limescale in the kettle\n\nFill the kettle with water and citric acid and boil it once a month. "
           "Rinse the kettle twice afterwards.\n\n<script>window.hacked = 1</script> "
           "[click me](javascript:window.hacked=2)")
BODY_V2 = BODY_V1.replace("once a month", "every two weeks")


def test_edit_diff_restore_and_test_retrieval(app_server, context_factory):
    url = app_server.url
    admin = context_factory().new_page()
    login(admin, url, "admin@example.com")
    admin.goto(f"{url}/knowledge")
    admin.get_by_role("button", name="New article").click()
    admin.get_by_label("Title", exact=True).fill("Kettle limescale care")
    admin.get_by_label("Body (Markdown)").fill(BODY_V1)
    admin.get_by_label("Tags (comma-separated)").fill("Kettle, limescale")

    preview = admin.get_by_role("region", name="Preview")
    expect(preview.get_by_role("heading", name="Limescale in the kettle")).to_be_visible()
    expect(preview).to_contain_text("<script>window.hacked = 1</script>")  # shown as text, not run
    expect(preview.locator("script")).to_have_count(0)
    expect(preview.locator("a")).to_have_count(0)  # the javascript: link is not a link
    assert admin.evaluate("window.hacked") is None

    admin.get_by_role("button", name="Save article").click()
    expect(admin.get_by_role("status").filter(has_text="Saved “Kettle limescale care” (version 1)")).to_be_visible()
    admin.get_by_label("Body (Markdown)").fill(BODY_V2)
    admin.get_by_role("button", name="Save article").click()
    expect(admin.get_by_role("status").filter(has_text="(version 2)")).to_be_visible()

    admin.get_by_label("Compare version").select_option("1")
    admin.get_by_label("with version").select_option("2")
    admin.get_by_role("button", name="Show differences").click()
    diff = admin.get_by_role("table", name="Differences")
    changed = diff.locator("tr.diff-replace")
    expect(changed).to_have_count(1)
    expect(changed.locator("td.diff-old")).to_contain_text("once a month")
    expect(changed.locator("td.diff-new")).to_contain_text("every two weeks")

    admin.get_by_role("button", name="Restore version 1").click()
    expect(admin.get_by_role("status").filter(has_text="Restored version 1 as version 3")).to_be_visible()
    expect(admin.get_by_label("Body (Markdown)")).to_have_value(BODY_V1)
    expect(admin.get_by_role("list", name="Versions").locator("li")).to_have_count(3)

    admin.get_by_label("Customer question").fill("How often should I descale my kettle with citric acid "
                                                 "to remove the limescale?")
    admin.get_by_role("button", name="Test retrieval").click()
    first = admin.get_by_role("list", name="Retrieved").locator("li").first
    expect(first).to_contain_text("Kettle limescale care", timeout=30_000)
    expect(first).to_contain_text("article #")
