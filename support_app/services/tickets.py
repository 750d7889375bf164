"""Tickets: submission, triage by the AI pipeline, queries for the queue, and every agent action.

Every change goes through `_change`, which applies optimistic locking on `Ticket.version` and writes
the audit trail. Ticket text is stored as given and only ever treated as data.
"""

import json
import logging
import re
from dataclasses import asdict, dataclass

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from support_app.models import (
    CATEGORIES, PRIORITIES, STATUSES, Customer, MessageKind, Status, Ticket, TicketMessage, utcnow,
)
from support_app.services import audit, customers, learning, sla
from support_app.services.errors import ConflictError, NotFoundError, ValidationError
from support_app.settings import get_settings

log = logging.getLogger(__name__)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
ORDER_PATTERN = re.compile(r"^[A-Za-z0-9\-_/#]{1,64}$")
SYSTEM_ACTOR = "ai-pipeline"
# Changed alongside the fields people care about; not worth a line in the audit trail.
BOOKKEEPING_FIELDS = {"resolved_at", "resolution_approved", "label_source", "first_response_at", "updated_at"}


@dataclass
class Submission:
    email: str
    subject: str
    description: str
    order_number: str = ""
    name: str = ""

    def cleaned(self) -> "Submission":
        return Submission(self.email.strip().lower(), self.subject.strip(), self.description.strip(),
                          self.order_number.strip(), self.name.strip())


def validate_submission(sub: Submission) -> Submission:
    """Raise ValidationError (field -> message) or return the cleaned submission."""
    sub = sub.cleaned()
    limits = get_settings()
    errors: dict[str, str] = {}
    if not EMAIL_PATTERN.match(sub.email) or len(sub.email) > 254:
        errors["email"] = "Enter a valid email address, like name@example.com."
    if not sub.subject:
        errors["subject"] = "Subject is required."
    elif len(sub.subject) > limits.subject_max_length:
        errors["subject"] = f"Subject must be at most {limits.subject_max_length} characters."
    if not sub.description:
        errors["description"] = "Description is required."
    elif len(sub.description) > limits.description_max_length:
        errors["description"] = (f"Description must be at most {limits.description_max_length} characters "
                                 f"(it has {len(sub.description)}).")
    if sub.order_number and not ORDER_PATTERN.match(sub.order_number):
        errors["order_number"] = "Order number may contain only letters, digits and - _ / #."
    if errors:
        raise ValidationError(errors)
    return sub


def submit(session: Session, sub: Submission, actor: str | None = None) -> Ticket:
    """Store a new ticket (status open). The AI triage runs afterwards in `triage`: a ticket is
    saved even when every AI component is down."""
    sub = validate_submission(sub)
    customer = customers.get_or_create(session, sub.email, sub.name)
    ticket = Ticket(customer_id=customer.id, subject=sub.subject, description=sub.description,
                    order_number=sub.order_number or None)
    session.add(ticket)
    session.flush()
    session.add(TicketMessage(ticket_id=ticket.id, kind=MessageKind.customer.value,
                              author_name=customer.name, body=sub.description))
    audit.record(session, ticket.id, actor or customer.email, "created", "", sub.subject)
    session.commit()
    return ticket


def _pipeline_input(session: Session, ticket: Ticket):
    from support_app.services.ai.types import TicketInput

    customer = session.get(Customer, ticket.customer_id)
    return TicketInput(
        subject=ticket.subject, description=ticket.description, order_number=ticket.order_number,
        customer=customers.history(session, customer, exclude_ticket_id=ticket.id),
        created_at=ticket.created_at,
    )


def _analysis_record(result) -> dict:
    """What the agent view shows of a pipeline result (stored as JSON on the ticket)."""
    a = result.analysis
    return {
        "engine": a.engine, "draft_engine": result.draft.engine,
        "category_probability": a.category_probability, "category_scores": a.category_scores,
        "priority_factors": a.priority_factors, "notes": a.notes,
        "injection_suspected": a.injection_suspected,
        "confidence_parts": result.confidence_parts, "needs_review": result.needs_review,
        "escalation_reasons": result.escalation.reasons,
        "sources": [asdict(s) for s in result.draft.sources],
        "similar_tickets": [asdict(s) for s in result.evidence.similar_tickets],
        "articles": [{k: v for k, v in asdict(h).items() if k != "passage"} for h in result.evidence.articles],
    }


