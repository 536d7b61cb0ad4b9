"""Counting days the way the law does: 民法典 第201–203條 and 行政處罰法 第85條."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Due:
    """A computed deadline and how it was reached."""

    date: dt.date
    nominal: dt.date  # the last day before any rest-day extension
    missing_years: frozenset[int] = frozenset()  # calendar years with no holiday data
    doubtful_years: frozenset[int] = frozenset()  # years counted through whose calendar file has errors

    @property
    def extended(self) -> bool:
        return self.date != self.nominal


@dataclass(frozen=True)
class WorkCalendar:
    """Statutory holidays and make-up workdays, by year, from data/holidays/."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = field(default_factory=frozenset)
    # Years whose file has errors: what could be read is used, the rest is not guessed, and every
    # deadline counted through such a year says so (Due.doubtful_years) instead of blaming the record.
    broken: frozenset[int] = field(default_factory=frozenset)

    def _due(self, start: dt.date, date: dt.date, nominal: dt.date, missing) -> Due:
        doubtful = frozenset(y for y in range(start.year, date.year + 1) if y in self.broken)
        return Due(date, nominal, frozenset(missing) - self.broken, doubtful)

    def knows(self, day: dt.date) -> bool:
        return day.year in self.years

    def is_rest_day(self, day: dt.date) -> bool:
        """A weekend not listed as a make-up workday, or a statutory holiday."""
        if day in self.holidays:
            return True
        return day.weekday() >= 5 and day not in self.workdays

    def roll_forward(self, day: dt.date) -> tuple[dt.date, frozenset[int]]:
        """The first working day on or after `day` (第203條); no move where data is missing."""
        if not self.knows(day):
            return day, frozenset({day.year})
        while self.is_rest_day(day):
            day += ONE_DAY
            if not self.knows(day):
                return day, frozenset({day.year})
        return day, frozenset()

    def on_or_after(self, nominal: dt.date) -> Due:
        """A deadline fixed on a calendar day (the 10th, 31 March): rolled forward past rest days."""
        date, missing = self.roll_forward(nominal)
        return self._due(nominal, date, nominal, missing)

    def after_days(self, start: dt.date, days: int) -> Due:
        """Deadline of a period of `days` calendar days from `start` (start day not counted)."""
        nominal = start + dt.timedelta(days=days)
        date, missing = self.roll_forward(nominal)
        return self._due(nominal, date, nominal, missing)

    def after_months(self, start: dt.date, months: int) -> Due:
        """Deadline of a period of `months` months from `start` (第202條)."""
        nominal = add_months(start, months)
        date, missing = self.roll_forward(nominal)
        return self._due(nominal, date, nominal, missing)

    def after_working_days(self, start: dt.date, days: int) -> Due:
        """Deadline of `days` working days from `start` (行政處罰法 第85條).

        Where a year has no calendar every day counts as a working day: the
        deadline is never later for lack of data.
        """
        day, counted, missing = start, 0, set()
        while counted < days:
            day += ONE_DAY
            if not self.knows(day):
                missing.add(day.year)
                counted += 1
            elif not self.is_rest_day(day):
                counted += 1
        return self._due(start, day, day, missing)

    def period_due(self, start: dt.date, days: int) -> Due:
        """A period stated in days: up to 7 days means working days, longer means calendar days."""
        if days <= 7:
            return self.after_working_days(start, days)
        return self.after_days(start, days)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same date `months` later, or that month's last day when it has no such date."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
