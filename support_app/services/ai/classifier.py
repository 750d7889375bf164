"""The local ticket classifier: category and priority, learned from labelled tickets in the database.

The models are scikit-learn pipelines (triage_model.py): word and character n-gram TF-IDF (robust
to typos), the multilingual sentence embedding (embeddings.py) and counts of multilingual cue words
(lexicon.py), scaled blocks under one logistic regression per task; category probabilities are
calibrated by `CalibratedClassifierCV` on grouped folds of the history.

Learning: `learn()` (called when an agent corrects a ticket) puts the example into a correction
memory that is consulted on every prediction, so the very next similar ticket follows the
correction; after `RETRAIN_AFTER` new labels the model is refitted in a background thread.

Training at start stays fast with 100k labelled tickets: the newest `classifier_max_train_rows`
(agents' labels first) are used; their embeddings come from a cache on disk (`CLASSIFIER_CACHE_DIR`,
by default beside the Chroma folder), else from the vector store, else are computed within a time
budget and the rest filled in by a background thread that then refits. The fitted model is saved
beside the cache with skops (model_store.py: never unpickled, types checked before load) and reused
while the training set is unchanged, so a restart skips fitting. The shared instance lives in
shared.py.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import softmax

from support_app.models import CATEGORIES, PRIORITIES
from support_app.services.ai.embedding_cache import (  # noqa: F401 (re-exported for callers)
    EmbeddingCache, RecentEmbeddings, SharedEmbedder, embed_texts, text_key,
)
from support_app.services.ai import triage_model
from support_app.services.ai.embeddings import DIMENSIONS
from support_app.services.ai.lexicon import (  # noqa: F401 (re-exported for callers)
    LEXICON, LEXICON_CATEGORIES, lexicon_matches, lexicon_vector,
)
from support_app.services.ai.training_data import Example

log = logging.getLogger(__name__)

RETRAIN_AFTER = 20
MEMORY_MIN_SIMILARITY = 0.85  # corrections closer than this to a new ticket pull its prediction (README: "--corrections")
START_EMBED_BUDGET_SECONDS = 20.0
TRAINING_LOCK_WAIT_SECONDS = 600.0


# ---------------------------------------------------------------------------------------------
# The model


@dataclass
class _Model:
    category: object | None  # a fitted triage_model category model (calibrated pipeline)
    single_category: str | None  # when the history holds one category only
    priority: object | None  # a fitted triage_model priority pipeline
    n_examples: int


@dataclass
class Prediction:
    category_scores: dict[str, float]
    priority_scores: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def category(self) -> str:
        return max(self.category_scores, key=self.category_scores.get)

    @property
    def probability(self) -> float:
        return self.category_scores[self.category]


class TicketClassifier:
    def __init__(self, embedder=None, cache: EmbeddingCache | None = None, max_train_rows: int = 12000):
        self._embedder = embedder
        self.cache = cache or EmbeddingCache(None)
        self.max_train_rows = max_train_rows
        self._model: _Model | None = None
        self._examples: list[Example] = []
        self._embeddings = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._lock = threading.RLock()
        self._fit_lock = threading.Lock()
        self._pending = 0
        self._retraining = False
        self._memory_vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._memory_labels: list[tuple[str | None, str | None]] = []
        self._memory_keys: dict[str, int] = {}
        self.loaded_from_disk = False  # the model was loaded from the cache folder, not fitted here

    # -- training --------------------------------------------------------------------------
    @property
    def trained(self) -> bool:
        return self._model is not None

    @property
    def n_examples(self) -> int:
        return len(self._examples)

    def embed(self, texts: list[str]) -> np.ndarray:
        return embed_texts(texts, self._embedder)

    def history_vectors(self) -> tuple[list[str], np.ndarray]:
        """(category, embedding) of the labelled training tickets that carry a category."""
        with self._lock:
            rows = [i for i, e in enumerate(self._examples) if e.category and i < len(self._embeddings)]
            return [self._examples[i].category for i in rows], self._embeddings[rows]

    def embeddings_for(self, examples: list[Example], budget_seconds: float | None = None,
                       store=None) -> tuple[np.ndarray, list[int]]:
        """Embeddings of `examples` from the cache, the vector store, or the embedder (within the
        time budget). Returns (matrix, indices still missing: zero rows)."""
        out = np.zeros((len(examples), DIMENSIONS), dtype=np.float32)
        missing = []
        for i, example in enumerate(examples):
            vector = self.cache.get(text_key(example.text))
            if vector is None:
                missing.append(i)
            else:
                out[i] = vector
        if missing and store is not None:
            missing = self._from_store(examples, missing, out, store)
        started = time.monotonic()
        remaining = []
        for start in range(0, len(missing), 64):
            batch = missing[start:start + 64]
            if budget_seconds is not None and time.monotonic() - started > budget_seconds:
                remaining.extend(batch)
                continue
            vectors = self.embed([examples[i].text for i in batch])
            for i, vector in zip(batch, vectors):
                out[i] = vector
                self.cache.put(text_key(examples[i].text), vector)
        return out, remaining

    def _from_store(self, examples: list[Example], missing: list[int], out: np.ndarray, store) -> list[int]:
        """Embeddings the vector store already holds (imported tickets with approved resolutions)."""
        from support_app.services.ai.vector_store import TICKETS

        by_id = {str(examples[i].ticket_id): i for i in missing if examples[i].ticket_id is not None}
        found: set[int] = set()
        ids = list(by_id)
        try:
            collection = store.collection(TICKETS)
            for start in range(0, len(ids), 5000):
                got = collection.get(ids=ids[start:start + 5000], include=["embeddings", "documents"])
                for tid, vector, document in zip(got["ids"], got["embeddings"], got["documents"]):
                    i = by_id[tid]
                    if document == examples[i].text:  # the stored text may be older than the ticket
                        out[i] = np.asarray(vector, dtype=np.float32)
                        self.cache.put(text_key(examples[i].text), out[i])
                        found.add(i)
        except Exception as exc:  # noqa: BLE001 (the store is optional here)
            log.info("no embeddings from the vector store: %s", exc)
        return [i for i in missing if i not in found]

    def fit(self, examples: list[Example], embeddings: np.ndarray | None = None) -> None:
        """Fit on `examples` (embeddings computed if not given). Replaces the current model."""
        examples = examples[: self.max_train_rows]
        if embeddings is None:
            embeddings, _ = self.embeddings_for(examples)
        embeddings = embeddings[: len(examples)]
        model = self._fit_model(examples, embeddings)
        with self._lock:
            self._examples = list(examples)
            self._embeddings = embeddings
            self._model = model
            self._pending = 0

    def _fit_model(self, examples: list[Example], embeddings: np.ndarray) -> _Model | None:
        if not examples:
            return None
        with self._fit_lock:
            data = triage_model.frame([e.text for e in examples], embeddings, [e.category for e in examples])
            weights = np.array([e.weight for e in examples], dtype=np.float64)
            cat_rows = [i for i, e in enumerate(examples) if e.category]
            cat_labels = [examples[i].category for i in cat_rows]
            category = single = None
            if len(set(cat_labels)) >= 2:
                groups = triage_model.history_groups([examples[i].text for i in cat_rows])
                category = triage_model.fit_category(data.iloc[cat_rows], cat_labels, weights[cat_rows], groups)
            elif cat_labels:
                single = cat_labels[0]
            pri_rows = [i for i, e in enumerate(examples) if e.priority]
            pri_labels = [examples[i].priority for i in pri_rows]
            priority = None
            if len(pri_rows) >= 20 and len(set(pri_labels)) >= 2:
                priority = triage_model.fit_priority(data.iloc[pri_rows], pri_labels, weights[pri_rows])
            return _Model(category, single, priority, len(examples))

    def save_model(self, path: Path, fingerprint: str) -> None:
        """Keep the fitted model beside the embedding cache (skops, see model_store), so a restart
        with unchanged history skips fitting."""
        from support_app.services.ai import model_store

        model_store.save(path, fingerprint, self._model)

    def load_model(self, path: Path, fingerprint: str, examples: list[Example], embeddings: np.ndarray) -> bool:
        from support_app.services.ai import model_store

        model = model_store.load(path, fingerprint)
        if model is None:
            return False
        with self._lock:
            self._examples = list(examples[: self.max_train_rows])
            self._embeddings = embeddings[: len(self._examples)]
            self._model = model
            self._pending = 0
        return True

    # -- prediction ------------------------------------------------------------------------
    def predict(self, text: str, embedding: np.ndarray | None = None) -> Prediction:
        if embedding is None:
            embedding = self.embed([text])[0]
        model = self._model
        notes: list[str] = []
        if model is None or (model.category is None and model.single_category is None):
            scores = _lexicon_scores(text)
            notes.append("classifier has no labelled tickets yet: category from cue words only")
            priority: dict[str, float] = {}
        else:
            data = triage_model.frame([text], embedding[None, :])
            blocks: dict = {}  # feature blocks computed for the category model, reused by the priority model
            if model.category is not None:
                scores = {c: 0.0 for c in CATEGORIES}
                scores.update(triage_model.probabilities(model.category, data, blocks))
            else:
                scores = {c: float(c == model.single_category) for c in CATEGORIES}
            priority = {}
            if model.priority is not None:
                data["category"] = max(scores, key=scores.get)  # the model's category, before corrections
                priority = triage_model.probabilities(model.priority, data, blocks)
        scores, priority = self._apply_memory(text, embedding, scores, priority, notes)
        return Prediction(scores, priority, notes)

    def _apply_memory(self, text, embedding, scores, priority, notes):
        with self._lock:
            vectors, labels, keys = self._memory_vectors, list(self._memory_labels), self._memory_keys
            exact = keys.get(text_key(text))
        if not labels:
            return scores, priority
        if exact is not None:
            j, weight = exact, 0.97
        else:
            similarities = vectors @ embedding
            j = int(np.argmax(similarities))
            similarity = float(similarities[j])
            if similarity < MEMORY_MIN_SIMILARITY:
                return scores, priority
            weight = min(0.95, (similarity - MEMORY_MIN_SIMILARITY) / 0.15)
        category, prio = labels[j]
        if category:
            scores = {c: (1 - weight) * s + (weight if c == category else 0.0) for c, s in scores.items()}
            notes.append(f"agent correction to a similar ticket applied ({category}, weight {weight:.2f})")
        if prio:
            priority = {p: (1 - weight) * priority.get(p, 0.0) + (weight if p == prio else 0.0) for p in PRIORITIES}
        return scores, priority

    # -- learning --------------------------------------------------------------------------
    def learn(self, text: str, category: str | None, priority: str | None = None,
              retrain_in_background: bool = True) -> None:
        """An agent labelled (or corrected) a ticket: the next prediction follows it."""
        category = category if category in CATEGORIES else None
        priority = priority if priority in PRIORITIES else None
        if not (category or priority):
            return
        text = text.strip()  # as TicketInput.text, so the same ticket maps to the same memory entry
        vector = self.embed([text])[0]
        key = text_key(text)
        self.cache.put(key, vector)
        with self._lock:
            if key in self._memory_keys:
                self._memory_labels[self._memory_keys[key]] = (category, priority)
            else:
                self._memory_keys[key] = len(self._memory_labels)
                self._memory_labels.append((category, priority))
                self._memory_vectors = np.vstack([self._memory_vectors, vector[None, :]])
            self._examples.insert(0, Example(text, category, priority, label_source="agent"))
            self._embeddings = np.vstack([vector[None, :], self._embeddings])
            self._pending += 1
            start = retrain_in_background and self._pending >= RETRAIN_AFTER and not self._retraining
            if start:
                self._retraining = True
        if start:
            threading.Thread(target=self._retrain, name="classifier-retrain", daemon=True).start()

    def retrain(self) -> None:
        """Refit on everything learned so far (the background thread runs this)."""
        with self._lock:
            examples = self._examples[: self.max_train_rows]
            embeddings = self._embeddings[: len(examples)]
            self._pending = 0
        model = self._fit_model(examples, embeddings)
        with self._lock:
            self._model = model

    def _retrain(self) -> None:
        try:
            self.retrain()
            self.cache.save()
        except Exception:  # noqa: BLE001 (the current model keeps serving)
            log.exception("classifier retraining failed")
        finally:
            with self._lock:
                self._retraining = False

    def backfill(self, missing: list[int]) -> None:
        """Embed the training rows the start-up budget left out, then refit (background)."""
        with self._lock:
            examples = list(self._examples)
        by_key = {}
        for i in missing:
            if i < len(examples):
                by_key[text_key(examples[i].text)] = examples[i].text
        keys = list(by_key)
        for start in range(0, len(keys), 64):
            batch = keys[start:start + 64]
            for key, vector in zip(batch, self.embed([by_key[k] for k in batch])):
                self.cache.put(key, vector)
        with self._lock:
            for i, example in enumerate(self._examples):
                vector = self.cache.get(text_key(example.text))
                if vector is not None:
                    self._embeddings[i] = vector
        self._retrain()


MODEL_VERSION = 5  # bump when features or heads change: saved models are then refitted


def training_fingerprint(examples: list[Example], missing: list[int]) -> str:
    """Identifies a training set: a saved model is reused only for exactly the same one."""
    import sklearn

    from support_app.services.ai.embeddings import MODEL_ID

    digest = hashlib.sha1(f"{MODEL_VERSION}|{MODEL_ID}|{sklearn.__version__}|{triage_model.CALIBRATION}|{len(missing)}".encode())
    for e in examples:
        digest.update(f"{e.ticket_id}|{e.category}|{e.priority}|{e.label_source}|{text_key(e.text)}\n".encode())
    return digest.hexdigest()


def _lexicon_scores(text: str) -> dict[str, float]:
    counts = lexicon_vector(text)
    logits = np.array([counts[LEXICON_CATEGORIES.index(c)] if c in LEXICON else 0.0 for c in CATEGORIES])
    logits[CATEGORIES.index("general_inquiry")] += 0.3  # nothing recognisable: a general inquiry
    probs = softmax(logits * 2.0)
    return {c: float(p) for c, p in zip(CATEGORIES, probs)}


# ---------------------------------------------------------------------------------------------
# The shared instance


def train(examples: list[Example], budget_seconds: float | None = START_EMBED_BUDGET_SECONDS,
          use_vector_store: bool = True) -> TicketClassifier:
    """A classifier trained on labelled examples (see module docstring); services/training.py reads
    them from the database."""
    from support_app.settings import get_settings

    settings = get_settings()
    started = time.monotonic()
    cache_dir = Path(settings.classifier_cache_dir or Path(settings.chroma_persist_directory).parent / "classifier")
    with _training_lock(cache_dir):
        classifier, missing = _train_or_load(examples, cache_dir, budget_seconds, use_vector_store)
    log.info("classifier trained on %d labelled tickets in %.1f s (%d embeddings pending)",
             len(examples), time.monotonic() - started, len(missing))
    if missing:
        threading.Thread(target=classifier.backfill, args=(missing,), name="classifier-backfill",
                         daemon=True).start()
    return classifier


def _train_or_load(examples: list[Example], cache_dir: Path, budget_seconds: float | None,
                   use_vector_store: bool) -> tuple[TicketClassifier, list[int]]:
    from support_app.settings import get_settings

    settings = get_settings()
    classifier = TicketClassifier(cache=EmbeddingCache(cache_dir),
                                  max_train_rows=settings.classifier_max_train_rows)
    store = None
    if use_vector_store:
        try:
            from support_app.services.ai.vector_store import get_vector_store

            store = get_vector_store()
        except Exception as exc:  # noqa: BLE001
            log.info("vector store unavailable for classifier training: %s", exc)
    embeddings, missing = classifier.embeddings_for(examples, budget_seconds, store)
    fingerprint = training_fingerprint(examples, missing)
    from support_app.services.ai.model_store import MODEL_FILE

    model_path = cache_dir / MODEL_FILE
    classifier.loaded_from_disk = classifier.load_model(model_path, fingerprint, examples, embeddings)
    if not classifier.loaded_from_disk:
        classifier.fit(examples, embeddings)
        if not missing:
            classifier.save_model(model_path, fingerprint)
    classifier.cache.save()
    return classifier, missing


@contextmanager
def _training_lock(cache_dir: Path) -> Iterator[None]:
    """One process trains at a time per cache folder: app workers started together wait for the
    first one and load the model it saved instead of each fitting their own (a holder that takes
    longer than TRAINING_LOCK_WAIT_SECONDS is not waited for any more)."""
    from filelock import FileLock, Timeout

    cache_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(cache_dir / "training.lock"))
    try:
        lock.acquire(timeout=TRAINING_LOCK_WAIT_SECONDS)
    except Timeout:
        log.warning("another process has been training for %.0f s: training here too", TRAINING_LOCK_WAIT_SECONDS)
        yield
        return
    try:
        yield
    finally:
        lock.release()


def get_classifier() -> TicketClassifier:
    """The process-wide classifier, trained from the configured database on first use (shared.py)."""
    from support_app.services.ai import shared

    return shared.classifier.get()


def warm_up() -> threading.Thread:
    """Train the shared classifier in the background (call at app start, so the first ticket
    does not wait for training)."""
    thread = threading.Thread(target=get_classifier, name="classifier-warm-up", daemon=True)
    thread.start()
    return thread


def set_classifier(classifier: TicketClassifier | None) -> None:
    from support_app.services.ai import shared

    shared.classifier.set(classifier)


def reset_classifier() -> None:
    set_classifier(None)


def learn(text: str, category: str | None, priority: str | None = None) -> None:
    """Call after an agent sets or corrects a ticket's category or priority (text = subject + "\\n"
    + description, see training_data.ticket_text)."""
    get_classifier().learn(text, category, priority)
