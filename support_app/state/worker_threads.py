"""Threads for the blocking work page handlers start, one pool per kind of work.

asyncio's default pool is shared by everything that calls `asyncio.to_thread`; when fifty customers
type at once, their AI previews (CPU-bound, tens of milliseconds each) fill it and a ticket being
saved or a login waits behind them. So each kind has its own pool:

- saves: one thread on SQLite, which admits one writer at a time anyway (several threads would
  only wait in SQLite's busy handler, which sleeps up to 100 ms between tries); eight on PostgreSQL
  (a save is mostly round trips: with four, the saves of a rush waited for a thread);
- accounts: password hashing (argon2 runs outside the GIL), so a login flood never delays a save;
- queries: the reads of the live views (queue rows and counts, the viewer's identity), so the
  event loop never blocks while the database answers; four threads;
- previews: one thread. Previews are CPU-bound and share the GIL with everything else in the
  process; each extra thread doing CPU work makes every database call of a save wait longer for
  the GIL (measured with `cli.load`, 50 customers + 20 agents, one worker: submit -> visible in the
  queues p95 1.05-1.25 s with two preview threads, 0.61-0.70 s with one)."""

import asyncio
import functools
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from support_app.settings import get_settings


@lru_cache(maxsize=None)
def _pool(kind: str) -> ThreadPoolExecutor:
    if kind == "save":
        size = 1 if get_settings().database_url.startswith("sqlite") else 8
    else:
        size = {"account": 4, "query": 4, "preview": 1}[kind]
    return ThreadPoolExecutor(max_workers=size, thread_name_prefix=kind)


# A forked backend worker has none of its parent's threads: it builds its own pools (the app's
# compile step, in the parent, already evaluates the queue's vars and so creates a query pool).
os.register_at_fork(after_in_child=_pool.cache_clear)


async def _run(kind: str, fn: Callable, args: tuple):
    return await asyncio.get_running_loop().run_in_executor(_pool(kind), functools.partial(fn, *args))


_saves_pending = 0  # saves queued or running in this process (changed on the event loop only)


async def run_save(fn: Callable, *args):
    """Database writes a person is waiting for (saving a ticket)."""
    global _saves_pending
    _saves_pending += 1
    try:
        return await _run("save", fn, args)
    finally:
        _saves_pending -= 1


def saves_pending() -> bool:
    return _saves_pending > 0


def wait_for_saves(max_seconds: float) -> None:
    """On a thread doing CPU-heavy work (a preview, a job): let the pending saves go first, since
    every thread of the process shares the GIL; gives up after `max_seconds`."""
    deadline = time.monotonic() + max_seconds
    while _saves_pending > 0 and time.monotonic() < deadline:
        time.sleep(0.01)


async def run_account(fn: Callable, *args):
    """Account work that hashes a password (log in, register, reset)."""
    return await _run("account", fn, args)


async def run_query(fn: Callable, *args):
    """Database reads a live view re-runs on every push (see state/version_cache.py)."""
    return await _run("query", fn, args)


async def run_preview(fn: Callable, *args):
    """AI work shown while a customer types: it may wait; saves never wait for it."""
    return await _run("preview", fn, args)
