"""Atom feeds for new decisions, blacklist changes, warnings and exposures.

Each entry is dated by git (RFC 4287 `updated`, with its time and the configured zone's offset): when the
record reached the published branch, and `published` when it was first published there; a record not
committed yet is dated by the build time. Every entry is in the feed: the newest `limit` in the feed's
own file, the rest in older pages chained by `<link rel="next">` (RFC 5005 §3, paged feeds).

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
    updated: dt.datetime | None = None  # from git; else the build time
    published: dt.datetime | None = None  # first published, from git
    fragment: str = ""  # an event of the record (withdrawn, taken down): its own entry id, url#fragment

    def when(self, now: dt.datetime) -> dt.datetime:
        return self.updated or now


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    entries: list[Entry]

    @property
    def path(self) -> str:
        return f"feeds/{self.id}.atom.xml"

    def page_path(self, number: int) -> str:
        """The feed's file for page `number` (1: the feed itself; older entries on later pages)."""
        return self.path if number == 1 else f"feeds/{self.id}-{number}.atom.xml"


class _StableAtom(Atom1Feed):
    """The feed's `updated` is the newest entry's of the whole feed (every page alike), or `today` for an
    empty feed, never the clock, so builds stay byte-identical; the paging links of RFC 5005.

    The summary is a text construct: feedgenerator would type it "html", making the staff's text markup.
    """

    def __init__(self, *args, updated: dt.datetime, pages: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self._updated = updated
        self._pages = pages  # rel → absolute URL

    def latest_post_date(self):
        return self._updated

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in self._pages.items():
            handler.addQuickElement("link", "", {"rel": rel, "href": href})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def render(
    feed: Feed,
    base: str,
    site_name: str,
    today: dt.date,
    tz: str,
    limit: int = 50,
    author: str = "",
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """The feed as Atom XML files by path: its own, and one more for each further `limit` entries.

    `base` is the site's absolute URL, ending in "/". The feed's <author> (RFC 4287 §4.1.1: a feed without
    one needs one in every entry) is `author`, else the site's name. `now` (the build time) dates the entries
    of records that git does not have yet."""
    zone = ZoneInfo(tz)
    now = (now or dt.datetime.now(zone)).astimezone(zone).replace(microsecond=0)
    entries = sorted(feed.entries, key=lambda e: (e.when(now), e.day, e.url, e.fragment), reverse=True)
    updated = entries[0].when(now) if entries else dt.datetime.combine(today, dt.time(), zone)
    chunks = [entries[i : i + limit] for i in range(0, len(entries), limit)] or [[]]
    last = len(chunks)
    files = {}
    for number, chunk in enumerate(chunks, 1):
        pages = {}
        if last > 1:
            pages["first"] = base + feed.page_path(1)
            pages["last"] = base + feed.page_path(last)
        if number > 1:
            pages["previous"] = base + feed.page_path(number - 1)
        if number < last:
            pages["next"] = base + feed.page_path(number + 1)
        atom = _StableAtom(
            title=xml_text(f"{site_name}：{feed.title}"),
            link=xml_text(base),
            description=xml_text(feed.title),
            feed_url=xml_text(base + feed.page_path(number)),
            feed_guid=xml_text(base + feed.path),
            language="zh-Hant",
            author_name=xml_text(author or site_name),
            author_link=xml_text(base),
            updated=updated,
            pages={k: xml_text(v) for k, v in pages.items()},
        )
        for e in chunk:
            url = xml_text(base + e.url)
            atom.add_item(
                title=xml_text(e.title),
                link=url,
                description=xml_text(e.summary),
                unique_id=f"{url}#{xml_text(e.fragment)}" if e.fragment else url,
                pubdate=e.published or e.when(now),
                updateddate=e.when(now),
            )
        out = io.StringIO()
        atom.write(out, "utf-8")
        files[feed.page_path(number)] = out.getvalue()
    return files
