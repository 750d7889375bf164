"""What the local classifier learns from: `Example`s (text, labels, weight). The rows come from
the database through services/training.py; this package never reads it."""

from dataclasses import dataclass

AGENT_WEIGHT = 2.0  # an agent's label (often a correction) counts more than an imported one


@dataclass
class Example:
    text: str
    category: str | None
    priority: str | None = None
    ticket_id: int | None = None
    label_source: str = "import"

    @property
    def weight(self) -> float:
        return AGENT_WEIGHT if self.label_source == "agent" else 1.0


def ticket_text(subject: str, description: str) -> str:
    """The text a ticket is classified by (the same text retrieval embeds)."""
    return f"{subject or ''}\n{description or ''}".strip()


def clean_label(value: str | None, allowed: list[str]) -> str | None:
    value = (value or "").strip().lower()
    return value if value in allowed else None
