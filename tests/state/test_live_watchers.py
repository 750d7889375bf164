"""Who gets live pushes, and the change counter, in memory (one worker) and in Redis (several)."""

import asyncio
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
