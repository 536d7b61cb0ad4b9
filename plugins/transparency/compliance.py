"""The site audits itself: every obligation with its due date, publication and status.

The same due-date functions and owed sets as the checks, so the figures on
/compliance/ agree with what `invoke check` reports.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from . import checks
from .dataset import Dataset
from .lateness import (
    DECLARED,
    EXPLAINED,
    LATE,
    ON_TIME,
    PENDING,
    Verdict,
    judge,
    provenance,
)
from .models import Action, Blacklist, Decision, MonthlyWarning, Plan, Quarter
from .settings import Config
from .workdays import Due

# decision: the county plan's deadline (D1); decision_law: 安全生產法 第78條第2款 (D4), same decisions
KINDS = ("decision", "decision_law", "withdrawal", "blacklist", "warning", "exposure", "plan")
COUNTY = "county"  # the county safety office: monthly warnings


@dataclass(frozen=True)
class Item:
    """One obligation: what was due, by whom, when, and what happened."""

    kind: str
    department: str  # department id, or COUNTY
    subject: str
    url: str | None
    reference: dt.date  # the day that places it in a year and quarter
    due: dt.date
    published: dt.date | None
    status: str
    days_to_publish: int | None = None  # decisions: decided → published
    source: str | None = None  # where `published` came from: git | declared | pending (lateness.provenance)
    late_days: int | None = None  # how late in working days, for a deadline counted in working days (D4)
    record: str = ""  # the record's id in the open data: decision id, action id, <dept>-<quarter> …
    record_status: str = ""  # decisions: in_force, revoked (withdrawn) or taken_down (publicity ended)
    fines: int | None = None  # decisions: 罰款 (fines only), for the monthly chart
    late_reason: str | None = None  # the reason given for a late publication

    @property
    def year(self) -> int:
        return self.reference.year

    @property
    def quarter(self) -> Quarter:
        return Quarter.of(self.reference)

    @property
    def days_late(self) -> int:
        end = self.published
        return max(0, (end - self.due).days) if end else 0

    @property
    def late_text(self) -> str:
        """How late it was published, in the deadline's own unit: 3 日, 2 個工作日; empty when on time."""
        if self.published is None or self.published <= self.due:
            return ""
        return f"{self.late_days} 個工作日" if self.late_days is not None else f"{self.days_late} 日"

    @property
    def declared(self) -> bool:
        """The verdict rests on a date the department declared, which git cannot confirm."""
        return self.source == DECLARED


@dataclass(frozen=True)
class Deadline:
    """One deadline of one record, for its page: which rule, its window, the due date and the verdict."""

    rule: str  # D1, D4, B1, W1, A1, P1
    basis: str  # 縣方案, 安全生產法第78條 …
    window: str  # 15 日內, 7 個工作日內 …
    due: Due
    verdict: Verdict
    declared: bool  # the verdict rests on the department's declared date
    proven: dt.date | None  # the date git proves the record reached the site

    @property
    def proven_late(self) -> bool:
        """Declared on time, but git can only prove a date after the deadline."""
        return self.declared and self.proven is not None and self.proven > self.due.date


def decision_deadlines(d: Decision, pub, calendar, config: Config, today: dt.date) -> list[Deadline]:
    """Both deadlines of a published decision: the county plan's (D1) and the law's (D4, unless off)."""
    where = provenance(pub)
    due = checks.decision_due(d.decided, calendar, config)
    result = [
        Deadline(
            "D1",
            "縣方案",
            f"{config.decision_window_days} 日內",
            due,
            judge(due.date, pub.date, d.late_reason, today),
            where.declared,
            where.proven,
        )
    ]
    if config.decision_law_level != "off":
        due = checks.law_due(d.decided, calendar, config)
        result.append(
            Deadline(
                "D4",
                "安全生產法第78條",
                f"{config.decision_law_working_days} 個工作日內",
                due,
                judge(due.date, pub.date, d.late_reason, today, calendar),
                where.declared,
                where.proven,
            )
        )
    return result


def record_deadline(rule: str, basis: str, window: str, due: Due, pub, reason, today: dt.date) -> Deadline:
    """The one deadline of a periodic record (a list, a warning, a plan, an action's exposures)."""
    where = provenance(pub)
    return Deadline(
        rule, basis, window, due, judge(due.date, pub.date, reason, today), where.declared, where.proven
    )


