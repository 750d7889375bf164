"""Which browsers watch ticket changes, and the change counter, for `state/live.py`.

One backend worker keeps both in memory. Several workers (REFLEX_REDIS_URL) keep them in the Redis
that already holds Reflex's state: a sorted set of client tokens (score: when the page linked) and
a counter. Keys carry a hash of DATABASE_URL, so two deployments sharing one Redis never mix."""

import hashlib
import itertools
import time
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


class RedisWatchers:
    def __init__(self, redis, namespace: str):
        self.redis = redis
        self.tokens_key, self.version_key = f"{namespace}:watchers", f"{namespace}:version"

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
