"""The rules, as pure functions of records, publication dates, the calendar and today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from . import publicity
from .findings import WARNING, Finding, error, warning
from .lateness import EXPLAINED, LATE, MISSING, judge
from .models import (
    Accident,
    Action,
    Blacklist,
    Decision,
    Department,
    Month,
    MonthlyWarning,
    Period,
    Plan,
    Quarter,
    level_for,
)
from .present import yuan
from .settings import Config
from .workdays import Due, WorkCalendar, add_months


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


def _missing_calendar(dues: Iterable[tuple[Due, str]], config: Config) -> list[Finding]:
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


def decision_due(decided: dt.date, calendar: WorkCalendar, config: Config) -> Due:
    """Publication deadline: decision day not counted, rest days roll forward."""
    return calendar.after_days(decided, config.decision_window_days)


SAFETY_LAW = "《中華人民共和國安全生產法》第七十八條第二款"
LAW_LEVELS = ("warning", "error", "off")


def law_due(decided: dt.date, calendar: WorkCalendar, config: Config) -> Due:
    """安全生產法 第78條第2款: published within 7 working days of the decision (行政處罰法 第85條)."""
    return calendar.after_working_days(decided, config.decision_law_working_days)


def law_obligation(
    path: str, line: int, record: str, decided: dt.date, due: Due, config: Config, **kw
) -> Obligation:
    """D4, the national deadline beside the county plan's D1."""
    n = config.decision_law_working_days
    return Obligation(
        "D4",
        path,
        line,
        record,
        f"決定日期 {decided}，依{SAFETY_LAW}應於 {n} 個工作日內公示，即 {due.date} 前",
        due,
        draft_rule="D2",
        late_fix=f"在記錄中填寫 late: {{reason: 逾期原因}}，今後應於作出決定後 {n} 個工作日內公示",
        **kw,
    )


def at_law_level(found: list[Finding], config: Config) -> list[Finding]:
    """D4 is a warning unless the setting decision_law_level makes it an error (late.reason: a warning)."""
    if config.decision_law_level == "error":
        return found
    return [replace(f, level=WARNING) if f.rule == "D4" else f for f in found]


def check_decisions(
    decisions: Iterable[Decision],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """D1 (published late), D2 (draft about to fall due), D4 (the law's 7 working days), V11, H1."""
    found: list[Finding] = []
    dues = []
    for d in decisions:
        due = decision_due(d.decided, calendar, config)
        dues.append((due, d.number))
        pub = publications.get(d.path)
        if d.decided > today:
            found.append(
                error(
                    "V5",
                    d.path,
                    d.line_of("decided"),
                    f"決定日期 {d.decided} 晚於今天 {today}；修正：核對決定日期",
                    d.number,
                )
            )
            continue
        if pub and pub.date and pub.source != "explicit" and pub.date < d.decided:
            where = "git 提交日期" if pub.source == "git" else "今天"
            found.append(
                error(
                    "V5",
                    d.path,
                    d.line_of("decided"),
                    f"公示日期 {pub.date}（取自{where}）早於決定日期 {d.decided}；修正：核對決定日期，"
                    "或檢查提交時電腦的日期，必要時寫明 published",
                    d.number,
                )
            )
            continue
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
            config.data_path,
            draft=d.draft,
            late_reason=d.late_reason,
            today=today,
            warn_days=config.draft_warning_days,
        )
        if config.decision_law_level == "off":
            continue
        due = law_due(d.decided, calendar, config)
        dues.append((due, d.number))
        ob = law_obligation(
            d.path,
            d.line_of("decided"),
            d.number,
            d.decided,
            due,
            config,
            published_line=d.line_of("published"),
            calendar=calendar,
        )
        found += at_law_level(
            check_deadline(
                ob,
                publications.get(d.path),
                config.data_path,
                draft=d.draft,
                late_reason=d.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            ),
            config,
        )
    return found + _missing_calendar(dues, config)


