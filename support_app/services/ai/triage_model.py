"""The learned triage models as scikit-learn pipelines.

Input: a frame with the ticket `text` and its sentence `embedding` (embeddings.py).
Features (`ColumnTransformer`): word and character n-gram TF-IDF (each row L2-normalised), the
embedding and the multilingual cue counts (lexicon.py; priority.py for priority), each dense block
standardised (`StandardScaler`) and weighted so that its rows weigh about as much as one TF-IDF row
(the category model's embedding block two, see CATEGORY_BLOCK_WEIGHTS);
the priority model also gets priority cue counts and the category (`OneHotEncoder`).
On top a `LogisticRegression` (an `SGDClassifier` with the same loss on large histories).

Category probabilities are calibrated with `CalibratedClassifierCV` (`ensemble=False`: one model on
the whole history; the calibration map is fitted on out-of-fold scores of `StratifiedGroupKFold`
over near-duplicate groups of the history, so paraphrases of one ticket never calibrate each other).
The features are unsupervised (vocabularies, IDF, scaling: no label is read), so they are fitted
once on the whole history and only the logistic regression is refitted per calibration fold: the
category model is `Pipeline([features, CalibratedClassifierCV(regression)])`. The regression is
most of the fit time (~78k n-gram columns x 8 classes at 2k tickets); the featurisation ~1/10.
"""

import logging
import weakref

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn import config_context
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from support_app.models import CATEGORIES
from support_app.services.ai.embeddings import DIMENSIONS
from support_app.services.ai.evaluation import near_duplicate_groups
from support_app.services.ai.lexicon import LEXICON_CATEGORIES, lexicon_vector
from support_app.services.ai.priority import CUE_NAMES, cue_vector

log = logging.getLogger(__name__)

MAX_CHARS = 2000  # the start of a ticket says what it is about; the rest only costs time
SGD_ABOVE_ROWS = 4000
CATEGORY_C = 10.0
PRIORITY_C = 1.0
# Weight of each dense block relative to one TF-IDF row (chosen on grouped folds of the dev file,
# README "Model variants"): the category model leans on the multilingual embedding twice as much
# as on each TF-IDF block (the paraphrase-poor, multilingual Tobi-Bueck tickets gained most).
CATEGORY_BLOCK_WEIGHTS = {"embedding": 2.0, "lexicon": 1.0}
PRIORITY_BLOCK_WEIGHTS = {"embedding": 1.0, "lexicon": 1.0, "cues": 1.0}
CALIBRATION = "temperature"  # sigmoid, isotonic or temperature: chosen on grouped folds of the dev file (README)
CALIBRATION_FOLDS = 2  # 3 cost one more regression fit for the same figures (README)
GROUP_NEAR_DUPLICATES_UP_TO = 4000


def frame(texts: list[str], embeddings: np.ndarray, categories: list[str | None] | None = None) -> pd.DataFrame:
    """The pipelines' input: one row per ticket, its text, its embedding (one cell: 512 pandas
    columns would cost ~1 ms of validation per column block on every prediction) and its category
    (the label in training, the predicted one in use; an input of the priority model only)."""
    vectors = np.asarray(embeddings, dtype=np.float32).reshape(len(texts), DIMENSIONS)
    return pd.DataFrame({"text": [t[:MAX_CHARS] for t in texts], "embedding": list(vectors),
                         "category": [c or "" for c in (categories or [None] * len(texts))]})


def stacked(vectors) -> np.ndarray:
    return np.stack(list(vectors)) if len(vectors) else np.zeros((0, DIMENSIONS), dtype=np.float32)


def lexicon_counts(texts) -> np.ndarray:
    return np.stack([lexicon_vector(t) for t in texts]) if len(texts) else np.zeros((0, len(LEXICON_CATEGORIES)))


def cue_counts(texts) -> np.ndarray:
    return np.stack([cue_vector(t) for t in texts]) if len(texts) else np.zeros((0, len(CUE_NAMES)))


