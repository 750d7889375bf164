"""Webhooks: admins register URLs for ticket events; every change that fires an event writes one
delivery row per subscribed webhook in the transaction of the change (outbox pattern: a rolled-back
change sends nothing). The same transaction owes a `webhook` job (services/job_kinds.py), so the
rows are sent by a job worker after the commit, off the request path; each row keeps its own
attempts and exponential backoff, and a periodic sweep wakes the job when a retry is due.

`deliver(delivery_id)` is self-contained, keyed by the row id and idempotent (a delivered or
claimed row is left alone).

Each request is a JSON POST signed like Stripe's: header `X-Support-Signature: t=<unix time>,v1=<hex>`
with v1 = HMAC-SHA256(secret, "<t>.<body>"). SSRF policy: only http(s) URLs; at delivery the host
is resolved once, every address must be public unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is set, and
the connection goes to those checked addresses (no second lookup a rebinding DNS could answer);
redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from support_app.models import Role, Webhook, WebhookDelivery, utcnow
from support_app.services import jobs
from support_app.services.delivery_claim import claim_for_sending
from support_app.services.errors import NotFoundError, ValidationError
from support_app.services.unit_of_work import atomic
from support_app.settings import get_settings

log = logging.getLogger(__name__)

EVENTS = ("ticket.created", "ticket.updated", "ticket.escalated", "ticket.resolved", "message.created")
SIGNATURE_HEADER = "X-Support-Signature"
LEASE = timedelta(minutes=2)  # a row being sent is retried if its sender died mid-way
MAX_URL_LENGTH = 2000


# ---------------------------------------------------------------- registration

def _require_admin(identity) -> None:
    from support_app.services import auth  # auth -> tickets -> webhooks: imported when called

    auth.require_role(identity, Role.admin.value)


def validate_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not parts.hostname \
            or any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise ValidationError({"url": "Enter an http:// or https:// URL (at most 2000 characters)."})
    if parts.username or parts.password:
        raise ValidationError({"url": "Put no credentials in the URL; verify the signature instead."})
    return url


def register(session: Session, admin, url: str, events: list[str]) -> Webhook:
    """A new webhook; its signing secret is on the returned row (show it once)."""
    _require_admin(admin)
    errors: dict[str, str] = {}
    try:
        url = validate_url(url)
    except ValidationError as exc:
        errors.update(exc.errors)
    chosen = sorted(set(events or []))
    if not chosen or any(e not in EVENTS for e in chosen):
        errors["events"] = f"Choose one or more of {', '.join(EVENTS)}."
    if errors:
        raise ValidationError(errors)
    with atomic(session):
        hook = Webhook(url=url, events=",".join(chosen), secret="whsec_" + secrets.token_hex(24),
                       created_by_id=admin.user_id)
        session.add(hook)
    session.refresh(hook)
    return hook


def set_active(session: Session, admin, webhook_id: int, active: bool) -> Webhook:
    _require_admin(admin)
    hook = session.get(Webhook, webhook_id)
    if hook is None:
        raise NotFoundError(f"Webhook #{webhook_id} was not found.")
    with atomic(session):
        hook.active = active
        session.add(hook)
    return hook


def list_webhooks(session: Session, admin) -> list[Webhook]:
    _require_admin(admin)
    return list(session.exec(select(Webhook).order_by(Webhook.id.desc())))


def deliveries(session: Session, admin, limit: int = 100) -> list[WebhookDelivery]:
    """The delivery log, newest first."""
    _require_admin(admin)
    return list(session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)))


# ---------------------------------------------------------------- firing

def emit(session: Session, event: str, data: dict | Callable[[], dict]) -> int:
    """Queue `event` for every active webhook subscribed to it, in the caller's transaction
    (`data` may be a function, called only when some webhook listens)."""
    hooks = session.exec(select(Webhook.id, Webhook.events).where(Webhook.active == True)).all()  # noqa: E712
    targets = [hook_id for hook_id, events in hooks if event in events.split(",")]
    if not targets:
        return 0
    if callable(data):
        data = data()
    payload = json.dumps({"event": event, "created_at": utcnow().isoformat(), "data": data}, default=str)
    rows = [WebhookDelivery(webhook_id=hook_id, event=event, payload=payload) for hook_id in targets]
    session.add_all(rows)
    jobs.enqueue(session, "webhook", "due")  # sent by a job worker once this transaction commits
    return len(rows)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, tolerance_seconds: int = 300, now: float | None = None) -> bool:
    """What a receiver does (also used by the tests): check the timestamp and the HMAC."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), f"t={timestamp},v1={parts.get('v1', '')}")


