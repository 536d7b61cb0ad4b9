"""Open data: every dataset as CSV (UTF-8 with BOM, for Excel) and JSON, with a JSON Schema each.

The datasets are declared by the kind modules (kinds/*.py, an Export each: its fields, computed ones
such as the URL, publication date, due date and publicity end included, and how its rows come from
the records, `rows(ExportInput)`); this module writes them, the changelog and the data package.
Drafts, revoked decisions and those past their publicity period or credit-repaired are never exported.

Hostile values (issue 16): a CSV cell that a spreadsheet would run as a formula gets a leading "'"
(`spreadsheet_safe`); the JSON carries every value unchanged. JSON is written with allow_nan=False:
a NaN or infinity stops the build with a V13 finding (`ExportError`) instead of writing invalid JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from . import compliance, enterprises, kinds, lateness
from .dataset import Dataset
from .findings import Finding, error
from .jsonschema import record_schema
from .kinds import opendata
from .kinds.base import Export, Field

HIDDEN = {"draft"}  # never true in an export

# Spreadsheet formula injection (OWASP "CSV Injection"): Excel, LibreOffice Calc, Google Sheets and WPS read a
# cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|' /C calc'!A0, @SUM(…), -2+3+cmd|…),
# tab and CR included. The full-width ＝＋－＠ are a precaution: a Chinese input method types them where = + - @
# were meant, and whether every spreadsheet (WPS included) reads them as text on import could not be verified
# here; no record legitimately starts with one, so the prefix costs nothing.
FORMULA_START = frozenset("=+-@\t\r＝＋－＠")
# A plain number (a negative or signed one included) is read as a number, never as a formula: left as it is.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
CSV_NOTE = (
    "CSV 中以 = + - @、Tab、歸位字元（CR）或全形＝＋－＠開頭的儲存格，前面加了一個英文單引號「'」，"
    "以免試算表軟件當作公式執行；JSON 中是未經改動的原值。"
)


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading "'" if a spreadsheet would run it as a formula; plain numbers stay as they are.

    A cell whose first non-blank character is a formula start is prefixed too: " =1+1" becomes "=1+1" in a
    spreadsheet that trims spaces on import (a LibreOffice option, and many clean-up tools).
    """
    if not cell or _NUMBER.fullmatch(cell):
        return cell
    stripped = cell.lstrip()
    if cell[0] in FORMULA_START or (stripped and stripped[0] in FORMULA_START):
        return "'" + cell
    return cell


class ExportError(ValueError):
    """A value no open-data file can hold (NaN, infinity): the build stops with this finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.format())
        self.finding = finding


def _describe(value: float) -> str:
    return "NaN（非數字）" if math.isnan(value) else ("無窮大" if value > 0 else "負無窮大")


def non_finite(value: Any, keys: tuple = (), line: int = 0) -> Iterator[tuple[tuple, float, int]]:
    """Every NaN or infinity in a JSON-like value: its key path, the value, and the YAML line if known."""
    if isinstance(value, float) and not math.isfinite(value):
        yield keys, value, line
    elif isinstance(value, dict):
        lines = getattr(value, "line_of", None)  # load.Mapping remembers each key's line
        for k, v in value.items():
            yield from non_finite(v, (*keys, k), lines(k) if lines else line)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from non_finite(v, (*keys, i), line)


def _key_path(keys: tuple) -> str:
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def check_finite(data: Any, path: str) -> None:
    """Raise ExportError (V13, the file and line) for the first NaN or infinity in a record's data."""
    for keys, bad, line in non_finite(data):
        raise ExportError(
            error(
                "V13",
                path,
                line,
                f"{_key_path(keys) or '值'} 是 {_describe(bad)}，開放數據無法表示，網站未生成；"
                "修正：填寫實際的數值（例如 0.15），不要寫 .nan 或 .inf",
            )
        )


def refuse_non_finite(value: Any, what: str) -> None:
    """Raise ExportError for the first NaN or infinity in an output (`what`: the file it was going to)."""
    for keys, bad, _ in non_finite(value):
        raise ExportError(
            error(
                "V13",
                what,
                0,
                f"輸出的開放數據中 {_key_path(keys)} 是 {_describe(bad)}，JSON 和 CSV 無法表示，網站未生成；"
                "修正：找出算出此值的記錄（罰款金額、比例等），改為有限的實際數值",
            )
        )


