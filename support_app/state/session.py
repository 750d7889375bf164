"""Who is logged in. The session token lives in the browser's local storage; every handler that
needs an identity re-checks it against the database (`_identity`)."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth
from support_app.services.errors import ServiceError


class SessionState(rx.State):
    session_token: str = rx.LocalStorage(name="support_session", sync=True)
    user_name: str = ""
    user_email: str = ""
    role: str = ""

    def _identity(self) -> auth.Identity | None:
        with session_scope() as session:
            return auth.identity_for_token(session, self.session_token)

    @rx.var
    def logged_in(self) -> bool:
        return self.role != ""

    @rx.var
    def is_agent(self) -> bool:
        return self.role in ("agent", "admin")

    @rx.var
    def is_admin(self) -> bool:
        return self.role == "admin"

    @rx.event
    def load_identity(self):
        identity = self._identity()
        self.user_name = identity.name if identity else ""
        self.user_email = identity.email if identity else ""
        self.role = identity.role if identity else ""

    def _sign_in(self, token: str, identity: auth.Identity) -> None:
        self.session_token = token
        self.user_name, self.user_email, self.role = identity.name, identity.email, identity.role

    @rx.event
    def logout(self):
        if self.session_token:
            with session_scope() as session:
                auth.logout(session, self.session_token)
        self.session_token = ""
        self.user_name = self.user_email = self.role = ""
        return rx.redirect("/login")


class LoginState(SessionState):
    email: str = ""
    password: str = ""
    name: str = ""
    error: str = ""
    register_mode: bool = False

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def set_password(self, value: str):
        self.password = value

    @rx.event
    def set_name(self, value: str):
        self.name = value

    @rx.event
    def toggle_register(self):
        self.register_mode = not self.register_mode
        self.error = ""

    @rx.event
    def submit(self):
        try:
            with session_scope() as session:
                if self.register_mode:
                    auth.create_user(session, self.email, self.password, self.name)
                token, identity = auth.login(session, self.email, self.password)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self._sign_in(token, identity)
        self.password, self.error = "", ""
        return rx.redirect("/queue" if identity.has_role("agent") else "/")
