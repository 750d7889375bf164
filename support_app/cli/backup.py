"""Back up or restore the database (portable across SQLite and PostgreSQL).

    python -m support_app.cli.backup create OUT.tar.gz
    python -m support_app.cli.backup restore IN.tar.gz     # into an empty database, then reindex

`restore` migrates the target to the archive's schema revision, inserts every row, migrates to head and
rebuilds the vector store from the restored rows.
"""

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.util import CommandError

from support_app.db import get_engine, session_scope
from support_app.migrations import alembic_config, upgrade_database
from support_app.services import backup
from support_app.services.indexing import rebuild_all
from support_app.services.ai.vector_store import VectorStoreError, reset_vector_store
from support_app.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m support_app.cli.backup", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["create", "restore"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--database-url", help="defaults to DATABASE_URL")
    parser.add_argument("--no-reindex", action="store_true", help="restore: leave the vector store alone")
    args = parser.parse_args(argv)
    engine = get_engine(args.database_url)
    try:
        if args.action == "create":
            manifest = backup.create(engine, args.path)
        else:
            if not args.path.is_file():
                raise backup.BackupError(f"no such file: {args.path}")
            url = args.database_url or get_settings().database_url
            # the rows go in at the schema revision that wrote them; later migrations then run over them
            command.upgrade(alembic_config(url), backup.manifest_of(args.path).revision)
            manifest = backup.restore(engine, args.path)
            upgrade_database(url)
            if not args.no_reindex:
                reset_vector_store()
                with session_scope(args.database_url) as session:
                    counts = rebuild_all(session, progress=False)
                print("vector store: " + ", ".join(f"{name}: {n}" for name, n in counts.items()))
    except (backup.BackupError, CommandError, VectorStoreError) as exc:
        print(f"{args.action} failed: {exc}", file=sys.stderr)
        return 1
    rows = sum(manifest.tables.values())
    print(f"{args.action}: {rows} rows in {len(manifest.tables)} tables (schema revision {manifest.revision})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
