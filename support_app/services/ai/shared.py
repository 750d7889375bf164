"""The process-wide AI instances, built lazily on first use, in one place.

`embedder` (sentence encoder), `vector_store` (Chroma from settings), `classifier` (trained from
the database by the trainer support_app/services registers) and `pipeline` (engines +
retrieval). Each is a `Lazy`: `get()` builds it once under a lock, `set()` replaces it (tests, evaluate), `reset()` forgets it so the next `get()` rebuilds
from the current settings. The modules' `get_x`/`reset_x` functions delegate here.
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Lazy(Generic[T]):
    def __init__(self, name: str, build: Callable[[], T], on_reset: Callable[[], None] | None = None):
        self.name = name
        self._build = build
        self._on_reset = on_reset
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    def peek(self) -> T | None:
        return self._value

    def set(self, value: T | None) -> None:
        with self._lock:
            self._value = value

    def reset(self) -> None:
        self.set(None)
        if self._on_reset is not None:
            self._on_reset()


def _build_embedder():
    from support_app.services.ai.embeddings import build_embedder

    return build_embedder()


def _build_vector_store():
    from support_app.services.ai.vector_store import VectorStore

    return VectorStore.from_settings()


def _clear_chroma_clients() -> None:
    from support_app.services.ai.vector_store import clear_client_cache

    clear_client_cache()


_classifier_trainer: list[Callable[[], object]] = []


def train_classifier_with(trainer: Callable[[], object]) -> None:
    """Set how the shared classifier is built: services/training.py registers a function that reads
    the labelled tickets from the database (this package never opens a session itself)."""
    _classifier_trainer[:] = [trainer]


def _build_classifier():
    if not _classifier_trainer:
        raise RuntimeError("no classifier trainer registered (support_app/services/__init__.py does)")
    return _classifier_trainer[0]()


def _build_pipeline():
    from support_app.services.ai.pipeline import build_pipeline

    return build_pipeline()


embedder: Lazy = Lazy("embedder", _build_embedder)
vector_store: Lazy = Lazy("vector_store", _build_vector_store, on_reset=_clear_chroma_clients)
classifier: Lazy = Lazy("classifier", _build_classifier)
pipeline: Lazy = Lazy("pipeline", _build_pipeline)
ALL = (pipeline, classifier, vector_store, embedder)


def reset_all() -> None:
    """Forget every instance (after the settings change)."""
    for instance in ALL:
        instance.reset()
