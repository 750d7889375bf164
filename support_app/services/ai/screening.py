"""Evidence is screened before it goes into a prompt or a draft.

Retrieved text is untrusted too: a resolution or an article passage that tries to instruct the
assistant is left out (with a note), and resolutions, written to and about other customers, have
their personal data redacted (`pii.redact`) even when the index holds them from before redaction.
"""

from dataclasses import replace

from support_app.services.ai import pii
from support_app.services.ai.injection import detect_injection
from support_app.services.ai.prompts import article_source_id, ticket_source_id
from support_app.services.ai.types import Evidence


def screen(evidence: Evidence) -> tuple[Evidence, list[str]]:
    """(the evidence that may be used, notes on what was left out)."""
    notes: list[str] = []
    tickets = []
    for similar in evidence.similar_tickets:
        check = detect_injection(f"{similar.subject}\n{similar.resolution}")
        if check:
            notes.append(f"source {ticket_source_id(similar.ticket_id)} left out: it tries to instruct the "
                         f"assistant ('{check.cue}')")
            continue
        tickets.append(replace(similar, subject=pii.redact(similar.subject), resolution=pii.redact(similar.resolution)))
    articles = []
    for hit in evidence.articles:
        check = detect_injection(f"{hit.title}\n{hit.passage}")
        if check:
            notes.append(f"source {article_source_id(hit.article_id)} left out: it tries to instruct the "
                         f"assistant ('{check.cue}')")
            continue
        articles.append(hit)
    return Evidence(similar_tickets=tickets, articles=articles), notes
