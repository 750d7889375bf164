"""Webhooks against a real HTTP receiver on 127.0.0.1: signature, retries with backoff, delivery log,
events fired from the services whether the change came from the API or from the pages."""

import ipaddress
import json
import socket
import ssl
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
from tests.certificates import self_signed


class Receiver:
    """A webhook receiver that verifies the signature like an integrator would; it answers 500 to
    the first `fail_first` requests."""

    def __init__(self, fail_first: int = 0, tls: tuple | None = None):
        self.fail_first, self.received, self.secret, self.sni = fail_first, [], "", []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = webhooks.verify(outer.secret, self.headers[webhooks.SIGNATURE_HEADER], body)
                outer.received.append({"valid": valid, "event": self.headers["X-Support-Event"],
                                       "body": json.loads(body), "host": self.headers["Host"]})
                status = 500 if len(outer.received) <= outer.fail_first else (200 if valid else 400)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        if tls:  # (cert file, key file): HTTPS, recording the name each client asked for (SNI)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            context.sni_callback = lambda _sock, name, _ctx: outer.sni.append(name)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http{'s' if tls else ''}://127.0.0.1:{self.port}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(fail_first=0, tls=None):
        made.append(Receiver(fail_first, tls))
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



# ---------------------------------------------------------------- SSRF: one lookup, pinned address

PUBLIC = "93.184.215.14"  # a public address; the tests route it to a local receiver (see `internet`)


@pytest.fixture
def dns(monkeypatch):
    """A scripted resolver for *.example.test (the real one for other names): each name answers its
    scripted address lists in turn, the last one from then on; `dns.asked` counts lookups per name.
    Every lookup in the process goes through it: ours and any the HTTP client might make."""
    real = socket.getaddrinfo
    script: dict[str, list[list[str]]] = {}
    asked: dict[str, int] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode()
        if host not in script:
            return real(host, port, *args, **kwargs)
        asked[host] = asked.get(host, 0) + 1
        answers = script[host][min(asked[host], len(script[host])) - 1]
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                 (a, port)) for a in answers]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    getaddrinfo.script, getaddrinfo.asked = script, asked
    return getaddrinfo


@pytest.fixture
def internet(monkeypatch):
    """The world outside 127.0.0.1, for tests: a connection to (PUBLIC, port) reaches the local
    receiver registered for it; any other public address is unreachable (nothing leaves the machine)."""
    real = socket.create_connection
    routes: dict[tuple[str, int], int] = {}
    tried: list[tuple[str, int]] = []

    def create_connection(address, *args, **kwargs):
        host, port = address[0], address[1]
        try:
            ipaddress.ip_address(host)
        except ValueError:  # a name: resolved (through `dns` when used) and each address tried, as the real one does
            for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                try:
                    return create_connection(sockaddr[:2], *args, **kwargs)
                except OSError as exc:
                    error = exc
            raise error
        tried.append((host, port))
        if (host, port) in routes:
            return real(("127.0.0.1", routes[(host, port)]), *args, **kwargs)
        if ipaddress.ip_address(host).is_global:
            raise ConnectionRefusedError(f"no route to {host} in tests")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    create_connection.routes, create_connection.tried = routes, tried
    return create_connection


def _private_addresses(monkeypatch, allowed: bool):
    from support_app.settings import get_settings

    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "1" if allowed else "0")
    get_settings.cache_clear()


def _one_delivery(session, admin, url, secret_for=None):
    hook = webhooks.register(session, admin, url, ["ticket.created"])
    if secret_for is not None:
        secret_for.secret = hook.secret
    session.add(WebhookDelivery(webhook_id=hook.id, event="ticket.created", payload='{"n": 1}'))
    session.commit()
    return _deliveries(session)[-1].id


