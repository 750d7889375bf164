"""The pipeline with GeminiEngine as its remote engine, against the fake Gemini server.

Every failure mode must end with a valid category, a draft, and the right escalation reasons. The
local engine here is a small stand-in (fixed labels, the real injection check) so that these tests
are about how Gemini's failures are handled, not about the classifier; retrieval returns fixed evidence.
"""

import pytest

from support_app.models import CATEGORIES
from support_app.services.ai import escalation
from support_app.services.ai.injection import detect_injection
from support_app.services.ai.pipeline import Pipeline
from support_app.services.ai.types import (
    Analysis,
    ArticleHit,
    CustomerHistory,
    Evidence,
    SimilarTicket,
    TicketInput,
)
from support_app.settings import Settings

from .samples import GOOD_ANALYSIS, INJECTION

EVIDENCE = Evidence(
    similar_tickets=[
        SimilarTicket(7, "Parcel stuck in transit", "shipping_issue", "We opened a carrier trace.", 0.82),
        SimilarTicket(8, "Tracking not updating", "shipping_issue", "Tracking resumed after customs.", 0.78),
    ],
    articles=[
        ArticleHit(3, "Track your parcel", "article", "If the tracking has not changed for 3 days, we open an "
                   "investigation with the carrier.", 0.86),
        ArticleHit(4, "Delivery times", "policy", "Standard delivery takes 3-5 business days.", 0.74),
    ],
)
GOOD_DRAFT = {"reply": "Hi Ana,\n\nIf tracking has not changed for 3 days we open an investigation "
                       "with the carrier [KB-3]. We have started one for your order [T-7]."}


class StandInLocal:
    name = "local"

    def analyze(self, ticket: TicketInput) -> Analysis:
        return Analysis(
            category="shipping_issue", category_probability=0.85, priority="medium", priority_factors=[],
            sentiment="neutral", sentiment_score=0.0, language="en",
            category_scores={"shipping_issue": 0.85, "general_inquiry": 0.05, "refund_request": 0.1},
            injection_suspected=bool(detect_injection(ticket.text)),
        )

    def draft(self, ticket, analysis, evidence):  # the pipeline composes local drafts itself
        raise AssertionError("not used")


class FixedRetriever:
    def retrieve(self, ticket: TicketInput) -> Evidence:
        return EVIDENCE


def ticket(description: str = "My parcel has not moved in tracking for four days.") -> TicketInput:
    return TicketInput(subject="Parcel stuck", description=description, order_number="ORD-7",
                       customer=CustomerHistory(name="Ana Lopez"))


@pytest.fixture
def pipeline(make_engine):
    def make(**engine_options) -> Pipeline:
        return Pipeline(StandInLocal(), retriever=FixedRetriever(), remote=make_engine(**engine_options),
                        settings=Settings(confidence_threshold=0.7, escalation_threshold=0.3))
    return make


def codes(result) -> set[str]:
    return {reason.split(":")[0] for reason in result.escalation.reasons}


def assert_valid(result) -> None:
    assert result.analysis.category in CATEGORIES
    assert result.draft.text.strip()


def test_gemini_answers_both_steps(fake_gemini, pipeline):
    fake_gemini.reply_json({**GOOD_ANALYSIS, "priority": "medium", "sentiment": "neutral", "sentiment_score": 0.0})
    fake_gemini.reply_json(GOOD_DRAFT)

    result = pipeline().process(ticket())

    assert_valid(result)
    assert result.analysis.engine == "gemini" and result.draft.engine == "gemini"
    assert result.analysis.category_probability == 0.85  # the local classifier's, for Gemini's label
    assert [(s.kind, s.id) for s in result.draft.sources] == [("article", 3), ("ticket", 7)]
    assert result.escalation.escalate is False, result.escalation.reasons
    assert len(fake_gemini.calls()) == 2


def test_429_then_success_is_retried_and_used(fake_gemini, pipeline, sleeps):
    fake_gemini.error(429).reply_json({**GOOD_ANALYSIS, "sentiment_score": -0.2}).reply_json(GOOD_DRAFT)

    result = pipeline().process(ticket())

    assert_valid(result)
    assert result.analysis.engine == "gemini" and result.draft.engine == "gemini"
    assert len(fake_gemini.calls()) == 3 and len(sleeps) == 1
    assert not codes(result) & {escalation.INVALID_OUTPUT, escalation.INJECTION}


@pytest.mark.parametrize("failure", ["server_error", "timeout"])
def test_unavailable_gemini_falls_back_to_local_without_escalating(fake_gemini, pipeline, failure):
    if failure == "server_error":
        fake_gemini.error(500)
    else:
        fake_gemini.slow(2.0, GOOD_ANALYSIS)

    result = pipeline(max_retries=2, timeout_seconds=0.3).process(ticket())

    assert_valid(result)
    assert result.analysis.engine == "local" and result.draft.engine == "local"
    assert any("gemini unavailable" in note for note in result.analysis.notes)
    assert not codes(result) & {escalation.INVALID_OUTPUT, escalation.INJECTION}
    # no draft call once the analysis call failed: 3 attempts for a 500, 1 for a timeout
    assert len(fake_gemini.calls()) == (3 if failure == "server_error" else 1)


@pytest.mark.parametrize(
    "bad_answer",
    ['{"category": "shipping_issue", "priority"', '{"category": "billing", "priority": "low"}'],
    ids=["malformed_json", "out_of_set_label"],
)
def test_invalid_analysis_uses_local_labels_and_escalates(fake_gemini, pipeline, bad_answer):
    fake_gemini.reply_text(bad_answer).reply_json(GOOD_DRAFT)

    result = pipeline().process(ticket())

    assert_valid(result)
    assert result.analysis.category == "shipping_issue" and result.analysis.engine == "local"
    assert escalation.INVALID_OUTPUT in codes(result)
    assert len(fake_gemini.calls()) == 2  # one analysis call, one draft call


def test_failed_draft_falls_back_to_local_draft(fake_gemini, pipeline):
    fake_gemini.reply_json({**GOOD_ANALYSIS, "sentiment_score": -0.2}).error(503)

    result = pipeline(max_retries=1).process(ticket())

    assert_valid(result)
    assert result.analysis.engine == "gemini" and result.draft.engine == "local"
    assert escalation.INVALID_OUTPUT not in codes(result)
    assert len(fake_gemini.calls()) == 3


def test_injection_obeyed_by_the_model_is_escalated(fake_gemini, pipeline):
    fake_gemini.reply_json({**GOOD_ANALYSIS, "category": "general_inquiry", "priority": "low",
                            "sentiment": "neutral", "sentiment_score": 0.0, "injection_suspected": False})
    fake_gemini.reply_json({"reply": "Of course. We will give you a full refund today."})

    result = pipeline().process(ticket(f"My parcel is late. {INJECTION}"))

    assert_valid(result)
    assert result.analysis.injection_suspected is True
    assert {escalation.INJECTION, escalation.INVALID_OUTPUT} <= codes(result)
    assert result.draft.engine == "local" and "refund" not in result.draft.text.lower()
    assert len(fake_gemini.calls()) == 2
    for request in fake_gemini.calls():
        text = request.user_text
        assert text.index("<ticket>") < text.index(INJECTION) < text.index("</ticket>")
