"""Pickle files that are only ever unpickled after their HMAC-SHA256 checks out.

Unpickling runs code, so a cache file someone could plant on disk is never loaded unverified: the
file starts with an HMAC of its pickled bytes, keyed by a secret setting (`CLASSIFIER_CACHE_KEY`).
Without a key nothing is written or read (the caller rebuilds what it needed)."""

import hashlib
import hmac
import pickle
from pathlib import Path

MAGIC = b"SDHMAC1\n"
DIGEST_SIZE = hashlib.sha256().digest_size


class UntrustedFile(ValueError):
    """The file is not one this app signed with its current key."""


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def dump(obj: object, path: Path, key: bytes) -> None:
    """Write `obj` signed with `key` (atomically: a temporary file replaces the old one)."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(MAGIC + _mac(key, payload) + payload)
    tmp.replace(path)


def load(path: Path, key: bytes) -> object:
    """Unpickle the file only if its HMAC matches; else UntrustedFile (nothing is unpickled)."""
    data = path.read_bytes()
    head, mac, payload = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + DIGEST_SIZE], data[len(MAGIC) + DIGEST_SIZE:]
    if head != MAGIC or not hmac.compare_digest(mac, _mac(key, payload)):
        raise UntrustedFile(f"{path} is not signed with this app's key; ignored")
    return pickle.loads(payload)  # noqa: S301 (verified above)
