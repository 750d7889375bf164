"""Rebuild every vector-store collection from SQL: `python -m support_app.cli.reindex`.

Safe to run at any time (SQL is the source of truth), e.g. after deleting the Chroma folder.
"""

import argparse
import sys

from support_app.db import session_scope
from support_app.services import documents, knowledge
from support_app.services.indexing import rebuild_all
from support_app.services.ai.vector_store import VectorStoreError, reset_vector_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m support_app.cli.reindex", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="defaults to DATABASE_URL")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    reset_vector_store()
    try:
        with session_scope(args.database_url) as session:
            counts = rebuild_all(session, progress=not args.quiet)
            knowledge.mark_all_indexed(session)
            retried = documents.index_unindexed(session)
    except VectorStoreError as exc:
        print(f"reindex failed: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{name}: {n}" for name, n in counts.items())
          + (f"; documents indexed again: {retried}" if retried else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
