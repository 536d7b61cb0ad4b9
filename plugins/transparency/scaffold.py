"""`invoke new`: a correctly named record file, pre-filled, with a Chinese comment on every field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .models import Month, Quarter, same_period
from .schema import ACCIDENT, ACTION, BLACKLIST, BLACKLIST_ENTRY, DECISION, PLAN, WARNING, Field

NUMBER_PATTERN = re.compile(r"^(?P<head>.*〔)(?P<year>\d{4})(?P<mid>〕[^\d]*)(?P<seq>\d+)(?P<tail>號)$")


def next_number(ds: Dataset, department: str, year: int) -> tuple[str, str]:
    """The department's next free decision number for the year, and the file id that goes with it."""
    mine = [d for d in ds.decisions if d.department == department]
    pattern = None
    seq = 0
    for d in sorted(mine, key=lambda d: d.decided):
        m = NUMBER_PATTERN.match(d.number)
        if m:
            pattern = m
            if int(m["year"]) == year:
                seq = max(seq, int(m["seq"]))
    # Files that did not validate (a draft being filled in) still hold their id and number.
    taken = {Path(rel).stem for rel in ds.sources if "/decisions/" in f"/{rel}"}
    for rel, src in ds.sources.items():
        number = src.data.get("number") if isinstance(src.data, dict) else None
        m = NUMBER_PATTERN.match(number.strip()) if isinstance(number, str) else None
        if (
            m
            and "/decisions/" in f"/{rel}"
            and Path(rel).stem.startswith(f"{department}-")
            and int(m["year"]) == year
        ):
            seq = max(seq, int(m["seq"]))
    seq += 1
    while f"{department}-{year}-{seq:03d}" in taken:
        seq += 1
    if pattern:
        number = f"{pattern['head']}{year}{pattern['mid']}{seq}{pattern['tail']}"
    else:
        number = f"示{department}罰〔{year}〕{seq}號"
    return number, f"{department}-{year}-{seq:03d}"


def _conditional(fld: Field) -> bool:
    """Required in some cases only (credit_code for organisations, amount for fines).

    `draft` only mentions 必填欄位 (what a draft may leave out): it is optional, not conditional.
    """
    return not fld.required and re.search(r"必填(?!欄位|字段)", fld.description) is not None


def _comment(fld: Field) -> str:
    text = fld.title + ("（必填）" if fld.required else "（視情況必填）" if _conditional(fld) else "（選填）")
    if fld.description:
        text += "：" + fld.description
    if fld.choices:
        text += "；可選：" + "、".join(v if v == label else f"{v}（{label}）" for v, label in fld.choices)
    return text


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    return f'"{text}"' if re.search(r"[:#\[\]{},&*!|>'\"%@`]", text) else text


def _lines(fields: tuple[Field, ...], values: dict, indent: str, first_prefix: str = "") -> list[str]:
    out = []
    for i, fld in enumerate(fields):
        lead = first_prefix if i == 0 and first_prefix else indent
        comment = f"  # {_comment(fld)}"
        value = values.get(fld.name)
        if fld.name not in values or (value == "" and not fld.required and not _conditional(fld)):
            out.append(f"{indent}# {fld.name}:{comment}")
            continue
        if fld.kind == "object" and isinstance(value, dict):
            out.append(f"{lead}{fld.name}:{comment}")
            out += _lines(fld.fields, value, indent + "  ")
        elif fld.kind == "list" and fld.item.kind == "object" and isinstance(value, list):
            out.append(f"{lead}{fld.name}:{comment}")
            for item in value:
                out += _lines(fld.item.fields, item, indent + "    ", first_prefix=indent + "  - ")
        elif fld.kind == "md" and value == "":
            out.append(f"{lead}{fld.name}: |{comment}")
            out.append(f"{indent}  ")
        else:
            out.append(
                f"{lead}{fld.name}: {_scalar(value)}{comment}".rstrip()
                if value != ""
                else f"{lead}{fld.name}:{comment}"
            )
    return out


def render(schema: Field, values: dict, header: str) -> str:
    return "\n".join([f"# {line}" for line in header.splitlines()] + _lines(schema.fields, values, "")) + "\n"


PARTY_BLANK = {"type": "organization", "name": "", "credit_code": "", "representative": "", "address": ""}


def blacklist_entry(today: dt.date, department: str | None, when: str | None) -> tuple[Path, str]:
    """(the quarter's list file under the data folder, one entry indented to go under `entries:`)."""
    if not department:
        raise ValueError("黑名單條目需要 --department（部門代號）")
    quarter = Quarter.parse(when) if when else Quarter.of(today).previous
    # Listed within the quarter whose list it joins: a past quarter's entry gets its last day to correct.
    listed = min(today, quarter.end)
    values = {"party": dict(PARTY_BLANK), "reason": "", "basis": "", "listed": listed, "decisions": []}
    lines = _lines(BLACKLIST_ENTRY.fields, values, "    ", first_prefix="  - ")
    return Path("blacklists") / quarter.slug / f"{department}.yaml", "\n".join(lines) + "\n"


