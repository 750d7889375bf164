"""SQL expressions on stored UTC timestamps that SQLite and PostgreSQL spell differently.

SQLite keeps `UTCDateTime` values as text in UTC ("YYYY-MM-DD HH:MM:SS.ffffff", as SQLAlchemy writes
them); PostgreSQL as `timestamptz`, read here in UTC whatever the session's TimeZone is.
"""

from collections.abc import Sequence

import numpy as np
from sqlalchemy import BigInteger, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement):
    """The UTC calendar day of a timestamp as "YYYY-MM-DD"."""

    type = String()
    inherit_cache = True


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw):
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


class micros_between(FunctionElement):
    """Whole microseconds from the second timestamp to the first (NULL when either is NULL), exact."""

    type = BigInteger()
    inherit_cache = True


@compiles(micros_between, "sqlite")
def _micros_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    # SQLite's date functions keep milliseconds only, so whole seconds (julianday's difference is
    # within 1e-4 s of them: rounded, exact) and microseconds (padded when shorter) are read apart.
    def micros(ts: str) -> str:
        return f"CAST(substr({ts} || '000000', 21, 6) AS INTEGER)"
    seconds = f"round((julianday(substr({later}, 1, 19)) - julianday(substr({earlier}, 1, 19))) * 86400)"
    return f"(CAST({seconds} AS INTEGER) * 1000000 + {micros(later)} - {micros(earlier)})"


@compiles(micros_between, "postgresql")
def _micros_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM {later} - {earlier}) * 1000000 AS BIGINT)"


class stored_instant(FunctionElement):
    """A timestamp as `instants` reads it: SQLite's stored UTC text as is (numpy parses it exactly,
    several times cheaper than SQLite's date functions), PostgreSQL's whole microseconds since the
    epoch."""

    inherit_cache = True


@compiles(stored_instant, "sqlite")
def _instant_sqlite(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(stored_instant, "postgresql")
def _instant_postgresql(element, compiler, **kw):
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) * 1000000 AS BIGINT)"


def instants(values: Sequence, dialect: str) -> np.ndarray:
    """`stored_instant` values as UTC datetime64[us] (NULL: NaT), to the microsecond."""
    if dialect == "sqlite":
        return np.array(["NaT" if v is None else v for v in values], dtype="datetime64[us]")
    nat = np.iinfo(np.int64).min  # NaT's representation
    return np.array([nat if v is None else v for v in values], dtype=np.int64).view("datetime64[us]")
