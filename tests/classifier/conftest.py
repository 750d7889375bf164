"""Fixtures for the local classifier: a classifier trained once per session on the seeded sample
data (its own SQLite file and embedding cache), and per-test isolated settings."""

import pytest

from tests.conftest import _clear_caches


@pytest.fixture
def classifier_env(isolated_env, monkeypatch):
    """isolated_env plus a classifier embedding cache under tmp_path."""
    monkeypatch.setenv("CLASSIFIER_CACHE_DIR", str(isolated_env / "classifier"))
    _clear_caches()
    yield isolated_env
    _clear_caches()


@pytest.fixture(scope="session")
def seed_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("classifier-cache")


@pytest.fixture(scope="session")
def seeded_classifier(tmp_path_factory, seed_cache_dir):
    """Trained from a database that holds the sample data only (cold start)."""
    from sqlmodel import Session, SQLModel

    from support_app import models  # noqa: F401
    from support_app.services.training import train_from_database

    workdir = tmp_path_factory.mktemp("seeded")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", f"sqlite:///{workdir / 'seed.db'}")
        mp.setenv("CHROMA_PERSIST_DIRECTORY", str(workdir / "chroma"))
        mp.setenv("CLASSIFIER_CACHE_DIR", str(seed_cache_dir))
        mp.delenv("GOOGLE_API_KEY", raising=False)
        _clear_caches()
        from support_app.db import get_engine
        from support_app.services.seeding import seed_database

        engine = get_engine()
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            seed_database(session)
        classifier = train_from_database(budget_seconds=None, use_vector_store=False)
        _clear_caches()
    return classifier
