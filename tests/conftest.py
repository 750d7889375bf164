"""Shared fixtures: every test that touches storage gets its own SQLite file and Chroma folder."""

import os
from pathlib import Path

import pytest
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _clear_caches() -> None:
    from support_app.db import get_engine
    from support_app.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()
    for module, name in [("support_app.services.ai.pipeline", "reset_pipeline"),
                         ("support_app.services.ai.classifier", "reset_classifier"),
                         ("support_app.services.learning", "reset"),
                         ("support_app.services.ai.vector_store", "reset_vector_store"),
                         ("support_app.services.job_queue", "reset_queue")]:
        try:
            reset = getattr(__import__(module, fromlist=[name]), name)
        except (ImportError, AttributeError):
            continue
        reset()


@pytest.fixture
def isolated_env(tmp_path, monkeypatch) -> Path:
    """Point settings at a fresh database and vector store under tmp_path (no Gemini key)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.setenv("CHROMA_PERSIST_DIRECTORY", str(tmp_path / "chroma"))
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    # Background jobs run at once in the caller, unless a test is about the queue itself.
    monkeypatch.setenv("JOB_QUEUE_IMMEDIATE", "1")
    monkeypatch.delenv("JOB_QUEUE_URL", raising=False)
    _clear_caches()
    yield tmp_path
    _clear_caches()


@pytest.fixture
def db(isolated_env) -> Session:
    """A migrated, empty database session (migrations are the real Alembic ones)."""
    from support_app.db import get_engine
    from support_app.migrations import upgrade_database

    upgrade_database()
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def seeded_db(db) -> Session:
    from support_app.services.ai import indexing
    from support_app.services.seeding import seed_database

    seed_database(db)
    indexing.rebuild_all(db, progress=False)
    return db


def pytest_report_header(config):
    return [f"TEST_DATABASE_URL={os.environ.get('TEST_DATABASE_URL', '(unset: PostgreSQL tests skip)')}",
            f"TEST_REDIS_URL={os.environ.get('TEST_REDIS_URL', '(unset: Redis tests skip)')}"]
