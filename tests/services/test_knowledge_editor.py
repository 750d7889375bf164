"""The knowledge editor's services: versions, side-by-side diff, restore, tags, "not indexed" with
a retry, the safe Markdown preview and "test retrieval" through the pipeline's own retrieval."""

import socket

import pytest

from support_app.services import documents, knowledge
from support_app.services.ai.vector_store import DOCUMENTS, KNOWLEDGE_BASE, get_vector_store, reset_vector_store
from support_app.services.errors import ValidationError
from support_app.services.markdown_render import render
from support_app.settings import get_settings

KETTLE_V1 = "## Descaling\n\nDescale the kettle every month with citric acid.\nRinse it twice afterwards."
KETTLE_V2 = "## Descaling\n\nDescale the kettle every two weeks with citric acid.\nRinse it twice afterwards."


def _kettle(db, editor="ann@example.com"):
    return knowledge.save(db, editor, "Kettle care", KETTLE_V1, "technical_support", tags="Kettle, descaling, kettle")


def test_versions_diff_side_by_side_and_restore_is_a_new_version(db):
    article = _kettle(db)
    knowledge.save(db, "bo@example.com", "Kettle care and descaling", KETTLE_V2, "technical_support",
                   article_id=article.id, expected_version=1)

    rows = knowledge.diff(db, article.id, 1, 2)
    changed = [(r.change, r.old_text, r.new_text) for r in rows if r.change != "equal"]
    assert changed == [
        ("replace", "# Kettle care", "# Kettle care and descaling"),
        ("replace", "Descale the kettle every month with citric acid.",
         "Descale the kettle every two weeks with citric acid."),
    ]
    assert ("equal", "Rinse it twice afterwards.", "Rinse it twice afterwards.") in [
        (r.change, r.old_text, r.new_text) for r in rows]

    restored = knowledge.restore(db, "cy@example.com", article.id, 1, expected_version=2)
    assert (restored.version, restored.title, restored.body, restored.tags) == (3, "Kettle care", KETTLE_V1,
                                                                               "kettle, descaling")
    history = [(v.version, v.editor, v.title, v.note) for v in knowledge.versions(db, article.id)]
    assert history == [(3, "cy@example.com", "Kettle care", "restored version 1; title; body"),
                       (2, "bo@example.com", "Kettle care and descaling", "title; body"),
                       (1, "ann@example.com", "Kettle care", "created")]
    assert all(v.created_at.tzinfo is not None for v in knowledge.versions(db, article.id))
    assert [r for r in knowledge.diff(db, article.id, 1, 3) if r.change != "equal"] == []


def test_diff_of_an_unknown_version_is_a_clear_error(db):
    article = _kettle(db)
    with pytest.raises(Exception, match="Version 7 of article"):
        knowledge.diff(db, article.id, 1, 7)


def test_tags_are_cleaned_and_limited(db):
    assert knowledge.clean_tags(" Kettle ,descaling,, KETTLE , limescale ") == "kettle, descaling, limescale"
    with pytest.raises(ValidationError, match="at most 10 tags"):
        knowledge.clean_tags([f"t{n}" for n in range(11)])
    article = _kettle(db)
    unchanged = knowledge.save(db, "bo@example.com", article.title, article.body, article_id=article.id)
    assert unchanged.tags == "kettle, descaling"  # tags=None keeps them
    archived = knowledge.save(db, "bo@example.com", article.title, article.body, None, status="archived",
                              article_id=article.id, tags="kettle")
    assert [v.note for v in knowledge.versions(db, archived.id)][:2] == [
        "tags; status published → archived", "category technical_support → none"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_article_that_cannot_be_embedded_is_saved_not_indexed_and_a_retry_repairs_it(db, monkeypatch):
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(_closed_port()))  # nothing listens: Chroma is down
    get_settings.cache_clear()
    reset_vector_store()
    article = _kettle(db)
    assert article.id and article.version == 1 and article.index_error  # saved, marked not indexed

    monkeypatch.delenv("CHROMA_HOST")
    get_settings.cache_clear()
    reset_vector_store()
    repaired = knowledge.retry_index(db, article.id)
    assert repaired.index_error == ""
    assert get_vector_store().count(KNOWLEDGE_BASE) >= 1


def test_reindex_clears_not_indexed_and_indexes_failed_documents(db):
    from support_app.cli import reindex

    article = _kettle(db)
    article.index_error = "VectorStoreError: earlier failure"
    db.add(article)
    db.commit()
    doc = documents.upload(db, "ann@example.com", "hours.txt", b"The hotline is open Monday to Friday.")
    path = get_settings().documents_directory / doc.stored_name
    data = path.read_bytes()
    path.unlink()
    assert documents.index_document(doc.id).status == "failed"
    path.write_bytes(data)

    assert reindex.main(["--quiet"]) == 0
    db.expire_all()
    assert knowledge.get(db, article.id).index_error == ""
    assert documents.get(db, doc.id).status == "indexed"
    assert get_vector_store().count(DOCUMENTS) == 1

    assert reindex.main(["--quiet"]) == 0  # an indexed document is rebuilt from its SQL passages
    assert get_vector_store().count(DOCUMENTS) == 1


@pytest.mark.parametrize("markdown, present, absent", [
    ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
    ('<img src="x" onerror="alert(1)">', "&lt;img", "<img"),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))", "href"),
    ("[click](JaVaScRiPt:alert(1))", "[click]", "href"),
    ("[x](data:text/html,<b>hi</b>)", "[x]", "href"),
    ("[help](https://example.com/help)", 'href="https://example.com/help" rel="noopener noreferrer nofollow"',
     "javascript"),
    ("## Heading\n\n- **bold** item", "<h2>Heading</h2>", "<script"),
])
def test_markdown_preview_is_safe(markdown, present, absent):
    html = render(markdown)
    assert present in html and absent not in html


def test_test_retrieval_uses_the_pipeline_and_lists_the_best_match_first(db):
    knowledge.save(db, "ann@example.com", "Kettle care", KETTLE_V1 + "\nLimescale makes the kettle slow to boil.",
                   "technical_support")
    password = knowledge.save(db, "ann@example.com", "Reset your password",
                              "## Forgotten password\n\nOpen the login page and choose Forgot password. "
                              "We email you a reset link.", "account_issue")
    documents.upload(db, "ann@example.com", "warranty.md", b"## Warranty\n\nEvery kettle has a two year warranty.")

    items, notes = knowledge.test_retrieval("I forgot my password and cannot log in, how do I reset it?")
    assert items[0].kind == "article" and items[0].id == password.id and items[0].title == "Reset your password"
    assert items == sorted(items, key=lambda i: -i.similarity)
    with pytest.raises(ValidationError):
        knowledge.test_retrieval("   ")