def triage(session: Session, ticket_id: int) -> Ticket:
    """Run the AI pipeline on a stored ticket and write its results (with audit events)."""
    from support_app.services.ai.pipeline import get_pipeline

    ticket = get(session, ticket_id)
    try:
        learning.sync_corrections(session)
        result = get_pipeline().process(_pipeline_input(session, ticket))
    except Exception as exc:  # the ticket stays saved and visible; a person takes over
        log.exception("AI pipeline failed for ticket %s", ticket_id)
        ticket.escalated = True
        ticket.escalation_reason = f"AI pipeline failed: {type(exc).__name__}"
        ticket.status = Status.escalated.value
        _touch(ticket)
        audit.record(session, ticket.id, SYSTEM_ACTOR, "escalated", Status.open.value, ticket.escalation_reason)
        session.commit()
        return ticket

    a = result.analysis
    ticket.category, ticket.priority = a.category, a.priority
    ticket.sentiment, ticket.sentiment_score = a.sentiment, round(a.sentiment_score, 3)
    ticket.language, ticket.tags = a.language, ",".join(a.tags)[:500]
    ticket.ai_confidence = round(result.confidence, 3)
    ticket.ai_draft = result.draft.text
    ticket.ai_analysis = json.dumps(_analysis_record(result))
    audit.record(session, ticket.id, SYSTEM_ACTOR, "triaged", "",
                 f"{a.category} / {a.priority} / confidence {result.confidence:.2f} ({a.engine})")
    if result.escalation.escalate:
        ticket.escalated = True
        ticket.escalation_reason = "; ".join(result.escalation.reasons)
        audit.record(session, ticket.id, SYSTEM_ACTOR, "escalated", ticket.status, ticket.escalation_reason)
        ticket.status = Status.escalated.value
    _touch(ticket)
    session.commit()
    return ticket


def regenerate_draft(session: Session, ticket_id: int, version: int, actor: str) -> Ticket:
    """A fresh AI draft (and evidence) for the ticket as it is now; labels are left as they are."""
    from support_app.services.ai.pipeline import get_pipeline

    ticket = get(session, ticket_id)
    learning.sync_corrections(session)
    result = get_pipeline().process(_pipeline_input(session, ticket))
    record = json.loads(ticket.ai_analysis or "{}")
    fresh = _analysis_record(result)
    record.update({k: fresh[k] for k in ("draft_engine", "sources", "similar_tickets", "articles", "needs_review")})
    ticket = _change(session, ticket_id, version, actor,
                     {"ai_draft": result.draft.text, "ai_analysis": json.dumps(record)}, "draft_regenerated",
                     record=False)
    audit.record(session, ticket_id, actor, "draft_regenerated", "", f"{len(result.draft.sources)} sources")
    session.commit()
    return ticket


# ---------------------------------------------------------------- queries

@dataclass
class TicketFilter:
    status: str = ""
    category: str = ""
    priority: str = ""
    assignee_id: int | None = None
    unassigned: bool = False
    escalated: bool | None = None
    sentiment: str = ""
    search: str = ""
    customer_id: int | None = None
    breaching_sla: bool = False
    status_in: list[str] | None = None
    sort: str = "newest"  # newest | oldest | priority | updated


PRIORITY_RANK = {p: i for i, p in enumerate(reversed(PRIORITIES))}  # urgent=0


def _conditions(flt: TicketFilter) -> list:
    """SQL conditions for a filter (shared by the page query and its count)."""
    conditions = []
    if flt.status:
        conditions.append(Ticket.status == flt.status)
    if flt.status_in:
        conditions.append(Ticket.status.in_(flt.status_in))
    if flt.category:
        conditions.append(Ticket.category == flt.category)
    if flt.priority:
        conditions.append(Ticket.priority == flt.priority)
    if flt.assignee_id is not None:
        conditions.append(Ticket.assignee_id == flt.assignee_id)
    if flt.unassigned:
        conditions.append(Ticket.assignee_id.is_(None))
    if flt.escalated is not None:
        conditions.append(Ticket.escalated == flt.escalated)
    if flt.sentiment:
        conditions.append(Ticket.sentiment == flt.sentiment)
    if flt.customer_id is not None:
        conditions.append(Ticket.customer_id == flt.customer_id)
    if flt.breaching_sla:
        conditions.append(sla.breaching_condition())
    if flt.search.strip():
        term = f"%{flt.search.strip().lower()}%"
        conditions.append(or_(func.lower(Ticket.subject).like(term), func.lower(Ticket.description).like(term)))
    return conditions


