"""Which live previews run (state/portal.py): a preview waiting for the preview thread is skipped
once its browser has edited again or filed the ticket; the edit registry stays bounded."""

from support_app.state import portal


def test_only_the_newest_edit_of_a_browser_is_previewed(monkeypatch):
    ran: list[tuple] = []
    monkeypatch.setattr(portal, "_in_session", lambda fn, *args: ran.append(args) or "preview")
    portal._note_edit("tab-1", 1)
    portal._note_edit("tab-2", 1)
    portal._note_edit("tab-1", 2)  # typed again before its first preview got a thread

    assert portal._preview_if_newest("tab-1", 1, "Old subject", "old") is None
    assert portal._preview_if_newest("tab-1", 2, "Where is my order", "two weeks") == "preview"
    assert portal._preview_if_newest("tab-2", 1, "Refund", "please") == "preview"
    portal._note_edit("tab-2", 2)  # filed: `_clear_form` notes a newer edit
    assert portal._preview_if_newest("tab-2", 1, "Refund", "please") is None
    assert ran == [("Where is my order", "two weeks", "tab-1"), ("Refund", "please", "tab-2")]
    assert portal._preview_if_newest("never-typed", 1, "x", "y") is None


def test_the_edit_registry_forgets_the_oldest_browsers_beyond_its_limit(monkeypatch):
    monkeypatch.setattr(portal, "_NEWEST_EDIT_LIMIT", 3)
    monkeypatch.setattr(portal, "_newest_edit", type(portal._newest_edit)())
    for n in range(5):
        portal._note_edit(f"tab-{n}", 1)
    portal._note_edit("tab-2", 2)  # a browser typing again moves to the newest end
    assert list(portal._newest_edit) == ["tab-3", "tab-4", "tab-2"]
