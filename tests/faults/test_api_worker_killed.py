"""An API server process killed with SIGKILL in the middle of `POST /api/tickets`: the client sees
an error, never a half-written ticket, and its retry with the same Idempotency-Key leaves exactly
one ticket, which the job sweep then triages.

Real uvicorn processes (tests/faults/api_server.py) on the test's database (SQLite file, and
PostgreSQL when TEST_DATABASE_URL is set), paused by a test-only hook either inside the ticket's
transaction or right after its commit, then killed."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import IdempotencyKey, Job, TriageState
from tests.faults.helpers import ApiServer, agent_token, ticket_count, tickets_by_subject, triage_by_sweep, wait_for

BODY = {"email": "kim@example.com", "subject": "Killed mid-submission: parcel lost",
        "description": "The parcel never arrived and the tracking page shows no update."}
KEY = "order-7731-first-try"


def post(url: str, token: str) -> httpx.Response:
    return httpx.post(url, json=BODY, headers={"Authorization": f"Bearer {token}", "Idempotency-Key": KEY},
                      timeout=120)


def stored_key() -> IdempotencyKey | None:
    with Session(get_engine()) as session:
        return session.exec(select(IdempotencyKey).where(IdempotencyKey.key == KEY)).first()


def triage_jobs() -> int:
    with Session(get_engine()) as session:
        return len(session.exec(select(Job).where(Job.kind == "triage")).all())


@pytest.mark.parametrize("pause", ["in_transaction", "after_commit"])
def test_a_submission_killed_mid_request_leaves_one_whole_ticket_after_the_retry(db, isolated_env, monkeypatch, pause):
    token = agent_token(db)
    before = ticket_count()
    server = ApiServer(isolated_env, pause)
    try:
        with ThreadPoolExecutor(1) as pool:
            attempt = pool.submit(post, server.url, token)
            wait_for(server.marker.exists, 60, f"the request never reached the pause:\n{server.log.read_text()[-3000:]}")
            server.kill()
            with pytest.raises(httpx.TransportError):  # the client sees an error, no answer
                attempt.result(60)
    finally:
        server.stop()

    if pause == "in_transaction":  # nothing of the ticket was committed
        assert ticket_count() == before and tickets_by_subject(BODY["subject"]) == [] and triage_jobs() == 0
        assert stored_key() is None  # the key's reservation went with the transaction
    else:  # the whole ticket was committed: ticket, triage job and the stored answer
        assert ticket_count() == before + 1 and triage_jobs() == 1
        assert stored_key().status_code == 201

    server = ApiServer(isolated_env)
    try:
        retried = post(server.url, token)  # at once: nothing left blocks the key
        assert retried.status_code == 201, retried.text
        assert (retried.headers.get("Idempotent-Replayed") == "true") == (pause == "after_commit")
        again = post(server.url, token)  # a second retry is answered from the stored answer
        assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
        assert again.json()["id"] == retried.json()["id"]
    finally:
        server.stop()

    [ticket] = tickets_by_subject(BODY["subject"])  # exactly one, no duplicate
    assert ticket.id == retried.json()["id"] and ticket_count() == before + 1
    assert ticket.triage_state == TriageState.pending.value  # no worker ran in the servers
    triage_by_sweep(monkeypatch)
    [ticket] = tickets_by_subject(BODY["subject"])
    assert ticket.triage_state == TriageState.done.value and ticket.category and ticket.ai_draft
    assert triage_jobs() == 0
