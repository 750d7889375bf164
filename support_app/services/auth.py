"""Accounts, password hashing (argon2), email ownership, login sessions and login limits.

An email address belongs to an account only once its owner clicked a single-use, expiring link
sent to it (`verify_email`, or a password reset). Until then the account sees no ticket filed
under that address (`Identity.customer_id` is None).

Hashing is slow on purpose: the Reflex handlers call `register`, `login` and `reset_password` on a
worker thread (`asyncio.to_thread`), never on the event loop.

Authorization helpers (`require_role`, `ticket_for`) are called by every state handler and service
entry point that needs them: hiding a button is never the protection.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from support_app.models import EmailToken, Role, Ticket, User, UserSession, utcnow
from support_app.services import customers, mail, rate_limit, text_input
from support_app.services.errors import NotFoundError, PermissionDenied, RateLimited, ValidationError  # noqa: F401
from support_app.services.tickets import EMAIL_PATTERN
from support_app.settings import get_settings

MIN_PASSWORD_LENGTH = 8
ROLE_RANK = {Role.customer.value: 0, Role.agent.value: 1, Role.admin.value: 2}
STAFF_ROLES = (Role.agent.value, Role.admin.value)
LAST_SEEN_EVERY = timedelta(minutes=1)
HOUR = 3600
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Identity:
    """Who is acting: what handlers pass to services. `customer_id` is None until the email is verified."""

    user_id: int
    email: str
    name: str
    role: str
    customer_id: int | None
    email_verified: bool = False

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


# ---------------------------------------------------------------- passwords

def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email costs what a wrong password does."""
    return _hasher.hash(secrets.token_hex(16))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({"password": f"Password must have at least {MIN_PASSWORD_LENGTH} characters."})
    if len(password) > text_input.limit("password"):
        raise ValidationError({"password": f"Password must be at most {text_input.limit('password')} characters."})


def _clean_email(email: str) -> str:
    return customers.normalise_email(text_input.clean(email, "email", label="Email", multiline=False))


# ---------------------------------------------------------------- accounts

def create_user(session: Session, email: str, password: str, name: str = "",
                role: str = Role.customer.value, verified: bool = False) -> User:
    """An account. A customer account is linked to the Customer row of its address, but sees that
    customer's tickets only once `email_verified_at` is set."""
    errors = {}
    try:
        email = _clean_email(email)
        name = text_input.clean(name, "name", label="Name", multiline=False)
    except ValidationError as exc:
        errors.update(exc.errors)
    if "email" not in errors and not EMAIL_PATTERN.match(email):
        errors["email"] = "Enter a valid email address, like name@example.com."
    elif "email" not in errors and mail.is_reserved_address(email):
        errors["email"] = "This address cannot receive mail. Use an address you can read."
    try:
        _check_password(password)
    except ValidationError as exc:
        errors.update(exc.errors)
    if role not in ROLE_RANK:
        errors["role"] = f"Unknown role {role!r}."
    if not errors and session.exec(select(User).where(User.email == email)).first():
        errors["email"] = ("An account with this email exists already. Log in, or use “Forgot your password?” "
                           "if it is your address.")
    if errors:
        raise ValidationError(errors)
    customer_id = None
    if role == Role.customer.value:
        customer_id = customers.get_or_create(session, email, name).id
    user = User(email=email, name=name or email.split("@")[0].title(),
                password_hash=hash_password(password), role=role, customer_id=customer_id,
                email_verified_at=utcnow() if verified else None)
    session.add(user)
    session.commit()
    return user


def register(session: Session, email: str, password: str, name: str = "", ip: str = "") -> User:
    """A customer signs up: at most REGISTER_IP_MAX per IP per hour; a verification link is mailed."""
    settings = get_settings()
    rate_limit.hit(session, "register-ip", ip, settings.register_ip_max, HOUR,
                   "Too many accounts were created from your network. Try again in an hour.")
    user = create_user(session, email, password, name)
    _mail_link(session, user, "verify")
    session.commit()
    return user


