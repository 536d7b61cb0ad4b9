"""Atom feeds for new decisions, blacklist changes, warnings and exposures.

Titles and summaries are staff text: written as Atom text constructs (type="text", XML-escaped), so a reader
shows "<script>" as those characters and never runs it as markup. Characters XML 1.0 cannot carry (C0
controls but tab, line feed and carriage return; C1 controls; lone surrogates; U+FFFE, U+FFFF) are removed,
so a feed is always well-formed XML, whatever reached it (validation rejects them at the source: V14).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed

# Not allowed in XML 1.0 (Char production), or a C1 control (allowed but "discouraged", and never text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without the characters an XML 1.0 document cannot hold."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # site-relative
    day: dt.date
    summary: str  # plain text, never HTML


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    entries: list[Entry]

    @property
    def path(self) -> str:
        return f"feeds/{self.id}.atom.xml"


class _StableAtom(Atom1Feed):
    """An empty feed is dated by `today`, not by the clock, so builds stay byte-identical.

    The summary is a text construct: feedgenerator would type it "html", making the staff's text markup.
    """

    def __init__(self, *args, today: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self._today

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def render(
    feed: Feed, base: str, site_name: str, today: dt.date, tz: str, limit: int = 50, author: str = ""
) -> str:
    """The feed as Atom XML; `base` is the site's absolute URL, ending in "/". The feed's <author> (RFC
    4287 §4.1.1: a feed without one needs one in every entry) is `author`, else the site's name."""
    zone = ZoneInfo(tz)
    atom = _StableAtom(
        title=xml_text(f"{site_name}：{feed.title}"),
        link=xml_text(base),
        description=xml_text(feed.title),
        feed_url=xml_text(base + feed.path),
        feed_guid=xml_text(base + feed.path),
        language="zh-Hant",
        author_name=xml_text(author or site_name),
        author_link=xml_text(base),
        today=dt.datetime.combine(today, dt.time(), zone),
    )
    for e in sorted(feed.entries, key=lambda e: (e.day, e.url), reverse=True)[:limit]:
        when = dt.datetime.combine(e.day, dt.time(), zone)
        url = xml_text(base + e.url)
        atom.add_item(
            title=xml_text(e.title),
            link=url,
            description=xml_text(e.summary),
            unique_id=url,
            pubdate=when,
            updateddate=when,
        )
    out = io.StringIO()
    atom.write(out, "utf-8")
    return out.getvalue()
