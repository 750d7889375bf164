"""Saving and loading the fitted classifier without ever executing code from the file.

The model is written with `skops` (a zip of JSON and numpy arrays, no pickle). Before loading,
the file's types are read without instantiating anything; a file naming any type outside
skops' defaults and the types `_allowed_types` names is refused, so a file planted in the cache folder
cannot run code: it is ignored and the model refitted. Files of the older pickle format are never
opened.

The TF-IDF vocabularies are written as one array of terms each (in column order) and turned back
into dicts on load: skops writes a dict entry by entry in its JSON schema (~500 bytes each, 150 MB
and ~8 s for the ~300k n-grams of a 2k-ticket model) and each numpy int as its own file in the zip.
"""

import copy
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_FILE = "model.skops"


def _allowed_types() -> set[str]:
    """Our model record, the cue-count functions of the feature pipeline and the few library types
    skops does not trust by default that the pipeline uses, each named here (never `trusted=True`)."""
    from support_app.services.ai.classifier import _Model
    from support_app.services.ai.triage_model import TRUSTED_TYPES

    return {f"{_Model.__module__}.{_Model.__qualname__}", *TRUSTED_TYPES}


def save(path: Path, fingerprint: str, model) -> None:
    import skops.io as sio

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        packed = copy.deepcopy(model)  # the live model keeps its vocabularies while it serves
        vocabularies = []
        for vectorizer in _vectorizers(packed):
            vocabulary = vectorizer.vocabulary_
            vocabularies.append(np.array(sorted(vocabulary, key=vocabulary.get), dtype=str))
            vectorizer.vocabulary_ = {}
        sio.dump({"fingerprint": fingerprint, "model": packed, "vocabularies": vocabularies}, tmp)
        tmp.replace(path)
    except Exception as exc:  # noqa: BLE001 (a cache: the app works without it)
        log.warning("cannot save the classifier model: %s", exc)


def load(path: Path, fingerprint: str):
    """The saved model if the file is ours, safe and for this training set; else None."""
    import skops.io as sio

    if not path.is_file():
        return None
    try:
        untrusted = set(sio.get_untrusted_types(file=path))
        unexpected = untrusted - _allowed_types()
        if unexpected:
            log.warning("classifier model file %s names unexpected types %s: ignored, refitting",
                        path, sorted(unexpected)[:5])
            return None
        saved = sio.load(path, trusted=sorted(untrusted))
    except Exception as exc:  # noqa: BLE001 (unreadable or not a skops file: refit)
        log.info("saved classifier model unreadable, refitting: %s", exc)
        return None
    if not isinstance(saved, dict) or saved.get("fingerprint") != fingerprint:
        return None
    model, vocabularies = saved.get("model"), saved.get("vocabularies") or []
    vectorizers = _vectorizers(model)
    if len(vectorizers) != len(vocabularies):
        return None
    for vectorizer, terms in zip(vectorizers, vocabularies):
        vectorizer.vocabulary_ = {str(term): i for i, term in enumerate(terms)}
    return model


def _vectorizers(model) -> list:
    """The fitted TF-IDF vectorizers in the feature steps of a model record's pipelines."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    found = []
    for pipeline in (getattr(model, "category", None), getattr(model, "priority", None)):
        if isinstance(pipeline, Pipeline) and "features" in pipeline.named_steps:
            found += [t for _, t, _ in pipeline.named_steps["features"].transformers_ if isinstance(t, TfidfVectorizer)]
    return found
