"""A large site is indexed in shards by recency (Pagefind holds its whole index in memory, and a search
reads every merged shard's page list); a search reads the first and merges older ones on demand."""

from __future__ import annotations

import itertools
import json
import re
import shutil

import pytest
from conftest import SITE
from tools.sites import build_with

from transparency.pagefind import indexed_pages, recency_shards, searchable_pages

MERGED_SEARCH_JS = """async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    for (const shard of window.PAGEFIND_SHARDS || []) await pf.mergeIndex('/pagefind/' + shard.path);
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


def test_shards_go_from_new_to_old_after_the_undated_pages():
    pages = [
        ("decisions/2019/a/index.html", "2019-03-01"),
        ("blacklist/index.html", ""),
        ("enterprises/X/index.html", "2026-05-01"),
        ("decisions/2026/b/index.html", "2026-06-01"),
        ("plans/2026/index.html", ""),
    ]
    shards = recency_shards(pages, 2)
    assert [[rel for rel, _ in s] for s in shards] == [
        ["blacklist/index.html", "plans/2026/index.html"],
        ["decisions/2026/b/index.html", "enterprises/X/index.html"],
        ["decisions/2019/a/index.html"],
    ]


def test_shards_js_gives_each_older_shard_its_dates(sharded_site):
    text = (sharded_site / "pagefind" / "shards.js").read_text()
    shards = json.loads(text.removeprefix("window.PAGEFIND_SHARDS = ").rstrip().rstrip(";"))
    assert [s["path"] for s in shards] == [f"part-{n}/" for n in range(1, len(shards) + 1)]
    for newer, older in itertools.pairwise(shards):
        assert newer["from"] >= older["to"], (newer, older)
    dated = [s for s in shards if s["from"]]
    assert dated and all(s["from"] <= s["to"] for s in dated)


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


@pytest.fixture
def sharded_page(sharded_site):
    from playwright.sync_api import sync_playwright
    from tools.search_quality import CHROMIUM, serve

    srv, base = serve(sharded_site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(base_url=base)
        page.fetched = []
        page.on("requestfinished", lambda r: page.fetched.append(r.url))
        yield page
        browser.close()
    srv.shutdown()


def _shards_read(page) -> set[str]:
    return {m.group(1) for u in page.fetched if (m := re.search(r"/pagefind/(part-\d+)/", u))}


@pytest.mark.browser
def test_a_first_search_reads_the_first_shard_only_until_asked(sharded_page):
    from playwright.sync_api import expect

    page = sharded_page
    page.goto("/search/?q=處罰")
    status = page.locator(".pagefind-ui__message")
    expect(status).to_contain_text("近期", timeout=20000)  # 「近期記錄中…」: the first shard's answer
    assert _shards_read(page) == set(), page.fetched
    older = page.locator(".search-older")
    expect(older).to_be_visible()
    older.click()
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=20000)
    page.wait_for_timeout(300)
    assert _shards_read(page) == {"part-1"}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("示应急罚[2026]2号", "/decisions/2026/yjj-2026-002/"),
        ("91439900MA4L8XNQ2K", "/enterprises/91439900MA4L8XNQ2K/"),
    ],
)
def test_an_identifier_in_an_older_shard_is_found_without_asking(sharded_page, query, url):
    sharded_page.goto(f"/search/?q={query}")
    link = sharded_page.locator(".pagefind-ui__result-link").first
    link.wait_for(timeout=20000)
    assert link.get_attribute("href") == url
    assert _shards_read(sharded_page), "it is in an older shard"
