"""The Gemini engine: one structured-output call to analyze a ticket, one to draft a reply.

Everything the model returns is validated by code: labels against the enums, citations against the
evidence actually given, refunds, credits, amounts and dates against the cited articles' text.
Failures raise `EngineError` (network, quota, timeout, after bounded retries) or `InvalidModelOutput`
(the model answered but the answer is unusable); the pipeline then falls back to the local engine.

The API key is held by the SDK client only: it is never logged, never put in an exception message
(error bodies are redacted) and never shown by `repr()`.
"""

import importlib
import json
import logging
import random
import re
import time
from collections.abc import Callable
from typing import Any

from google import genai
from google.genai import errors as genai_errors
from google.genai import types as genai_types

from support_app.models import CATEGORIES, PRIORITIES
from support_app.services.ai import promises, prompts
from support_app.services.ai.engine import (
    KEY_REFUSED, MODEL_NOT_FOUND, OK, UNREACHABLE, EngineError, EngineStatus, InvalidModelOutput,
)
from support_app.services.ai.injection import check_ticket
from support_app.services.ai.language import detect_language
from support_app.services.ai.types import Analysis, Draft, Evidence, Source, TicketInput

logger = logging.getLogger(__name__)


def _httpx_errors(name: str) -> tuple[type[Exception], ...]:
    """The SDK sends through httpx, or through its fork httpx2 when installed: catch both."""
    found = []
    for module_name in ("httpx", "httpx2"):
        try:
            found.append(getattr(importlib.import_module(module_name), name))
        except (ImportError, AttributeError):
            pass
    return tuple(found)


_TIMEOUT_ERRORS = _httpx_errors("TimeoutException")
_TRANSPORT_ERRORS = _httpx_errors("TransportError")

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_TAGS = 6
MAX_FACTORS = 4
_LANGUAGE = re.compile(r"^([a-z]{2})(?:[-_][a-z]{2,4})?$")
_CITATION_GROUP = re.compile(r"\[([^\[\]\n]{1,80})\]")
_SOURCE_ID = re.compile(r"^(KB|DOC|T)\s*-?\s*(\d+)$", re.IGNORECASE)
_RETRY_DELAY = re.compile(r"^(\d+(?:\.\d+)?)s$")

DEFAULT_MODEL = "gemini-flash-latest"  # Google's moving alias for the current Flash model
# Thinking per call: triage needs none to speak of, a draft a little. Thought tokens count against
# max_output_tokens, so the budgets leave room for them beside the JSON answer; an answer cut off at
# the limit is asked for once more with twice the budget (`_generate`).
THINKING_LEVEL = {"analyze": "MINIMAL", "draft": "LOW"}  # Gemini 3 and later
THINKING_BUDGET = {"analyze": 0, "draft": 1024}  # Gemini 2.5 (tokens; 0 turns thinking off)
MAX_OUTPUT_TOKENS = {"analyze": 1024, "draft": 4096}
_NO_THINKING = re.compile(r"(?<![\d.])(?:1\.\d|2\.0)(?![\d])")
_BUDGET_THINKING = re.compile(r"(?<![\d.])2\.5(?![\d])")


_SIMPLER_THINKING = {"level": "budget", "budget": "none"}
_THINKING_REFUSED = re.compile(r"HTTP 400\b.*thinking", re.IGNORECASE)


def thinking_style(*names: str | None, thinks: bool | None = None) -> str:
    """How to configure thinking for a model, from its id or display name: "level" (Gemini 3 and
    later, and the -latest aliases), "budget" (2.5) or "none" (1.x, 2.0, or a model that does not think)."""
    if thinks is False:
        return "none"
    text = " ".join(name for name in names if name)
    if _NO_THINKING.search(text):
        return "none"
    return "budget" if _BUDGET_THINKING.search(text) else "level"


def thinking_config(style: str, purpose: str) -> genai_types.ThinkingConfig | None:
    if style == "level":
        return genai_types.ThinkingConfig(thinking_level=THINKING_LEVEL[purpose])
    if style == "budget":
        return genai_types.ThinkingConfig(thinking_budget=THINKING_BUDGET[purpose])
    return None


