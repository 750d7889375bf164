"""Gemini as it is today: the start-up model check, the engine status, and thinking settings,
against the fake Gemini server."""

import logging
import time

import pytest

from support_app.services.ai import engine as engine_mod
from support_app.services.ai.engine import EngineError
from support_app.services.ai.gemini_engine import MAX_OUTPUT_TOKENS, thinking_style
from support_app.services.ai.pipeline import Pipeline
from support_app.settings import Settings

from .conftest import API_KEY
from .fake_gemini import model_info
from .samples import GOOD_ANALYSIS
from .test_pipeline_with_gemini import GOOD_DRAFT, FixedRetriever, StandInLocal, ticket


def test_default_model_is_the_moving_flash_alias(monkeypatch):
    monkeypatch.delenv("GEMINI_MODEL", raising=False)
    assert Settings(_env_file=None).gemini_model == "gemini-flash-latest"
    monkeypatch.setenv("GEMINI_MODEL", "gemini-3-flash")
    assert Settings(_env_file=None).gemini_model == "gemini-3-flash"


# The start-up check ---------------------------------------------------------------------------
def test_check_finds_the_model_and_reports_ok(fake_gemini, make_engine):
    status = make_engine().check_model()

    assert status.state == engine_mod.OK and status.remote_usable
    assert "gemini-flash-latest" in status.message and "answers" in status.message
    [lookup] = fake_gemini.model_lookups()
    assert lookup.path.split("?")[0].endswith("/models/gemini-flash-latest")
    assert lookup.headers["x-goog-api-key"] == API_KEY


def test_check_reports_a_model_google_shut_down(fake_gemini, make_engine):
    status = make_engine(model="gemini-2.0-flash").check_model()

    assert status.state == engine_mod.MODEL_NOT_FOUND and not status.remote_usable
    assert "no model 'gemini-2.0-flash'" in status.message
    assert "local engine" in status.message


def test_check_reports_a_refused_key_without_quoting_it(fake_gemini, make_engine):
    fake_gemini.refused_keys.add(API_KEY)

    status = make_engine().check_model()

    assert status.state == engine_mod.KEY_REFUSED
    assert "refused the API key" in status.message and API_KEY not in status.message


def test_check_reports_an_unreachable_service(make_engine):
    status = make_engine(base_url="http://127.0.0.1:9").check_model()
    assert status.state == engine_mod.UNREACHABLE
    assert "could not be reached" in status.message


def test_check_reports_a_server_error_as_unreachable(fake_gemini, make_engine):
    fake_gemini.lookup_error = 503
    status = make_engine().check_model()
    assert status.state == engine_mod.UNREACHABLE and "HTTP 503" in status.message


def test_pipeline_uses_the_local_engine_when_the_model_is_missing_and_says_so(fake_gemini, make_engine, caplog):
    pipeline = Pipeline(StandInLocal(), retriever=FixedRetriever(), remote=make_engine(model="gemini-2.0-flash"),
                        settings=Settings(_env_file=None))
    assert pipeline.engine_status().state == engine_mod.CHECKING

    with caplog.at_level(logging.ERROR, logger="support_app.services.ai.pipeline"):
        pipeline.check_remote()
        pipeline.check_remote()  # the same failure again is not logged again
    result = pipeline.process(ticket())

    assert len([r for r in caplog.records if "model not found" in r.getMessage()]) == 1
    assert pipeline.engine_status().state == engine_mod.MODEL_NOT_FOUND
    assert result.analysis.engine == "local" and result.draft.engine == "local"
    assert any(note.startswith("remote engine not used (model not found)") for note in result.analysis.notes)
    assert fake_gemini.calls() == []  # no ticket was sent to a model that does not exist


def test_pipeline_uses_gemini_once_the_check_passes(fake_gemini, make_engine):
    fake_gemini.reply_json(GOOD_ANALYSIS).reply_json(GOOD_DRAFT)
    pipeline = Pipeline(StandInLocal(), retriever=FixedRetriever(), remote=make_engine(),
                        settings=Settings(_env_file=None))

    assert pipeline.check_remote().state == engine_mod.OK
    result = pipeline.process(ticket())

    assert result.analysis.engine == "gemini" and result.draft.engine == "gemini"
    assert len(fake_gemini.model_lookups()) == 1  # checked once, not per ticket


