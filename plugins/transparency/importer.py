"""`invoke import decisions FILE`: rows of a spreadsheet become YAML records — or every reason why not.

Two layouts are read: the county's own export (headers below, Traditional or Simplified, full-width or
with spaces) and the national upload format (credit.HEADERS, amounts in 萬元), recognised by its
headers. Problems are told in spreadsheet words — row and column — all of a row's at once.
A line break inside a cell of 違法事實 starts a new paragraph (facts are Markdown).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from . import credit
from .dataset import Dataset
from .kinds.decision import IMPORT_COLUMNS, NATIONAL_COLUMNS
from .load import parse_text
from .normalize import departments_by_name, fold, number_key, number_parts
from .scaffold import next_number
from .schema import DECISION
from .validate import check_decision, validate_record

# The county export: header (Traditional) → key, as kinds/decision.py declares the columns.
COLUMNS = {c.header: c.key for c in IMPORT_COLUMNS}
REQUIRED = [c.key for c in IMPORT_COLUMNS if c.required]
# The national format: header → the same keys (amounts in 萬元, 处罚内容 as the penalties' words), the
# columns kinds/decision.py declares as read back.
NATIONAL = {c.header: c.key for c in NATIONAL_COLUMNS if c.imported}
PARTY_TYPES = {
    "法人": "organization",
    "法人或其他組織": "organization",
    "法人及非法人組織": "organization",
    "非法人組織": "organization",
    "組織": "organization",
    "企業": "organization",
    "單位": "organization",
    "個體工商戶": "individual_business",
    "個體": "individual_business",
    "自然人": "individual",
    "個人": "individual",
}
PENALTY_WORDS = [
    ("警告", "warning"),
    ("罰款", "fine"),
    ("沒收", "confiscation"),
    ("停產停業", "suspension"),
    ("停業", "suspension"),
    ("吊銷", "license_revocation"),
    ("暫扣", "license_revocation"),
    ("關閉", "closure"),
]
_PARTY_TYPES = {fold(k): v for k, v in PARTY_TYPES.items()}
_PENALTY_WORDS = [(fold(w), c) for w, c in PENALTY_WORDS]
_CATEGORIES = {fold(v): k for k, v in credit.CATEGORIES.items() if k != "closure"}
_MISSING = re.compile(r"缺少必填欄位 (?P<path>[a-z_.]+)（[^）]*）(?:：(?P<why>[^；]*))?")
_PATHS = {"party.name": "party_name", "party.type": "party_type"}
_WHERE = re.compile(r"^[a-z_]+(?:\.[a-z_]+|\[\d+\])*(?:（[^）]*）)?[：:]?\s*")


class RowError(ValueError):
    pass


@dataclass
class Outcome:
    row: int
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def problem(self) -> str | None:
        return "\n".join(self.problems) if self.problems else None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """The header row understood: which key is in which column, as the clerk wrote it."""

    national: bool
    columns: dict[str, tuple[int, str]]  # key → (0-based index, header as written)
    named: dict[str, str]  # key → the header name to suggest when the column is missing

    @classmethod
    def of(cls, header: list[str]) -> Sheet:
        folded = [fold(h) for h in header]
        national_keys = {fold(h) for h in NATIONAL}
        national = sum(f in national_keys for f in folded) >= 10
        table = NATIONAL if national else COLUMNS
        wanted = {fold(h): key for h, key in table.items()}
        columns: dict[str, tuple[int, str]] = {}
        for i, f in enumerate(folded):
            key = wanted.get(f)
            if key and key not in columns:
                columns[key] = (i, header[i].strip())
        return cls(national, columns, {key: h for h, key in table.items()})

    def place(self, row: int, key: str) -> str:
        if key in self.columns:
            index, written = self.columns[key]
            return f"第 {row} 行「{written}」列（{column_letter(index)} 列）"
        return f"第 {row} 行「{self.named.get(key, key)}」列"


class Cells:
    """One row's cells by key, and every problem found in them."""

    def __init__(self, sheet: Sheet, values: list[str], row: int):
        self.sheet, self.values, self.row = sheet, values, row
        self.problems: list[str] = []
        self.failed: set[str] = set()

    def get(self, key: str) -> str:
        if key not in self.sheet.columns:
            return ""
        index = self.sheet.columns[key][0]
        return self.values[index] if index < len(self.values) else ""

    def fail(self, key: str | None, message: str) -> None:
        if key in self.failed:
            return
        place = self.sheet.place(self.row, key) if key else f"第 {self.row} 行"
        self.problems.append(f"{place}：{message}")
        if key:
            self.failed.add(key)


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows as text; CSV (UTF-8, with or without BOM, or GB18030) or .xlsx.

    A quoted CSV cell may hold line breaks: they are kept (as "\n").
    """
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [[_cell(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RowError("文件既不是 UTF-8 也不是 GB18030 編碼；修正：在 Excel 中「另存為」CSV UTF-8")
        table = [[_text(v) for v in r] for r in csv.reader(io.StringIO(text, newline=""))]
    if not table:
        return [], []
    rows = [r for r in table[1:] if any(r)]
    return table[0], rows


def read_rows(path: Path) -> list[dict[str, str]]:
    """The spreadsheet's rows as header → text."""
    header, rows = read_table(path)
    return [dict(zip(header, r, strict=False)) for r in rows]


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(str(value))


