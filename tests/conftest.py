"""Shared fixtures: every test that touches storage gets its own database and Chroma folder.

The database fixtures are parametrised: `sqlite` always, and `postgresql` when TEST_DATABASE_URL is set
(`.ci/run` always sets it). A PostgreSQL test gets a fresh database cloned from a template that the real
Alembic migrations built once per session (`CREATE DATABASE ... TEMPLATE`), dropped afterwards."""

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
DATABASES = ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]


def _clear_caches() -> None:
    from support_app.db import dispose_engines
    from support_app.settings import get_settings

    get_settings.cache_clear()
    dispose_engines()
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


class PostgresDatabases:
    """Creates and drops uniquely named databases on the TEST_DATABASE_URL server."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
        self.template: str | None = None

    def url(self, name: str) -> str:
        return self.base_url.rsplit("/", 1)[0] + "/" + name

    def create(self, prefix: str = "support_test", template: str | None = None) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def migrated_template(self) -> str:
        if self.template is None:
            from support_app.migrations import upgrade_database

            name = self.create("support_tmpl")
            try:
                upgrade_database(self.url(name))
            except Exception:
                self.drop(name)
                raise
            self.template = name
        return self.template

    def close(self) -> None:
        if self.template:
            self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases():
    """The PostgreSQL server of TEST_DATABASE_URL (only requested by `postgresql` parameters)."""
    assert TEST_DATABASE_URL, "only the postgresql parameter uses this fixture"
    databases = PostgresDatabases(TEST_DATABASE_URL)
    yield databases
    databases.close()


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    """A fresh database URL: a SQLite file in tmp_path, or a new PostgreSQL database already at head."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create(template=databases.migrated_template())
    url = databases.url(name)
    yield url
    databases.drop(name)


@pytest.fixture
def postgres_or_none(request, database_url):
    """An empty PostgreSQL database (no migrations yet) for the postgresql parameter; None for SQLite."""
    if database_url.startswith("sqlite"):
        yield None
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create("support_empty")
    yield databases.url(name)
    databases.drop(name)


@pytest.fixture
def isolated_env(database_url, tmp_path, monkeypatch) -> Path:
    """Point settings at a fresh database and vector store under tmp_path (no Gemini key)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CHROMA_PERSIST_DIRECTORY", str(tmp_path / "chroma"))
    monkeypatch.setenv("DOCUMENTS_DIRECTORY", str(tmp_path / "documents"))
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
    from support_app.services import indexing
    from support_app.services.seeding import seed_database

    seed_database(db)
    indexing.rebuild_all(db, progress=False)
    return db


def pytest_report_header(config):
    return [f"TEST_DATABASE_URL={TEST_DATABASE_URL or '(unset: database tests run on SQLite only)'}",
            f"TEST_REDIS_URL={os.environ.get('TEST_REDIS_URL') or '(unset: e2e runs the embedded configuration only)'}"]
