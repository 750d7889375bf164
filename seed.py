"""Load the sample data: `python seed.py` (idempotent) or `python seed.py --reset` (start over).

Applies migrations first, then inserts the missing sample rows and rebuilds the vector store.
Demo accounts (demo data only): customer@example.com, agent@example.com, admin@example.com,
password demo1234.
"""

import argparse
import sys

from tqdm import tqdm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="drop all data and seed from scratch")
    parser.add_argument("--if-empty", action="store_true", help="seed only when there are no tickets yet")
    args = parser.parse_args(argv)

    from support_app.settings import get_settings

    if get_settings().is_production:
        print("SUPPORT_ENV=production: seed.py never loads demo data or demo accounts. Create the first "
              "admin with: .venv/bin/python -m support_app.admin create-admin EMAIL", file=sys.stderr)
        return 0 if args.if_empty else 1

    from support_app.db import session_scope
    from support_app.migrations import reset_database, upgrade_database
    from support_app.services import seeding, tickets

    if args.reset:
        reset_database()
    upgrade_database()
    with session_scope() as session:
        if args.if_empty and tickets.count(session) > 0:
            print("Database already has tickets: seeding skipped.")
            _reindex_if_vector_store_empty(session)
            return 0
        with tqdm(total=seeding.seed_size(), desc="Seeding sample data", unit="row") as bar:
            added = seeding.seed_database(session, progress=bar.update)
        print("Added: " + ", ".join(f"{n} {kind}" for kind, n in added.items()))
        if any(added.values()):
            from support_app.services import indexing
            indexing.rebuild_all(session, progress=True)
    return 0


def _reindex_if_vector_store_empty(session) -> None:
    """After an upgrade to another encoder the collections (named by encoder) start empty: fill them
    from SQL once, so `make run` on an existing database keeps its retrieval."""
    from support_app.services import indexing
    from support_app.services.ai.vector_store import KNOWLEDGE_BASE, get_vector_store

    try:
        if get_vector_store().count(KNOWLEDGE_BASE) == 0:
            print("Vector store is empty (new encoder or deleted folder): rebuilding it from SQL.")
            indexing.rebuild_all(session, progress=True)
    except Exception as exc:  # noqa: BLE001 - the app still starts; `reindex` repairs it later
        print(f"Vector store not checked ({type(exc).__name__}); run `python -m support_app.cli.reindex`.")


if __name__ == "__main__":
    sys.exit(main())
