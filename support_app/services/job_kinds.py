"""The kinds of background job and the SQL sweeps that find owed work (see services/job_queue.py
for how to add one). Every handler is idempotent: it may run again after a worker died."""

import time

from sqlmodel import Session

from support_app.models import DocumentStatus, TriageState
from support_app.services import documents, mail, tickets, triage, webhooks
from support_app.services.errors import NotFoundError
from support_app.services.job_queue import job_kind, periodic
from support_app.services.jobs import enqueue
from support_app.settings import get_settings

FRESH_TICKET_SECONDS = 60  # a submission enqueues its own triage; the sweep only catches what that missed


class IndexingFailed(RuntimeError):
    """The vector store or the encoder refused the article (retried with backoff)."""


class StillClaimed(RuntimeError):
    """Another worker holds the ticket's triage claim (it may have died): try again later."""


def _session() -> Session:
    from support_app.db import get_engine

    return Session(get_engine(), expire_on_commit=False)


@job_kind("triage")
def triage_ticket(key: str) -> None:
    with _session() as session:
        try:
            ticket = triage.triage(session, int(key))
        except NotFoundError:
            return  # the ticket is gone: nothing is owed
        if ticket.triage_state == TriageState.running.value:
            raise StillClaimed(f"ticket #{key} is claimed by another triage run")


@job_kind("draft")
def regenerate_draft(key: str) -> None:
    """A fresh draft for the ticket as it is now (a change during the run fails it: retried)."""
    with _session() as session:
        try:
            ticket = tickets.get(session, int(key))
        except NotFoundError:
            return
        triage.regenerate_draft(session, ticket.id, ticket.version, triage.SYSTEM_ACTOR)


@job_kind("index_ticket")
def index_ticket(key: str) -> None:
    from support_app.services import indexing

    with _session() as session:
        try:
            ticket = tickets.get(session, int(key))
        except NotFoundError:
            indexing.remove_ticket(int(key))
            return
        indexing.index_ticket(ticket)


@job_kind("index_article")
def index_article(key: str) -> None:
    """Embed an article (published) or drop it from the store (otherwise); the outcome is shown in
    the editor (`index_error`), a failure raises so the job retries."""
    from support_app.services import knowledge
    from support_app.services import indexing

    with _session() as session:
        try:
            article = knowledge.index_now(session, int(key))
        except NotFoundError:
            indexing.remove_article(int(key))
            return
        if article.index_error:
            raise IndexingFailed(article.index_error)


@job_kind("index_document")
def index_document(key: str) -> None:
    """Split and embed an uploaded document; a failure (kept on the document for the admin) raises
    so the job retries."""
    try:
        document = documents.index_document(int(key))
    except NotFoundError:
        return  # deleted meanwhile: its passages went with it
    if document.status == DocumentStatus.failed.value:
        raise IndexingFailed(document.error)


@job_kind("webhook")
def deliver_webhooks(key: str) -> None:
    """Send the due webhook deliveries (each row keeps its own attempts and backoff, shown in the
    delivery log on /integrations)."""
    webhooks.deliver_due()


@job_kind("mail")
def deliver_mail(key: str) -> None:
    """Send the due outbox rows (each row carries its own attempts and backoff, shown on /outbox)."""
    mail.deliver_pending()


@job_kind("reconcile")
def reconcile_vector_store(key: str) -> None:
    from support_app.services import indexing

    with _session() as session:
        indexing.reconcile(session)


@periodic
def enqueue_waiting_triage(session: Session) -> None:
    """Tickets still waiting for triage (filed while no worker ran, or whose wake-up was lost)."""
    for ticket_id in triage.pending_ids(session, limit=200, min_age_seconds=FRESH_TICKET_SECONDS):
        enqueue(session, "triage", ticket_id, only_if_absent=True)


_last_reconcile = [0.0]


@periodic
def enqueue_reconcile(session: Session) -> None:
    every = get_settings().reconcile_seconds
    if every > 0 and time.monotonic() - _last_reconcile[0] >= every:
        _last_reconcile[0] = time.monotonic()
        enqueue(session, "reconcile", "all", only_if_absent=True)


@periodic
def enqueue_due_webhooks(session: Session) -> None:
    """Deliveries waiting for their next attempt (backoff) or whose wake-up was lost."""
    if webhooks.due_ids(session, limit=1):
        enqueue(session, "webhook", "due", only_if_absent=True)