class GeminiEngine:
    """Gemini through google-genai. Construct with `from_settings()` in the app."""

    name = "gemini"

    def __init__(
        self,
        api_key: str,
        model: str = DEFAULT_MODEL,
        base_url: str | None = None,
        timeout_seconds: float = 20.0,
        max_retries: int = 3,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if not api_key or not api_key.strip():
            raise EngineError("Gemini needs an API key (GOOGLE_API_KEY)")
        if timeout_seconds <= 0 or max_retries < 0 or backoff_seconds < 0:
            raise ValueError("timeout_seconds must be > 0; max_retries and backoff_seconds >= 0")
        self.model = model
        self.thinking_style = thinking_style(model)  # refined by `check_model` from what the API says
        self.output_token_limit: int | None = None
        self.base_url = base_url
        self.timeout_seconds = timeout_seconds
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._sleep = sleep
        self._secret = api_key.strip()  # kept only to redact it from error text
        # SDK retries stay off (retry_options=None); this class retries, so it can count and redact.
        http_options = genai_types.HttpOptions(
            base_url=base_url or None,
            timeout=max(1, int(timeout_seconds * 1000)),  # milliseconds
        )
        self._client = genai.Client(api_key=self._secret, vertexai=False, http_options=http_options)

    @classmethod
    def from_settings(cls, settings: Any = None) -> "GeminiEngine":
        from support_app.settings import get_settings

        settings = settings or get_settings()
        return cls(
            api_key=settings.google_api_key or "",
            model=settings.gemini_model,
            base_url=settings.gemini_base_url,
            timeout_seconds=settings.gemini_timeout_seconds,
            max_retries=settings.gemini_max_retries,
            backoff_seconds=settings.gemini_backoff_seconds,
        )

    def __repr__(self) -> str:
        return (
            f"GeminiEngine(model={self.model!r}, base_url={self.base_url!r}, "
            f"timeout_seconds={self.timeout_seconds}, max_retries={self.max_retries})"
        )

    def close(self) -> None:
        self._client.close()

    # The Engine protocol ---------------------------------------------------------------------
    def analyze(self, ticket: TicketInput) -> Analysis:
        text = self._generate(
            "analyze",
            system=prompts.ANALYSIS_SYSTEM,
            prompt=prompts.analysis_prompt(ticket),
            schema=prompts.analysis_schema(),
            temperature=0.0,
        )
        analysis = parse_analysis(text)
        check = check_ticket(ticket)  # by code too: a model that obeys the ticket will not flag it
        if check and not analysis.injection_suspected:
            analysis.notes.append(f"suspected prompt injection (code check, not flagged by gemini): '{check.cue}'")
        analysis.injection_suspected = analysis.injection_suspected or bool(check)
        if analysis.injection_suspected and "injection-suspected" not in analysis.tags:
            analysis.tags.append("injection-suspected")
        return analysis

    def draft(self, ticket: TicketInput, analysis: Analysis, evidence: Evidence) -> Draft:
        text = self._generate(
            "draft",
            system=prompts.DRAFT_SYSTEM,
            prompt=prompts.draft_prompt(ticket, analysis, evidence),
            schema=prompts.draft_schema(),
            temperature=0.3,
        )
        draft = parse_draft(text, evidence)
        mismatch = language_mismatch(draft.text, analysis.language)
        if mismatch:
            logger.info("gemini draft: %s", mismatch)
            draft.notes.append(f"gemini draft: {mismatch}")
        return draft

    # The start-up check ------------------------------------------------------------------------
    def check_model(self) -> EngineStatus:
        """Ask the API for the configured model (one `models.get`): does it exist, is the key accepted?
        Learns the model's thinking style and output limit on the way. Never raises."""
        failure = ""
        state = UNREACHABLE
        try:
            info = self._client.models.get(model=self.model)
        except genai_errors.APIError as exc:
            text = self._redact(f"{exc.status or ''} {exc.message or ''}".strip())[:160]
            if exc.code == 404 or exc.status == "NOT_FOUND":
                state, failure = MODEL_NOT_FOUND, f"Gemini has no model '{self.model}' (HTTP {exc.code})"
            elif exc.code in (401, 403) or (exc.code == 400 and _about_the_key(exc)):
                state, failure = KEY_REFUSED, f"Gemini refused the API key (HTTP {exc.code}: {text})"
            else:
                failure = f"Gemini answered HTTP {exc.code} ({text})"
        except _TIMEOUT_ERRORS:
            failure = f"Gemini did not answer within {self.timeout_seconds:g}s"
        except _TRANSPORT_ERRORS as exc:
            failure = f"Gemini could not be reached ({type(exc).__name__})"
        except Exception as exc:  # noqa: BLE001 (never echo raw SDK text: it may quote the body)
            failure = f"Gemini could not be asked ({type(exc).__name__})"
        else:
            actions = info.supported_actions or []
            if actions and "generateContent" not in actions:
                return self._status(MODEL_NOT_FOUND, f"Gemini model '{self.model}' cannot generate text: "
                                                     "the local engine analyses and drafts every ticket.")
            self.thinking_style = thinking_style(self.model, info.name, info.display_name, thinks=info.thinking)
            self.output_token_limit = info.output_token_limit or None
            shown = f" ({info.display_name})" if info.display_name else ""
            return self._status(OK, f"Gemini model '{self.model}'{shown} answers: it analyses and drafts tickets.")
        return self._status(state, f"{failure}: the local engine analyses and drafts every ticket.")

    def _status(self, state: str, message: str) -> EngineStatus:
        return EngineStatus(state=state, message=message, model=self.model, checked_at=time.monotonic())

    # One answer: bounded retries; one more try when thinking used up the output budget, or when
    # the model refused our thinking setting (the alias moved to another family) ------------------
    def _generate(self, purpose: str, *, system: str, prompt: str, schema: dict, temperature: float) -> str:
        budget = self._output_budget(MAX_OUTPUT_TOKENS[purpose])
        for attempt in (1, 2):
            config = genai_types.GenerateContentConfig(
                system_instruction=system,
                temperature=temperature,
                max_output_tokens=budget,
                thinking_config=thinking_config(self.thinking_style, purpose),
                response_mime_type="application/json",
                response_schema=schema,
                automatic_function_calling=genai_types.AutomaticFunctionCallingConfig(disable=True),
            )
            try:
                response = self._call(purpose, prompt, config)
            except EngineError as exc:
                simpler = _SIMPLER_THINKING.get(self.thinking_style)
                if attempt == 2 or not simpler or not _THINKING_REFUSED.search(exc.reason):
                    raise
                # The alias moved to a model family that takes thinking another way: learn it once.
                logger.warning("gemini %s: thinking %s refused; using %s from now on", purpose,
                               self.thinking_style, simpler)
                self.thinking_style = simpler
                continue
            spent = _cut_off(response)
            if spent is None:
                return self._response_text(purpose, response)
            bigger = self._output_budget(budget * 2)
            if attempt == 2 or bigger == budget:
                break
            logger.warning("gemini %s stopped at max_output_tokens=%d (%s); asking once more with %d",
                           purpose, budget, spent, bigger)
            budget = bigger
        logger.warning("gemini %s gave up: no complete answer within %d output tokens (%s)", purpose, budget, spent)
        raise EngineError(f"gemini {purpose}: no complete answer within {budget} output tokens ({spent})")

    def _output_budget(self, tokens: int) -> int:
        return min(tokens, self.output_token_limit) if self.output_token_limit else tokens

    def _call(self, purpose: str, prompt: str,
              config: genai_types.GenerateContentConfig) -> genai_types.GenerateContentResponse:
        attempts = self.max_retries + 1
        retry_deadline = time.monotonic() + self.timeout_seconds  # no new attempt starts after this
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            failure = fatal = ""
            retry_after: float | None = None
            # Errors are turned into text here and raised outside the `except` blocks, so the SDK's
            # exception (which may quote the response body) is not even chained as __context__.
            try:
                response = self._client.models.generate_content(model=self.model, contents=prompt, config=config)
            except genai_errors.APIError as exc:
                failure = f"HTTP {exc.code} {exc.status or ''}: {self._redact(exc.message or '')[:200]}".strip()
                if exc.code in RETRYABLE_STATUS:
                    retry_after = self._server_retry_delay(exc)
                else:
                    attempts = attempt  # 4xx other than 408/429: retrying will not help
            except _TIMEOUT_ERRORS:
                fatal = f"no answer within {self.timeout_seconds:g}s"  # not retried: the ticket is waiting
            except _TRANSPORT_ERRORS as exc:
                failure = f"connection failed ({type(exc).__name__})"
            except Exception as exc:  # the SDK's own errors (e.g. a non-JSON body); never echo raw text
                fatal = f"failed: {type(exc).__name__}"
            else:
                logger.info(
                    "gemini %s ok model=%s attempt=%d latency_ms=%d",
                    purpose, self.model, attempt, (time.monotonic() - started) * 1000,
                )
                return response
            if fatal:
                logger.warning("gemini %s %s", purpose, fatal)
                raise EngineError(f"gemini {purpose} {fatal}")

            if attempt >= attempts:
                break
            delay = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1))
            delay *= random.uniform(0.5, 1.0)
            if retry_after is not None:
                if retry_after > self.max_backoff_seconds:
                    failure += f"; server asks to wait {retry_after:g}s"
                    break
                delay = max(delay, retry_after)
            if time.monotonic() + delay > retry_deadline:
                failure += f"; retry budget of {self.timeout_seconds:g}s spent"
                break
            logger.warning(
                "gemini %s attempt %d/%d failed: %s; retrying in %.2fs", purpose, attempt, attempts, failure, delay
            )
            self._sleep(delay)
        tries = f"after {attempt} attempt{'s' if attempt > 1 else ''}"
        logger.warning("gemini %s gave up %s: %s", purpose, tries, failure)
        raise EngineError(f"gemini {purpose} failed {tries}: {failure}")

    def _response_text(self, purpose: str, response: genai_types.GenerateContentResponse) -> str:
        candidate = response.candidates[0] if response.candidates else None
        parts = candidate.content.parts if candidate and candidate.content and candidate.content.parts else []
        text = "".join(part.text for part in parts if part.text and not part.thought)
        if not text:
            feedback = response.prompt_feedback
            why = (
                f"prompt blocked ({feedback.block_reason})" if feedback and feedback.block_reason
                else f"finish reason {candidate.finish_reason}" if candidate and candidate.finish_reason
                else "no candidates"
            )
            raise InvalidModelOutput(f"gemini {purpose}: empty answer, {why}")
        logger.debug("gemini %s answer: %d characters", purpose, len(text))  # never the text itself
        return text

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "[redacted]") if self._secret else text

    @staticmethod
    def _server_retry_delay(exc: genai_errors.APIError) -> float | None:
        """Seconds from a google.rpc.RetryInfo detail (Gemini sends one with most 429s), if any."""
        details = exc.details.get("error", {}).get("details") if isinstance(exc.details, dict) else None
        for detail in details or []:
            if isinstance(detail, dict) and str(detail.get("@type", "")).endswith("RetryInfo"):
                match = _RETRY_DELAY.match(str(detail.get("retryDelay", "")))
                if match:
                    return float(match[1])
        return None


