"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the mail tests, and helpers to read links from mail."""

import re
import socket
import threading
import time
from email import message_from_bytes, policy

import pytest
from sqlmodel import Session, select

from support_app.models import OutboxMessage


class Inbox:
    """What the SMTP server received: (envelope sender, recipients, parsed message)."""

    def __init__(self):
        self.messages = []
        self.logins = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        with self._arrived:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  message_from_bytes(envelope.content, policy=policy.default)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0):
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"expected {count} message(s), the SMTP server got {len(self.messages)}")
        return self.messages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    """A real SMTP server requiring AUTH (user `mailer`, password `s3cret`); SMTP_URL points at it."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, data):
        ok = data.login == b"mailer" and data.password == b"s3cret"
        inbox.logins.append((data.login, ok))
        return AuthResult(success=ok)

    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    monkeypatch.setenv("SMTP_URL", f"smtp://mailer:s3cret@127.0.0.1:{port}")
    monkeypatch.setenv("MAIL_FROM", "Support Desk <support@desk.example.com>")
    from support_app.settings import get_settings
    get_settings.cache_clear()
    inbox.port = port
    yield inbox
    controller.stop()
    get_settings.cache_clear()


def outbox_rows(db: Session, kind: str | None = None) -> list[OutboxMessage]:
    db.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.exec(query))


def link_token(body: str, path: str) -> str:
    """The token of the first `/path/<token>` link in a mail body."""
    match = re.search(rf"/{path}/([A-Za-z0-9_\-]+)", body)
    assert match, f"no /{path}/ link in: {body!r}"
    return match.group(1)


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


# The pipeline tests' fixtures (real SQLite and Chroma in tmp_path), shared with the red-team tests.
from tests.pipeline.conftest import (  # noqa: E402,F401 (fixtures)
    articles, chroma_dir, customer, db_url, indexed, isolated_settings, make_ticket, session, store,
)
