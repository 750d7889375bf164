"""Live updates across browsers and backend workers.

Every page links this shared state to one token. It holds only a change counter (never ticket
data: everything a shared state holds reaches every linked browser). Computed vars that read it
re-run in every linked browser when it changes, so lists refresh without a reload.
"""

import time
from collections import OrderedDict

import reflex as rx

LIVE_TOKEN = "ticket-changes"


class TicketSignal(rx.SharedState):
    version: int = 0

    @rx.event
    async def link(self):
        await self._link_to(LIVE_TOKEN)


async def announce_change(state: rx.State) -> None:
    """Tell every open browser that tickets changed (call from any event handler)."""
    signal = await state.get_state(TicketSignal)
    signal.version += 1


async def announce_from_backend(app: rx.App) -> None:
    """The same from outside any event handler (e.g. a background job finished a triage)."""
    async with app.modify_state(rx.BaseStateToken(ident=LIVE_TOKEN, cls=TicketSignal)) as root:
        signal = await root.get_state(TicketSignal)
        signal.version += 1


class VersionCache:
    """Query results memoised per (change-signal version, key) for a few seconds.

    Reflex may re-run a computed var that reads the shared signal even when the signal did not
    move; with 100k tickets the queue's counts cost hundreds of milliseconds, so each backend
    worker answers repeats from here. Any ticket change moves the version, so nothing stale is
    served beyond `ttl` seconds (SLA states drift with the clock, hence the time limit)."""

    def __init__(self, size: int = 512, ttl: float = 30.0):
        self._entries: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
        self.size, self.ttl = size, ttl

    def get(self, version: int, key: tuple, compute):
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


query_cache = VersionCache()
