"""Customer portal: submit a ticket (with a live preview and article suggestions), see my tickets.

The AI preview while typing runs in a background event on a worker thread; the triage after a
submission is a background job (services/job_queue.py). The page never waits on either."""

import asyncio

import reflex as rx

from support_app.db import session_scope
from support_app.services import deflection, tickets, triage
from support_app.services.errors import RateLimited, ServiceError, ValidationError
from support_app.state.formatting import customer_ticket_row
from support_app.state import live_timing
from support_app.state.live import TicketSignal, announce_change
from support_app.state.session import SessionState, _in_session
from support_app.state.worker_threads import run_preview, run_save, wait_for_saves


PREVIEW_SETTLE_SECONDS = 0.15  # edits closer together than this are analysed once
PREVIEW_YIELD_SECONDS = 1.0  # a preview waits at most this long for tickets being saved


def _preview(subject: str, description: str, client_key: str) -> deflection.Preview:
    """The preview, once the tickets being saved have gone first (at most PREVIEW_YIELD_SECONDS)."""
    wait_for_saves(PREVIEW_YIELD_SECONDS)
    return _in_session(deflection.preview, subject, description, client_key)


def _file_ticket(sub: tickets.Submission, client_ip: str) -> int:
    """Save the ticket on a worker thread: the event loop keeps serving other browsers (and the
    queue pushes of earlier tickets) while SQLite waits for its turn to write."""
    with live_timing.timed("submit_save_thread", subject=sub.subject), session_scope() as session:
        return triage.file_ticket(session, sub, client_ip=client_ip).id


class PortalState(SessionState):
    email: str = ""
    subject: str = ""
    description: str = ""
    order_number: str = ""
    errors: dict[str, str] = {}
    submit_error: str = ""  # e.g. too many tickets from this network
    preview_notice: str = ""  # why no preview is shown (text too long, too many previews)
    submitted_id: int = 0
    preview_category: str = ""
    preview_priority: str = ""
    suggestions: list[dict] = []
    deflected: bool = False
    _edits: int = 0  # edits of the subject or description so far (the newest one's preview is shown)

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def set_subject(self, value: str):
        self.subject = value
        return self._edited()

    @rx.event
    def set_description(self, value: str):
        self.description = value
        return self._edited()

    def _edited(self):
        self._edits += 1
        return PortalState.refresh_preview(self._edits)

    @rx.event
    def set_order_number(self, value: str):
        self.order_number = value

    @rx.event(background=True)
    async def refresh_preview(self, edit: int):
        """Predicted category/priority and suggested articles for what is typed now.

        `edit` numbers the edit that asked for this preview. Only the newest edit's preview runs:
        one that waited PREVIEW_SETTLE_SECONDS and finds a newer edit leaves the work to that
        edit's own preview, so the subject and the description typed in quick succession are
        analysed once; a result that arrives after a newer edit is not shown."""
        await asyncio.sleep(PREVIEW_SETTLE_SECONDS)
        async with self:
            if self._edits != edit:
                return
            subject, description = self.subject, self.description
            client_key = self.router.session.client_token
        try:
            result = await run_preview(_preview, subject, description, client_key)
        except ServiceError as exc:
            result = exc
        async with self:
            if self._edits == edit:
                self._show_preview(result)

    def _show_preview(self, result: deflection.Preview | ServiceError) -> None:
        if isinstance(result, ServiceError):
            self.preview_notice, self.preview_category, self.suggestions = str(result), "", []
            return
        self.preview_notice = ""
        self.preview_category = result.category.replace("_", " ")
        self.preview_priority = result.priority
        self.suggestions = [{"id": s.article_id, "kind": s.kind, "title": s.title, "passage": s.passage[:400]}
                            for s in result.suggestions]
        self.deflected = False

    def _clear_form(self):
        self._edits += 1  # a preview still running for the old text is not shown
        self.subject = self.description = self.order_number = ""
        self.suggestions, self.preview_category, self.preview_priority = [], "", ""

    @rx.event
    def solved_by(self, article_id: int, kind: str = "article"):
        """"Yes, this solved it": count the deflection, file nothing, clear the form."""
        try:
            with session_scope() as session:
                deflection.record(session, self.email, f"{self.subject}\n{self.description}", article_id, kind)
        except ValidationError:
            return  # not a suggestion this page offered: nothing is counted
        self._clear_form()
        self.deflected, self.errors = True, {}

    @rx.event
    def load(self):
        self.load_identity()
        if self.user_email:  # logged in: tickets are filed under the account's own address
            self.email = self.user_email

    @rx.var
    def description_count(self) -> str:
        return f"{len(self.description)} characters"

    @rx.event
    async def submit(self):
        live_timing.mark("submit_start", subject=self.subject)
        self.errors, self.submit_error, self.submitted_id, self.deflected = {}, "", 0, False
        with live_timing.timed("submit_identity"):
            identity = self._identity()  # logged in: always the account's address, whatever the form says
        email = identity.email if identity else self.email
        sub = tickets.Submission(email=email, subject=self.subject, description=self.description,
                                 order_number=self.order_number, name=self.user_name)
        try:
            with live_timing.timed("submit_save", subject=self.subject):
                ticket_id = await run_save(_file_ticket, sub, self.router.session.client_ip)
        except ValidationError as exc:
            self.errors = exc.errors
            return
        except RateLimited as exc:
            self.submit_error = str(exc)
            return
        self.submitted_id = ticket_id
        self._clear_form()
        await announce_change(self)
        live_timing.mark("submit_signalled", ticket=ticket_id, version=(await self.get_state(TicketSignal)).version)

    @rx.var
    async def my_tickets(self) -> list[dict]:
        """The logged-in customer's tickets; refreshed live through the shared change signal."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.session_token
        if self.role != "customer":  # visitors and staff have no tickets of their own: no lookup per push
            return []
        identity = self._identity()  # fresh: verifying the address changes what it may see
        if identity is None or identity.customer_id is None:
            return []
        with session_scope() as session:
            rows = tickets.list_tickets(
                session, tickets.TicketFilter(customer_id=identity.customer_id, sort="updated"), 1, 50)
            return [customer_ticket_row(t) for t in rows]
