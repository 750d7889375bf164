"""Triage: the AI pipeline reads a ticket and its result is written to it; and draft regeneration.

A submission leaves the ticket with `triage_state = "pending"` in SQL and enqueues a `triage` job
(`request_triage`, run by a background worker: services/job_kinds.py); a periodic sweep enqueues
whatever is still waiting, so a restarted or a second worker forgets no ticket. A worker claims a ticket with a conditional UPDATE before it runs the pipeline: a ticket is
triaged once even when several workers look at it.

The pipeline may take tens of seconds (Gemini). Its result is written with the same version check
as every other change (`tickets.apply_change`). If an agent changed the ticket meanwhile, the result
is merged into the ticket as it is now: what the agent changed (assignee, status, corrected labels,
a regenerated draft) stays, and the triage is one more change (one more version).
"""

import json
import logging
import time
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, select

from support_app.models import Channel, Status, Ticket, TriageState, utcnow
from support_app.services import audit, jobs, learning, text_input, tickets
from support_app.services.ai.types import PipelineResult, SimilarTicket, Source
from support_app.services.errors import ConflictError
from support_app.services.unit_of_work import atomic
from support_app.settings import get_settings

log = logging.getLogger(__name__)

SYSTEM_ACTOR = "ai-pipeline"
MAX_ATTEMPTS = 3  # claims of one ticket before it is handed to a person
WRITE_RETRIES = 5  # re-read and merge this often when the ticket keeps changing under the write
# What triage writes; an agent's change to any of them since triage read the ticket is kept.
AI_FIELDS = ("category", "priority", "sentiment", "sentiment_score", "language", "tags", "ai_confidence",
             "ai_draft", "ai_analysis")


# ---------------------------------------------------------------- the stored analysis

@dataclass
class ArticleRef:
    article_id: int
    title: str
    kind: str  # article | policy
    similarity: float


@dataclass
class AnalysisRecord:
    """What the agent sees of a pipeline result, stored as JSON in `Ticket.ai_analysis`."""

    engine: str = ""
    draft_engine: str = ""
    category_probability: float = 0.0
    category_scores: dict[str, float] = field(default_factory=dict)
    priority_factors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    injection_suspected: bool = False
    confidence_parts: dict[str, float] = field(default_factory=dict)
    needs_review: bool = False
    escalation_reasons: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    similar_tickets: list[SimilarTicket] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)

    @classmethod
    def from_result(cls, result: PipelineResult) -> "AnalysisRecord":
        a = result.analysis
        return cls(
            engine=a.engine, draft_engine=result.draft.engine, category_probability=a.category_probability,
            category_scores=dict(a.category_scores), priority_factors=list(a.priority_factors),
            notes=list(a.notes), injection_suspected=a.injection_suspected,
            confidence_parts=dict(result.confidence_parts), needs_review=result.needs_review,
            escalation_reasons=list(result.escalation.reasons), sources=list(result.draft.sources),
            similar_tickets=list(result.evidence.similar_tickets),
            articles=[ArticleRef(h.article_id, h.title, h.kind, h.similarity) for h in result.evidence.articles],
        )

    def with_draft_of(self, fresh: "AnalysisRecord") -> "AnalysisRecord":
        """This analysis with the draft and evidence of a newer run (labels stay as they are)."""
        return replace(self, draft_engine=fresh.draft_engine, sources=fresh.sources,
                       similar_tickets=fresh.similar_tickets, articles=fresh.articles,
                       needs_review=fresh.needs_review)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | None) -> "AnalysisRecord":
        """Tolerant reader: unknown keys are ignored and missing ones take their defaults."""
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            return cls()
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for name, item_type in (("sources", Source), ("similar_tickets", SimilarTicket), ("articles", ArticleRef)):
            values[name] = [item for item in (_typed(item_type, raw) for raw in values.get(name) or []) if item]
        return cls(**values)


def _typed(cls, raw):
    try:
        return cls(**{f.name: raw[f.name] for f in fields(cls)})
    except (KeyError, TypeError):
        return None


# ---------------------------------------------------------------- claiming

def _claimable():
    stale = utcnow() - timedelta(seconds=get_settings().triage_claim_timeout_seconds)
    return or_(Ticket.triage_state == TriageState.pending.value,
               and_(Ticket.triage_state == TriageState.running.value, Ticket.triage_claimed_at < stale))


