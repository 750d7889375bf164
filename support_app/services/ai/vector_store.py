"""Chroma collections for retrieval. SQL is the source of truth: everything here can be rebuilt
from it (`python -m support_app.cli.reindex`).

Three collections, all in cosine space and all embedded with the app's encoder (embeddings.py).
Chroma's collection names carry the encoder id (`tickets-use-multilingual-v3`), so a store built
with another encoder (e.g. the former 384-d MiniLM) is never mixed in: it is left aside and the
new collections are filled by `python -m support_app.cli.reindex` (run it once after an upgrade):
- `tickets`: resolved tickets whose resolution an agent approved (nothing else, so the hot path
  needs no `where` filter);
- `knowledge_base`: passages of published help articles;
- `documents`: passages of published policies and of uploaded company documents (`kind: document`).

`PersistentClient` at `CHROMA_PERSIST_DIRECTORY` by default, `HttpClient` when `CHROMA_HOST` is set.
Every Chroma failure surfaces as `VectorStoreError`, so callers can degrade instead of crashing.
"""

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from support_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

TICKETS = "tickets"
KNOWLEDGE_BASE = "knowledge_base"
DOCUMENTS = "documents"
COLLECTIONS = (TICKETS, KNOWLEDGE_BASE, DOCUMENTS)


class VectorStoreError(RuntimeError):
    """The vector store could not be reached or answered with an error."""


def similarity_from_distance(distance: float) -> float:
    """Chroma returns cosine *distance* (1 - cos). Similarity is 1 - distance, clipped to 0..1."""
    return float(min(1.0, max(0.0, 1.0 - distance)))


def _embedding_function_class():
    """Our embedder wrapped as a Chroma EmbeddingFunction, so Chroma never loads its default model."""
    from chromadb.api.types import EmbeddingFunction
    from chromadb.utils.embedding_functions import register_embedding_function

    from support_app.services.ai.embeddings import MODEL_ID, get_embedder

    class AppEmbeddingFunction(EmbeddingFunction):
        def __init__(self) -> None:
            pass

        def __call__(self, input):  # noqa: A002 (Chroma's parameter name)
            return list(get_embedder().embed(list(input)))

        @staticmethod
        def name() -> str:
            return "support_app_encoder"

        def default_space(self):
            return "cosine"

        def supported_spaces(self):
            return ["cosine"]

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "AppEmbeddingFunction":
            return AppEmbeddingFunction()

        def get_config(self) -> dict[str, Any]:
            return {"model": MODEL_ID}

    try:
        register_embedding_function(AppEmbeddingFunction)
    except ValueError:  # already registered by an earlier call
        pass
    return AppEmbeddingFunction


_EF_CLASS = None


def embedding_function():
    global _EF_CLASS
    if _EF_CLASS is None:
        _EF_CLASS = _embedding_function_class()
    return _EF_CLASS()


@dataclass
class Hit:
    id: str
    document: str
    metadata: dict[str, Any]
    similarity: float


