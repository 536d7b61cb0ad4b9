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


# GB/T 2260 province-level codes: the first two digits of a resident ID number (81-83: residence
# permits of Hong Kong, Macao and Taiwan residents). A foreign permanent resident's ID (2023) is 9 + these.
PROVINCES = frozenset(
    map(
        str,
        (
            11,
            12,
            13,
            14,
            15,
            21,
            22,
            23,
            31,
            32,
            33,
            34,
            35,
            36,
            37,
            41,
            42,
            43,
            44,
            45,
            46,
            50,
            51,
            52,
            53,
            54,
        ),
    )
) | frozenset(map(str, (61, 62, 63, 64, 65, 71, 81, 82, 83)))


def _born(year: int, month: int, day: int) -> bool:
    """True when the date exists and lies between 1900 and today."""
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits of an ID number."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17[:17], ID_WEIGHTS, strict=True)) % 11]


def is_resident_id(text: str) -> bool:
    """True for an 18-character GB 11643 ID number: a province code, a real birth date, a valid checksum.

    A foreign permanent resident's ID card (2023 version: 9, then the province code) has the same shape.
    """
    text = text.upper()
    if not _ID_SHAPE.fullmatch(text):
        return False
    province = text[1:3] if text[0] == "9" else text[:2]
    if province not in PROVINCES or id_check_char(text) != text[17]:
        return False
    return _born(int(text[6:10]), int(text[10:12]), int(text[12:14]))


def is_old_resident_id(text: str) -> bool:
    """True for a 15-digit ID number (issued until 1999): a province code and a real birth date 19YYMMDD.

    It has no check digit, so a 15-digit number passes by chance one time in about thirty: callers use it
    only where a label (身分證號…) says an ID number follows.
    """
    if len(text) != 15 or not text.isdigit() or text[:2] not in PROVINCES:
        return False
    return _born(1900 + int(text[6:8]), int(text[8:10]), int(text[10:12]))