def _features(n_rows: int, with_cues: bool) -> ColumnTransformer:
    min_df = 2 if n_rows > 3000 else 1
    blocks = [
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, max_features=200_000,
                                 dtype=np.float32), "text"),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                 min_df=2 if n_rows >= 50 else 1, max_features=300_000, dtype=np.float32), "text"),
        ("embedding", make_pipeline(FunctionTransformer(stacked), StandardScaler()), "embedding"),
        ("lexicon", make_pipeline(FunctionTransformer(lexicon_counts), StandardScaler()), "text"),
    ]
    widths = {"embedding": DIMENSIONS, "lexicon": len(LEXICON_CATEGORIES), "cues": len(CUE_NAMES)}
    if with_cues:  # the priority model: its cue words and the ticket's category
        blocks.append(("cues", make_pipeline(FunctionTransformer(cue_counts), StandardScaler()), "text"))
        blocks.append(("category", OneHotEncoder(categories=[CATEGORIES], handle_unknown="ignore"), ["category"]))
    block_weights = PRIORITY_BLOCK_WEIGHTS if with_cues else CATEGORY_BLOCK_WEIGHTS
    weights = {name: block_weights[name] / np.sqrt(widths[name]) for name, *_ in blocks if name in widths}
    return ColumnTransformer(blocks, transformer_weights=weights, sparse_threshold=1.0)


def _classifier(n_rows: int, C: float):
    if n_rows > SGD_ABOVE_ROWS:
        return SGDClassifier(loss="log_loss", alpha=1.0 / (C * n_rows), max_iter=12, tol=None,
                             class_weight="balanced", average=True, random_state=0)
    return LogisticRegression(C=C, max_iter=300, class_weight="balanced")


def pipeline(n_rows: int, C: float, with_cues: bool) -> Pipeline:
    return Pipeline([("features", _features(n_rows, with_cues)), ("model", _classifier(n_rows, C))])


def history_groups(texts: list[str]) -> np.ndarray:
    """Near-duplicate groups of the history (evaluation.py); above `GROUP_NEAR_DUPLICATES_UP_TO`
    rows only identical texts share a group (the pairwise similarity grows with the square of the
    history: ~1 min at 12k tickets on two cores, on every refit)."""
    if len(texts) <= GROUP_NEAR_DUPLICATES_UP_TO:
        return near_duplicate_groups(texts)
    return pd.Series([" ".join(t.lower().split()) for t in texts]).factorize()[0]


def calibration_splits(labels: list[str], groups: np.ndarray) -> list | None:
    """Folds of the history for calibration: near-duplicate groups never split, classes spread
    evenly (`StratifiedGroupKFold`). When grouping leaves a class out of a training fold (a class
    that is one template), plain stratified folds; None when a class is too rare to split at all."""
    y = np.asarray(labels)
    if pd.Series(labels).value_counts().min() < CALIBRATION_FOLDS:
        return None
    n_classes = len(set(labels))
    if len(np.unique(groups)) >= CALIBRATION_FOLDS:
        splits = list(StratifiedGroupKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0).split(y, y, groups))
        if all(len(set(y[train])) == n_classes for train, _ in splits):
            return splits
    log.info("calibration folds cannot keep near-duplicates together: stratified folds instead")
    return list(StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0).split(y, y))


def fit_category(data: pd.DataFrame, labels: list[str], weights: np.ndarray, groups: np.ndarray) -> Pipeline:
    """The calibrated category model (uncalibrated when a class is too rare to split): the features
    fitted once, the regression refitted on each calibration fold of their output."""
    features = _features(len(labels), with_cues=False)
    matrix = features.fit_transform(data)
    model = _classifier(len(labels), CATEGORY_C)
    splits = calibration_splits(labels, groups)
    if splits is not None:
        model = CalibratedClassifierCV(model, method=CALIBRATION, cv=splits, ensemble=False)
    model.fit(matrix, labels, sample_weight=weights)
    if splits is not None:
        model.cv = CALIBRATION_FOLDS  # the splits themselves (index arrays) need not be kept
    return Pipeline([("features", features), ("model", model)])


def fit_priority(data: pd.DataFrame, labels: list[str], weights: np.ndarray) -> Pipeline:
    return pipeline(len(labels), PRIORITY_C, with_cues=True).fit(data, labels, model__sample_weight=weights)


