"""Atom feeds for new decisions, blacklist changes, warnings and exposures."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # site-relative
    day: dt.date
    summary: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    entries: list[Entry]

    @property
    def path(self) -> str:
        return f"feeds/{self.id}.atom.xml"


class _StableAtom(Atom1Feed):
    """An empty feed is dated by `today`, not by the clock, so builds stay byte-identical."""

    def __init__(self, *args, today: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self._today


def render(feed: Feed, base: str, site_name: str, today: dt.date, tz: str, limit: int = 50) -> str:
    """The feed as Atom XML; `base` is the site's absolute URL, ending in "/"."""
    zone = ZoneInfo(tz)
    atom = _StableAtom(
        title=f"{site_name}：{feed.title}",
        link=base,
        description=feed.title,
        feed_url=base + feed.path,
        feed_guid=base + feed.path,
        language="zh-Hant",
        today=dt.datetime.combine(today, dt.time(), zone),
    )
    for e in sorted(feed.entries, key=lambda e: (e.day, e.url), reverse=True)[:limit]:
        when = dt.datetime.combine(e.day, dt.time(), zone)
        atom.add_item(
            title=e.title,
            link=base + e.url,
            description=e.summary,
            unique_id=base + e.url,
            pubdate=when,
            updateddate=when,
        )
    out = io.StringIO()
    atom.write(out, "utf-8")
    return out.getvalue()