def append_entry(text: str, entry: str) -> str | None:
    """The list file with `entry` added at the end of `entries:`, or None when entries is not its last key."""
    lines = text.rstrip("\n").split("\n")
    top = [i for i, line in enumerate(lines) if line and not line[0].isspace() and not line.startswith("#")]
    if not top or not re.match(r"entries:\s*(\[\s*\])?\s*(#.*)?$", lines[top[-1]]):
        return None
    lines[top[-1]] = re.sub(r"^entries:\s*\[\s*\]", "entries:", lines[top[-1]])
    return "\n".join(lines) + "\n" + entry


def new_record(
    ds: Dataset, kind: str, today: dt.date, department: str | None = None, when: str | None = None
) -> tuple[Path, str]:
    """(path under the data folder, YAML text) for a new record of `kind`."""
    if kind == "decision":
        if not department:
            raise ValueError("處罰決定書需要 --department（部門代號）")
        number, rid = next_number(ds, department, today.year)
        values = {
            "number": number,
            "department": department,
            "decided": today,
            "draft": True,
            "party": dict(PARTY_BLANK),
            "industry": "",
            "violation": "",
            "facts": "",
            "basis": "",
            "penalties": [{"type": "fine", "amount": "", "detail": ""}],
            "status": "in_force",
        }
        cfg = ds.config
        law = (
            f"；安全生產法第78條：決定日期後 {cfg.decision_law_working_days} 個工作日"
            if cfg.decision_law_level != "off"
            else ""
        )
        header = (
            f"處罰決定書 {number}。填好各欄後刪除 draft: true 再提交，即為公示。\n"
            f"公示期限：縣方案為決定日期後 {cfg.decision_window_days} 日（遇休息日順延）{law}。"
        )
        return Path("decisions") / str(today.year) / f"{rid}.yaml", render(DECISION, values, header)
    if kind == "blacklist":
        if not department:
            raise ValueError("季度黑名單需要 --department（部門代號）")
        quarter = Quarter.parse(when) if when else Quarter.of(today).previous
        previous = next(
            (b for b in ds.blacklists if b.department == department and b.quarter == quarter.previous), None
        )
        entries = [
            {
                "party": {k: v for k, v in vars(e.party).items() if v},
                "reason": e.reason,
                "basis": e.basis,
                "listed": e.listed,
                **({"until": e.until} if e.until_explicit else {}),
                **({"decisions": list(e.decisions)} if e.decisions else {}),
            }
            for e in (previous.entries if previous else ())
            if not e.removed and e.until >= quarter.start
        ]
        values = {"quarter": str(quarter), "department": department, "draft": True, "entries": entries}
        header = (
            f"{quarter.label}黑名單。已從上一季度名單帶入仍在管理期內的條目；新增的條目加在後面，\n"
            "提前移出的保留條目並填寫 removed。沒有任何條目時寫 entries: []。"
        )
        return Path("blacklists") / quarter.slug / f"{department}.yaml", render(BLACKLIST, values, header)
    if kind == "warning":
        month = Month.parse(when) if when else Month.of(today).next
        chosen = same_period(month, ds.published_accidents)
        values = {
            "month": str(month),
            "draft": True,
            "title": f"{month.month}月安全生產警示",
            "accidents": [a.id for a in chosen],
            "analysis": "",
            "requirements": "",
        }
        header = f"{month.label}一月一警示。已帶入往年同月的歷史事故（嚴重的在前），可增刪。\n應於當月 {ds.config.warning_due_day} 日前發布。"
        return Path("warnings") / f"{month.slug}.yaml", render(WARNING, values, header)
    if kind == "action":
        seq = 1 + sum(1 for a in ds.actions if a.start.year == today.year)
        values = {
            "title": "",
            "start": today,
            "end": today,
            "lead": department or "",
            "departments": [department] if department else [],
            "draft": True,
            "results": {},
            "exposures": [],
        }
        header = f"兩月一行動。行動結束後 {ds.config.exposure_window_months} 個月內公布曝光（exposures）。"
        return Path("actions") / f"{today.year}-{seq:02d}-action.yaml", render(ACTION, values, header)
    if kind == "plan":
        if not department:
            raise ValueError("年度計劃需要 --department（部門代號）")
        year = int(when) if when else today.year
        values = {
            "year": year,
            "department": department,
            "draft": True,
            "fixed_point": [],
            "random_checks": {"share": 0.1, "count": 0, "months": []},
            "supervision": "",
        }
        header = f"{year} 年度監管執法計劃。經同級人民政府批准後，於 3 月 31 日前公布。"
        return Path("plans") / str(year) / f"{department}.yaml", render(PLAN, values, header)
    if kind == "accident":
        values = {
            "date": today,
            "title": "",
            "place": "",
            "industry": "",
            "type": "",
            "level": "一般",
            "deaths": 0,
            "serious_injuries": 0,
            "direct_loss": 0,
            "summary": "",
            "causes": "",
        }
        header = "歷史事故。文件名改為 <日期>-<英文簡稱>.yaml，如 2014-05-12-coal-mine-gas-explosion.yaml。"
        return Path("accidents") / f"{today.isoformat()}-new-accident.yaml", render(ACCIDENT, values, header)
    raise ValueError(f"未知類型 {kind}；可用：decision、blacklist、warning、action、plan、accident")