def dumps(value: Any, what: str, **options: Any) -> str:
    """JSON text, never with NaN or Infinity (invalid JSON): those raise ExportError naming where they are."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    except ValueError:
        refuse_non_finite(value, what)
        raise


def plain(value: Any) -> Any:
    """YAML values as JSON values: dates as ISO strings, mappings as dicts."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in HIDDEN}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str
    description: str = ""
    required: bool = False  # always filled: the field and every object around it are required
    field: Field | None = None


def columns(fields: Iterable[Field], prefix: str = "", required: bool = True) -> list[Column]:
    """CSV columns: nested objects flattened with "_", lists of objects as one JSON cell."""
    out = []
    for f in fields:
        if f.name in HIDDEN:
            continue
        key = prefix + f.name
        must = required and f.required
        if f.kind == "object":
            out += columns(f.fields, key + "_", must)
        elif f.kind == "list" and f.item.kind == "object":
            out.append(Column(key, f.title, "json", f.description + "（JSON）", must, f))
        elif f.kind == "list":
            out.append(Column(key, f.title, "list", f.description + "（多項以「；」分隔）", must, f))
        else:
            out.append(Column(key, f.title, f.kind, f.description, must, f))
    return out


def flatten(record: dict, cols: list[Column]) -> list[str]:
    """One CSV row from a nested JSON record."""
    flat: dict[str, Any] = {}

    def walk(value: dict, prefix: str) -> None:
        for k, v in value.items():
            key = prefix + k
            if isinstance(v, dict) and not any(c.key == key for c in cols):
                walk(v, key + "_")
            else:
                flat[key] = v

    walk(record, "")
    row = []
    for c in cols:
        v = flat.get(c.key)
        if v is None:
            row.append("")
        elif c.kind == "json" or isinstance(v, dict):
            row.append(dumps(v, c.key, sort_keys=True))
        elif isinstance(v, list):
            row.append("；".join(str(x) for x in v))
        elif isinstance(v, bool):
            row.append("true" if v else "false")
        else:
            row.append(str(v))
    return [spreadsheet_safe(cell) for cell in row]


@dataclass(frozen=True)
class OpenDataset:
    id: str
    title: str
    description: str
    schema: Field  # the record's fields, computed ones included
    records: list[dict]
    last_changed: dt.date | None
    primary_key: tuple[str, ...] = ()  # columns whose values name one row (datapackage.json)
    # (column, dataset, its column): every non-empty value is a row of the other dataset
    foreign_keys: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def of(cls, export: Export, records: list[dict], last_changed: dt.date | None) -> OpenDataset:
        """The dataset a kind module declares, with its rows."""
        return cls(
            export.id,
            export.title,
            export.description,
            export.schema,
            records,
            last_changed,
            export.primary_key,
            export.foreign_keys,
        )

    @property
    def columns(self) -> list[Column]:
        return columns(self.schema.fields)

    def csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        cols = self.columns
        writer.writerow([c.key for c in cols])
        refuse_non_finite(self.records, f"data/{self.id}.csv")  # "nan" or "inf" is no number either
        for record in self.records:
            writer.writerow(flatten(record, cols))
        return "\ufeff" + buf.getvalue()

    def json(self) -> str:
        return dumps(self.records, f"data/{self.id}.json", indent=1) + "\n"

    def json_schema(self, base: str) -> str:
        document = record_schema(replace(self.schema, required=False), f"{base}data/{self.id}.schema.json")
        wrapper = {
            "$schema": document.pop("$schema"),
            "$id": document.pop("$id"),
            "title": self.title,
            "description": f"{self.description}。{CSV_NOTE}",
            "type": "array",
            "items": document,
        }
        return dumps(wrapper, f"data/{self.id}.schema.json", indent=1) + "\n"


def provenance_columns(p: lateness.Provenance, prefix: str = "") -> dict:
    """The publication date used, its source and the date git proves: three columns of every dataset."""
    return {
        f"{prefix}published": p.date.isoformat() if p.date else None,
        f"{prefix}published_source": p.source,
        f"{prefix}git_published": p.proven.isoformat() if p.proven else None,
    }


