"""The Reflex app: pages are registered by importing their modules."""

import asyncio
import logging
import os
import sys
import time

import reflex as rx

from support_app import maintenance
from support_app.pages import account, analytics, knowledge, login, outbox, portal, queue, ticket  # noqa: F401
from support_app.production import check_ready
from support_app.web_security import SecurityHeaders

log = logging.getLogger(__name__)


def _warm_up_ai() -> None:
    """Load the embedding model and train the classifier before the first ticket arrives."""
    from support_app.services.ai.pipeline import get_pipeline
    from support_app.services.ai.types import TicketInput

    get_pipeline().local.analyze(TicketInput(subject="warm-up", description="Where is my order?"))


async def warm_up_ai() -> None:
    start = time.perf_counter()
    try:
        await asyncio.to_thread(_warm_up_ai)
    except Exception:  # the app still serves; the first ticket will retry the load
        log.exception("AI warm-up failed")
        return
    # Printed for operators and for the end-to-end tests, which wait for it.
    print(f"AI engine ready in {time.perf_counter() - start:.1f} s (worker pid {os.getpid()})", flush=True)


FRESH_TICKET_SECONDS = 60  # the browser that filed a ticket triages it at once; the sweep leaves it that long


def _triage_pending() -> int:
    from support_app.db import session_scope
    from support_app.services import triage

    with session_scope() as session:
        return triage.triage_pending(session, min_age_seconds=FRESH_TICKET_SECONDS)


async def triage_sweep() -> None:
    """Triage tickets still waiting in SQL (filed while no worker ran, or left by a worker that
    stopped mid-way): at start, then every TRIAGE_SWEEP_SECONDS. Safe with several workers."""
    from support_app.settings import get_settings

    while True:
        try:
            count = await asyncio.to_thread(_triage_pending)
            if count:
                log.info("triaged %d waiting ticket(s)", count)
        except Exception:  # the next sweep tries again
            log.exception("triage sweep failed")
        await asyncio.sleep(get_settings().triage_sweep_seconds)


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
# The event loop (every browser's updates) shares the GIL with the AI threads (preview, triage):
# take it back every millisecond instead of every 5, so a busy triage delays live updates less.
sys.setswitchinterval(0.001)
app = rx.App(stylesheets=["/styles.css"], theme=None, api_transformer=SecurityHeaders)
app.register_lifespan_task(warm_up_ai)
app.register_lifespan_task(triage_sweep)
app.register_lifespan_task(check_remote_engine)
app.register_lifespan_task(maintenance.loop)  # purge sessions and rate-limit rows, retry mail
