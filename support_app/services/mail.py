"""Outgoing mail. Every message is first a row in the outbox table, written in the caller's
transaction (so a rolled-back change sends nothing).

- Without `SMTP_URL` the outbox is the destination (status `stored`): admins read it on /outbox,
  like Django's console backend but visible in the app.
- With `SMTP_URL` (`smtp://user:pass@host:587?starttls=1`, or `smtps://…` for implicit TLS) rows are
  delivered with smtplib by a background job (kind `mail`, services/job_kinds.py) woken when the
  transaction that queued them commits, never in a request. A failure is recorded on the row
  (`last_error`) and retried with backoff by `deliver_pending`, which the app also runs every
  minute (support_app.maintenance).
"""

import logging
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from support_app.models import Customer, OutboxMessage, Ticket, utcnow
from support_app.services import jobs
from support_app.services.delivery_claim import claim_for_sending
from support_app.settings import get_settings

log = logging.getLogger(__name__)

# Addresses that can never receive mail (RFC 2606 / 6761): never registered, never mailed.
RESERVED_SUFFIXES = (".invalid", ".test", ".example", ".localhost", ".local")
LEASE = timedelta(minutes=10)  # a row being sent is retried if its sender died mid-way


def is_reserved_address(email: str) -> bool:
    domain = email.strip().lower().rpartition("@")[2].rstrip(".")
    return not domain or any(domain.endswith(suffix) or domain == suffix[1:] for suffix in RESERVED_SUFFIXES)


def queue(session: Session, to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction (the caller commits)."""
    delivering = bool(get_settings().smtp_url)
    row = OutboxMessage(to_address=to, subject=subject[:200], body=body, kind=kind,
                        status="queued" if delivering else "stored")
    session.add(row)
    if delivering:
        jobs.enqueue(session, "mail", "outbox")
    return row


def ticket_reply(session: Session, ticket: Ticket, author_name: str, body: str) -> OutboxMessage | None:
    """Tell the customer an agent replied, with a link to the ticket (the caller commits)."""
    customer = session.get(Customer, ticket.customer_id)
    if customer is None or is_reserved_address(customer.email):
        return None
    link = f"{get_settings().base_url}/tickets/{ticket.id}"
    text = (f"Hello {customer.name},\n\n{author_name or 'Our support team'} replied to your ticket "
            f"#{ticket.id} \"{ticket.subject}\":\n\n{body}\n\n"
            f"Read the whole conversation and reply here (log in with this email address):\n{link}\n")
    return queue(session, customer.email, f"Re: [#{ticket.id}] {ticket.subject}", text, "reply")


def outbox(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """The newest messages first, for the admins' Outbox page."""
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


# ---------------------------------------------------------------- delivery

def deliver_pending(bind: Engine | None = None, now: datetime | None = None) -> int:
    """Send every due message (queued, or failed earlier and due for a retry). Returns how many
    were sent. Safe to run from several threads or workers at once: each row is claimed first."""
    settings = get_settings()
    if not settings.smtp_url:
        return 0
    if bind is None:
        from support_app.db import get_engine
        bind = get_engine()
    now = now or utcnow()
    sent = 0
    with Session(bind, expire_on_commit=False) as session:
        due = session.exec(select(OutboxMessage.id).where(
            OutboxMessage.status.in_(["queued", "retry", "sending"]),
            OutboxMessage.next_attempt_at <= now).order_by(OutboxMessage.id).limit(100)).all()
        for message_id in due:
            if not _claim(session, message_id, now):
                continue
            row = session.get(OutboxMessage, message_id)
            session.refresh(row)
            try:
                _send(settings.smtp_url, settings.mail_from, row)
            except (OSError, smtplib.SMTPException) as exc:
                _failed(session, row, now, f"{type(exc).__name__}: {exc}", settings.mail_max_attempts)
                continue
            row.status, row.sent_at, row.last_error = "sent", utcnow(), ""
            session.add(row)
            session.commit()
            sent += 1
    return sent


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    return claim_for_sending(session, OutboxMessage, message_id, now, LEASE, ["queued", "retry", "sending"])


def _failed(session: Session, row: OutboxMessage, now: datetime, error: str, max_attempts: int) -> None:
    log.warning("mail %s to %s failed (attempt %s): %s", row.id, row.to_address, row.attempts, error)
    row.last_error = error[:2000]
    if row.attempts >= max_attempts:
        row.status = "failed"
    else:
        row.status = "retry"
        row.next_attempt_at = now + timedelta(minutes=2 ** (row.attempts - 1))
    session.add(row)
    session.commit()


def _send(url: str, sender: str, row: OutboxMessage) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise smtplib.SMTPException(f"SMTP_URL must start with smtp:// or smtps:// (not {parts.scheme}://)")
    options = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, row.to_address, row.subject
    message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain="support-desk")
    message.set_content(row.body)
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(parts.hostname, port, timeout=20, context=context)
    else:
        client = smtplib.SMTP(parts.hostname, port, timeout=20)
    with client:
        if parts.scheme == "smtp" and options.get("starttls") in ("1", "true", "yes"):
            client.starttls(context=context)
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