def check_credit_repairs(decisions: Iterable[Decision], config: Config) -> list[Finding]:
    """R1: a credit repair dated before the tier's minimum publicity period has passed.

    A repair dated before the decision itself is V5 (validate.py); one dated in the future is a
    scheduled removal and allowed: the decision stays public until that day (publicity.py)."""
    found: list[Finding] = []
    for d in decisions:
        repair = d.credit_repair
        if repair is None or repair.date < d.decided:
            continue
        earliest = publicity.minimum_end(d, config)
        if earliest is None or repair.date >= earliest:
            continue
        tier = publicity.tier_of(d, config)
        months = publicity.periods(config)[tier]["min"]
        given = "" if d.tier else f"（未填 tier，按預設 {tier}）"
        found.append(
            error(
                "R1",
                d.path,
                d.lines.get("credit_repair", d.line),
                f"信用修復日期 {repair.date} 早於最短公示期限：失信程度「{tier}」{given}最短公示 {months} 個月，"
                f"自決定日期 {d.decided} 起最早 {earliest} 方可信用修復（《信用修復管理辦法》）；"
                f"修正：核對信用修復決定書 {repair.document} 的日期和本決定的 tier，日期不早於 {earliest}",
                d.number,
            )
        )
    return found


def withdrawal_due(decision: Decision, calendar: WorkCalendar, config: Config) -> Due:
    """行政處罰法 第48條 and 第85條: withdrawn within 3 working days of the revocation."""
    return calendar.period_due(decision.revoked.date, config.withdrawal_working_days)


