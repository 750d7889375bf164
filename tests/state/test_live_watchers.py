"""Who gets live pushes, and the change counter, in memory (one worker) and in Redis (several)."""

import asyncio
import time
import os
import uuid

import pytest

from support_app.state.live_watchers import MemoryWatchers, RedisWatchers


async def _exercise(watchers) -> None:
    await watchers.add("tab-a")
    await watchers.add("tab-b")
    await watchers.add("tab-a")  # a page reload links again: still one entry
    assert sorted(await watchers.tokens()) == ["tab-a", "tab-b"]
    await watchers.remove("tab-a")
    assert await watchers.tokens() == ["tab-b"]
    first = await watchers.next_version()
    assert await watchers.next_version() == first + 1
    assert await watchers.current_version() == first + 1  # what a newly opened tab starts from


def test_memory_watchers_track_tokens_and_count_up():
    asyncio.run(_exercise(MemoryWatchers()))


def test_a_restarted_worker_never_reuses_a_version():
    earlier = asyncio.run(MemoryWatchers().next_version())
    assert asyncio.run(MemoryWatchers().next_version()) > earlier


def test_redis_watchers_are_shared_between_workers_and_namespaced():
    import redis.asyncio as redis

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set")

    async def run():
        client = redis.Redis.from_url(url)
        ns = f"support-live-test:{uuid.uuid4().hex}"
        try:
            await _exercise(RedisWatchers(client, ns))
            other_worker, other_app = RedisWatchers(client, ns), RedisWatchers(client, ns + "-other")
            assert await other_worker.tokens() == ["tab-b"]
            assert await other_app.tokens() == []
            a, b = await RedisWatchers(client, ns).next_version(), await other_worker.next_version()
            assert b == a + 1
        finally:
            await client.delete(f"{ns}:watchers", f"{ns}:version", f"{ns}-other:watchers")
            await client.aclose()

    asyncio.run(run())


def test_changes_faster_than_a_browser_takes_them_collapse_into_the_newest(monkeypatch):
    """One push in flight per browser; versions arriving meanwhile become one push of the newest."""
    from support_app.state import live

    watchers = MemoryWatchers()
    pushed: list[tuple[str, int]] = []

    async def slow_push(_app, token, version):
        await asyncio.sleep(0.05)
        pushed.append((token, version))

    monkeypatch.setattr(live, "get_watchers", lambda: watchers)
    monkeypatch.setattr(live, "_app", lambda: None)
    monkeypatch.setattr(live, "_push", slow_push)

    async def run():
        for token in ("agent-1", "agent-2", "sender"):
            await watchers.add(token)
        first = asyncio.create_task(live._fan_out(1, "sender"))
        await asyncio.sleep(0.01)  # version 1 is on its way to both agents
        await asyncio.gather(first, live._fan_out(2, "sender"), live._fan_out(3, "sender"))

    asyncio.run(run())
    assert sorted(pushed) == [("agent-1", 1), ("agent-1", 3), ("agent-2", 1), ("agent-2", 3)]
    assert not live._waiting and not live._delivering


def test_a_burst_of_changes_reaches_a_browser_as_few_pushes_spaced_apart_ending_with_the_newest(monkeypatch):
    """Ten changes 20 ms apart: the first goes out at once, the rest gather between pushes that
    start MIN_PUSH_INTERVAL apart, and the browser ends on the newest version."""
    from support_app.state import live

    watchers = MemoryWatchers()
    pushed: list[tuple[float, int]] = []

    async def instant_push(_app, token, version):
        pushed.append((time.monotonic(), version))

    monkeypatch.setattr(live, "get_watchers", lambda: watchers)
    monkeypatch.setattr(live, "_app", lambda: None)
    monkeypatch.setattr(live, "_push", instant_push)

    async def run():
        await watchers.add("agent")
        fan_outs = []
        for version in range(1, 11):
            fan_outs.append(asyncio.create_task(live._fan_out(version, "sender")))
            await asyncio.sleep(0.02)
        await asyncio.gather(*fan_outs)

    asyncio.run(run())
    versions = [version for _, version in pushed]
    assert versions[0] == 1 and versions[-1] == 10 and versions == sorted(versions)
    assert len(pushed) <= 3  # 10 changes within 0.2 s: at most one push per 0.15 s
    starts = [started for started, _ in pushed]
    assert all(later - earlier >= live.MIN_PUSH_INTERVAL - 0.01 for earlier, later in zip(starts, starts[1:]))
    assert not live._waiting and not live._delivering


def test_a_new_tab_never_gets_a_cached_answer_before_it_has_a_version():
    from support_app.state.live import VersionCache

    cache, calls = VersionCache(), []

    async def ask() -> None:
        for _ in range(2):
            await cache.load(0, ("rows",), lambda: calls.append(1))
            await cache.load(7, ("rows",), lambda: calls.append(1))

    asyncio.run(ask())
    assert len(calls) == 3  # version 0 every time, version 7 once


def test_each_worker_relays_published_changes_to_its_own_browsers_and_catches_up_on_lost_ones(monkeypatch):
    """Several workers: a published change reaches every worker's relay, which fans it out to its
    local browsers only; a change whose message was lost (the counter moved, nothing published) is
    picked up by the periodic catch-up."""
    import redis.asyncio as redis

    from support_app.state import live

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set")
    fanned: list[tuple[int, str, bool]] = []

    async def record_fan_out(version, sender, app=None, local_only=False):
        fanned.append((version, sender, local_only))

    monkeypatch.setattr(live, "_fan_out", record_fan_out)
    monkeypatch.setattr(live, "CATCH_UP_SECONDS", 0.2)

    async def wait_for(predicate, timeout=5.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, fanned
            await asyncio.sleep(0.02)

    async def run():
        client = redis.Redis.from_url(url)
        ns = f"support-live-test:{uuid.uuid4().hex}"
        watchers = RedisWatchers(client, ns)
        monkeypatch.setattr(live, "get_watchers", lambda: watchers)
        relays = [asyncio.create_task(live.relay_changes(app=None)) for _ in range(2)]  # two workers
        try:
            await asyncio.sleep(0.3)  # both subscribed
            version = await watchers.next_version()
            await live._spread(version, "customer-tab")
            await wait_for(lambda: fanned.count((version, "customer-tab", True)) == 2)
            lost = await watchers.next_version()  # moved, but its message never went out
            await wait_for(lambda: fanned.count((lost, "", True)) == 2)
        finally:
            for relay in relays:
                relay.cancel()
            await asyncio.gather(*relays, return_exceptions=True)
            await client.delete(f"{ns}:version")
            await client.aclose()

    asyncio.run(run())
