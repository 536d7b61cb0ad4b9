"""The public on a phone (issue 13): every page type of the demo at 360 and 1366 px, in the standard,
简体 and 長者模式 variants, measured in Chromium as a reader sees it; and the list labels the HTML
carries for it (late badges, blacklist subjects, the quarter's county table, the footer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tools.phone import PAGES, VARIANTS, VIEWPORTS, elder_on, open_page, problems
from tools.search_quality import CHROMIUM, serve

from transparency import tables


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def server(demo_site):
    srv, base = serve(demo_site)
    yield base
    srv.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is required: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _context(browser, server, viewport: str, **kw):
    width, height = VIEWPORTS[viewport]
    return browser.new_context(viewport={"width": width, "height": height}, base_url=server, **kw)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_type_fits_and_labels_its_values(browser, server, viewport):
    """No sideways scrolling, every card value labelled, captions laid out as text, charts legible,
    the first record of a list within 1.5 screens (2 in 長者模式), a short header on a phone."""
    context = _context(browser, server, viewport)
    page = context.new_page()
    found, cards = [], 0
    try:
        for variant in VARIANTS:
            for name, path in PAGES:
                m = open_page(page, variant, path)
                found += problems(name, variant, viewport, m)
                cards += m["cards"]
    finally:
        context.close()
    assert found == [], "\n".join(found)
    if viewport == "phone":  # the check of labels ran on real cards
        assert cards > 3 * 12


@pytest.mark.browser
def test_a_phone_menu_opens_and_filters_say_they_open(browser, server):
    context = _context(browser, server, "phone")
    page = context.new_page()
    try:
        page.goto("/decisions/")
        nav = page.locator(".site-nav")
        assert not nav.is_visible()
        page.click(".site-menu > summary")
        assert nav.is_visible() and page.locator(".site-nav a", has_text="黑名單").is_visible()
        summary = page.locator(".filters summary").first
        marker = summary.evaluate("s => getComputedStyle(s, '::before').content")
        assert "▸" in marker
        assert summary.locator(".when-closed").inner_text() == "展開選項"
        summary.click()
        assert "▾" in summary.evaluate("s => getComputedStyle(s, '::before').content")
        assert summary.locator(".when-open").is_visible() and not summary.locator(".when-closed").is_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desk"])
def test_the_elder_mode_and_script_links_are_visible_without_opening_anything(browser, server, viewport):
    """適老化: a visible 長者模式 entry on every page, never hidden in the 欄目 menu."""
    context = _context(browser, server, viewport)
    page = context.new_page()
    try:
        for path, elder, script, on in (
            ("/", "長者模式（大字版）", "简体", False),
            ("/decisions/", "長者模式（大字版）", "简体", False),
            ("/zh-hans/decisions/", "长者模式（大字版）", "繁體", False),
            ("/decisions/", "標準版", "简体", True),  # in 長者模式, the way back
            ("/zh-hans/", "标准版", "繁體", True),
        ):
            page.goto(path)
            if on != elder_on(page):
                page.click(f"nav.variant-switch a[data-elder={'on' if on else 'off'}]")
            assert elder_on(page) == on, path
            switch = page.locator("nav.variant-switch")
            assert switch.locator("a", has_text=elder).first.is_visible(), (path, elder)
            assert switch.locator("a", has_text=script).first.is_visible(), (path, script)
            current = switch.locator(f"a[data-elder={'on' if on else 'off'}]")  # the state it is in
            assert current.count() == 1 and not current.is_visible(), path
    finally:
        context.close()


@pytest.mark.browser
def test_on_a_desk_the_menu_is_a_row_of_links(browser, server):
    context = _context(browser, server, "desk")
    page = context.new_page()
    try:
        page.goto("/decisions/")
        assert page.locator(".site-nav a", has_text="黑名單").is_visible()
        assert not page.locator(".site-menu > summary").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_header_search_is_not_a_dead_end(browser, server):
    context = _context(browser, server, "phone", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/enterprises/")
        page.fill("#site-search-q", "宏達")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/?q=*")
        link = page.locator("main a[href$='/decisions/']")
        assert link.first.is_visible()
    finally:
        context.close()


# -- the HTML behind it -------------------------------------------------------------------------------


def test_an_unclosed_table_is_left_alone_and_the_next_one_still_labelled():
    """A `<table` with no end never swallows the next table (nor is the page rescanned from each one)."""
    good = "<table><thead><tr><th>甲</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    page = "<table><thead>" * 3 + good
    out = tables.label_cells(page)
    assert out.startswith("<table><thead>" * 3)
    assert '<td role="cell" data-label="甲">1</td>' in out


def test_cells_carry_their_column_header_and_keep_the_association():
    html = (
        "<table><caption>x</caption><thead><tr><th scope='col'>文號</th><th scope='col' colspan='2'>金額"
        "</th><th>公示 &amp; 期限</th></tr></thead><tbody><tr><th scope='row'>A</th><td>1</td><td>2</td>"
        "<td>3</td></tr></tbody></table><table><tbody><tr><th>k</th><td>v</td></tr></tbody></table>"
    )
    out = tables.label_cells(html)
    cells = BeautifulSoup(out, "html.parser").find_all("table")[0].tbody.find_all(["th", "td"])
    assert [c.get("data-label") for c in cells] == ["文號", "金額", "金額", "公示 & 期限"]
    assert [c.get("role") for c in cells] == ["rowheader", "cell", "cell", "cell"]
    assert 'role="table" data-cards' in out and 'role="columnheader"' in out
    assert tables.label_cells(out) == out  # idempotent
    assert "<table><tbody><tr><th>k</th>" in out  # no header row: left alone


def test_every_record_table_of_the_demo_is_labelled(demo_site):
    for rel in ["decisions/index.html", "compliance/index.html", "blacklist/index.html", "index.html"]:
        for table in soup(demo_site, rel).find_all("table", attrs={"data-cards": True}):
            for cell in table.tbody.find_all(["td", "th"]):
                assert cell.get("data-label"), (rel, cell)


def _row_of(page: BeautifulSoup, number: str):
    link = page.find("a", string=number)
    assert link is not None, number
    return link.find_parent("tr")


def _row_of_any(pages, number):
    for p in pages:
        if (link := p.find("a", string=number)) is not None:
            return link.find_parent("tr")
    raise AssertionError(number)


def test_late_decisions_are_marked_late_in_lists(demo_site):
    """示住建罰〔2026〕7號 was published a working day late (安全生產法 7 working days): the list says so."""
    pages = [soup(demo_site, "decisions/index.html"), soup(demo_site, "decisions/page/2/index.html")]
    late_row = _row_of_any(pages, "示住建罰〔2026〕7號")
    ok_row = _row_of_any(pages, "示應急罰〔2026〕1號")
    badge = late_row.find(class_="badge-late")
    assert badge is not None and badge.get_text(strip=True) == "逾期"
    assert ok_row.find(class_="badge-late") is None
    cell = late_row.find("td", attrs={"data-label": "公示日期與期限"})
    assert "逾期 1 個工作日" in cell.get_text()


def test_home_marks_late_ones_among_the_latest(demo_site):
    table = soup(demo_site, "index.html").find(id="latest-h").find_next("table")
    marked = 0
    for row in table.tbody.find_all("tr"):
        verdicts = " ".join(v.get_text() for v in row.find_all(class_="verdict"))
        badge = row.find(class_="badge-late") is not None
        assert badge == ("逾期" in verdicts), row.get_text(" ", strip=True)
        marked += badge
    assert marked > 0  # the demo's latest ten include late ones


def _distinct(table) -> tuple[int, int]:
    rows = table.tbody.find_all("tr")
    codes = {
        r.find("td", attrs={"data-label": "統一社會信用代碼"}).get_text(strip=True)
        or r.th.get_text(strip=True)
        for r in rows
    }
    return len(codes), len(rows)


def test_the_blacklist_counts_subjects_not_entries(demo_site):
    page = soup(demo_site, "blacklist/index.html")
    subjects, records = _distinct(page.find(id="current-h").find_next("table"))
    assert subjects < records  # the demo lists one firm twice
    caption = page.find(id="current-h").find_next("caption").get_text()
    assert f"{subjects} 個（{records} 條記錄）" in caption
    home = soup(demo_site, "index.html")
    dd = home.find("dt", string="目前在黑名單中的主體").find_next_sibling("dd")
    assert dd.a.get_text(strip=True) == str(subjects)
    assert f"（{records} 條記錄）" in dd.get_text()


def test_a_quarter_page_has_a_county_wide_table(demo_site):
    page = soup(demo_site, "blacklist/2026-q3/index.html")
    county = page.find(id="county-list").find_next("table")
    per_department = [s.find("table") for s in page.find_all("section", class_="dept-list")]
    rows = sum(len(t.tbody.find_all("tr")) for t in per_department if t is not None)
    assert len(county.tbody.find_all("tr")) == rows > 0
    subjects, records = _distinct(county)
    assert f"{subjects} 個主體（{records} 條記錄）" in county.caption.get_text()
    assert county.find("td", attrs={"data-label": "決定部門"}) is not None


def test_the_footer_speaks_plainly_and_home_has_one_search_box(demo_site):
    for rel in ["index.html", "zh-hans/index.html", "decisions/index.html"]:
        footer = soup(demo_site, rel).find("footer").get_text()
        assert "YAML" not in footer and "版本庫" not in footer and "版本库" not in footer
    home = soup(demo_site, "index.html")
    assert len(home.find_all("input", attrs={"type": "search"})) == 1
    h1 = home.find("h1")
    assert "visually-hidden" in h1.get("class", [])  # the site's name is in the header already


def test_charts_are_drawn_at_a_phone_width_with_legible_text(demo_site):
    page = (demo_site / "compliance/index.html").read_text(encoding="utf-8")
    widths = [int(w) for w in re.findall(r'<svg class="chart" viewBox="0 0 (\d+) ', page)]
    sizes = {int(s) for s in re.findall(r'<text [^>]*font-size="(\d+)"', page)}
    assert widths and max(widths) <= 328 and min(sizes) >= 12