class ExportInput:
    """What the datasets' rows come from (each kind module's Export.rows): the site's records, the
    enterprise database and the obligations, with the helpers every dataset shares."""

    def __init__(
        self, ds: Dataset, companies: dict[str, enterprises.Enterprise], items: list[compliance.Item]
    ):
        self.ds, self.companies, self.items = ds, companies, items
        pub = ds.publications
        self._last = {p: pub[p].last_changed or pub[p].date for p in pub}
        self.every = self.newest(r.path for r in ds.records if not r.draft)

    def raw(self, path: str) -> dict:
        """The record file as JSON values."""
        data = self.ds.sources[path].data
        check_finite(data, path)  # the file and line, rather than the JSON writer's refusal
        return plain(data)

    def newest(self, paths: Iterable[str]) -> dt.date | None:
        """The day the newest of these records last changed."""
        dates = [self._last[p] for p in paths if self._last.get(p)]
        return max(dates) if dates else None

    def provenance(self, path: str, prefix: str = "") -> dict:
        """The record's publication date, its source and the date git proves (three columns)."""
        return provenance_columns(lateness.provenance(self.ds.publications[path]), prefix)

    provenance_columns = staticmethod(provenance_columns)


def build(
    ds: Dataset, companies: dict[str, enterprises.Enterprise], items: list[compliance.Item]
) -> list[OpenDataset]:
    """Every open dataset, from the records on the site, the enterprise database and the obligations:
    those the kind modules declare (kinds.open_datasets), then the changelog."""
    x = ExportInput(ds, companies, items)
    sets = [OpenDataset.of(e, *e.rows(x)) for e in kinds.open_datasets(ds.config) if e.rows is not None]
    sets.append(changelog(ds))
    # An absent value is left out of the JSON (and empty in the CSV), never written as null; a boolean
    # is always true or false.
    return [replace(s, records=[filled(s.schema, r) for r in s.records]) for s in sets]


def filled(schema: Field, record: dict) -> dict:
    """The record without absent values, and with every boolean of its fields true or false."""
    out = {k: v for k, v in record.items() if v is not None}
    for f in schema.fields:
        if f.kind == "bool" and f.name not in HIDDEN:
            out[f.name] = bool(out.get(f.name))
    return out


# Table Schema types (https://specs.frictionlessdata.io/table-schema/) of the field kinds (kinds/base.py).
TABLE_TYPES = {
    "date": "date",
    "int": "integer",
    "number": "number",
    "bool": "boolean",
    "month": "yearmonth",
    "json": "array",  # a list of objects, one JSON cell
}
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n", "header": True}
CREDIT_FILE = "credit/xzcf"  # the national 行政處罰 upload file, under data/


def table_field(c: Column) -> dict:
    """One column as a Table Schema field: its type, title, description and constraints."""
    out: dict[str, Any] = {"name": c.key, "type": TABLE_TYPES.get(c.kind, "string"), "title": c.title}
    if c.kind == "bool":
        out |= {"trueValues": ["true"], "falseValues": ["false"]}
    f = c.field
    constraints: dict[str, Any] = {}
    if c.required:
        constraints["required"] = True
    description = c.description
    if f is not None and f.kind == "enum":
        constraints["enum"] = [v for v, _ in f.choices]
        description = "；".join(f"{v} {label}" for v, label in f.choices) + (
            f"。{description}" if description else ""
        )
    if f is not None and f.kind in ("int", "number"):
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
    if description:
        out["description"] = description
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(s: OpenDataset) -> dict:
    """The dataset's CSV as a Table Schema: fields from the same declarations as the columns, and keys."""
    schema: dict[str, Any] = {"fields": [table_field(c) for c in s.columns], "missingValues": [""]}
    if s.primary_key:
        schema["primaryKey"] = list(s.primary_key)
    if s.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": other, "fields": [key]}}
            for column, other, key in s.foreign_keys
        ]
    return schema


def license_of(license_id: str) -> dict:
    """The licence as datapackage.json and catalog.json write it: SPDX id, name, URL, Chinese name."""
    from .settings import LICENSES

    title, url, chinese, terms = LICENSES[license_id]
    return {"name": license_id, "title": title, "path": url, "description": f"{chinese}：{terms}"}


def last_changed(s: OpenDataset) -> dict:
    """The newest git change date of the records the dataset is built from (a custom property)."""
    return {"last_changed": s.last_changed.isoformat()} if s.last_changed else {}