def _source(pub) -> str | None:
    return provenance(pub).source if pub is not None and pub.date is not None else None


def items(ds: Dataset) -> list[Item]:
    """Every obligation the data and the programme create, rendered records only."""
    cal, config, today = ds.calendar, ds.config, ds.today
    pub = ds.publications
    result: list[Item] = []
    taken_down = {d.path for d in ds.taken_down_decisions}
    for d in ds.decisions:
        if d.draft:
            continue
        p = pub[d.path]
        state = "revoked" if d.is_revoked else "taken_down" if d.path in taken_down else "in_force"
        for dl in decision_deadlines(d, p, cal, config, today):
            v = dl.verdict
            result.append(
                Item(
                    "decision" if dl.rule == "D1" else "decision_law",
                    d.department,
                    d.number,
                    d.url,
                    d.decided,
                    v.due,
                    p.date,
                    v.status,
                    (p.date - d.decided).days,
                    _source(p),
                    v.days if v.working else None,
                    d.id,
                    state,
                    d.fine_amount,
                    d.late_reason,
                )
            )
        if d.is_revoked:
            due = checks.withdrawal_due(d, cal, config).date
            w = ds.withdrawals[d.path]
            # Only revoked.late excuses a late withdrawal (D3), as in the checks.
            status = judge(due, w.date, d.revoked.late_reason, today).status
            result.append(
                Item(
                    "withdrawal",
                    d.department,
                    d.number,
                    d.url,
                    d.revoked.date,
                    due,
                    w.date,
                    status,
                    None,
                    _source(w),
                    record=d.id,
                    record_status=state,
                    late_reason=d.revoked.late_reason,
                )
            )
    lists = {(b.department, b.quarter): b for b in ds.blacklists if not b.draft}
    duty = [x.id for x in ds.departments.values() if "blacklist" in x.duties]
    owed = {(dept, q) for dept in duty for q in checks.owed_quarters(ds.periods, cal, config)}
    for dept, q in sorted(owed | set(lists)):
        due = checks.blacklist_due(q, cal, config).date
        b = lists.get((dept, q))
        p = pub[b.path] if b else None
        date = p.date if p else None
        url = f"blacklist/{q.slug}/" if b else None
        status = judge(due, date, b and b.late_reason, today).status
        result.append(
            Item(
                "blacklist",
                dept,
                q.label,
                url,
                q.start,
                due,
                date,
                status,
                None,
                _source(p),
                record=f"{dept}-{q.slug}",
                late_reason=b.late_reason if b else None,
            )
        )
    warnings = {w.month: w for w in ds.warnings if not w.draft}
    for month in sorted(set(checks.owed_months(ds.periods, cal, config)) | set(warnings)):
        due = checks.warning_due(month, cal, config).date
        w = warnings.get(month)
        p = pub[w.path] if w else None
        date = p.date if p else None
        status = judge(due, date, w and w.late_reason, today).status
        result.append(
            Item(
                "warning",
                COUNTY,
                month.label,
                w.url if w else None,
                month.start,
                due,
                date,
                status,
                None,
                _source(p),
                record=month.slug,
                late_reason=w.late_reason if w else None,
            )
        )
    for a in ds.actions:
        if a.draft:
            continue
        due = checks.exposure_due(a.end, cal, config)
        date, reason, source = exposures_published(a, pub[a.path], due.date)
        status = judge(due.date, date, reason, today).status
        result.append(
            Item(
                "exposure",
                a.lead,
                a.title,
                a.url,
                a.end,
                due.date,
                date,
                status,
                None,
                source,
                record=a.id,
                late_reason=_exposure_reasons(a, pub[a.path], due.date) if reason else None,
            )
        )
    plans = {(p.department, p.year): p for p in ds.plans if not p.draft}
    duty = [x.id for x in ds.departments.values() if "plan" in x.duties]
    owed_plans = {(dept, y) for dept in duty for y in checks.owed_plan_years(ds.periods, cal, config)}
    for dept, year in sorted(owed_plans | set(plans)):
        due = checks.plan_due(year, cal, config).date
        plan = plans.get((dept, year))
        p = pub[plan.path] if plan else None
        date = p.date if p else None
        status = judge(due, date, plan and plan.late_reason, today).status
        result.append(
            Item(
                "plan",
                dept,
                f"{year} 年度",
                plan.url if plan else None,
                dt.date(year, 1, 1),
                due,
                date,
                status,
                None,
                _source(p),
                record=f"{dept}-{year}",
                late_reason=plan.late_reason if plan else None,
            )
        )
    return result


