"""Local drafts speak the customer's language: the frame (greeting, thanks, topic, "if this does not
solve it", closing) follows the ticket's detected language; articles are quoted as written."""

import pytest

from support_app.services.ai.drafting import FRAMES, compose_draft, split_sentences, unsupported_claims
from support_app.services.ai.embeddings import get_embedder
from support_app.services.ai.language import detect_language
from support_app.services.ai.local_engine import LocalEngine
from support_app.services.ai.pipeline import Pipeline
from support_app.services.ai.retrieval import Retriever
from support_app.services.ai.types import Analysis, ArticleHit, CustomerHistory, Evidence, TicketInput
from support_app.settings import Settings

from .conftest import TRACKING_ARTICLE

TICKETS = {
    "de": TicketInput("Mein Paket ist nicht angekommen",
                      "Die Sendungsverfolgung für mein Paket hat sich seit einer Woche nicht verändert. "
                      "Können Sie mir bitte helfen?", order_number="BC-12345",
                      customer=CustomerHistory(name="Jana Schmidt")),
    "es": TicketInput("Mi paquete no ha llegado",
                      "El seguimiento de mi paquete no ha cambiado en una semana. ¿Me pueden ayudar, por favor?",
                      order_number="BC-12345", customer=CustomerHistory(name="Lucía García")),
    "fr": TicketInput("Mon colis n'est pas arrivé",
                      "Le suivi de mon colis n'a pas changé depuis une semaine. Pouvez-vous m'aider, merci ?",
                      order_number="BC-12345", customer=CustomerHistory(name="Camille Martin")),
    "en": TicketInput("My parcel has not arrived",
                      "The tracking for my parcel has not changed for a week. Can you help me please?",
                      order_number="BC-12345", customer=CustomerHistory(name="Ana Lopez")),
}
EXPECTED = {  # greeting, thanks with the topic, "if this does not solve it", closing
    "de": ("Hallo Jana,", "vielen Dank für Ihre Nachricht zu Ihrer Lieferung (Bestellung BC-12345).",
           "Falls das Ihr Anliegen nicht löst", "Mit freundlichen Grüßen\nIhr Kundenservice"),
    "es": ("Hola, Lucía:", "Gracias por escribirnos sobre su entrega (pedido BC-12345).",
           "Si esto no lo soluciona", "Saludos cordiales,\nAtención al cliente"),
    "fr": ("Bonjour Camille,", "Merci de nous avoir contactés au sujet de votre livraison (commande BC-12345).",
           "Si cela ne résout pas le problème", "Cordialement,\nLe service client"),
    "en": ("Hi Ana,", "Thank you for contacting us about your delivery (order BC-12345).",
           "If this does not solve it", "Best regards,\nCustomer Support"),
}
TRACKING = ArticleHit(2, "Track your parcel", "article", TRACKING_ARTICLE, 0.8)


def analysis(language: str, category: str = "shipping_issue", sentiment: str = "neutral") -> Analysis:
    return Analysis(category, 0.9, "medium", [], sentiment, 0.0, language)


@pytest.mark.parametrize("language", ["de", "es", "fr", "en"])
def test_the_frame_is_in_the_tickets_language_and_the_article_is_quoted_as_written(language):
    ticket = TICKETS[language]
    assert detect_language(ticket.text) == language

    draft = compose_draft(ticket, analysis(detect_language(ticket.text)), Evidence(articles=[TRACKING]))

    greeting, thanks, not_solved, closing = EXPECTED[language]
    lines = draft.text.splitlines()
    assert lines[0] == greeting and lines[2] == thanks
    assert not_solved in draft.text and draft.text.endswith(closing)
    prefix = FRAMES[language].article.format(title="Track your parcel")  # the title as written
    quote = next(line for line in lines if line.startswith(prefix)).removeprefix(prefix)
    assert quote and all(sentence in TRACKING_ARTICLE for sentence in split_sentences(quote))  # not translated
    assert [(s.kind, s.id) for s in draft.sources] == [("article", 2)]
    assert unsupported_claims(draft.text, [TRACKING_ARTICLE]) == []


@pytest.mark.parametrize("language", ["de", "es", "fr"])
def test_without_evidence_the_acknowledgement_is_in_the_tickets_language_too(language):
    ticket = TicketInput("?", "?", customer=CustomerHistory(recent_contacts_7d=1))
    draft = compose_draft(ticket, analysis(language, "account_issue"), Evidence())
    frame = FRAMES[language]
    assert draft.text.startswith(frame.greeting_no_name)
    assert frame.thanks.format(topic=frame.topics["account_issue"]) + "." in draft.text
    assert frame.recent_contact in draft.text and frame.reviewing in draft.text
    assert FRAMES["en"].reviewing not in draft.text


def test_every_frame_names_every_category_and_promises_nothing():
    english = FRAMES["en"]
    for language, frame in FRAMES.items():
        assert set(frame.topics) == set(english.topics), language
        words = [value for value in vars(frame).values() if isinstance(value, str)] + list(frame.topics.values())
        assert unsupported_claims(" ".join(words), []) == [], language


def test_a_language_without_a_frame_gets_the_english_one():
    draft = compose_draft(TICKETS["en"], analysis("it"), Evidence())
    assert draft.text.startswith("Hi Ana,")


def test_the_local_pipeline_answers_a_german_ticket_in_german(indexed, isolated_settings):
    pipeline = Pipeline(LocalEngine(), Retriever(indexed, get_embedder()), settings=Settings())
    result = pipeline.process(TICKETS["de"])

    assert result.analysis.language == "de"
    assert result.draft.text.startswith("Hallo Jana,\n\nvielen Dank für Ihre Nachricht zu ")
    assert result.draft.text.endswith("Mit freundlichen Grüßen\nIhr Kundenservice")