def check_withdrawals(
    decisions: Iterable[Decision],
    withdrawals: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """D3: a revoked decision's publication is withdrawn within 3 working days of the revocation."""
    found: list[Finding] = []
    dues = []
    for d in decisions:
        if not d.is_revoked or d.draft:
            continue
        due = withdrawal_due(d, calendar, config)
        dues.append((due, d.number))
        ob = Obligation(
            "D3",
            d.path,
            d.line_of("revoked"),
            d.number,
            f"撤銷日期 {d.revoked.date}，應於 {due.date} 前撤回公示（{config.withdrawal_working_days} 個工作日）",
            due,
            published_line=d.line_of("revoked"),
            act="撤回",
            late_fix="在 revoked 下填寫 late: {reason: 逾期原因}（與 date、reason 對齊縮進）",
        )
        # Only revoked.late excuses a late withdrawal: the top-level late.reason explains the publication.
        found += check_deadline(
            ob,
            withdrawals.get(d.path),
            draft=False,
            late_reason=d.revoked.late_reason,
            today=today,
            warn_days=0,
        )
    return found + _missing_calendar(dues, config)


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


# -- quarterly blacklists ------------------------------------------------------


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


def blacklist_due(quarter: Quarter, calendar: WorkCalendar, config: Config) -> Due:
    return calendar.after_days(quarter.end, config.blacklist_due_days)


def owed_quarters(periods: Iterable[Period], calendar: WorkCalendar, config: Config) -> list[Quarter]:
    periods = list(periods)
    return [
        q
        for q in quarters_in(periods)
        if applies(periods, q.start, q.end, blacklist_due(q, calendar, config))
    ]


def check_blacklists(
    lists: Iterable[Blacklist],
    departments: Mapping[str, Department],
    periods: Iterable[Period],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """B1: every duty-bearing department publishes each programme quarter's list on time.

    A draft for a quarter that is not owed (outside the programme) is no error, as no file is none;
    a list published before its quarter has ended is V5.
    """
    lists = list(lists)
    by_key = {(b.department, b.quarter): b for b in lists}
    found: list[Finding] = []
    dues = []
    duty = [d for d in departments.values() if "blacklist" in d.duties]
    owed = {(d.id, q) for d in duty for q in owed_quarters(periods, calendar, config)}
    wanted = owed | {key for key, b in by_key.items() if not b.draft}
    for b in lists:
        pub = publications.get(b.path)
        if not b.draft and pub and pub.date and pub.date <= b.quarter.end:
            found.append(
                error(
                    "V5",
                    b.path,
                    b.line_of("quarter"),
                    f"{b.quarter.label}黑名單的季度尚未結束：季度結束 {b.quarter.end}，公示日期 {pub.date}；"
                    "修正：季度結束後再發布，現在請加 draft: true",
                    str(b.quarter),
                )
            )
    for dept, quarter in sorted(wanted):
        due = blacklist_due(quarter, calendar, config)
        dues.append((due, f"{quarter.label}黑名單（{dept}）"))
        name = departments[dept].name if dept in departments else dept
        head = f"{quarter.label}黑名單，季度結束 {quarter.end}，應於 {due.date} 前公示{_extension_note(due)}"
        path = f"{config.data_path}/blacklists/{quarter.slug}/{dept}.yaml"
        found += check_periodic(
            "B1", by_key.get((dept, quarter)), path, "quarter", name, head, due, publications, config, today
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


def earliest_removal(listed: dt.date, config: Config) -> dt.date:
    """The first day an entry may be removed early: listed + the configured months (民法典 第202條:
    2024-02-29 + 12 months = 2025-02-28)."""
    return add_months(listed, config.blacklist_repair_months)


def check_early_removals(lists: Iterable[Blacklist], config: Config) -> list[Finding]:
    """B3: an early removal (`removed`) no sooner than 12 months after listing (信用修復 may be asked for
    only then). A removal before the listing itself is V5, reported when the file is read."""
    found = []
    months = config.blacklist_repair_months
    for b in lists:
        for e in b.entries:
            if not e.removed or e.removed.date < e.listed:
                continue
            earliest = earliest_removal(e.listed, config)
            if e.removed.date >= earliest:
                continue
            found.append(
                error(
                    "B3",
                    b.path,
                    e.removed_line or e.line,
                    f"{e.party.name}（列入 {e.listed}）提前移出日期 {e.removed.date} 早於允許的最早日期 {earliest}："
                    f"《安全生產嚴重失信主體名單管理辦法》（應急管理部令第11號）規定列入滿 {months} 個月後"
                    "方可經信用修復提前移出；修正：核對 listed 和 removed.date；確未滿期的，刪除 removed，"
                    f"條目保留在名單中，{earliest} 或以後再移出",
                    str(b.quarter),
                )
            )
    return found


# -- monthly warnings and accidents ---------------------------------------------------


def warning_due(month: Month, calendar: WorkCalendar, config: Config) -> Due:
    nominal = dt.date(month.year, month.month, config.warning_due_day)
    return calendar.on_or_after(nominal)


def owed_months(periods: Iterable[Period], calendar: WorkCalendar, config: Config) -> list[Month]:
    periods = list(periods)
    return [
        m for m in months_in(periods) if applies(periods, m.start, m.end, warning_due(m, calendar, config))
    ]


def check_warnings(
    warnings: Iterable[MonthlyWarning],
    periods: Iterable[Period],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """W1: a warning for every programme month by its due day, published on time."""
    by_month = {w.month: w for w in warnings}
    found: list[Finding] = []
    dues = []
    for month in sorted(set(owed_months(periods, calendar, config)) | set(by_month)):
        due = warning_due(month, calendar, config)
        dues.append((due, f"{month.label}警示"))
        head = f"{month.label}警示應於 {due.date} 前發布{_extension_note(due)}"
        path = f"{config.data_path}/warnings/{month.slug}.yaml"
        found += check_periodic(
            "W1", by_month.get(month), path, "month", month.label, head, due, publications, config, today
        )
    return found + _missing_calendar(dues, config)


def check_accident_levels(accidents: Iterable[Accident]) -> list[Finding]:
    """W2: the level must be the one 國務院令第493號 gives the deaths, injuries and loss."""
    found = []
    for a in accidents:
        expected = level_for(a.deaths, a.serious_injuries, a.direct_loss)
        if expected != a.level:
            found.append(
                warning(
                    "W2",
                    a.path,
                    a.line_of("level"),
                    f"等級填為「{a.level}」，但死亡 {a.deaths} 人、重傷 {a.serious_injuries} 人、"
                    f"直接經濟損失 {yuan(a.direct_loss)}，按國務院令第493號應為「{expected}」；修正：核對等級或數字",
                    a.title,
                )
            )
    return found


# -- actions and exposures -----------------------------------------------------------


def exposure_due(end: dt.date, calendar: WorkCalendar, config: Config) -> Due:
    """Exposures are due a month after the action ends (民法典 第202條), rolled past rest days."""
    return calendar.after_months(end, config.exposure_window_months)


def check_actions(
    actions: Iterable[Action],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """A1: an action's exposures are published within a month after it ends."""
    found: list[Finding] = []
    dues = []
    for a in actions:
        due = exposure_due(a.end, calendar, config)
        dues.append((due, a.title))
        head = f"行動 {a.start}～{a.end}，曝光應於 {due.date} 前公示{_extension_note(due)}"
        pub = publications.get(a.path)
        if a.draft or not a.exposures:
            ob = Obligation("A1", a.path, a.line_of("end"), a.title, head, due)
            found += check_deadline(
                ob,
                None,
                draft=a.draft,
                late_reason=a.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            )
            continue
        for e in a.exposures:
            date = e.published or (pub.date if pub else None)
            source = "explicit" if e.published else (pub.source if pub else "today")
            ob = Obligation("A1", a.path, e.line, f"{a.title}：{e.name}", head, due, published_line=e.line)
            found += check_deadline(
                ob,
                Publication(date, source),
                draft=False,
                late_reason=e.late_reason or a.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            )
    return found + _missing_calendar(dues, config)


def two_month_blocks(period: Period) -> list[tuple[dt.date, dt.date]]:
    """兩月一行動: consecutive two-month blocks from the period's first month, clipped to the period."""
    blocks, month = [], Month.of(period.start)
    while month.start <= period.end:
        blocks.append((max(month.start, period.start), min(month.next.end, period.end)))
        month = month.next.next
    return blocks


def check_bimonthly(
    actions: Iterable[Action], periods: Iterable[Period], config: Config, today: dt.date
) -> list[Finding]:
    """A2: every two-month block of a programme period that has ended had a special action."""
    actions = [a for a in actions if not a.draft]
    found = []
    for period in periods:
        for start, end in two_month_blocks(period):
            if today <= end or any(a.start <= end and a.end >= start for a in actions):
                continue
            found.append(
                error(
                    "A2",
                    f"{config.data_path}/actions",
                    0,
                    f"「{period.name}」{start}～{end} 兩個月內沒有專項執法行動（兩月一行動）；"
                    "修正：在 actions/ 中補錄該期間的行動",
                    f"{start}～{end}",
                )
            )
    return found


# -- annual plans ----------------------------------------------------------------------


def plan_due(year: int, calendar: WorkCalendar, config: Config) -> Due:
    nominal = dt.date(year, config.plan_due_month, config.plan_due_day)
    return calendar.on_or_after(nominal)


def owed_plan_years(periods: Iterable[Period], calendar: WorkCalendar, config: Config) -> list[int]:
    return sorted(
        {
            y
            for p in periods
            for y in range(p.start.year, p.end.year + 1)
            if applies([p], dt.date(y, 1, 1), dt.date(y, 12, 31), plan_due(y, calendar, config))
        }
    )


def check_plans(
    plans: Iterable[Plan],
    departments: Mapping[str, Department],
    periods: Iterable[Period],
    publications: Mapping[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """P1: each department with the plan duty publishes its annual plan by 31 March."""
    by_key = {(p.department, p.year): p for p in plans}
    years = owed_plan_years(periods, calendar, config)
    duty = [d.id for d in departments.values() if "plan" in d.duties]
    found: list[Finding] = []
    for dept, year in sorted({(d, y) for d in duty for y in years} | set(by_key)):
        due = plan_due(year, calendar, config)
        name = departments[dept].name if dept in departments else dept
        head = f"{year} 年度監管執法計劃應於 {due.date} 前公布{_extension_note(due)}"
        path = f"{config.data_path}/plans/{year}/{dept}.yaml"
        found += check_periodic(
            "P1", by_key.get((dept, year)), path, "year", name, head, due, publications, config, today
        )
    return found


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
            due = decision_due(decided, calendar, config)
            law = None if config.decision_law_level == "off" else law_due(decided, calendar, config)
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
                warning_due(month, calendar, config),
            )
        if folder == "blacklists" and isinstance(data.get("quarter"), str):
            quarter = Quarter.parse(data["quarter"])
            due = blacklist_due(quarter, calendar, config)
            return DraftDeadline(
                rel, data.line_of("quarter"), "blacklist", quarter.label, str(data.get("department", "")), due
            )
        if folder == "plans" and isinstance(data.get("year"), int):
            due = plan_due(data["year"], calendar, config)
            return DraftDeadline(
                rel,
                data.line_of("year"),
                "plan",
                f"{data['year']} 年度",
                str(data.get("department", "")),
                due,
            )
        if folder == "actions" and isinstance(data.get("end"), dt.date):
            due = exposure_due(data["end"], calendar, config)
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
        owed = {q.label for q in owed_quarters(periods, calendar, config)}
    found = []
    for d in drafts:
        if d.kind == "blacklist" and owed is not None and d.subject not in owed:
            continue
        ob = Obligation(
            rules[d.kind],
            d.path,
            d.line,
            d.subject,
            f"應於 {d.due.date} 前公示{_extension_note(d.due)}",  # the holiday, as for complete drafts
            d.due,
            draft_rule="D2" if d.kind == "decision" else "",
        )
        found += check_deadline(
            ob, None, draft=True, late_reason=None, today=today, warn_days=config.draft_warning_days
        )
        if d.law_due is not None and d.decided is not None:
            ob = law_obligation(d.path, d.line, d.subject, d.decided, d.law_due, config, calendar=calendar)
            found += at_law_level(
                check_deadline(
                    ob, None, draft=True, late_reason=None, today=today, warn_days=config.draft_warning_days
                ),
                config,
            )
    return found
