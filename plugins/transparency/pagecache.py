"""Rendered pages cached by content hash, so a rebuild renders only what changed.

A page's key is the hash of the whole site's shared inputs (templates, strings,
settings, today, publication dates, departments …: everything but the records'
own content) and of the page's own context. A page whose key is in the cache is
hard-linked into the new site instead of rendered, so the output stays
byte-identical to a cold build. Misses are rendered on every core.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import types
from collections.abc import Callable
from pathlib import Path

_created: set[Path] = set()


def ensure_dir(path: Path) -> None:
    """mkdir once per folder per build: at province scale the system calls add up."""
    if path not in _created:
        path.mkdir(parents=True, exist_ok=True)
        _created.add(path)


def remove_files(root: Path, paths) -> None:
    """Delete these files (relative to `root`) and every folder they leave empty."""
    emptied = set()
    for rel in paths:
        (root / rel).unlink(missing_ok=True)
        emptied.add(rel.rpartition("/")[0])
    for folder in sorted(emptied, key=len, reverse=True):  # deepest first
        while folder:
            try:
                os.rmdir(root / folder)  # only when empty
            except OSError:
                break
            _created.discard(root / folder)
            folder = folder.rpartition("/")[0]


def fingerprint(*parts: object) -> str:
    """A digest of `parts` that is the same in every process: see `stable`."""
    h = hashlib.sha1()
    for part in parts:
        data = part if isinstance(part, str) else stable(part)
        h.update(data.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


_PLAIN = frozenset({str, int, float, bool, type(None)})


def stable(value: object, _seen: frozenset[int] = frozenset()) -> str:
    """A text for `value` independent of the hash seed and of memory addresses.

    `repr` is neither: a set's order follows PYTHONHASHSEED (so a key holding the holiday calendar
    changed with every process and the cache never hit), and an object without its own repr shows
    its address. Sets are sorted, objects are spelled by their type and state, functions by name.
    """
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return repr(value)
    if isinstance(value, dt.date | dt.time | Path):
        return f"{type(value).__name__}({value})"
    if id(value) in _seen:
        return "<cycle>"
    seen = _seen | {id(value)}
    if isinstance(value, dict):
        items = sorted(f"{stable(k, seen)}:{stable(v, seen)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, set | frozenset):
        return "set{" + ",".join(sorted(stable(v, seen) for v in value)) + "}"
    if isinstance(value, list | tuple):
        if all(type(v) in _PLAIN or (type(v) is tuple and all(type(x) in _PLAIN for x in v)) for v in value):
            return f"{type(value).__name__}{value!r}"  # the common case (digests, pairs): repr is stable
        return f"{type(value).__name__}[" + ",".join(stable(v, seen) for v in value) + "]"
    if isinstance(value, types.ModuleType):
        return f"<module {value.__name__}>"
    if isinstance(value, type) or (callable(value) and hasattr(value, "__qualname__")):
        return f"<{getattr(value, '__module__', '')}.{value.__qualname__}>"
    if hasattr(value, "__dataclass_fields__"):
        state = {f: getattr(value, f) for f in value.__dataclass_fields__}
    elif hasattr(value, "__dict__"):
        state = vars(value)
    elif hasattr(value, "__slots__"):
        state = {k: getattr(value, k, None) for k in value.__slots__}
    else:
        return f"<{type(value).__qualname__}>"
    return f"{type(value).__qualname__}{stable(state, seen)}"


def settings_fingerprint(settings: dict) -> str:
    """Every Pelican setting a template or the plugin may read (SITENAME, MARKDOWN, …), but the staging
    folder's name, which differs on every build."""
    return fingerprint({k: v for k, v in settings.items() if k not in ("OUTPUT_PATH",)})


