"""The rules, as pure functions of records, publication dates, the calendar and today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .findings import Finding, error, warning
from .models import Blacklist, Decision, Department, Period, Quarter
from .settings import Config
from .workdays import Due, WorkCalendar


@dataclass(frozen=True)
class Publication:
    """When a record counts as published, and where that date came from."""

    date: dt.date | None  # None for drafts
    source: str  # explicit | git | today | draft
    first_seen: dt.date | None = None  # first publication along the branch (git)
    last_changed: dt.date | None = None


def _extension_note(due: Due) -> str:
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


def check_deadline(
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
        if today > ob.due.date:
            days = (today - ob.due.date).days
            fix = "立即刪除 draft: true 並提交發佈" if draft else "立即補發"
            text = f"{kind}已逾期 {days} 日未公示" if draft else f"{kind}，已逾期 {days} 日"
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
    if pub.date > ob.due.date:
        days = (pub.date - ob.due.date).days
        text = f"公示逾期 {days} 日：{ob.head}，實際公示 {pub.date}"
        if late_reason:
            return [warning(ob.rule, *where, f"{text}；已說明逾期原因：{late_reason}", ob.record)]
        return [error(ob.rule, *where, f"{text}；修正：在記錄中填寫 late: {{reason: 逾期原因}}", ob.record)]
    return []


def _missing_calendar(dues: Iterable[Due], config: Config) -> list[Finding]:
    counts: dict[int, int] = {}
    for due in dues:
        for year in due.missing_years:
            counts[year] = counts.get(year, 0) + 1
    return [
        warning(
            "H1",
            f"{config.data_path}/holidays/{year}.yaml",
            0,
            f"{count} 項期限落在 {year} 年，但沒有該年的節假日資料，期限未作順延；"
            f"修正：依國務院辦公廳 {year} 年節假日安排通知新增此檔案",
        )
        for year, count in sorted(counts.items())
    ]


def decision_due(decision: Decision, calendar: WorkCalendar, config: Config) -> Due:
    """Publication deadline: decision day not counted, rest days roll forward."""
    return calendar.after_days(decision.decided, config.decision_window_days)


def check_decisions(
    decisions: Iterable[Decision],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """D1 (published late), D2 (draft about to fall due), V11 (published in the future), H1."""
    found: list[Finding] = []
    dues = []
    for d in decisions:
        due = decision_due(d, calendar, config)
        dues.append(due)
        ob = Obligation(
            "D1",
            d.path,
            d.line_of("decided"),
            d.number,
            f"決定日期 {d.decided}，應於 {due.date} 前公示{_extension_note(due)}",
            due,
            draft_rule="D2",
            published_line=d.line_of("published"),
        )
        found += check_deadline(
            ob,
            publications.get(d.path),
            draft=d.draft,
            late_reason=d.late_reason,
            today=today,
            warn_days=config.draft_warning_days,
        )
    return found + _missing_calendar(dues, config)


# -- quarterly blacklists ------------------------------------------------------


def quarters_in(periods: Iterable[Period]) -> list[Quarter]:
    """Every quarter that overlaps a programme period."""
    result = set()
    for p in periods:
        q = Quarter.of(p.start)
        while q.start <= p.end:
            result.add(q)
            q = q.next
    return sorted(result)


def blacklist_due(quarter: Quarter, calendar: WorkCalendar, config: Config) -> Due:
    return calendar.after_days(quarter.end, config.blacklist_due_days)


def check_blacklists(
    lists: Iterable[Blacklist],
    departments: Mapping[str, Department],
    periods: Iterable[Period],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """B1: every duty-bearing department publishes each programme quarter's list on time."""
    lists = list(lists)
    by_key = {(b.department, b.quarter): b for b in lists}
    found: list[Finding] = []
    dues = []
    duty = [d for d in departments.values() if "blacklist" in d.duties]
    wanted = {(d.id, q) for d in duty for q in quarters_in(periods)} | set(by_key)
    for dept, quarter in sorted(wanted):
        due = blacklist_due(quarter, calendar, config)
        dues.append(due)
        b = by_key.get((dept, quarter))
        name = departments[dept].name if dept in departments else dept
        head = f"{quarter.label}黑名單，季度結束 {quarter.end}，應於 {due.date} 前公示{_extension_note(due)}"
        if b is None:
            path = f"{config.data_path}/blacklists/{quarter.slug}/{dept}.yaml"
            ob = Obligation("B1", path, 0, name, head, due)
            found += check_deadline(
                ob, None, draft=False, late_reason=None, today=today, warn_days=config.draft_warning_days
            )
        else:
            ob = Obligation(
                "B1", b.path, b.line_of("quarter"), name, head, due, published_line=b.line_of("published")
            )
            found += check_deadline(
                ob,
                publications.get(b.path),
                draft=b.draft,
                late_reason=b.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            )
    return found + _missing_calendar(dues, config)


def check_continuity(lists: Iterable[Blacklist]) -> list[Finding]:
    """B2: an entry within its term and not removed must appear again in the next quarter's list."""
    published = {(b.department, b.quarter): b for b in lists if not b.draft}
    found = []
    for (dept, quarter), b in sorted(published.items()):
        following = published.get((dept, quarter.next))
        if following is None:
            continue
        present = {e.key for e in following.entries}
        for e in b.entries:
            if e.removed or e.until < following.quarter.end or e.key in present:
                continue
            found.append(
                error(
                    "B2",
                    following.path,
                    following.line_of("entries"),
                    f"{e.party.name}（列入 {e.listed}，管理期至 {e.until}）在 {quarter} 名單中，"
                    f"但 {following.quarter} 名單既沒有它，也沒有移出記錄；"
                    "修正：補回該條目，提前移出的請保留條目並填寫 removed: {date, reason}",
                    f"{following.quarter}",
                )
            )
    return found