def exposures_published(a, pub, due: dt.date) -> tuple[dt.date | None, str | None, str | None]:
    """An action's exposures as one publication: the last date, a reason if every late one has one, the source.

    The source is declared if any exposure's date is declared (its own `published`, or the action's).
    """
    dates = [(e.published or pub.date, e) for e in a.exposures]
    if not dates:
        return None, None, None
    late = [e.late_reason or a.late_reason for day, e in dates if day > due]
    reason = "ok" if late and all(late) else None
    declared = any(e.published for e in a.exposures) or provenance(pub).declared
    return max(day for day, _ in dates), reason, DECLARED if declared else _source(pub)


def _exposure_reasons(a, pub, due: dt.date) -> str:
    """The reasons given for an action's late exposures (each its own, or the action's), once each."""
    reasons = [e.late_reason or a.late_reason for e in a.exposures if (e.published or pub.date) > due]
    return "；".join(dict.fromkeys(r for r in reasons if r))


def exposure_deadline(a, pub, calendar, config: Config, today: dt.date) -> Deadline:
    """An action's A1 deadline and its verdict, as on /compliance/."""
    due = checks.exposure_due(a.end, calendar, config)
    date, reason, source = exposures_published(a, pub, due.date)
    proven = pub.first_seen
    verdict = judge(due.date, date, reason, today)
    window = f"行動結束後 {config.exposure_window_months} 個月內"
    return Deadline("A1", "兩月一行動", window, due, verdict, source == DECLARED, proven)


@dataclass(frozen=True)
class Tally:
    """Figures for one group of obligations of one kind."""

    kind: str
    items: tuple[Item, ...]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def due(self) -> int:
        """Obligations whose due date has passed or that were published: the ones that count."""
        return sum(1 for i in self.items if i.status != PENDING)

    @property
    def on_time(self) -> int:
        return self.count(ON_TIME)

    @property
    def on_time_declared(self) -> int:
        """On time by a date the department declared: git cannot confirm it (PRODUCT.md, "Publication date")."""
        return sum(1 for i in self.items if i.status == ON_TIME and i.declared)

    @property
    def on_time_proven(self) -> int:
        """On time by the date git proves the record reached the published branch."""
        return self.on_time - self.on_time_declared

    @property
    def late(self) -> int:
        return self.count(LATE) + self.count(EXPLAINED)

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def days(self) -> list[int]:
        return sorted(i.days_to_publish for i in self.items if i.days_to_publish is not None)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def worst_days(self) -> int | None:
        return self.days[-1] if self.days else None


def tally(
    all_items: Iterable[Item],
    kind: str,
    department: str | None = None,
    year: int | None = None,
    quarter: Quarter | None = None,
) -> Tally:
    """Filter and count: department None means the whole county."""
    chosen = tuple(
        i
        for i in all_items
        if i.kind == kind
        and (department is None or i.department == department)
        and (year is None or i.year == year)
        and (quarter is None or i.quarter == quarter)
    )
    return Tally(kind, chosen)


@dataclass(frozen=True)
class Upcoming:
    due: dt.date
    label: str
    subject: str
    owner: str
    note: str = ""  # said after the line, e.g. 「將於 2027-01-05 期滿撤下」


def kind_labels(config: Config) -> dict[str, str]:
    """What each kind of obligation is called, with the windows of the settings."""
    return {
        "decision": f"處罰決定公示（縣方案 {config.decision_window_days} 日）",
        "decision_law": f"處罰決定公示（安全生產法第78條 {config.decision_law_working_days} 個工作日）",
        "withdrawal": "撤回公示",
        "blacklist": "季度黑名單",
        "warning": "一月一警示",
        "exposure": "專項行動曝光",
        "plan": "年度執法計劃",
    }


