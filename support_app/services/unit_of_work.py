"""One service call, one transaction: `with atomic(session): ...` commits every step or none."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session


@contextmanager
def atomic(session: Session) -> Iterator[Session]:
    """Commit when the block ends; roll back everything it did when any step raises."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
