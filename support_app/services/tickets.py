"""Tickets: submission, queries for the queue, and every change in a ticket's life.

Every change goes through `apply_change` (inside one transaction, usually via `_change`), which
applies optimistic locking on `Ticket.version` and writes the audit trail. Ticket text is cleaned
(services/text_input), stored and only ever treated as data. The AI triage lives in services/triage.py.
"""

import difflib
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, select

from support_app.models import (
    CATEGORIES, PRIORITIES, STATUSES, Channel, Customer, DraftOutcome, MessageKind, Status, Ticket, TicketMessage, TriageState,
    analysis_columns, utcnow,
)
from support_app.services import (
    audit, customers, jobs, learning, mail, rate_limit, sla, text_input, ticket_search, webhooks,
)
from support_app.services.errors import ConflictError, NotFoundError, ValidationError
from support_app.services.unit_of_work import atomic
from support_app.settings import get_settings


EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
ORDER_PATTERN = re.compile(r"^[A-Za-z0-9\-_/#]{1,64}$")
# Changed alongside the fields people care about; not worth a line in the audit trail.
BOOKKEEPING_FIELDS = {"resolved_at", "resolution_approved", "label_source", "first_response_at", "updated_at"}
EDITED_MIN_SIMILARITY = 0.5  # below this share of matching text the draft counts as discarded


@dataclass
class Submission:
    email: str
    subject: str
    description: str
    order_number: str = ""
    name: str = ""


# field -> (label, multi-line); every text of a submission passes text_input.clean
SUBMISSION_FIELDS = {"email": ("Email", False), "subject": ("Subject", False), "description": ("Description", True),
                     "order_number": ("Order number", False), "name": ("Name", False)}


