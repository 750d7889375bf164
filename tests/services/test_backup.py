"""`python -m support_app.cli.backup create/restore`: a seeded desk restored row for row, across databases."""

import tarfile
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, select, text
from sqlmodel import Session

from support_app.cli import backup as backup_cli
from support_app.db import dispose_engines, get_engine
from support_app.models import Customer, Ticket
from support_app.services import backup, tickets
from support_app.services.ai.vector_store import COLLECTIONS, get_vector_store, reset_vector_store
from support_app.settings import get_settings
from tests.conftest import DATABASES


def all_rows(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = {t.name: [tuple(r) for r in connection.execute(select(t).order_by(*t.primary_key.columns))]
                for t in backup.tables()}
    engine.dispose()
    return rows


def vector_counts() -> dict[str, int]:
    store = get_vector_store()
    return {name: store.count(name) for name in COLLECTIONS}


@pytest.fixture
def empty_target(request, database_url, tmp_path):
    """An empty database (no schema: the restore command migrates it) of the other kind than the source,
    so both directions SQLite -> PostgreSQL and PostgreSQL -> SQLite are tested (SQLite only without PG)."""
    if database_url.startswith("postgresql") or len(DATABASES) == 1:
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create("support_restore")
    yield databases.url(name)
    dispose_engines()
    databases.drop(name)


def use_fresh_vector_store(monkeypatch, path) -> None:
    monkeypatch.setenv("CHROMA_PERSIST_DIRECTORY", str(path))
    get_settings.cache_clear()
    reset_vector_store()


def test_restore_into_an_empty_database_is_row_for_row(seeded_db, empty_target, isolated_env, monkeypatch, capsys):
    source_url = get_settings().database_url
    expected_vectors = vector_counts()
    archive = isolated_env / "desk.tar.gz"
    assert backup_cli.main(["create", str(archive)]) == 0
    assert backup.manifest_of(archive).tables["ticket"] == seeded_db.exec(text("SELECT COUNT(*) FROM ticket")).one()[0]

    use_fresh_vector_store(monkeypatch, isolated_env / "restored-chroma")
    assert vector_counts() == {name: 0 for name in COLLECTIONS}
    assert backup_cli.main(["restore", str(archive), "--database-url", empty_target]) == 0

    source, restored = all_rows(source_url), all_rows(empty_target)
    assert sum(len(r) for r in source.values()) > 100
    for table, rows in source.items():
        assert restored[table] == rows, f"table {table} differs after restore"
    assert vector_counts() == expected_vectors  # rebuilt from the restored rows
    assert "rows in" in capsys.readouterr().out

    # the restored desk keeps working: new ids follow the restored ones, search finds restored tickets
    with Session(get_engine(empty_target)) as session:
        customer = Customer(email="new@example.com", name="New", created_at=datetime.now(timezone.utc))
        session.add(customer)
        session.commit()
        assert customer.id > max(row[0] for row in source["customer"])
        subject = source["ticket"][0][2]
        hits = tickets.list_tickets(session, tickets.TicketFilter(search=subject), page_size=100)
        assert subject in [t.subject for t in hits]


def test_restore_refuses_a_database_with_rows_and_changes_nothing(db, isolated_env, capsys):
    db.add(Customer(email="kept@example.com", name="Kept"))
    db.commit()
    archive = isolated_env / "desk.tar.gz"
    assert backup_cli.main(["create", str(archive)]) == 0
    before = all_rows(get_settings().database_url)
    assert backup_cli.main(["restore", str(archive), "--no-reindex"]) == 1
    assert "needs an empty database" in capsys.readouterr().err
    assert all_rows(get_settings().database_url) == before


def test_restore_refuses_foreign_files_and_other_schema_revisions(db, isolated_env, tmp_path, capsys):
    not_a_backup = tmp_path / "notes.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as archive:
        archive.add(__file__, arcname="notes.py")
    assert backup_cli.main(["restore", str(not_a_backup), "--no-reindex"]) == 1
    assert "not a support-desk backup" in capsys.readouterr().err
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"definitely not gzip")
    assert backup_cli.main(["restore", str(garbage), "--no-reindex"]) == 1
    assert "cannot read" in capsys.readouterr().err

    archive = tmp_path / "empty.tar.gz"
    assert backup_cli.main(["create", str(archive)]) == 0
    with pytest.raises(backup.BackupError, match="this database at 0001"):
        engine = get_engine()
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        backup.restore(engine, archive)
    assert db.exec(select(Ticket)).all() == []
