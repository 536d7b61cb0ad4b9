"""A large site is indexed in shards (Pagefind holds its whole index in memory); search merges them."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import SITE
from tools.sites import build_with

from transparency.pagefind import indexed_pages, searchable_pages

MERGED_SEARCH_JS = """async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    for (const name of window.PAGEFIND_SHARDS || []) await pf.mergeIndex('/pagefind/' + name);
    const r = await pf.search(q);
    const data = await Promise.all(r.results.map((x) => x.data()));
    return data.map((d) => d.url);
}"""


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sharded")
    site = tmp / "site"
    shutil.copytree(SITE, site)
    result = build_with(site, "TRANSPARENCY['search_shard_pages'] = 7")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(site.glob(".staging-*")), "the shards' link folders are cleaned up"
    return site / "output"


def test_every_searchable_page_is_in_exactly_one_shard(sharded_site, built_site):
    pages = searchable_pages(sharded_site)
    assert pages == searchable_pages(built_site)
    shards = re.findall(r'"(part-\d+/)"', (sharded_site / "pagefind" / "shards.js").read_text())
    assert len(shards) == (len(pages) - 1) // 7, shards
    for name in ["", *shards]:
        assert (sharded_site / "pagefind" / name / "pagefind-entry.json").is_file()
    assert (built_site / "pagefind" / "shards.js").read_text() == "window.PAGEFIND_SHARDS = [];\n"


def test_shards_hold_every_page_once():
    # Pagefind's summary lines, summed over shards.
    assert indexed_pages("Indexed 1 language\n  Indexed 7 pages\n\nIndexed 3 pages\n") == 10


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "same"),
    [
        ("宏達化工", True),
        ("處罰", True),
        ("91439900MA4L8XNQ2K", True),
        ('"高處墜落"', True),
        ("高處墜落", False),
    ],
)
def test_merged_shards_find_what_one_index_finds(sharded_site, built_site, query, same):
    from playwright.sync_api import sync_playwright
    from tools.search_quality import CHROMIUM, SEARCH_JS, serve

    found = {}
    for name, site, js in (("one", built_site, SEARCH_JS), ("sharded", sharded_site, MERGED_SEARCH_JS)):
        srv, base = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(base_url=base)
                page.goto("/search/")
                found[name] = set(page.evaluate(js, query))
                if name == "sharded":
                    page.goto(f"/search/?q={query}")  # the search page itself merges the shards
                    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
                browser.close()
        finally:
            srv.shutdown()
    assert found["one"], query
    if same:
        assert found["sharded"] == found["one"]
    else:
        # A word outside the dictionary falls back to single characters in a shard that lacks it: more
        # results, never fewer. (At the default 8,000 pages a shard, such shards are rare.)
        assert found["sharded"] >= found["one"]