def test_an_unreachable_gemini_is_checked_again_later_in_the_background(fake_gemini, make_engine, monkeypatch):
    from support_app.services.ai import pipeline as pipeline_mod

    fake_gemini.lookup_error = 503
    pipeline = Pipeline(StandInLocal(), retriever=FixedRetriever(), remote=make_engine(),
                        settings=Settings(_env_file=None))
    assert pipeline.check_remote().state == engine_mod.UNREACHABLE
    fake_gemini.lookup_error = None  # the service is back

    first = pipeline.process(ticket())  # too soon to ask again
    assert first.analysis.engine == "local" and len(fake_gemini.model_lookups()) == 1

    monkeypatch.setattr(pipeline_mod, "RECHECK_UNREACHABLE_SECONDS", 0.0)
    fake_gemini.reply_json(GOOD_ANALYSIS).reply_json(GOOD_DRAFT)
    assert pipeline.process(ticket()).analysis.engine == "local"  # starts the re-check, does not wait for it
    deadline = time.monotonic() + 3
    while pipeline.engine_status().state != engine_mod.OK and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pipeline.engine_status().state == engine_mod.OK
    assert len(fake_gemini.model_lookups()) == 2
    assert pipeline.process(ticket()).analysis.engine == "gemini"


def test_engine_status_without_a_key_says_local_by_design(isolated_env):
    """No key: nothing to check, no request made, and the status says the local engine is by design."""
    from support_app.services.ai.pipeline import check_remote_engine, engine_status

    assert check_remote_engine().state == engine_mod.NOT_CONFIGURED
    status = engine_status()
    assert status.state == engine_mod.NOT_CONFIGURED and "No GOOGLE_API_KEY" in status.message


def test_engine_status_from_settings_checks_the_configured_model(fake_gemini, monkeypatch, isolated_env):
    from support_app.services.ai.pipeline import check_remote_engine, engine_status, get_pipeline

    monkeypatch.setenv("GOOGLE_API_KEY", API_KEY)
    monkeypatch.setenv("GEMINI_BASE_URL", fake_gemini.base_url)
    monkeypatch.setenv("GEMINI_MODEL", "gemini-1.5-flash")  # long retired
    from support_app.settings import get_settings

    get_settings.cache_clear()
    try:
        assert engine_status().state == engine_mod.CHECKING
        assert check_remote_engine().state == engine_mod.MODEL_NOT_FOUND
        assert engine_status().state == engine_mod.MODEL_NOT_FOUND
    finally:
        get_pipeline().remote.close()


# Thinking ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("names", "style"), [
    (("gemini-flash-latest",), "level"),
    (("gemini-3-flash",), "level"),
    (("gemini-2.5-flash",), "budget"),
    (("gemini-flash-latest", "models/gemini-2.5-flash", "Gemini 2.5 Flash"), "budget"),
    (("gemini-2.0-flash",), "none"),
    (("gemini-1.5-flash-002",), "none"),
])
def test_thinking_style_follows_the_model_family(names, style):
    assert thinking_style(*names) == style


def test_a_model_that_does_not_think_gets_no_thinking_config():
    assert thinking_style("gemini-flash-latest", thinks=False) == "none"


def test_triage_thinks_minimally_and_drafting_a_little(fake_gemini, make_engine):
    from .test_gemini_engine import analysis, evidence

    fake_gemini.reply_json(GOOD_ANALYSIS).reply_json(GOOD_DRAFT)
    engine = make_engine()
    engine.analyze(ticket())
    engine.draft(ticket(), analysis(), evidence())

    triage, draft = fake_gemini.calls()
    assert triage.thinking_config == {"thinking_level": "MINIMAL"}
    assert draft.thinking_config == {"thinking_level": "LOW"}
    assert triage.generation_config["maxOutputTokens"] == MAX_OUTPUT_TOKENS["analyze"] >= 1024
    assert draft.generation_config["maxOutputTokens"] == MAX_OUTPUT_TOKENS["draft"] >= 4096


def test_a_2_5_model_gets_thinking_budgets(fake_gemini, make_engine):
    from .test_gemini_engine import analysis, evidence

    fake_gemini.reply_json(GOOD_ANALYSIS).reply_json(GOOD_DRAFT)
    engine = make_engine(model="gemini-2.5-flash")
    engine.analyze(ticket())
    engine.draft(ticket(), analysis(), evidence())

    triage, draft = fake_gemini.calls()
    assert triage.thinking_config == {"thinking_budget": 0}
    assert draft.thinking_config == {"thinking_budget": 1024}


def test_the_check_learns_the_family_behind_the_alias(fake_gemini, make_engine):
    fake_gemini.models["gemini-flash-latest"] = model_info("gemini-2.5-flash", "Gemini 2.5 Flash")
    fake_gemini.reply_json(GOOD_ANALYSIS)
    engine = make_engine()

    engine.check_model()
    engine.analyze(ticket())

    assert fake_gemini.calls()[0].thinking_config == {"thinking_budget": 0}


