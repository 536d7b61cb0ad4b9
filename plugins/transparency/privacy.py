"""Rule PII: no resident ID number, mobile number, bank card number or individual's address is published.

Runs on the data (every text value, with its field and line) and again on the
rendered output, so that a template cannot leak what the data check passed.
Masked forms (4305**********1234, 138****5678) pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .findings import Finding, error
from .identifiers import is_resident_id, is_valid_credit_code
from .load import Mapping

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d{9})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])")
OUTPUT_SUFFIXES = (".html", ".json", ".csv", ".xml")


def luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask(number: str) -> str:
    """Show a found number the way it may be published: ends kept, middle starred."""
    if len(number) == 11:
        return f"{number[:3]}****{number[-4:]}"
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


def find(text: str) -> Iterator[tuple[str, str]]:
    """(kind, masked number) for every personal number in `text`."""
    taken: list[tuple[int, int]] = []
    for m in _ID.finditer(text):
        value = m.group()
        if is_valid_credit_code(value.upper()):
            continue  # an all-digit credit code can look like an ID number
        if is_resident_id(value):
            taken.append(m.span())
            yield "身分證號", mask(value)
    for m in _CARD.finditer(text):
        value = m.group()
        if any(a <= m.start() < b for a, b in taken) or is_valid_credit_code(value):
            continue
        if luhn(value):
            taken.append(m.span())
            yield "銀行卡號", mask(value)
    for m in _MOBILE.finditer(text):
        if any(a <= m.start(1) < b for a, b in taken):
            continue
        yield "手機號", mask(m.group(1))


def _walk(value: Any, where: str, line: int) -> Iterator[tuple[str, int, str]]:
    if isinstance(value, Mapping):
        for key, v in value.items():
            yield from _walk(v, f"{where}.{key}" if where else str(key), value.line_of(key))
    elif isinstance(value, dict):
        for key, v in value.items():
            yield from _walk(v, f"{where}.{key}" if where else str(key), line)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{where}[{i + 1}]", getattr(v, "line", line))
    elif isinstance(value, str):
        yield where, line, value


def scan_data(sources) -> list[Finding]:
    """PII in any text value of any record, named by field and line."""
    found = []
    for src in sources:
        if src.data is None:
            continue
        for where, line, text in _walk(src.data, "", 1):
            for kind, masked in find(text):
                found.append(
                    error(
                        "PII",
                        src.rel,
                        line,
                        f"{where} 含未脫敏的{kind} {masked}；修正：刪除或改為脫敏形式（如 {masked}）",
                    )
                )
    return found


_CANDIDATE = re.compile(r"\d{11}")


def scan_text(text: str, rel_path: str) -> list[Finding]:
    """PII in one rendered file. Only lines holding a run of eleven digits can hold a personal number."""
    lines, line, pos = [], 0, 0
    for m in _CANDIDATE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    if not lines:
        return []
    all_lines = text.splitlines()
    return [
        error(
            "PII",
            f"output/{rel_path}",
            index + 1,
            f"生成的頁面含未脫敏的{kind} {masked}；修正：檢查模板和資料",
        )
        for index in lines
        for kind, masked in find(all_lines[index])
    ]


def scan_output(site: Path, skip: tuple[str, ...] = (), known_clean: set[str] | None = None) -> list[Finding]:
    """PII anywhere in the rendered site (the search index excepted: it is built from these pages).

    `known_clean` pages (scanned as they were rendered, or placed from the page cache) are skipped.
    """
    from .pagecache import walk_files

    found = []
    for rel_path in walk_files(site, ("pagefind/", *skip)):
        if not rel_path.endswith(OUTPUT_SUFFIXES) or (known_clean and rel_path in known_clean):
            continue
        with open(site / rel_path, encoding="utf-8", errors="replace") as fh:
            found.extend(scan_text(fh.read(), rel_path))
    return found