def list_tickets(session: Session, flt: TicketFilter, page: int = 1, page_size: int = 25) -> list[Ticket]:
    """One page of tickets matching the filter. Filtering, sorting and paging happen in SQL."""
    order = {
        "oldest": [Ticket.created_at.asc(), Ticket.id.asc()],
        "updated": [Ticket.updated_at.desc(), Ticket.id.desc()],
        "priority": [_priority_order(), Ticket.created_at.desc()],
    }.get(flt.sort, [Ticket.created_at.desc(), Ticket.id.desc()])
    query = (select(Ticket).where(*_conditions(flt)).order_by(*order)
             .offset(max(page - 1, 0) * page_size).limit(page_size))
    return list(session.exec(query))


def count_tickets(session: Session, flt: TicketFilter) -> int:
    return session.exec(select(func.count(Ticket.id)).where(*_conditions(flt))).one()


def view_counts(session: Session, agent_id: int) -> dict[str, int]:
    """Counts for the queue's saved views."""
    open_only = list(sla.OPEN_STATUSES)
    return {
        "mine": count_tickets(session, TicketFilter(assignee_id=agent_id, status_in=open_only)),
        "unassigned": count_tickets(session, TicketFilter(unassigned=True, status_in=open_only)),
        "escalated": count_tickets(session, TicketFilter(status=Status.escalated.value)),
        "breaching": count_tickets(session, TicketFilter(breaching_sla=True)),
    }


def _priority_order():
    from sqlalchemy import case
    return case(*[(Ticket.priority == p, rank) for p, rank in PRIORITY_RANK.items()], else_=9)


def get(session: Session, ticket_id: int, customer_id: int | None = None) -> Ticket:
    """A ticket by id; when `customer_id` is given, only that customer's (else NotFoundError)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or (customer_id is not None and ticket.customer_id != customer_id):
        raise NotFoundError(f"Ticket #{ticket_id} was not found.")
    return ticket


def thread(session: Session, ticket_id: int, include_internal: bool = True) -> list[TicketMessage]:
    query = select(TicketMessage).where(TicketMessage.ticket_id == ticket_id)
    if not include_internal:
        query = query.where(TicketMessage.kind.in_([MessageKind.customer.value, MessageKind.agent.value]))
    return list(session.exec(query.order_by(TicketMessage.created_at, TicketMessage.id)))


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Ticket)).one()


# ---------------------------------------------------------------- changes

def _touch(ticket: Ticket) -> None:
    ticket.updated_at = utcnow()
    ticket.version += 1


def _change(session: Session, ticket_id: int, expected_version: int, actor: str,
            changes: dict[str, object], action: str | None = None, record: bool = True) -> Ticket:
    """Apply `changes` only if nobody changed the ticket since `expected_version` was read."""
    ticket = get(session, ticket_id)
    old = {k: getattr(ticket, k) for k in changes}
    result = session.execute(
        update(Ticket).where(Ticket.id == ticket_id, Ticket.version == expected_version)
        .values(**changes, version=Ticket.version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        session.rollback()
        raise ConflictError("This ticket was changed by someone else since you opened it. "
                            "It has been refreshed: review the latest version and try again.")
    shown = [k for k in changes if k not in BOOKKEEPING_FIELDS and old[k] != changes[k]]
    if record and shown:
        before = old[shown[0]] if len(shown) == 1 else "; ".join(f"{k}: {old[k]}" for k in shown)
        after = changes[shown[0]] if len(shown) == 1 else "; ".join(f"{k}: {changes[k]}" for k in shown)
        audit.record(session, ticket_id, actor, action or f"{shown[0]}_changed", before, after)
    session.commit()
    session.refresh(ticket)
    if {"status", "resolution", "resolution_approved"} & changes.keys():
        _index_safely(ticket)  # only approved, resolved tickets stay searchable for drafts
    return ticket


def set_status(session: Session, ticket_id: int, version: int, actor: str, status: str) -> Ticket:
    if status not in STATUSES:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    return _change(session, ticket_id, version, actor, {"status": status}, "status_changed")


def assign(session: Session, ticket_id: int, version: int, actor: str, assignee_id: int | None) -> Ticket:
    changes: dict[str, object] = {"assignee_id": assignee_id}
    ticket = get(session, ticket_id)
    if assignee_id and ticket.status == Status.open.value:
        changes["status"] = Status.in_progress.value
    return _change(session, ticket_id, version, actor, changes, "assigned")


def correct_labels(session: Session, ticket_id: int, version: int, actor: str,
                   category: str | None = None, priority: str | None = None) -> Ticket:
    """An agent's correction: stored, audited, and fed to the classifier at once."""
    changes: dict[str, object] = {}
    if category:
        if category not in CATEGORIES:
            raise ValidationError({"category": f"Unknown category {category!r}."})
        changes["category"] = category
    if priority:
        if priority not in PRIORITIES:
            raise ValidationError({"priority": f"Unknown priority {priority!r}."})
        changes["priority"] = priority
    if not changes:
        raise ValidationError({"category": "Choose a category or priority to correct."})
    changes["label_source"] = "agent"
    ticket = _change(session, ticket_id, version, actor, changes, "corrected")
    learning.sync_corrections(session)
    return ticket


