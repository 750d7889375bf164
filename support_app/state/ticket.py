"""Ticket detail: the customer's text, AI analysis, draft, thread, audit trail, and agent actions.

Agents act on the version they loaded (`loaded_version`): if someone else saved in between, the
service refuses the change (optimistic locking) and the page says so and refreshes."""

import asyncio

import reflex as rx

from support_app.db import session_scope
from support_app.models import Customer, MessageKind, User
from support_app.services import audit, auth, sla, tickets, triage
from support_app.services.errors import ConflictError, NotFoundError, ServiceError
from support_app.state.formatting import label, when
from support_app.state.live import TicketSignal, announce_change
from support_app.state.session import SessionState


def _regenerate(ticket_id: int, version: int, actor: str):
    with session_scope() as session:
        return triage.regenerate_draft(session, ticket_id, version, actor)


class TicketState(SessionState):
    current_id: int = 0
    loaded_version: int = 0
    message: str = ""
    error: str = ""
    reply_text: str = ""
    note_text: str = ""
    resolution_text: str = ""
    escalation_text: str = ""
    draft_edited: bool = False
    draft_discarded: bool = False
    customer_reply_text: str = ""
    csat_comment: str = ""

    @rx.event
    def set_customer_reply_text(self, value: str):
        self.customer_reply_text = value

    @rx.event
    def set_csat_comment(self, value: str):
        self.csat_comment = value

    @rx.event
    def set_reply_text(self, value: str):
        self.reply_text = value
        self.draft_edited = True

    @rx.event
    def set_note_text(self, value: str):
        self.note_text = value

    @rx.event
    def set_resolution_text(self, value: str):
        self.resolution_text = value

    @rx.event
    def set_escalation_text(self, value: str):
        self.escalation_text = value

    @rx.event
    def load(self):
        self.load_identity()
        self.message = self.error = ""
        raw = str(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.current_id = int(raw) if raw.isdigit() else 0
        self._reload()

    def _reload(self):
        identity = self._identity()
        try:
            with session_scope() as session:
                ticket = auth.ticket_for(session, identity, self.current_id)
                self.loaded_version = ticket.version
                self.reply_text = ticket.ai_draft
                self.draft_edited = self.draft_discarded = False
        except NotFoundError:
            self.loaded_version = 0

    @rx.var
    async def detail(self) -> dict:
        """Everything the page shows; re-read live when any ticket changes."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.current_id, self.session_token, self.loaded_version
        identity = self._identity()
        try:
            with session_scope() as session:
                ticket = auth.ticket_for(session, identity, self.current_id)
                is_agent = identity.has_role("agent")
                customer = session.get(Customer, ticket.customer_id)
                sla_state = sla.evaluate(ticket)
                assignee = session.get(User, ticket.assignee_id) if ticket.assignee_id else None
                analysis = triage.AnalysisRecord.from_json(ticket.ai_analysis if is_agent else None)
                return {
                    "found": True, "id": ticket.id, "subject": ticket.subject,
                    "description": ticket.description, "order_number": ticket.order_number or "",
                    "status": ticket.status, "status_label": label(ticket.status),
                    "category": ticket.category, "category_label": label(ticket.category),
                    "priority": ticket.priority, "sentiment": ticket.sentiment,
                    "sentiment_score": f"{ticket.sentiment_score:+.2f}", "language": ticket.language,
                    "confidence": f"{ticket.ai_confidence:.0%}", "tags": ticket.tags,
                    "escalated": ticket.escalated, "escalation_reason": ticket.escalation_reason,
                    "customer": f"{customer.name} <{customer.email}>" if is_agent else customer.name,
                    "assignee": assignee.name if assignee else "Unassigned",
                    "created": when(ticket.created_at), "updated": when(ticket.updated_at),
                    "first_response": when(ticket.first_response_at), "resolved": when(ticket.resolved_at),
                    "resolution": ticket.resolution, "version": ticket.version,
                    "sla": sla_state.label, "first_response_due": when(sla_state.first_response_due),
                    "resolution_due": when(sla_state.resolution_due),
                    "can_rate": ticket.status in ("resolved", "closed") and ticket.csat_score is None,
                    "csat": f"{ticket.csat_score} / 5" if ticket.csat_score else "",
                    "ai_draft": ticket.ai_draft if is_agent else "",
                    "engine": analysis.engine,
                    "priority_factors": analysis.priority_factors,
                    "confidence_parts": [f"{k}: {v:.0%}" for k, v in analysis.confidence_parts.items()],
                    "review": "Needs agent review" if analysis.needs_review else "",
                    "escalation_reasons": analysis.escalation_reasons,
                    "notes": analysis.notes,
                    "sources": [f"{s.kind} #{s.id}: {s.title}" for s in analysis.sources],
                    "similar": [f"#{s.ticket_id} ({s.similarity:.0%}) {s.subject} — {s.resolution[:160]}"
                                for s in analysis.similar_tickets],
                    "history": [f"#{t.id} {t.subject} — {label(t.status)} ({when(t.created_at)})"
                                for t in tickets.list_tickets(
                                    session, tickets.TicketFilter(customer_id=ticket.customer_id), 1, 11)
                                if t.id != ticket.id][:10] if is_agent else [],
                    "messages": [
                        {"kind": m.kind, "kind_label": label(m.kind), "author": m.author_name,
                         "body": m.body, "at": when(m.created_at)}
                        for m in tickets.thread(session, ticket.id, include_internal=is_agent)
                    ],
                    "events": [
                        {"actor": e.actor, "action": label(e.action), "old": e.old_value, "new": e.new_value,
                         "at": when(e.created_at)}
                        for e in audit.timeline(session, ticket.id)
                    ] if is_agent else [],
                }
        except NotFoundError:
            return {"found": False, "messages": [], "events": [], "sources": [], "similar": [], "history": [], "confidence_parts": [],
                    "priority_factors": [], "escalation_reasons": [], "notes": []}

    async def _act(self, change, success: str):
        """Run one agent action with authorization, locking and live announcement."""
        self.message = self.error = ""
        identity = self._identity()
        try:
            auth.require_role(identity, "agent")
            with session_scope() as session:
                ticket = change(session, identity)
                self.loaded_version = ticket.version
        except ConflictError as exc:
            self.error = str(exc)
            self._reload()
            return
        except ServiceError as exc:
            self.error = str(exc)
            return
        self.message = success
        await announce_change(self)

    @rx.event
    async def correct_category(self, category: str):
        await self._act(lambda s, who: tickets.correct_labels(
            s, self.current_id, self.loaded_version, who.email, category=category),
            f"Category corrected to {label(category)}.")

    @rx.event
    async def correct_priority(self, priority: str):
        await self._act(lambda s, who: tickets.correct_labels(
            s, self.current_id, self.loaded_version, who.email, priority=priority),
            f"Priority corrected to {priority}.")

    @rx.event
    async def assign_to_me(self):
        await self._act(lambda s, who: tickets.assign(s, self.current_id, self.loaded_version, who.email,
                                                      who.user_id), "Assigned to you.")

    @rx.event
    async def send_reply(self):
        if self.draft_discarded:
            outcome = "AI draft discarded, own reply sent"
        else:
            outcome = "sent edited draft" if self.draft_edited else "sent draft unchanged"
        body = self.reply_text
        await self._act(lambda s, who: tickets.add_message(
            s, self.current_id, self.loaded_version, who.email, who.name, MessageKind.agent, body,
            draft_outcome=outcome), "Reply sent to the customer.")
        if not self.error:
            self.reply_text, self.draft_edited, self.draft_discarded = "", False, False

    @rx.event
    def discard_draft(self):
        self.reply_text, self.draft_discarded = "", True

    @rx.event(background=True)
    async def regenerate_draft(self):
        """Runs the pipeline again off the event loop, then shows the new draft."""
        async with self:
            identity, ticket_id, version = self._identity(), self.current_id, self.loaded_version
            self.message, self.error = "Regenerating the draft…", ""
        try:
            auth.require_role(identity, "agent")
            ticket = await asyncio.to_thread(_regenerate, ticket_id, version, identity.email)
        except ServiceError as exc:
            async with self:
                self.message, self.error = "", str(exc)
                if isinstance(exc, ConflictError):
                    self._reload()
            return
        async with self:
            self.loaded_version = ticket.version
            self.reply_text, self.draft_edited, self.draft_discarded = ticket.ai_draft, False, False
            self.message = "New draft ready."
            await announce_change(self)

    @rx.event
    async def add_note(self):
        body = self.note_text
        await self._act(lambda s, who: tickets.add_message(
            s, self.current_id, self.loaded_version, who.email, who.name, MessageKind.internal_note, body),
            "Internal note added.")
        if not self.error:
            self.note_text = ""

    @rx.event
    async def resolve(self):
        text = self.resolution_text
        await self._act(lambda s, who: tickets.resolve(s, self.current_id, self.loaded_version, who.email, text),
                        "Ticket resolved.")

    @rx.event
    async def escalate(self):
        reason = self.escalation_text
        await self._act(lambda s, who: tickets.escalate(s, self.current_id, self.loaded_version, who.email,
                                                        reason), "Ticket escalated.")

    @rx.event
    async def reopen(self):
        await self._act(lambda s, who: tickets.reopen(s, self.current_id, self.loaded_version, who.email),
                        "Ticket reopened.")

    async def _customer_act(self, change, success: str):
        """A customer's action on their own ticket (the service checks ownership)."""
        self.message = self.error = ""
        identity = self._identity()
        try:
            if identity is None or identity.customer_id is None:
                raise NotFoundError(f"Ticket #{self.current_id} was not found.")
            with session_scope() as session:
                change(session, identity)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self.message = success
        await announce_change(self)

    @rx.event
    async def customer_reply(self):
        body = self.customer_reply_text

        def reply(session, who):
            ticket = tickets.get(session, self.current_id, customer_id=who.customer_id)
            return tickets.add_message(session, ticket.id, ticket.version, who.email, who.name,
                                       MessageKind.customer, body)

        await self._customer_act(reply, "Your reply was sent.")
        if not self.error:
            self.customer_reply_text = ""

    @rx.event
    async def rate(self, score: int):
        comment = self.csat_comment
        await self._customer_act(lambda s, who: tickets.rate(s, self.current_id, who.customer_id, score, comment),
                                 "Thank you for your rating!")

    @rx.event
    def refresh(self):
        self.message = self.error = ""
        self._reload()