def claim(session: Session, ticket_id: int) -> bool:
    """Take the ticket for triage (pending, or claimed by a worker that never finished). One
    conditional UPDATE: of several workers trying at once, exactly one gets True."""
    with atomic(session):
        result = session.execute(
            update(Ticket).where(Ticket.id == ticket_id, _claimable())
            .values(triage_state=TriageState.running.value, triage_claimed_at=utcnow(),
                    triage_attempts=Ticket.triage_attempts + 1)
            .execution_options(synchronize_session=False))
    return result.rowcount == 1


def pending_ids(session: Session, limit: int = 50, min_age_seconds: float = 0) -> list[int]:
    """Tickets waiting for triage, oldest first (optionally only those filed `min_age_seconds` ago)."""
    query = select(Ticket.id).where(_claimable())
    if min_age_seconds:
        query = query.where(Ticket.created_at <= utcnow() - timedelta(seconds=min_age_seconds))
    return list(session.exec(query.order_by(Ticket.created_at, Ticket.id).limit(limit)))


def triage_pending(session: Session, limit: int = 50, min_age_seconds: float = 0) -> int:
    """Claim and triage the tickets still waiting for triage; returns how many this call triaged."""
    done = 0
    for ticket_id in pending_ids(session, limit, min_age_seconds):
        if claim(session, ticket_id):
            _run(session, ticket_id)
            done += 1
    return done


# ---------------------------------------------------------------- triage

def request_triage(session: Session, ticket_id: int) -> None:
    """Queue the ticket's triage in the caller's transaction (a worker runs it after the commit)."""
    jobs.enqueue(session, "triage", ticket_id)


def file_ticket(session: Session, sub: tickets.Submission, actor: str | None = None,
                client_ip: str | None = None, channel: Channel = Channel.portal) -> Ticket:
    """A new ticket and its triage job in one commit (`tickets.submit` + `request_triage`); inside
    the caller's `atomic` block it joins that transaction instead."""
    with atomic(session):
        ticket = tickets.submit(session, sub, actor=actor, client_ip=client_ip, channel=channel)
        request_triage(session, ticket.id)
    return ticket


def triage(session: Session, ticket_id: int, timings: dict[str, float] | None = None) -> Ticket:
    """Claim and triage one ticket. A ticket another worker claimed or finished is left alone.
    `timings`, if given, receives milliseconds per step (`claim`, then those of `_run`)."""
    start = time.perf_counter()
    if not claim(session, ticket_id):
        ticket = tickets.get(session, ticket_id)
        session.refresh(ticket)
        return ticket
    _lap(timings, "claim", start)
    return _run(session, ticket_id, timings)


def _lap(timings: dict[str, float] | None, step: str, start: float) -> None:
    if timings is not None:
        timings[step] = round((time.perf_counter() - start) * 1000, 2)


def _run(session: Session, ticket_id: int, timings: dict[str, float] | None = None) -> Ticket:
    """Run the pipeline on a claimed ticket and write its result (or hand it to a person).
    `timings`, if given, receives milliseconds per step: `read` (the ticket and the customer's
    history), the pipeline's stages (`pipeline_analysis`, ...) and `write` (the result's commit)."""
    from support_app.services.ai.pipeline import get_pipeline

    start = time.perf_counter()
    ticket = tickets.get(session, ticket_id)
    session.refresh(ticket)
    seen = {name: getattr(ticket, name) for name in (*AI_FIELDS, "status")}
    if ticket.triage_attempts > MAX_ATTEMPTS:
        return _write(session, ticket_id, seen, None, f"AI triage did not finish after {MAX_ATTEMPTS} attempts")
    try:
        learning.sync_corrections(session)
        ticket_input = tickets.pipeline_input(session, ticket)
        session.commit()  # no transaction stays open during the slow part
        _lap(timings, "read", start)
        result = get_pipeline().process(ticket_input)
    except Exception as exc:  # the ticket stays saved and visible; a person takes over
        log.exception("AI pipeline failed for ticket %s", ticket_id)
        session.rollback()
        return _write(session, ticket_id, seen, None, f"AI pipeline failed: {type(exc).__name__}")
    if timings is not None:
        timings.update({f"pipeline_{stage}": ms for stage, ms in result.timings_ms.items()})
    start = time.perf_counter()
    written = _write(session, ticket_id, seen, result, "")
    _lap(timings, "write", start)
    return written


