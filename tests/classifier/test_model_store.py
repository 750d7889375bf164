"""The saved classifier model: reused after a restart and by workers started together, and a file
planted in the cache folder is never executed (refused, and the model refitted)."""

import os
import pickle
import subprocess
import sys

import skops.io as sio

from support_app.services import training
from support_app.settings import PROJECT_ROOT
from support_app.services.ai import classifier as classifier_mod
from support_app.services.ai import model_store
from tests.classifier.test_learning import _database_with_history


class _Planted:
    """Runs code when unpickled or rebuilt: writes a marker file."""

    marker = None

    def __reduce__(self):
        return (open, (str(self.marker), "w"))

    def __setstate__(self, state):
        open(state["marker"], "w").close()


def _train(url):
    return training.train_from_database(url, budget_seconds=None, use_vector_store=False)


def test_saved_model_is_reused_and_is_not_a_pickle(classifier_env):
    url = f"sqlite:///{classifier_env / 'history.db'}"
    _database_with_history(url)
    _train(url)
    path = classifier_env / "classifier" / model_store.MODEL_FILE
    assert path.is_file() and path.read_bytes()[:2] == b"PK"  # a zip of JSON and arrays
    again = _train(url)
    assert again.predict("where is my parcel, tracking has not changed").category == "shipping_issue"
    assert model_store.load(path, "another training set") is None


def test_planted_files_are_never_executed(classifier_env):
    url = f"sqlite:///{classifier_env / 'history.db'}"
    _database_with_history(url)
    cache = classifier_env / "classifier"
    cache.mkdir(parents=True, exist_ok=True)
    marker = classifier_env / "pwned"
    _Planted.marker = marker
    # an old-format pickle, and a pickle under the new name
    (cache / "model.pkl").write_bytes(pickle.dumps({"fingerprint": "x", "model": _Planted()}))
    (cache / model_store.MODEL_FILE).write_bytes(pickle.dumps({"fingerprint": "x", "model": _Planted()}))
    classifier = _train(url)
    assert not marker.exists()
    assert classifier.predict("my card was charged twice").category == "payment_problem"

    # a real skops file whose object is of a type the app does not expect
    planted = _Planted()
    planted.__dict__["marker"] = str(marker)
    sio.dump({"fingerprint": "x", "model": planted}, cache / model_store.MODEL_FILE)
    assert model_store.load(cache / model_store.MODEL_FILE, "x") is None
    classifier = _train(url)
    assert not marker.exists()
    assert classifier.trained


def test_recent_embeddings_are_keyed_by_hash_and_bounded_in_bytes():
    import numpy as np

    from support_app.services.ai.embedding_cache import RecentEmbeddings

    cache = RecentEmbeddings(max_bytes=10 * 384 * 4)
    for i in range(50):
        cache.put(f"ticket {i} " + "x" * 10_000, np.full(384, i, dtype=np.float32))
    assert len(cache) == 10 and cache.bytes == 10 * 384 * 4
    assert cache.get("ticket 0 " + "x" * 10_000) is None
    assert cache.get("ticket 49 " + "x" * 10_000)[0] == 49
    assert all(isinstance(k, bytes) and len(k) == 32 for k in cache._items)  # sha256, not the text


TRAIN_IN_A_PROCESS = """
import sys
from support_app.services import training
from support_app.settings import PROJECT_ROOT
classifier = training.train_from_database(sys.argv[1], budget_seconds=None, use_vector_store=False)
print("loaded" if classifier.loaded_from_disk else "fitted", flush=True)
"""


def test_workers_started_together_fit_once_and_load_the_saved_model(classifier_env):
    """Three app workers starting at once: one fits the model, the other two wait for it and load it."""
    url = f"sqlite:///{classifier_env / 'history.db'}"
    _database_with_history(url)
    workers = [subprocess.Popen([sys.executable, "-c", TRAIN_IN_A_PROCESS, url], cwd=PROJECT_ROOT,
                                env=os.environ.copy(), stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = sorted(worker.communicate(timeout=600)[0].split()[-1] for worker in workers)
    assert [worker.returncode for worker in workers] == [0, 0, 0]
    assert outcomes == ["fitted", "loaded", "loaded"]
