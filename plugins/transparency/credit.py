"""The national upload format (雙公示, 行政處罰): the field set provincial credit platforms take.

`rows(decisions, departments)` gives the 30 columns of LAW.md "The national upload format", headers
and values in Simplified characters, amounts in 萬元, the department's own credit code for 处罚机关 and
数据来源单位. The site build publishes them as /data/credit/xzcf.csv and .xlsx (`csv_text`,
`xlsx_bytes`); `invoke export credit` writes the same bytes (`write_csv`, `write_xlsx`) without a build. The importer reads the same format back (importer.py), so that
import(export(x)) gives the same records for the fields the format carries.

What the format cannot carry (and an import of it therefore cannot give back): the publication
date, industry, address, discretion, hearing, legal review, transfer, status and revocation, late
reason, attachments; several penalties of one kind (their amounts are summed); closure and other
penalties are both 其他 (closure is recognised again by its words in 处罚内容).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from . import publicity
from .kinds.decision import NATIONAL_COLUMNS
from .settings import Config

# The 30 columns, in order, as kinds/decision.py declares them (NATIONAL_COLUMNS).
HEADERS = tuple(c.header for c in NATIONAL_COLUMNS)
PARTY_CATEGORIES = {
    "organization": "法人及非法人组织",
    "individual_business": "个体工商户",
    "individual": "自然人",
}
# The national 处罚类别; the 2021 kinds (责令关闭 among them) go as 其他.
CATEGORIES = {
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "suspension": "责令停产停业",
    "license_revocation": "暂扣或者吊销许可证、暂扣或者吊销执照",
    "closure": "其他",
    "other": "其他",
}
# The words of a penalty without its own detail, in 处罚内容 (Simplified, as exported).
LABELS = CATEGORIES | {"closure": "责令关闭"}
OPEN_ENDED = "2099-12-31"
WAN = Decimal(10_000)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str | None) -> str:
    return _t2s().convert(text) if text else ""


def wan(yuan: int) -> str:
    """Yuan as 萬元, exactly, up to 6 decimals and no trailing zeros: 3000 → "0.3", 10000 → "1"."""
    value = (Decimal(yuan) / WAN).quantize(Decimal("0.000001"))
    text = format(value.normalize(), "f")
    return text


def publicity_end(decision, config=None) -> dt.date:
    """公示截止期: the last day the decision is public (publicity.ending: its tier's period counted by
    第202條, 一般 2024-02-29 → 2025-02-28, or the day before a credit repair)."""
    end = publicity.ending(decision, config or Config())
    return end.last_day if end else decision.decided


def table_schema() -> dict:
    """The upload file as a Table Schema (datapackage.json): amounts are numbers, dates ISO dates."""
    fields = []
    for c in NATIONAL_COLUMNS:
        field: dict = {"name": c.header, "type": c.type}
        if c.key == "party_type":
            field["constraints"] = {"enum": list(PARTY_CATEGORIES.values())}
        if c.filled:
            field.setdefault("constraints", {})["required"] = True
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def _facts(text: str) -> str:
    """Facts as plain text in one cell: one line per paragraph (the importer reads them back so)."""
    paragraphs = [" ".join(line.strip() for line in p.splitlines()) for p in text.strip().split("\n\n")]
    return "\n".join(p for p in paragraphs if p)


def row(decision, departments: Mapping, config=None) -> list[str]:
    """One decision as the 30 national values (strings, Simplified); `config` gives the publicity periods."""
    party = decision.party
    dept = departments.get(decision.department)
    dept_name = simplified(dept.name if dept else decision.department)
    code = (dept.credit_code or "") if dept else ""  # required (V3) once the department publishes
    fines = [p.amount or 0 for p in decision.penalties if p.type == "fine"]
    seized = [p.amount or 0 for p in decision.penalties if p.type == "confiscation"]
    categories = list(dict.fromkeys(CATEGORIES[p.type] for p in decision.penalties))
    content = "；".join(simplified(p.detail) or LABELS[p.type] for p in decision.penalties)
    values = {
        "party_name": simplified(party.name),
        "party_type": PARTY_CATEGORIES[party.type],
        "credit_code": party.credit_code or "",
        "representative": simplified(party.representative) if party.type != "individual" else "",
        "number": simplified(decision.number),
        "violation": simplified(decision.violation),
        "facts": simplified(_facts(decision.facts)),
        "basis": simplified(decision.basis),
        "penalties": ";".join(categories),
        "detail": content,
        "fine": wan(sum(fines)) if fines else "",
        "confiscation": wan(sum(seized)) if seized else "",
        "decided": decision.decided.isoformat(),
        "valid_until": OPEN_ENDED,
        "publicity_end": publicity_end(decision, config).isoformat(),
        "department": dept_name,
        "department_code": code,
        "source": dept_name,
        "source_code": code,
    }
    return [values.get(c.key, "") for c in NATIONAL_COLUMNS]


def rows(
    decisions: Iterable, departments: Mapping, config=None, today: dt.date | None = None
) -> list[list[str]]:
    """The header row and one row per published, unrevoked decision (drafts never leave the site);
    given `today`, only those still within their publicity period (a taken-down one is never exported)."""
    config = config or Config()
    out = [list(HEADERS)]
    for d in decisions:
        if d.draft or d.status == "revoked":
            continue
        if today is not None and not publicity.is_public(d, config, today):
            continue
        out.append(row(d, departments, config))
    return out


def csv_text(table: list[list[str]]) -> str:
    """UTF-8 with BOM (Excel opens it as UTF-8); every value quoted, as text; CRLF line ends. A cell a
    spreadsheet would run as a formula gets a leading "'", as in every CSV of /data/ (the XLSX keeps the
    value: its cells are text cells, never formulas)."""
    from .exports import spreadsheet_safe

    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL).writerows([[spreadsheet_safe(c) for c in r] for r in table])
    return "\ufeff" + buf.getvalue()


def write_csv(path: Path, table: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(table), encoding="utf-8", newline="")


def xlsx_bytes(table: list[list[str]]) -> bytes:
    """The table as an XLSX workbook, every cell a string cell (data type "s"): a value beginning with
    = is text, never a formula. The same table gives the same bytes: the zip entries' times and the
    workbook's created/modified dates are the newest decision date, not the clock."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook()
    sheet = book.active
    sheet.title = "行政处罚"
    for r, values in enumerate(table, start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            # Assigning .value would turn "=…" into a formula; set the string type explicitly.
            cell._value = value
            cell.data_type = TYPE_STRING
    column = [c.key for c in NATIONAL_COLUMNS].index("decided")
    dates = [values[column] for values in table[1:] if len(values) > column and values[column]]
    stamp = dt.datetime.fromisoformat(max(dates)) if dates else dt.datetime(1980, 1, 1)
    book.properties.created = stamp
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_times(raw.getvalue(), stamp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_times(xlsx: bytes, stamp: dt.datetime) -> bytes:
    """The workbook with every zip entry dated `stamp` and docProps/core.xml modified at `stamp`."""
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(lambda m: m[1] + iso + m[2], data)
            dst.writestr(zipfile.ZipInfo(info.filename, when), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_xlsx(path: Path, table: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(table))
