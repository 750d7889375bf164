"""`alembic upgrade head` on an empty database yields exactly SQLModel.metadata."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import support_app.models  # noqa: F401
from support_app.migrations import upgrade_database


def assert_schema_matches(url: str) -> None:
    upgrade_database(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                SQLModel.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == [], f"migrations and models differ: {diff}"
    assert {"ticket", "customer", "user", "ticketmessage", "ticketevent", "knowledgearticle",
            "knowledgearticleversion"} <= tables


def test_sqlite_schema_equals_models(tmp_path):
    assert_schema_matches(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.fixture
def postgres_url():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL migration test not run")
    name = f"support_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_postgres_schema_equals_models(postgres_url):
    assert_schema_matches(postgres_url)