class VectorStore:
    """A thin wrapper over one Chroma client. Callers pass precomputed embeddings (one embedding of
    a ticket serves all three collections); the registered embedding function is a safety net."""

    def __init__(self, client, ef_search: int = 400):
        self._client = client
        self._ef_search = ef_search
        self._collections: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def persistent(cls, path: Path | str, ef_search: int = 400) -> "VectorStore":
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        try:
            client = chromadb.PersistentClient(
                path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:  # noqa: BLE001 (Chroma raises many kinds)
            raise VectorStoreError(f"cannot open Chroma at {path}: {exc}") from exc
        return cls(client, ef_search)

    @classmethod
    def http(cls, host: str, port: int, ef_search: int = 400) -> "VectorStore":
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        try:
            client = chromadb.HttpClient(
                host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:  # noqa: BLE001
            raise VectorStoreError(f"cannot reach Chroma at {host}:{port}: {exc}") from exc
        return cls(client, ef_search)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "VectorStore":
        settings = settings or get_settings()
        if settings.chroma_host:
            return cls.http(settings.chroma_host, settings.chroma_port, settings.chroma_ef_search)
        return cls.persistent(settings.chroma_persist_directory, settings.chroma_ef_search)

    @staticmethod
    def physical_name(name: str) -> str:
        """Chroma's name for a logical collection: carries the encoder id."""
        from support_app.services.ai.embeddings import MODEL_ID

        return f"{name}-{MODEL_ID}"

    def collection(self, name: str):
        found = self._collections.get(name)
        if found is not None:
            return found
        with self._lock:
            if name not in self._collections:
                try:
                    collection = self._client.get_or_create_collection(
                        self.physical_name(name),
                        configuration={"hnsw": {"space": "cosine", "ef_search": self._ef_search}},
                        embedding_function=embedding_function(),
                    )
                    hnsw = (collection.configuration or {}).get("hnsw") or {}
                    if hnsw.get("ef_search") != self._ef_search:  # CHROMA_EF_SEARCH changed since creation
                        collection.modify(configuration={"hnsw": {"ef_search": self._ef_search}})
                    self._collections[name] = collection
                except Exception as exc:  # noqa: BLE001
                    raise VectorStoreError(f"cannot open collection {name}: {exc}") from exc
            return self._collections[name]

    def _run(self, name: str, what: str, operation):
        """Run `operation(collection)`. A failure may mean the collection was recreated elsewhere
        (a reindex), so the cached handle is dropped and the operation tried once more."""
        for attempt in (1, 2):
            collection = self.collection(name)
            try:
                return operation(collection)
            except Exception as exc:  # noqa: BLE001 (Chroma raises many kinds)
                with self._lock:
                    self._collections.pop(name, None)
                if attempt == 2:
                    raise VectorStoreError(f"{what} on {name} failed: {exc}") from exc

    def upsert(self, name: str, ids: list[str], embeddings: np.ndarray, documents: list[str],
               metadatas: list[dict[str, Any]]) -> None:
        if ids:
            vectors = np.asarray(embeddings, dtype=np.float32)
            self._run(name, "upsert", lambda c: c.upsert(
                ids=ids, embeddings=vectors, documents=documents, metadatas=metadatas))

    def delete(self, name: str, ids: list[str] | None = None,
               where: dict[str, Any] | None = None) -> None:
        """Delete by id or by metadata (a `where` is fine here: deletes are off the hot path)."""
        self._run(name, "delete", lambda c: c.delete(ids=ids, where=where))

    def query(self, name: str, embedding: np.ndarray, k: int) -> list[Hit]:
        """Nearest neighbours of one embedding, closest first, with similarity (not distance)."""
        vector = [np.asarray(embedding, dtype=np.float32)]
        result = self._run(name, "query", lambda c: c.query(
            query_embeddings=vector, n_results=k, include=["documents", "metadatas", "distances"]))
        ids = result["ids"][0]
        documents = (result.get("documents") or [[]])[0] or [""] * len(ids)
        metadatas = (result.get("metadatas") or [[]])[0] or [{}] * len(ids)
        distances = result["distances"][0]
        return [Hit(i, d or "", dict(m or {}), similarity_from_distance(dist))
                for i, d, m, dist in zip(ids, documents, metadatas, distances)]

    def ids(self, name: str) -> list[str]:
        """Every record id in the collection (for reconciling it with SQL)."""
        return self._run(name, "list ids", lambda c: c.get(include=[])["ids"])

    def count(self, name: str) -> int:
        return self._run(name, "count", lambda c: c.count())

    def reset(self, name: str) -> None:
        """Drop and recreate one collection (used by a full rebuild)."""
        with self._lock:
            self._collections.pop(name, None)
            try:
                self._client.delete_collection(self.physical_name(name))
            except Exception:  # noqa: BLE001 (absent is fine)
                pass
        self.collection(name)


def get_vector_store() -> VectorStore:
    """The process-wide store built from settings (see shared.py). Raises VectorStoreError if
    Chroma is unusable."""
    from support_app.services.ai import shared

    return shared.vector_store.get()


def reset_vector_store() -> None:
    """Forget the cached store and Chroma's per-path client cache (tests; after a folder is deleted)."""
    from support_app.services.ai import shared

    shared.vector_store.reset()


def clear_client_cache() -> None:
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # noqa: BLE001
        log.debug("could not clear Chroma's client cache", exc_info=True)
