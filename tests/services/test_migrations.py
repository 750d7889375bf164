"""`alembic upgrade head` on an empty database yields exactly SQLModel.metadata."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import support_app.models  # noqa: F401
from support_app.migrations import upgrade_database
from tests.conftest import TEST_DATABASE_URL


def not_search_index(name, type_, _parent) -> bool:
    """The full-text index of migration 0012 lives outside the models (FTS5 table, GIN expression index)."""
    return not (name or "").startswith(("ticket_fts", "ix_ticket_search"))


def assert_schema_matches(url: str) -> None:
    upgrade_database(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        opts = {"compare_type": True, "include_name": not_search_index}
        diff = compare_metadata(MigrationContext.configure(connection, opts=opts), SQLModel.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == [], f"migrations and models differ: {diff}"
    assert {"ticket", "customer", "user", "ticketmessage", "ticketevent", "knowledgearticle",
            "knowledgearticleversion"} <= tables


def test_sqlite_schema_equals_models(tmp_path):
    assert_schema_matches(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="TEST_DATABASE_URL unset (.ci/run always sets it)")
def test_postgres_schema_equals_models(postgres_databases):
    name = postgres_databases.create("support_mig")
    try:
        assert_schema_matches(postgres_databases.url(name))
    finally:
        postgres_databases.drop(name)
