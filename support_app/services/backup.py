"""Portable backup and restore of the whole database: one JSON-lines file per table in a tar.gz.

Table-driven over SQLModel.metadata (a table added later is included without code here), so a backup
taken on SQLite restores into PostgreSQL and back. The archive records the Alembic revision; a restore
refuses an archive from another revision, and refuses a database that already holds rows. The vector
store is not archived: it is rebuilt from the restored rows (services/indexing.rebuild_all)."""

import base64
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, Table, func, insert, select, text
from sqlmodel import SQLModel

import support_app.models  # noqa: F401  (registers every table)

FORMAT = "support-desk-backup/1"
BATCH = 1000


class BackupError(Exception):
    """The archive cannot be restored here; nothing was changed."""


@dataclass
class Manifest:
    revision: str
    tables: dict[str, int]


def tables() -> list[Table]:
    """Every model table, parents before children (the order restores must insert in)."""
    return list(SQLModel.metadata.sorted_tables)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _to_json(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _python_type(column) -> type | None:
    """The Python type of a column, looking through TypeDecorators such as UTCDateTime."""
    type_ = column.type
    type_ = getattr(type_, "impl_instance", type_)
    try:
        return type_.python_type
    except NotImplementedError:
        return None


def _from_json(value, kind: type | None):
    if value is None or kind is None:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is Decimal:
        return Decimal(value)
    if kind is bytes:
        return base64.b64decode(value)
    return value


def create(engine: Engine, out: Path) -> Manifest:
    """Write every row of every model table to `out` (a .tar.gz); returns what was written."""
    revision = current_revision(engine)
    if revision is None:
        raise BackupError("the database has no schema (run the migrations first)")
    counts: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, engine.connect() as connection, \
            tarfile.open(out, "w:gz") as archive:
        for table in tables():
            path = Path(tmp) / f"{table.name}.jsonl"
            names = [c.name for c in table.columns]
            query = select(table).order_by(*table.primary_key.columns)
            with path.open("w", encoding="utf-8") as handle:
                n = 0
                for row in connection.execution_options(yield_per=BATCH).execute(query):
                    handle.write(json.dumps({k: _to_json(v) for k, v in zip(names, row)}, ensure_ascii=False))
                    handle.write("\n")
                    n += 1
            counts[table.name] = n
            archive.add(path, arcname=f"tables/{table.name}.jsonl")
        manifest = json.dumps({"format": FORMAT, "alembic_revision": revision, "tables": counts}, indent=1)
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest.encode())
        archive.addfile(info, io.BytesIO(manifest.encode()))
    return Manifest(revision, counts)


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        data = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("not a support-desk backup (no readable manifest.json)") from exc
    if data.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {data.get('format')!r} (expected {FORMAT})")
    return Manifest(data["alembic_revision"], data["tables"])


def open_archive(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from exc


def manifest_of(source: Path) -> Manifest:
    with open_archive(source) as archive:
        return read_manifest(archive)


def restore(engine: Engine, source: Path) -> Manifest:
    """Insert every row of the archive into an empty database at the archive's revision, in one transaction."""
    with open_archive(source) as archive:
        manifest = read_manifest(archive)
        revision = current_revision(engine)
        if revision != manifest.revision:
            raise BackupError(f"the backup is at schema revision {manifest.revision}, this database at "
                              f"{revision}; restore with the app version that wrote it, or migrate first")
        known = {t.name: t for t in tables()}
        unknown = set(manifest.tables) - set(known)
        if unknown:
            raise BackupError(f"the backup holds tables this app does not know: {sorted(unknown)}")
        with engine.begin() as connection:
            filled = [t.name for t in known.values()
                      if connection.execute(select(func.count()).select_from(t)).scalar_one()]
            if filled:
                raise BackupError(f"restore needs an empty database; these tables hold rows: {filled}")
            for table in tables():
                if table.name in manifest.tables:
                    _insert_rows(connection, table, archive.extractfile(f"tables/{table.name}.jsonl"))
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection)
    return manifest


def _insert_rows(connection, table: Table, handle) -> None:
    kinds = {c.name: _python_type(c) for c in table.columns}
    batch = []
    for line in io.TextIOWrapper(handle, encoding="utf-8"):
        row = json.loads(line)
        batch.append({k: _from_json(v, kinds[k]) for k, v in row.items()})
        if len(batch) >= BATCH:
            connection.execute(insert(table), batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)


def _reset_sequences(connection) -> None:
    """Explicit ids do not advance PostgreSQL's sequences: move each past the restored rows."""
    for table in tables():
        for column in table.primary_key.columns:
            if _python_type(column) is int:
                connection.execute(text(
                    f'SELECT setval(pg_get_serial_sequence(:table, :column), '
                    f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'),
                    {"table": f'"{table.name}"', "column": column.name})
