"""The page plan's vocabulary: a Page, and the Planning context each kind module's `pages()` is given.

A kind module (kinds/*.py, section `# --- Pages ---`) declares `pages(ds, p)`: given the dataset and a
Planning (what the generator computed once per build: the blacklist standing today, the enterprises, the
exposures' dates…), it returns the Page objects of its kind, records and lists, without rendering or
writing anything. generator.plan_pages calls them in a fixed order (KINDS_WITH_PAGES) and adds the pages that
belong to no single kind (home, /compliance/, /data/, enterprises, search, sitemap).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import charts, compliance
from .facets import Facet, facet_lists
from .kinds import accident, action, blacklist, decision, plan, warning
from .present import paginate

# The kinds whose records have pages, in the order generator.plan_pages plans them.
KINDS_WITH_PAGES = (decision, blacklist, warning, accident, action, plan)


class Page(NamedTuple):
    """One page of the plan (TransparencyGenerator.plan_pages): where it goes, its template and exactly what
    it is given besides the theme's globals (template_globals) and the build's functions (_base)."""

    rel: str
    template: str
    context: dict


def listed_count(current: list) -> dict[str, int]:
    """Subjects (distinct parties: a firm listed twice is one) and records (listings) on the blacklists."""
    return {
        "subjects": len({x.entry.key[0] for x in current}),
        "records": len({(x.department, x.entry.key) for x in current}),
    }


@dataclass(frozen=True)
class Planning:
    """What the generator computed once per build and the kinds' pages read; never the generator itself.

    `today`: the build's day (only pages written with shows_today or footer are given it);
    `preview`: paths of the drafts a preview build shows (their pages get the 「草稿預覽」 banner);
    `current`: the blacklist listings standing today; `endings`: enterprises.Endings (how each listing
    stands); `companies`: the enterprises by credit code; `exposure_dates`: each exposure's publication
    day by (action id, index); `items`: compliance.items, every obligation and how it stands."""

    today: dt.date
    page_size: int
    preview: frozenset[str] = frozenset()
    current: list = field(default_factory=list)
    endings: Any = None
    companies: dict = field(default_factory=dict)
    exposure_dates: dict = field(default_factory=dict)
    items: list = field(default_factory=list)

    def page(
        self,
        rel: str,
        template: str,
        *,
        shows_today: bool = False,
        footer: bool = False,
        today: dt.date | None = None,
        **ctx,
    ) -> Page:
        """One page of the plan.

        `shows_today`: the template reads `today` itself (so today is in the page's key); `footer`: the page
        also shows 資料更新至 <today>. Any other page is given no today (generator._NoToday): what it shows
        of today's verdicts and statuses is put into its key by generator._page_facts."""
        if today is not None:  # a day that stands for today on this page (see as_of_day)
            ctx["today"] = today
        if shows_today or footer:
            ctx["today"] = self.today
        if footer:
            ctx["built_on"] = self.today
        if self.preview and any(getattr(v, "path", None) in self.preview for v in ctx.values()):
            ctx["preview_draft"] = True  # the page of a draft: 「草稿預覽」 banner
        return Page(rel, template, ctx)

    def faceted(
        self, template: str, base: str, items: list, facets: list[Facet], keep: list = (), **extra
    ) -> list[Page]:
        """A list, and one list per facet value, each paginated; the filters work without JavaScript.
        The facet values of `keep` (records taken down) keep their URL, as an empty list."""
        nav, lists = facet_lists(items, base, facets, keep)
        return [
            self.page(
                f"{page.url}index.html",
                template,
                page=page,
                facet_nav=nav,
                facet=(fl.name, fl.key),
                facet_label=fl.label,
                base_url=base,
                total=len(fl.items),
                **extra,
            )
            for fl in lists
            for page in paginate(fl.items, self.page_size, fl.url, len(fl.items) + fl.kept)
        ]


# --- Pages of no single kind -------------------------------------------------------------------


def enterprise_pages(ds, p: Planning) -> list[Page]:
    """The violation database: one page per credit code, and the list in three orders.

    An enterprise whose every record has come down (taken down, revoked) keeps its URL as a short
    page that names nothing and is not indexed; it is not in the lists."""
    companies = p.companies
    gone = [*ds.taken_down_decisions, *ds.revoked_decisions]
    out = []
    for ent in companies.values():
        # The page shows how its listings stand and cites the record 「截至」 a day: the last day its
        # record changed (a listing began, ended or was removed; a decision or exposure was published).
        # How it stands that day is how it stands today, and the page need not change tomorrow.
        published = [ds.publications[d.path].date for d in ent.decisions]
        published += [p.exposure_dates[e.action_id, e.index] for e in ent.exposures]
        as_of = as_of_day(p.today, ent.listings, published)
        out.append(p.page(f"{ent.url}index.html", "enterprise", today=as_of, ent=ent))
    former = sorted({d.party.credit_code for d in gone if d.party.credit_code} - set(companies))
    for code in former:
        out.append(p.page(f"enterprises/{code}/index.html", "enterprise_gone", credit_code=code))
    everyone = list(companies.values())  # already in pinyin order
    as_of = as_of_day(p.today, [x for e in everyone for x in e.listings])  # each row: listed today or not
    orders = {
        "name": ("enterprises/", everyone),
        "decisions": (
            "enterprises/sort/decisions/",
            sorted(everyone, key=lambda e: len(e.decisions), reverse=True),
        ),
        "fines": ("enterprises/sort/fines/", sorted(everyone, key=lambda e: e.fines, reverse=True)),
    }
    for order, (base, items) in orders.items():
        for page in paginate(items, p.page_size, base, len(items) + len(former)):
            out.append(
                p.page(
                    f"{page.url}index.html",
                    "enterprises",
                    today=as_of,
                    page=page,
                    order=order,
                    total=len(items),
                )
            )
    return out


def as_of_day(today: dt.date, listings, days=()) -> dt.date:
    """The last day, up to today, on which any of these listings changed (listed, term over, removed) or
    any of `days` fell. Every listing stands that day as it stands today (active_on, entry_ending change
    only on those days), so a page given it as `today` shows today's statuses but keeps its key."""
    events = [*days]
    for x in listings:
        e = x.entry
        events += [e.listed, e.until + dt.timedelta(days=1)]
        if e.removed:
            events.append(e.removed.date)
    return max((d for d in events if d <= today), default=today)


def compliance_pages(ds, p: Planning) -> list[Page]:
    """/compliance/: figures per department and year, charts, and one page per department."""
    items = p.items
    listed = sorted(
        [*ds.published_decisions, *ds.taken_down_decisions], key=lambda d: (d.decided, d.number), reverse=True
    )
    owners = [*ds.departments, compliance.COUNTY]
    years = sorted({i.year for i in items if i.status != compliance.PENDING}, reverse=True)
    names = {
        **{k: d.name for k, d in ds.departments.items()},
        compliance.COUNTY: "縣安委辦（一月一警示）",
    }
    by_year: dict[int, list] = {}  # each year's table filters only that year's items
    for i in items:
        by_year.setdefault(i.year, []).append(i)
    tables = []
    for year in years:
        kinds = []
        of_year = by_year.get(year, [])
        for kind in compliance.KINDS:
            rows = [(o, compliance.tally(of_year, kind, o, year)) for o in owners]
            rows = [(o, t) for o, t in rows if t.items]
            if rows:
                kinds.append((kind, rows, compliance.tally(of_year, kind, None, year)))
        quarters = sorted({i.quarter for i in of_year if i.kind == "decision"})
        by_quarter = [
            (d, [compliance.tally(of_year, "decision", d, year, q) for q in quarters])
            for d in ds.departments
            if compliance.tally(of_year, "decision", d, year).items
        ]
        tables.append({"year": year, "kinds": kinds, "quarters": quarters, "by_quarter": by_quarter})
    out = [
        p.page(
            "compliance/index.html",
            "compliance",
            footer=True,
            tables=tables,
            names=names,
            charts=compliance_charts(ds, listed, items),
        )
    ]
    for owner in [*owners, "all"]:
        mine = [i for i in items if owner == "all" or i.department == owner]
        if mine or owner == "all":
            out.append(
                p.page(
                    f"compliance/{owner}/index.html",
                    "compliance_detail",
                    owner=owner,
                    names=names,
                    items=mine,
                )
            )
    return out


def compliance_charts(ds, listed: list, items: list) -> list[dict]:
    """The three charts of /compliance/, each with the table of the same figures."""
    months: dict[str, list] = {}
    for d in sorted(listed, key=lambda d: d.decided):
        months.setdefault(f"{d.decided.year}-{d.decided.month:02d}", []).append(d)
    per_month = [(m, len(ds_)) for m, ds_ in months.items()]
    fines = [(m, sum(d.fine_amount for d in ds_) / 10_000) for m, ds_ in months.items()]
    rates = []
    for dept in ds.departments.values():
        t = compliance.tally(items, "decision", dept.id)
        if t.rate is not None:
            rates.append((dept.name, round(t.rate * 100, 1)))
    buckets = [(0, 3), (4, 7), (8, 11), (12, 15), (16, 20), (21, 10_000)]
    days = compliance.tally(items, "decision").days
    histogram = [
        (f"{lo}–{hi} 日" if hi < 10_000 else f"{lo} 日以上", sum(1 for x in days if lo <= x <= hi))
        for lo, hi in buckets
    ]
    return [
        {
            "id": "per-month",
            "title": "每月處罰決定數（件）",
            "svg": charts.columns(
                "per-month", "每月處罰決定數（件）", [(m[5:] + "月", v) for m, v in per_month]
            ),
            "rows": per_month,
            "unit": "件",
        },
        {
            "id": "fines",
            "title": "每月罰款金額（萬元）",
            "svg": charts.columns(
                "fines", "每月罰款金額（萬元）", [(m[5:] + "月", v) for m, v in fines], lambda v: f"{v:g}"
            ),
            "rows": [(m, f"{v:g}") for m, v in fines],
            "unit": "萬元",
        },
        {
            "id": "rates",
            "title": "各部門處罰決定按期公示率（%）",
            "svg": charts.bars("rates", "各部門處罰決定按期公示率（%）", rates, lambda v: f"{v:g}%", 100),
            "rows": [(n, f"{v:g}%") for n, v in rates],
            "unit": "",
        },
        {
            "id": "days",
            "title": "從決定到公示的天數分佈（件）",
            "svg": charts.columns("days", "從決定到公示的天數分佈（件）", histogram),
            "rows": histogram,
            "unit": "件",
        },
    ]
