"""Live updates across browsers and backend workers.

Each browser holds its own change counter (`TicketSignal.version`, never ticket data); the lists
that show tickets are computed vars reading it. `announce_change` takes a new version and pushes it
to every watching browser (agents, logged-in customers) in its own short task, so each re-runs
only its own queries and nothing waits on a lock shared by everyone. When changes come faster than
a browser's pushes, the waiting versions collapse into one push of the newest.

Why not `rx.SharedState`: it fans out *every* event of a linked page (each keystroke, each preview)
to every linked browser, and serialises all of them on one lock; with a few agents that cost
hundreds of milliseconds per ticket (see README, "Live updates")."""

import asyncio
import logging
import time

import reflex as rx

from support_app.state import live_timing
from support_app.state.live_watchers import get_watchers
from support_app.state.session import SessionState
from support_app.state.version_cache import VersionCache

log = logging.getLogger(__name__)
_PUSHES: set[asyncio.Task] = set()  # keeps the fan-out tasks alive until they finish
_waiting: dict[str, int] = {}  # browser token -> newest version not yet pushed to it (this worker)
_delivering: set[str] = set()  # browsers with a push in flight from this worker
# Pushes to one browser start at least this far apart. A change after a quiet spell goes out at
# once; in a burst (fifty tickets in two seconds, each followed by its triage) the changes that
# arrive meanwhile collapse into one push, so every queue re-runs its queries a few times per
# second instead of once per change.
MIN_PUSH_INTERVAL = 0.15
_last_push: dict[str, float] = {}  # browser token -> when its latest push started (monotonic)


class TicketSignal(rx.State):
    version: int = 0

    @rx.event
    async def link(self):
        """Catch up with the current version (a new tab starts at 0), then watch ticket changes
        from this page on: agents and logged-in customers only (an anonymous visitor has no list
        to refresh)."""
        watchers = get_watchers()
        self.version = max(self.version, await watchers.current_version())
        session = await self.get_state(SessionState)
        if session._identity() is not None:
            await watchers.add(self.router.session.client_token)


def _app():
    from reflex_base.registry import RegistrationContext

    return RegistrationContext.get().app


async def _push(app, token: str, version: int) -> None:
    """Move one browser's counter forward; its computed vars re-run and the delta goes out."""
    from reflex.istate.manager.token import BaseStateToken

    namespace = app.event_namespace
    if namespace is None:
        return
    if not await namespace._token_manager.is_token_connected(token):
        await get_watchers().remove(token)
        return
    with live_timing.timed("push", version=version):
        async with app.modify_state(BaseStateToken(ident=token, cls=TicketSignal)) as root:
            signal = await root.get_state(TicketSignal)
            if version > signal.version:  # pushes may arrive out of order; never go back
                signal.version = version


async def _deliver(app, token: str) -> None:
    """Push the newest waiting version to one browser until none newer waits: at most one push per
    browser is in flight, at most one per MIN_PUSH_INTERVAL, and versions that arrive meanwhile
    collapse into the next one."""
    try:
        while token in _waiting:
            wait = _last_push.get(token, -MIN_PUSH_INTERVAL) + MIN_PUSH_INTERVAL - time.monotonic()
            if wait > 0:  # a burst of changes: let the next ones gather for a moment
                await asyncio.sleep(wait)
            version = _waiting.pop(token)
            _last_push[token] = time.monotonic()
            try:
                await _push(app, token, version)
            except Exception:  # this browser misses one refresh; the others go on
                log.warning("live push to one browser failed", exc_info=True)
    finally:
        _delivering.discard(token)


async def _fan_out(version: int, sender: str, app=None) -> None:
    app = app or _app()
    if len(_last_push) > 10_000:  # forget browsers whose last push is long past (it no longer delays anything)
        cutoff = time.monotonic() - MIN_PUSH_INTERVAL
        for token in [t for t, started in _last_push.items() if started < cutoff]:
            del _last_push[token]
    deliveries = []
    for token in await get_watchers().tokens():
        if token == sender:
            continue
        _waiting[token] = max(version, _waiting.get(token, 0))
        if token not in _delivering:
            _delivering.add(token)
            deliveries.append(_deliver(app, token))
    await asyncio.gather(*deliveries)


async def announce_change(state: rx.State) -> None:
    """Tell every watching browser that tickets changed (call after the commit, from any handler)."""
    version = await get_watchers().next_version()
    signal = await state.get_state(TicketSignal)
    signal.version = version  # this browser refreshes with the handler's own update
    task = asyncio.create_task(_fan_out(version, state.router.session.client_token))
    _PUSHES.add(task)
    task.add_done_callback(_PUSHES.discard)


async def announce_from_backend(app: rx.App) -> None:
    """The same from outside any event handler (e.g. a background job finished a triage): every
    watching browser gets the new version."""
    version = await get_watchers().next_version()
    await _fan_out(version, sender="", app=app)


query_cache = VersionCache()