def _about_the_key(exc: genai_errors.APIError) -> bool:
    """Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID."""
    return "API key" in (exc.message or "") or "API_KEY_INVALID" in json.dumps(exc.details, default=str)


def _cut_off(response: genai_types.GenerateContentResponse) -> str | None:
    """None when the answer finished; else how the output budget went (thinking vs answer)."""
    candidate = response.candidates[0] if response.candidates else None
    if candidate is None or candidate.finish_reason != genai_types.FinishReason.MAX_TOKENS:
        return None
    usage = response.usage_metadata
    thoughts = (usage.thoughts_token_count or 0) if usage else 0
    answer = (usage.candidates_token_count or 0) if usage else 0
    return f"{thoughts} tokens spent thinking, {answer} on the answer"


# Validation by code --------------------------------------------------------------------------
def _load_object(text: str, what: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidModelOutput(f"gemini {what}: answer is not valid JSON ({exc.msg} at char {exc.pos})") from None
    if not isinstance(data, dict):
        raise InvalidModelOutput(f"gemini {what}: answer is JSON {type(data).__name__}, expected an object")
    return data


def _shape(value: Any) -> str:
    """What a bad value looks like, without quoting it: model output never goes into messages or logs."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"a {len(value)}-character string"
    return f"a JSON {'object' if isinstance(value, dict) else 'array' if isinstance(value, list) else 'value'}"


def _label(data: dict, key: str, allowed: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or value.strip() not in allowed:
        raise InvalidModelOutput(f"gemini analyze: {key} is not one of {', '.join(allowed)} (got {_shape(value)})")
    return value.strip()


def _strings(data: dict, key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidModelOutput(f"gemini analyze: {key} must be a list of strings")
    return [item.strip() for item in value if item.strip()]


def _tag(raw: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "", re.sub(r"[\s_]+", "-", raw.lower()))[:32].strip("-")


def parse_analysis(text: str) -> Analysis:
    """Validate the model's analysis JSON. Raises InvalidModelOutput naming the first bad field."""
    data = _load_object(text, "analyze")
    category = _label(data, "category", CATEGORIES)
    priority = _label(data, "priority", PRIORITIES)
    sentiment = _label(data, "sentiment", prompts.SENTIMENTS)

    score = data.get("sentiment_score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not -1.0 <= score <= 1.0:
        raise InvalidModelOutput(f"gemini analyze: sentiment_score is not a number in -1..1 (got {_shape(score)})")

    language = data.get("language")
    match = _LANGUAGE.match(language.strip().lower()) if isinstance(language, str) else None
    if not match:
        raise InvalidModelOutput(f"gemini analyze: language is not an ISO 639-1 code (got {_shape(language)})")

    injection = data.get("injection_suspected")
    if not isinstance(injection, bool):
        raise InvalidModelOutput(f"gemini analyze: injection_suspected is not a boolean (got {_shape(injection)})")

    tags: list[str] = []
    for raw in _strings(data, "tags"):
        tag = _tag(raw)
        if tag and tag not in tags:
            tags.append(tag)
    factors = [factor[:120] for factor in _strings(data, "priority_factors")][:MAX_FACTORS]

    return Analysis(
        category=category,
        category_probability=0.0,  # the pipeline puts the local classifier's probability here
        priority=priority,
        priority_factors=factors,
        sentiment=sentiment,
        sentiment_score=float(score),
        language=match[1],
        tags=tags[:MAX_TAGS],
        injection_suspected=injection,
        engine="gemini",
    )


MIN_LETTERS_TO_JUDGE_LANGUAGE = 60


def language_mismatch(reply: str, expected: str) -> str | None:
    """A sentence for the agent when the reply is not in the customer's language, else None.
    Citations, and replies too short to judge, are left out of the check."""
    text = _CITATION_GROUP.sub(" ", reply)
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS_TO_JUDGE_LANGUAGE:
        return None
    found = detect_language(text)
    if found == expected:
        return None
    return (f"reply written in {prompts.language_name(found)} ({found}), but the customer wrote in "
            f"{prompts.language_name(expected)} ({expected}); check it before sending")


def _evidence_sources(evidence: Evidence) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for hit in evidence.articles:
        sources[prompts.hit_source_id(hit)] = Source(hit.source_kind, hit.article_id, hit.citation)
    for similar in evidence.similar_tickets:
        sources[prompts.ticket_source_id(similar.ticket_id)] = Source("ticket", similar.ticket_id, similar.subject)
    return sources


def _strip_unknown_citations(reply: str, known: dict[str, Source]) -> tuple[str, list[Source]]:
    cited: list[Source] = []

    def replace(group: re.Match) -> str:
        tokens = [token.strip() for token in re.split(r"[,;]", group[1])]
        parsed = [_SOURCE_ID.match(token) for token in tokens]
        if not all(parsed):
            return group[0]  # ordinary bracketed text, not a citation
        keep = []
        for match in parsed:
            source_id = f"{match[1].upper()}-{int(match[2])}"
            if source_id in known:
                keep.append(source_id)
                if known[source_id] not in cited:
                    cited.append(known[source_id])
        return f"[{', '.join(keep)}]" if keep else ""

    text = _CITATION_GROUP.sub(replace, reply)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip(), cited


def parse_draft(text: str, evidence: Evidence) -> Draft:
    """Validate the model's draft JSON: non-empty, only known citations, and every refund, credit,
    amount, time frame, date, URL, email or phone number it states is backed by an article or policy
    it cites (`promises`). Sentences that are not are dropped and the draft is marked for review;
    a draft that loses half its sentences or more that way is not used at all."""
    data = _load_object(text, "draft")
    reply = data.get("reply")
    if not isinstance(reply, str) or not reply.strip():
        raise InvalidModelOutput("gemini draft: reply is empty")
    reply, cited = _strip_unknown_citations(reply, _evidence_sources(evidence))
    if not reply:
        raise InvalidModelOutput("gemini draft: reply is empty once unknown citations are removed")
    check = promises.check(reply, promises.backing_sources(cited, evidence))
    if check.dropped and (2 * len(check.dropped) >= check.sentences or not check.text):
        kinds = sorted({kind for sentence in check.dropped for kind in sentence})
        raise InvalidModelOutput(f"gemini draft: {len(check.dropped)} of {check.sentences} sentences make "
                                 f"commitments no cited source states ({', '.join(kinds)})")
    return Draft(text=check.text, sources=cited, engine="gemini", needs_review=bool(check.dropped),
                 review_notes=[check.note] if check.dropped else [])
