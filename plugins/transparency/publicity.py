"""How long a penalty decision stays public (公示期限) and when credit repair (信用修復) ends it early.

LAW.md "How long a decision stays public": the period runs from the decision date, by tier
(失信程度 輕微 / 一般 / 嚴重, settings `publicity_periods`, a decision without `tier` is
`default_tier`), months counted by 民法典 第202條 (`workdays.add_months`: 2026-01-31 + 1 month =
2026-02-28; 2024-02-29 + 12 months = 2025-02-28).

The one rule every page, list, feed and export follows, decided here once:

- A period that ends on day E: the decision is public through E (第203條: the last day ends at
  24:00) and the first build on E + 1 takes it down. A period is not extended when E is a rest day:
  第203條 extends the time to *act*; keeping a decision online longer would be the breach.
- A credit repair dated R: publication ends on R (DATA.md: "publication ends on `date`"); the last
  public day is R − 1 and the first build on R takes it down. A repair dated in the future is a
  scheduled removal: the decision stays public until then.
- Whichever comes first ends it; when both fall on the same day the reason is 公示期滿 (the period
  ended of itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import schema
from .workdays import add_months

EXPIRED, REPAIRED = "公示期滿", "信用修復"
TIERS = tuple(key for key, _ in schema.TIERS)
# 《信用修復管理辦法》 (in force 2026-04-01) and 國家發展改革委令第58號: months from the decision date.
DEFAULT_PERIODS = {
    "輕微": {"min": 0, "max": 3},
    "一般": {"min": 3, "max": 12},
    "嚴重": {"min": 12, "max": 36},
}
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Ending:
    """When one decision stops being public, and why."""

    last_day: dt.date  # the last day it is public
    reason: str  # EXPIRED or REPAIRED
    period_end: dt.date  # the end of its tier's maximum period (公示截止期 of the national format)
    document: str | None = None  # the credit repair decision's number, for REPAIRED

    @property
    def takedown(self) -> dt.date:
        """The first day it is no longer public: the first build on or after this day takes it down."""
        return self.last_day + ONE_DAY

    @property
    def repaired(self) -> bool:
        return self.reason == REPAIRED


def periods(config) -> dict[str, dict[str, int]]:
    """The tiers' periods in months: the defaults, each tier the settings name replaced."""
    given = getattr(config, "publicity_periods", None) or {}
    return {tier: {**DEFAULT_PERIODS[tier], **(given.get(tier) or {})} for tier in TIERS}


def tier_of(decision, config) -> str:
    return getattr(decision, "tier", None) or getattr(config, "default_tier", None) or "一般"


def minimum_end(decision, config) -> dt.date | None:
    """The earliest date a credit repair may carry (decided + the tier's minimum), or None (unknown tier)."""
    period = periods(config).get(tier_of(decision, config))
    return add_months(decision.decided, period["min"]) if period else None


def period_end(decision, config) -> dt.date | None:
    """The last day of the tier's maximum period (decided + max months, 第202條), or None (unknown tier)."""
    period = periods(config).get(tier_of(decision, config))
    return add_months(decision.decided, period["max"]) if period else None


def ending(decision, config) -> Ending | None:
    """When `decision` stops being public and why; None only for a tier the settings do not know
    (validation reports that record, so it never reaches the site)."""
    end = period_end(decision, config)
    if end is None:
        return None
    repair = getattr(decision, "credit_repair", None)
    if repair is not None and repair.date - ONE_DAY < end:
        return Ending(repair.date - ONE_DAY, REPAIRED, end, repair.document)
    return Ending(end, EXPIRED, end)


def is_public(decision, config, today: dt.date) -> bool:
    """Still within its publicity period on `today` (drafts and revocations are the caller's matter)."""
    end = ending(decision, config)
    return end is None or today <= end.last_day


def settings_problems(given, default_tier) -> list[str]:
    """Why the `publicity_periods` / `default_tier` settings cannot be used (Chinese, with the fix)."""
    problems = []
    if given is not None and not isinstance(given, dict):
        return [
            f"TRANSPARENCY['publicity_periods'] 應為映射，如 {{'一般': {{'min': 3, 'max': 12}}}}，實為 {given!r}"
        ]
    for tier, period in (given or {}).items():
        where = f"TRANSPARENCY['publicity_periods'][{tier!r}]"
        if tier not in TIERS:
            problems.append(f"{where}：未知的失信程度；修正：只能是 {'、'.join(TIERS)}")
            continue
        if not isinstance(period, dict) or set(period) - {"min", "max"}:
            problems.append(f"{where} 應為 {{'min': 月數, 'max': 月數}}，實為 {period!r}；修正：按此格式填寫")
            continue
        merged = {**DEFAULT_PERIODS[tier], **period}
        if not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1200 for v in merged.values()
        ):
            problems.append(f"{where} 的月數應為 0 至 1200 的整數，實為 {period!r}；修正：填寫整數月數")
        elif merged["min"] > merged["max"]:
            problems.append(
                f"{where}：最短期限 {merged['min']} 個月長於最長期限 {merged['max']} 個月；修正：min 不得大於 max"
            )
    if default_tier is not None and default_tier not in TIERS:
        problems.append(
            f"TRANSPARENCY['default_tier'] 應為 {'、'.join(TIERS)} 之一，實為 {default_tier!r}；修正：改為其中之一"
        )
    return problems
