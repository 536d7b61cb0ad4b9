"""Rule PII: no resident ID number, mobile number, bank card number or individual's address is published.

Runs on the data (every text value, with its field and line) and again on the
rendered output, so that a template cannot leak what the data check passed.

Numbers are recognised as people type them: in groups separated by spaces,
hyphens, dots or a line break (`430521 19900307 1235`, `138-1234-5678`), in
full-width or Chinese digits, glued to a label (`ID…`, `Tel…`, `身分證號：…`), with
a country code (`+86`, `0086`, `86-`). Each is confirmed before it counts: an ID
number by its province code, birth date and check digit (GB 11643), a card by
the Luhn digit, a mobile by its 1[3-9] prefix and length. Masked forms
(4305**********1234, 138****5678) pass. Credit codes, decision numbers,
amounts, dates and landlines do not look like any of these.

An individual's address is recognised by what introduces it (家住、住址、現住、戶籍地、
「，住…」 after a person) and by its detail (a village, a road, a house number);
an organisation's address (「公司位於…路8號」, party.address) is not a person's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .findings import Finding, error
from .identifiers import is_old_resident_id, is_resident_id, is_valid_credit_code
from .load import Mapping

OUTPUT_SUFFIXES = (".html", ".json", ".csv", ".xml", ".txt")

# -- folding: what people type, read one character for one ------------------------------------------------
# Full-width and other-script digits and letters become ASCII (NFKC, when it gives one ASCII character),
# Chinese digits become digits. One character stays one character, so positions (and lines) are kept.

_HAN_DIGITS = "〇零一二三四五六七八九幺"
_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"


class _Fold(dict):
    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isdecimal():
            value = str(unicodedata.decimal(char))
        else:
            norm = unicodedata.normalize("NFKC", char)
            value = norm if len(norm) == 1 and norm.isascii() else char
        self[code] = value
        return value


_FOLD = _Fold({ord(c): v for c, v in zip(_HAN_DIGITS, "001234567891", strict=True)})


# What fold() changes in a number: a non-ASCII digit or space, a full-width character, a dot or dash that
# NFKC makes ASCII, a Chinese digit. Text without one is returned as it is (the common case, and fast).
_FOLDABLE = re.compile(
    r"(?![\x00-\x7f])[\d\s\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u24ea"
    r"\u2024\ufe52\ufe63\uff01-\uff5e]|[" + _HAN_DIGITS + "]"
)


def fold(text: str) -> str:
    """`text` with every digit-like character as an ASCII digit and full-width ASCII as ASCII; same length."""
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


# -- the cheap prefilters ---------------------------------------------------------------------------------
# A personal number has at least 11 digits, so its text spans at least 11 characters from its first digit
# to its last, holding only digit-like characters and separators. An address needs a cue word, and every
# cue holds 住, 居, 籍, 戶 (户) or 址. Text where neither prefilter matches cannot hold anything find()
# reports (tests/test_privacy.py proves the character classes cover every character fold() turns into a
# digit or a separator, and that every positive of the labelled corpus passes them).

_DIGIT_LIKE = r"\d\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u24ea" + _HAN_DIGITS
_SEP_LIKE = r"\s\-.·・‐‑‒–—―−\u2024\ufe52\ufe58\ufe63\uff0d\uff0e\uff65" + _ZERO_WIDTH
# (possessive: a stretch is read once; it may end in separators, so it is a superset of what is needed)
_NUMBER_PREFILTER = re.compile(rf"[{_DIGIT_LIKE}][{_DIGIT_LIKE}{_SEP_LIKE}]{{10,}}+")
_ADDRESS_PREFILTER = re.compile(r"[住居籍戶户址]")
_DIGIT_CHAR = re.compile(rf"[{_DIGIT_LIKE}]")


def _number_stretches(text: str) -> Iterator[re.Match]:
    """The prefilter's stretches that hold at least 11 digit-like characters (a slug like 2014-05-12-… does not)."""
    for m in _NUMBER_PREFILTER.finditer(text):
        if len(_DIGIT_CHAR.findall(m.group())) >= 11:
            yield m


# -- numbers ----------------------------------------------------------------------------------------------

