"""Customer portal: submit a ticket, see my tickets."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import deflection, tickets
from support_app.services.errors import ValidationError
from support_app.state.live import TicketSignal, announce_change
from support_app.state.session import SessionState
from support_app.state.formatting import ticket_row


class PortalState(SessionState):
    email: str = ""
    subject: str = ""
    description: str = ""
    order_number: str = ""
    errors: dict[str, str] = {}
    submitted_id: int = 0
    submitting: bool = False
    preview_category: str = ""
    preview_priority: str = ""
    suggestions: list[dict] = []
    deflected: bool = False

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def set_subject(self, value: str):
        self.subject = value
        self._refresh_preview()

    @rx.event
    def set_description(self, value: str):
        self.description = value
        self._refresh_preview()

    def _refresh_preview(self):
        """Live preview while typing (the inputs are debounced in the page)."""
        result = deflection.preview(self.subject, self.description)
        self.preview_category = result.category.replace("_", " ")
        self.preview_priority = result.priority
        self.suggestions = [{"id": s.article_id, "title": s.title, "passage": s.passage[:400]}
                            for s in result.suggestions]
        self.deflected = False

    @rx.event
    def solved_by(self, article_id: int):
        """"Yes, this solved it": count the deflection, file nothing, clear the form."""
        with session_scope() as session:
            deflection.record(session, self.email, f"{self.subject}\n{self.description}", article_id)
        self.subject = self.description = self.order_number = ""
        self.suggestions, self.preview_category, self.preview_priority = [], "", ""
        self.deflected, self.errors = True, {}

    @rx.event
    def set_order_number(self, value: str):
        self.order_number = value

    @rx.event
    def load(self):
        self.load_identity()
        if self.user_email and not self.email:
            self.email = self.user_email

    @rx.var
    def description_count(self) -> str:
        return f"{len(self.description)} characters"

    @rx.event
    async def submit(self):
        self.errors, self.submitted_id, self.deflected = {}, 0, False
        sub = tickets.Submission(email=self.email, subject=self.subject, description=self.description,
                                 order_number=self.order_number, name=self.user_name)
        try:
            with session_scope() as session:
                ticket = tickets.submit(session, sub)
        except ValidationError as exc:
            self.errors = exc.errors
            return
        self.submitted_id = ticket.id
        self.subject = self.description = self.order_number = ""
        self.suggestions, self.preview_category, self.preview_priority = [], "", ""
        self.submitting = True
        await announce_change(self)
        yield
        with session_scope() as session:
            tickets.triage(session, ticket.id)
        self.submitting = False
        await announce_change(self)

    @rx.var
    async def my_tickets(self) -> list[dict]:
        """The logged-in customer's tickets; refreshed live through the shared change signal."""
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.session_token
        identity = self._identity()
        if identity is None or identity.customer_id is None:
            return []
        with session_scope() as session:
            rows = tickets.list_tickets(
                session, tickets.TicketFilter(customer_id=identity.customer_id, sort="updated"), 1, 50)
            return [ticket_row(t) for t in rows]
