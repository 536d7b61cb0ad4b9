"""Formatting for pages: money in yuan and 萬元, dates, pagination."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def yuan(amount: int | None) -> str:
    """50000 → '50,000元（5萬元）'; the 萬元 form only from 10,000 yuan."""
    if amount is None:
        return ""
    text = f"{amount:,}元"
    if amount >= 10_000:
        wan = f"{amount / 10_000:.4f}".rstrip("0").rstrip(".")
        text += f"（{wan}萬元）"
    return text


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paginated list."""

    items: list[T]
    number: int
    count: int
    base: str  # URL of page 1, ending in "/"

    def url_of(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None


def paginate(items: list[T], size: int, base: str, at_least: int = 0) -> list[Page[T]]:
    """Split `items` into pages of `size`; an empty list still has one page. `at_least` items' worth of
    pages are made even when fewer items are left (records taken down: a page URL, once published, stays)."""
    count = max(1, -(-max(len(items), at_least) // size))
    return [Page(items[i * size : (i + 1) * size], i + 1, count, base) for i in range(count)]
