"""One meaning whichever script or width it was typed in: the comparison keys of names and numbers.

Clerks type Simplified characters and full-width digits; the records and departments.yaml are in
Traditional. Two spellings that mean the same (示范县应急管理局 / 示範縣應急管理局, 21号 / 21號,
２０２６ / 2026) get the same key. The key is only compared, never stored or shown: text is kept as
the clerk typed it.

- `fold(text)`: names (parties, enterprises, departments, spreadsheet headers).
- `number_form(number)`: a decision number in the one way to write it, script kept (V2's fix).
- `number_key(number)`: a decision number's comparison key (V7 duplicates across scripts).
- `number_parts(number)`: the year and the sequence number in a decision number (file names, V9).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

import opencc

YEAR_BRACKETS = re.compile(r"[\[【(〖〘]\s*(\d{4})\s*[\]】)〗〙]")
_SPACES = re.compile(r"\s+")
# A space with a non-ASCII character (Chinese, a full-width mark) on either side means nothing.
_LOOSE_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
# 示應急罰〔2026〕21號 / 示应急罚〔2026〕21号 / 示消行罰決字〔2026〕1號, after number_form.
_NUMBER = re.compile(r"^(?P<head>.*〔)(?P<year>\d{4})(?P<mid>〕[^\d]*)(?P<seq>\d+)(?P<tail>[號号])$")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def width(text: str) -> str:
    """NFKC: full-width digits, letters and brackets as half-width (２０２６ → 2026, ［ → [)."""
    return unicodedata.normalize("NFKC", text)


def simplified(text: str) -> str:
    """OpenCC Traditional → Simplified. Many-to-one, so both spellings of a name meet there
    (Simplified → Traditional is one-to-many: 发 → 發/髮)."""
    return _t2s().convert(text) if not text.isascii() else text


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The comparison key of a name typed in either script or width.

    NFKC, whitespace collapsed (and removed next to Chinese characters, where it means nothing),
    Simplified. Letter case and invisible characters are kept: a different case is a visibly
    different name on the page in both scripts, and invisible characters are refused elsewhere (V14).
    """
    text = _SPACES.sub(" ", width(text)).strip()
    return simplified(_LOOSE_SPACE.sub("", text))


def number_form(number: str) -> str:
    """The one way to write a decision number, in the script it was typed in: NFKC (half-width
    digits, letters and brackets), no spaces, the year in 〔〕."""
    return YEAR_BRACKETS.sub(r"〔\1〕", _SPACES.sub("", width(number)))


def number_key(number: str) -> str:
    """Two decision numbers that mean the same have the same key, whatever the script, width,
    spaces or brackets of the year (V7): 示应急罚【2026】21号 ≡ 示應急罰〔2026〕21號."""
    return fold(number_form(number))


def number_parts(number: str) -> tuple[int, int] | None:
    """(year, sequence) of a decision number such as 示應急罰〔2026〕21號, or None if it has no such form."""
    m = _NUMBER.match(number_form(number))
    return (int(m["year"]), int(m["seq"])) if m else None


def departments_by_name(departments: Iterable[Any] | Mapping[str, Any]) -> dict[str, str]:
    """fold(name) → id for departments (objects or mappings with `id` and `name`); the id itself is
    a key too, so a cell holding 示范县应急管理局, 示範縣應急管理局 or yjj finds `yjj`."""
    items = departments.values() if isinstance(departments, Mapping) else departments
    result: dict[str, str] = {}
    for d in items:
        ident = d.get("id") if isinstance(d, Mapping) else getattr(d, "id", None)
        name = d.get("name") if isinstance(d, Mapping) else getattr(d, "name", None)
        if isinstance(ident, str):
            result.setdefault(fold(ident), ident)
            if isinstance(name, str) and name.strip():
                result.setdefault(fold(name), ident)
    return result


class NumberIndex(dict):
    """Decisions by number, found however the number is written (號/号, full-width, brackets)."""

    def __init__(self, pairs=()):
        super().__init__((number_key(n), v) for n, v in pairs)

    def __contains__(self, number: object) -> bool:
        return isinstance(number, str) and super().__contains__(number_key(number))

    def __getitem__(self, number: str):
        return super().__getitem__(number_key(number))
