"""Publication dates from git: one `git log` for the whole data folder, not one per file.

The same walk finds what must never happen silently on the published branch: a published record
deleted or renamed (U1: its URL would disappear), and commit dates that cannot be true (G2: a
commit dated after the real clock, or before the commit it follows).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from . import load
from .findings import Finding, error, warning

CHANGE_LABELS = {
    "published": "首次公示",
    "entered": "錄入本站",  # an explicit earlier publication date, committed later
    "corrected": "更正",
    "revoked": "撤銷並撤回公示",
    "removed": "刪除",
}
UNREADABLE = "unreadable"  # a flag: the version does not parse as a record (it never built)


def flags_of(
    text: bytes, max_bytes: int = 1_000_000, limits: load.ParseLimits | None = None
) -> frozenset[str]:
    """What a version of a record says about itself: a draft, a revoked decision.

    Read as the loader reads it (the same YAML parser and limits), so that CRLF line endings,
    `"draft": true`, `draft: yes`, flow mappings and comments mean here what they mean to the
    build. A version that the build could not have read (too large, BOM, not UTF-8, empty, bad
    YAML, over a limit, not a mapping) never reached the public: it counts as a draft, so that
    publication is never dated earlier than a version that really built. A `draft` value other
    than false or empty (e.g. the string "true", which the schema rejects) counts as a draft too.
    """
    data = _parse_version(text, max_bytes, limits)
    if not isinstance(data, dict):
        return frozenset({"draft", UNREADABLE})
    flags = set()
    if data.get("draft") not in (None, False):
        flags.add("draft")
    if data.get("status") == "revoked":
        flags.add("revoked")
    return frozenset(flags)


def _parse_version(raw: bytes, max_bytes: int, limits: load.ParseLimits | None):
    """A historic version's data as the loader would read it, or None when the loader would refuse it."""
    if len(raw) > max_bytes or raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        return load.parse_text(raw.decode("utf-8"), limits)[0]
    except Exception:  # whatever the loader refuses (syntax, limits, encoding) never built
        return None


@dataclass(frozen=True)
class FileHistory:
    """What the published branch knows about one file."""

    first_published: dt.date | None  # first commit in which it is present and not a draft
    last_changed: dt.date | None
    changes: tuple[tuple[dt.date, str], ...] = ()  # public changes, oldest first: (date, CHANGE_LABELS key)
    first_revoked: dt.date | None = None  # first commit in which a decision says status: revoked
    removed_in: str | None = None  # the commit that deleted it, when the branch's last version is a deletion
    renamed_to: str | None = None  # the file that commit added in its place (same content or same name)
    last_blob: str = ""  # the blob of the branch's last version that was present
    # When each of `changes` reached the branch, with its time (the configured zone): Atom's `updated`.
    moments: tuple[dt.datetime, ...] = ()
    first_revoked_at: dt.datetime | None = None

    @property
    def first_published_at(self) -> dt.datetime | None:
        return self.moments[0] if self.first_published and self.moments else None

    @property
    def last_public_change_at(self) -> dt.datetime | None:
        """When the newest public change (publication, correction, revocation) reached the branch."""
        kept = [m for m, (_, kind) in zip(self.moments, self.changes, strict=True) if kind != "removed"]
        return kept[-1] if kept else None


@dataclass(frozen=True)
class ClockProblem:
    """A commit whose date cannot be when it reached the branch."""

    commit: str
    when: dt.datetime  # its committer date, in the configured zone
    reference: dt.datetime  # the real clock (future) or the latest earlier commit (backwards)
    future: bool
    files: tuple[str, ...]  # the data files it changed


@dataclass
class GitHistory:
    available: bool = False
    shallow: bool = False
    problem: str | None = None
    branch: str = "HEAD"
    files: dict[str, FileHistory] = field(default_factory=dict)
    clock: list[ClockProblem] = field(default_factory=list)

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


# One version of a file along the branch: (date it reached the branch, blob, status A/M/D, commit, blob before,
# date-time it reached the branch)
Version = tuple[dt.date, str, str, str, str, dt.datetime]


def _now(zone: ZoneInfo) -> dt.datetime:
    """The real clock, never the fixed "today" of tests and demos (a commit cannot come from the future)."""
    return dt.datetime.now(zone)


