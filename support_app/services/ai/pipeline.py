"""The AI pipeline: analysis, retrieval, draft, confidence, escalation, for one ticket.

    local analysis (always) [+ Gemini analysis] -> evidence from the vector store, screened
    (injection, other customers' personal data) -> draft (Gemini, else composed locally), checked
    for unbacked promises -> confidence from evidence -> escalation decision

Gemini runs only when GOOGLE_API_KEY is set and the start-up check (`check_remote`, one
`models.get`) did not find the model missing, the key refused or the service unreachable; that
status is `engine_status()`, for admins and health checks. The local analysis always runs (it is cheap) so that
`category_probability` is the local classifier's probability of the final category whichever engine
chose it. Every failure degrades instead of raising: Gemini errors fall back to the local engine,
a broken vector store gives empty evidence; both are recorded in `analysis.notes`.
"""

import logging
import threading
import time

from support_app.services.ai import confidence as confidence_mod
from support_app.services.ai import escalation, promises, screening
from support_app.services.ai.drafting import compose_draft
from support_app.services.ai.engine import (
    CHECKING, KEY_REFUSED, NOT_CONFIGURED, UNREACHABLE, EngineError, EngineStatus, InvalidModelOutput,
)
from support_app.services.ai.retrieval import Retriever
from support_app.services.ai.types import Analysis, Draft, Evidence, PipelineResult, TicketInput
from support_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

RECHECK_UNREACHABLE_SECONDS = 300.0  # an unreachable Gemini is asked again (in the background) after this


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def _failure(exc: Exception) -> str:
    return f"{type(exc).__name__}: {getattr(exc, 'reason', None) or exc}"[:300]


def merge_analyses(local: Analysis, remote: Analysis) -> Analysis:
    """The remote engine's labels, with the local classifier's probability of the chosen category.
    When either engine suspects prompt injection the remote labels are not used: a model that read
    the hostile text may have obeyed it, while the local labels come from the rest of the ticket."""
    if local.injection_suspected or remote.injection_suspected:
        local.injection_suspected = True
        if "injection-suspected" not in local.tags:
            local.tags.append("injection-suspected")
        local.notes += remote.notes + ["remote labels not used: the ticket tries to instruct the assistant"]
        return local
    if remote.category in local.category_scores:
        remote.category_probability = local.category_scores[remote.category]
    else:
        remote.category_probability = local.category_probability if remote.category == local.category else 0.0
    remote.category_scores = local.category_scores
    remote.injection_suspected = remote.injection_suspected or local.injection_suspected
    remote.notes = local.notes + remote.notes
    return remote


