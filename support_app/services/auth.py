"""Accounts, password hashing (argon2), login sessions and login rate limiting.

Authorization helpers (`require_role`, `can_see_ticket`) are called by every state handler and
service entry point that needs them: hiding a button is never the protection.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import delete, func
from sqlmodel import Session, select

from support_app.models import LoginAttempt, Role, Ticket, User, UserSession, utcnow
from support_app.services import customers
from support_app.services.errors import NotFoundError, PermissionDenied, RateLimited, ValidationError  # noqa: F401
from support_app.services.tickets import EMAIL_PATTERN
from support_app.settings import get_settings

SESSION_DAYS = 14
MIN_PASSWORD_LENGTH = 8
ROLE_RANK = {Role.customer.value: 0, Role.agent.value: 1, Role.admin.value: 2}
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Identity:
    """Who is acting: what handlers pass to services."""

    user_id: int
    email: str
    name: str
    role: str
    customer_id: int | None

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(session: Session, email: str, password: str, name: str = "",
                role: str = Role.customer.value) -> User:
    email = customers.normalise_email(email)
    errors = {}
    if not EMAIL_PATTERN.match(email):
        errors["email"] = "Enter a valid email address, like name@example.com."
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Password must have at least {MIN_PASSWORD_LENGTH} characters."
    if role not in ROLE_RANK:
        errors["role"] = f"Unknown role {role!r}."
    if not errors and session.exec(select(User).where(User.email == email)).first():
        errors["email"] = "An account with this email exists already. Log in instead."
    if errors:
        raise ValidationError(errors)
    customer_id = None
    if role == Role.customer.value:
        customer_id = customers.get_or_create(session, email, name).id
    user = User(email=email, name=name.strip() or email.split("@")[0].title(),
                password_hash=hash_password(password), role=role, customer_id=customer_id)
    session.add(user)
    session.commit()
    return user


def login(session: Session, email: str, password: str) -> tuple[str, Identity]:
    """Check the password and open a session. Returns (session token, identity)."""
    email = customers.normalise_email(email)
    settings = get_settings()
    window_start = utcnow() - timedelta(seconds=settings.login_window_seconds)
    failures = session.exec(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.email == email, LoginAttempt.created_at >= window_start)).one()
    if failures >= settings.login_max_attempts:
        raise RateLimited("Too many failed log-in attempts. Wait a few minutes and try again.")
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.is_active or not _verify(user.password_hash, password):
        session.add(LoginAttempt(email=email))
        session.commit()
        raise PermissionDenied("Email or password is wrong.")
    session.exec(delete(LoginAttempt).where(LoginAttempt.email == email))
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_digest(token), user_id=user.id,
                            expires_at=utcnow() + timedelta(days=SESSION_DAYS)))
    session.commit()
    return token, _identity(user)


def identity_for_token(session: Session, token: str) -> Identity | None:
    if not token:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _digest(token))).first()
    if row is None or row.expires_at < utcnow():
        return None
    user = session.get(User, row.user_id)
    return _identity(user) if user and user.is_active else None


def logout(session: Session, token: str) -> None:
    session.exec(delete(UserSession).where(UserSession.token_hash == _digest(token)))
    session.commit()


def require_role(identity: Identity | None, role: str) -> Identity:
    if identity is None:
        raise PermissionDenied("Log in to continue.")
    if not identity.has_role(role):
        raise PermissionDenied("You do not have access to this.")
    return identity


def ticket_for(session: Session, identity: Identity | None, ticket_id: int) -> Ticket:
    """A ticket the identity may see: agents see all, customers only their own (else not found)."""
    if identity is None:
        raise NotFoundError(f"Ticket #{ticket_id} was not found.")
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or (not identity.has_role(Role.agent.value) and ticket.customer_id != identity.customer_id):
        raise NotFoundError(f"Ticket #{ticket_id} was not found.")
    return ticket


def agents(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role.in_([Role.agent.value, Role.admin.value]))
                             .order_by(User.name)))


def _identity(user: User) -> Identity:
    return Identity(user.id, user.email, user.name, user.role, user.customer_id)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
