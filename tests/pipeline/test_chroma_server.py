"""The scale-out path: a real Chroma server (`chroma run`, shipped with chromadb) over HTTP."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support_app.services import knowledge


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chroma CLI comes with chromadb (requirements.txt)"
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert proc.poll() is None, (tmp_path / "chroma.log").read_text()
        time.sleep(0.3)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_articles_are_indexed_and_found_through_a_chroma_server(db, chroma_server, monkeypatch, isolated_env):
    from support_app.services.ai.embeddings import get_embedder
    from support_app.services.ai.retrieval import Retriever
    from support_app.services.ai.types import TicketInput
    from support_app.services.ai.vector_store import get_vector_store, reset_vector_store

    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    from support_app.settings import get_settings
    get_settings.cache_clear()
    reset_vector_store()
    knowledge.save(db, "admin@example.com", "Gift cards",
                   "Gift cards never expire. A lost gift card code can be re-sent from the account page.")
    retriever = Retriever(get_vector_store(), get_embedder())
    query = TicketInput(subject="Lost gift card code", description="I lost the code of my gift card.")
    assert [hit.title for hit in retriever.articles(retriever.embed(query), k=1)] == ["Gift cards"]
    assert not (isolated_env / "chroma").exists(), "nothing may be written to the embedded store"
    assert any((isolated_env / "server-data").iterdir()), "the server holds the collection"