def _date(text: str) -> dt.date:
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        raise RowError(f"「{text}」不是日期；修正：寫成 2026-03-02 這樣的日期")
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        raise RowError(f"「{text}」不是存在的日期；修正：核對年、月、日") from None


def _amount(text: str, wan: bool) -> int:
    """An amount in yuan from 元 (or "3.5萬") — or, for the national format, from 萬元 — exactly."""
    clean = re.sub(r"[,，\s]", "", text)
    clean = clean.removesuffix("元")
    unit = "萬元" if wan else "元"
    scale = Decimal(10_000) if wan else Decimal(1)
    if clean.endswith(("萬", "万")):
        clean, scale = clean[:-1], Decimal(10_000)
    try:
        value = Decimal(clean) * scale
    except InvalidOperation:
        raise RowError(f"「{text}」不是金額；修正：只寫阿拉伯數字，單位{unit}") from None
    if not value.is_finite() or value < 0:
        raise RowError(f"「{text}」不是金額；修正：只寫阿拉伯數字，單位{unit}")
    if value != value.to_integral_value():
        raise RowError(f"「{text}」{unit}不是整元（{value} 元）；修正：核對金額")
    return int(value)


def _facts(text: str) -> str:
    """Each line of the cell a paragraph of its own (Markdown needs a blank line between paragraphs)."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _penalties(cells: Cells) -> list[dict]:
    """The penalties of a county-export row: 處罰種類 words, amounts in 元, 處罰說明 on the first."""
    penalties: list[dict] = []
    for part in re.split(r"[、；;,，/\n]", cells.get("penalties")):
        part = part.strip()
        if not part:
            continue
        folded = fold(part)
        code = next((c for word, c in _PENALTY_WORDS if word in folded), "other")
        if code in {p["type"] for p in penalties}:
            continue
        penalty: dict = {"type": code}
        if code == "other":
            penalty["detail"] = part
        penalties.append(penalty)
    if cells.get("detail") and penalties:
        penalties[0].setdefault("detail", cells.get("detail"))
    return penalties


def _national_penalties(cells: Cells) -> list[dict]:
    """The penalties of a national row: 处罚类别 codes joined by ;, 处罚内容 one part per penalty."""
    categories = [c.strip() for c in re.split(r"[;；]", cells.get("penalties")) if c.strip()]
    codes = []
    for cat in categories:
        code = _CATEGORIES.get(fold(cat))
        if code is None:
            listing = "、".join(dict.fromkeys(credit.CATEGORIES.values()))
            cells.fail("penalties", f"「{cat}」不是處罰類別；修正：從以下選一個（多個用 ; 分隔）：{listing}")
            return []
        codes.append(code)
    content = cells.get("detail")
    parts = [p.strip() for p in re.split(r"[；;\n]", content) if p.strip()]
    if len(parts) != len(codes):
        parts = [""] * len(codes)
        extra = content
    else:
        extra = ""
    penalties: list[dict] = []
    for code, part in zip(codes, parts, strict=True):
        if code == "other" and fold("關閉") in fold(part):
            code = "closure"
        if code in {p["type"] for p in penalties}:
            continue
        penalty: dict = {"type": code}
        if part and fold(part) != fold(credit.LABELS[code]):
            penalty["detail"] = part
        elif code == "other" and not part:
            penalty["detail"] = content or credit.LABELS[code]
        penalties.append(penalty)
    if extra and penalties:
        penalties[0].setdefault("detail", extra)
    return penalties


def record_from_row(cells: Cells, ds: Dataset) -> dict:
    """One decision as a plain dict; every problem of the row is added to cells.problems."""
    sheet = cells.sheet
    for key in REQUIRED:
        if not cells.get(key):
            cells.fail(key, f"是空的；修正：填寫{sheet.named[key]}")
    record: dict = {}
    number = cells.get("number")
    if number:
        record["number"] = number
    dept_text = cells.get("department")
    if dept_text:
        dept = departments_by_name(ds.departments).get(fold(dept_text))
        if dept:
            record["department"] = dept
        else:
            names = "、".join(d.name for d in ds.departments.values())
            cells.fail("department", f"「{dept_text}」不是本縣的處罰機關；修正：寫機關全稱，如：{names}")
    for key in ("decided", "published"):
        if cells.get(key):
            try:
                record[key] = _date(cells.get(key))
            except RowError as exc:
                cells.fail(key, str(exc))
    party_text = cells.get("party_type")
    kind = _PARTY_TYPES.get(fold(party_text or ("法人" if cells.get("credit_code") else "自然人")))
    if not kind:
        cells.fail("party_type", f"「{party_text}」無法識別；修正：寫 法人及非法人組織、個體工商戶 或 自然人")
        kind = "organization"
    party: dict = {"type": kind, "name": cells.get("party_name")}
    if cells.get("credit_code"):
        party["credit_code"] = cells.get("credit_code")  # as typed: a lowercase l is named, not made an L
    if cells.get("representative"):
        party["representative"] = cells.get("representative")
    if cells.get("address"):
        party["address"] = cells.get("address")
    record["party"] = party
    if cells.get("industry"):
        record["industry"] = cells.get("industry")
    for key in ("violation", "basis"):
        if cells.get(key):
            record[key] = cells.get(key)
    if cells.get("facts"):
        record["facts"] = _facts(cells.get("facts"))
    penalties = _national_penalties(cells) if sheet.national else _penalties(cells)
    for code in ("fine", "confiscation"):
        penalty = next((p for p in penalties if p["type"] == code), None)
        text = cells.get(code)
        word = "罰款" if code == "fine" else "沒收"
        if penalty and not text:
            cells.fail(code, f"是空的，但處罰種類含{word}；修正：填寫{sheet.named[code]}")
        elif penalty:
            try:
                penalty["amount"] = _amount(text, sheet.national)
            except RowError as exc:
                cells.fail(code, str(exc))
        elif text and text.strip("0. ") and penalties:
            cells.fail(code, f"填了 {text}，但處罰種類不含{word}；修正：在處罰種類寫上{word}，或清空此格")
    if penalties:
        record["penalties"] = penalties
    order = ["number", "department", "decided", "published", "party", "industry", "violation", "facts"]
    return {k: record[k] for k in [*order, "basis", "penalties"] if k in record}


def _fix_words(message: str) -> str:
    """A validator message in spreadsheet words: no field path, no YAML talk."""
    message = _WHERE.sub("", message)
    return message.replace("刪除此欄位", "清空此格").replace("刪除該欄位", "清空此格")


def _validate(text: str, cells: Cells) -> None:
    """Validate the record exactly as the build would; each problem told at its cell."""
    data, _ = parse_text(text)
    by_line: dict[int, str] = {}
    for key in data:
        by_line.setdefault(data.line_of(key), {"party": "party_name"}.get(key, key))
    party = data.get("party")
    if hasattr(party, "line_of"):
        for key in party:
            by_line[party.line_of(key)] = {"type": "party_type", "name": "party_name"}.get(key, key)
    for item in data.get("penalties") or []:
        if hasattr(item, "line_of"):
            owed = item.get("type") in ("fine", "confiscation") and "amount" not in item
            by_line[item.line] = item["type"] if owed else "penalties"
            if "amount" in item:
                by_line[item.line_of("amount")] = (
                    item.get("type") if item.get("type") in ("fine", "confiscation") else "penalties"
                )
            if "detail" in item:
                by_line[item.line_of("detail")] = "detail" if "detail" in cells.sheet.columns else "penalties"
    found: list[tuple[int, str]] = [(f.line, f.message) for f in validate_record(DECISION, data, "")]
    check_decision(data, lambda rule, line, message: found.append((line, message)))
    for line, message in found:
        key = by_line.get(line)
        missing = _MISSING.match(message)
        if missing:
            path = missing["path"]
            key = _PATHS.get(path, path.rsplit(".", 1)[-1])
            if key not in cells.sheet.named:
                key = None
            elif key not in cells.failed:
                why = f"（{missing['why']}）" if missing["why"] else ""
                cells.fail(key, f"是空的{why}；修正：填寫{cells.sheet.named[key]}")
                continue
        if key in cells.failed:
            continue
        cells.fail(key, _fix_words(message))


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(record: dict) -> str:
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def import_decisions(path: Path, ds: Dataset, root: Path, write: bool = True) -> list[Outcome]:
    """Write one YAML file per convertible row; every other row gets all its problems, by cell."""
    from .dataset import named_parties

    header, rows = read_table(path)
    sheet = Sheet.of(header)
    missing = [sheet.named[k] for k in REQUIRED if k not in sheet.columns]
    if missing:
        raise RowError(
            f"表頭缺少欄位 {'、'.join(missing)}（第 1 行）；修正：在第 1 行加上這些列名"
            f"（繁體或簡體均可）；可用的列名：{'、'.join(COLUMNS)}，或全國雙公示上報模板的表頭"
        )
    outcomes = []
    numbers = {number_key(d.number): d.number for d in ds.decisions}
    known = {p.credit_code: p.name for p, *_ in named_parties(ds) if p.credit_code}
    for i, values in enumerate(rows, start=2):  # row 1 is the header
        cells = Cells(sheet, values, i)
        record = record_from_row(cells, ds)
        code = record["party"].get("credit_code")
        name = record["party"].get("name")
        if code and name and code in known and fold(known[code]) != fold(name):
            cells.fail(
                "party_name",
                f"「{name}」與本站同一統一社會信用代碼 {code} 的名稱「{known[code]}」不同；"
                "修正：照營業執照核對名稱和代碼",
            )
        number = record.get("number")
        if number and number_key(number) in numbers:
            cells.fail(
                "number",
                f"文號 {number} 已存在（本站已有 {numbers[number_key(number)]}）；"
                "修正：已匯入過的行刪去，否則核對文號",
            )
        _validate(dump(record), cells)
        if cells.problems:
            outcomes.append(Outcome(i, problems=cells.problems))
            continue
        if code:
            known.setdefault(code, name)
        parts = number_parts(record["number"])
        year = record["decided"].year
        rid = (
            f"{record['department']}-{parts[0]}-{parts[1]:03d}"
            if parts
            else next_number(ds, record["department"], year)[1]
        )
        target = root / ds.config.data_path / "decisions" / str(year) / f"{rid}.yaml"
        if target.exists():
            cells.fail(None, f"{target.relative_to(root)} 已存在；修正：核對文號的序號")
            outcomes.append(Outcome(i, problems=cells.problems))
            continue
        if write:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# 由 {path.name} 第 {i} 行匯入\n{dump(record)}", encoding="utf-8")
        numbers[number_key(record["number"])] = record["number"]
        note = None if "published" in record else "未填公示日期：提交日期將作為公示日期"
        outcomes.append(Outcome(i, path=target.relative_to(root), note=note))
    return outcomes