def validate_submission(sub: Submission) -> Submission:
    """Raise ValidationError (field -> message) or return the cleaned submission."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, (label, multiline) in SUBMISSION_FIELDS.items():
        try:
            values[name] = text_input.clean(getattr(sub, name), name, label=label, multiline=multiline,
                                            required=name in ("subject", "description"))
        except ValidationError as exc:
            errors.update(exc.errors)
    values["email"] = values.get("email", "").lower()
    if "email" not in errors and not EMAIL_PATTERN.match(values["email"]):
        errors["email"] = "Enter a valid email address, like name@example.com."
    if values.get("order_number") and not ORDER_PATTERN.match(values["order_number"]):
        errors["order_number"] = "Order number may contain only letters, digits and - _ / #."
    if errors:
        raise ValidationError(errors)
    return Submission(**values)


def check_submission_rate(session: Session, email: str, client_ip: str) -> None:
    """At most SUBMIT_IP_LIMIT tickets per address and SUBMIT_EMAIL_LIMIT per email in the window.
    The attempts join the caller's transaction: they are stored with the ticket (one commit)."""
    settings = get_settings()
    window = settings.submit_window_seconds
    minutes = max(1, window // 60)
    rate_limit.check(session, "submit-ip", client_ip, settings.submit_ip_limit, window,
                     f"Too many tickets were sent from your network in the last {minutes} minutes. "
                     "Please wait a few minutes and try again.")
    rate_limit.check(session, "submit-email", email, settings.submit_email_limit, window,
                     f"Too many tickets were sent for {email} in the last {minutes} minutes. "
                     "Please wait a few minutes, or reply on one of your open tickets.")
    rate_limit.add(session, "submit-ip", client_ip)
    rate_limit.add(session, "submit-email", email)


def submit(session: Session, sub: Submission, actor: str | None = None, client_ip: str | None = None,
           channel: Channel = Channel.portal) -> Ticket:
    """Store a new ticket (status open, triage pending). The AI triage runs afterwards
    (services/triage.py): a ticket is saved even when every AI component is down.

    `client_ip` is given for submissions from the web and subjects them to the rate limits;
    trusted callers (seeding, tools) leave it out. `channel` records where the ticket came from."""
    sub = validate_submission(sub)
    with atomic(session):
        if client_ip is not None:
            check_submission_rate(session, sub.email, client_ip)
        customer = customers.get_or_create(session, sub.email, sub.name)
        ticket = Ticket(customer_id=customer.id, subject=sub.subject, description=sub.description,
                        order_number=sub.order_number or None, triage_state=TriageState.pending.value,
                        channel=Channel(channel).value)
        session.add(ticket)
        session.flush()
        session.add(TicketMessage(ticket_id=ticket.id, kind=MessageKind.customer.value,
                                  author_name=customer.name, body=sub.description))
        audit.record(session, ticket.id, actor or customer.email, "created", "", sub.subject)
        webhooks.emit(session, "ticket.created", event_data(ticket))
    return ticket


def pipeline_input(session: Session, ticket: Ticket):
    """What the AI pipeline reads of a stored ticket (its text and the customer's history)."""
    from support_app.services.ai.types import TicketInput

    customer = session.get(Customer, ticket.customer_id)
    return TicketInput(
        subject=ticket.subject, description=ticket.description, order_number=ticket.order_number,
        customer=customers.history(session, customer, exclude_ticket_id=ticket.id),
        created_at=ticket.created_at,
    )


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
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    sort: str = "newest"  # newest | oldest | priority | updated


PRIORITY_RANK = {p: i for i, p in enumerate(reversed(PRIORITIES))}  # urgent=0


def _conditions(session: Session, flt: TicketFilter, date_ordered_page: bool = False) -> list:
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
    for column, bound, after in ((Ticket.created_at, flt.created_after, True), (Ticket.created_at, flt.created_before, False),
                                 (Ticket.updated_at, flt.updated_after, True), (Ticket.updated_at, flt.updated_before, False)):
        if bound is not None:
            conditions.append(column >= bound if after else column < bound)
    search = clean_search(flt.search)
    if search:
        conditions.append(ticket_search.matches(session, search, date_ordered_page))
    return conditions


def clean_search(text: str) -> str:
    """The queue's search text, cleaned; ValidationError when it is too long."""
    return text_input.clean(text, "search", label="Search", multiline=False)


def _order(sort: str) -> list:
    """ORDER BY for a sort; each ends with the id, so every row has one place (keyset paging)."""
    return {
        "oldest": [Ticket.created_at.asc(), Ticket.id.asc()],
        "updated": [Ticket.updated_at.desc(), Ticket.id.desc()],
        "priority": [_priority_order(), Ticket.created_at.desc(), Ticket.id.desc()],
    }.get(sort, [Ticket.created_at.desc(), Ticket.id.desc()])


def list_tickets(session: Session, flt: TicketFilter, page: int = 1, page_size: int = 25) -> list[Ticket]:
    """One page of tickets matching the filter. Filtering, sorting and paging happen in SQL."""
    return page_of_tickets(session, flt, page_size, page).rows


@dataclass
class TicketSlice:
    rows: list[Ticket]
    has_more: bool
    next_key: list | None  # the sort key of the last row when more follow (see `sort_key`)


def page_of_tickets(session: Session, flt: TicketFilter, page_size: int, page: int = 1,
                    after: list | None = None) -> TicketSlice:
    """A page by number (OFFSET) or, with `after`, the rows following that sort key (keyset: as
    fast at the millionth row as at the first, and stable while tickets are added)."""
    conditions = _conditions(session, flt, flt.sort in ("newest", "oldest"))
    if after is not None:
        conditions.append(_after(flt.sort, after))
        page = 1
    # Ids first, rows second: the sort then carries only the sort key and the id (often straight
    # from an index) instead of whole tickets.
    ids = list(session.exec(select(Ticket.id).where(*conditions).order_by(*_order(flt.sort))
                            .offset(max(page - 1, 0) * page_size).limit(page_size + 1)))
    by_id = {t.id: t for t in session.exec(select(Ticket).where(Ticket.id.in_(ids[:page_size])))} if ids else {}
    rows = [by_id[i] for i in ids[:page_size] if i in by_id]
    next_key = sort_key(rows[-1], flt.sort) if len(ids) > page_size and rows else None
    return TicketSlice(rows, next_key is not None, next_key)


def sort_key(ticket: Ticket, sort: str) -> list:
    """The position of a ticket in a sort, as JSON-ready values: [rank?, timestamp, id]."""
    stamp = (ticket.updated_at if sort == "updated" else ticket.created_at).isoformat()
    if sort == "priority":
        return [PRIORITY_RANK.get(ticket.priority, 9), stamp, ticket.id]
    return [stamp, ticket.id]


def _after(sort: str, key: list):
    """SQL condition: rows after `key` in `sort` (ValidationError when the key does not fit)."""
    try:
        *rank, stamp, ticket_id = key
        stamp = datetime.fromisoformat(stamp)
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)
        numbers = [*rank, ticket_id]
        if len(rank) != (sort == "priority") or not all(type(v) is int and 0 <= v < 2**31 for v in numbers):
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError({"cursor": "This cursor is not valid for this sort."}) from None
    column = Ticket.updated_at if sort == "updated" else Ticket.created_at
    if sort == "oldest":  # written so that the timestamp bound can use the date index
        later = and_(column >= stamp, or_(column > stamp, Ticket.id > ticket_id))
    else:
        later = and_(column <= stamp, or_(column < stamp, Ticket.id < ticket_id))
    if sort == "priority":
        return or_(_priority_order() > rank[0], and_(_priority_order() == rank[0], later))
    return later


