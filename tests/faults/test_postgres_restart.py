"""PostgreSQL restarted twice while clients file tickets through a real API server process: the
server recovers by itself (it is not restarted), and no acknowledged ticket is lost or doubled.

Four client threads each file their tickets with one Idempotency-Key per ticket and retry a
failed attempt (no answer, or 503 "database unavailable") with the same key, as a client
should. At the end the number of tickets equals the number of acknowledged submissions and the
job sweep triages every one."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from support_app.db import get_engine
from support_app.migrations import upgrade_database
from support_app.models import TriageState
from tests.faults.helpers import ApiServer, agent_token, ticket_count, tickets_by_subject, triage_by_sweep, wait_for
from tests.resilience.servers import PrivatePostgres

CLIENTS = 4
PER_CLIENT = 12


@pytest.fixture
def app_on_private_postgres(tmp_path, monkeypatch):
    from tests.conftest import _clear_caches

    server = PrivatePostgres()
    for name, value in {"DATABASE_URL": server.url(), "CHROMA_PERSIST_DIRECTORY": str(tmp_path / "chroma"),
                        "DOCUMENTS_DIRECTORY": str(tmp_path / "documents"), "JOB_QUEUE_IMMEDIATE": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("JOB_QUEUE_URL", raising=False)
    _clear_caches()
    upgrade_database(server.url())
    yield server
    _clear_caches()
    server.stop()


def server_started() -> str:
    with Session(get_engine()) as session:
        return str(session.exec(text("SELECT pg_postmaster_start_time()")).one()[0])


def test_no_ticket_is_lost_when_postgres_restarts_under_load(app_on_private_postgres, tmp_path, monkeypatch):
    with Session(get_engine()) as session:
        token = agent_token(session)
    before, started = ticket_count(), server_started()
    acknowledged: list[int] = []
    failed_attempts: list[str] = []
    lock = threading.Lock()
    server = ApiServer(tmp_path)

    def file(client: int, n: int) -> None:
        body = {"email": f"load{client}@example.com", "subject": f"Load {client}-{n}: order question",
                "description": "Where is my order? It was due yesterday."}
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"load-{client}-{n}"}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                response = httpx.post(server.url, json=body, headers=headers, timeout=30)
            except httpx.TransportError as exc:
                outcome = type(exc).__name__
            else:
                if response.status_code == 201:
                    with lock:
                        acknowledged.append(response.json()["id"])
                    return
                # The only failure: the database went away (503, retry the same request). A failed
                # attempt leaves no reservation of its key behind, so there is no 409 "in flight".
                assert response.status_code == 503, response.text
                outcome = str(response.status_code)
            with lock:
                failed_attempts.append(outcome)
            time.sleep(0.3)
        raise AssertionError(f"ticket {client}-{n} was never acknowledged")

    def client(number: int) -> None:
        for n in range(PER_CLIENT):
            file(number, n)

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(client, c) for c in range(CLIENTS)]
            for restart_after in (8, 24):  # two restarts, each while the clients are mid-run
                wait_for(lambda: len(acknowledged) >= restart_after, 120, "the clients stalled")
                app_on_private_postgres.restart()
            for future in futures:
                future.result(180)
        assert server.process.poll() is None  # the API server lived through both restarts
    finally:
        server.stop()

    total = CLIENTS * PER_CLIENT
    print(f"\n{total} tickets acknowledged; {len(failed_attempts)} failed attempts retried: {failed_attempts}")
    assert server_started() != started  # PostgreSQL really was restarted
    assert len(acknowledged) == len(set(acknowledged)) == total
    filed = tickets_by_subject("Load ")
    assert ticket_count() == before + total and sorted(t.id for t in filed) == sorted(acknowledged)
    assert len({t.subject for t in filed}) == total  # no subject twice

    triage_by_sweep(monkeypatch)
    assert {t.triage_state for t in tickets_by_subject("Load ")} == {TriageState.done.value}
