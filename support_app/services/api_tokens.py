"""REST API tokens: created and revoked by admins, shown once, stored as a sha256.

A token acts with a role: `agent` or `admin` (the whole desk), or `customer` (one customer's
tickets, for a shop's "my tickets" widget). `authenticate` turns a bearer token into the same
`auth.Identity` the pages use, so the API applies the same authorization as the app.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from support_app.models import ApiToken, Role, utcnow
from support_app.services import auth, customers, rate_limit, text_input
from support_app.services.errors import NotFoundError, PermissionDenied, ValidationError
from support_app.services.tickets import EMAIL_PATTERN
from support_app.services.unit_of_work import atomic
from support_app.settings import get_settings

PREFIX = "sdk_"
TOKEN_ROLES = (Role.customer.value, Role.agent.value, Role.admin.value)
LAST_USED_EVERY = timedelta(minutes=1)
DAY = 86_400


@dataclass(frozen=True)
class Caller:
    """Who calls the API: the token's id and name, and the identity services authorize against."""

    token_id: int
    token_name: str
    identity: auth.Identity

    @property
    def actor(self) -> str:
        return f"api:{self.token_name}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, admin: auth.Identity | None, name: str, role: str,
           customer_email: str = "") -> tuple[ApiToken, str]:
    """A new token (row, clear token). The clear token is returned once and never stored."""
    auth.require_role(admin, Role.admin.value)
    errors: dict[str, str] = {}
    try:
        name = text_input.clean(name, "name", label="Name", required=True, multiline=False, max_length=80)
    except ValidationError as exc:
        errors.update(exc.errors)
    if role not in TOKEN_ROLES:
        errors["role"] = f"Role must be one of {', '.join(TOKEN_ROLES)}."
    customer_id = None
    if role == Role.customer.value:
        email = customers.normalise_email(text_input.strip_controls(customer_email or "", multiline=False))
        if not EMAIL_PATTERN.match(email) or len(email) > 254:
            errors["customer_email"] = "A customer token needs the customer's email address."
        elif not errors:
            customer_id = customers.get_or_create(session, email).id
    if errors:
        session.rollback()
        raise ValidationError(errors)
    token = PREFIX + secrets.token_urlsafe(32)
    with atomic(session):
        row = ApiToken(name=name, token_hash=_digest(token), prefix=token[:12], role=role,
                       customer_id=customer_id, created_by_id=admin.user_id)
        session.add(row)
    session.refresh(row)
    return row, token


def revoke(session: Session, admin: auth.Identity | None, token_id: int) -> ApiToken:
    auth.require_role(admin, Role.admin.value)
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError(f"Token #{token_id} was not found.")
    with atomic(session):
        row.revoked_at = row.revoked_at or utcnow()
        session.add(row)
    return row


def list_tokens(session: Session, admin: auth.Identity | None) -> list[ApiToken]:
    auth.require_role(admin, Role.admin.value)
    return list(session.exec(select(ApiToken).order_by(ApiToken.id.desc())))


def authenticate(session: Session, token: str) -> Caller:
    """The caller of a live token, else PermissionDenied (the API answers 401)."""
    if not token or len(token) > 200 or not token.startswith(PREFIX):
        raise PermissionDenied("A valid API token is required (Authorization: Bearer …).")
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
    if row is None or row.revoked_at is not None:
        raise PermissionDenied("A valid API token is required (Authorization: Bearer …).")
    now = utcnow()
    last = auth._aware(row.last_used_at) if row.last_used_at else None
    if last is None or last < now - LAST_USED_EVERY:
        session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
        session.commit()
    identity = auth.Identity(user_id=row.created_by_id, email=f"api:{row.name}", name=row.name, role=row.role,
                             customer_id=row.customer_id, email_verified=row.role == Role.customer.value)
    return Caller(row.id, row.name, identity)


def check_rate(session: Session, token_id: int | None, client_ip: str) -> None:
    """Per client address and (once known) per token, per minute, across workers (RateLimited when
    over). Both attempts are recorded in one commit."""
    settings = get_settings()
    message = "Too many API requests. Wait a minute and try again."
    token_key = str(token_id) if token_id is not None else ""
    rate_limit.check(session, "api-ip", client_ip, settings.api_ip_rate_limit, 60, message)
    rate_limit.check(session, "api-token", token_key, settings.api_token_rate_limit, 60, message)
    rate_limit.record_many(session, [("api-ip", client_ip), ("api-token", token_key)])


def take_gemini_call(session: Session, token_id: int) -> bool:
    """True (and counted) while the token has Gemini calls left today; False: use the local engine."""
    settings = get_settings()
    if not settings.use_gemini:
        return False
    if rate_limit.count(session, "api-gemini", str(token_id), DAY) >= settings.api_gemini_daily_budget:
        return False
    rate_limit.record(session, "api-gemini", str(token_id))
    return True
