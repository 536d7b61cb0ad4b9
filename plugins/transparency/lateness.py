"""One answer to "was it published on time?": the checks, /compliance/, the pages and the open data ask here.

`judge` gives the verdict for one deadline; `provenance` says where the publication date it was given came
from (git proves it, or the department declared it), so that a page never shows a verdict without its ground.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .workdays import ONE_DAY, WorkCalendar

ON_TIME, EXPLAINED, LATE, MISSING, PENDING = "on_time", "late_explained", "late", "missing", "pending"
STATUSES = (ON_TIME, EXPLAINED, LATE, MISSING, PENDING)

# Where the publication date a verdict rests on came from (open data: published_source).
GIT, DECLARED, NOT_COMMITTED = "git", "declared", "pending"
SOURCES = {"git": GIT, "explicit": DECLARED, "today": NOT_COMMITTED}


@dataclass(frozen=True)
class Verdict:
    """Whether a deadline was met, and by how much it was missed."""

    status: str  # one of STATUSES
    due: dt.date
    published: dt.date | None
    days: int = 0  # how late (0 when on time or not yet due): calendar days, or working days if `working`
    working: bool = False
    reason: str | None = None  # late.reason, when it excuses the lateness

    @property
    def is_late(self) -> bool:
        return self.status in (EXPLAINED, LATE, MISSING)

    @property
    def late_text(self) -> str:
        """逾期 3 日 / 逾期 2 個工作日."""
        return f"逾期 {self.days} 個工作日" if self.working else f"逾期 {self.days} 日"


def days_late(due: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Days from `due` to `end`: calendar days, or working days (行政處罰法 第85條) with a calendar.

    A late day that falls on a rest day still makes it late: at least one working day. A year with no
    holiday data counts every day as a working day, as the deadline itself does: never more lenient.
    """
    if calendar is None:
        return (end - due).days
    count, day = 0, due
    while day < end:
        day += ONE_DAY
        if not calendar.knows(day) or not calendar.is_rest_day(day):
            count += 1
    return max(1, count) if end > due else 0


def judge(
    due: dt.date,
    published: dt.date | None,
    reason: str | None,
    today: dt.date,
    calendar: WorkCalendar | None = None,
) -> Verdict:
    """The verdict for one deadline: on time, late with or without a reason, missing, or not due yet.

    `published` is None for what is not published (a draft, a record that does not exist). With a
    `calendar`, lateness is counted in working days (the deadline itself was counted so).
    """
    working = calendar is not None
    if published is None:
        if today > due:
            return Verdict(MISSING, due, None, days_late(due, today, calendar), working)
        return Verdict(PENDING, due, None, 0, working)
    if published <= due:
        return Verdict(ON_TIME, due, published, 0, working)
    days = days_late(due, published, calendar)
    if reason:
        return Verdict(EXPLAINED, due, published, days, working, reason)
    return Verdict(LATE, due, published, days, working)


@dataclass(frozen=True)
class Provenance:
    """The publication date the checks used, where it came from, and the date git proves."""

    date: dt.date | None
    source: str  # git | declared | pending (not committed: today) | draft | preview
    proven: dt.date | None  # the first commit on the published branch with the record, not a draft

    @property
    def declared(self) -> bool:
        return self.source == DECLARED


def provenance(pub) -> Provenance:
    """`pub` is a checks.Publication: explicit → declared, git → git, today → pending."""
    return Provenance(pub.date, SOURCES.get(pub.source, pub.source), pub.first_seen)


def exposure_provenance(declared: dt.date | None, action_pub) -> Provenance:
    """An exposure's date: its own `published` (declared), else its action's publication."""
    if declared is not None:
        return Provenance(declared, DECLARED, action_pub.first_seen)
    return provenance(action_pub)
