"""What the ticket page shows, one typed record per audience.

A customer gets `CustomerTicketView`: their ticket, the public thread and whether they may rate.
It has no field for anything internal (AI draft, analysis, escalation, tags, sentiment, confidence,
resolution, notes, audit trail), so nothing internal can reach a customer's browser by accident.
Agents get `AgentTicketView` with all of it. `detail_for` picks the record from the identity."""

import json
from dataclasses import dataclass, field

from sqlmodel import Session

from support_app.models import Customer, Ticket, TriageState, User
from support_app.services import audit, auth, sla, tickets
from support_app.services.errors import NotFoundError

HISTORY_SIZE = 10


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else ""


def stored_analysis(ticket: Ticket) -> dict:
    """The pipeline's stored analysis (`Ticket.ai_analysis` JSON); {} when missing or unreadable."""
    try:
        record = json.loads(ticket.ai_analysis or "{}")
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


@dataclass
class MessageRow:
    kind: str
    kind_label: str
    author: str
    body: str
    at: str


@dataclass
class EventRow:
    actor: str
    action: str
    old: str
    new: str
    at: str


@dataclass
class SourceRow:
    kind: str
    id: int
    title: str


@dataclass
class SimilarRow:
    ticket_id: int
    similarity: str
    subject: str
    resolution: str


@dataclass
class HistoryRow:
    id: int
    subject: str
    status_label: str
    created: str


@dataclass
class CustomerTicketView:
    """What the ticket's own customer may see."""

    id: int
    subject: str
    description: str
    order_number: str
    status_label: str
    category_label: str
    created: str
    updated: str
    first_response: str
    can_rate: bool
    csat: str
    messages: list[MessageRow] = field(default_factory=list)


@dataclass
class AgentTicketView:
    """Everything an agent works with."""

    id: int
    version: int
    subject: str
    description: str
    order_number: str
    status: str
    status_label: str
    category: str
    category_label: str
    priority: str
    customer: str
    assignee: str
    created: str
    updated: str
    first_response: str
    sla: str
    first_response_due: str
    resolution_due: str
    sentiment: str
    sentiment_score: str
    language: str
    confidence: str
    tags: str
    escalation_reason: str
    resolution: str
    ai_draft: str
    engine: str
    needs_review: bool
    ai_pending: bool  # the AI triage has not finished yet (labels and draft are still coming)
    confidence_parts: list[str] = field(default_factory=list)
    priority_factors: list[str] = field(default_factory=list)
    escalation_reasons: list[str] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    similar: list[SimilarRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    messages: list[MessageRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)


def detail_for(session: Session, identity: auth.Identity | None,
               ticket_id: int) -> CustomerTicketView | AgentTicketView:
    """The page data for this viewer: agents get the agent view; a customer only their own ticket's
    customer view. Anyone else (or a missing ticket): NotFoundError."""
    ticket = auth.ticket_for(session, identity, ticket_id)
    if identity.has_role("agent"):
        return _agent_view(session, ticket)
    if ticket.customer_id != identity.customer_id:  # ticket_for checks this already; keep it local too
        raise NotFoundError(f"Ticket #{ticket_id} was not found.")
    return _customer_view(session, ticket)


def agent_version(session: Session, identity: auth.Identity | None, ticket_id: int) -> int | None:
    """The ticket's current version for an agent (None for anyone else or a missing ticket): the
    cheap check a ticket page runs on every live push before deciding to load the whole view."""
    if identity is None or not identity.has_role("agent"):
        return None
    try:
        return auth.ticket_for(session, identity, ticket_id).version
    except NotFoundError:
        return None


def _messages(session: Session, ticket: Ticket, include_internal: bool) -> list[MessageRow]:
    return [MessageRow(m.kind, _label(m.kind), m.author_name, m.body, _when(m.created_at))
            for m in tickets.thread(session, ticket.id, include_internal=include_internal)]


def _customer_view(session: Session, ticket: Ticket) -> CustomerTicketView:
    return CustomerTicketView(
        id=ticket.id, subject=ticket.subject, description=ticket.description,
        order_number=ticket.order_number or "", status_label=_label(ticket.status),
        category_label=_label(ticket.category), created=_when(ticket.created_at),
        updated=_when(ticket.updated_at), first_response=_when(ticket.first_response_at),
        can_rate=ticket.status in ("resolved", "closed") and ticket.csat_score is None,
        csat=f"{ticket.csat_score} / 5" if ticket.csat_score else "",
        messages=_messages(session, ticket, include_internal=False),
    )


def _agent_view(session: Session, ticket: Ticket) -> AgentTicketView:
    analysis = stored_analysis(ticket)
    customer = session.get(Customer, ticket.customer_id)
    assignee = session.get(User, ticket.assignee_id) if ticket.assignee_id else None
    due = sla.evaluate(ticket)
    others = tickets.list_tickets(session, tickets.TicketFilter(customer_id=ticket.customer_id), 1,
                                  HISTORY_SIZE + 1)
    return AgentTicketView(
        id=ticket.id, version=ticket.version, subject=ticket.subject, description=ticket.description,
        order_number=ticket.order_number or "", status=ticket.status, status_label=_label(ticket.status),
        category=ticket.category, category_label=_label(ticket.category), priority=ticket.priority,
        customer=f"{customer.name} <{customer.email}>", assignee=assignee.name if assignee else "Unassigned",
        created=_when(ticket.created_at), updated=_when(ticket.updated_at),
        first_response=_when(ticket.first_response_at), sla=due.label,
        first_response_due=_when(due.first_response_due), resolution_due=_when(due.resolution_due),
        sentiment=ticket.sentiment, sentiment_score=f"{ticket.sentiment_score:+.2f}", language=ticket.language,
        confidence=f"{ticket.ai_confidence:.0%}", tags=ticket.tags, escalation_reason=ticket.escalation_reason,
        resolution=ticket.resolution, ai_draft=ticket.ai_draft, engine=str(analysis.get("engine", "")),
        needs_review=bool(analysis.get("needs_review")),
        ai_pending=ticket.triage_state in (TriageState.pending.value, TriageState.running.value),
        confidence_parts=[f"{k}: {v:.0%}" for k, v in analysis.get("confidence_parts", {}).items()],
        priority_factors=[str(f) for f in analysis.get("priority_factors", [])],
        escalation_reasons=[str(r) for r in analysis.get("escalation_reasons", [])],
        sources=[SourceRow(str(s["kind"]), int(s["id"]), str(s["title"])) for s in analysis.get("sources", [])],
        similar=[SimilarRow(int(s["ticket_id"]), f"{s['similarity']:.0%}", str(s["subject"]),
                            str(s["resolution"])[:160]) for s in analysis.get("similar_tickets", [])],
        history=[HistoryRow(t.id, t.subject, _label(t.status), _when(t.created_at))
                 for t in others if t.id != ticket.id][:HISTORY_SIZE],
        messages=_messages(session, ticket, include_internal=True),
        events=[EventRow(e.actor, _label(e.action), e.old_value, e.new_value, _when(e.created_at))
                for e in audit.timeline(session, ticket.id)],
    )
