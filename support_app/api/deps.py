"""Dependencies: a database session per request, and the caller (bearer token, rate limits)."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from support_app.api.errors import Unauthenticated
from support_app.db import get_engine
from support_app.models import Role
from support_app.services import api_tokens, auth, change_feed
from support_app.services.errors import PermissionDenied


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def get_caller(request: Request, session: DbSession) -> api_tokens.Caller:
    """The token's caller; every request counts against its client address and its token (a
    request without a valid token against the address only, so guessing tokens is limited too)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    caller = None
    if scheme.lower() == "bearer" and token.strip():
        try:
            caller = api_tokens.authenticate(session, token.strip())
        except PermissionDenied:
            caller = None
    api_tokens.check_rate(session, caller.token_id if caller else None, client_ip(request))
    if caller is None:
        raise Unauthenticated("A valid API token is required (Authorization: Bearer …).")
    return caller


Caller = Annotated[api_tokens.Caller, Depends(get_caller)]


def require_agent(caller: Caller) -> api_tokens.Caller:
    auth.require_role(caller.identity, Role.agent.value)
    return caller


def require_admin(caller: Caller) -> api_tokens.Caller:
    auth.require_role(caller.identity, Role.admin.value)
    return caller


Agent = Annotated[api_tokens.Caller, Depends(require_agent)]
Admin = Annotated[api_tokens.Caller, Depends(require_admin)]


def announce_ticket_change() -> Iterator[None]:
    """Dependency of the ticket writes: once the write succeeded, open queues and ticket pages
    refresh as they do after the pages' own writes (a failed request announces nothing)."""
    yield
    change_feed.tickets_changed()


Announces = [Depends(announce_ticket_change)]
