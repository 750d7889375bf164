"""Housekeeping every backend worker runs once a minute (a Reflex lifespan task): purge expired or
idle sessions, used links, old rate-limit rows and idempotency keys; retry mail that is due
(webhook deliveries are retried by their job, services/job_kinds.py). Safe to run in several
workers at once (deletes are idempotent, mail rows are claimed before sending)."""

import asyncio
import logging

log = logging.getLogger(__name__)
EVERY_SECONDS = 60


def run_once() -> int:
    """One round; returns how many mails were sent."""
    from support_app.db import session_scope
    from support_app.services import auth, idempotency, mail

    with session_scope() as session:
        auth.purge_expired(session)
        idempotency.purge(session)
    sent = mail.deliver_pending()
    return sent


async def loop() -> None:
    while True:
        try:
            await asyncio.to_thread(run_once)
        except Exception:  # the next round retries
            log.exception("maintenance round failed")
        await asyncio.sleep(EVERY_SECONDS)
