"""The engine interface. The pipeline only knows engines through it (and the engine's name)."""

from dataclasses import dataclass
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


# What `EngineStatus.state` can be.
OK = "ok"
MODEL_NOT_FOUND = "model not found"
KEY_REFUSED = "key refused"
UNREACHABLE = "unreachable"
CHECKING = "checking"  # a key is set; the start-up check has not answered yet
NOT_CONFIGURED = "not configured"  # no GOOGLE_API_KEY: the local engine by design


@dataclass(frozen=True)
class EngineStatus:
    """Whether the remote engine is in use, in one plain sentence, for admins and health checks."""

    state: str
    message: str
    model: str = ""
    checked_at: float = 0.0  # time.monotonic() of the check, 0 when none ran

    @property
    def remote_usable(self) -> bool:
        """The pipeline asks the remote engine only when it is known to work, or not yet checked."""
        return self.state in (OK, CHECKING)
