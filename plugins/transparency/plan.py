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
    day by (action id, index)."""

    today: dt.date
    page_size: int
    preview: frozenset[str] = frozenset()
    current: list = field(default_factory=list)
    endings: Any = None
    companies: dict = field(default_factory=dict)
    exposure_dates: dict = field(default_factory=dict)

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
        if today is not None:  # a day that stands for today on this page (see generator._as_of)
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
