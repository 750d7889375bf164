"""Embeddings computed once per ticket text and kept: a small in-memory cache of the texts embedded
last (shared by analysis and retrieval; keyed by sha256, bounded in bytes) and the classifier's
on-disk cache of training embeddings (one .npz by text hash, float16)."""

import hashlib
import logging
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from support_app.services.ai.embeddings import DIMENSIONS

log = logging.getLogger(__name__)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class RecentEmbeddings:
    """The embeddings of the texts embedded last (analysis and retrieval of one ticket, the live
    preview while a customer types), keyed by the text's sha256 and bounded in bytes: a flood of
    long or distinct texts cannot grow it past `max_bytes`."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: "OrderedDict[bytes, np.ndarray]" = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()

    def get(self, text: str) -> np.ndarray | None:
        key = self.key(text)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, text: str, vector: np.ndarray) -> None:
        key = self.key(text)
        vector = np.array(vector, dtype=np.float32)  # a copy: callers may reuse their array
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old.nbytes
            self._items[key] = vector
            self.bytes += vector.nbytes
            while self.bytes > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self.bytes -= dropped.nbytes

    def __len__(self) -> int:
        return len(self._items)


RECENT_MAX_BYTES = 2 * 1024 * 1024  # ~1,000 ticket embeddings
_recent = RecentEmbeddings(RECENT_MAX_BYTES)


def embed_texts(texts: list[str], embedder=None) -> np.ndarray:
    """Sentence embeddings, remembering the last texts embedded (so analysis and retrieval of the
    same ticket embed it once)."""
    if embedder is None:
        from support_app.services.ai.embeddings import get_embedder

        embedder = get_embedder()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing = []
    for i, text in enumerate(texts):
        hit = _recent.get(text)
        if hit is None:
            missing.append(i)
        else:
            out[i] = hit
    if missing:
        vectors = embedder.embed([texts[i] for i in missing])
        for i, vector in zip(missing, vectors):
            out[i] = vector
            _recent.put(texts[i], vector)
    return out


class SharedEmbedder:
    """Drop-in for the app embedder (`.embed(texts)`) that reuses the classifier's embeddings.
    Give it to the Retriever so a ticket is embedded once per pipeline run."""

    def __init__(self, embedder=None):
        self._embedder = embedder

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if len(texts) > 8:  # bulk indexing: no point filling the small cache
            from support_app.services.ai.embeddings import get_embedder

            return (self._embedder or get_embedder()).embed(texts, batch_size=batch_size)
        return embed_texts(texts, self._embedder)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class EmbeddingCache:
    """Embeddings by text hash, in one .npz file (float16: 100k tickets take ~80 MB)."""

    def __init__(self, directory: Path | None):
        from support_app.services.ai.embeddings import MODEL_ID

        # one file per encoder: vectors of different encoders never mix
        self.path = Path(directory) / f"embeddings-{MODEL_ID}.npz" if directory else None
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        self._lock = threading.Lock()
        if self.path and self.path.is_file():
            try:
                data = np.load(self.path)
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"]))
            except Exception as exc:  # noqa: BLE001 (a broken cache is rebuilt, never fatal)
                log.warning("classifier embedding cache unreadable, rebuilding: %s", exc)

    def get(self, key: str) -> np.ndarray | None:
        vector = self._vectors.get(key)
        return None if vector is None else vector.astype(np.float32)

    def put(self, key: str, vector: np.ndarray) -> None:
        with self._lock:
            self._vectors[key] = np.asarray(vector, dtype=np.float16)
            self._dirty = True

    def save(self) -> None:
        if not self.path or not self._dirty:
            return
        with self._lock:
            keys = np.array(list(self._vectors), dtype="U20")
            vectors = np.stack(list(self._vectors.values())) if self._vectors else np.zeros((0, DIMENSIONS), np.float16)
            self._dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=keys, vectors=vectors)
            tmp.replace(self.path)
        except OSError as exc:
            log.warning("cannot write classifier embedding cache: %s", exc)
