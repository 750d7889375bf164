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
from support_app.services.ai.engine import EngineError, InvalidModelOutput
from support_app.services.ai.injection import check_ticket
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
_SOURCE_ID = re.compile(r"^(KB|T)\s*-?\s*(\d+)$", re.IGNORECASE)
_RETRY_DELAY = re.compile(r"^(\d+(?:\.\d+)?)s$")


class GeminiEngine:
    """Gemini through google-genai. Construct with `from_settings()` in the app."""

    name = "gemini"

    def __init__(
        self,
        api_key: str,
        model: str = "gemini-2.0-flash",
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
            max_output_tokens=512,
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
            max_output_tokens=1024,
        )
        return parse_draft(text, evidence)

    # One call, bounded retries ----------------------------------------------------------------
    def _generate(
        self, purpose: str, *, system: str, prompt: str, schema: dict, temperature: float, max_output_tokens: int
    ) -> str:
        config = genai_types.GenerateContentConfig(
            system_instruction=system,
            temperature=temperature,
            max_output_tokens=max_output_tokens,
            response_mime_type="application/json",
            response_schema=schema,
            automatic_function_calling=genai_types.AutomaticFunctionCallingConfig(disable=True),
        )
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
                return self._response_text(purpose, response)
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


def _evidence_sources(evidence: Evidence) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for hit in evidence.articles:
        sources[prompts.article_source_id(hit.article_id)] = Source("article", hit.article_id, hit.title)
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
