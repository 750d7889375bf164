"""Gemini drafts in the customer's language: the prompt asks for it, and code checks the answer
(a reply in another language is noted for the agent, not silently passed on)."""

from support_app.services.ai.gemini_engine import language_mismatch
from support_app.services.ai.pipeline import Pipeline
from support_app.services.ai.types import Analysis, ArticleHit, CustomerHistory, Evidence, TicketInput
from support_app.settings import Settings

from .samples import GOOD_ANALYSIS
from .test_pipeline_with_gemini import FixedRetriever, StandInLocal

EVIDENCE = Evidence(articles=[ArticleHit(3, "Track your parcel", "article", "If the tracking has not changed for "
                                         "3 days, we open an investigation with the carrier.", 0.86)])
GERMAN_TICKET = TicketInput("Paket nicht angekommen", "Mein Paket ist nicht angekommen und die Sendungsverfolgung "
                            "zeigt seit einer Woche nichts Neues. Bitte helfen Sie mir.",
                            customer=CustomerHistory(name="Jana Schmidt"))
GERMAN_REPLY = ("Hallo Jana,\n\nvielen Dank für Ihre Nachricht. Wenn sich die Sendungsverfolgung seit 3 Tagen nicht "
                "geändert hat, eröffnen wir eine Nachforschung beim Versanddienstleister [KB-3]. Wir melden uns, "
                "sobald wir mehr wissen.\n\nMit freundlichen Grüßen")
ENGLISH_REPLY = ("Hi Jana,\n\nthank you for your message. If the tracking has not changed for 3 days, we open an "
                 "investigation with the carrier [KB-3]. We will get back to you as soon as we know more.")
SPANISH_REPLY = ("Hola, Lucía:\n\nGracias por escribirnos. Si el seguimiento no ha cambiado en 3 días, abrimos una "
                 "investigación con la empresa de transporte [KB-3]. Le escribiremos en cuanto sepamos más.")
FRENCH_REPLY = ("Bonjour Camille,\n\nMerci pour votre message. Si le suivi n'a pas changé depuis 3 jours, nous "
                "ouvrons une enquête avec le transporteur [KB-3]. Nous revenons vers vous dès que possible.")


def analysis(language: str) -> Analysis:
    return Analysis("shipping_issue", 0.9, "medium", [], "neutral", 0.0, language, engine="gemini")


def test_the_draft_prompt_names_the_customers_language(fake_gemini, make_engine):
    fake_gemini.reply_json({"reply": GERMAN_REPLY})

    draft = make_engine().draft(GERMAN_TICKET, analysis("de"), EVIDENCE)

    request = fake_gemini.calls()[0]
    assert "Reply language: German (de)" in request.user_text
    assert "Write the whole reply in the reply language" in request.system_instruction
    assert draft.text.startswith("Hallo Jana") and draft.notes == []


def test_a_reply_in_another_language_is_noted(fake_gemini, make_engine):
    fake_gemini.reply_json({"reply": ENGLISH_REPLY})

    draft = make_engine().draft(GERMAN_TICKET, analysis("de"), EVIDENCE)

    assert draft.engine == "gemini" and draft.text.startswith("Hi Jana")  # usable, but the agent must know
    assert draft.notes == ["gemini draft: reply written in English (en), but the customer wrote in German (de); "
                           "check it before sending"]


def test_replies_are_judged_in_each_language():
    assert language_mismatch(GERMAN_REPLY, "de") is None
    assert language_mismatch(SPANISH_REPLY, "es") is None
    assert language_mismatch(FRENCH_REPLY, "fr") is None
    assert "French (fr)" in language_mismatch(FRENCH_REPLY, "es")
    assert language_mismatch("Hallo Jana, danke [KB-3].", "en") is None  # too short to judge


def test_the_pipeline_records_the_mismatch_with_the_analysis(fake_gemini, make_engine):
    fake_gemini.reply_json({**GOOD_ANALYSIS, "language": "de", "sentiment_score": -0.2})
    fake_gemini.reply_json({"reply": ENGLISH_REPLY})
    pipeline = Pipeline(StandInLocal(), retriever=FixedRetriever(), remote=make_engine(),
                        settings=Settings(_env_file=None))

    result = pipeline.process(GERMAN_TICKET)

    assert result.analysis.language == "de" and result.draft.engine == "gemini"
    assert any("reply written in English (en), but the customer wrote in German (de)" in note
               for note in result.analysis.notes)
