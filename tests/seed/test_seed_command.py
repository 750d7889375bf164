"""`seed.py --if-empty` on an existing database refills an empty vector store from SQL (after an
upgrade to another encoder the collections, named by encoder, start empty)."""

import shutil
import subprocess
import sys

from support_app.services.ai.vector_store import KNOWLEDGE_BASE, TICKETS, VectorStore
from tests.conftest import ROOT


def _run_seed(env) -> str:
    done = subprocess.run([sys.executable, "seed.py", "--if-empty"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_if_empty_rebuilds_a_missing_vector_store_and_leaves_a_full_one_alone(isolated_env):
    import os

    env = {**os.environ, "CLASSIFIER_CACHE_DIR": str(isolated_env / "classifier")}
    assert "Added:" in _run_seed(env)
    shutil.rmtree(isolated_env / "chroma")

    assert "rebuilding it from SQL" in _run_seed(env)
    store = VectorStore.from_settings()
    assert store.count(KNOWLEDGE_BASE) > 0 and store.count(TICKETS) > 0

    assert "rebuilding" not in _run_seed(env)
