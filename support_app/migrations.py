"""Apply or reset the schema with Alembic (the same migrations `make run` and the tests use)."""

import shutil

from alembic import command
from alembic.config import Config
from sqlmodel import SQLModel

from support_app.settings import PROJECT_ROOT, get_settings


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["url"] = url or get_settings().database_url
    config.attributes["configure_logger"] = False
    return config


def upgrade_database(url: str | None = None) -> None:
    url = url or get_settings().database_url
    if url.startswith("sqlite:///"):
        from pathlib import Path
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


def reset_database(url: str | None = None) -> None:
    """Drop every table (and the vector store folder) so seeding starts over."""
    from sqlalchemy import text

    from support_app.db import get_engine

    engine = get_engine(url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        if engine.dialect.name == "sqlite":  # the search index of migration 0012 (its triggers went with ticket)
            connection.execute(text("DROP TABLE IF EXISTS ticket_fts"))
    settings = get_settings()
    if not settings.chroma_host and settings.chroma_persist_directory.exists():
        shutil.rmtree(settings.chroma_persist_directory)