def count_tickets(session: Session, flt: TicketFilter, up_to: int | None = None) -> int:
    """How many tickets match; with `up_to`, counting stops there (min(count, up_to)), which
    keeps a count over a large match as cheap as reading `up_to` index entries."""
    if flt.search and not _conditions(session, replace(flt, search="")):
        return ticket_search.count_matches(session, clean_search(flt.search), up_to)
    if up_to is None:
        return session.exec(select(func.count(Ticket.id)).where(*_conditions(session, flt))).one()
    matching = select(Ticket.id).where(*_conditions(session, flt)).limit(up_to).subquery()
    return session.exec(select(func.count()).select_from(matching)).one()


QUEUE_VIEWS = ("mine", "unassigned", "escalated", "breaching")


def view_filter(view: str, agent_id: int | None) -> TicketFilter:
    """A saved view of the queue; its rows and its count use this same filter."""
    open_only = list(sla.OPEN_STATUSES)
    return {
        "mine": TicketFilter(assignee_id=agent_id, status_in=open_only),
        "unassigned": TicketFilter(unassigned=True, status_in=open_only),
        "escalated": TicketFilter(escalated=True, status_in=open_only),
        "breaching": TicketFilter(breaching_sla=True),
    }.get(view, TicketFilter())


SHARED_VIEWS = ("unassigned", "escalated", "breaching")  # the same for every agent


def shared_view_counts(session: Session) -> dict[str, int]:
    return {view: count_tickets(session, view_filter(view, None)) for view in SHARED_VIEWS}


def my_view_count(session: Session, agent_id: int) -> int:
    return count_tickets(session, view_filter("mine", agent_id))


def mine_counts(session: Session) -> dict[int, int]:
    """`my_view_count` of every agent with open tickets, in one query (agents missing have 0)."""
    return dict(session.exec(select(Ticket.assignee_id, func.count(Ticket.id))
                             .where(*_conditions(session, view_filter("mine", None)), Ticket.assignee_id.is_not(None))
                             .group_by(Ticket.assignee_id)).all())


def view_counts(session: Session, agent_id: int) -> dict[str, int]:
    """Counts for the queue's saved views."""
    return {"mine": my_view_count(session, agent_id), **shared_view_counts(session)}


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

