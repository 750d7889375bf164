"""Query results memoised for a few seconds, shared by the browsers one worker serves.

The live views' computed vars read through these caches with `load`, which runs the query on a
worker thread: the event loop keeps serving every other browser (a submit, a login, the next push)
while PostgreSQL answers, and the browsers that ask for the same key meanwhile share that one run."""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from support_app.state.worker_threads import run_query


class TtlCache:
    """Values memoised per key for `ttl` seconds; the least recently used go beyond `size` keys."""

    def __init__(self, size: int = 512, ttl: float = 30.0):
        self._entries: OrderedDict[tuple, tuple[float, asyncio.Future]] = OrderedDict()
        self.size, self.ttl = size, ttl

    async def load(self, key: tuple, query: Callable[[], object]):
        """The value for `key`: from the cache, from a run of `query` already under way, or from a
        new run on a worker thread. A failed run is forgotten, so the next caller tries again."""
        loop = asyncio.get_running_loop()
        hit = self._entries.get(key)
        if hit is not None and time.monotonic() - hit[0] < self.ttl and hit[1].get_loop() is loop:
            self._entries.move_to_end(key)
            run = hit[1]
        else:
            run = asyncio.ensure_future(run_query(query))
            self._entries[key] = (time.monotonic(), run)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        try:
            return await asyncio.shield(run)  # one caller cancelled does not cancel the others' run
        except Exception:
            if self._entries.get(key, (0, None))[1] is run:
                del self._entries[key]
            raise


class VersionCache(TtlCache):
    """Query results memoised per (change-signal version, key) for a few seconds.

    Every watching browser re-runs its queue vars when the version moves; browsers with the same
    filters on one backend worker share one query here. Any ticket change moves the version, so
    nothing stale is served beyond `ttl` seconds (SLA states drift with the clock, hence the limit)."""

    async def load(self, version: int, key: tuple, query: Callable[[], object]):  # type: ignore[override]
        if not version:  # a tab that has not linked yet: its version says nothing about freshness
            return await run_query(query)
        return await super().load((version, *key), query)
