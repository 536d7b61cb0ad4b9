"""The generic machinery of the deadline rules, as pure functions of records, publication dates, the
calendar and today: a publication, an obligation and its lateness, the periodic helpers, unfinished drafts.

Each kind's own deadline rules (its due dates, owed periods and checks: D1–D4, R1, B1–B3, W1, W2, A1,
A2, P1) are declared in its module under kinds/ (section "Deadline rules", the `DEADLINES`
declaration); the old names are still importable from here.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from .findings import Finding, error, warning
from .kinds.base import Month, Quarter
from .lateness import EXPLAINED, LATE, MISSING, judge
from .workdays import Due, WorkCalendar

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .kinds.programme import Period
    from .settings import Config


@dataclass(frozen=True)
class Publication:
    """When a record counts as published, and where that date came from."""

    date: dt.date | None  # None for drafts
    source: str  # explicit | git | today | draft
    first_seen: dt.date | None = None  # first publication along the branch (git)
    last_changed: dt.date | None = None


def extension_note(due: Due) -> str:
    return f"（{due.nominal} 為休息日，順延至 {due.date}）" if due.extended else ""


@dataclass(frozen=True)
class Obligation:
    """Something that must be published by a due date: a record, or a record that should exist."""

    rule: str
    path: str
    line: int
    record: str
    head: str  # what is due and when, e.g. 決定日期 …，應於 … 前公示
    due: Due
    draft_rule: str = ""
    published_line: int = 0
    act: str = "公示"  # what was late: 公示, or 撤回 (D3)
    late_fix: str = "在記錄中填寫 late: {reason: 逾期原因}"
    calendar: WorkCalendar | None = None  # lateness in working days (a deadline counted in working days)


def check_deadline(ob: Obligation, pub: Publication | None, data_path: str = "data", **kw) -> list[Finding]:
    """Lateness of one obligation; when its deadline was counted through a broken holiday file, says so."""
    found = _check_deadline(ob, pub, **kw)
    if not ob.due.doubtful_years or not found:
        return found
    files = "、".join(f"{data_path}/holidays/{y}.yaml" for y in sorted(ob.due.doubtful_years))
    note = f"；注意：此期限依據的 {files} 有錯誤，結果可能不準，請先修正該檔案"
    return [replace(f, message=f.message + note) for f in found]


def _check_deadline(
    ob: Obligation,
    pub: Publication | None,
    *,
    draft: bool,
    late_reason: str | None,
    today: dt.date,
    warn_days: int,
) -> list[Finding]:
    """Lateness of one obligation: missing, draft, published late (late.reason makes it a warning)."""
    where = (ob.path, ob.line)
    if pub is None or draft:
        kind = "草稿" if draft else "尚未公示"
        verdict = judge(ob.due.date, None, None, today, ob.calendar)
        if verdict.status == MISSING:
            fix = "立即刪除 draft: true 並提交發佈" if draft else "立即補發"
            late = verdict.late_text
            text = f"{kind}已{late}未公示" if draft else f"{kind}，已{late}"
            return [
                error(
                    ob.rule, *where, f"{text}：{ob.head}；修正：{fix}，並在 late.reason 說明原因", ob.record
                )
            ]
        left = (ob.due.date - today).days
        if left <= warn_days:
            fix = "審核完成後刪除 draft: true 並提交" if draft else "按時發佈"
            return [
                warning(
                    ob.draft_rule or ob.rule,
                    *where,
                    f"{kind}，將於 {ob.due.date} 到期（還有 {left} 日）：{ob.head}；修正：{fix}",
                    ob.record,
                )
            ]
        return []
    if pub.date is None:
        return []
    if pub.source == "explicit" and pub.date > today:
        return [
            error(
                "V11",
                ob.path,
                ob.published_line or ob.line,
                f"公示日期 {pub.date} 晚於今天 {today}；修正：填寫實際公示日期，尚未公示的記錄請加 draft: true",
                ob.record,
            )
        ]
    verdict = judge(ob.due.date, pub.date, late_reason, today, ob.calendar)
    if verdict.status not in (LATE, EXPLAINED):
        return []
    text = f"{ob.act}{verdict.late_text}：{ob.head}，實際{ob.act} {pub.date}"
    if verdict.status == EXPLAINED:
        return [warning(ob.rule, *where, f"{text}；已說明逾期原因：{late_reason}", ob.record)]
    return [error(ob.rule, *where, f"{text}；修正：{ob.late_fix}", ob.record)]


def missing_calendar(dues: Iterable[tuple[Due, str]], config: Config) -> list[Finding]:
    """H1, once per missing year, naming the first deadline it affects."""
    affected: dict[int, list[tuple[Due, str]]] = {}
    for due, what in dues:
        for year in due.missing_years:
            affected.setdefault(year, []).append((due, what))
    found = []
    for year, items in sorted(affected.items()):
        due, what = min(items, key=lambda t: t[0].date)
        found.append(
            warning(
                "H1",
                f"{config.data_path}/holidays/{year}.yaml",
                0,
                f"{len(items)} 項期限落在 {year} 年（如 {what} 的期限 {due.date}），但沒有該年的節假日資料，"
                f"期限未作順延；修正：由縣安委辦依國務院辦公廳 {year} 年節假日安排通知新增此檔案（每年 11 月發布）",
            )
        )
    return found


def check_periodic(
    rule: str,
    record,
    expected_path: str,
    line_key: str,
    label: str,
    head: str,
    due: Due,
    publications: Mapping[str, Publication],
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """A periodic publication (list, warning, plan): missing, a draft, or published — on time or not."""
    if record is None:
        ob = Obligation(rule, expected_path, 0, label, head, due)
        return check_deadline(
            ob, None, draft=False, late_reason=None, today=today, warn_days=config.draft_warning_days
        )
    ob = Obligation(
        rule,
        record.path,
        record.line_of(line_key),
        label,
        head,
        due,
        published_line=record.line_of("published"),
    )
    return check_deadline(
        ob,
        publications.get(record.path),
        draft=record.draft,
        late_reason=record.late_reason,
        today=today,
        warn_days=config.draft_warning_days,
    )


# -- periodic obligations (lists, warnings, plans) -----------------------------------


def applies(periods: Iterable[Period], start: dt.date, end: dt.date, due: Due) -> bool:
    """A periodic obligation applies when its span overlaps a programme period that had begun by its due date."""
    return any(p.overlaps(start, end) and due.date >= p.start for p in periods)


def quarters_in(periods: Iterable[Period]) -> list[Quarter]:
    """Every quarter that overlaps a programme period."""
    result = set()
    for p in periods:
        q = Quarter.of(p.start)
        while q.start <= p.end:
            result.add(q)
            q = q.next
    return sorted(result)


def months_in(periods: Iterable[Period]) -> list[Month]:
    """Every month that overlaps a programme period."""
    result = set()
    for p in periods:
        m = Month.of(p.start)
        while m.start <= p.end:
            result.add(m)
            m = m.next
    return sorted(result)


# -- drafts that are not complete yet ----------------------------------------------------


@dataclass(frozen=True)
class DraftDeadline:
    path: str
    line: int
    kind: str
    subject: str
    owner: str
    due: Due
    decided: dt.date | None = None  # a decision's: its D4 deadline is counted from it
    law_due: Due | None = None  # a decision's D4 deadline, unless decision_law_level is off


def incomplete_draft_deadline(rel: str, data, calendar: WorkCalendar, config: Config) -> DraftDeadline | None:
    """The deadline of a draft that does not validate yet, from whatever of it is already there."""
    folder = rel.split("/")[1] if rel.count("/") >= 2 else ""
    try:
        if folder == "decisions" and isinstance(data.get("decided"), dt.date):
            decided = data["decided"]
            due = _kind("decision").decision_due(decided, calendar, config)
            law = (
                None
                if config.decision_law_level == "off"
                else _kind("decision").law_due(decided, calendar, config)
            )
            return DraftDeadline(
                rel,
                data.line_of("decided"),
                "decision",
                str(data.get("number") or rel),
                str(data.get("department", "")),
                due,
                decided,
                law,
            )
        if folder == "warnings" and isinstance(data.get("month"), str):
            month = Month.parse(data["month"])
            return DraftDeadline(
                rel,
                data.line_of("month"),
                "warning",
                month.label,
                "county",
                _kind("warning").warning_due(month, calendar, config),
            )
        if folder == "blacklists" and isinstance(data.get("quarter"), str):
            quarter = Quarter.parse(data["quarter"])
            due = _kind("blacklist").blacklist_due(quarter, calendar, config)
            return DraftDeadline(
                rel, data.line_of("quarter"), "blacklist", quarter.label, str(data.get("department", "")), due
            )
        if folder == "plans" and isinstance(data.get("year"), int):
            due = _kind("plan").plan_due(data["year"], calendar, config)
            return DraftDeadline(
                rel,
                data.line_of("year"),
                "plan",
                f"{data['year']} 年度",
                str(data.get("department", "")),
                due,
            )
        if folder == "actions" and isinstance(data.get("end"), dt.date):
            due = _kind("action").exposure_due(data["end"], calendar, config)
            return DraftDeadline(
                rel,
                data.line_of("end"),
                "exposure",
                str(data.get("title") or rel),
                str(data.get("lead", "")),
                due,
            )
    except (ValueError, KeyError):
        return None
    return None


def check_incomplete_drafts(
    drafts: Iterable[DraftDeadline],
    config: Config,
    today: dt.date,
    periods: Iterable[Period] | None = None,
    calendar: WorkCalendar | None = None,
) -> list[Finding]:
    """An unfinished draft still falls due: D2-style warning first, then the kind's rule as an error.

    With the programme given, a draft list for a quarter that is not owed falls due never (as in B1).
    """
    rules = {"decision": "D1", "warning": "W1", "blacklist": "B1", "plan": "P1", "exposure": "A1"}
    owed = None
    if periods is not None and calendar is not None:
        owed = {q.label for q in _kind("blacklist").owed_quarters(periods, calendar, config)}
    found = []
    for d in drafts:
        if d.kind == "blacklist" and owed is not None and d.subject not in owed:
            continue
        ob = Obligation(
            rules[d.kind],
            d.path,
            d.line,
            d.subject,
            f"應於 {d.due.date} 前公示{extension_note(d.due)}",  # the holiday, as for complete drafts
            d.due,
            draft_rule="D2" if d.kind == "decision" else "",
        )
        found += check_deadline(
            ob, None, draft=True, late_reason=None, today=today, warn_days=config.draft_warning_days
        )
        if d.law_due is not None and d.decided is not None:
            ob = _kind("decision").law_obligation(
                d.path, d.line, d.subject, d.decided, d.law_due, config, calendar=calendar
            )
            found += _kind("decision").at_law_level(
                check_deadline(
                    ob, None, draft=True, late_reason=None, today=today, warn_days=config.draft_warning_days
                ),
                config,
            )
    return found


# -- the kinds' deadline rules, by their old names --------------------------------------

# name → the kind module (kinds/<module>.py) that declares it now
MOVED = MappingProxyType(
    {
        **dict.fromkeys(
            (
                "decision_due",
                "SAFETY_LAW",
                "LAW_LEVELS",
                "law_due",
                "law_obligation",
                "at_law_level",
                "check_decisions",
                "check_credit_repairs",
                "withdrawal_due",
                "check_withdrawals",
            ),
            "decision",
        ),
        **dict.fromkeys(
            (
                "blacklist_due",
                "owed_quarters",
                "check_blacklists",
                "check_continuity",
                "earliest_removal",
                "check_early_removals",
            ),
            "blacklist",
        ),
        **dict.fromkeys(("warning_due", "owed_months", "check_warnings"), "warning"),
        **dict.fromkeys(("check_accident_levels",), "accident"),
        **dict.fromkeys(("exposure_due", "check_actions", "two_month_blocks", "check_bimonthly"), "action"),
        **dict.fromkeys(("plan_due", "owed_plan_years", "check_plans"), "plan"),
    }
)


def _kind(name: str):
    """A kind module, imported when first needed (the kind modules import this one)."""
    return importlib.import_module(f"{__package__}.kinds.{name}")


def __getattr__(name: str):
    """`checks.decision_due` and the other moved names: the kind module's own (PEP 562)."""
    if name in MOVED:
        return getattr(_kind(MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
