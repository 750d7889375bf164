"""ticket full-text search

SQLite: an FTS5 table over ticket subject and description (unicode61, diacritics removed), kept in
sync by triggers. PostgreSQL: a generated tsvector column `search_vector` with a GIN index, where
`support_search` is the 'simple' configuration plus unaccent (when the extension is available).
The names here are mirrored in support_app/services/ticket_search.py.

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-25 23:00:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE ticket_fts USING fts5(subject, description, content='ticket', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER ticket_fts_insert AFTER INSERT ON ticket BEGIN "
    "INSERT INTO ticket_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description); END",
    "CREATE TRIGGER ticket_fts_delete AFTER DELETE ON ticket BEGIN "
    "INSERT INTO ticket_fts(ticket_fts, rowid, subject, description) "
    "VALUES ('delete', old.id, old.subject, old.description); END",
    "CREATE TRIGGER ticket_fts_update AFTER UPDATE OF subject, description ON ticket BEGIN "
    "INSERT INTO ticket_fts(ticket_fts, rowid, subject, description) "
    "VALUES ('delete', old.id, old.subject, old.description); "
    "INSERT INTO ticket_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description); END",
    "INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS ticket_fts_update", "DROP TRIGGER IF EXISTS ticket_fts_delete",
               "DROP TRIGGER IF EXISTS ticket_fts_insert", "DROP TABLE IF EXISTS ticket_fts"]

POSTGRES_CONFIG = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'support_search') THEN
    CREATE TEXT SEARCH CONFIGURATION support_search (COPY = simple);
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
      CREATE EXTENSION IF NOT EXISTS unaccent;
      ALTER TEXT SEARCH CONFIGURATION support_search
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
  END IF;
END $$;
"""
# translate(): PostgreSQL's parser would read "ORD-004711" as the word ORD and the number -004711, and
# keep e-mail addresses, paths and numbers like 1.5 whole; splitting on these marks finds the parts, as FTS5 does.
# A stored column rather than an expression index: checking a row is then cheap whichever plan the
# planner picks, and ANALYZE keeps per-word statistics for it (rare words use the GIN index).
POSTGRES_COLUMN = ("ALTER TABLE ticket ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                   "(to_tsvector('support_search'::regconfig, translate(subject || ' ' || description, "
                   "'-/._@:', '      '))) STORED")
POSTGRES_INDEX = "CREATE INDEX ix_ticket_search ON ticket USING gin (search_vector)"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(POSTGRES_CONFIG)
        op.execute(POSTGRES_COLUMN)
        op.execute(POSTGRES_INDEX)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_ticket_search")
        op.execute("ALTER TABLE ticket DROP COLUMN IF EXISTS search_vector")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS support_search")
