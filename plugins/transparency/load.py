"""Read YAML records with line numbers; every problem becomes a finding, never a traceback."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding, error

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000


class Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class BadDate:
    """A scalar that looks like a date but is not a real one (2026-02-30)."""

    text: str

    def __str__(self) -> str:
        return self.text


class _Loader(_BaseLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool, dt.date)) and key is not None:
            key = str(key)
        if key in result:
            loader.duplicates.append((line, str(key)))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return BadDate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class Source:
    """One data file as read: its text's hash (git blob id) and parsed content."""

    path: Path
    rel: str
    data: Any = None
    blob: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def git_blob_id(raw: bytes) -> str:
    """The id git gives these bytes, so a file can be matched to history without asking git."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "含有 Tab 字元：YAML 縮排只能用空格",
    "mapping values are not allowed here": "此處不能出現「:」；值中含冒號時請加引號",
    "could not find expected ':'": "缺少「:」，或上一行的引號未閉合",
    "found undefined alias": "引用了未定義的錨點（*…）",
    "did not find expected key": "縮排不一致，找不到預期的鍵",
    "found unexpected end of stream": "檔案意外結束：引號或括號未閉合",
    "expected <block end>, but found": "縮排不一致",
    "found duplicate anchor": "錨點（&…）重複",
    "did not find expected node content": "缺少值",
    "while scanning a quoted scalar": "引號未閉合",
}


def _yaml_message(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    lines = text.splitlines()
    if "cannot start any token" in problem and line <= len(lines) and "\t" in lines[line - 1]:
        problem = "found character '\\t' that cannot start any token"
    for english, chinese in _YAML_PROBLEMS.items():
        if english in problem:
            return (
                line,
                f"YAML 語法錯誤：{chinese}；修正：檢查第 {line} 行附近的縮排與引號",
            )
    detail = (getattr(exc, "problem", None) or str(exc)).strip()
    return line, f"YAML 語法錯誤（{detail}）；修正：檢查第 {line} 行附近的縮排與引號"


def parse_text(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """YAML text to data with line numbers, and the (line, key) of every duplicate key dropped."""
    loader = _Loader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


class ParseCache:
    """Parsed records kept by git blob id between builds (.cache/parsed.pickle): parse only what changed."""

    def __init__(self, file: Path | None):
        self.file = file
        self.entries: dict[str, tuple] = {}
        self.used: set[str] = set()
        self.dirty = False
        if file and file.exists():
            try:
                with open(file, "rb") as fh:
                    self.entries = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self.entries = {}  # a cache from another version: start over

    def save(self) -> None:
        """Keep only what this build used, so the cache never outgrows the data."""
        if not self.file or (not self.dirty and self.used == set(self.entries)):
            return
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(kept, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.file)


def read_source(path: Path, root: Path, cache: ParseCache | None = None) -> Source:
    """Read and parse one YAML file; problems are collected on the returned source."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    src = Source(path, rel)
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        src.findings.append(error("V1", rel, 1, "檔案是指向倉庫以外的符號連結；修正：改為普通檔案"))
        return src
    try:
        size = path.stat().st_size
    except OSError as exc:
        src.findings.append(error("V1", rel, 1, f"無法讀取檔案（{exc.strerror}）"))
        return src
    if size > MAX_FILE_BYTES:
        src.findings.append(
            error(
                "V1",
                rel,
                1,
                f"檔案過大（{size:,} 位元組，上限 {MAX_FILE_BYTES:,}）；修正：一個檔案只放一條記錄",
            )
        )
        return src
    raw = path.read_bytes()
    src.blob = git_blob_id(raw)
    if cache is not None and src.blob in cache.entries:
        cache.used.add(src.blob)
        src.data, problems = cache.entries[src.blob]
        src.findings.extend(error(rule, rel, line, message) for rule, line, message in problems)
        return src
    if raw.startswith(b"\xef\xbb\xbf"):
        src.findings.append(error("V1", rel, 1, "檔案以 BOM 開頭；修正：以「UTF-8」（無 BOM）編碼重新儲存"))
        return src
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src.findings.append(error("V1", rel, line, "檔案不是 UTF-8 編碼；修正：以「UTF-8」編碼重新儲存"))
        return src
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        src.findings.append(error("V1", rel, 1, "檔案是空的；修正：填寫記錄內容或刪除檔案"))
        return src
    try:
        src.data, duplicates = parse_text(text)
    except yaml.YAMLError as exc:
        line, message = _yaml_message(exc, text)
        src.findings.append(error("V1", rel, line, message))
        return src
    for line, key in duplicates:
        src.findings.append(error("V10", rel, line, f"鍵「{key}」重複出現；修正：刪除或合併重複的鍵"))
    if cache is not None:
        cache.entries[src.blob] = (src.data, [(f.rule, f.line, f.message) for f in src.findings])
        cache.used.add(src.blob)
        cache.dirty = True
    return src
