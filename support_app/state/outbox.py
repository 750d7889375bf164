"""Outbox (admins): every mail the app sent or stored, newest first."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth, mail
from support_app.services.errors import PermissionDenied
from support_app.state.formatting import when
from support_app.state.session import SessionState


class OutboxState(SessionState):
    messages: list[dict] = []
    error: str = ""

    @rx.event
    def load(self):
        self.load_identity()
        try:
            auth.require_role(self._identity(), "admin")
        except PermissionDenied as exc:
            self.messages, self.error = [], str(exc)
            return
        with session_scope() as session:
            self.messages = [{
                "id": m.id, "to": m.to_address, "subject": m.subject, "body": m.body, "kind": m.kind,
                "status": m.status, "attempts": m.attempts, "error": m.last_error,
                "created": when(m.created_at), "sent": when(m.sent_at),
            } for m in mail.outbox(session)]
        self.error = ""
