"""The Reflex app: pages are registered by importing their modules."""

import asyncio
import logging
import os
import time

import reflex as rx

from support_app.pages import analytics, knowledge, login, portal, queue, ticket  # noqa: F401

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


async def check_remote_engine() -> None:
    """Ask Gemini once whether the configured model answers (no request without GOOGLE_API_KEY)."""
    from support_app.services.ai.pipeline import check_remote_engine as check

    try:
        status = await asyncio.to_thread(check)
    except Exception:  # the pipeline still falls back per ticket
        log.exception("AI engine check failed")
        return
    print(f"AI engine status: {status.state} ({status.message})", flush=True)


app = rx.App(stylesheets=["/styles.css"], theme=None)
app.register_lifespan_task(warm_up_ai)
app.register_lifespan_task(check_remote_engine)
