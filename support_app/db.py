"""Database engine and sessions for the services layer (no Reflex imports)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from support_app.settings import get_settings


_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """The process's engine for `url` (default: DATABASE_URL as the settings say now), one per URL."""
    url = url or get_settings().database_url
    with _lock:
        if url not in _engines:
            _engines[url] = _create_engine(url)
        return _engines[url]


def dispose_engines() -> None:
    """Close every pooled connection and forget the engines (tests switching databases)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # pre-ping: a connection the server dropped (restart, failover, idle timeout) is replaced before use,
    # so the first request after a PostgreSQL restart succeeds instead of failing once per pooled connection
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_recycle=1800)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
