"""Live updates across browsers and backend workers.

Each browser holds its own change counter (`TicketSignal.version`, never ticket data); the lists
that show tickets are computed vars reading it. `announce_change` takes a new version and pushes it
to every watching browser (agents, logged-in customers) in its own short task, so each re-runs
only its own queries and nothing waits on a lock shared by everyone. With several workers the
version is published on Redis and each worker pushes to the browsers connected to it. When changes
come faster than a browser's pushes, the waiting versions collapse into one push of the newest.

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
CATCH_UP_SECONDS = 5.0  # several workers: how often a worker checks it has relayed the newest change


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


def _local_tokens(app) -> set[str]:
    """The browsers whose socket is connected to this worker."""
    namespace = app.event_namespace
    if namespace is None:
        return set()
    manager = namespace._token_manager
    return {token for token, socket in list(manager.token_to_socket.items())
            if socket.instance_id == manager.instance_id}


async def _fan_out(version: int, sender: str, app=None, local_only: bool = False) -> None:
    app = app or _app()
    if len(_last_push) > 10_000:  # forget browsers whose last push is long past (it no longer delays anything)
        cutoff = time.monotonic() - MIN_PUSH_INTERVAL
        for token in [t for t, started in _last_push.items() if started < cutoff]:
            del _last_push[token]
    tokens = await get_watchers().tokens()
    if local_only:
        local = _local_tokens(app)
        tokens = [token for token in tokens if token in local]
    deliveries = []
    for token in tokens:
        if token == sender:
            continue
        _waiting[token] = max(version, _waiting.get(token, 0))
        if token not in _delivering:
            _delivering.add(token)
            deliveries.append(_deliver(app, token))
    await asyncio.gather(*deliveries)


async def _spread(version: int, sender: str, app=None) -> None:
    """Send a new version on its way: with one worker straight to every watching browser; with
    several, published once so that each worker pushes to the browsers connected to it (their
    state is updated where their socket is, and each worker's queries serve its own browsers)."""
    watchers = get_watchers()
    if watchers.shared:
        await watchers.publish(version, sender)
    else:
        await _fan_out(version, sender, app)


async def announce_change(state: rx.State) -> None:
    """Tell every watching browser that tickets changed (call after the commit, from any handler)."""
    version = await get_watchers().next_version()
    signal = await state.get_state(TicketSignal)
    signal.version = version  # this browser refreshes with the handler's own update
    task = asyncio.create_task(_spread(version, state.router.session.client_token))
    _PUSHES.add(task)
    task.add_done_callback(_PUSHES.discard)


async def announce_from_backend(app: rx.App) -> None:
    """The same from outside any event handler (e.g. a background job finished a triage): every
    watching browser gets the new version."""
    version = await get_watchers().next_version()
    await _spread(version, sender="", app=app)


async def relay_changes(app: rx.App) -> None:
    """With several workers: push every published change to the browsers connected to this worker
    (a lifespan task in each worker; it listens again when Redis comes back). Every
    CATCH_UP_SECONDS it also compares the shared counter with the newest version it relayed, so a
    change whose message was lost (Redis restarted, the subscription was being renewed) still
    reaches this worker's browsers, a few seconds late."""
    watchers = get_watchers()
    if not watchers.shared:
        return
    relayed = [await _current_or_zero(watchers)]

    def relay(version: int, sender: str) -> None:
        relayed[0] = max(relayed[0], version)
        task = asyncio.create_task(_fan_out(version, sender, app, local_only=True))
        _PUSHES.add(task)
        task.add_done_callback(_PUSHES.discard)

    async def catch_up() -> None:
        while True:
            await asyncio.sleep(CATCH_UP_SECONDS)
            current = await _current_or_zero(watchers)
            if current > relayed[0]:
                relay(current, "")

    catching_up = asyncio.create_task(catch_up())
    try:
        while True:
            try:
                async for version, sender in watchers.changes():
                    relay(version, sender)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away: listen again shortly
                log.warning("live change relay lost Redis; listening again", exc_info=True)
            await asyncio.sleep(1)
    finally:
        catching_up.cancel()


async def _current_or_zero(watchers) -> int:
    try:
        return await watchers.current_version()
    except Exception:  # Redis is down: nothing to catch up with until it is back
        return 0


query_cache = VersionCache()
