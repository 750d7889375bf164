"""Who is logged in. The session token lives in the browser's local storage; every handler that
needs an identity re-checks it against the database (`_identity`).

Password hashing is slow on purpose, so handlers that hash (log in, register, reset) call the
service on a worker thread with `run_service`: a login flood never stalls other users' events."""

from collections.abc import Callable

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth
from support_app.services.errors import ServiceError, ValidationError
from support_app.state.version_cache import TtlCache
from support_app.state.worker_threads import run_account

IDENTITY_TTL = 2.0
identity_cache = TtlCache(size=1024, ttl=IDENTITY_TTL)


def _in_session(fn: Callable, *args):
    with session_scope() as session:
        return fn(session, *args)


async def run_service(fn: Callable, *args):
    """`fn(session, *args)` in its own database session, on a worker thread (off the event loop)."""
    return await run_account(_in_session, fn, *args)


def client_ip(state: rx.State) -> str:
    return state.router.session.client_ip or ""


class SessionState(rx.State):
    session_token: str = rx.LocalStorage(name="support_session", sync=True)
    user_name: str = ""
    user_email: str = ""
    role: str = ""
    email_verified: bool = False
    account_notice: str = ""

    def _identity(self) -> auth.Identity | None:
        if not self.session_token:  # a visitor who never logged in: nothing to look up
            return None
        with session_scope() as session:
            return auth.identity_for_token(session, self.session_token)

    async def _recent_identity(self) -> auth.Identity | None:
        """`_identity` for the agent queue's computed vars, which every live push re-runs: looked up
        at most once per IDENTITY_TTL seconds for all of them, however many changes arrive (a burst
        of fifty new tickets would otherwise cost every open queue fifty session lookups). So a
        deactivated or logged-out agent's open queue stops receiving rows within IDENTITY_TTL.
        Event handlers, and customers' views (whose identity changes when the address is verified,
        without a ticket change), use `_identity`, which always asks the database."""
        return await identity_cache.load(("identity", self.session_token), self._identity)

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
        self.email_verified = identity.email_verified if identity else False

    def _sign_in(self, token: str, identity: auth.Identity) -> None:
        self.session_token = token
        self.user_name, self.user_email, self.role = identity.name, identity.email, identity.role
        self.email_verified = identity.email_verified

    def _sign_out(self) -> None:
        self.session_token = ""
        self.user_name = self.user_email = self.role = ""
        self.email_verified = False

    @rx.event
    def logout(self):
        if self.session_token:
            with session_scope() as session:
                auth.logout(session, self.session_token)
        self._sign_out()
        return rx.redirect("/login")

    @rx.event
    def logout_everywhere(self):
        """End this user's sessions in every browser and device."""
        identity = self._identity()
        if identity is not None:
            with session_scope() as session:
                auth.logout_everywhere(session, identity)
        self._sign_out()
        return rx.redirect("/login")

    @rx.event
    async def resend_verification(self):
        identity = self._identity()
        if identity is None:
            return rx.redirect("/login")
        try:
            await run_service(auth.request_verification, identity, client_ip(self))
        except ServiceError as exc:
            self.account_notice = str(exc)
            return
        self.account_notice = f"We sent a new link to {identity.email}. Open it to see your tickets."


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
    async def submit(self):
        ip = client_ip(self)
        try:
            if self.register_mode:
                await run_service(auth.register, self.email, self.password, self.name, ip)
            token, identity = await run_service(auth.login, self.email, self.password, ip)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self._sign_in(token, identity)
        if self.register_mode:
            self.account_notice = (f"Welcome! We sent a link to {identity.email}: open it to confirm the "
                                   "address is yours, then your tickets appear here.")
        self.password, self.error, self.register_mode = "", "", False
        return rx.redirect("/queue" if identity.has_role("agent") else "/")


class VerifyState(SessionState):
    """`/verify/<link>`: the owner of an address confirms it."""

    verified: bool = False
    verify_error: str = ""

    @rx.event
    async def verify(self):
        link = str(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        try:
            await run_service(auth.verify_email, link)
        except ServiceError as exc:
            self.verified, self.verify_error = False, str(exc)
        else:
            self.verified, self.verify_error = True, ""
        self.load_identity()


class ResetState(SessionState):
    """`/reset-password` (ask for a link) and `/reset-password/<link>` (choose a new password)."""

    reset_email: str = ""
    new_password: str = ""
    reset_message: str = ""
    reset_error: str = ""
    reset_done: bool = False

    @rx.event
    def set_reset_email(self, value: str):
        self.reset_email = value

    @rx.event
    def set_new_password(self, value: str):
        self.new_password = value

    @rx.event
    def start(self):
        self.reset_message = self.reset_error = ""
        self.new_password, self.reset_done = "", False
        self.load_identity()

    @rx.event
    async def request_link(self):
        self.reset_error = self.reset_message = ""
        try:
            await run_service(auth.request_password_reset, self.reset_email, client_ip(self))
        except ServiceError as exc:
            self.reset_error = str(exc)
            return
        self.reset_message = ("If an account uses this address, we sent it a link to choose a new password. "
                              "It works once and expires soon.")

    @rx.event
    async def set_password_from_link(self):
        link = str(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.reset_error = self.reset_message = ""
        try:
            await run_service(auth.reset_password, link, self.new_password)
        except ValidationError as exc:
            self.reset_error = str(exc)
            return
        self.new_password, self.reset_done = "", True
        self._sign_out()  # every session of the account ended, this one too
        self.reset_message = "Your password was changed and every session was logged out. Log in with the new one."