def datapackage(sets: list[OpenDataset], credit_schema: dict, base: str, config: Any) -> str:
    """datapackage.json (Frictionless Data Package): one tabular resource per CSV of /data/, the national
    upload file included, each with its Table Schema; paths relative to /data/, so the package validates
    where it is downloaded as well as on the site."""
    csv_resource = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig", "dialect": DIALECT}
    resources = [
        {
            "name": s.id,
            "path": f"{s.id}.csv",
            "profile": "tabular-data-resource",
            "title": s.title,
            "description": f"{s.description}。{CSV_NOTE}",
            **csv_resource,
            "schema": table_schema(s),
            **last_changed(s),
        }
        for s in sets
    ]
    resources.append(
        {
            "name": "xzcf",
            "path": f"{CREDIT_FILE}.csv",
            "profile": "tabular-data-resource",
            "title": "行政處罰（全國雙公示上報格式）",
            "description": "信用平台上報格式的 30 欄，表頭和內容為簡體，金額單位萬元；每格都加引號，按文本保存",
            **csv_resource,
            "schema": credit_schema,
        }
    )
    package = {
        "profile": "tabular-data-package",
        "name": "work-safety-enforcement",
        "title": config.site_name,
        "description": f"{config.county}安全生產執法公示的開放數據。{CSV_NOTE}",
        "homepage": f"{base}data/",
        "licenses": [license_of(config.data_license)],
        "resources": resources,
    }
    return dumps(package, "data/datapackage.json", indent=1) + "\n"


def catalog(
    sets: list[OpenDataset], base: str, license_id: str = "CC-BY-4.0", credit_records: int = 0
) -> str:
    """catalog.json: every dataset with its files, record count and last change; the national upload
    file, the data package and the licence."""
    entries = [
        {
            "id": s.id,
            "title": s.title,
            "description": s.description,
            "records": len(s.records),
            "last_changed": s.last_changed.isoformat() if s.last_changed else None,
            "csv": f"{base}data/{s.id}.csv",
            "json": f"{base}data/{s.id}.json",
            "schema": f"{base}data/{s.id}.schema.json",
            "page": f"{base}data/{s.id}/",
        }
        for s in sets
    ]
    document = {
        "description": CSV_NOTE,
        "license": license_of(license_id),
        "datapackage": f"{base}data/datapackage.json",
        "datasets": entries,
        "credit_upload": {
            "title": "行政處罰（全國雙公示上報格式）",
            "description": "信用平台行政處罰上報模板的 30 欄，簡體，金額單位萬元",
            "records": credit_records,
            "csv": f"{base}data/{CREDIT_FILE}.csv",
            "xlsx": f"{base}data/{CREDIT_FILE}.xlsx",
        },
    }
    return dumps(document, "data/catalog.json", indent=1) + "\n"


# -- the changelog of the data, and one JSON document per record page (issue 19) -------------------------

_GIT_EVENTS = {"published": "added", "corrected": "changed"}  # "revoked" comes from the withdrawal itself


def _record_key(record) -> tuple[str, str, str]:
    """(kind, id, url) of a record in the changelog."""
    from .models import Accident, Action, Blacklist, Decision, MonthlyWarning

    if isinstance(record, Decision):
        return "decision", record.id, record.url
    if isinstance(record, Blacklist):
        return "blacklist", f"{record.quarter}/{record.department}", f"{record.url}#list-{record.department}"
    if isinstance(record, Accident):
        return "accident", record.id, record.url
    if isinstance(record, MonthlyWarning):
        return "warning", str(record.month), record.url
    if isinstance(record, Action):
        return "action", record.id, record.url
    return "plan", f"{record.year}/{record.department}", record.url


