"""Checksums of Chinese identifiers: unified social credit codes and resident ID numbers."""

from __future__ import annotations

import datetime as dt
import re

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

_ID_SHAPE = re.compile(r"\d{17}[\dX]")


def credit_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a code."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17[:17], CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None when it is."""
    if len(code) != 18:
        return f"應為 18 位，實為 {len(code)} 位"
    if code != code.upper():
        return "字母應為大寫"
    bad = sorted({c for c in code if c not in CREDIT_CHARSET})
    if bad:
        return f"含不允許的字元 {'、'.join(bad)}（代碼不使用 I、O、S、V、Z）"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"校驗位應為 {expected}，實為 {code[17]}"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True when `code` passes the GB 32100-2015 shape and checksum."""
    return credit_code_problem(code) is None


def is_resident_id(text: str) -> bool:
    """True for an 18-character GB 11643 ID number with a valid checksum and birth date."""
    text = text.upper()
    if not _ID_SHAPE.fullmatch(text):
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != text[17]:
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born
