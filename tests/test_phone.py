"""The public on a phone (issue 13): every page type of the demo at 360 and 1366 px, in the standard,
简体 and 長者模式 variants, measured in Chromium as a reader sees it; and the list labels the HTML
carries for it (late badges, blacklist subjects, the quarter's county table, the footer)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import lxml.html
import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from tools.phone import PAGES, VARIANTS, VIEWPORTS, elder_on, open_page, problems
from tools.search_quality import CHROMIUM, serve

from transparency import content, tables


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


def _header_labels(table) -> list[str]:
    """The column headers of an lxml <table>: its last header row's cells' text, spans repeated."""
    labels: list[str] = []
    for cell in table.xpath("./thead/tr[last()]/*[self::th or self::td]"):
        labels += [" ".join(cell.text_content().split())] * int(cell.get("colspan") or 1)
    return labels


def _unlabelled(table) -> list[str]:
    """What is wrong with a card table's labels and roles: [] when every body cell is labelled by its column."""
    wrong = []
    labels = _header_labels(table)
    if table.get("role") != "table" or table.get("data-cards") is None:
        wrong.append("table without role=table data-cards")
    wrong += [
        f"header cell role {c.get('role')}"
        for c in table.xpath("./thead/tr/th")
        if c.get("role") != "columnheader"
    ]
    for row in table.xpath("./tbody/tr"):
        if row.get("role") != "row":
            wrong.append(f"row role {row.get('role')}")
        column = 0
        for cell in row.xpath("./th|./td"):
            want = labels[column] if column < len(labels) else None
            role = "rowheader" if cell.tag == "th" else "cell"
            if not cell.get("data-label") or cell.get("data-label") != want or cell.get("role") != role:
                wrong.append(
                    f"<{cell.tag} role={cell.get('role')} data-label={cell.get('data-label')}> under {want}"
                )
            column += int(cell.get("colspan") or 1)
    return wrong


def test_every_table_of_every_demo_page_labels_its_cells_by_their_column(demo_site):
    """Every table with a header row, on every page in both scripts (the theme's tables from _tables.html,
    the Markdown table of the 舉報 page from tables.CardTables): each body cell's data-label is its column's
    header and it has its ARIA role. Tables without a header row are the charts' own (label, value) tables."""
    checked, pages, wrong = 0, set(), []
    for path in sorted(demo_site.rglob("*.html")):
        data = path.read_bytes()
        if b"<table" not in data:
            continue
        rel = path.relative_to(demo_site).as_posix()
        for table in lxml.html.fromstring(data).iter("table"):
            if not table.xpath("./thead"):
                assert table.xpath("ancestor::figure[contains(@class, 'chart-figure')]"), (
                    rel,
                    "table without header",
                )
                continue
            checked += 1
            pages.add(rel)
            wrong += [f"{rel}: {w}" for w in _unlabelled(table)[:3]]
    assert wrong == [], "\n".join(wrong[:20])
    assert "pages/report/index.html" in pages and "zh-hans/pages/report/index.html" in pages  # Markdown
    for rel in [
        "index.html",
        "decisions/index.html",
        "compliance/index.html",
        "blacklist/index.html",
        "enterprises/index.html",
        "data/index.html",
        "zh-hans/decisions/index.html",
    ]:
        assert rel in pages, rel
    assert checked > 450  # one page per script since 長者模式 became a mode of each page


