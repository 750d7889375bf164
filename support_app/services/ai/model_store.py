"""Saving and loading the fitted classifier without ever executing code from the file.

The model is written with `skops` (a zip of JSON and numpy arrays, no pickle). Before loading,
the file's types are read without instantiating anything; a file naming any type outside
skops' defaults and the types `_allowed_types` names is refused, so a file planted in the cache folder
cannot run code: it is ignored and the model refitted. Files of the older pickle format are never
opened.
"""

import logging
from pathlib import Path

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
        sio.dump({"fingerprint": fingerprint, "model": model}, tmp)
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
    return saved.get("model")