# ---------------------------------------------------------------- delivery

def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order (one lookup per delivery)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_addresses(url: httpx.URL) -> list[str]:
    """The addresses to connect to for `url`, resolved once; ValueError when any is not public
    (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES). The delivery connects to these very addresses, so
    a DNS answer that changes after the check (rebinding) is never asked for."""
    host = url.raw_host.decode("ascii")
    addresses = _resolve(host, url.port or (443 if url.scheme == "https" else 80))
    if not get_settings().webhook_allow_private_addresses:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                raise ValueError(f"refused: {host} resolves to a non-public address")
    return addresses


def _claim(session: Session, delivery_id: int, now: datetime) -> bool:
    return claim_for_sending(session, WebhookDelivery, delivery_id, now, LEASE, ["pending", "retry", "sending"])


def deliver(delivery_id: int, bind: Engine | None = None, now: datetime | None = None) -> str:
    """Send one delivery if it is due; returns its status afterwards. Safe to call twice or from
    several workers: the row is claimed with a conditional UPDATE first."""
    if bind is None:
        from support_app.db import get_engine
        bind = get_engine()
    settings = get_settings()
    now = now or utcnow()
    with Session(bind, expire_on_commit=False) as session:
        if not _claim(session, delivery_id, now):
            row = session.get(WebhookDelivery, delivery_id)
            return row.status if row else "missing"
        row = session.get(WebhookDelivery, delivery_id)
        session.refresh(row)
        hook = session.get(Webhook, row.webhook_id)
        status_code, error = None, ""
        if hook is None or not hook.active:
            error = "webhook removed or disabled"
        else:
            status_code, error = _post(hook, row, settings.webhook_timeout_seconds)
        row.last_status_code = status_code
        if status_code is not None and 200 <= status_code < 300:
            row.status, row.delivered_at, row.last_error = "delivered", utcnow(), ""
        elif row.attempts >= settings.webhook_max_attempts or hook is None or not hook.active:
            row.status, row.last_error = "failed", error[:2000]
        else:
            row.status, row.last_error = "retry", error[:2000]
            row.next_attempt_at = now + timedelta(seconds=settings.webhook_backoff_seconds * 2 ** (row.attempts - 1))
        session.add(row)
        session.commit()
        return row.status


def _post(hook: Webhook, row: WebhookDelivery, timeout: float) -> tuple[int | None, str]:
    body = row.payload.encode()
    headers = {"Content-Type": "application/json", "User-Agent": "support-desk-webhooks/1",
               "X-Support-Event": row.event, "X-Support-Delivery": str(row.id),
               SIGNATURE_HEADER: sign(hook.secret, int(time.time()), body)}
    try:
        response = _post_pinned(httpx.URL(hook.url), body, headers, timeout)
    except (OSError, ValueError, httpx.HTTPError) as exc:
        log.warning("webhook delivery %s to %s failed: %s", row.id, hook.url, exc)
        return None, f"{type(exc).__name__}: {exc}"
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}"


def _post_pinned(url: httpx.URL, body: bytes, headers: dict, timeout: float) -> httpx.Response:
    """POST to one of the checked addresses of `url`'s host (the next one when a connection fails),
    with the Host header, TLS SNI and certificate check still for the host name (httpx's
    `sni_hostname` extension)."""
    headers = {**headers, "Host": url.netloc.decode("ascii")}
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    addresses = checked_addresses(url)
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for i, address in enumerate(addresses):
            try:
                return client.post(url.copy_with(host=address), content=body, headers=headers, extensions=extensions)
            except httpx.ConnectError:
                if i == len(addresses) - 1:
                    raise
    raise ValueError(f"{url.host} has no address")


def due_ids(session: Session, now: datetime | None = None, limit: int = 100) -> list[int]:
    now = now or utcnow()
    return list(session.exec(select(WebhookDelivery.id).where(
        WebhookDelivery.status.in_(["pending", "retry", "sending"]), WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.id).limit(limit)))


def deliver_due(bind: Engine | None = None, now: datetime | None = None) -> int:
    """Send every due delivery (the periodic retry sweep); returns how many were delivered."""
    if bind is None:
        from support_app.db import get_engine
        bind = get_engine()
    with Session(bind) as session:
        ids = due_ids(session, now)
    return sum(deliver(i, bind, now) == "delivered" for i in ids)
