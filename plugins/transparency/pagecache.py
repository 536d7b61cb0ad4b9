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


def ensure_dir(path: Path) -> None:
    """mkdir, for the few callers outside a build's own folders (see Folders)."""
    path.mkdir(parents=True, exist_ok=True)


class Folders:
    """The folders one build has made, so that each is made once (at province scale the system calls add
    up). Held by the build (build.Build), never by the module: a folder made by the previous build in
    the same process may be gone (renamed into output/), and must be made again."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def ensure(self, path: Path) -> None:
        if path not in self.made:
            path.mkdir(parents=True, exist_ok=True)
            self.made.add(path)

    def forget(self, path: Path) -> None:
        self.made.discard(path)


def remove_files(root: Path, paths, folders: Folders | None = None) -> None:
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
            if folders is not None:
                folders.forget(root / folder)
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
        elif isinstance(value, type):  # a model class a field declaration names (kinds/: Field.model)
            digest = fingerprint("class", value.__module__, value.__qualname__)
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


def place(source: Path, target: Path, folders: Folders) -> None:
    """Put a cached file at `target`: a hard link where possible, a copy otherwise."""
    folders.ensure(target.parent)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class PageCache:
    def __init__(self, folder: Path | None, folders: Folders):
        self.folder = folder
        self.folders = folders
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
        self.folders.ensure(p.parent)
        try:
            os.link(written, p)
        except FileExistsError:
            pass
        except OSError:
            tmp = p.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(written, tmp)
            os.replace(tmp, p)


def run_parallel(jobs: list, render: Callable, workers: int) -> list:
    """Call render(*job) for every job, split over forked worker processes; returns the truthy results.

    Each worker is a forked process that inherits `jobs` and `render` (closures, never pickled) and
    sends its results back through a pipe: no module-level job list that outlives the build.
    """
    if workers <= 1 or len(jobs) < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return [result for job in jobs if (result := render(*job))]
    context = multiprocessing.get_context("fork")
    running = []
    for i in range(workers):

        def work(share=jobs[i::workers], send=None) -> None:
            try:
                send.send((True, [result for job in share if (result := render(*job))]))
            except SystemExit as exc:  # a build failure, its message printed: the parent exits the same way
                send.send((False, exc.code))
            except BaseException:  # the parent raises it: a worker never dies silently
                import traceback

                send.send((False, traceback.format_exc()))
            finally:
                send.close()

        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=work, kwargs={"send": send}, daemon=True)
        process.start()
        send.close()  # the worker holds its own end: EOF here if it dies
        running.append((process, receive))
    results: list = []
    failure = None
    for process, receive in running:
        try:
            ok, value = receive.recv()
        except EOFError:
            ok, value = False, f"渲染進程意外結束（退出碼 {process.exitcode}）"
        receive.close()
        process.join()
        if ok:
            results.extend(value)
        else:
            failure = failure or value
    if isinstance(failure, int):
        raise SystemExit(failure)
    if failure:
        raise RuntimeError(failure)
    return results