def request_verification(session: Session, identity: Identity, ip: str = "") -> None:
    """Send a new verification link to the identity's address (rate-limited per IP and per account)."""
    settings = get_settings()
    message = "Too many emails were requested. Try again in an hour."
    rate_limit.check(session, "mail-user", str(identity.user_id), settings.reset_ip_max, HOUR, message)
    rate_limit.hit(session, "mail-ip", ip, settings.reset_ip_max, HOUR, message)
    rate_limit.record(session, "mail-user", str(identity.user_id))
    user = session.get(User, identity.user_id)
    if user is None or user.email_verified_at is not None:
        return
    _mail_link(session, user, "verify")
    session.commit()


def verify_email(session: Session, token: str) -> User:
    """The owner clicked the link: the address is theirs, and so are the tickets filed under it."""
    user = _consume(session, token, "verify")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        session.add(user)
    session.commit()
    return user


def request_password_reset(session: Session, email: str, ip: str = "") -> None:
    """Mail a reset link if an account has this address. Says nothing about whether one has."""
    settings = get_settings()
    rate_limit.hit(session, "mail-ip", ip, settings.reset_ip_max, HOUR,
                   "Too many emails were requested from your network. Try again in an hour.")
    email = _clean_email(email)
    if not EMAIL_PATTERN.match(email):
        raise ValidationError({"email": "Enter a valid email address, like name@example.com."})
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.is_active:
        return
    _mail_link(session, user, "reset")
    session.commit()


def reset_password(session: Session, token: str, new_password: str) -> User:
    """Set a new password from a reset link. Every session of the user ends; the address counts as
    verified (its owner read the mail)."""
    _check_password(new_password)
    user = _consume(session, token, "reset")
    user.password_hash = hash_password(new_password)
    user.email_verified_at = user.email_verified_at or utcnow()
    session.add(user)
    session.exec(delete(UserSession).where(UserSession.user_id == user.id))
    session.exec(update(EmailToken).where(EmailToken.user_id == user.id, EmailToken.purpose == "reset",
                                          EmailToken.used_at.is_(None)).values(used_at=utcnow()))
    session.commit()
    return user


def _mail_link(session: Session, user: User, purpose: str) -> None:
    settings = get_settings()
    token = secrets.token_urlsafe(32)
    hours = settings.email_token_hours
    session.add(EmailToken(token_hash=_digest(token), purpose=purpose, user_id=user.id, email=user.email,
                           expires_at=utcnow() + timedelta(hours=hours)))
    base = settings.base_url
    if purpose == "verify":
        subject = "Confirm your email address"
        body = (f"Hello {user.name},\n\nConfirm that {user.email} is yours to see the tickets filed under it:\n"
                f"{base}/verify/{token}\n\nThe link works once and expires in {hours:g} hours. "
                "If you did not create an account, ignore this mail.\n")
    else:
        subject = "Reset your password"
        body = (f"Hello {user.name},\n\nChoose a new password here:\n{base}/reset-password/{token}\n\n"
                f"The link works once and expires in {hours:g} hours. Changing the password logs you out "
                "everywhere. If you did not ask for this, ignore this mail: your password stays as it is.\n")
    mail.queue(session, user.email, subject, body, purpose)


def _consume(session: Session, token: str, purpose: str) -> User:
    """The user a valid, unexpired, unused link of `purpose` belongs to; the link is used up."""
    invalid = ValidationError({"token": "This link is invalid, expired or used already. Ask for a new one."})
    if not token or len(token) > 100:
        raise invalid
    row = session.exec(select(EmailToken).where(EmailToken.token_hash == _digest(token),
                                                EmailToken.purpose == purpose)).first()
    user = session.get(User, row.user_id) if row else None
    if row is None or row.used_at is not None or _aware(row.expires_at) < utcnow() \
            or user is None or user.email != row.email or not user.is_active:
        raise invalid
    used = session.execute(update(EmailToken).where(EmailToken.id == row.id, EmailToken.used_at.is_(None))
                           .values(used_at=utcnow()))
    if used.rowcount != 1:  # a concurrent click won
        session.rollback()
        raise invalid
    return user


# ---------------------------------------------------------------- sessions

