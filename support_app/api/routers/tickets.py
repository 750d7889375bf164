"""/api/tickets: file, list, read and change tickets (services/tickets.py, the queue's own filters)."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.requests import Request

from support_app.api.deps import Agent, Announces, Caller, DbSession, client_ip
from support_app.api.pagination import ticket_page
from support_app.api.schemas import (
    CustomerTicketOut, EscalateRequest, EventOut, MessageCreate, MessageOut, ResolveRequest, TicketCreate, TicketOut,
    TicketPage, TicketPatch, VersionOnly,
)
from support_app.models import Category, Channel, MessageKind, Priority, Role, Status
from support_app.services import api_tokens, audit, auth, customers, idempotency, tickets, triage
from support_app.services.errors import PermissionDenied
from support_app.services.unit_of_work import atomic

router = APIRouter(prefix="/tickets", tags=["tickets"])
MAX_PAGE = 100_000
CURSOR_HELP = "`next_cursor` of the previous page (instead of `page`)"
TicketId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def ticket_out(ticket, caller) -> TicketOut | CustomerTicketOut:
    if not caller.identity.has_role(Role.agent.value):
        return CustomerTicketOut.model_validate(ticket, from_attributes=True)
    data = ticket.model_dump()
    data["tags"] = [t for t in (ticket.tags or "").split(",") if t]
    data["links"] = {"self": f"/api/tickets/{ticket.id}", "audit": f"/api/tickets/{ticket.id}/audit"}
    return TicketOut.model_validate(data)


@router.post("", status_code=201, response_model=TicketOut | CustomerTicketOut, dependencies=Announces,
             summary="File a ticket; the same AI triage runs right after (triage_state pending until then)")
def create_ticket(body: TicketCreate, caller: Caller, session: DbSession, request: Request,
                  idempotency_key: Annotated[str | None, Header(max_length=255)] = None):
    identity = caller.identity
    email, ip = body.email, None
    if not identity.has_role(Role.agent.value):  # a customer token files for its own customer only
        email, ip = customers.get(session, identity.customer_id).email, client_ip(request)
    payload = body.model_dump()
    if idempotency_key is not None:
        stored = idempotency.begin(session, caller.token_id, idempotency_key, payload)
        if stored is not None:
            return JSONResponse(stored[1], status_code=stored[0], headers={"Idempotent-Replayed": "true"})
    with atomic(session):  # the key, the ticket, its triage job and the stored answer: all or nothing
        ticket = triage.file_ticket(session, tickets.Submission(email=email, subject=body.subject,
                                                                description=body.description,
                                                                order_number=body.order_number, name=body.name),
                                    actor=caller.actor, client_ip=ip, channel=Channel.api)
        answer = jsonable_encoder(ticket_out(ticket, caller))
        if idempotency_key is not None:
            idempotency.finish(session, caller.token_id, idempotency_key, 201, answer)
    return JSONResponse(answer, status_code=201, headers={"Location": f"/api/tickets/{ticket.id}"})


@router.get("", response_model=TicketPage, summary="List tickets with the queue's filters",
            description="Newest first by default. Page through with `cursor` = the previous page's "
                        "`next_cursor` (keep the filters and `sort`); `total` is exact up to 10,000 "
                        "(`total_relation` `eq`), above that a lower bound (`gte`).")
def list_tickets(caller: Caller, session: DbSession,
                 status: Status | None = None, category: Category | None = None, priority: Priority | None = None,
                 sentiment: Literal["positive", "neutral", "negative"] | None = None,
                 assignee_id: Annotated[int | None, Query(ge=1, le=2**31)] = None, unassigned: bool = False,
                 escalated: bool | None = None, sla: Literal["breaching"] | None = None,
                 q: Annotated[str, Query(max_length=200)] = "",
                 created_after: datetime | None = None, created_before: datetime | None = None,
                 updated_after: datetime | None = None, updated_before: datetime | None = None,
                 sort: Literal["newest", "oldest", "priority", "updated"] = "newest",
                 page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
                 page_size: Annotated[int, Query(ge=1, le=100)] = 25,
                 cursor: Annotated[str | None, Query(max_length=500, description=CURSOR_HELP)] = None):
    identity = caller.identity
    flt = tickets.TicketFilter(
        status=status.value if status else "", category=category.value if category else "",
        priority=priority.value if priority else "", sentiment=sentiment or "", assignee_id=assignee_id,
        unassigned=unassigned, escalated=escalated, breaching_sla=sla == "breaching", search=q,
        created_after=created_after, created_before=created_before, updated_after=updated_after,
        updated_before=updated_before, sort=sort)
    if not identity.has_role(Role.agent.value):
        flt.customer_id = identity.customer_id if identity.customer_id is not None else -1
    return ticket_page(session, flt, page, page_size, cursor, lambda t: ticket_out(t, caller))


@router.get("/{ticket_id}", response_model=TicketOut | CustomerTicketOut)
def get_ticket(ticket_id: TicketId, caller: Caller, session: DbSession):
    return ticket_out(auth.ticket_for(session, caller.identity, ticket_id), caller)


@router.patch("/{ticket_id}", response_model=TicketOut, dependencies=Announces,
              summary="Change category, priority, status or assignee (a stale version gets 409)")
def patch_ticket(ticket_id: TicketId, body: TicketPatch, caller: Agent, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    ticket = tickets.update_fields(session, ticket_id, body.version, caller.actor,
                            category=body.category.value if body.category else None,
                            priority=body.priority.value if body.priority else None,
                            status=body.status.value if body.status else None,
                            assignee_id=body.assignee_id, unassign=body.unassign)
    return ticket_out(ticket, caller)


@router.get("/{ticket_id}/messages", response_model=list[MessageOut])
def list_messages(ticket_id: TicketId, caller: Caller, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    staff = caller.identity.has_role(Role.agent.value)
    return [MessageOut.model_validate(m, from_attributes=True)
            for m in tickets.thread(session, ticket_id, include_internal=staff)]


@router.post("/{ticket_id}/messages", response_model=TicketOut | CustomerTicketOut, status_code=201,
             dependencies=Announces,
             summary="Reply to the customer, add an internal note, or (customer token) a customer reply")
def add_message(ticket_id: TicketId, body: MessageCreate, caller: Caller, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    staff = caller.identity.has_role(Role.agent.value)
    if staff == (body.kind == "customer"):
        raise PermissionDenied("Agents post `agent` or `internal_note` messages; customer tokens post `customer`.")
    ticket = tickets.add_message(session, ticket_id, body.version, caller.actor, caller.token_name,
                                 MessageKind(body.kind), body.body)
    return ticket_out(ticket, caller)


@router.post("/{ticket_id}/resolve", response_model=TicketOut, dependencies=Announces)
def resolve(ticket_id: TicketId, body: ResolveRequest, caller: Agent, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    return ticket_out(tickets.resolve(session, ticket_id, body.version, caller.actor, body.resolution,
                                      body.approve_for_reuse), caller)


@router.post("/{ticket_id}/escalate", response_model=TicketOut, dependencies=Announces)
def escalate(ticket_id: TicketId, body: EscalateRequest, caller: Agent, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    return ticket_out(tickets.escalate(session, ticket_id, body.version, caller.actor, body.reason), caller)


@router.post("/{ticket_id}/reopen", response_model=TicketOut, dependencies=Announces)
def reopen(ticket_id: TicketId, body: VersionOnly, caller: Agent, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    return ticket_out(tickets.reopen(session, ticket_id, body.version, caller.actor), caller)


@router.get("/{ticket_id}/audit", response_model=list[EventOut])
def audit_trail(ticket_id: TicketId, caller: Agent, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    return [EventOut.model_validate(e, from_attributes=True) for e in audit.timeline(session, ticket_id)]


@router.post("/{ticket_id}/draft", response_model=TicketOut, summary="Regenerate the AI draft")
def regenerate_draft(ticket_id: TicketId, body: VersionOnly, caller: Agent, session: DbSession):
    auth.ticket_for(session, caller.identity, ticket_id)
    remote = api_tokens.take_gemini_call(session, caller.token_id)  # the token's daily Gemini budget
    return ticket_out(triage.regenerate_draft(session, ticket_id, body.version, caller.actor,
                                              remote_allowed=remote), caller)
