"""Integrations (admins): API tokens and webhooks. Every handler re-checks the role in the service."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import api_tokens, webhooks
from support_app.services.errors import ServiceError
from support_app.state.formatting import when
from support_app.state.session import SessionState


class IntegrationsState(SessionState):
    tokens: list[dict] = []
    hooks: list[dict] = []
    deliveries: list[dict] = []
    error: str = ""
    shown_once: str = ""  # a new token or signing secret, shown until the next load
    token_name: str = ""
    token_role: str = "agent"
    token_email: str = ""
    hook_url: str = ""
    hook_events: list[str] = ["ticket.created"]

    def _refresh(self, session) -> None:
        identity = self._identity()
        self.tokens = [{"id": t.id, "name": t.name, "role": t.role, "prefix": t.prefix + "…",
                        "created": when(t.created_at), "last_used": when(t.last_used_at) or "never",
                        "revoked": when(t.revoked_at)} for t in api_tokens.list_tokens(session, identity)]
        self.hooks = [{"id": h.id, "url": h.url, "events": h.events.replace(",", ", "), "active": h.active}
                      for h in webhooks.list_webhooks(session, identity)]
        self.deliveries = [{"id": d.id, "webhook": d.webhook_id, "event": d.event, "status": d.status,
                            "attempts": d.attempts, "code": str(d.last_status_code or ""), "error": d.last_error[:200],
                            "next": when(d.next_attempt_at) if d.status in ("pending", "retry") else "",
                            "created": when(d.created_at)} for d in webhooks.deliveries(session, identity)]

    def _run(self, action) -> None:
        try:
            with session_scope() as session:
                action(session)
                self._refresh(session)
            self.error = ""
        except ServiceError as exc:
            self.error = str(exc)
            if not self._identity() or not self._identity().has_role("admin"):
                self.tokens, self.hooks, self.deliveries, self.shown_once = [], [], [], ""

    @rx.event
    def load(self):
        self.load_identity()
        self.shown_once = ""
        self._run(lambda session: None)

    @rx.event
    def set_token_name(self, value: str):
        self.token_name = value[:80]

    @rx.event
    def set_token_role(self, value: str):
        self.token_role = value if value in api_tokens.TOKEN_ROLES else "agent"

    @rx.event
    def set_token_email(self, value: str):
        self.token_email = value[:254]

    @rx.event
    def set_hook_url(self, value: str):
        self.hook_url = value[:webhooks.MAX_URL_LENGTH]

    @rx.event
    def toggle_event(self, event: str):
        if event in webhooks.EVENTS:
            chosen = set(self.hook_events) ^ {event}
            self.hook_events = [e for e in webhooks.EVENTS if e in chosen]

    @rx.event
    def create_token(self):
        def action(session):
            _, token = api_tokens.create(session, self._identity(), self.token_name, self.token_role, self.token_email)
            self.shown_once = f"New token (copy it now, it is not shown again): {token}"
            self.token_name, self.token_email = "", ""
        self._run(action)

    @rx.event
    def revoke_token(self, token_id: int):
        self._run(lambda session: api_tokens.revoke(session, self._identity(), int(token_id)))

    @rx.event
    def register_webhook(self):
        def action(session):
            hook = webhooks.register(session, self._identity(), self.hook_url, self.hook_events)
            self.shown_once = f"Signing secret of webhook #{hook.id} (copy it now): {hook.secret}"
            self.hook_url = ""
        self._run(action)

    @rx.event
    def set_webhook_active(self, webhook_id: int, active: bool):
        self._run(lambda session: webhooks.set_active(session, self._identity(), int(webhook_id), bool(active)))
