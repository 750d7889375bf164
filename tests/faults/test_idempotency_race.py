"""A retry that arrives while the first request is still inside its transaction (the client timed
out and resent): the retry waits on the key, then gets the first request's answer. One ticket.

Two real sessions on the test database (SQLite: the second waits for the write lock; PostgreSQL:
on the unique index), the same calls `POST /api/tickets` makes."""

import threading

from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import ApiToken
from support_app.services import idempotency, tickets
from support_app.services.unit_of_work import atomic
from tests.faults.helpers import agent_token, ticket_count, tickets_by_subject

BODY = {"email": "lee@example.com", "subject": "Race: refund please", "description": "Please refund order 88."}


def test_a_retry_during_the_first_request_waits_and_gets_its_answer(db):
    agent_token(db)
    token_id = db.exec(select(ApiToken.id)).one()
    before = ticket_count()
    retry_answer: list = []

    first = Session(get_engine(), expire_on_commit=False)
    assert idempotency.begin(first, token_id, "race-1", BODY) is None  # the key is held, uncommitted
    with atomic(first):
        ticket = tickets.submit(first, tickets.Submission(**BODY))  # as triage.file_ticket, minus the job
        idempotency.finish(first, token_id, "race-1", 201, {"id": ticket.id})

        def retry():
            with Session(get_engine()) as second:
                retry_answer.append(idempotency.begin(second, token_id, "race-1", BODY))

        waiting = threading.Thread(target=retry)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive(), "the retry must wait while the first request holds the key"
    # the first request committed (atomic's exit): the retry now gets its answer
    waiting.join(60)
    first.close()
    assert retry_answer == [(201, {"id": ticket.id})]
    assert ticket_count() == before + 1 and len(tickets_by_subject("Race:")) == 1
