"""Pickles this machine wrote, and only those: a cache in the working tree is never trusted as it is.

Unpickling runs code, and a file under the project folder can arrive by `git pull` (a force-added
`.cache/parsed.pickle`). Every cache file is sealed with an HMAC whose key lives outside the
repository, in the user's cache folder; a file without a valid seal is ignored (a cold start).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

_DIGEST = hashlib.sha256().digest_size


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transparency" / "cache.key"


def _key() -> bytes | None:
    """This user's key, made on first use; None when there is nowhere to keep one (no cache then)."""
    path = key_file()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
        return path.read_bytes()
    except FileExistsError:
        return path.read_bytes()  # another process made it first
    except OSError:
        return None


def dump(value: Any, file: Path) -> bool:
    """Write `value` sealed, atomically; False when no key can be kept (nothing written)."""
    key = _key()
    if not key:
        return False
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(hmac.new(key, body, hashlib.sha256).digest() + body)
    os.replace(tmp, file)
    return True


def load(file: Path) -> Any | None:
    """The value `dump` wrote here, or None: missing, unreadable, or not sealed by this user's key."""
    key = _key()
    if not key:
        return None
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    seal, body = raw[:_DIGEST], raw[_DIGEST:]
    if len(seal) != _DIGEST or not hmac.compare_digest(seal, hmac.new(key, body, hashlib.sha256).digest()):
        return None
    try:
        return pickle.loads(body)  # sealed by us: written by this plugin on this machine
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # written by another version of the plugin