def read_history(
    root: Path,
    pathspec: str,
    current: Mapping[str, tuple[str, frozenset[str]]],
    tz: str = "Asia/Shanghai",
    branch: str = "HEAD",
    now: dt.datetime | None = None,
    max_bytes: int = 1_000_000,
    limits: load.ParseLimits | None = None,
) -> GitHistory:
    """History of every file under `pathspec` along the branch's first-parent line.

    `current` maps each file (relative to `root`) to its working-tree blob id and
    its flags now (draft, revoked), so that only older versions need reading from git.
    A commit dated before the one it follows counts from that earlier commit's date (the
    change cannot have reached the branch sooner); it and any commit dated after `now`
    (default: the real clock) are listed in `clock`.
    """
    zone = ZoneInfo(tz)
    try:
        top, shallow = _git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository").decode().split()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return GitHistory(problem="不在 git 倉庫中", branch=branch)
    history = GitHistory(available=True, shallow=shallow == "true", branch=branch)
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
            "--format=%x01%ct %H",
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

    today = (now or _now(zone)).astimezone(zone).date()
    versions: dict[str, list[Version]] = {}
    added: dict[str, list[tuple[str, str]]] = {}  # commit → [(path, blob)] it added
    commits: list[
        tuple[str, dt.datetime, dt.datetime | None, list[str]]
    ] = []  # sha, date, latest before, files
    day = sha = None
    latest: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x01"):
            stamp, sha = line[1:].split()
            when = dt.datetime.fromtimestamp(int(stamp), zone)
            commits.append((sha, when, latest, []))
            latest = when if latest is None or when > latest else latest
            day = latest.date()  # never earlier than a commit already on the branch
        elif line.startswith(":"):
            meta, path = line.split("\t", 1)
            parts = meta.split()
            old, blob, status = parts[2], parts[3], parts[4][0]
            if path.startswith(prefix):
                rel = path[len(prefix) :]
                versions.setdefault(rel, []).append((day, blob, status, sha, old, latest))
                commits[-1][3].append(rel)
                if status == "A":
                    added.setdefault(sha, []).append((rel, blob))
    for sha, when, before, files in commits:
        if when.date() > today:
            history.clock.append(
                ClockProblem(sha, when, _now(zone) if now is None else now, True, tuple(files))
            )
        elif before is not None and when.date() < before.date():
            history.clock.append(ClockProblem(sha, when, before, False, tuple(files)))

    needed = {
        blob
        for rel, vs in versions.items()
        for _, blob, status, *_ in vs
        if status != "D" and blob != current.get(rel, ("", frozenset()))[0]
    }
    flags = {blob: flags_of(text, max_bytes, limits) for blob, text in _read_blobs(root, needed).items()}
    for rel, vs in versions.items():
        file = _file_history(vs, current.get(rel, ("", frozenset())), flags)
        if file.removed_in:
            file = _with_rename(file, rel, vs[-1], added.get(file.removed_in, []))
        history.files[rel] = file
    return history


def _with_rename(file: FileHistory, rel: str, deletion: Version, added: list[tuple[str, str]]) -> FileHistory:
    """The file the deleting commit added in its place: same content, else same name, else the only one beside it."""
    old = deletion[4]
    name = rel.rsplit("/", 1)[-1]
    folder = rel.split("/")[:2]
    for candidates in (
        [p for p, b in added if b == old],
        [p for p, _ in added if p.rsplit("/", 1)[-1] == name],
        [p for p, _ in added if p.split("/")[:2] == folder],
    ):
        if len(candidates) == 1:
            return replace(file, renamed_to=candidates[0])
    return file


def _file_history(versions, now: tuple[str, frozenset[str]], flags: dict[str, frozenset[str]]) -> FileHistory:
    """Publication, revocation and the public change list from one file's versions, oldest first."""
    now_blob, now_flags = now
    first = revoked = revoked_at = None
    changes: list[tuple[dt.date, str]] = []
    moments: list[dt.datetime] = []
    for day, blob, status, _, _, moment in versions:
        if status == "D":
            if first:
                changes.append((day, "removed"))
                moments.append(moment)
            continue
        these = now_flags if blob == now_blob else flags.get(blob, frozenset({"draft", UNREADABLE}))
        if "draft" in these:
            continue
        if first is None:
            first = day
            changes.append((day, "published"))
        elif "revoked" in these and revoked is None:
            changes.append((day, "revoked"))
        else:
            changes.append((day, "corrected"))
        moments.append(moment)
        if "revoked" in these and revoked is None:
            revoked, revoked_at = day, moment
    last = versions[-1]
    removed_in = last[3] if last[2] == "D" and first else None
    kept = next((v[1] for v in reversed(versions) if v[2] != "D"), "")
    return FileHistory(
        first,
        last[0],
        tuple(changes),
        revoked,
        removed_in,
        last_blob=kept,
        moments=tuple(moments),
        first_revoked_at=revoked_at,
    )


