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


# GB 32100-2015: position 1, the registration authority, and the institution categories (position 2)
# each authority may give.
CREDIT_AUTHORITIES = {
    "1": ("機構編制", "1239"),
    "2": ("外交", "19"),
    "3": ("司法行政", "123459"),
    "4": ("文化", "19"),
    "5": ("民政", "1239"),
    "6": ("旅遊", "129"),
    "7": ("宗教", "129"),
    "8": ("工會", "19"),
    "9": ("工商", "123"),
    "A": ("中央軍委改革和編制辦公室", "19"),
    "N": ("農業", "1239"),
    "Y": ("其他", "1"),
}
# Letters the code never uses, and the digit or letter a licence most likely shows in their place.
_LOOKALIKES = {"I": "1", "O": "0", "S": "5", "Z": "2", "V": "U"}
_DIGIT_LOOKALIKES = {"I": "1", "L": "1", "O": "0", "D": "0", "Q": "0", "S": "5", "Z": "2", "B": "8", "G": "6"}
CREDIT_CODE_FIX = "照營業執照逐位抄寫全部 18 位（不要只改最後一位）"


def _credit_char_problem(i: int, c: str, typed: str) -> str | None:
    """What is wrong with character `c` (half-width, as typed: `typed`) at position `i` (1-based)."""
    region = 3 <= i <= 8
    if typed == "l":
        if region or i <= 2:
            return f"第 {i} 位是小寫字母 l，營業執照上這一位多半是數字 1"
        return f"第 {i} 位是小寫字母 l：看清營業執照上這一位是數字 1 還是大寫字母 L"
    if typed == "o":
        return f"第 {i} 位是小寫字母 o：營業執照上這一位多半是數字 0"
    upper = c.upper()
    if region and not c.isdigit():
        guess = _DIGIT_LOOKALIKES.get(upper)
        hint = f"，營業執照上多半是數字 {guess}" if guess else ""
        return f"第 {i} 位「{typed}」不是數字：第 3–8 位是行政區劃碼，只能是數字{hint}"
    if upper in _LOOKALIKES:
        return f"第 {i} 位是字母 {upper}（代碼不用 I、O、S、V、Z），營業執照上多半是{'字母' if upper == 'V' else '數字'} {_LOOKALIKES[upper]}"
    if c != upper and upper in CREDIT_CHARSET:
        return f"第 {i} 位「{typed}」是小寫字母，應為大寫 {upper}"
    if upper not in CREDIT_CHARSET:
        shown = "空格" if c.isspace() else f"「{typed}」"
        return f"第 {i} 位{shown}不是數字或字母"
    return None


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code (every position, GB 32100-2015), or None.

    Each wrong character is named with its position; full-width characters and look-alikes (O for 0,
    a lowercase l for 1, S for 5…) as such. A failed checksum never names a check character to put in:
    the mistake is as likely anywhere else, and changing the last character makes a wrong code pass.
    """
    problems = []
    half = []
    for i, typed in enumerate(code, 1):
        c = chr(ord(typed) - 0xFEE0) if "\uff01" <= typed <= "\uff5e" else " " if typed == "\u3000" else typed
        if c != typed:
            problems.append(f"第 {i} 位「{typed}」是全角字符，應為半角 {c}")
        half.append(c)
        problem = _credit_char_problem(i, c, c)
        if problem:
            problems.append(problem)
    if len(code) != 18:
        problems.insert(0, f"應為 18 位，實為 {len(code)} 位")
    if problems:
        return "，".join(problems)
    authority = CREDIT_AUTHORITIES.get(code[0])
    if authority is None:
        return f"第 1 位（登記管理部門代碼）「{code[0]}」不存在：只能是 {'、'.join(CREDIT_AUTHORITIES)}"
    name, categories = authority
    if code[1] not in categories:
        return (
            f"第 2 位（機構類別代碼）「{code[1]}」與第 1 位「{code[0]}」（{name}）不符："
            f"只能是 {'、'.join(categories)}"
        )
    if code[17] != credit_check_char(code[:17]):
        return "校驗不通過：18 位中有字符抄錯（不一定是最後一位）"
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
