"""The app survives a restart of its PostgreSQL or its Redis without being restarted itself."""

import asyncio
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from support_app.db import session_scope
from support_app.migrations import upgrade_database
from support_app.services import customers, tickets
from tests.resilience.servers import PrivatePostgres, PrivateRedis


@pytest.fixture(scope="module")
def private_postgres():
    server = PrivatePostgres()
    yield server
    server.stop()


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    yield server
    server.stop()


@pytest.fixture
def app_on_private_postgres(private_postgres, tmp_path, monkeypatch):
    from tests.conftest import _clear_caches

    url = private_postgres.url()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CHROMA_PERSIST_DIRECTORY", str(tmp_path / "chroma"))
    _clear_caches()
    upgrade_database(url)
    yield url
    _clear_caches()


def server_started(session) -> str:
    return str(session.exec(text("SELECT pg_postmaster_start_time()")).one()[0])


def test_service_calls_work_right_after_a_postgres_restart(app_on_private_postgres, private_postgres):
    with session_scope() as session:  # fills the pool with live connections
        customers.get_or_create(session, "before@example.com", "Before")
        started = server_started(session)
        assert tickets.count_tickets(session, tickets.TicketFilter(search="nothing")) == 0

    private_postgres.restart()  # every pooled connection is now dead

    with session_scope() as session:  # the very next request, no retry by the caller
        customers.get_or_create(session, "after@example.com", "After")
        assert server_started(session) != started
    with session_scope() as session:
        assert customers.find_by_email(session, "before@example.com") is not None
        assert customers.find_by_email(session, "after@example.com") is not None


def test_without_pre_ping_the_first_request_after_a_restart_would_fail(private_postgres):
    """The control experiment: it is the pool's pre-ping that makes the test above pass."""
    engine = create_engine(private_postgres.url(), pool_pre_ping=False, pool_size=1)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    private_postgres.restart()
    with pytest.raises(OperationalError):
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    engine.dispose()


def test_reflex_redis_state_manager_works_right_after_a_redis_restart(private_redis, monkeypatch):
    """Reflex's own client (prerequisites.get_redis: retry_on_error) and StateManagerRedis, as the app builds them."""
    import reflex as rx
    from reflex.istate.manager.redis import StateManagerRedis
    from reflex.istate.manager.token import BaseStateToken
    from reflex.utils import prerequisites

    from support_app.state.session import SessionState

    monkeypatch.setattr(prerequisites, "parse_redis_url", lambda: private_redis.url)

    async def write_and_read(manager, value: str) -> str:
        token = BaseStateToken(ident=str(uuid.uuid4()), cls=rx.State)
        async with manager.modify_state(token) as root:
            (await root.get_state(SessionState)).session_token = value
        # read back the way every event does (under the state's lock): with the opportunistic lock
        # (rxconfig.py) the newest state may still be held by this worker rather than in Redis
        async with manager.modify_state(token) as root:
            return (await root.get_state(SessionState)).session_token

    async def scenario():
        manager = StateManagerRedis(redis=prerequisites.get_redis())
        assert await write_and_read(manager, "before") == "before"
        assert await manager.redis.dbsize() > 0
        private_redis.restart()  # without persistence: the stored UI state is gone, the client's sockets dead
        assert await manager.redis.dbsize() == 0  # a new server really answered
        assert await write_and_read(manager, "after-restart") == "after-restart"
        await manager.close()

    asyncio.run(scenario())
