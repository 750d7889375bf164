"""Full-text search over ticket subject and description (the queue's search box).

SQLite uses the FTS5 table `ticket_fts`, PostgreSQL the GIN index over
`to_tsvector('support_search', translate(subject || ' ' || description, ...))`, exactly as
migration 0012 created it (an expression index is only used when the query repeats its expression).
Both fold case and accents. Every word must match; the last one also matches as a prefix, so results
appear while typing. The user's text never reaches the query syntax: it is split into words, each
word is quoted, and the query travels as a bound parameter."""

import re

from sqlalchemy import bindparam, column, func, literal_column, table, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from support_app.models import Ticket

WORD = re.compile(r"[^\W_]+")  # letters and digits, as both indexes split text
MAX_WORDS = 12
COMMON_HITS = 2000
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


def count_matches(session: Session, query: str) -> int:
    """How many tickets match (the queue's count when the search is its only filter)."""
    if session.get_bind().dialect.name == "sqlite" and words(query):
        return session.exec(select(func.count()).select_from(_FTS).where(_fts5_match(query))).one()
    return session.exec(select(func.count(Ticket.id)).where(matches(session, query))).one()


def _fts5_match(query: str):
    return literal_column("ticket_fts").op("MATCH")(bindparam("ticket_search", fts5_query(query)))


def matches(session: Session, query: str, date_ordered_page: bool = False) -> ColumnElement[bool]:
    """The SQL condition "this ticket matches the search text" for the session's database.

    `date_ordered_page`: the condition serves a page (LIMIT) sorted by creation date. PostgreSQL's planner picks between the
    GIN index and walking the date index from its statistics; SQLite cannot estimate an FTS5 match, so
    for a common word (more than COMMON_HITS matches) we tell it to walk the date index and test
    membership ("+ticket.id" keeps it from driving the query from the match list)."""
    if not words(query):
        return literal_column("1") == literal_column("0")  # only punctuation: nothing can match
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _PG_MATCH.bindparams(bindparam("ticket_search", tsquery(query)))
    if dialect == "sqlite":
        match = _fts5_match(query)
        hits = select(_FTS.c.rowid).where(match)
        if date_ordered_page and session.exec(select(func.count()).select_from(_FTS).where(match)).one() > COMMON_HITS:
            return literal_column("+ticket.id").in_(hits)
        return Ticket.id.in_(hits)
    raise ValueError(f"no full-text search for the {dialect} database")