class Pipeline:
    def __init__(self, local, retriever: Retriever | None = None, remote=None,
                 settings: Settings | None = None, retriever_factory=None, remote_unavailable: str = ""):
        """`local` and `remote` follow the Engine protocol. Without a retriever, `retriever_factory`
        is tried on every ticket, so a vector store that comes back is picked up again."""
        self.local = local
        self.remote = remote
        self.settings = settings or get_settings()
        self._retriever = retriever
        self._retriever_factory = retriever_factory
        self.remote_unavailable = remote_unavailable  # why a configured remote engine could not be built
        self._status_lock = threading.Lock()
        self._rechecking = False
        if remote is not None:
            self._status = EngineStatus(CHECKING, f"{remote.name} is configured; its start-up check has not "
                                        "answered yet.", getattr(remote, "model", ""))
        elif remote_unavailable:
            self._status = EngineStatus(KEY_REFUSED if "key" in remote_unavailable.lower() else UNREACHABLE,
                                        f"The remote engine could not be set up ({remote_unavailable}): "
                                        "the local engine analyses and drafts every ticket.")
        else:
            self._status = EngineStatus(NOT_CONFIGURED, "No GOOGLE_API_KEY is set: the local engine analyses "
                                        "and drafts every ticket.")

    # The remote engine's status --------------------------------------------------------------
    def engine_status(self) -> EngineStatus:
        return self._status

    def check_remote(self) -> EngineStatus:
        """Ask the remote engine once whether its model answers (at app start, in the background).
        A failure is logged once and the local engine is used until a check succeeds."""
        if self.remote is None:
            return self._status
        status = self.remote.check_model()
        with self._status_lock:
            changed, self._status = status.state != self._status.state, status
        if changed:
            (log.info if status.remote_usable else log.error)("AI engine status: %s — %s", status.state, status.message)
        return status

    def _remote_in_use(self):
        """The remote engine, unless its check failed; an unreachable one is re-checked now and then."""
        status = self._status
        if self.remote is None or status.remote_usable:
            return self.remote
        if status.state == UNREACHABLE and time.monotonic() - status.checked_at >= RECHECK_UNREACHABLE_SECONDS:
            with self._status_lock:
                start, self._rechecking = not self._rechecking, True
            if start:
                threading.Thread(target=self._recheck, name="engine-recheck", daemon=True).start()
        return None

    def _recheck(self) -> None:
        try:
            self.check_remote()
        finally:
            self._rechecking = False

    def _retriever_or_none(self, notes: list[str]) -> Retriever | None:
        if self._retriever is None and self._retriever_factory is not None:
            try:
                self._retriever = self._retriever_factory()
            except Exception as exc:  # noqa: BLE001 (a broken store must not stop triage)
                notes.append(f"vector store unavailable ({_failure(exc)}): no evidence retrieved")
        return self._retriever

    def _analyze(self, ticket: TicketInput, remote_allowed: bool = True) -> tuple[Analysis, bool, bool]:
        """(analysis, remote reachable, remote output invalid)."""
        analysis = self.local.analyze(ticket)
        remote = self._remote_in_use()
        if remote is not None and not remote_allowed:
            analysis.notes.append(f"{remote.name} not asked: the caller's daily budget is spent")
            return analysis, False, False
        if remote is None:
            if self._status.state != NOT_CONFIGURED:
                analysis.notes.append(f"remote engine not used ({self._status.state}): {self._status.message}")
            return analysis, False, False
        try:
            return merge_analyses(analysis, remote.analyze(ticket)), True, False
        except InvalidModelOutput as exc:
            analysis.notes.append(f"{remote.name} analysis invalid ({_failure(exc)}); local analysis used")
            return analysis, True, True
        except EngineError as exc:
            analysis.notes.append(f"{remote.name} unavailable ({_failure(exc)}); local engine used")
            return analysis, False, False

    def evidence(self, ticket: TicketInput) -> tuple[Evidence, list[str]]:
        """The screened evidence drafting would use for `ticket` (the knowledge editor's "test
        retrieval"), with notes on what was unavailable or left out."""
        notes: list[str] = []
        return self._evidence(ticket, notes), notes

    def _evidence(self, ticket: TicketInput, notes: list[str]) -> Evidence:
        retriever = self._retriever_or_none(notes)
        if retriever is None:
            if not any(n.startswith("vector store") for n in notes):
                notes.append("vector store unavailable: no evidence retrieved")
            return Evidence()
        try:
            evidence = retriever.retrieve(ticket)
        except Exception as exc:  # noqa: BLE001 (Chroma or the embedder failing must not lose the ticket)
            log.warning("retrieval failed: %s", _failure(exc))
            notes.append(f"vector store unavailable ({_failure(exc)}): no evidence retrieved")
            return Evidence()
        evidence, left_out = screening.screen(evidence)
        notes.extend(left_out)
        return evidence

    def _draft(self, ticket: TicketInput, analysis: Analysis, evidence: Evidence,
               remote_reachable: bool) -> tuple[Draft, bool]:
        """(draft, remote output invalid), the draft checked for unbacked promises whoever wrote it."""
        draft, invalid = self._write_draft(ticket, analysis, evidence, remote_reachable)
        draft = promises.enforce(draft, evidence)
        analysis.notes.extend(note for note in draft.review_notes if note not in analysis.notes)
        return draft, invalid

    def _write_draft(self, ticket: TicketInput, analysis: Analysis, evidence: Evidence,
                     remote_reachable: bool) -> tuple[Draft, bool]:
        if self.remote is not None and remote_reachable:
            try:
                draft = self.remote.draft(ticket, analysis, evidence)
                analysis.notes.extend(draft.notes)
                return draft, False
            except InvalidModelOutput as exc:
                analysis.notes.append(f"{self.remote.name} draft invalid ({_failure(exc)}); local draft used")
                return compose_draft(ticket, analysis, evidence), True
            except EngineError as exc:
                analysis.notes.append(f"{self.remote.name} draft failed ({_failure(exc)}); local draft used")
        return compose_draft(ticket, analysis, evidence), False

    def process(self, ticket: TicketInput, remote_allowed: bool = True) -> PipelineResult:
        """`remote_allowed=False` keeps the whole run on the local engine (e.g. an API token's
        Gemini budget is spent)."""
        timings: dict[str, float] = {}
        start = time.perf_counter()
        analysis, remote_reachable, invalid_analysis = self._analyze(ticket, remote_allowed)
        timings["analysis"] = _ms(start)

        start = time.perf_counter()
        evidence = self._evidence(ticket, analysis.notes)
        timings["retrieval"] = _ms(start)

        start = time.perf_counter()
        draft, invalid_draft = self._draft(ticket, analysis, evidence, remote_reachable)
        timings["draft"] = _ms(start)

        start = time.perf_counter()
        score, parts = confidence_mod.compute(analysis, evidence)
        decision = escalation.decide(ticket, analysis, score, self.settings.escalation_threshold,
                                     invalid_model_output=invalid_analysis or invalid_draft)
        timings["decision"] = _ms(start)
        return PipelineResult(
            analysis=analysis, evidence=evidence, draft=draft, confidence=score, confidence_parts=parts,
            escalation=decision, needs_review=score < self.settings.confidence_threshold or draft.needs_review,
            timings_ms=timings,
        )


