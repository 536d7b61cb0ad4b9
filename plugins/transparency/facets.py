"""Faceted lists that work without JavaScript: one static, paginated list per facet value."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Facet:
    """One way to filter a list: the keys each item has, their labels, their order, their URLs."""

    name: str
    keys_of: Callable[[Any], Iterable[str]]
    label: Callable[[str], str] = str
    order: Callable[[set[str]], list[str]] = sorted
    path: Callable[[str], str] | None = None  # URL below the list's base; default "<name>/<key>/"

    def url(self, base: str, key: str) -> str:
        return base + (self.path(key) if self.path else f"{self.name}/{key}/")


@dataclass(frozen=True)
class FacetList:
    """One list to write: which facet value it is (None for all), its URL and items."""

    name: str | None
    key: str | None
    label: str | None
    url: str
    items: list
    kept: int = 0  # items once in this list and taken down since: its pages stay (URLs are permanent)


def facet_lists(
    items: list, base: str, facets: list[Facet], keep: Iterable = ()
) -> tuple[list[dict], list[FacetList]]:
    """The navigation (facet → values with counts) and every list: all items, then one per value.

    A value only `keep` has (records that were listed once and have come down) still gets its list,
    empty and out of the navigation: its URL was published, and URLs are permanent."""
    groups: dict[tuple[str, str], list] = {}
    for item in items:
        for facet in facets:
            for key in facet.keys_of(item):
                groups.setdefault((facet.name, key), []).append(item)
    keep = list(keep)
    kept: dict[tuple[str, str], int] = {}
    for item in keep:
        for facet in facets:
            for key in facet.keys_of(item):
                kept[facet.name, key] = kept.get((facet.name, key), 0) + 1
    nav, lists = [], [FacetList(None, None, None, base, items, len(keep))]
    for facet in facets:
        keys = facet.order({k for n, k in groups if n == facet.name})
        entries = []
        for key in keys:
            url = facet.url(base, key)
            entries.append(
                {"key": key, "label": facet.label(key), "href": url, "count": len(groups[facet.name, key])}
            )
            lists.append(
                FacetList(
                    facet.name,
                    key,
                    facet.label(key),
                    url,
                    groups[facet.name, key],
                    kept.get((facet.name, key), 0),
                )
            )
        nav.append({"name": facet.name, "entries": entries})
    by_name = {f.name: f for f in facets}
    for name, key in sorted(kept):
        if (name, key) not in groups:
            facet = by_name[name]
            lists.append(FacetList(name, key, facet.label(key), facet.url(base, key), [], kept[name, key]))
    return nav, lists
