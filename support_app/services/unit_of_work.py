"""One service call, one transaction: `with atomic(session): ...` commits every step or none.

Blocks nest: an inner `atomic` joins the outer one, so a caller can put several service calls
(e.g. a new ticket, its triage job and the idempotency record of the request) in one commit."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

_DEPTH = "atomic_depth"


@contextmanager
def atomic(session: Session) -> Iterator[Session]:
    """Commit when the outermost block ends; roll back everything it did when any step raises."""
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth
