"""The pipeline tests' fixtures (real SQLite and Chroma in tmp_path), shared with the security tests."""

from tests.pipeline.conftest import (  # noqa: F401 (fixtures)
    articles, chroma_dir, customer, db_url, indexed, isolated_settings, make_ticket, session, store,
)
