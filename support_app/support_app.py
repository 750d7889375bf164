"""The Reflex app: pages are registered by importing their modules."""

import asyncio
import logging
import os
import sys
import time

import reflex as rx

from support_app import maintenance
from support_app.pages import (  # noqa: F401
    account, analytics, integrations, jobs, knowledge, login, outbox, portal, queue, ticket,
)
from support_app.api.app import root_app
from support_app.production import check_ready
from support_app.web_security import SecurityHeaders

log = logging.getLogger(__name__)


async def warm_up_ai() -> None:
    from support_app.services.ai.pipeline import warm_up

    start = time.perf_counter()
    try:
        await asyncio.to_thread(warm_up)
    except Exception:  # the app still serves; the first ticket will retry the load
        log.exception("AI warm-up failed")
        return
    # Printed for operators and for the end-to-end tests, which wait for it.
    print(f"AI engine ready in {time.perf_counter() - start:.1f} s (worker pid {os.getpid()})", flush=True)


JOB_YIELD_SECONDS = 2.0
TICKET_JOBS = ("triage", "draft")  # when one of these finishes, open ticket lists refresh


def _refresh_browsers_from(loop: asyncio.AbstractEventLoop):
    """A callable for any thread that makes every watching browser refresh (state/live.py)."""
    from support_app.state.live import announce_from_backend

    def log_failure(future) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.error("live refresh failed", exc_info=future.exception())

    def refresh() -> None:
        asyncio.run_coroutine_threadsafe(announce_from_backend(app), loop).add_done_callback(log_failure)
    return refresh


async def relay_api_changes() -> None:
    """Ticket writes through /api refresh open queues and ticket pages like the pages' own writes."""
    from support_app.services import change_feed

    change_feed.on_tickets_changed(_refresh_browsers_from(asyncio.get_running_loop()))


async def relay_live_changes() -> None:
    """Several workers: this worker pushes every published ticket change to its own browsers."""
    from support_app.state.live import relay_changes

    await relay_changes(app)


async def job_consumer() -> None:
    """Run this process's share of the background jobs (services/job_queue.py): JOB_WORKERS consumer
    threads, and every JOB_SWEEP_SECONDS a sweep that re-enqueues due or abandoned work."""
    from support_app.services import job_queue
    from support_app.settings import get_settings
    from support_app.state.live import announce_from_backend
    from support_app.state.worker_threads import wait_for_saves

    settings = get_settings()
    if settings.job_queue_immediate:
        return
    refresh = _refresh_browsers_from(asyncio.get_running_loop())

    def refresh_browsers(kind: str, key: str) -> None:
        if kind in TICKET_JOBS:
            refresh()

    async def relay_finished_jobs() -> None:
        """With Redis, jobs finished by any process (dedicated workers too) refresh the browsers."""
        while True:
            try:
                async for kind, _ in job_queue.finished_jobs():
                    if kind in TICKET_JOBS:
                        await announce_from_backend(app)
            except Exception:  # Redis went away: listen again shortly
                log.exception("finished-jobs relay failed")
            await asyncio.sleep(5)

    relay = asyncio.create_task(relay_finished_jobs()) if settings.job_queue_url else None
    if relay is None:
        job_queue.on_finished(refresh_browsers)
    consumer = None
    if settings.job_workers > 0:
        # a rush of submissions is saved before it is triaged (a job waits at most JOB_YIELD_SECONDS)
        job_queue.before_each_job(lambda: wait_for_saves(JOB_YIELD_SECONDS))
        consumer = await asyncio.to_thread(job_queue.start_embedded_consumer, settings.job_workers)
    try:
        while True:
            try:
                await asyncio.to_thread(job_queue.sweep)
            except Exception:  # the next sweep tries again
                log.exception("job sweep failed")
            await asyncio.sleep(settings.job_sweep_seconds)
    finally:
        if relay is not None:
            relay.cancel()
        if consumer is not None:
            consumer.stop()


async def check_remote_engine() -> None:
    """Ask Gemini once whether the configured model answers (no request without GOOGLE_API_KEY)."""
    from support_app.services.ai.pipeline import check_remote_engine as check

    try:
        status = await asyncio.to_thread(check)
    except Exception:  # the pipeline still falls back per ticket
        log.exception("AI engine check failed")
        return
    print(f"AI engine status: {status.state} ({status.message})", flush=True)


check_ready()  # SUPPORT_ENV=production: refuse to start while a demo password works
# The event loop (every browser's updates) shares the GIL with the AI threads (preview, triage jobs):
# take it back every millisecond instead of every 5, so a busy triage delays live updates less.
sys.setswitchinterval(0.001)
app = rx.App(stylesheets=["/styles.css"], theme=None,
             api_transformer=[root_app(), SecurityHeaders])  # /api (FastAPI) first, then headers on all
app.register_lifespan_task(warm_up_ai)
app.register_lifespan_task(job_consumer)
app.register_lifespan_task(relay_api_changes)
app.register_lifespan_task(relay_live_changes)
app.register_lifespan_task(check_remote_engine)
app.register_lifespan_task(maintenance.loop)  # purge sessions and rate-limit rows, retry mail