def changelog_rows(ds: Dataset) -> list[dict]:
    """One row per public event of every record ever published: first publication and each later public
    change (git), a decision's withdrawal and its takedown; oldest first. No party is named."""
    rows = []
    down = {d.path: ds.ending(d) for d in ds.taken_down_decisions}
    for record in ds.records:
        if record.draft:
            continue
        kind, rid, url = _record_key(record)
        base = {"kind": kind, "id": rid, "url": url}
        file = ds.history.get(record.path)
        pub = ds.publications.get(record.path)
        events = []
        if file is not None and file.first_published:
            events = [(day, _GIT_EVENTS[k], "git", None) for day, k in file.changes if k in _GIT_EVENTS]
        elif pub is not None and pub.date:
            events = [(pub.date, "added", "pending" if pub.source == "today" else "declared", None)]
        if getattr(record, "is_revoked", False):
            w = ds.withdrawals.get(record.path)
            if w is not None:
                source = {"today": "pending", "explicit": "declared"}.get(w.source, "git")
                events.append((w.date, "withdrawn", source, record.revoked.reason))
        if record.path in down:
            ending = down[record.path]
            events.append((ending.takedown, "taken_down", "takedown", ending.reason))
        for day, event, source, reason in events:
            rows.append(
                base | {"date": day.isoformat(), "event": event, "date_source": source, "reason": reason}
            )
    order = {e: i for i, (e, _) in enumerate(opendata.CHANGE_EVENTS)}
    rows.sort(key=lambda r: (r["date"], r["kind"], r["id"], order[r["event"]]))
    return rows


def changelog(ds: Dataset) -> OpenDataset:
    """The changelog dataset, /data/changelog.csv and .json."""
    rows = [{k: v for k, v in r.items() if v is not None} for r in changelog_rows(ds)]
    last = max((dt.date.fromisoformat(r["date"]) for r in rows), default=None)
    return OpenDataset.of(opendata.CHANGES, rows, last)


def record_documents(ds: Dataset, sets: list[OpenDataset]) -> dict[str, dict | list]:
    """The JSON document next to each record page (`<page>index.json`), by output path: the record's row of
    the open data. A page of several records (a quarter's blacklists, a year's plans) holds their rows;
    an action holds its exposures; a withdrawn or taken-down decision only what its notice page shows."""
    by_id = {s.id: s.records for s in sets}
    docs: dict[str, dict | list] = {}
    for row in by_id.get("decisions", []):
        docs[f"{row['url']}index.json"] = row
    for d in ds.revoked_decisions:
        w = ds.withdrawals.get(d.path)
        docs[f"{d.url}index.json"] = _present(
            {
                "id": d.id,
                "url": d.url,
                "number": d.number,
                "department": d.department,
                "decided": d.decided,
                "status": "revoked",
                "revoked_date": d.revoked.date,
                "revoked_reason": d.revoked.reason,
                "withdrawn": w.date if w else d.revoked.withdrawn,
                "withdrawn_source": lateness.provenance(w).source if w else None,
                "withdrawn_late_reason": d.revoked.late_reason,
            }
        )
    for d in ds.taken_down_decisions:
        ending = ds.ending(d)
        pub = ds.publications.get(d.path)
        docs[f"{d.url}index.json"] = _present(
            {
                "id": d.id,
                "url": d.url,
                "number": d.number,
                "department": d.department,
                "decided": d.decided,
                "published": pub.date if pub else None,
                "publicity_end": ending.last_day,
                "taken_down": ending.takedown,
                "taken_down_reason": ending.reason,
                "credit_repair_document": ending.document if ending.repaired else None,
            }
        )
    for row in by_id.get("accidents", []):
        docs[f"{row['url']}index.json"] = row
    for row in by_id.get("warnings", []):
        docs[f"{row['url']}index.json"] = row
    exposures: dict[str, list] = {}
    for row in by_id.get("exposures", []):
        exposures.setdefault(row["action"], []).append(row)
    for row in by_id.get("actions", []):
        docs[f"{row['url']}index.json"] = row | {"exposures": exposures.get(row["id"], [])}
    quarters: dict[str, dict] = {}
    for b in ds.published_blacklists:
        quarters.setdefault(b.url, {"quarter": str(b.quarter), "url": b.url, "entries": []})
    for row in by_id.get("blacklist", []):
        for doc in quarters.values():
            if doc["quarter"] == row["quarter"]:
                doc["entries"].append(row)
    docs |= {f"{url}index.json": doc for url, doc in quarters.items()}
    years: dict[str, dict] = {}
    for row in by_id.get("plans", []):
        years.setdefault(row["url"], {"year": row["year"], "url": row["url"], "plans": []})["plans"].append(
            row
        )
    docs |= {f"{url}index.json": doc for url, doc in years.items()}
    return docs


def _present(doc: dict) -> dict:
    return {k: plain(v) for k, v in doc.items() if v is not None}
