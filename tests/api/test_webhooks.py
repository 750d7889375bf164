"""Webhooks against a real HTTP receiver on 127.0.0.1: signature, retries with backoff, delivery log,
events fired from the services whether the change came from the API or from the pages."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from support_app.models import WebhookDelivery, utcnow
from support_app.services import tickets, webhooks
from support_app.services.errors import PermissionDenied, ValidationError
from tests.api.conftest import bearer


class Receiver:
    """A webhook receiver that verifies the signature like an integrator would; it answers 500 to
    the first `fail_first` requests."""

    def __init__(self, fail_first: int = 0):
        self.fail_first, self.received, self.secret = fail_first, [], ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = webhooks.verify(outer.secret, self.headers[webhooks.SIGNATURE_HEADER], body)
                outer.received.append({"valid": valid, "event": self.headers["X-Support-Event"],
                                       "body": json.loads(body)})
                status = 500 if len(outer.received) <= outer.fail_first else (200 if valid else 400)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(fail_first=0):
        made.append(Receiver(fail_first))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _wait(predicate, seconds=10.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _deliveries(session):
    session.expire_all()
    return session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def test_signed_delivery_fails_twice_then_succeeds(api_env, tokens, receiver):
    rx = receiver(fail_first=2)
    hook = webhooks.register(api_env, tokens.admin_identity, rx.url, ["ticket.created"])
    rx.secret = hook.secret
    ticket = tickets.submit(api_env, tickets.Submission(email="ada@example.com", subject="Broken",
                                                        description="The lamp arrived broken."))
    # sent after commit on a worker thread: first attempt fails and is scheduled with backoff
    assert _wait(lambda: [d.status for d in _deliveries(api_env)] == ["retry"])
    first = _deliveries(api_env)[0]
    assert first.attempts == 1 and first.last_status_code == 500
    assert webhooks.deliver(first.id) == "retry"  # not due yet: nothing sent
    assert len(rx.received) == 1
    later = utcnow() + timedelta(hours=1)
    assert webhooks.deliver(first.id, now=later) == "retry"
    assert webhooks.deliver(first.id, now=later + timedelta(hours=1)) == "delivered"
    done = _deliveries(api_env)[0]
    assert (done.attempts, done.last_status_code, done.status) == (3, 200, "delivered")
    assert len(rx.received) == 3 and all(r["valid"] for r in rx.received)
    assert rx.received[-1]["body"]["data"]["ticket_id"] == ticket.id
    assert webhooks.deliver(first.id, now=later + timedelta(hours=2)) == "delivered"  # idempotent
    assert len(rx.received) == 3
    assert first.next_attempt_at is not None


def test_backoff_doubles_and_gives_up(api_env, tokens, receiver, monkeypatch):
    from support_app.settings import get_settings

    monkeypatch.setenv("WEBHOOK_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("WEBHOOK_BACKOFF_SECONDS", "10")
    get_settings.cache_clear()
    rx = receiver(fail_first=99)
    hook = webhooks.register(api_env, tokens.admin_identity, rx.url, ["ticket.created"])
    rx.secret = hook.secret
    api_env.add(WebhookDelivery(webhook_id=hook.id, event="ticket.created", payload="{}"))
    api_env.commit()
    row = _deliveries(api_env)[0]
    now = utcnow()
    assert webhooks.deliver(row.id, now=now) == "retry"
    gap1 = webhooks_next(api_env) - now
    assert webhooks.deliver(row.id, now=now + gap1) == "retry"
    gap2 = webhooks_next(api_env) - (now + gap1)
    assert gap1 == timedelta(seconds=10) and gap2 == timedelta(seconds=20)
    assert webhooks.deliver(row.id, now=now + gap1 + gap2) == "failed"


def webhooks_next(session):
    from support_app.services.auth import _aware
    return _aware(_deliveries(session)[0].next_attempt_at)


def test_events_from_the_api_and_from_the_pages(client, api_env, tokens, receiver):
    rx = receiver()
    hook = webhooks.register(api_env, tokens.admin_identity, rx.url, list(webhooks.EVENTS))
    rx.secret = hook.secret
    created = client.post("/tickets", json={"email": "ada@example.com", "subject": "Refund please",
                                            "description": "I want my money back for order 9."},
                          headers=bearer(tokens.agent)).json()
    current = client.get(f"/tickets/{created['id']}", headers=bearer(tokens.agent)).json()
    current = client.patch(f"/tickets/{created['id']}", json={"version": current["version"], "priority": "low"},
                           headers=bearer(tokens.agent)).json()
    # the page's path: services called directly, as the Reflex states do
    t = tickets.escalate(api_env, created["id"], current["version"], "agent@example.com", "VIP")
    t = tickets.add_message(api_env, t.id, t.version, "agent@example.com", "Agent",
                            tickets.MessageKind.agent, "We are on it.")
    tickets.resolve(api_env, t.id, t.version, "agent@example.com", "Refunded.")
    assert _wait(lambda: {"ticket.created", "ticket.updated", "ticket.escalated", "message.created",
                          "ticket.resolved"} <= {r["event"] for r in rx.received}), \
        [(d.event, d.status, d.last_error) for d in _deliveries(api_env)]
    assert _wait(lambda: all(d.status == "delivered" for d in _deliveries(api_env)))
    assert all(r["valid"] for r in rx.received)
    log = webhooks.deliveries(api_env, tokens.admin_identity)
    assert {d.event for d in log} >= {"ticket.resolved", "message.created"}


def test_receiver_down_never_breaks_the_desk(client, api_env, tokens):
    webhooks.register(api_env, tokens.admin_identity, "http://127.0.0.1:9/unreachable", ["ticket.created"])
    started = time.perf_counter()
    answer = client.post("/tickets", json={"email": "ada@example.com", "subject": "Hello",
                                           "description": "Just a question about sizes."}, headers=bearer(tokens.agent))
    assert answer.status_code == 201
    assert _wait(lambda: _deliveries(api_env)[0].status == "retry")
    assert _deliveries(api_env)[0].last_status_code is None and _deliveries(api_env)[0].last_error
    assert time.perf_counter() - started < 30


def test_registration_rules_and_ssrf_policy(api_env, tokens, monkeypatch):
    from support_app.settings import get_settings

    for url in ("ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "http://", "",
                "http://user:pw@example.com/", "http://exa mple.com/", "http://x.com/" + "a" * 2001):
        with pytest.raises(ValidationError):
            webhooks.register(api_env, tokens.admin_identity, url, ["ticket.created"])
    with pytest.raises(ValidationError):
        webhooks.register(api_env, tokens.admin_identity, "https://example.com/h", ["ticket.deleted"])
    agent = tokens.admin_identity.__class__(2, "agent@example.com", "Agent", "agent", None, True)
    with pytest.raises(PermissionDenied):
        webhooks.register(api_env, agent, "https://example.com/h", ["ticket.created"])
    # without the setting, loopback/private targets are refused at delivery time
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "0")
    get_settings.cache_clear()
    hook = webhooks.register(api_env, tokens.admin_identity, "http://127.0.0.1:1/x", ["ticket.created"])
    api_env.add(WebhookDelivery(webhook_id=hook.id, event="ticket.created", payload="{}"))
    api_env.commit()
    assert webhooks.deliver(_deliveries(api_env)[0].id) == "retry"
    assert "non-public" in _deliveries(api_env)[0].last_error


def test_signature_rejects_tampering_and_old_timestamps():
    body = b'{"a": 1}'
    header = webhooks.sign("whsec_x", int(time.time()), body)
    assert webhooks.verify("whsec_x", header, body)
    assert not webhooks.verify("whsec_x", header, b'{"a": 2}')
    assert not webhooks.verify("whsec_y", header, body)
    assert not webhooks.verify("whsec_x", webhooks.sign("whsec_x", int(time.time()) - 3600, body), body)
    assert not webhooks.verify("whsec_x", "garbage", body)

