"""The rules, as pure functions of records, publication dates, the calendar and today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .findings import Finding, error, warning
from .models import Decision
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
    missing_years: dict[int, int] = {}
    for d in decisions:
        due = decision_due(d, calendar, config)
        for year in due.missing_years:
            missing_years[year] = missing_years.get(year, 0) + 1
        where = (d.path, d.line_of("decided"))
        head = f"決定日期 {d.decided}，應於 {due.date} 前公示{_extension_note(due)}"
        if d.draft:
            if today > due.date:
                days = (today - due.date).days
                found.append(
                    error(
                        "D1",
                        *where,
                        f"草稿已逾期 {days} 日未公示：{head}；修正：立即刪除 draft: true 並提交發佈，"
                        "並在 late.reason 說明原因",
                        d.number,
                    )
                )
            elif (due.date - today).days <= config.draft_warning_days:
                left = (due.date - today).days
                found.append(
                    warning(
                        "D2",
                        *where,
                        f"草稿將於 {due.date} 到期（還有 {left} 日）：{head}；修正：審核完成後刪除 draft: true 並提交",
                        d.number,
                    )
                )
            continue
        pub = publications[d.id]
        if pub.date is None:
            continue
        if pub.source == "explicit" and pub.date > today:
            found.append(
                error(
                    "V11",
                    d.path,
                    d.line_of("published"),
                    f"公示日期 {pub.date} 晚於今天 {today}；修正：填寫實際公示日期，尚未公示的記錄請加 draft: true",
                    d.number,
                )
            )
            continue
        if pub.date > due.date:
            days = (pub.date - due.date).days
            text = f"公示逾期 {days} 日：{head}，實際公示 {pub.date}"
            if d.late_reason:
                found.append(warning("D1", *where, f"{text}；已說明逾期原因：{d.late_reason}", d.number))
            else:
                found.append(
                    error("D1", *where, f"{text}；修正：在記錄中填寫 late: {{reason: 逾期原因}}", d.number)
                )
    for year, count in sorted(missing_years.items()):
        found.append(
            warning(
                "H1",
                f"{config.data_path}/holidays/{year}.yaml",
                0,
                f"{count} 條記錄的期限落在 {year} 年，但沒有該年的節假日資料，期限未作順延；"
                f"修正：依國務院辦公廳 {year} 年節假日安排通知新增此檔案",
            )
        )
    return found