class Canonical:
    """Page contexts made hashable cheaply: each frozen record is hashed once, however many pages show it."""

    def __init__(self):
        self.memo: dict[int, str] = {}
        self.keep: list = []  # every object with a memo entry, so that its id stays its own

    def seed(self, value: object, digest: str) -> None:
        """A digest known without hashing the object: a record's is its file's (git blob id and path)."""
        self.memo[id(value)] = digest
        self.keep.append(value)

    def __call__(self, value: object) -> object:
        if value is None or isinstance(value, str | int | float):
            return value
        key = id(value)
        digest = self.memo.get(key)
        if digest is not None:
            return digest
        # Contexts are complete before any is hashed (pages are queued, then flushed), so a list, a
        # dict or an enterprise shown on many pages (facets, a department's decisions) is walked once.
        if isinstance(value, dict):
            parts = [(k, self(v)) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
            digest = fingerprint("dict", parts)
        elif isinstance(value, list | tuple):
            digest = fingerprint(type(value).__name__, [self(v) for v in value])
        elif hasattr(value, "__dataclass_fields__"):
            digest = fingerprint(
                type(value).__name__, *(self(getattr(value, f)) for f in value.__dataclass_fields__)
            )
        else:
            return value
        self.memo[key] = digest
        self.keep.append(value)
        return digest


def tree_fingerprint(*folders: Path) -> str:
    h = hashlib.sha1()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def library_versions() -> tuple:
    """The libraries whose versions shape the output."""
    from importlib.metadata import version

    return tuple(version(name) for name in ("jinja2", "markdown", "opencc", "pelican", "pypinyin"))


def walk_files(root: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Every file under `root` as a relative POSIX path, in sorted order, leaving out folders in `skip`
    (prefixes such as "pagefind/"). Uses scandir: at province scale os.walk and relpath add up."""
    found: list[str] = []

    def visit(folder: str, rel: str) -> None:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            path = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not (path + "/").startswith(skip) if skip else True:
                    visit(entry.path, path + "/")
            else:
                found.append(path)

    visit(str(root), "")
    return found


def prune(*folders: Path, background: bool = True) -> None:
    """Drop the cache entries no site uses any more, so that the cache never outgrows two sites.

    Every entry a build uses is hard-linked into output/ or into the spare site it will recycle;
    an entry with a single link is held by nothing else. Runs in the background (find), since
    at province scale the cache holds half a million files.
    """
    folders = tuple(str(f) for f in folders if f.is_dir())
    if not folders:
        return
    if background and shutil.which("find"):
        subprocess.Popen(
            ["find", *folders, "-type", "f", "-links", "1", "-delete"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return
    for folder in folders:
        for rel in walk_files(Path(folder)):
            path = Path(folder) / rel
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_nlink == 1:
                    path.unlink()


def place(source: Path, target: Path) -> None:
    """Put a cached file at `target`: a hard link where possible, a copy otherwise."""
    ensure_dir(target.parent)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class PageCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        self.hits = self.misses = 0

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def get(self, key: str) -> Path | None:
        if not self.folder:
            return None
        p = self.path(key)
        return p if p.exists() else None

    def adopt(self, key: str, written: Path) -> None:
        """Keep a file just written to the site: a hard link into the cache (a copy across file systems)."""
        if not self.folder:
            return
        p = self.path(key)
        ensure_dir(p.parent)
        try:
            os.link(written, p)
        except FileExistsError:
            pass
        except OSError:
            tmp = p.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(written, tmp)
            os.replace(tmp, p)


# Jobs are handed to forked workers through this module-level list (inherited, never pickled).
_JOBS: list = []
_RENDER: Callable | None = None


def _run(indexes: list[int]) -> list:
    return [result for i in indexes if (result := _RENDER(*_JOBS[i]))]


def run_parallel(jobs: list, render: Callable, workers: int) -> list:
    """Call render(*job) for every job, split over forked worker processes; returns the truthy results."""
    global _JOBS, _RENDER
    if workers <= 1 or len(jobs) < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return [result for job in jobs if (result := render(*job))]
    _JOBS, _RENDER = jobs, render
    try:
        chunks = [list(range(i, len(jobs), workers * 4)) for i in range(workers * 4)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [result for chunk in pool.map(_run, chunks) for result in chunk]
    finally:
        _JOBS, _RENDER = [], None
