"""`alembic upgrade head` on an empty database yields exactly SQLModel.metadata."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import support_app.models  # noqa: F401
from support_app.migrations import upgrade_database


def not_search_index(name, type_, _parent) -> bool:
    """The full-text index of migration 0012 lives outside the models (FTS5 table; tsvector column + GIN)."""
    return not (name or "").startswith(("ticket_fts", "ix_ticket_search", "search_vector"))


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


def test_schema_equals_models(database_url):
    """On SQLite from an empty file; on PostgreSQL the per-session template the migrations built."""
    assert_schema_matches(database_url)
