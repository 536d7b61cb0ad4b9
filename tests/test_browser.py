"""Search in Chinese through Pagefind in headless Chromium, as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.search_quality import CHROMIUM, SEARCH_JS, searchable_texts, serve

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module")
def server(built_site):
    srv, base = serve(built_site)
    yield base
    srv.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is required: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    outside, failed, blocked = [], [], []
    context.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    context.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    pg = context.new_page()
    pg.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert failed == [], f"requests failed: {failed}"
    assert blocked == [], f"blocked by the Content-Security-Policy: {blocked}"


def search_urls(page, query: str) -> list[str]:
    """Run a query through the Pagefind JS API the search page uses."""
    page.goto("/search/")
    return page.evaluate(SEARCH_JS, query)


def pages_containing(site: Path, word: str) -> set[str]:
    """Indexed pages whose searchable text contains `word`: what a search should return."""
    return {url for url, text in searchable_texts(site).items() if word in text}


def test_search_page_finds_a_company_and_opens_it(page):
    page.goto("/")
    page.fill("#hero-q", "宏達化工")
    page.press("#hero-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-phone.png"), full_page=True)
    titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert "示範縣宏達化工有限公司" in titles and "示應急罰〔2026〕1號" in titles
    page.locator(".pagefind-ui__result-link", has_text="示應急罰〔2026〕1號").click()
    page.wait_for_url("**/decisions/2026/yjj-2026-001/")
    assert page.locator("h1").inner_text() == "示應急罰〔2026〕1號"


@pytest.mark.parametrize("word", ["處罰", "生產", "罰款", "高處", "宏達化工", "特種作業"])
def test_a_word_finds_the_pages_that_contain_it(page, built_site, word):
    expected = pages_containing(built_site, word)
    assert expected, f"fixture has no page with {word}"
    got = set(search_urls(page, word))
    assert expected <= got, f"missed {expected - got}"
    assert len(got - expected) <= max(1, len(expected) // 2), f"false hits {got - expected}"


def test_decision_number_and_quoted_phrase(page):
    assert search_urls(page, "示應急罰〔2026〕3號")[0] == "/decisions/2026/yjj-2026-003/"
    phrase = set(search_urls(page, '"未建立安全生產責任制"'))
    assert phrase == {"/decisions/2026/yjj-2026-003/", "/enterprises/92439900MA4T5H3K0T/"}


def test_credit_code_finds_the_enterprise_and_its_blacklist_entry(page):
    urls = search_urls(page, "91439900MA4L8XNQ2K")
    assert urls[0] == "/enterprises/91439900MA4L8XNQ2K/"
    assert "/blacklist/2026-q2/" in urls


def test_filter_by_kind_of_record(page):
    page.goto("/search/?q=宏達化工")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    page.locator(".filter-toggle").click()  # the filters are fetched when opened
    page.locator(".pagefind-ui__filter-name", has_text="類型").click()
    page.locator(".pagefind-ui__filter-checkbox[id*='企業信用記錄']").check()
    from playwright.sync_api import expect

    expect(page.locator(".pagefind-ui__result-link")).to_have_count(1)
    assert page.locator(".pagefind-ui__result-link").first.inner_text() == "示範縣宏達化工有限公司"


def test_revoked_records_are_not_found(page, built_site):
    assert pages_containing(built_site, "永興建材") == set()
    assert search_urls(page, '"永興建材"') == []
    assert "/decisions/2026/cgz-2026-001/" not in search_urls(page, "城關鎮罰")


def test_filters_are_offered(page):
    page.goto("/search/?q=示範縣")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    assert page.locator(".pagefind-ui__filter-name").count() == 0, "filters are fetched only when opened"
    page.locator(".filter-toggle").click()
    wanted = ["處罰機關", "處罰種類", "年度", "類型"]
    # The filters arrive after the button is pressed; on a busy machine a moment later.
    page.wait_for_function(
        """(wanted) => {
            const names = [...document.querySelectorAll('.pagefind-ui__filter-name')].map((e) => e.textContent.trim());
            return wanted.every((w) => names.includes(w));
        }""",
        arg=wanted,
        timeout=15000,
    )
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert set(wanted) <= {f.strip() for f in filters}


def test_decision_page_screenshot_on_a_phone(page):
    page.goto("/decisions/2026/yjj-2026-001/")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "decision-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
