"""Full-text search over ticket subject and description (the queue's search box).

SQLite uses the FTS5 table `ticket_fts`, PostgreSQL the GIN index over
`to_tsvector('support_search', translate(subject || ' ' || description, ...))`, exactly as
migration 0012 created it (an expression index is only used when the query repeats its expression).
Both fold case and accents. Every word must match; the last one also matches as a prefix, so results
appear while typing. The user's text never reaches the query syntax: it is split into words, each
word is quoted, and the query travels as a bound parameter."""

import re

from sqlalchemy import bindparam, column, literal_column, select, table, text
from sqlalchemy.sql.elements import ColumnElement

from support_app.models import Ticket

WORD = re.compile(r"[^\W_]+")  # letters and digits, as both indexes split text
MAX_WORDS = 12
_FTS = table("ticket_fts", column("rowid"))
_PG_MATCH = text("to_tsvector('support_search'::regconfig, translate(ticket.subject || ' ' || ticket.description, "
                 "'-/._@:', '      ')) @@ to_tsquery('support_search'::regconfig, :ticket_search)")


def words(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_WORDS]


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every word a quoted string, the last one a prefix."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words(query)]
    if quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


def tsquery(query: str) -> str:
    """A to_tsquery expression: quoted words joined by AND, the last one a prefix."""
    quoted = ["'" + word.replace("'", "''").replace("\\", "\\\\") + "'" for word in words(query)]
    if quoted:
        quoted[-1] += ":*"
    return " & ".join(quoted)


def matches(query: str, dialect: str) -> ColumnElement[bool]:
    """The SQL condition "this ticket matches the search text" for the session's dialect."""
    if not words(query):
        return literal_column("1") == literal_column("0")  # only punctuation: nothing can match
    if dialect == "postgresql":
        return _PG_MATCH.bindparams(bindparam("ticket_search", tsquery(query)))
    if dialect == "sqlite":
        hits = select(_FTS.c.rowid).where(
            literal_column("ticket_fts").op("MATCH")(bindparam("ticket_search", fts5_query(query))))
        return Ticket.id.in_(hits)
    raise ValueError(f"no full-text search for the {dialect} database")
