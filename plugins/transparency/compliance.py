"""The site audits itself: every obligation with its due date, publication and status.

The same due-date functions and owed sets as the checks, so the figures on
/compliance/ agree with what `invoke check` reports. Each kind declares its obligations, their
titles and a record's deadlines in its module (kinds/<kind>.py, `DEADLINES`); this module gathers
them and counts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from . import kinds
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
from .models import Quarter
from .settings import Config
from .workdays import Due

COUNTY = "county"  # the county safety office: monthly warnings


def declared() -> tuple:
    """Every kind's deadline declaration (kinds/<kind>.py `DEADLINES`), in the order of kinds.MODULES."""
    return tuple(m.DEADLINES for m in kinds.MODULES if getattr(m, "DEADLINES", None) is not None)


# The kinds of obligation on /compliance/, in the order of the kind modules: decision is the county
# plan's deadline (D1), decision_law 安全生產法 第78條第2款 (D4) of the same decisions.
KINDS = tuple(k for dl in declared() if dl.labels for k in dl.labels(Config()))


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


def record_deadline(rule: str, basis: str, window: str, due: Due, pub, reason, today: dt.date) -> Deadline:
    """The one deadline of a periodic record (a list, a warning, a plan, an action's exposures)."""
    where = provenance(pub)
    return Deadline(
        rule, basis, window, due, judge(due.date, pub.date, reason, today), where.declared, where.proven
    )


def source_of(pub) -> str | None:
    """Where a publication date came from (lateness.provenance), None when there is none."""
    return provenance(pub).source if pub is not None and pub.date is not None else None


def periodic_item(
    ds: Dataset, kind: str, owner: str, label: str, start, due: dt.date, record, key: str
) -> Item:
    """One owed period of a periodic duty (a quarter's blacklist, a month's warning, a year's plan):
    `record` is what was published for it, or None."""
    pub = ds.publications[record.path] if record else None
    date = pub.date if pub else None
    reason = record.late_reason if record else None
    status = judge(due, date, reason, ds.today).status
    url = record.url if record else None
    return Item(
        kind,
        owner,
        label,
        url,
        start,
        due,
        date,
        status,
        None,
        source_of(pub),
        record=key,
        late_reason=reason,
    )


def items(ds: Dataset) -> list[Item]:
    """Every obligation the data and the programme create, rendered records only: each kind's own
    (its declaration's `items`), in the order of the kind modules."""
    return [item for dl in declared() if dl.items for item in dl.items(ds)]


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
    """What each kind of obligation is called, with the windows of the settings (the kinds' declarations)."""
    return {kind: label for dl in declared() if dl.labels for kind, label in dl.labels(config).items()}


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
    labels = kind_labels(ds.config)
    names = {k: d.name for k, d in ds.departments.items()} | {COUNTY: "縣安委辦"}
    found = [
        Upcoming(i.due, labels[i.kind], i.subject, names.get(i.department, i.department))
        for i in items(ds)
        if i.status == PENDING and today <= i.due <= end
    ]
    drafts = [
        *(due for dl in declared() if dl.drafts for due in dl.drafts(ds)),
        *((d.due, d.kind, d.subject, d.owner) for d in ds.incomplete_drafts),
        *((d.law_due, "decision_law", d.subject, d.owner) for d in ds.incomplete_drafts if d.law_due),
    ]
    for due, kind, subject, owner in drafts:
        if today <= due.date <= end:
            found.append(Upcoming(due.date, f"{labels[kind]}（草稿）", subject, names.get(owner, owner)))
    found += takedowns(ds, days)
    return sorted(found, key=lambda u: (u.due, u.label, u.subject))


def deadlines_of(ds: Dataset, record) -> list[Deadline]:
    """The deadlines of a record on the site, with their verdicts: what its page shows (its kind's
    declaration's `deadlines`)."""
    for dl in declared():
        if dl.model is not None and dl.deadlines is not None and isinstance(record, dl.model):
            return dl.deadlines(ds, record)
    return []


# Moved to their kind modules; still importable from here.
_MOVED = MappingProxyType(
    {
        "decision_deadlines": "decision",
        "exposure_deadline": "action",
        "exposures_published": "action",
    }
)


def __getattr__(name: str):
    if name in _MOVED:
        return getattr(getattr(kinds, _MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
