"""Optional timing marks for the live-update path (submit → signal → queue re-query).

Off unless LIVE_TIMINGS=1: then each mark is one `live-timing {json}` line on stdout (the app log),
with wall-clock times so `python -m support_app.cli.bench_live` can line them up with the clicks
and renders it measures in the browser."""

import json
import time
from contextlib import contextmanager

from support_app.settings import get_settings

PREFIX = "live-timing "


def enabled() -> bool:
    return get_settings().live_timings


def mark(step: str, **fields) -> None:
    if enabled():
        print(PREFIX + json.dumps({"step": step, "t": time.time(), **fields}), flush=True)


@contextmanager
def timed(step: str, **fields):
    """Mark `step` with its start time `t0` and end time `t` (nothing when timings are off)."""
    if not enabled():
        yield fields
        return
    start = time.time()
    yield fields  # the block may add fields (e.g. whether it was answered from the cache)
    print(PREFIX + json.dumps({"step": step, "t0": start, "t": time.time(), **fields}), flush=True)