def escalate(session: Session, ticket_id: int, version: int, actor: str, reason: str) -> Ticket:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the ticket is escalated."})
    return _change(session, ticket_id, version, actor,
                   {"escalated": True, "escalation_reason": reason.strip()[:1000],
                    "status": Status.escalated.value}, "escalated")


def resolve(session: Session, ticket_id: int, version: int, actor: str, resolution: str,
            approve_for_reuse: bool = True) -> Ticket:
    """Resolve with a resolution text. Approved resolutions feed future drafts."""
    if not resolution.strip():
        raise ValidationError({"resolution": "Write the resolution before resolving."})
    return _change(session, ticket_id, version, actor,
                   {"status": Status.resolved.value, "resolution": resolution.strip(),
                    "resolution_approved": approve_for_reuse, "resolved_at": utcnow()}, "resolved")


def reopen(session: Session, ticket_id: int, version: int, actor: str) -> Ticket:
    return _change(session, ticket_id, version, actor,
                   {"status": Status.open.value, "resolved_at": None}, "reopened")


def add_message(session: Session, ticket_id: int, version: int, actor: str, author_name: str,
                kind: MessageKind, body: str, draft_outcome: str = "") -> Ticket:
    """Thread message: an agent reply (sets first response), a customer reply, or an internal note."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "The message is empty."})
    if len(body) > get_settings().description_max_length:
        raise ValidationError({"body": "The message is too long."})
    ticket = get(session, ticket_id)
    changes: dict[str, object] = {}
    if kind == MessageKind.agent and ticket.first_response_at is None:
        changes["first_response_at"] = utcnow()
    if kind == MessageKind.customer and ticket.status in (Status.resolved.value, Status.closed.value):
        changes["status"] = Status.open.value
    action = {"agent": "replied", "customer": "customer_replied", "internal_note": "noted"}.get(kind.value, "message")
    ticket = _change(session, ticket_id, version, actor, changes, action, record=False)
    session.add(TicketMessage(ticket_id=ticket_id, kind=kind.value, author_name=author_name, body=body))
    audit.record(session, ticket_id, actor, action, "", (draft_outcome + ": " if draft_outcome else "") + body[:200])
    session.commit()
    return ticket


def rate(session: Session, ticket_id: int, customer_id: int, score: int, comment: str = "") -> Ticket:
    """CSAT 1-5 (+ comment) by the ticket's own customer, once it is resolved; once only."""
    ticket = get(session, ticket_id, customer_id=customer_id)
    if ticket.status not in (Status.resolved.value, Status.closed.value):
        raise ValidationError({"csat": "You can rate a ticket once it is resolved."})
    if ticket.csat_score is not None:
        raise ValidationError({"csat": "You have rated this ticket already. Thank you!"})
    if score not in range(1, 6):
        raise ValidationError({"csat": "Choose a rating from 1 to 5."})
    return _change(session, ticket_id, ticket.version, f"customer:{customer_id}",
                   {"csat_score": score, "csat_comment": comment.strip()[:1000]}, "rated")


def _index_safely(ticket: Ticket) -> None:
    """Add (or remove) the ticket's resolution in the vector store; SQL stays the truth if Chroma is down."""
    try:
        from support_app.services.ai import indexing
        indexing.index_ticket(ticket)
    except Exception:
        log.exception("could not index ticket %s (run `python -m support_app.reindex` later)", ticket.id)