_GAP = rf"[ \t{_ZERO_WIDTH}]"
_DASH = "-.·・‐‑‒–—―−\ufe58\uff65"
# Between two groups of digits: a few spaces, one dash or dot (spaces around it), or one line break.
_SEP = rf"(?:{_GAP}{{1,3}}|{_GAP}{{0,2}}[{_DASH}]{_GAP}{{0,2}}|{_GAP}*\r?\n{_GAP}*)"
_RUN = re.compile(rf"(?<![0-9])[0-9]+(?:{_SEP}[0-9]+)*(?:[Xx](?![0-9A-Za-z]))?")
_GROUP = re.compile(r"[0-9]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_CARD_FIRST = "345689"  # UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3, domestic 9558…; not 1, 2, 7, 0
# Letters that may be glued to a number: a label, never part of a hex hash (each has a letter beyond a-f).
_LEAD_LABELS = ("id", "no", "tel", "phone", "mobile", "mob", "cell", "card", "sfz", "sfzh", "sjh", "dh")
_LEAD_LABELS += ("num", "number", "acct", "account", "kh", "wx", "vx", "qq", "fax", "hm")
_LEAD_SINGLE = ("m", "t", "p", "h", "n")
_TRAIL_LABELS = ("qq", "tel", "fax", "wechat", "wx", "vx", "email", "mail", "mobile", "phone", "id", "no")
_OLD_ID_LABEL = re.compile(r"(?i)身[份分][證证]|[證证][件號号]|ID|sfz")

_KINDS = ("身分證號", "銀行卡號", "手機號")


@dataclass(frozen=True)
class Hit:
    kind: str  # 身分證號 | 銀行卡號 | 手機號 | 自然人住址
    masked: str  # how the message shows it: never the whole value
    start: int  # offset in the text
    end: int


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


_LETTERS_BEFORE = re.compile(r"[A-Za-z]+$")
_LETTERS_AFTER = re.compile(r"[A-Za-z]+")
_LENGTHS = frozenset((11, 13, 15, 16, 17, 18, 19))  # of a mobile (with 86, 0086), an ID, a card


def _label_before(text: str, start: int) -> bool:
    """The ASCII letters glued before `start` are a label (ID, Tel…), or there are none."""
    m = _LETTERS_BEFORE.search(text, max(0, start - 16), start)
    if not m:
        return True
    word = m.group().lower()
    return word in _LEAD_SINGLE or word.endswith(_LEAD_LABELS)


def _label_after(text: str, end: int) -> bool:
    m = _LETTERS_AFTER.match(text, end, end + 16)
    return not m or m.group().lower().startswith(_TRAIL_LABELS)


def _plausible(sizes: list[int]) -> bool:
    """Groups as people write a number: one group, digit by digit, or groups of three or more (the last aside)."""
    return len(sizes) == 1 or all(s == 1 for s in sizes) or all(s >= 3 for s in sizes[:-1])


def _classify(digits: str, x: bool, text: str, start: int) -> tuple[str, str] | None:
    """(kind, the number) when `digits` (with a final X when `x`) is a personal number."""
    n = len(digits)
    if x:
        return ("身分證號", digits + "X") if n == 17 and is_resident_id(digits + "X") else None
    if n == 18 and is_resident_id(digits) and not is_valid_credit_code(digits):
        return "身分證號", digits
    if n == 15 and is_old_resident_id(digits) and _OLD_ID_LABEL.search(text, max(0, start - 12), start):
        return "身分證號", digits
    if 16 <= n <= 19 and digits[0] in _CARD_FIRST and luhn(digits) and not is_valid_credit_code(digits):
        return "銀行卡號", digits
    for prefix in ("", "86", "0086"):
        if n == 11 + len(prefix) and digits.startswith(prefix) and _MOBILE.fullmatch(digits[len(prefix) :]):
            return "手機號", digits[len(prefix) :]
    return None


def _groups(text: str, run: re.Match) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each group of digits in `run`; an invisible separator does not separate."""
    groups: list[tuple[int, int, str]] = []
    for g in _GROUP.finditer(text, run.start(), run.end()):
        if groups and all(c in _ZERO_WIDTH for c in text[groups[-1][1] : g.start()]):
            groups[-1] = (groups[-1][0], g.end(), groups[-1][2] + g.group())
        else:
            groups.append((g.start(), g.end(), g.group()))
    return groups


def _numbers(text: str) -> Iterator[Hit]:
    """Personal numbers in folded `text`: IDs first, then cards, then mobiles, never overlapping."""
    found: list[tuple[int, int, int, int, str, str]] = []  # (kind's rank, -length, start, end, kind, value)
    for run in _RUN.finditer(text):
        if run.end() - run.start() < 11:
            continue  # fewer than 11 digits: the common case, decided at once
        groups = _groups(text, run)
        if sum(len(g[2]) for g in groups) < 11:
            continue
        x = text[run.end() - 1] in "Xx"
        lead_ok = trail_ok = None
        for i in range(len(groups)):
            digits, sizes = "", []
            for j in range(i, len(groups)):
                part = groups[j][2]
                if j > i and len(part) <= 2 and "." in text[groups[j - 1][1] : groups[j][0]]:
                    break  # 150000000.00: a decimal fraction, not a group of a number
                digits += part
                sizes.append(len(part))
                if len(digits) > 19:
                    break
                if len(digits) not in _LENGTHS or not _plausible(sizes):
                    continue
                last = j == len(groups) - 1
                if i == 0:
                    lead_ok = _label_before(text, run.start()) if lead_ok is None else lead_ok
                    if not lead_ok:
                        continue
                if last and not x:
                    trail_ok = _label_after(text, run.end()) if trail_ok is None else trail_ok
                    if not trail_ok:
                        continue
                hit = _classify(digits, x and last, text, groups[i][0])
                if hit:
                    end = run.end() if x and last else groups[j][1]
                    kind, value = hit
                    found.append((_KINDS.index(kind), -len(digits), groups[i][0], end, kind, value))
    taken: list[tuple[int, int]] = []
    for _, _, start, end, kind, value in sorted(found):
        if any(a < end and start < b for a, b in taken):
            continue
        taken.append((start, end))
        yield Hit(kind, mask(value), start, end)


# -- an individual's address ------------------------------------------------------------------------------

_NOUN_CUES = (  # always introduce where a person lives
    r"家庭住址|家庭地址|現住址|现住址|身[份分][證证](?:住址|地址)|住址|家住|現住|现住|現居住?|现居住?|"
    r"暫住|暂住|租住|寄住|借住|[戶户]籍(?:所在)?地(?:址)?|[戶户]口(?:所在地|地址)|居住地"
)
_VERB_CUES = r"居住(?:在|於|于)|住(?:在|於|于)"  # where someone lives: needs a place, not 住在宿舍
_ADDR_CUE = re.compile(
    rf"(?P<noun>{_NOUN_CUES})|(?P<verb>{_VERB_CUES})|(?P<weak>住所地?)"
    r"|(?P<bare>(?:(?<=[，,、；;：:\s（(某其他她者])|^)住(?![所院宿房戶户宅建址持手]))"
)
_AFTER_CUE = re.compile(r"[：:\s]*(?:是|為|为)?[：:\s]*(?P<tail>[^。，,；;、\n()（）<>「」\"]{2,40})")
_DETAIL = re.compile(
    r"[0-9十百]+\s*(?:號|号|組|组|棟|栋|幢|單元|单元|室|弄|排)"
    r"|(?<=[^\s某*×＊○XxΧ])(?:村|社區|社区|小區|小区|屯|巷|弄|胡同|路|街)(?![道辦办])"
)
_ADMIN = re.compile(r"省|市|縣|县|區|区|鎮|镇|鄉|乡|街道|村|社區|社区|小區|小区")
_ROAD_NUMBER = re.compile(r"(?:路|街|巷|弄|道)[0-9]+\s*(?:號|号|弄)")
_PERSON = re.compile(
    r"男|女|出生|生於|生于|[0-9]+[歲岁]|身[份分][證证]|自然人|個人|个人|村民|居民|公民|某|先生|女士"
)
_ORG = re.compile(
    r"公司|廠|厂|企業|企业|單位|单位|礦|矿|合作社|商行|店|站|中心|有限|集團|集团|工地|項目|项目|工程|"
    r"酒店|門市|门市|學校|学校|醫院|医院|機關|机关|局|隊|队"
)
_CLAUSE_END = re.compile(r"[。；;\n]")


def _mask_address(text: str) -> str:
    """The start of an address, digits starred and the rest cut: enough to find it, not to visit."""
    head = re.sub(r"[0-9]", "*", text[:8])
    return head + "…" if len(text) > 8 else head


def _person_is_nearest(text: str, cue: int) -> bool | None:
    """Whether the clause before `cue` speaks last of a person (True), of an organisation (False) or of neither."""
    begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, cue)), default=0)
    person = max((m.end() for m in _PERSON.finditer(text, begin, cue)), default=-1)
    org = max((m.end() for m in _ORG.finditer(text, begin, cue)), default=-1)
    if person < 0 and org < 0:
        return None
    return person > org


def _addresses(text: str, person: bool) -> Iterator[Hit]:
    """Individuals' addresses in folded `text`; `person`: the text is about one individual (representative)."""
    for cue in _ADDR_CUE.finditer(text):
        after = _AFTER_CUE.match(text, cue.end())
        if not after:
            continue
        tail = after.group("tail")
        if not _DETAIL.search(tail):
            continue
        place = _ADMIN.search(tail) or _ROAD_NUMBER.search(tail)
        nearest = _person_is_nearest(text, cue.start())
        if cue.lastgroup == "noun":
            ok = True
        elif cue.lastgroup == "verb":
            ok = bool(place)
        elif cue.lastgroup == "weak":  # 住所 is also an organisation's registered address
            ok = bool(place) and (nearest is True or (person and nearest is None))
        else:  # 「，住…」: a person's unless the clause speaks of an organisation
            ok = bool(place) and nearest is not False
        if ok:
            yield Hit("自然人住址", _mask_address(text[cue.start() : after.end()]), cue.start(), after.end())
            return
    if person and _DETAIL.search(text) and (_ADMIN.search(text) or _ROAD_NUMBER.search(text)):
        yield Hit("自然人住址", _mask_address(text), 0, len(text))


def _hits(text: str, numbers: bool, addresses: bool, person: bool = False) -> list[Hit]:
    folded = fold(text)
    hits = list(_numbers(folded)) if numbers else []
    if addresses or person:
        hits += _addresses(folded, person)
    return sorted(hits, key=lambda h: h.start)


def find_hits(text: str, person: bool = False) -> list[Hit]:
    """Every personal number and individual's address in `text`, with its place.

    `person`: the text describes one individual (a representative), so an address in it is theirs even
    without a word like 住址.
    """
    numbers = next(_number_stretches(text), None) is not None
    addresses = _ADDRESS_PREFILTER.search(text) is not None
    if not (numbers or addresses or person):
        return []
    return _hits(text, numbers, addresses, person)


def find(text: str, person: bool = False) -> Iterator[tuple[str, str]]:
    """(kind, masked value) for every personal number and individual's address in `text`."""
    for hit in find_hits(text, person):
        yield hit.kind, hit.masked


# -- the data ---------------------------------------------------------------------------------------------

_PERSON_FIELDS = ("representative",)


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


def message(kind: str, masked: str, where: str) -> str:
    """The staff message for one hit in the field `where`."""
    if kind == "自然人住址":
        return (
            f"{where} 含自然人的住址「{masked}」；修正：刪除住址，"
            "或只寫到鄉鎮（如「住示範縣城關鎮」），村、路、門牌號不寫"
        )
    return f"{where} 含未脫敏的{kind} {masked}；修正：刪除或改為脫敏形式（如 {masked}）"


def scan_data(sources) -> list[Finding]:
    """PII in any text value of any record, named by field and line."""
    found = []
    for src in sources:
        if src.data is None:
            continue
        for where, line, text in _walk(src.data, "", 1):
            person = where.rsplit(".", 1)[-1] in _PERSON_FIELDS
            for hit in find_hits(text, person):
                found.append(error("PII", src.rel, line, message(hit.kind, hit.masked, where)))
    return found


# -- the rendered output ----------------------------------------------------------------------------------


_BEFORE, _AFTER = 20, 20  # characters around a number that find() looks at: a glued label, 身分證號
_CLAUSE, _TAIL = 200, 60  # before and after an address cue: who the clause is about, the address itself


def scan_text(text: str, rel_path: str) -> list[Finding]:
    """PII in one rendered file.

    find() can only find something where a prefilter matches (a stretch of digits and separators 11
    characters long, or an address cue's character): it runs on the text around those places only.
    """
    spans = [(max(0, m.start() - _BEFORE), m.end() + _AFTER, 1) for m in _number_stretches(text)]
    for m in _ADDRESS_PREFILTER.finditer(text):
        begin = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _CLAUSE)
        spans.append((begin, m.end() + _TAIL, 2))
    if not spans:
        return []
    spans.sort()
    windows: list[list[int]] = []  # [begin, end, what the prefilters saw: 1 a number, 2 an address cue]
    for begin, end, what in spans:
        if windows and begin <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
            windows[-1][2] |= what
        else:
            windows.append([begin, end, what])
    found, line, pos = [], 1, 0
    for begin, end, what in windows:
        for hit in _hits(text[begin:end], bool(what & 1), bool(what & 2)):
            start = begin + hit.start
            line += text.count("\n", pos, start)
            pos = start
            found.append(
                error(
                    "PII",
                    f"output/{rel_path}",
                    line,
                    f"生成的頁面含未脫敏的{hit.kind} {hit.masked}；修正：檢查模板和資料",
                )
            )
    return found


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
