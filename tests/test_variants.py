"""简/繁 and 長者模式: every page in both scripts and both modes, switches on every page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SITE
from tools.sites import build_with

from transparency.variants import char_map, convert, rewrite_links

DECISION = "decisions/2026/yjj-2026-001/index.html"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")


def switch(page: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in page.select("nav.variant-switch a")}


def test_conversion_is_phrase_level_and_leaves_ascii_alone():
    text = "示應急罰〔2026〕12號 91439900MA4L8XNQ2K 2026-03-02 /decisions/2026/yjj-2026-012/ 乾燥 發佈"
    assert (
        convert(text, "zh-Hant", "zh-Hans")
        == "示应急罚〔2026〕12号 91439900MA4L8XNQ2K 2026-03-02 /decisions/2026/yjj-2026-012/ 干燥 发布"
    )


def test_links_move_into_the_variant_but_shared_files_stay():
    html = '<a href="/decisions/">x</a><link href="/theme/css/site.css"><a href="/data/decisions.csv">c</a><a href="/data/">d</a><form action="/search/">'
    out = rewrite_links(html, "zh-hans/", "")
    assert '<a href="/zh-hans/decisions/">' in out and 'href="/theme/css/site.css"' in out
    assert (
        'href="/data/decisions.csv"' in out
        and 'href="/zh-hans/data/"' in out
        and 'action="/zh-hans/search/"' in out
    )


def test_query_maps_cover_common_words():
    to_hant = char_map("zh-Hans", "zh-Hant")
    assert "".join(to_hant.get(c, c) for c in "处罚决定安全生产") == "處罰決定安全生產"


def test_every_page_exists_in_both_scripts(built_site):
    std = {
        p.relative_to(built_site)
        for p in built_site.rglob("*.html")
        if p.parts[len(built_site.parts)] not in ("zh-hans", "large", "pagefind")
    }
    for prefix in ("zh-hans", "large", "zh-hans/large"):
        for rel in std:
            assert (built_site / prefix / rel).exists(), f"{prefix}/{rel}"


def test_simplified_page_converts_text_not_codes_or_dates(built_site):
    page = soup(built_site, f"zh-hans/{DECISION}")
    assert page.html["lang"] == "zh-Hans"
    assert page.h1.get_text(strip=True) == "示应急罚〔2026〕1号"
    text = page.get_text()
    assert "91439900MA4L8XNQ2K" in text and "2026-03-02" in text and "示范县宏达化工有限公司" in text
    assert page.find("a", string="首页")["href"] == "/zh-hans/"
    assert page.find("link", rel="stylesheet")["href"] == "/theme/css/site.css"


def test_switches_lead_to_the_same_page(built_site):
    assert switch(soup(built_site, DECISION)) == {
        "简体": f"/zh-hans/{DECISION.removesuffix('index.html')}",
        "長者模式（大字版）": f"/large/{DECISION.removesuffix('index.html')}",
    }
    assert switch(soup(built_site, f"zh-hans/large/{DECISION}")) == {
        "繁體": f"/large/{DECISION.removesuffix('index.html')}",
        "标准版": f"/zh-hans/{DECISION.removesuffix('index.html')}",
    }
    assert switch(soup(built_site, "index.html"))["简体"] == "/zh-hans/"


def test_large_print_is_marked_and_not_indexed_twice(built_site):
    page = soup(built_site, f"large/{DECISION}")
    assert "elder" in page.html["class"]
    assert not page.find(attrs={"data-pagefind-body": True})
    assert page.find("a", string="首頁")["href"] == "/large/"
    # Only the default script is indexed; the search page converts for readers of the other.
    assert soup(built_site, DECISION).find(attrs={"data-pagefind-body": True})
    assert not soup(built_site, f"zh-hans/{DECISION}").find(attrs={"data-pagefind-body": True})
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-hant"]


def test_government_footer_and_site_map(built_site):
    page = soup(built_site, DECISION)
    footer = {d.dt.get_text(): d.dd.get_text(strip=True) for d in page.select(".gov-footer > div")}
    assert set(footer) == {"主辦單位", "承辦單位", "聯繫電話", "網站標識碼", "ICP備案號", "公安備案號"}
    assert page.select_one(".gov-footer a[href='https://beian.miit.gov.cn/']")
    sitemap = soup(built_site, "sitemap/index.html")
    sections = {a["href"] for a in sitemap.select(".sitemap h2 a")}
    assert {
        "/decisions/",
        "/blacklist/",
        "/enterprises/",
        "/warnings/",
        "/actions/",
        "/plans/",
        "/compliance/",
        "/data/",
    } <= sections


def test_citation_line_and_print_footer(built_site):
    page = soup(built_site, DECISION)
    citation = page.find(id="citation-text").get_text()
    assert citation.startswith(
        "示應急罰〔2026〕1號，示範縣應急管理局，決定日期 2026-03-02，公示日期 2026-03-09，http"
    )
    assert citation.endswith("/decisions/2026/yjj-2026-001/")
    assert "公示日期：2026-03-09" in page.find("p", class_="print-only").get_text()


def test_default_script_is_a_setting(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = build_with(site, "TRANSPARENCY['default_script'] = 'zh-Hans'")
    assert result.returncode == 0, result.stdout + result.stderr
    root_page = soup(site / "output", DECISION)
    assert root_page.html["lang"] == "zh-Hans" and root_page.h1.get_text(strip=True) == "示应急罚〔2026〕1号"
    assert soup(site / "output", f"zh-hant/{DECISION}").html["lang"] == "zh-Hant"
    assert switch(root_page)["繁體"] == f"/zh-hant/{DECISION.removesuffix('index.html')}"


def open_menu(page) -> None:
    """On a phone the reading options and the sections are behind the header's 欄目 button."""
    summary = page.locator(".site-menu > summary")
    if summary.is_visible() and page.locator(".site-menu").get_attribute("open") is None:
        summary.click()


