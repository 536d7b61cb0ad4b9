"""Publication dates from git: one `git log` for the whole data folder, not one per file."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

_FLAGS = {
    "draft": re.compile(
        rb"^draft:[ \t]*(?:true|True|TRUE|yes|Yes|YES|on|On|ON)[ \t]*(?:#.*)?$", re.MULTILINE
    ),
    "revoked": re.compile(rb"^status:[ \t]*[\"']?revoked[\"']?[ \t]*(?:#.*)?$", re.MULTILINE),
}
CHANGE_LABELS = {
    "published": "首次公示",
    "entered": "錄入本站",  # an explicit earlier publication date, committed later
    "corrected": "更正",
    "revoked": "撤銷並撤回公示",
    "removed": "刪除",
}


def flags_of(text: bytes) -> frozenset[str]:
    """What a version of a record says about itself: a draft, a revoked decision."""
    return frozenset(name for name, pattern in _FLAGS.items() if pattern.search(text))


@dataclass(frozen=True)
class FileHistory:
    """What the published branch knows about one file."""

    first_published: dt.date | None  # first commit in which it is present and not a draft
    last_changed: dt.date | None
    changes: tuple[tuple[dt.date, str], ...] = ()  # public changes, oldest first: (date, CHANGE_LABELS key)
    first_revoked: dt.date | None = None  # first commit in which a decision says status: revoked


@dataclass
class GitHistory:
    available: bool = False
    shallow: bool = False
    problem: str | None = None
    files: dict[str, FileHistory] = field(default_factory=dict)

    def get(self, rel: str) -> FileHistory | None:
        return self.files.get(rel)


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=True,
    ).stdout


def _read_blobs(cwd: Path, blobs: set[str]) -> dict[str, bytes]:
    """Contents of many blobs through one `git cat-file --batch`."""
    if not blobs:
        return {}
    order = sorted(blobs)
    out = _git(cwd, "cat-file", "--batch", stdin="".join(b + "\n" for b in order).encode())
    contents, pos = {}, 0
    for blob in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) < 3:  # "<sha> missing"
            pos = end + 1
            continue
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return contents


def read_history(
    root: Path,
    pathspec: str,
    current: Mapping[str, tuple[str, frozenset[str]]],
    tz: str = "Asia/Shanghai",
    branch: str = "HEAD",
) -> GitHistory:
    """History of every file under `pathspec` along the branch's first-parent line.

    `current` maps each file (relative to `root`) to its working-tree blob id and
    its flags now (draft, revoked), so that only older versions need reading from git.
    """
    zone = ZoneInfo(tz)
    try:
        top, shallow = _git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository").decode().split()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return GitHistory(problem="不在 git 倉庫中")
    history = GitHistory(available=True, shallow=shallow == "true")
    prefix = root.resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        log = _git(
            root,
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--reverse",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "--format=%x01%ct",
            branch,
            "--",
            pathspec,
        ).decode("utf-8", "replace")
    except subprocess.CalledProcessError as exc:
        if b"does not have any commits" in exc.stderr or b"unknown revision" in exc.stderr:
            return history  # nothing committed yet: every file is new
        history.available = False
        history.problem = exc.stderr.decode("utf-8", "replace").strip()
        return history

    versions: dict[str, list[tuple[dt.date, str, str]]] = {}
    day = None
    for line in log.splitlines():
        if line.startswith("\x01"):
            day = dt.datetime.fromtimestamp(int(line[1:]), zone).date()
        elif line.startswith(":"):
            meta, path = line.split("\t", 1)
            parts = meta.split()
            blob, status = parts[3], parts[4][0]
            if path.startswith(prefix):
                versions.setdefault(path[len(prefix) :], []).append((day, blob, status))

    needed = {
        blob
        for rel, vs in versions.items()
        for _, blob, status in vs
        if status != "D" and blob != current.get(rel, ("", frozenset()))[0]
    }
    flags = {blob: flags_of(text) for blob, text in _read_blobs(root, needed).items()}
    for rel, vs in versions.items():
        history.files[rel] = _file_history(vs, current.get(rel, ("", frozenset())), flags)
    return history


def _file_history(versions, now: tuple[str, frozenset[str]], flags: dict[str, frozenset[str]]) -> FileHistory:
    """Publication, revocation and the public change list from one file's versions, oldest first."""
    now_blob, now_flags = now
    first = revoked = None
    changes: list[tuple[dt.date, str]] = []
    for day, blob, status in versions:
        if status == "D":
            if first:
                changes.append((day, "removed"))
            continue
        these = now_flags if blob == now_blob else flags.get(blob, frozenset())
        if "draft" in these:
            continue
        if first is None:
            first = day
            changes.append((day, "published"))
        elif "revoked" in these and revoked is None:
            changes.append((day, "revoked"))
        else:
            changes.append((day, "corrected"))
        if "revoked" in these and revoked is None:
            revoked = day
    return FileHistory(first, versions[-1][0], tuple(changes), revoked)
