"""The Reflex app: pages are registered by importing their modules."""

import asyncio
import logging
import os
import time

import reflex as rx

from support_app import maintenance
from support_app.pages import account, analytics, knowledge, login, outbox, portal, queue, ticket  # noqa: F401
from support_app.production import check_ready

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


check_ready()  # SUPPORT_ENV=production: refuse to start while a demo password works
app = rx.App(stylesheets=["/styles.css"], theme=None)
app.register_lifespan_task(warm_up_ai)
app.register_lifespan_task(maintenance.loop)  # purge sessions and rate-limit rows, retry mail
