"""Query results memoised per change-signal version, shared by the browsers one worker serves."""

import time
from collections import OrderedDict


class VersionCache:
    """Query results memoised per (change-signal version, key) for a few seconds.

    Every watching browser re-runs its queue vars when the version moves; browsers with the same
    filters on one backend worker share one query here. Any ticket change moves the version, so
    nothing stale is served beyond `ttl` seconds (SLA states drift with the clock, hence the limit)."""

    def __init__(self, size: int = 512, ttl: float = 30.0):
        self._entries: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
        self.size, self.ttl = size, ttl

    def get(self, version: int, key: tuple, compute):
        if not version:  # a tab that has not linked yet: its version says nothing about freshness
            return compute()
        full_key = (version, *key)
        hit = self._entries.get(full_key)
        if hit is not None and time.monotonic() - hit[0] < self.ttl:
            self._entries.move_to_end(full_key)
            return hit[1]
        value = compute()
        self._entries[full_key] = (time.monotonic(), value)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return value
