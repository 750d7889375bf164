"""Evidence is screened before it goes into a prompt or a draft.

Retrieved text is untrusted too: a resolution or an article passage that tries to instruct the
assistant is left out (with a note), and resolutions, written to and about other customers, have
their personal data redacted (`pii.redact`) even when the index holds them from before redaction.
"""

from dataclasses import replace

from support_app.services.ai import pii
from support_app.services.ai.injection import detect_injection
from support_app.services.ai.prompts import hit_source_id, ticket_source_id
from support_app.services.ai.types import Evidence


def _hostile(text: str, source_id: str, notes: list[str]) -> bool:
    """True (with a note) when a source tries to instruct the assistant."""
    check = detect_injection(text)
    if check:
        notes.append(f"source {source_id} left out: it tries to instruct the assistant ('{check.cue}')")
    return bool(check)


def screen(evidence: Evidence) -> tuple[Evidence, list[str]]:
    """(the evidence that may be used, notes on what was left out)."""
    notes: list[str] = []
    tickets = [replace(t, subject=pii.redact(t.subject), resolution=pii.redact(t.resolution))
               for t in evidence.similar_tickets
               if not _hostile(f"{t.subject}\n{t.resolution}", ticket_source_id(t.ticket_id), notes)]
    articles = [hit for hit in evidence.articles
                if not _hostile(f"{hit.citation}\n{hit.passage}", hit_source_id(hit), notes)]
    return Evidence(similar_tickets=tickets, articles=articles), notes
