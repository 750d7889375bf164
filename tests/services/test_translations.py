"""Article translations: one article, several language versions, edited like the article; a ticket
in German is answered from the German version when there is one."""

import pytest
from sqlmodel import select

from support_app.models import KnowledgeArticleTranslation
from support_app.services import knowledge, translations
from support_app.services import indexing
from support_app.services.ai.drafting import compose_draft, split_sentences
from support_app.services.ai.embeddings import get_embedder
from support_app.services.ai.retrieval import Retriever
from support_app.services.ai.types import Analysis, CustomerHistory, TicketInput
from support_app.services.ai.vector_store import get_vector_store
from support_app.services.errors import ConflictError, NotFoundError, ValidationError

ENGLISH = """# Track your parcel

Open My Orders and select Track parcel to see where your delivery is.

If the tracking has not changed for 3 days, the carrier may have lost the parcel and we open an \
investigation with them.
"""
GERMAN = """# Sendung verfolgen

Öffnen Sie Meine Bestellungen und wählen Sie Sendung verfolgen, um zu sehen, wo Ihre Lieferung ist.

Wenn sich die Sendungsverfolgung seit 3 Tagen nicht geändert hat, hat der Versanddienstleister das Paket \
möglicherweise verloren, und wir leiten eine Nachforschung ein.
"""
GERMAN_TICKET = TicketInput("Mein Paket ist nicht angekommen",
                            "Die Sendungsverfolgung hat sich seit einer Woche nicht geändert. Bitte helfen Sie mir.",
                            customer=CustomerHistory(name="Jana Schmidt"))
ENGLISH_TICKET = TicketInput("My parcel has not arrived", "The tracking has not changed for a week. Please help me.")


@pytest.fixture
def article(db):
    return knowledge.save(db, "admin@example.com", "Track your parcel", ENGLISH, "shipping_issue")


def _articles(ticket):
    return Retriever(get_vector_store(), get_embedder(), min_similarity=0.0).retrieve(ticket).articles


def test_a_translation_is_saved_with_its_own_versions(db, article):
    first = translations.save(db, "admin@example.com", article.id, "DE", "Sendung verfolgen", GERMAN)
    assert (first.language, first.version, first.title) == ("de", 1, "Sendung verfolgen")

    second = translations.save(db, "editor@example.com", article.id, "de", "Sendung verfolgen (neu)", GERMAN,
                               expected_version=1)
    assert second.id == first.id and second.version == 2 and second.editor == "editor@example.com"
    with pytest.raises(ConflictError):
        translations.save(db, "late@example.com", article.id, "de", "Veraltet", GERMAN, expected_version=1)
    assert [t.title for t in translations.for_article(db, article.id)] == ["Sendung verfolgen (neu)"]
    assert knowledge.get(db, article.id).version == 1  # the original is untouched


@pytest.mark.parametrize(("language", "title", "body", "field"), [
    ("xx", "Titel", GERMAN, "language"),
    ("de", "   ", GERMAN, "title"),
    ("de", "Titel", "zu kurz", "body"),
    ("de", "T" * 201, GERMAN, "title"),
])
def test_bad_input_is_refused_and_changes_nothing(db, article, language, title, body, field):
    with pytest.raises(ValidationError) as raised:
        translations.save(db, "admin@example.com", article.id, language, title, body)
    assert field in raised.value.errors
    assert db.exec(select(KnowledgeArticleTranslation)).all() == []


def test_unknown_article_is_refused(db):
    with pytest.raises(NotFoundError):
        translations.save(db, "admin@example.com", 999, "de", "Titel", GERMAN)


def test_a_german_ticket_gets_the_german_version_and_an_english_one_the_original(db, article):
    assert _articles(GERMAN_TICKET)[0].title == "Track your parcel"  # no German version yet

    translations.save(db, "admin@example.com", article.id, "de", "Sendung verfolgen", GERMAN)
    translations.save(db, "admin@example.com", article.id, "fr", "Suivre votre colis",
                      "Ouvrez Mes commandes et choisissez Suivre le colis pour voir où se trouve votre livraison.")

    [german] = _articles(GERMAN_TICKET)  # one hit per article, however many passages matched
    assert (german.article_id, german.title) == (article.id, "Sendung verfolgen")
    assert "Versanddienstleister" in german.passage and "carrier" not in german.passage
    english = _articles(ENGLISH_TICKET)
    assert english[0].title == "Track your parcel" and "carrier" in english[0].passage
    assert all(hit.title == "Track your parcel" and "colis" not in hit.passage for hit in english)


def test_the_local_draft_quotes_the_german_version_in_a_german_frame(db, article):
    translations.save(db, "admin@example.com", article.id, "de", "Sendung verfolgen", GERMAN)
    evidence = Retriever(get_vector_store(), get_embedder(), min_similarity=0.0).retrieve(GERMAN_TICKET)

    draft = compose_draft(GERMAN_TICKET, Analysis("shipping_issue", 0.9, "medium", [], "neutral", 0.0, "de"),
                          evidence)

    prefix = "Aus unserem Hilfeartikel „Sendung verfolgen“: "
    quote = next(line for line in draft.text.splitlines() if line.startswith(prefix)).removeprefix(prefix)
    assert quote and all(sentence in GERMAN for sentence in split_sentences(quote))
    assert draft.text.startswith("Hallo Jana,") and [s.id for s in draft.sources] == [article.id]


def test_translations_survive_an_edit_of_the_original_and_a_full_rebuild(db, article):
    translations.save(db, "admin@example.com", article.id, "de", "Sendung verfolgen", GERMAN)

    knowledge.save(db, "admin@example.com", "Track your parcel", ENGLISH + "\nUpdated.\n", "shipping_issue",
                   article_id=article.id, expected_version=1)
    assert _articles(GERMAN_TICKET)[0].title == "Sendung verfolgen"

    indexing.rebuild_all(db, progress=False)
    assert _articles(GERMAN_TICKET)[0].title == "Sendung verfolgen"


def test_an_archived_article_feeds_no_draft_in_any_language(db, article):
    translations.save(db, "admin@example.com", article.id, "de", "Sendung verfolgen", GERMAN)
    knowledge.save(db, "admin@example.com", "Track your parcel", ENGLISH, "shipping_issue", status="archived",
                   article_id=article.id, expected_version=1)
    assert _articles(GERMAN_TICKET) == [] and _articles(ENGLISH_TICKET) == []


def test_article_suggestions_in_the_portal_come_in_the_customers_language(seeded_db):
    from support_app.services import deflection

    tracking = next(a for a in knowledge.list_articles(seeded_db) if a.title == "Track your order")
    translations.save(seeded_db, "admin@example.com", tracking.id, "de", "Bestellung verfolgen",
                      "Öffnen Sie Meine Bestellungen und wählen Sie Sendung verfolgen, um zu sehen, wo Ihre "
                      "Bestellung gerade ist. Die Sendungsnummer steht auch in der Versandbestätigung.")
    german = deflection.preview(seeded_db, "Wo ist meine Bestellung?", "Ich möchte meine Bestellung verfolgen. Wo finde ich "
                                "die Sendungsnummer für meine Bestellung?")
    english = deflection.preview(seeded_db, "Where is my order?", "I want to track my order. Where do I find the tracking "
                                 "number for my order?")

    assert tracking.id in [s.article_id for s in german.suggestions]
    assert next(s.title for s in german.suggestions if s.article_id == tracking.id) == "Bestellung verfolgen"
    assert next(s.title for s in english.suggestions if s.article_id == tracking.id) == "Track your order"
