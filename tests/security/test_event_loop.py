"""A login flood does not stall other users: the handlers hash passwords on worker threads
(`state.session.run_service`), so the event loop keeps serving while logins are checked."""

import asyncio
import time

import pytest

from support_app.services import auth
from support_app.services.errors import PermissionDenied


def test_password_checks_run_off_the_event_loop(db):
    from support_app.state.session import run_service

    auth.create_user(db, "sam@example.com", "correct horse", verified=True)
    start = time.perf_counter()
    with pytest.raises(PermissionDenied):
        auth.login(db, "sam@example.com", "wrong password")
    one_check = time.perf_counter() - start

    async def flood():
        stalls, done = [], False

        async def other_user():  # what every other browser's events need: a turn on the loop
            while not done:
                tick = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - tick - 0.005)

        watcher = asyncio.create_task(other_user())
        results = await asyncio.gather(*[run_service(auth.login, "sam@example.com", f"guess {n}", f"10.1.0.{n}")
                                         for n in range(4)], return_exceptions=True)
        done = True
        await watcher
        return results, stalls

    results, stalls = asyncio.run(flood())
    assert all(isinstance(r, PermissionDenied) for r in results)
    assert max(stalls) < max(0.5 * one_check, 0.02), (one_check, max(stalls))
