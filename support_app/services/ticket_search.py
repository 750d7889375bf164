"""Full-text search over ticket subject and description (the queue's search box).

SQLite uses the FTS5 table `ticket_fts`, PostgreSQL the generated column `ticket.search_vector`
and its GIN index; both come from migration 0012 and live outside the models (the database keeps
them in sync, so no service has to).
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
_PG_MATCH = text("ticket.search_vector @@ to_tsquery('support_search'::regconfig, :ticket_search)")


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


def count_matches(session: Session, query: str, up_to: int | None = None) -> int:
    """How many tickets match (the queue's count when the search is its only filter); with
    `up_to`, counting stops there."""
    sqlite_fts = session.get_bind().dialect.name == "sqlite" and words(query)
    if up_to is not None:
        hits = select(_FTS.c.rowid).where(_fts5_match(query)) if sqlite_fts else \
            select(Ticket.id).where(matches(session, query))
        return session.exec(select(func.count()).select_from(hits.limit(up_to).subquery())).one()
    if sqlite_fts:
        return session.exec(select(func.count()).select_from(_FTS).where(_fts5_match(query))).one()
    # count(*) rather than count(id): PostgreSQL can then answer from the index and visibility map
    return session.exec(select(func.count()).select_from(Ticket).where(matches(session, query))).one()


def _fts5_match(query: str):
    return literal_column("ticket_fts").op("MATCH")(bindparam("ticket_search", fts5_query(query)))


def matches(session: Session, query: str, date_ordered_page: bool = False) -> ColumnElement[bool]:
    """The SQL condition "this ticket matches the search text" for the session's database.

    `date_ordered_page`: the condition serves one page (LIMIT) sorted by creation date. Walking the
    date index and checking each row finds a common word's newest matches at once, but reads the
    whole table for a rare one, and neither planner can tell which it is (FTS5 gives SQLite no
    estimate; PostgreSQL guesses rare words at 0.5% of rows). So we ask the index first: up to
    COMMON_HITS matching ids become the condition itself; beyond that the date index is walked."""
    if not words(query):
        return literal_column("1") == literal_column("0")  # only punctuation: nothing can match
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        match = _PG_MATCH.bindparams(bindparam("ticket_search", tsquery(query)))
        hits = select(Ticket.id).where(match)
    elif dialect == "sqlite":
        match = _fts5_match(query)
        hits = select(_FTS.c.rowid).where(match)
    else:
        raise ValueError(f"no full-text search for the {dialect} database")
    if date_ordered_page:
        few = list(session.exec(hits.limit(COMMON_HITS + 1)))
        if len(few) <= COMMON_HITS:
            return Ticket.id.in_(few)
        if dialect == "sqlite":  # "+" keeps SQLite from driving the query from the match list
            return literal_column("+ticket.id").in_(hits)
    return match if dialect == "postgresql" else Ticket.id.in_(hits)