def test_an_old_model_gets_no_thinking_config(fake_gemini, make_engine):
    fake_gemini.reply_json(GOOD_ANALYSIS)
    make_engine(model="gemini-2.0-flash").analyze(ticket())
    assert "thinkingConfig" not in fake_gemini.calls()[0].generation_config


def test_thoughts_that_eat_the_budget_are_retried_once_with_twice_the_budget(fake_gemini, make_engine, caplog):
    fake_gemini.reply_thoughts_only(MAX_OUTPUT_TOKENS["analyze"]).reply_json(GOOD_ANALYSIS)

    with caplog.at_level(logging.WARNING):
        result = make_engine().analyze(ticket())

    assert result.category == "shipping_issue"
    first, second = fake_gemini.calls()
    assert second.generation_config["maxOutputTokens"] == 2 * first.generation_config["maxOutputTokens"]
    assert "stopped at max_output_tokens" in caplog.text and "spent thinking" in caplog.text


def test_a_cut_off_answer_is_not_parsed(fake_gemini, make_engine):
    fake_gemini.reply_thoughts_only(900, answer='{"category": "shipping_issue", "prio').reply_json(GOOD_ANALYSIS)
    assert make_engine().analyze(ticket()).category == "shipping_issue"
    assert len(fake_gemini.calls()) == 2


def test_thoughts_that_eat_both_budgets_raise_engine_error_not_an_empty_answer(fake_gemini, make_engine):
    fake_gemini.reply_thoughts_only(MAX_OUTPUT_TOKENS["draft"])
    from .test_gemini_engine import analysis, evidence

    with pytest.raises(EngineError) as raised:
        make_engine().draft(ticket(), analysis(), evidence())

    assert type(raised.value) is EngineError  # unavailable, not "invalid output": no escalation for it
    assert "no complete answer within 8192 output tokens" in str(raised.value)
    assert "4096 tokens spent thinking" in str(raised.value)
    assert len(fake_gemini.calls()) == 2


def test_the_retry_stays_within_the_models_output_limit(fake_gemini, make_engine):
    fake_gemini.models["gemini-flash-latest"]["outputTokenLimit"] = 1024
    fake_gemini.reply_thoughts_only(1024)
    engine = make_engine()
    engine.check_model()

    with pytest.raises(EngineError, match="within 1024 output tokens"):
        engine.analyze(ticket())
    assert len(fake_gemini.calls()) == 1  # asking again with the same budget would not help


def test_pipeline_falls_back_to_a_local_draft_when_thinking_eats_the_draft_budget(fake_gemini, make_engine):
    fake_gemini.reply_json(GOOD_ANALYSIS).reply_thoughts_only(4096)
    pipeline = Pipeline(StandInLocal(), retriever=FixedRetriever(), remote=make_engine(),
                        settings=Settings(_env_file=None))

    result = pipeline.process(ticket())

    assert result.analysis.engine == "gemini" and result.draft.engine == "local" and result.draft.text.strip()
    assert any("draft failed" in note and "spent thinking" in note for note in result.analysis.notes)
    assert not any(reason.startswith("invalid_model_output") for reason in result.escalation.reasons)


def test_a_blank_key_is_reported_as_refused_and_tickets_go_local(isolated_env):
    from support_app.services.ai.pipeline import build_pipeline

    pipeline = build_pipeline(Settings(_env_file=None, google_api_key="   "))

    status = pipeline.engine_status()
    assert pipeline.remote is None and status.state == engine_mod.KEY_REFUSED
    assert "needs an API key" in status.message and "local engine" in status.message
    assert pipeline.check_remote() == status  # nothing to ask


def test_a_refused_thinking_setting_is_learned_once(fake_gemini, make_engine):
    fake_gemini.error(400, "Thinking level is not supported for this model.").reply_json(GOOD_ANALYSIS)
    engine = make_engine()

    assert engine.analyze(ticket()).category == "shipping_issue"
    fake_gemini.reply_json(GOOD_ANALYSIS)
    engine.analyze(ticket())

    first, second, third = fake_gemini.calls()
    assert first.thinking_config == {"thinking_level": "MINIMAL"}
    assert second.thinking_config == third.thinking_config == {"thinking_budget": 0}


def test_other_400s_are_not_retried_with_another_thinking_setting(fake_gemini, make_engine):
    fake_gemini.error(400, "Invalid JSON payload received.")
    with pytest.raises(EngineError, match="HTTP 400"):
        make_engine().analyze(ticket())
    assert len(fake_gemini.calls()) == 1
