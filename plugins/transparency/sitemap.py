"""/sitemap.xml (sitemaps.org) and /robots.txt: what search engines are told about the site.

The sitemap lists the public pages of the default script, each with its page in every script as an
`xhtml:link rel="alternate" hreflang` (and `x-default`, the default script), and `lastmod` where the
page's records have a git date. 長者模式 is a mode of every page, with no address of its own (the old
/large/ addresses redirect), so there is nothing of it to list. The 404 page, the search page and pages marked `<meta name="robots" content="noindex">`
(withdrawn decisions) are left out too; drafts and revoked decisions are never among the pages given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from .exports import OpenDataset
from .models import Blacklist, BlacklistEntry

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# sitemaps.org: at most 50,000 URLs (and 50 MB) in one file; beyond that, an index of several files.
MAX_URLS = 50_000
NOT_LISTED = ("404.html", "search/index.html")
_NOINDEX = re.compile(r"""<meta\s+name=["']robots["']\s+content=["'][^"']*noindex""", re.IGNORECASE)
_HEAD_BYTES = 16_384


@dataclass(frozen=True)
class Entry:
    """One page: its path under the site (…/index.html) and the date it last changed, if known."""

    rel: str
    lastmod: dt.date | None = None


def page_path(rel: str) -> str:
    """The URL path of a written file: "decisions/index.html" → "decisions/", "404.html" stays."""
    return "" if rel == "index.html" else rel.removesuffix("index.html")


def absolute(public: str, prefix: str, rel: str) -> str:
    """The page's absolute URL, percent-encoded (facet values are Chinese): public ends in "/"."""
    return public + quote(prefix + page_path(rel), safe="/")


def noindex(path: Path) -> bool:
    """Whether the written page asks search engines not to index it (read up to its </head>)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            while b"</head>" not in head:
                more = fh.read(_HEAD_BYTES)
                if not more:
                    break
                head += more
    except OSError:
        return False
    head = head.split(b"</head>", 1)[0].decode("utf-8", "replace")
    return bool(_NOINDEX.search(head))


def listed(entries: Iterable[Entry], site: Path) -> list[Entry]:
    """The pages that belong in the sitemap, in path order."""
    return sorted(
        (
            e
            for e in entries
            if e.rel.endswith(".html") and e.rel not in NOT_LISTED and not noindex(site / e.rel)
        ),
        key=lambda e: e.rel,
    )


def _url(entry: Entry, public: str, alternates: list[tuple[str, str]]) -> str:
    """One <url>: the default-script page, every script's page, and x-default."""
    lines = [f"<url><loc>{escape(absolute(public, alternates[0][1], entry.rel))}</loc>"]
    if len(alternates) > 1:  # one script only (other_scripts off): nothing to declare
        for lang, prefix in alternates:
            href = escape(absolute(public, prefix, entry.rel), {'"': "&quot;"})
            lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>')
        href = escape(absolute(public, alternates[0][1], entry.rel), {'"': "&quot;"})
        lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{href}"/>')
    if entry.lastmod:
        lines.append(f"<lastmod>{entry.lastmod.isoformat()}</lastmod>")
    lines.append("</url>")
    return "".join(lines)


def urlset(entries: list[Entry], public: str, alternates: list[tuple[str, str]]) -> str:
    """A sitemaps.org <urlset>; `alternates` is (hreflang, URL prefix) per script, the default first."""
    body = "\n".join(_url(e, public, alternates) for e in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{body}\n</urlset>\n"
    )


def sitemap_index(files: list[tuple[str, dt.date | None]], public: str) -> str:
    """A <sitemapindex> of several sitemap files (name under the site root, newest lastmod in it)."""
    parts = []
    for name, lastmod in files:
        mod = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        parts.append(f"<sitemap><loc>{escape(public + name)}</loc>{mod}</sitemap>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(parts)
        + "\n</sitemapindex>\n"
    )


def files(
    entries: list[Entry], public: str, alternates: list[tuple[str, str]], max_urls: int = MAX_URLS
) -> dict[str, str]:
    """name → text: sitemap.xml alone, or (over `max_urls` pages) an index and sitemaps/<n>.xml."""
    if len(entries) <= max_urls:
        return {SITEMAP: urlset(entries, public, alternates)}
    out, parts = {}, []
    for n, start in enumerate(range(0, len(entries), max_urls), start=1):
        chunk = entries[start : start + max_urls]
        name = f"sitemaps/{n}.xml"
        out[name] = urlset(chunk, public, alternates)
        parts.append((name, max((e.lastmod for e in chunk if e.lastmod), default=None)))
    out[SITEMAP] = sitemap_index(parts, public)
    return out


def robots(public: str, preview: bool) -> str:
    """robots.txt: everything public may be crawled, and where the sitemap is; a preview, nothing."""
    if preview:
        return "# 草稿預覽：不可公開，搜索引擎一律不抓取\nUser-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {public}{SITEMAP}\n"


class PageDates:
    """The date a page last changed, from what its context shows: the newest git change of its records
    (a Decision, a Blacklist, an Action behind an Exposure…), and for blacklist entries also the day an
    entry left the list by itself (the day after its term, or its removal date) once that has come.
    None when the page shows no dated record: lastmod is omitted rather than guessed.

    Each object is looked at once (memoized by id, and kept alive so that its id stays its own)."""

    def __init__(self, dates: dict[str, dt.date | None], actions: dict[str, str], today: dt.date):
        self.dates = dates  # record path → its last change on the published branch
        self.actions = actions  # action id → its path (an Exposure names only its action)
        self.today = today
        self.memo: dict[int, dt.date | None] = {}
        self.keep: list = []

    def __call__(self, value: object) -> dt.date | None:
        if value is None or isinstance(value, str | int | float | bool | dt.date):
            return None
        key = id(value)
        if key in self.memo:
            return self.memo[key]
        found: list[dt.date | None] = []
        if isinstance(value, dict):
            found = [self(v) for v in value.values()]
        elif isinstance(value, list | tuple | set | frozenset):
            found = [self(v) for v in value]
        elif isinstance(value, OpenDataset):
            found = [value.last_changed]  # its records are rows of plain values
        elif is_dataclass(value):
            path = getattr(value, "path", None)
            if isinstance(path, str) and path in self.dates:  # a record: its file's date, not its parts
                found.append(self.dates[path])
                if isinstance(value, Blacklist):
                    found += [self._left(e) for e in value.entries]
            elif isinstance(value, BlacklistEntry):
                found.append(self._left(value))
            elif isinstance(getattr(value, "action_id", None), str):  # an exposure: its action's file
                found.append(self.dates.get(self.actions.get(value.action_id, "")))
            else:  # a page of a list, an enterprise, a listing, a quarter's diff…
                found += [self(getattr(value, f.name)) for f in fields(value)]
        result = max((d for d in found if d), default=None)
        self.memo[key] = result
        self.keep.append(value)
        return result

    def _left(self, e: BlacklistEntry) -> dt.date | None:
        """The day the entry left the list without a change to any file, if that day has come."""
        days = [e.until + dt.timedelta(days=1)]
        if e.removed:
            days.append(e.removed.date)
        days = [d for d in days if d <= self.today]
        return min(days, default=None)