def apply_change(session: Session, ticket_id: int, expected_version: int, actor: str,
                 changes: dict[str, object], action: str | None = None, record: bool = True) -> None:
    """One step of a unit of work: the conditional UPDATE on `version` (ConflictError if someone
    changed the ticket since `expected_version` was read) and its audit event. The caller commits."""
    ticket = get(session, ticket_id)
    old = {k: getattr(ticket, k) for k in changes}
    result = session.execute(
        update(Ticket).where(Ticket.id == ticket_id, Ticket.version == expected_version)
        .values(**changes, **(analysis_columns(changes["ai_analysis"]) if "ai_analysis" in changes else {}),
                version=Ticket.version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise ConflictError("This ticket was changed by someone else since you opened it. "
                            "It has been refreshed: review the latest version and try again.")
    status_before = str(old["status"] if "status" in old else ticket.status)
    if needs_reindex(status_before, str(changes.get("status", status_before)), changes):
        # only approved, resolved tickets stay searchable for drafts (a job: Chroma may be slow or
        # down), queued in this transaction: the change and its re-indexing commit together
        jobs.enqueue(session, "index_ticket", ticket_id)
    shown = [k for k in changes if k not in BOOKKEEPING_FIELDS and old[k] != changes[k]]
    if record and shown:
        before = old[shown[0]] if len(shown) == 1 else "; ".join(f"{k}: {old[k]}" for k in shown)
        after = changes[shown[0]] if len(shown) == 1 else "; ".join(f"{k}: {changes[k]}" for k in shown)
        audit.record(session, ticket_id, actor, action or f"{shown[0]}_changed", before, after)
    if any(k not in BOOKKEEPING_FIELDS for k in changes):
        def data() -> dict:
            session.refresh(ticket)
            return {**event_data(ticket), "changed": sorted(changes)}
        webhooks.emit(session, _event_for(changes), data)


def _event_for(changes: dict[str, object]) -> str:
    status = changes.get("status")
    if status == Status.escalated.value:
        return "ticket.escalated"
    if status == Status.resolved.value:
        return "ticket.resolved"
    return "ticket.updated"


def event_data(ticket: Ticket) -> dict:
    """What a webhook receiver is told about a ticket (no customer text beyond the subject)."""
    return {"ticket_id": ticket.id, "subject": ticket.subject, "status": ticket.status,
            "category": ticket.category, "priority": ticket.priority, "escalated": ticket.escalated,
            "assignee_id": ticket.assignee_id, "version": ticket.version, "triage_state": ticket.triage_state}


def needs_reindex(status_before: str, status_after: str, changed) -> bool:
    """Whether the vector store must follow a change. It holds only approved resolutions of
    resolved or closed tickets (indexing.ticket_is_indexable), so a change matters when it touches
    the resolution or its approval, moves the ticket into or out of resolved/closed, or changes the
    category of a ticket that is there; a move between open, in progress and escalated (the AI's
    escalation of a new ticket) cannot change what is indexed."""
    searchable = (Status.resolved.value, Status.closed.value)
    changed = set(changed)
    if {"resolution", "resolution_approved"} & changed:
        return True
    if "status" in changed and (status_before in searchable or status_after in searchable):
        return True
    return "category" in changed and status_after in searchable


def after_change(session: Session, ticket_id: int, changed: set[str]) -> Ticket:
    """The committed ticket, read again (its re-indexing job, if it needs one, was queued by
    `apply_change` in the change's own transaction)."""
    ticket = get(session, ticket_id)
    session.refresh(ticket)
    return ticket


def _change(session: Session, ticket_id: int, expected_version: int, actor: str,
            changes: dict[str, object], action: str | None = None, record: bool = True) -> Ticket:
    """Apply `changes` only if nobody changed the ticket since `expected_version` was read."""
    with atomic(session):
        apply_change(session, ticket_id, expected_version, actor, changes, action, record)
    return after_change(session, ticket_id, set(changes))


def set_status(session: Session, ticket_id: int, version: int, actor: str, status: str) -> Ticket:
    """A status chosen by an agent. Status "escalated" raises the escalated flag with it."""
    if status not in STATUSES:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    changes: dict[str, object] = {"status": status}
    if status == Status.escalated.value:
        changes["escalated"] = True
    return _change(session, ticket_id, version, actor, changes, "status_changed")


def assign(session: Session, ticket_id: int, version: int, actor: str, assignee_id: int | None) -> Ticket:
    changes: dict[str, object] = {"assignee_id": assignee_id}
    ticket = get(session, ticket_id)
    if assignee_id and ticket.status == Status.open.value:
        changes["status"] = Status.in_progress.value
    return _change(session, ticket_id, version, actor, changes, "assigned")


def update_fields(session: Session, ticket_id: int, version: int, actor: str, *, category: str | None = None,
           priority: str | None = None, status: str | None = None, assignee_id: int | None = None,
           unassign: bool = False) -> Ticket:
    """Several fields at once (the API's PATCH): one version check, one transaction, one audit event.
    Labels set here count as an agent's correction; an assignee must be an agent or admin."""
    from support_app.services import auth

    errors: dict[str, str] = {}
    changes: dict[str, object] = {}
    if category is not None:
        if category not in CATEGORIES:
            errors["category"] = f"Unknown category {category!r}."
        changes["category"] = category
    if priority is not None:
        if priority not in PRIORITIES:
            errors["priority"] = f"Unknown priority {priority!r}."
        changes["priority"] = priority
    if status is not None:
        if status not in STATUSES:
            errors["status"] = f"Unknown status {status!r}."
        changes["status"] = status
        if status == Status.escalated.value:
            changes["escalated"] = True
    if assignee_id is not None or unassign:
        if assignee_id is not None and assignee_id not in {u.id for u in auth.agents(session)}:
            errors["assignee_id"] = f"User #{assignee_id} is not an agent."
        changes["assignee_id"] = assignee_id
        ticket = get(session, ticket_id)
        if assignee_id and status is None and ticket.status == Status.open.value:
            changes["status"] = Status.in_progress.value
    if not changes and not errors:
        errors["body"] = "Give at least one of category, priority, status, assignee_id."
    if errors:
        raise ValidationError(errors)
    labels = {"category", "priority"} & set(changes)
    if labels:
        changes["label_source"] = "agent"
    ticket = _change(session, ticket_id, version, actor, changes, "updated")
    if labels:
        learning.sync_corrections(session)
    return ticket


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
    reason = text_input.clean(reason, "escalation_reason", label="Escalation reason")
    if not reason:
        raise ValidationError({"escalation_reason": "Say why the ticket is escalated."})
    return _change(session, ticket_id, version, actor,
                   {"escalated": True, "escalation_reason": reason, "status": Status.escalated.value}, "escalated")


def resolve(session: Session, ticket_id: int, version: int, actor: str, resolution: str,
            approve_for_reuse: bool = True) -> Ticket:
    """Resolve with a resolution text (status, resolution and audit event in one transaction).
    Approved resolutions feed future drafts."""
    resolution = text_input.clean(resolution, "resolution", label="Resolution")
    if not resolution:
        raise ValidationError({"resolution": "Write the resolution before resolving."})
    return _change(session, ticket_id, version, actor,
                   {"status": Status.resolved.value, "resolution": resolution,
                    "resolution_approved": approve_for_reuse, "resolved_at": utcnow()}, "resolved")


def reopen(session: Session, ticket_id: int, version: int, actor: str) -> Ticket:
    """Back to open: no longer resolved, and no longer escalated (the flag follows the status)."""
    return _change(session, ticket_id, version, actor,
                   {"status": Status.open.value, "resolved_at": None, "escalated": False, "escalation_reason": ""},
                   "reopened")


def add_message(session: Session, ticket_id: int, version: int, actor: str, author_name: str,
                kind: MessageKind, body: str, draft_outcome: str = "") -> Ticket:
    """Thread message: an agent reply (sets first response), a customer reply (reopens a resolved
    ticket), or an internal note. Message, ticket change and audit event are one transaction."""
    field, label = ("note", "Note") if kind == MessageKind.internal_note else ("reply", "Reply")
    body = text_input.clean(body, field, label=label)
    if not body:
        raise ValidationError({field: "The message is empty."})
    ticket = get(session, ticket_id)
    changes: dict[str, object] = {}
    outcome = ""
    if kind == MessageKind.agent and ticket.first_response_at is None:
        changes["first_response_at"] = utcnow()
        outcome = judge_draft(ticket.ai_draft, body)  # the draft answers the ticket: judged on the first reply
    if kind == MessageKind.customer and ticket.status in (Status.resolved.value, Status.closed.value):
        changes["status"] = Status.open.value
    action = {"agent": "replied", "customer": "customer_replied", "internal_note": "noted"}.get(kind.value, "message")
    with atomic(session):
        apply_change(session, ticket_id, version, actor, changes, action, record=False)
        session.add(TicketMessage(ticket_id=ticket_id, kind=kind.value, author_name=author_name, body=body,
                                  draft_outcome=outcome))
        audit.record(session, ticket_id, actor, action, "", (draft_outcome + ": " if draft_outcome else "") + body[:200])
        webhooks.emit(session, "message.created", {"ticket_id": ticket_id, "kind": kind.value, "author": author_name})
        if kind == MessageKind.agent:
            mail.ticket_reply(session, ticket, author_name, body)  # same transaction: no reply, no mail
    return after_change(session, ticket_id, set(changes))


def judge_draft(draft: str, reply: str) -> str:
    """What a reply did with the AI draft: "" without a draft; unchanged when equal up to
    whitespace; edited when difflib's similarity ratio reaches EDITED_MIN_SIMILARITY; else discarded."""
    draft, reply = " ".join(draft.split()), " ".join(reply.split())
    if not draft:
        return ""
    if draft == reply:
        return DraftOutcome.unchanged.value
    ratio = difflib.SequenceMatcher(None, draft, reply).ratio()
    return (DraftOutcome.edited if ratio >= EDITED_MIN_SIMILARITY else DraftOutcome.discarded).value


def rate(session: Session, ticket_id: int, customer_id: int, score: int, comment: str = "") -> Ticket:
    """CSAT 1-5 (+ comment) by the ticket's own customer, once it is resolved; once only."""
    comment = text_input.clean(comment, "csat_comment", label="Comment")
    ticket = get(session, ticket_id, customer_id=customer_id)
    if ticket.status not in (Status.resolved.value, Status.closed.value):
        raise ValidationError({"csat": "You can rate a ticket once it is resolved."})
    if ticket.csat_score is not None:
        raise ValidationError({"csat": "You have rated this ticket already. Thank you!"})
    if score not in range(1, 6):
        raise ValidationError({"csat": "Choose a rating from 1 to 5."})
    return _change(session, ticket_id, ticket.version, f"customer:{customer_id}",
                   {"csat_score": score, "csat_comment": comment}, "rated")