def build_pipeline(settings: Settings | None = None) -> Pipeline:
    """Local engine always; Gemini as well when GOOGLE_API_KEY is set; Chroma from settings.
    Retrieval reuses the embedding the classifier computed, so a ticket is embedded once."""
    from support_app.services.ai.classifier import SharedEmbedder
    from support_app.services.ai.local_engine import LocalEngine
    from support_app.services.ai.vector_store import get_vector_store

    settings = settings or get_settings()
    remote, remote_unavailable = None, ""
    if settings.use_gemini:
        try:
            from support_app.services.ai.gemini_engine import GeminiEngine

            remote = GeminiEngine.from_settings(settings)
        except Exception as exc:  # noqa: BLE001 (a bad key or SDK problem must not stop triage)
            log.error("Gemini engine unavailable, using the local engine: %s", type(exc).__name__)
            remote_unavailable = exc.reason if isinstance(exc, EngineError) else type(exc).__name__
    return Pipeline(LocalEngine(), remote=remote, settings=settings, remote_unavailable=remote_unavailable,
                    retriever_factory=lambda: Retriever(get_vector_store(), SharedEmbedder()))


def get_pipeline() -> Pipeline:
    """The process-wide pipeline (see shared.py)."""
    from support_app.services.ai import shared

    return shared.pipeline.get()


def warm_up() -> None:
    """Load the embedding model and train (or load) the classifier before the first ticket arrives."""
    get_pipeline().local.analyze(TicketInput(subject="warm-up", description="Where is my order?"))


def engine_status() -> EngineStatus:
    """Which engine answers and why, in one plain sentence: for the analytics page and health checks."""
    return get_pipeline().engine_status()


def check_remote_engine() -> EngineStatus:
    """The start-up check of the remote engine (the app runs it once, in the background)."""
    return get_pipeline().check_remote()


def reset_pipeline() -> None:
    from support_app.services.ai import shared

    shared.pipeline.reset()