def test_dns_rebinding_cannot_redirect_a_delivery(api_env, tokens, receiver, dns, internet, monkeypatch):
    """The name answers a public address to the check and 127.0.0.1 afterwards: the delivery still
    goes to the public address it checked, never to the internal service on 127.0.0.1."""
    _private_addresses(monkeypatch, allowed=False)
    internal, public = receiver(), receiver()
    port = internal.port  # the port the attacker wants to reach on 127.0.0.1
    internet.routes[(PUBLIC, port)] = public.port
    dns.script["rebind.example.test"] = [[PUBLIC], ["127.0.0.1"]]
    delivery = _one_delivery(api_env, tokens.admin_identity, f"http://rebind.example.test:{port}/hook", public)
    assert webhooks.deliver(delivery) == "delivered", _deliveries(api_env)[-1].last_error
    assert internal.received == [] and ("127.0.0.1", port) not in internet.tried
    assert [(r["valid"], r["host"]) for r in public.received] == [(True, f"rebind.example.test:{port}")]
    assert dns.asked["rebind.example.test"] == 1  # resolved once, for the check and the connection


def test_private_answers_are_refused_unless_allowed(api_env, tokens, receiver, dns, internet, monkeypatch):
    rx = receiver()
    dns.script["internal.example.test"] = [["127.0.0.1"]]
    dns.script["mixed.example.test"] = [[PUBLIC, "10.1.2.3"]]
    _private_addresses(monkeypatch, allowed=False)
    for name in ("internal", "mixed"):
        delivery = _one_delivery(api_env, tokens.admin_identity, f"http://{name}.example.test:{rx.port}/hook", rx)
        assert webhooks.deliver(delivery) == "retry"
        assert "non-public address" in _deliveries(api_env)[-1].last_error
    assert rx.received == [] and internet.tried == []  # refused before any connection
    _private_addresses(monkeypatch, allowed=True)  # as for a receiver on the same machine
    delivery = _one_delivery(api_env, tokens.admin_identity, f"http://internal.example.test:{rx.port}/hook", rx)
    assert webhooks.deliver(delivery) == "delivered"
    assert [(r["valid"], r["host"], r["body"]) for r in rx.received] == \
        [(True, f"internal.example.test:{rx.port}", {"n": 1})]


def test_next_checked_address_is_tried_when_one_is_unreachable(api_env, tokens, receiver, dns, internet,
                                                                 monkeypatch):
    _private_addresses(monkeypatch, allowed=False)
    public = receiver()
    internet.routes[(PUBLIC, 8080)] = public.port
    dns.script["two.example.test"] = [["93.184.215.99", PUBLIC]]  # the first one is unreachable
    delivery = _one_delivery(api_env, tokens.admin_identity, "http://two.example.test:8080/hook", public)
    assert webhooks.deliver(delivery) == "delivered"
    assert [h for h, _ in internet.tried] == ["93.184.215.99", PUBLIC] and len(public.received) == 1


def test_https_to_the_pinned_address_verifies_the_certificate_for_the_name(api_env, tokens, receiver, dns,
                                                                          tmp_path, monkeypatch):
    cert_file, key_file = self_signed(tmp_path, "hooks.example.test")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # trust this test certificate only
    _private_addresses(monkeypatch, allowed=True)
    rx = receiver(tls=(cert_file, key_file))
    dns.script["hooks.example.test"] = [["127.0.0.1"]]
    dns.script["other.example.test"] = [["127.0.0.1"]]
    delivery = _one_delivery(api_env, tokens.admin_identity, f"https://hooks.example.test:{rx.port}/hook", rx)
    assert webhooks.deliver(delivery) == "delivered", _deliveries(api_env)[-1].last_error
    assert rx.sni == ["hooks.example.test"] and rx.received[0]["host"] == f"hooks.example.test:{rx.port}"
    # the same address under a name the certificate does not carry: refused by the TLS check
    delivery = _one_delivery(api_env, tokens.admin_identity, f"https://other.example.test:{rx.port}/hook", rx)
    assert webhooks.deliver(delivery) == "retry"
    assert "CERTIFICATE_VERIFY_FAILED" in _deliveries(api_env)[-1].last_error and len(rx.received) == 1
