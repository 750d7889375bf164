"""Which browsers watch ticket changes, the change counter, and how a change reaches every worker,
for `state/live.py`.

One backend worker keeps all of it in memory. Several workers (REFLEX_REDIS_URL) keep it in the
Redis that already holds Reflex's state: a sorted set of client tokens (score: when the page
linked), a counter, and a pub/sub channel on which each change is announced to every worker, so
that each worker pushes to the browsers connected to it. Keys carry a hash of DATABASE_URL, so two
deployments sharing one Redis never mix."""

import hashlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from functools import lru_cache

from support_app.settings import get_settings

WATCH_SECONDS = 24 * 3600  # a page that has not (re)loaded for a day stops being pushed to


class MemoryWatchers:
    def __init__(self):
        self._tokens: dict[str, float] = {}
        # Seeded from the clock, so a restarted worker never hands out a version a browser has seen.
        self._versions = itertools.count(time.time_ns() // 1000)

    async def add(self, token: str) -> None:
        self._tokens[token] = time.time()

    async def remove(self, token: str) -> None:
        self._tokens.pop(token, None)

    async def tokens(self) -> list[str]:
        cutoff = time.time() - WATCH_SECONDS
        for token in [t for t, seen in self._tokens.items() if seen < cutoff]:
            del self._tokens[token]
        return list(self._tokens)

    async def next_version(self) -> int:
        self._current = next(self._versions)
        return self._current

    async def current_version(self) -> int:
        return getattr(self, "_current", 0) or await self.next_version()

    shared = False  # one worker: the announcing worker pushes to every browser itself


class RedisWatchers:
    shared = True  # several workers: a change is published, and each worker pushes to its own browsers

    def __init__(self, redis, namespace: str):
        self.redis = redis
        self.tokens_key, self.version_key = f"{namespace}:watchers", f"{namespace}:version"
        self.channel = f"{namespace}:changes"

    async def add(self, token: str) -> None:
        await self.redis.zadd(self.tokens_key, {token: time.time()})

    async def remove(self, token: str) -> None:
        await self.redis.zrem(self.tokens_key, token)

    async def tokens(self) -> list[str]:
        await self.redis.zremrangebyscore(self.tokens_key, "-inf", time.time() - WATCH_SECONDS)
        return [t.decode() if isinstance(t, bytes) else t for t in await self.redis.zrange(self.tokens_key, 0, -1)]

    async def next_version(self) -> int:
        await self.redis.set(self.version_key, time.time_ns() // 1000, nx=True)
        return int(await self.redis.incr(self.version_key))

    async def current_version(self) -> int:
        current = await self.redis.get(self.version_key)
        return int(current) if current is not None else await self.next_version()

    async def publish(self, version: int, sender: str) -> None:
        await self.redis.publish(self.channel, json.dumps({"version": version, "sender": sender}))

    async def changes(self) -> AsyncIterator[tuple[int, str]]:
        """(version, sender) of every change any worker publishes from now on."""
        pubsub = self.redis.pubsub()
        try:
            await pubsub.subscribe(self.channel)
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    change = json.loads(message["data"])
                    yield int(change["version"]), str(change.get("sender", ""))
        finally:
            await pubsub.aclose()


def namespace(database_url: str | None = None) -> str:
    digest = hashlib.sha256((database_url or get_settings().database_url).encode()).hexdigest()[:12]
    return f"support-live:{digest}"


@lru_cache(maxsize=1)
def get_watchers() -> MemoryWatchers | RedisWatchers:
    from reflex.istate.manager import get_state_manager
    from reflex.istate.manager.redis import StateManagerRedis

    manager = get_state_manager()
    if isinstance(manager, StateManagerRedis):
        return RedisWatchers(manager.redis, namespace())
    return MemoryWatchers()