def login(session: Session, email: str, password: str, ip: str = "") -> tuple[str, Identity]:
    """Check the password and open a session. Returns (session token, identity).

    Failures are limited per email (LOGIN_MAX_ATTEMPTS) and per client IP (LOGIN_IP_MAX_ATTEMPTS,
    which stops a password spray across many emails); an unknown email costs the same hashing time."""
    settings = get_settings()
    email = customers.normalise_email(text_input.strip_controls(email or "", multiline=False))[:254]
    window = settings.login_window_seconds
    message = "Too many failed log-in attempts. Wait a few minutes and try again."
    rate_limit.check(session, "login-email", email, settings.login_max_attempts, window, message)
    rate_limit.check(session, "login-ip", ip, settings.login_ip_max_attempts, window, message)
    user = session.exec(select(User).where(User.email == email)).first()
    password = password if len(password) <= text_input.limit("password") else ""
    matches = _verify(user.password_hash if user else _dummy_hash(), password)
    if user is None or not user.is_active or not matches:
        rate_limit.record(session, "login-email", email)
        rate_limit.record(session, "login-ip", ip)
        raise PermissionDenied("Email or password is wrong.")
    rate_limit.clear(session, "login-email", email)
    _purge(session)
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_digest(token), user_id=user.id,
                            expires_at=utcnow() + timedelta(days=settings.session_days)))
    session.commit()
    return token, _identity(user)


def identity_for_token(session: Session, token: str) -> Identity | None:
    """The identity of a live session: not past its absolute expiry nor idle too long."""
    if not token or len(token) > 100:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _digest(token))).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    now = utcnow()
    if user is None or not user.is_active or _aware(row.expires_at) < now \
            or _aware(row.last_seen_at) < now - _idle_timeout(user.role):
        session.delete(row)
        session.commit()
        return None
    if _aware(row.last_seen_at) < now - LAST_SEEN_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return _identity(user)


def logout(session: Session, token: str) -> None:
    session.exec(delete(UserSession).where(UserSession.token_hash == _digest(token)))
    session.commit()


def logout_everywhere(session: Session, identity: Identity) -> int:
    """End every session of the identity's user (every browser and device). Returns how many."""
    ended = session.exec(delete(UserSession).where(UserSession.user_id == identity.user_id)).rowcount
    session.commit()
    return ended or 0


def purge_expired(session: Session) -> None:
    """Delete expired or idle sessions, used-up or expired links and old rate-limit rows."""
    _purge(session)
    session.commit()


def _purge(session: Session) -> None:
    settings = get_settings()
    now = utcnow()
    longest_idle = timedelta(hours=max(settings.session_idle_hours, settings.customer_session_idle_hours))
    session.exec(delete(UserSession).where(or_(UserSession.expires_at < now,
                                               UserSession.last_seen_at < now - longest_idle)))
    session.exec(delete(EmailToken).where(or_(EmailToken.expires_at < now - timedelta(days=1),
                                              EmailToken.used_at < now - timedelta(days=1))))
    rate_limit.purge(session, older_than_seconds=max(86_400, settings.login_window_seconds))


def _idle_timeout(role: str) -> timedelta:
    settings = get_settings()
    hours = settings.session_idle_hours if role in STAFF_ROLES else settings.customer_session_idle_hours
    return timedelta(hours=hours)


# ---------------------------------------------------------------- authorization

def require_role(identity: Identity | None, role: str) -> Identity:
    if identity is None:
        raise PermissionDenied("Log in to continue.")
    if not identity.has_role(role):
        raise PermissionDenied("You do not have access to this.")
    return identity


def ticket_for(session: Session, identity: Identity | None, ticket_id: int) -> Ticket:
    """A ticket the identity may see: agents see all, customers only their verified address's (else not found)."""
    if identity is None:
        raise NotFoundError(f"Ticket #{ticket_id} was not found.")
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or (not identity.has_role(Role.agent.value)
                          and (identity.customer_id is None or ticket.customer_id != identity.customer_id)):
        raise NotFoundError(f"Ticket #{ticket_id} was not found.")
    return ticket


def agents(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role.in_([Role.agent.value, Role.admin.value]))
                             .order_by(User.name)))


def _identity(user: User) -> Identity:
    verified = user.email_verified_at is not None
    return Identity(user.id, user.email, user.name, user.role, user.customer_id if verified else None, verified)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
