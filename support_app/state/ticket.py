"""Ticket page `/tickets/[id]`, split by audience.

Reflex sends every public var of a loaded state to the browser, so the page data lives in two
states: `CustomerTicketState` only ever holds a `CustomerTicketView` (no internal field exists on
it), and `AgentTicketState` holds the `AgentTicketView` and answers only agents: every handler and
computed var checks the role on the server, and for anyone else its vars stay empty.

Agents act on the version they loaded (`loaded_version`): if someone else saved in between, the
service refuses the change (optimistic locking) and the page says so and refreshes."""

import asyncio
import time

import reflex as rx

from support_app.db import session_scope
from support_app.models import MessageKind
from support_app.services import auth, ticket_detail, tickets, triage
from support_app.services.errors import ConflictError, NotFoundError, ServiceError
from support_app.services.ticket_detail import AgentTicketView, CustomerTicketView
from support_app.state.formatting import label
from support_app.state.live import TicketSignal, announce_change
from support_app.state.session import SessionState

AI_WAIT_SECONDS = 180.0  # how long an open ticket page keeps looking for a running AI triage
AI_CHECK_SECONDS = 2.0


def _view(identity: auth.Identity | None, ticket_id: int):
    """The viewer's record for the ticket, or None when they may not see it."""
    if identity is None or not ticket_id:
        return None
    try:
        with session_scope() as session:
            return ticket_detail.detail_for(session, identity, ticket_id)
    except NotFoundError:
        return None


def _agent_version(identity: auth.Identity | None, ticket_id: int) -> int | None:
    if identity is None or not ticket_id:
        return None
    with session_scope() as session:
        return ticket_detail.agent_version(session, identity, ticket_id)