def _write(session: Session, ticket_id: int, seen: dict, result: PipelineResult | None, failure: str) -> Ticket:
    """Write the triage through the version check; on a conflict re-read, merge again and retry."""
    for _ in range(WRITE_RETRIES):
        current = tickets.get(session, ticket_id)
        session.refresh(current)
        changes, events = _merge(current, seen, result, failure)
        try:
            with atomic(session):
                tickets.apply_change(session, ticket_id, current.version, SYSTEM_ACTOR, changes, record=False)
                for action, old, new in events:
                    audit.record(session, ticket_id, SYSTEM_ACTOR, action, old, new)
        except ConflictError:
            continue  # changed between our read and our write: merge with the newer ticket
        return tickets.after_change(session, ticket_id, set(changes))
    raise ConflictError(f"Ticket #{ticket_id} kept changing; its triage will be retried.")


def _merge(current: Ticket, seen: dict, result: PipelineResult | None,
           failure: str) -> tuple[dict[str, object], list[tuple[str, str, str]]]:
    """The changes triage may make to the ticket as it is now, and the audit events for them."""
    changes: dict[str, object] = {"triage_state": TriageState.failed.value if failure else TriageState.done.value}
    events: list[tuple[str, str, str]] = []
    reasons = [failure] if failure else []
    if result is not None:
        a = result.analysis
        proposed = {
            "category": a.category, "priority": a.priority, "sentiment": a.sentiment,
            "sentiment_score": round(a.sentiment_score, 3), "language": a.language,
            "tags": ",".join(a.tags)[:500], "ai_confidence": round(result.confidence, 3),
            "ai_draft": text_input.strip_controls(result.draft.text),
            "ai_analysis": AnalysisRecord.from_result(result).to_json(),
        }
        for name, value in proposed.items():
            if getattr(current, name) != seen[name]:
                continue  # an agent changed it after triage read the ticket: theirs stays
            if name in ("category", "priority") and current.label_source == "agent":
                continue  # an agent's correction outranks the model
            changes[name] = value
        events.append(("triaged", "", f"{a.category} / {a.priority} / confidence {result.confidence:.2f} "
                                      f"({a.engine})"))
        reasons = result.escalation.reasons if result.escalation.escalate else []
    if reasons and current.status == seen["status"] == Status.open.value and not current.escalated:
        # Only a ticket nobody has taken up is escalated by the AI; otherwise the reasons stay in
        # the analysis record for the agent who has it.
        reason = "; ".join(reasons)[:text_input.limit("escalation_reason")]
        changes.update(escalated=True, escalation_reason=reason, status=Status.escalated.value)
        events.append(("escalated", current.status, reason))
    return changes, events


def request_draft(session: Session, ticket_id: int, version: int, actor: str) -> None:
    """Queue a fresh AI draft for the ticket as the agent saw it (a `draft` job runs
    `regenerate_draft`); refused when the ticket changed since the agent loaded it."""
    ticket = tickets.get(session, ticket_id)
    if ticket.version != version:
        raise ConflictError("This ticket was changed by someone else since you opened it. "
                            "It has been refreshed: review the latest version and try again.")
    with atomic(session):
        audit.record(session, ticket_id, actor, "draft_requested")
        jobs.enqueue(session, "draft", ticket_id)


def regenerate_draft(session: Session, ticket_id: int, version: int, actor: str,
                     remote_allowed: bool = True) -> Ticket:
    """A fresh AI draft (and evidence) for the ticket as it is now; labels are left as they are.
    Draft, analysis and audit event are written in one transaction, with the version check.
    `remote_allowed=False` drafts with the local engine only (an API token's Gemini budget)."""
    from support_app.services.ai.pipeline import get_pipeline

    ticket = tickets.get(session, ticket_id)
    if ticket.version != version:
        raise ConflictError("This ticket was changed by someone else since you opened it. "
                            "It has been refreshed: review the latest version and try again.")
    learning.sync_corrections(session)
    ticket_input = tickets.pipeline_input(session, ticket)
    stored = AnalysisRecord.from_json(ticket.ai_analysis)
    session.commit()  # no transaction stays open while the pipeline runs
    result = get_pipeline().process(ticket_input, remote_allowed=remote_allowed)
    record = stored.with_draft_of(AnalysisRecord.from_result(result))
    with atomic(session):
        tickets.apply_change(session, ticket_id, version, actor,
                             {"ai_draft": text_input.strip_controls(result.draft.text),
                              "ai_analysis": record.to_json()}, record=False)
        audit.record(session, ticket_id, actor, "draft_regenerated", "", f"{len(result.draft.sources)} sources")
    return tickets.after_change(session, ticket_id, set())
