"""简/繁 and 長者模式: every page in both scripts, 長者模式 a mode of every page, switches on every page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SITE
from tools.sites import build_with

from transparency.variants import char_map, convert, legacy_large, rewrite_links

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


def test_old_large_print_addresses_lead_to_the_page_with_the_mode_on():
    assert legacy_large("/large/decisions/2026/yjj-2026-001/") == "/decisions/2026/yjj-2026-001/#elder"
    assert legacy_large("/large/") == "/#elder"
    assert legacy_large("/zh-hans/large/blacklist/2026-q2/") == "/zh-hans/blacklist/2026-q2/#elder"
    assert legacy_large("/zh-hant/large/404.html", elder=False) == "/zh-hant/404.html"
    assert legacy_large("/decisions/industry/large/") is None  # only at the start of the path
    assert legacy_large("/decisions/") is None and legacy_large("/largest/") is None
    # Never another host: a protocol-relative target would be an open redirect.
    assert legacy_large("/large//evil.example/x/") == "/evil.example/x/#elder"
    assert legacy_large("/large/\\\\evil.example/") == "/evil.example/#elder"
    assert legacy_large("/zh-hans/large///evil.example/") == "/zh-hans/evil.example/#elder"


def test_every_elder_rule_also_applies_without_javascript():
    """site.css: each 長者模式 rule for class="elder" (elder.js) is followed by its twin for #elder
    (:target, no JavaScript), a rule of its own so that a browser without :has() keeps the first."""
    css = (Path(__file__).parents[1] / "theme/static/css/site.css").read_text(encoding="utf-8")
    lines = [line for line in css.splitlines() if "{" in line]  # the rules (each on one line)
    twin = 'html:has([id="elder"]:target)'
    elder = [i for i, line in enumerate(lines) if "html.elder" in line]
    assert len(elder) > 25
    for i in elder:
        assert twin not in lines[i], lines[i]
        assert lines[i + 1] == lines[i].replace("html.elder", twin), f"no twin for: {lines[i]}"
    assert sum(twin in line for line in lines) == len(elder)


def test_query_maps_cover_common_words():
    to_hant = char_map("zh-Hans", "zh-Hant")
    assert "".join(to_hant.get(c, c) for c in "处罚决定安全生产") == "處罰決定安全生產"


def test_every_page_exists_in_both_scripts_and_nowhere_else(built_site):
    std = {
        p.relative_to(built_site)
        for p in built_site.rglob("*.html")
        if p.parts[len(built_site.parts)] not in ("zh-hans", "pagefind")
    }
    assert len(std) > 50
    for rel in std:
        assert (built_site / "zh-hans" / rel).exists(), f"zh-hans/{rel}"
    # 長者模式 is a mode of these pages: no copies under /large/.
    assert not (built_site / "large").exists() and not (built_site / "zh-hans" / "large").exists()


def test_simplified_page_converts_text_not_codes_or_dates(built_site):
    page = soup(built_site, f"zh-hans/{DECISION}")
    assert page.html["lang"] == "zh-Hans"
    assert page.h1.get_text(strip=True) == "示应急罚〔2026〕1号"
    text = page.get_text()
    assert "91439900MA4L8XNQ2K" in text and "2026-03-02" in text and "示范县宏达化工有限公司" in text
    assert page.find("a", string="首页")["href"] == "/zh-hans/"
    assert page.find("link", rel="stylesheet")["href"] == "/theme/css/site.css"


def test_switches_lead_to_the_same_page_and_the_mode(built_site):
    assert switch(soup(built_site, DECISION)) == {
        "简体": f"/zh-hans/{DECISION.removesuffix('index.html')}",
        "長者模式（大字版）": "#elder",
        "標準版": "#standard",
    }
    assert switch(soup(built_site, f"zh-hans/{DECISION}")) == {
        "繁體": f"/{DECISION.removesuffix('index.html')}",
        "长者模式（大字版）": "#elder",
        "标准版": "#standard",
    }
    assert switch(soup(built_site, "index.html"))["简体"] == "/zh-hans/"


def test_elder_mode_is_on_every_page_and_not_indexed_twice(built_site):
    pages = [p for p in built_site.rglob("*.html") if "pagefind" not in p.relative_to(built_site).parts]
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        rel = path.relative_to(built_site).as_posix()
        # The script that sets the mode before the first paint, in <head>, from a file (the CSP).
        assert page.head.find("script", src="/theme/js/elder.js"), rel
        assert page.select_one("nav.variant-switch span#elder[hidden]"), rel  # what #elder targets
        assert page.select_one("nav.variant-switch a[data-elder=on][href='#elder']"), rel
        assert "class" not in page.html.attrs, rel  # the mode is the reader's, never the file's
    assert (built_site / "theme/js/elder.js").is_file()
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


def test_default_script_and_elder_mode_are_settings(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = build_with(
        site, "TRANSPARENCY['default_script'] = 'zh-Hans'\nTRANSPARENCY['elder_mode'] = False"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    root_page = soup(site / "output", DECISION)
    assert root_page.html["lang"] == "zh-Hans" and root_page.h1.get_text(strip=True) == "示应急罚〔2026〕1号"
    assert soup(site / "output", f"zh-hant/{DECISION}").html["lang"] == "zh-Hant"
    # elder_mode off: no 長者模式 entry, no script, nothing for #elder to target.
    assert switch(root_page) == {"繁體": f"/zh-hant/{DECISION.removesuffix('index.html')}"}
    assert not root_page.find("script", src="/theme/js/elder.js") and not root_page.find(id="elder")


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
                # A mode of the same page: same address, class="elder" set by theme/js/elder.js.
                assert page.url.endswith("/zh-hans/decisions/2026/yjj-2026-001/")
                assert page.evaluate("document.documentElement.className") == "elder"
                page.screenshot(path=str(shots / f"decision-hans-large-{width}.png"), full_page=True)
                large = page.evaluate(
                    "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
                )
                open_menu(page)
                page.click("nav.variant-switch >> text=繁體")
                page.wait_for_load_state()  # the click returns once the next page is committed
                assert page.url.endswith(f"/{DECISION.removesuffix('index.html')}") and "hans" not in page.url
                assert page.evaluate("document.documentElement.className") == "elder"  # remembered
                page.screenshot(path=str(shots / f"decision-hant-large-{width}.png"), full_page=True)
                open_menu(page)
                page.click("a:has-text('處罰決定') >> nth=0")
                page.wait_for_load_state()
                assert page.url.endswith("/decisions/")
                assert page.evaluate("document.documentElement.className") == "elder"  # across pages
                page.goto(f"/{DECISION.removesuffix('index.html')}")
                open_menu(page)
                page.click("nav.variant-switch >> text=標準版")
                assert page.evaluate("document.documentElement.className") == ""
                page.reload()
                assert page.evaluate("document.documentElement.className") == ""  # off is remembered too
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
            page.goto("/zh-hans/search/")
            # One index, of the Traditional pages: the Simplified pages are not indexed a second time.
            assert page.evaluate(SEARCH_JS, "處罰") != []
            assert page.evaluate(SEARCH_JS, "处罚") == []
            browser.close()
    finally:
        srv.shutdown()


@pytest.mark.browser
def test_elder_mode_without_javascript_and_the_old_large_addresses(built_site):
    """Without JavaScript the entry turns the mode on for the page it is on (#elder, :target); an old
    /large/ address is redirected by `invoke serve` (as by the README's nginx/Apache rule), and where a host
    only serves 404.html, that page's script sends the reader on."""
    import importlib.util
    import threading

    from playwright.sync_api import sync_playwright
    from tools.search_quality import CHROMIUM

    spec = importlib.util.spec_from_file_location("project_tasks", Path(__file__).parents[1] / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    srv = tasks.site_server(built_site)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    size = "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(base_url=base, java_script_enabled=False)
            page.goto("/decisions/")
            normal = page.evaluate(size)
            page.click("nav.variant-switch >> text=長者模式（大字版）")
            assert page.url.endswith("/decisions/#elder") and page.evaluate(size) >= 1.2 * normal
            assert page.locator("nav.variant-switch a", has_text="標準版").is_visible()
            assert not page.locator("nav.variant-switch a", has_text="長者模式").is_visible()
            page.click("nav.variant-switch >> text=標準版")
            assert page.evaluate(size) == normal
            page.goto("/large/no-such-page/")  # the 404 page says how the old addresses work
            assert page.locator("#moved").is_visible()
            page.close()

            page = browser.new_page(base_url=base)
            page.goto("/no-such-page/")
            assert page.locator("h1").inner_text() == "找不到頁面"
            assert not page.locator("#moved").is_visible()  # not about this page: hidden by its script
            page.goto("/large/decisions/2026/yjj-2026-001/")  # the server's redirect
            assert page.url == f"{base}/{DECISION.removesuffix('index.html')}#elder"
            assert page.evaluate("document.documentElement.className") == "elder"
            page.close()

            page = browser.new_page(base_url=base)
            not_found = (built_site / "404.html").read_bytes()  # a host that only knows its 404 page
            page.route(
                "**/large/**",
                lambda route: route.fulfill(
                    status=404, body=not_found, content_type="text/html; charset=utf-8"
                ),
            )
            page.goto("/zh-hans/large/decisions/?year=2026")
            page.wait_for_url("**/zh-hans/decisions/?year=2026#elder")
            assert page.evaluate("document.documentElement.className") == "elder"
            page.close()

            page = browser.new_page(base_url=base)  # never to another host (an open redirect)
            page.route(
                "**/large/**",
                lambda route: route.fulfill(
                    status=404, body=not_found, content_type="text/html; charset=utf-8"
                ),
            )
            page.goto("/large//evil.example/")
            page.wait_for_url("**/evil.example/#elder")
            assert page.url == f"{base}/evil.example/#elder"
            page.close()
            browser.close()
    finally:
        srv.shutdown()
