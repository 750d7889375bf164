"""The caches the live views read through (state/version_cache.py) and the threads they and the
portal run on (state/worker_threads.py): queries run off the event loop, browsers asking for the
same key at once share one run, a failure is not remembered, and CPU-heavy work lets pending saves
go first."""

import asyncio
import threading
import time

import pytest

from support_app.state import worker_threads
from support_app.state.version_cache import TtlCache, VersionCache


def test_callers_asking_for_the_same_key_at_once_share_one_query_run_off_the_event_loop():
    cache, runs, loop_thread = TtlCache(), [], []

    def query() -> str:
        runs.append(threading.get_ident())
        time.sleep(0.1)  # PostgreSQL answering
        return "rows"

    async def ask_together():
        loop_thread.append(threading.get_ident())
        ticks = 0

        async def tick():  # the event loop stays free for other browsers meanwhile
            nonlocal ticks
            for _ in range(5):
                await asyncio.sleep(0.01)
                ticks += 1

        *answers, _ = await asyncio.gather(*(cache.load(("rows", 1), query) for _ in range(7)), tick())
        return answers, ticks

    answers, ticks = asyncio.run(ask_together())
    assert answers == ["rows"] * 7 and len(runs) == 1
    assert runs[0] != loop_thread[0] and ticks == 5


def test_a_failed_query_is_not_remembered_and_a_version_cache_keys_by_version():
    cache, runs = VersionCache(ttl=30), []

    def flaky() -> int:
        runs.append(1)
        if len(runs) == 1:
            raise ConnectionError("the database restarted")
        return len(runs)

    async def ask():
        with pytest.raises(ConnectionError):
            await cache.load(5, ("total",), flaky)
        assert await cache.load(5, ("total",), flaky) == 2  # tried again, not the stored failure
        assert await cache.load(5, ("total",), flaky) == 2  # now cached for version 5
        assert await cache.load(6, ("total",), flaky) == 3  # a new version asks the database

    asyncio.run(ask())


def test_an_entry_expires_after_its_ttl():
    cache, runs = TtlCache(ttl=0.05), []

    async def ask():
        first = await cache.load(("identity", "tok"), lambda: runs.append(1) or len(runs))
        again = await cache.load(("identity", "tok"), lambda: runs.append(1) or len(runs))
        await asyncio.sleep(0.08)
        later = await cache.load(("identity", "tok"), lambda: runs.append(1) or len(runs))
        return first, again, later

    assert asyncio.run(ask()) == (1, 1, 2)


def test_cpu_heavy_work_waits_for_pending_saves_but_not_forever():
    release = threading.Event()
    waited: list[float] = []

    def slow_save() -> str:
        release.wait(5)
        return "saved"

    def preview() -> None:  # what a preview thread or an in-process job does before it starts
        start = time.monotonic()
        worker_threads.wait_for_saves(3.0)
        waited.append(time.monotonic() - start)

    async def rush():
        save = asyncio.create_task(worker_threads.run_save(slow_save))
        await asyncio.sleep(0.05)
        assert worker_threads.saves_pending()
        other = threading.Thread(target=preview)
        other.start()
        await asyncio.sleep(0.3)
        assert not waited, "the preview must not start while a save is pending"
        release.set()
        assert await save == "saved"
        await asyncio.to_thread(other.join, 5)
        assert not worker_threads.saves_pending()

    asyncio.run(rush())
    assert 0.3 <= waited[0] < 2.0

    start = time.monotonic()
    worker_threads._saves_pending += 1  # a save that never finishes: the wait gives up
    try:
        worker_threads.wait_for_saves(0.2)
    finally:
        worker_threads._saves_pending -= 1
    assert 0.2 <= time.monotonic() - start < 1.0
