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
from .models import Quarter

KINDS = ("decision", "withdrawal", "blacklist", "warning", "exposure", "plan")
ON_TIME, EXPLAINED, LATE, MISSING, PENDING = "on_time", "late_explained", "late", "missing", "pending"
STATUSES = (ON_TIME, EXPLAINED, LATE, MISSING, PENDING)
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


def _status(due: dt.date, published: dt.date | None, reason: str | None, today: dt.date) -> str:
    if published is None:
        return MISSING if today > due else PENDING
    if published <= due:
        return ON_TIME
    return EXPLAINED if reason else LATE


def items(ds: Dataset) -> list[Item]:
    """Every obligation the data and the programme create, rendered records only."""
    cal, config, today = ds.calendar, ds.config, ds.today
    pub = ds.publications
    result: list[Item] = []
    for d in ds.decisions:
        if d.draft:
            continue
        due = checks.decision_due(d.decided, cal, config).date
        date = pub[d.path].date
        result.append(
            Item(
                "decision",
                d.department,
                d.number,
                d.url,
                d.decided,
                due,
                date,
                _status(due, date, d.late_reason, today),
                (date - d.decided).days,
            )
        )
        if d.is_revoked:
            due = checks.withdrawal_due(d, cal, config).date
            date = ds.withdrawals[d.path].date
            result.append(
                Item(
                    "withdrawal",
                    d.department,
                    d.number,
                    d.url,
                    d.revoked.date,
                    due,
                    date,
                    _status(due, date, d.late_reason, today),
                )
            )
    lists = {(b.department, b.quarter): b for b in ds.blacklists if not b.draft}
    duty = [x.id for x in ds.departments.values() if "blacklist" in x.duties]
    owed = {(dept, q) for dept in duty for q in checks.owed_quarters(ds.periods, cal, config)}
    for dept, q in sorted(owed | set(lists)):
        due = checks.blacklist_due(q, cal, config).date
        b = lists.get((dept, q))
        date = pub[b.path].date if b else None
        url = f"blacklist/{q.slug}/" if b else None
        result.append(
            Item(
                "blacklist",
                dept,
                q.label,
                url,
                q.start,
                due,
                date,
                _status(due, date, b and b.late_reason, today),
            )
        )
    warnings = {w.month: w for w in ds.warnings if not w.draft}
    for month in sorted(set(checks.owed_months(ds.periods, cal, config)) | set(warnings)):
        due = checks.warning_due(month, cal, config).date
        w = warnings.get(month)
        date = pub[w.path].date if w else None
        result.append(
            Item(
                "warning",
                COUNTY,
                month.label,
                w.url if w else None,
                month.start,
                due,
                date,
                _status(due, date, w and w.late_reason, today),
            )
        )
    for a in ds.actions:
        if a.draft:
            continue
        due = checks.exposure_due(a.end, cal, config).date
        dates = [e.published or pub[a.path].date for e in a.exposures]
        late_reasons = [
            e.late_reason or a.late_reason for e in a.exposures if (e.published or pub[a.path].date) > due
        ]
        date = max(dates) if dates else None
        status = _status(due, date, all(late_reasons) and late_reasons and "ok", today)
        result.append(Item("exposure", a.lead, a.title, a.url, a.end, due, date, status))
    plans = {(p.department, p.year): p for p in ds.plans if not p.draft}
    duty = [x.id for x in ds.departments.values() if "plan" in x.duties]
    owed_plans = {(dept, y) for dept in duty for y in checks.owed_plan_years(ds.periods, cal, config)}
    for dept, year in sorted(owed_plans | set(plans)):
        due = checks.plan_due(year, cal, config).date
        p = plans.get((dept, year))
        date = pub[p.path].date if p else None
        result.append(
            Item(
                "plan",
                dept,
                f"{year} 年度",
                p.url if p else None,
                dt.date(year, 1, 1),
                due,
                date,
                _status(due, date, p and p.late_reason, today),
            )
        )
    return result


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


KIND_LABELS = {
    "decision": "處罰決定公示",
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
    """Everything not yet published that falls due within `days` days: drafts included."""
    today, end = ds.today, ds.today + dt.timedelta(days=days)
    cal, config = ds.calendar, ds.config
    names = {k: d.name for k, d in ds.departments.items()} | {COUNTY: "縣安委辦"}
    found = [
        Upcoming(i.due, KIND_LABELS[i.kind], i.subject, names.get(i.department, i.department))
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
    ]
    for due, kind, subject, owner in drafts:
        if today <= due.date <= end:
            found.append(Upcoming(due.date, f"{KIND_LABELS[kind]}（草稿）", subject, names.get(owner, owner)))
    found += takedowns(ds, days)
    return sorted(found, key=lambda u: (u.due, u.label, u.subject))