@pytest.mark.browser
def test_switches_and_cross_script_search_in_chromium(built_site):
    from playwright.sync_api import sync_playwright
    from tools.search_quality import CHROMIUM, SEARCH_JS, serve

    shots = Path(__file__).parent / "screenshots"
    shots.mkdir(exist_ok=True)
    srv, base = serve(built_site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            sizes = {}
            for width in (390, 1280):
                page = browser.new_page(base_url=base, viewport={"width": width, "height": 900})
                page.goto(f"/{DECISION.removesuffix('index.html')}")
                open_menu(page)
                page.click("nav.variant-switch >> text=简体")
                assert page.url.endswith("/zh-hans/decisions/2026/yjj-2026-001/")
                assert page.evaluate("document.documentElement.lang") == "zh-Hans"
                page.screenshot(path=str(shots / f"decision-hans-{width}.png"), full_page=True)
                open_menu(page)
                page.click("nav.variant-switch >> text=长者模式（大字版）")
                assert page.url.endswith("/zh-hans/large/decisions/2026/yjj-2026-001/")
                page.screenshot(path=str(shots / f"decision-hans-large-{width}.png"), full_page=True)
                large = page.evaluate(
                    "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
                )
                open_menu(page)
                page.click("nav.variant-switch >> text=繁體")
                assert page.url.endswith("/large/decisions/2026/yjj-2026-001/")
                page.screenshot(path=str(shots / f"decision-hant-large-{width}.png"), full_page=True)
                open_menu(page)
                page.click("a:has-text('處罰決定') >> nth=0")
                assert "/large/decisions/" in page.url  # the mode is remembered across pages
                page.goto(f"/{DECISION.removesuffix('index.html')}")
                page.screenshot(path=str(shots / f"decision-hant-{width}.png"), full_page=True)
                normal = page.evaluate(
                    "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
                )
                sizes[width] = (normal, large)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.close()
            assert all(large >= normal * 1.2 for normal, large in sizes.values()), sizes
            page = browser.new_page(base_url=base)
            page.goto("/search/?q=宏达化工")  # Simplified typed on a Traditional page
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
            assert "示範縣宏達化工有限公司" in page.locator(".pagefind-ui__result-link").all_inner_texts()
            page.goto("/zh-hans/search/?q=宏達化工")  # Traditional typed on a Simplified page
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
            assert "示范县宏达化工有限公司" in page.locator(".pagefind-ui__result-link").all_inner_texts()
            assert (
                page.locator("label.search-label").inner_text() == "搜索本站"
            )  # results and UI in 简体, mainland words
            assert (
                page.locator(".pagefind-ui__result-link").first.get_attribute("href").startswith("/zh-hans/")
            )
            page.goto("/large/search/?q=宏達化工")  # large print links stay in large print
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
            assert page.locator(".pagefind-ui__result-link").first.get_attribute("href").startswith("/large/")
            page.goto("/zh-hans/search/")
            # One index, of the Traditional pages: the Simplified pages are not indexed a second time.
            assert page.evaluate(SEARCH_JS, "處罰") != []
            assert page.evaluate(SEARCH_JS, "处罚") == []
            browser.close()
    finally:
        srv.shutdown()
