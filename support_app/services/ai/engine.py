"""The engine interface. The pipeline only knows engines through it (and the engine's name)."""

from typing import Protocol

from support_app.services.ai.types import Analysis, Draft, Evidence, TicketInput


class EngineError(RuntimeError):
    """An engine could not give a usable answer (network, quota, timeout). The pipeline falls back."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InvalidModelOutput(EngineError):
    """The model answered, but its output failed validation (malformed JSON, out-of-set label)."""


class Engine(Protocol):
    name: str

    def analyze(self, ticket: TicketInput) -> Analysis:
        """Category, priority, sentiment, tags, language. May raise EngineError."""

    def draft(self, ticket: TicketInput, analysis: Analysis, evidence: Evidence) -> Draft:
        """A reply grounded in `evidence` only. May raise EngineError."""