def probabilities(model, data: pd.DataFrame, blocks: dict | None = None) -> dict[str, float]:
    """Class probabilities of the first row of `data` (input checks skipped: `frame` built it).

    The same numbers as `model.predict_proba(data)`, computed without the generic machinery that
    cost as much as the features themselves (a 2k-ticket model: the category features took 2.5 ms
    CPU, the blocks' own transforms 1.2 ms; the n-gram vocabulary size barely matters, a row has
    ~1,300 non-zeros of ~78k columns): ColumnTransformer's dataframe checks, joblib dispatch and
    per-block validation. `blocks`
    (name -> (fitted block, its columns, output before the model's block weight)) carries the blocks computed for an
    earlier model on the same `data`; a block fitted identically is reused instead of computed
    again (the category and priority models fit the same text blocks when every labelled ticket
    has both labels)."""
    with config_context(assume_finite=True, skip_parameter_validation=True):
        features, head = _split(model)
        matrix = None if features is None else _transform(features, data, blocks)
        probs = model.predict_proba(data)[0] if matrix is None else head.predict_proba(matrix)[0]
    return {str(c): float(p) for c, p in zip(model.classes_, probs)}


def _split(model):
    """(the fitted ColumnTransformer, the estimator on top) of our two-step pipelines, else (None, None)."""
    if isinstance(model, Pipeline) and len(model.steps) == 2 and isinstance(model.steps[0][1], ColumnTransformer):
        return model.steps[0][1], model.steps[1][1]
    return None, None


def _transform(features: ColumnTransformer, data: pd.DataFrame, blocks: dict | None):
    """What `features.transform(data)` returns for our fitted feature unions (every block applied
    to its columns, times its weight, stacked as sparse CSR), or None when the union has a shape
    this does not cover (then the caller uses sklearn's own path)."""
    weights = features.transformer_weights or {}
    outputs = []
    for name, block, columns in features.transformers_:
        if isinstance(block, str):
            if block == "drop":
                continue
            return None  # "passthrough": not used by our models
        if isinstance(columns, (list, tuple, np.ndarray)) and len(columns) == 0:
            continue
        known = blocks.get(name) if blocks is not None else None
        if known is not None and _equal(known[1], columns) and (known[0] is block or _same_fit(known[0], block)):
            out = known[2]
        else:
            # One column goes in as a numpy array: a block fitted on a Series learnt no column names,
            # and sklearn's dataframe checks on a Series cost more than the block's own work.
            out = block.transform(data[columns].to_numpy() if isinstance(columns, str) else data[list(columns)])
            if not sparse.issparse(out):
                out = np.asarray(out, dtype=np.float64 if np.asarray(out).dtype == object else None)
            if blocks is not None:
                blocks[name] = (block, columns, out)  # unweighted: the two models weigh blocks differently
        outputs.append(out * weights[name] if weights.get(name) is not None else out)
    return sparse.hstack(outputs).tocsr()


_SAME_FIT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # block -> (weakref to its partner, equal?)


def _same_fit(a, b) -> bool:
    """Whether two fitted blocks are the same transformation (same type, parameters and fitted
    state: vocabulary, IDF, scaling); the answer is kept for the latest partner of `b`."""
    known = _SAME_FIT.get(b)
    if known is None or known[0]() is not a:
        known = (weakref.ref(a), _equal(a, b))
        _SAME_FIT[b] = known
    return known[1]


def _equal(x, y) -> bool:
    if type(x) is not type(y):
        return False
    if isinstance(x, np.ndarray):
        return x.dtype == y.dtype and x.shape == y.shape and bool(np.array_equal(x, y))
    if sparse.issparse(x):
        return x.shape == y.shape and (x != y).nnz == 0
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(_equal(x[k], y[k]) for k in x)
    if isinstance(x, (list, tuple)):
        return len(x) == len(y) and all(_equal(i, j) for i, j in zip(x, y))
    if hasattr(x, "__dict__") and not callable(x):  # an estimator: its parameters and fitted state
        return _equal(vars(x), vars(y))
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return x is y


# Types a saved model may contain beyond skops' defaults (model_store.py refuses anything else).
TRUSTED_TYPES = [
    f"{__name__}.lexicon_counts", f"{__name__}.cue_counts", f"{__name__}.stacked",
    "sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration",
    "sklearn.calibration._TemperatureScaling", "sklearn.isotonic.IsotonicRegression",
]