def takedowns(ds: Dataset, days: int) -> list[Upcoming]:
    """Public decisions that come down within `days` days (公示期限 ends, or a scheduled credit repair):
    dated by the takedown day, the first day they are no longer public (publicity.py)."""
    names = {k: d.name for k, d in ds.departments.items()}
    found = []
    for d in ds.published_decisions:
        ending = ds.ending(d)
        if ending is None or (ending.takedown - ds.today).days > days:
            continue
        why = f"信用修復（{ending.document}）撤下" if ending.repaired else "期滿撤下"
        found.append(
            Upcoming(
                ending.takedown,
                "處罰決定公示結束",
                d.number,
                names.get(d.department, d.department),
                f"將於 {ending.takedown} {why}（公示至 {ending.last_day}）",
            )
        )
    return found


def upcoming(ds: Dataset, days: int) -> list[Upcoming]:
    """Everything not yet published that falls due within `days` days: drafts included, both deadlines of
    a decision (the plan's and the law's)."""
    today, end = ds.today, ds.today + dt.timedelta(days=days)
    cal, config = ds.calendar, ds.config
    labels = kind_labels(config)
    law = config.decision_law_level != "off"
    names = {k: d.name for k, d in ds.departments.items()} | {COUNTY: "縣安委辦"}
    found = [
        Upcoming(i.due, labels[i.kind], i.subject, names.get(i.department, i.department))
        for i in items(ds)
        if i.status == PENDING and today <= i.due <= end
    ]
    drafts = [
        *(
            (checks.decision_due(d.decided, cal, config), "decision", d.number, d.department)
            for d in ds.decisions
            if d.draft
        ),
        *(
            (checks.law_due(d.decided, cal, config), "decision_law", d.number, d.department)
            for d in ds.decisions
            if d.draft and law
        ),
        *(
            (checks.blacklist_due(b.quarter, cal, config), "blacklist", b.quarter.label, b.department)
            for b in ds.blacklists
            if b.draft
        ),
        *(
            (checks.warning_due(w.month, cal, config), "warning", w.month.label, COUNTY)
            for w in ds.warnings
            if w.draft
        ),
        *(
            (checks.exposure_due(a.end, cal, config), "exposure", a.title, a.lead)
            for a in ds.actions
            if a.draft
        ),
        *(
            (checks.plan_due(p.year, cal, config), "plan", f"{p.year} 年度", p.department)
            for p in ds.plans
            if p.draft
        ),
        *((d.due, d.kind, d.subject, d.owner) for d in ds.incomplete_drafts),
        *((d.law_due, "decision_law", d.subject, d.owner) for d in ds.incomplete_drafts if d.law_due),
    ]
    for due, kind, subject, owner in drafts:
        if today <= due.date <= end:
            found.append(Upcoming(due.date, f"{labels[kind]}（草稿）", subject, names.get(owner, owner)))
    found += takedowns(ds, days)
    return sorted(found, key=lambda u: (u.due, u.label, u.subject))


def deadlines_of(ds: Dataset, record) -> list[Deadline]:
    """The deadlines of a record on the site, with their verdicts: what its page shows."""
    cal, config, today = ds.calendar, ds.config, ds.today
    pub = ds.publications[record.path]
    if isinstance(record, Decision):
        return decision_deadlines(record, pub, cal, config, today)
    if isinstance(record, MonthlyWarning):
        due = checks.warning_due(record.month, cal, config)
        window = f"每月 {config.warning_due_day} 日前"
        return [record_deadline("W1", "一月一警示", window, due, pub, record.late_reason, today)]
    if isinstance(record, Blacklist):
        due = checks.blacklist_due(record.quarter, cal, config)
        window = f"季度結束後 {config.blacklist_due_days} 日內"
        return [record_deadline("B1", "季度黑名單", window, due, pub, record.late_reason, today)]
    if isinstance(record, Plan):
        due = checks.plan_due(record.year, cal, config)
        window = f"{config.plan_due_month} 月 {config.plan_due_day} 日前"
        return [record_deadline("P1", "年度監管執法計劃", window, due, pub, record.late_reason, today)]
    if isinstance(record, Action):
        return [exposure_deadline(record, pub, cal, config, today)]
    return []