def _render(source: str, **ctx) -> str:
    """A template using theme/templates/_tables.html, rendered as the generator's environment would."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    head = '{% from "_tables.html" import card_table, td, th with context %}'
    return env.from_string(head + source).render(T={"table_scroll": "表格"}, **ctx)


def test_the_table_macro_writes_labels_roles_and_the_header_from_one_list():
    html = _render(
        """{% call(part='body') card_table(['文號', {'label': '金額 & "罰款"', 'attrs': {'aria-sort': 'descending'}}],
        '標題', class='penalties', attrs={'data-kind': 'x'}, caption_class='visually-hidden', foot=true) %}
        {% if part == 'foot' %}<tr><th scope="row">合計</th><td>9</td></tr>{% else %}
        {% for n in rows %}<tr role="row"><th scope="row"{{ th('文號') }}>{{ n }}</th><td{{ td('金額 & "罰款"') }}>{{ n }}</td></tr>{% endfor %}
        {% endif %}{% endcall %}""",
        rows=["A", "B"],
    )
    table = lxml.html.fromstring(html).xpath("//table")[0]
    assert _unlabelled(table) == []
    assert _header_labels(table) == ["文號", '金額 & "罰款"']
    assert table.get("class") == "penalties" and table.get("data-kind") == "x"
    assert table.xpath("./thead/@data-pagefind-ignore") == [""]
    assert table.xpath("./thead/tr/th[2]/@aria-sort") == ["descending"]
    assert (
        table.xpath("./caption/@class") == ["visually-hidden"] and table.xpath("string(./caption)") == "標題"
    )
    assert len(table.xpath("./tbody/tr")) == 2
    assert table.xpath("./tfoot/tr/*[@data-label]") == []  # a total is not a record: not a card
    assert table.getparent().get("class") == "table-scroll"


def test_a_cell_under_the_wrong_header_is_found():
    """The check of the demo's pages can fail: a cell labelled by another column's header is reported."""
    html = _render(
        """{% call card_table(['甲', '乙'], 'c') %}<tr role="row"><th scope="row"{{ th('甲') }}>1</th>
        <td{{ td('甲') }}>2</td></tr>{% endcall %}"""
    )
    assert _unlabelled(lxml.html.fromstring(html).xpath("//table")[0]) == [
        "<td role=cell data-label=甲> under 乙"
    ]


def _markdown(text: str) -> str:
    """Staff Markdown rendered as Pelican's reader renders content/pages (pelicanconf's extensions, then ours)."""
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.toc", content.SafeContent()]
    )
    return md.convert(text)


def test_a_markdown_table_is_labelled_when_it_is_rendered():
    html = _markdown(
        '| 等級 | **每人** & "獎勵" | 最高 |\n| --- | ---: | --- |\n| 一般 | 3 萬元 |\n| 較大 | 4 萬元 | 30 萬元 |\n'
    )
    table = lxml.html.fromstring(html)
    assert table.tag == "table" and _unlabelled(table) == []
    assert _header_labels(table) == ["等級", '每人 & "獎勵"', "最高"]
    short_row = table.xpath("./tbody/tr[1]/td")
    assert [c.get("data-label") for c in short_row] == ["等級", '每人 & "獎勵"', "最高"]  # padded cell too
    caption = table.xpath("./caption")[0]  # every table has one; Markdown cannot write it
    assert caption.text == '等級、每人 & "獎勵"、最高' and caption.get("class") == "visually-hidden"
    assert content.audit_html(html) == []  # the build's guard accepts what the labeller adds


def test_a_markdown_table_is_captioned_by_its_section_heading():
    html = _markdown("## 標準\n\n| a |\n| --- |\n| 1 |\n\n## 另一節\n\n| b |\n| --- |\n| 2 |\n")
    captions = [t.xpath("string(./caption)") for t in lxml.html.fromstring(html).iter("table")]
    assert captions == ["標準", "另一節"]


def test_staff_cannot_write_labels_themselves_and_raw_tables_stay_text():
    html = _markdown(
        '段落\n{: data-label="x" data-cards="y" }\n\n<table><thead><tr><th>a</th></tr></thead></table>\n'
    )
    assert "data-label" not in html and "data-cards" not in html
    assert "&lt;table&gt;" in html
    # the guard's allowance is for the labeller's own attributes, on table cells only
    assert content.audit_html('<p data-label="x">') == ["<p data-label=…>"]


def test_labelling_an_element_tree_is_idempotent_and_counts_spanned_columns():
    table = ET.fromstring(
        "<table><thead><tr><th>組</th><th colspan='2'>金額</th></tr><tr><th>文號</th><th>罰款</th>"
        "<th>沒收</th></tr></thead><tbody><tr><th>A</th><td colspan='2'>1</td><td>多出</td></tr></tbody></table>"
    )
    assert tables.label_table(table)
    once = ET.tostring(table, encoding="unicode")
    assert tables.label_table(table) and ET.tostring(table, encoding="unicode") == once
    cells = table.find("tbody").find("tr")
    assert [(c.get("role"), c.get("data-label")) for c in cells] == [
        ("rowheader", "文號"),
        ("cell", "罰款"),
        ("cell", None),  # past the last column: a role, no label
    ]
    assert not tables.label_table(ET.fromstring("<table><tbody><tr><td>v</td></tr></tbody></table>"))


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
