"""The classifier's saved model is unpickled only when it carries this app's HMAC."""

import pickle
from pathlib import Path

import numpy as np
import pytest

from support_app.services.ai import signed_pickle
from support_app.services.ai.classifier import TicketClassifier


class Planted:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_signed_file_round_trips_and_a_wrong_key_is_refused(tmp_path):
    path = tmp_path / "model.pkl"
    signed_pickle.dump({"fingerprint": "f1", "model": [1, 2]}, path, b"key one")
    assert signed_pickle.load(path, b"key one") == {"fingerprint": "f1", "model": [1, 2]}
    with pytest.raises(signed_pickle.UntrustedFile):
        signed_pickle.load(path, b"key two")


@pytest.mark.parametrize("forge", ["plain pickle", "tampered payload"])
def test_planted_pickle_never_runs(tmp_path, forge):
    marker, path = tmp_path / "pwned", tmp_path / "model.pkl"
    if forge == "plain pickle":
        path.write_bytes(pickle.dumps({"fingerprint": "f", "model": Planted(marker)}))
    else:
        signed_pickle.dump({"fingerprint": "f", "model": None}, path, b"secret")
        data = path.read_bytes()
        payload = pickle.dumps({"fingerprint": "f", "model": Planted(marker)})
        path.write_bytes(data[:len(signed_pickle.MAGIC) + signed_pickle.DIGEST_SIZE] + payload)
    with pytest.raises(signed_pickle.UntrustedFile):
        signed_pickle.load(path, b"secret")
    classifier = TicketClassifier()
    assert classifier.load_model(path, "f", [], np.zeros((0, 384), np.float32), b"secret") is False
    assert not marker.exists()
