"""`invoke import decisions FILE`: rows of a spreadsheet export become YAML records — or a reason why not."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .dataset import Dataset
from .load import parse_text
from .scaffold import NUMBER_PATTERN, next_number
from .schema import DECISION
from .validate import check_decision, validate_record

COLUMNS = {
    "決定書文號": "number",
    "處罰機關": "department",
    "決定日期": "decided",
    "公示日期": "published",
    "當事人類型": "party_type",
    "當事人名稱": "party_name",
    "統一社會信用代碼": "credit_code",
    "法定代表人": "representative",
    "地址": "address",
    "行業": "industry",
    "違法行為": "violation",
    "違法事實": "facts",
    "處罰依據": "basis",
    "處罰種類": "penalties",
    "罰款金額": "fine",
    "沒收金額": "confiscation",
    "處罰說明": "detail",
}
REQUIRED = [
    "決定書文號",
    "處罰機關",
    "決定日期",
    "當事人名稱",
    "違法行為",
    "違法事實",
    "處罰依據",
    "處罰種類",
]
PARTY_TYPES = {
    "法人": "organization",
    "法人或其他組織": "organization",
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


class RowError(ValueError):
    pass


@dataclass
class Outcome:
    row: int
    path: Path | None = None
    problem: str | None = None
    note: str | None = None


def read_rows(path: Path) -> list[dict[str, str]]:
    """The spreadsheet's rows as header → text; CSV (UTF-8, with or without BOM, or GB18030) or .xlsx."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h or "").strip() for h in rows[0]]
        return [{h: _cell(v) for h, v in zip(header, r, strict=False)} for r in rows[1:]]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RowError("檔案既不是 UTF-8 也不是 GB18030 編碼")
    reader = csv.DictReader(text.splitlines())
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(text: str, column: str) -> dt.date:
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        raise RowError(f"{column}「{text}」不是日期（應如 2026-03-02）")
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        raise RowError(f"{column}「{text}」不是存在的日期") from None


def _yuan(text: str, column: str) -> int:
    clean = text.replace(",", "").replace("，", "").replace("元", "").strip()
    if clean.endswith("萬"):
        try:
            return round(float(clean[:-1]) * 10_000)
        except ValueError:
            pass
    if not re.fullmatch(r"\d+(\.0+)?", clean):
        raise RowError(f"{column}「{text}」不是金額（應為阿拉伯數字，單位元）")
    return int(float(clean))


def record_from_row(row: dict[str, str], ds: Dataset) -> dict:
    """One decision as a plain dict, or RowError naming the column and the value."""
    missing = [c for c in REQUIRED if not row.get(c)]
    if missing:
        raise RowError(f"缺少 {'、'.join(missing)}")
    names = {d.name: d.id for d in ds.departments.values()} | {d.id: d.id for d in ds.departments.values()}
    dept = names.get(row["處罰機關"])
    if not dept:
        raise RowError(f"處罰機關「{row['處罰機關']}」不在 departments.yaml 中")
    kind = PARTY_TYPES.get(row.get("當事人類型") or ("法人" if row.get("統一社會信用代碼") else "自然人"))
    if not kind:
        raise RowError(f"當事人類型「{row['當事人類型']}」無法識別（應為 法人、個體工商戶 或 自然人）")
    party = {"type": kind, "name": row["當事人名稱"]}
    if row.get("統一社會信用代碼"):
        party["credit_code"] = row["統一社會信用代碼"].upper()
    if row.get("法定代表人"):
        party["representative"] = row["法定代表人"]
    if row.get("地址"):
        party["address"] = row["地址"]
    penalties = []
    for part in re.split(r"[、；;,，/]", row["處罰種類"]):
        part = part.strip()
        if not part:
            continue
        code = next((c for word, c in PENALTY_WORDS if word in part), "other")
        if code in {p["type"] for p in penalties}:
            continue
        penalty = {"type": code}
        if code == "fine":
            if not row.get("罰款金額"):
                raise RowError("處罰種類含罰款，但罰款金額為空")
            penalty["amount"] = _yuan(row["罰款金額"], "罰款金額")
        if code == "confiscation":
            if not row.get("沒收金額"):
                raise RowError("處罰種類含沒收，但沒收金額為空")
            penalty["amount"] = _yuan(row["沒收金額"], "沒收金額")
        if code == "other":
            penalty["detail"] = part
        penalties.append(penalty)
    if row.get("處罰說明") and penalties:
        penalties[0].setdefault("detail", row["處罰說明"])
    record = {"number": row["決定書文號"], "department": dept, "decided": _date(row["決定日期"], "決定日期")}
    if row.get("公示日期"):
        record["published"] = _date(row["公示日期"], "公示日期")
    record["party"] = party
    if row.get("行業"):
        record["industry"] = row["行業"]
    record |= {
        "violation": row["違法行為"],
        "facts": row["違法事實"],
        "basis": row["處罰依據"],
        "penalties": penalties,
    }
    return record


def _problems(text: str) -> list[str]:
    """Validate the record exactly as the build would: its fields, then the decision's own rules."""
    data, _ = parse_text(text)
    found = [f"{f.rule} {f.message}" for f in validate_record(DECISION, data, "")]
    check_decision(data, lambda rule, line, message: found.append(f"{rule} {message}"))
    return found


def import_decisions(path: Path, ds: Dataset, root: Path) -> list[Outcome]:
    """Write one YAML file per convertible row; every other row gets its row number and reason."""
    from .dataset import named_parties

    rows = read_rows(path)
    header = set(rows[0]) if rows else set()
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RowError(f"表頭缺少欄位 {'、'.join(missing)}；可用的欄位：{'、'.join(COLUMNS)}")
    outcomes = []
    numbers = {d.number for d in ds.decisions}
    known = {p.credit_code: p.name for p, *_ in named_parties(ds) if p.credit_code}
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            record = record_from_row(row, ds)
        except RowError as exc:
            outcomes.append(Outcome(i, problem=str(exc)))
            continue
        code = record["party"].get("credit_code")
        if code in known and known[code] != record["party"]["name"]:
            outcomes.append(
                Outcome(
                    i,
                    problem=f"統一社會信用代碼 {code} 在本站的名稱是「{known[code]}」，不是「{record['party']['name']}」",
                )
            )
            continue
        known.setdefault(code, record["party"]["name"])
        if record["number"] in numbers:
            outcomes.append(Outcome(i, problem=f"文號 {record['number']} 已存在"))
            continue
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        problems = _problems(text)
        if problems:
            outcomes.append(Outcome(i, problem="；".join(problems)))
            continue
        m = NUMBER_PATTERN.match(record["number"])
        year = record["decided"].year
        rid = (
            f"{record['department']}-{year}-{int(m['seq']):03d}"
            if m
            else next_number(ds, record["department"], year)[1]
        )
        target = root / ds.config.data_path / "decisions" / str(year) / f"{rid}.yaml"
        if target.exists():
            outcomes.append(Outcome(i, problem=f"{target.relative_to(root)} 已存在"))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# 由 {path.name} 第 {i} 行匯入\n{text}", encoding="utf-8")
        numbers.add(record["number"])
        note = None if "published" in record else "未填公示日期：提交日期將作為公示日期"
        outcomes.append(Outcome(i, path=target.relative_to(root), note=note))
    return outcomes
