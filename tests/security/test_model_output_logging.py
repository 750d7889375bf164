"""Raw model output never reaches a log line or an exception message (it may quote anything)."""

import logging

import pytest

from support_app.services.ai.engine import InvalidModelOutput
from support_app.services.ai.gemini_engine import GeminiEngine
from support_app.services.ai.pipeline import Pipeline
from support_app.services.ai.types import Analysis, ArticleHit, CustomerHistory, Evidence, TicketInput
from support_app.settings import Settings
from tests.gemini.fake_gemini import FakeGemini

MARKER = "zx-raw-model-output-7731"
TICKET = TicketInput("Parcel late", "My parcel has not moved for a week.", customer=CustomerHistory(name="Ana"))
EVIDENCE = Evidence(articles=[ArticleHit(3, "Track your parcel", "article",
                                         "Open My Orders to see where your delivery is.", 0.9)])


class Local:
    name = "local"

    def analyze(self, ticket):
        return Analysis("shipping_issue", 0.9, "medium", [], "neutral", 0.0, "en",
                        category_scores={"shipping_issue": 0.9})


class Retriever:
    def retrieve(self, ticket):
        return EVIDENCE


@pytest.fixture
def fake():
    with FakeGemini() as server:
        yield server


@pytest.fixture
def engine(fake):
    engine = GeminiEngine(api_key="AIzaFAKE-logging-0123456789", base_url=fake.base_url, max_retries=0)
    yield engine
    engine.close()


ANALYSIS = {"category": "shipping_issue", "priority": "medium", "priority_factors": [], "sentiment": "neutral",
            "sentiment_score": 0.0, "language": "en", "tags": [], "injection_suspected": False}


@pytest.mark.parametrize("answer", [
    {**ANALYSIS, "category": MARKER},
    {**ANALYSIS, "language": MARKER},
    {**ANALYSIS, "sentiment_score": MARKER},
    {**ANALYSIS, "injection_suspected": MARKER},
])
def test_invalid_analysis_is_described_never_quoted(fake, engine, caplog, answer):
    caplog.set_level(logging.DEBUG)
    fake.reply_json(answer)
    with pytest.raises(InvalidModelOutput) as raised:
        engine.analyze(TICKET)
    assert MARKER not in str(raised.value) and MARKER not in caplog.text


def test_pipeline_notes_and_logs_hold_no_model_text(fake, engine, caplog):
    caplog.set_level(logging.DEBUG)
    fake.reply_json({**ANALYSIS, "tags": [MARKER]})
    fake.reply_json({"reply": f"Open My Orders to see where your delivery is [KB-3]. We refund you {MARKER} "
                              f"today. Call {MARKER} at +1 555 010 9999. Thanks!"})
    result = Pipeline(Local(), retriever=Retriever(), remote=engine, settings=Settings()).process(TICKET)
    assert result.draft.engine == "local"  # two of four sentences were unbacked promises: not used
    assert MARKER not in caplog.text
    assert not any(MARKER in note for note in result.analysis.notes)
    assert any("2 of 4 sentences" in note for note in result.analysis.notes)