# -- findings ------------------------------------------------------------------------------------

_TAKE_DOWN = {
    "decisions": "要撤下處罰決定，恢復後改為 status: revoked 並填寫 revoked: {date, reason}（網頁改為撤回公告）",
    "blacklists": "名單條目要移出，恢復後在條目中填寫 removed: {date, reason}",
}


def removed_records(
    history: GitHistory,
    root: Path,
    present: Collection[str],
    url_of: Callable[[str], str | None],
    drafts: Collection[str] = (),
) -> list[Finding]:
    """U1: a record that was published on the branch and whose URL would now disappear.

    `present` holds every file now under the data folder (relative to `root`); `url_of` gives a
    record file's public URL, or None for files without a page (holidays, departments, misplaced
    files that never built); `drafts` holds the records that say `draft: true` now.
    """
    if not history.available:
        return []
    found = []
    new_files = [p for p in present if p not in history.files]
    for rel, file in sorted(history.files.items()):
        url = url_of(rel)
        if url is None or file.first_published is None:
            continue
        since = f"{file.first_published} 首次公示"
        down = _TAKE_DOWN.get(rel.split("/")[1] if "/" in rel else "", "")
        down = f"；{down}" if down else ""
        if rel in present:
            if rel in drafts:
                found.append(
                    error(
                        "U1",
                        rel,
                        0,
                        f"已公示的記錄（{since}）被改回草稿（draft: true），網址 /{url} 會消失；"
                        f"已公示的記錄不能改回草稿；修正：刪除 draft: true，內容有誤的直接更正{down}",
                    )
                )
            continue
        if file.removed_in:
            short = file.removed_in[:10]
            if file.renamed_to and file.renamed_to in present:
                what = f"被改名為 {file.renamed_to}（提交 {short}）"
                fix = f"git mv {file.renamed_to} {rel}"
            else:
                what = f"被刪除（提交 {short}）"
                fix = f"git checkout {short}^ -- {rel}"
        else:
            target = _renamed_in_tree(root, rel, history.files[rel], new_files)
            what = f"被改名為 {target}（尚未提交）" if target else "被刪除（尚未提交）"
            fix = f"git mv {target} {rel}" if target else f"git checkout {history.branch} -- {rel}"
        found.append(
            error(
                "U1",
                rel,
                0,
                f"已公示的記錄（{since}）{what}，網址 /{url} 會消失；已公示的記錄不能刪除或改名；"
                f"修正：執行 {fix} 恢復原檔案，內容有誤的直接更正{down}",
            )
        )
    return found


_MAX_HASHED = 10_000_000  # a new file larger than this is no renamed record (and is V13 anyway)


def _renamed_in_tree(root: Path, rel: str, file: FileHistory, new_files: list[str]) -> str | None:
    """A file not yet committed that holds the removed file's last content, else has its name."""
    name = rel.rsplit("/", 1)[-1]
    same_name = [p for p in new_files if p.rsplit("/", 1)[-1] == name]
    if file.last_blob:
        for p in new_files:
            try:
                path = root / p
                if (
                    path.stat().st_size <= _MAX_HASHED
                    and load.git_blob_id(path.read_bytes()) == file.last_blob
                ):
                    return p
            except OSError:
                continue
    return same_name[0] if len(same_name) == 1 else None


def clock_findings(history: GitHistory, tz: str = "Asia/Shanghai") -> list[Finding]:
    """G2: a commit dated after the real clock (error), or before the commit it follows (warning)."""
    found = []
    for c in history.clock:
        files = [f for f in c.files if f.endswith(".yaml")] or list(c.files)
        where = files[0] if files else "data"
        more = f"等 {len(files)} 個檔案" if len(files) > 1 else ""
        when = c.when.strftime("%Y-%m-%d %H:%M")
        ref = c.reference.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
        if c.future:
            found.append(
                error(
                    "G2",
                    where,
                    0,
                    f"提交 {c.commit[:10]} 的日期 {when} 晚於實際時間 {ref}（{tz}），不能作為此檔案{more}的公示日期；"
                    "修正：校正提交所用電腦的日期和時區，未推送的提交執行 git commit --amend --no-edit --date=now "
                    "重新提交；已推送到發佈分支的，請管理員以正確日期重寫該提交",
                )
            )
        else:
            found.append(
                warning(
                    "G2",
                    where,
                    0,
                    f"提交 {c.commit[:10]} 的日期 {when} 早於分支上前一提交的 {ref}，此檔案{more}的日期以 {ref[:10]} 計算"
                    "（變更不可能早於前一提交進入分支）；修正：校正提交所用電腦的日期和時區",
                )
            )
    return found