class TicketPageState(SessionState):
    """The ticket id from the URL and the page's notices (shared by both audiences)."""

    current_id: int = 0
    message: str = ""
    error: str = ""

    @rx.event
    def load(self):
        self.load_identity()
        self.message = self.error = ""
        raw = str(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.current_id = int(raw) if raw.isdigit() else 0


class CustomerTicketState(TicketPageState):
    """A customer's own ticket: the public thread, their reply and their rating."""

    reply_text: str = ""
    csat_comment: str = ""

    @rx.event
    def set_reply_text(self, value: str):
        self.reply_text = value

    @rx.event
    def set_csat_comment(self, value: str):
        self.csat_comment = value

    @rx.var
    async def view(self) -> CustomerTicketView | None:
        """Re-read live when any ticket changes; None for agents and for other people's tickets."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.current_id, self.session_token
        if not self.current_id:  # not on a ticket page: nothing to read (a push re-runs this var too)
            return None
        identity = self._identity()  # fresh: verifying the address changes what it may see
        if identity is None or identity.has_role("agent"):
            return None
        record = _view(identity, self.current_id)
        return record if isinstance(record, CustomerTicketView) else None

    async def _act(self, change, success: str):
        """Run a customer's action on their own ticket (the services check ownership)."""
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
    async def reply(self):
        body = self.reply_text

        def send(session, who):
            ticket = tickets.get(session, self.current_id, customer_id=who.customer_id)
            return tickets.add_message(session, ticket.id, ticket.version, who.email, who.name,
                                       MessageKind.customer, body)

        await self._act(send, "Your reply was sent.")
        if not self.error:
            self.reply_text = ""

    @rx.event
    async def rate(self, score: int):
        comment = self.csat_comment
        await self._act(lambda s, who: tickets.rate(s, self.current_id, who.customer_id, score, comment),
                        "Thank you for your rating!")


class AgentTicketState(TicketPageState):
    """The agent's workspace on a ticket. Only agents' browsers ever get data from this state."""

    loaded_version: int = 0
    reply_text: str = ""
    note_text: str = ""
    resolution_text: str = ""
    approve_for_reuse: bool = True
    escalation_text: str = ""
    draft_edited: bool = False
    draft_discarded: bool = False
    draft_requested: bool = False

    def _agent(self) -> auth.Identity | None:
        identity = self._identity()
        return identity if identity is not None and identity.has_role("agent") else None

    @rx.event
    def set_reply_text(self, value: str):
        if self._agent():
            self.reply_text, self.draft_edited = value, True

    @rx.event
    def set_note_text(self, value: str):
        if self._agent():
            self.note_text = value

    @rx.event
    def set_resolution_text(self, value: str):
        if self._agent():
            self.resolution_text = value

    @rx.event
    def set_approve_for_reuse(self, value: bool):
        if self._agent():
            self.approve_for_reuse = bool(value)

    @rx.event
    def set_escalation_text(self, value: str):
        if self._agent():
            self.escalation_text = value

    @rx.event
    def load(self):
        """Runs after `TicketPageState.load`: empties everything unless the viewer is an agent."""
        self.reset()
        if self._agent() and (record := self._reload()) is not None and record.ai_pending:
            return AgentTicketState.wait_for_ai

    def _reload(self) -> AgentTicketView | None:
        record = _view(self._agent(), self.current_id)
        if isinstance(record, AgentTicketView):
            self.loaded_version = record.version
            self.reply_text = record.ai_draft
        else:
            record = None
            self.loaded_version, self.reply_text = 0, ""
        self.draft_edited = self.draft_discarded = self.draft_requested = False
        return record

    @rx.event(background=True)
    async def wait_for_ai(self):
        """The safety net under the live push: while the AI triage of the open ticket runs, look
        again every few seconds, so its labels and draft appear even if a push was lost. Ends when
        the triage is done, the page shows another ticket or the agent has started a reply."""
        async with self:
            ticket_id = self.current_id
        deadline = time.monotonic() + AI_WAIT_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(AI_CHECK_SECONDS)
            async with self:
                if self.current_id != ticket_id or not self.loaded_version or not self._untouched():
                    return
                version = _agent_version(self._agent(), ticket_id)
                if version is None:
                    return
                if version > self.loaded_version and ((record := self._reload()) is None or not record.ai_pending):
                    return

    @rx.var
    async def view(self) -> AgentTicketView | None:
        """Re-read live when any ticket changes; None unless the viewer is an agent."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.current_id, self.session_token, self.loaded_version
        if not self.current_id:  # not on a ticket page: nothing to read (a push re-runs this var too)
            return None
        record = _view(self._agent(), self.current_id)
        return record if isinstance(record, AgentTicketView) else None

    async def _act(self, change, success: str):
        """Run one agent action with authorization, locking and live announcement."""
        self.message = self.error = ""
        try:
            identity = auth.require_role(self._identity(), "agent")
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
        if self._agent():
            self.reply_text, self.draft_discarded = "", True

    @rx.event
    async def regenerate_draft(self):
        """Queue a fresh draft (a background job); the page offers it once it is written."""
        self.message = self.error = ""
        try:
            identity = auth.require_role(self._identity(), "agent")
            with session_scope() as session:
                triage.request_draft(session, self.current_id, self.loaded_version, identity.email)
        except ConflictError as exc:
            self.error = str(exc)
            self._reload()
            return
        except ServiceError as exc:
            self.error = str(exc)
            return
        self.draft_requested = True
        self.message = "Regenerating the draft… it will be offered here when it is ready."

    @rx.var
    async def new_draft_ready(self) -> bool:
        """A requested draft was written (the ticket moved past the version loaded here)."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.current_id, self.session_token, self.loaded_version, self.draft_requested
        if not self.draft_requested:
            return False
        version = _agent_version(self._agent(), self.current_id)
        return version is not None and version > self.loaded_version

    def _untouched(self) -> bool:
        return not (self.reply_text or self.draft_edited or self.draft_discarded or self.draft_requested)

    @rx.var
    async def moved_on_untouched(self) -> bool:
        """The ticket changed after this page loaded it (typically: the AI triage finished and wrote
        the draft) while the agent has not started a reply: the page then loads it again, so the
        draft appears and the next action does not meet a stale version."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.current_id, self.session_token, self.loaded_version, self.reply_text
        if not self.loaded_version or not self._untouched():
            return False
        version = _agent_version(self._agent(), self.current_id)
        return version is not None and version > self.loaded_version

    @rx.event
    def reload_untouched(self):
        if self._agent() and self._untouched():
            self._reload()

    @rx.event
    def show_new_draft(self):
        if self._agent():
            self._reload()
            self.message, self.error = "New draft ready.", ""

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
        text, reuse = self.resolution_text, self.approve_for_reuse
        await self._act(lambda s, who: tickets.resolve(s, self.current_id, self.loaded_version, who.email, text,
                                                       approve_for_reuse=reuse), "Ticket resolved.")

    @rx.event
    async def escalate(self):
        reason = self.escalation_text
        await self._act(lambda s, who: tickets.escalate(s, self.current_id, self.loaded_version, who.email,
                                                        reason), "Ticket escalated.")

    @rx.event
    async def reopen(self):
        await self._act(lambda s, who: tickets.reopen(s, self.current_id, self.loaded_version, who.email),
                        "Ticket reopened.")

    @rx.event
    def refresh(self):
        self.message = self.error = ""
        if self._agent():
            self._reload()
