"""The AI pipeline: analysis, retrieval, draft, confidence, escalation, for one ticket.

    local analysis (always) [+ Gemini analysis] -> evidence from the vector store
    -> draft (Gemini, else composed locally) -> confidence from evidence -> escalation decision

Gemini runs only when GOOGLE_API_KEY is set. The local analysis always runs (it is cheap) so that
`category_probability` is the local classifier's probability of the final category whichever engine
chose it. Every failure degrades instead of raising: Gemini errors fall back to the local engine,
a broken vector store gives empty evidence; both are recorded in `analysis.notes`.
"""

import logging
import time

from support_app.services.ai import confidence as confidence_mod
from support_app.services.ai import escalation
from support_app.services.ai.drafting import compose_draft
from support_app.services.ai.engine import EngineError, InvalidModelOutput
from support_app.services.ai.retrieval import Retriever
from support_app.services.ai.types import Analysis, Draft, Evidence, PipelineResult, TicketInput
from support_app.settings import Settings, get_settings

log = logging.getLogger(__name__)


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def _failure(exc: Exception) -> str:
    return f"{type(exc).__name__}: {getattr(exc, 'reason', None) or exc}"[:300]


def merge_analyses(local: Analysis, remote: Analysis) -> Analysis:
    """The remote engine's labels, with the local classifier's probability of the chosen category."""
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

    def _retriever_or_none(self, notes: list[str]) -> Retriever | None:
        if self._retriever is None and self._retriever_factory is not None:
            try:
                self._retriever = self._retriever_factory()
            except Exception as exc:  # noqa: BLE001 (a broken store must not stop triage)
                notes.append(f"vector store unavailable ({_failure(exc)}): no evidence retrieved")
        return self._retriever

    def _analyze(self, ticket: TicketInput) -> tuple[Analysis, bool, bool]:
        """(analysis, remote reachable, remote output invalid)."""
        analysis = self.local.analyze(ticket)
        if self.remote_unavailable:
            analysis.notes.append(f"remote engine not configured correctly ({self.remote_unavailable}); local used")
        if self.remote is None:
            return analysis, False, False
        try:
            return merge_analyses(analysis, self.remote.analyze(ticket)), True, False
        except InvalidModelOutput as exc:
            analysis.notes.append(f"{self.remote.name} analysis invalid ({_failure(exc)}); local analysis used")
            return analysis, True, True
        except EngineError as exc:
            analysis.notes.append(f"{self.remote.name} unavailable ({_failure(exc)}); local engine used")
            return analysis, False, False

    def _evidence(self, ticket: TicketInput, notes: list[str]) -> Evidence:
        retriever = self._retriever_or_none(notes)
        if retriever is None:
            if not any(n.startswith("vector store") for n in notes):
                notes.append("vector store unavailable: no evidence retrieved")
            return Evidence()
        try:
            return retriever.retrieve(ticket)
        except Exception as exc:  # noqa: BLE001 (Chroma or the embedder failing must not lose the ticket)
            log.warning("retrieval failed: %s", _failure(exc))
            notes.append(f"vector store unavailable ({_failure(exc)}): no evidence retrieved")
            return Evidence()

    def _draft(self, ticket: TicketInput, analysis: Analysis, evidence: Evidence,
               remote_reachable: bool) -> tuple[Draft, bool]:
        """(draft, remote output invalid)."""
        if self.remote is not None and remote_reachable:
            try:
                return self.remote.draft(ticket, analysis, evidence), False
            except InvalidModelOutput as exc:
                analysis.notes.append(f"{self.remote.name} draft invalid ({_failure(exc)}); local draft used")
                return compose_draft(ticket, analysis, evidence), True
            except EngineError as exc:
                analysis.notes.append(f"{self.remote.name} draft failed ({_failure(exc)}); local draft used")
        return compose_draft(ticket, analysis, evidence), False

    def process(self, ticket: TicketInput) -> PipelineResult:
        timings: dict[str, float] = {}
        start = time.perf_counter()
        analysis, remote_reachable, invalid_analysis = self._analyze(ticket)
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
            escalation=decision, needs_review=score < self.settings.confidence_threshold,
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
            remote_unavailable = type(exc).__name__
    return Pipeline(LocalEngine(), remote=remote, settings=settings, remote_unavailable=remote_unavailable,
                    retriever_factory=lambda: Retriever(get_vector_store(), SharedEmbedder()))


def get_pipeline() -> Pipeline:
    """The process-wide pipeline (see shared.py)."""
    from support_app.services.ai import shared

    return shared.pipeline.get()


def reset_pipeline() -> None:
    from support_app.services.ai import shared

    shared.pipeline.reset()
