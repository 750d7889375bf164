"""Knowledge editor service: versions, validation, and the vector store following publish/archive."""

import pytest

from support_app.services import knowledge
from support_app.services.ai.embeddings import get_embedder
from support_app.services.ai.retrieval import Retriever
from support_app.services.ai.types import TicketInput
from support_app.services.ai.vector_store import get_vector_store
from support_app.services.errors import ConflictError, ValidationError

GIFT_CARDS = ("Gift cards never expire. A lost gift card code can be re-sent from the account page; "
              "gift cards cannot be exchanged for cash.")


def article_titles_for(question: str) -> list[str]:
    retriever = Retriever(get_vector_store(), get_embedder())
    ticket = TicketInput(subject=question, description=question)
    return [hit.title for hit in retriever.articles(retriever.embed(ticket), k=3)]


def test_every_save_is_a_version_and_stale_edits_are_refused(db):
    article = knowledge.save(db, "admin@example.com", "Gift cards", GIFT_CARDS, category="general_inquiry")
    edited = knowledge.save(db, "admin@example.com", "Gift cards", GIFT_CARDS + " Balances show at checkout.",
                            category="general_inquiry", article_id=article.id, expected_version=1)
    assert edited.version == 2
    assert [v.version for v in knowledge.versions(db, article.id)] == [2, 1]
    with pytest.raises(ConflictError):
        knowledge.save(db, "other@example.com", "Gift cards", GIFT_CARDS, article_id=article.id, expected_version=1)


def test_invalid_article_is_refused(db):
    with pytest.raises(ValidationError) as error:
        knowledge.save(db, "admin@example.com", "", "short", category="not_a_category")
    assert {"title", "body", "category"} <= set(error.value.errors)
    assert knowledge.list_articles(db) == []


def test_published_articles_are_retrievable_and_archived_ones_are_not(db):
    article = knowledge.save(db, "admin@example.com", "Gift cards", GIFT_CARDS, category="general_inquiry")
    assert "Gift cards" in article_titles_for("Do gift cards expire? I lost my gift card code")
    knowledge.save(db, "admin@example.com", "Gift cards", GIFT_CARDS, category="general_inquiry",
                   status="archived", article_id=article.id, expected_version=article.version)
    assert "Gift cards" not in article_titles_for("Do gift cards expire? I lost my gift card code")
