"""Issue 17, third bullet: /sitemap.xml, /robots.txt and hreflang alternates between the two scripts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, decision_yaml, git
from lxml import etree

from transparency import sitemap

BASE = "https://example.gov.cn/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
DRAFT = "decisions/2026/yjj-2026-009.yaml"
REVOKED = "decisions/2026/cgz-2026-001.yaml"  # in the fixture site: revoked, its page a withdrawal notice
CHANGED = "decisions/2026/yjj-2026-001.yaml"


def pelican(site: Path, settings: str, out: Path, **env: str) -> Path:
    environ = {
        **os.environ,
        "TRANSPARENCY_TODAY": "2026-11-30",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
        **env,
    }
    cmd = [sys.executable, "-m", "pelican", str(site / "content"), "-s", str(ROOT / settings), "-o", str(out)]
    result = subprocess.run(cmd, cwd=site, env=environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site in git (every record committed on 2026-10-20, one decision changed on
    2026-11-10), with a draft decision; built as production is, with SITEURL=https://example.gov.cn."""
    root = tmp_path_factory.mktemp("sitemap") / "site"
    shutil.copytree(SITE, root)
    text = decision_yaml(number="示應急罰〔2026〕9號", decided="2026-11-25", published=None, draft="true")
    (root / "data" / DRAFT).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "records", when="2026-10-20T10:00:00+08:00")
    path = root / "data" / CHANGED
    path.write_text(path.read_text(encoding="utf-8").replace("經查", "經查明"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "correction", when="2026-11-10T10:00:00+08:00")
    return root


@pytest.fixture(scope="module")
def out(site) -> Path:
    return pelican(site, "publishconf.py", site / "output", SITEURL="https://example.gov.cn")


@pytest.fixture(scope="module")
def urls(out) -> dict[str, etree._Element]:
    tree = etree.parse(str(out / "sitemap.xml"))
    assert tree.getroot().tag == f"{{{NS['s']}}}urlset"
    return {u.findtext("s:loc", namespaces=NS): u for u in tree.getroot().findall("s:url", NS)}


def file_of(out: Path, url: str) -> Path:
    """The written file behind an absolute URL of the site."""
    assert url.startswith(BASE), url
    path = unquote(urlsplit(url).path).lstrip("/")
    return out / (path + "index.html" if path == "" or path.endswith("/") else path)


def alternates(url: etree._Element) -> dict[str, str]:
    return {
        x.get("hreflang"): x.get("href") for x in url.findall("x:link", NS) if x.get("rel") == "alternate"
    }


def default_pages(out: Path) -> set[str]:
    """Every HTML page of the default script."""
    skip = ("zh-hans/", "pagefind/", "theme/")
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not p.relative_to(out).as_posix().startswith(skip)
    }


def test_every_url_is_absolute_from_the_public_address_and_exists(out, urls):
    assert len(urls) > 50
    for loc in urls:
        assert loc.startswith(BASE) and "localhost" not in loc
        assert file_of(out, loc).is_file(), loc


def test_each_url_names_both_scripts_and_x_default(out, urls):
    for loc, url in urls.items():
        alt = alternates(url)
        assert set(alt) == {"zh-Hant", "zh-Hans", "x-default"}, loc
        assert alt["zh-Hant"] == loc == alt["x-default"]
        assert alt["zh-Hans"] == loc.replace(BASE, BASE + "zh-hans/", 1)
        page = BeautifulSoup(file_of(out, alt["zh-Hans"]).read_text(encoding="utf-8"), "lxml")
        assert page.html["lang"] == "zh-Hans", alt["zh-Hans"]


def test_every_public_page_is_listed_and_nothing_else(out, urls):
    listed = {file_of(out, loc).relative_to(out).as_posix() for loc in urls}
    noindex = {rel for rel in default_pages(out) if sitemap.noindex(out / rel)}
    assert "decisions/2026/cgz-2026-001/index.html" in noindex  # the withdrawal notice
    assert listed == default_pages(out) - noindex - {"404.html", "search/index.html"}
    assert {"pages/about/index.html", "decisions/industry/危險化學品/index.html"} <= listed


def test_drafts_revoked_old_large_print_and_the_other_script_are_absent(out, urls):
    text = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert (out / "decisions/2026/cgz-2026-001/index.html").is_file()  # the URL stays, as a notice
    for absent in ("yjj-2026-009", "cgz-2026-001", "/search/", "404.html", "/large/"):
        assert absent not in text, absent
    assert not any(loc.startswith(BASE + "zh-hans/") for loc in urls)
    assert not (out / "large").exists()  # 長者模式 is a mode of every page, with no address of its own


def test_lastmod_is_the_git_date_of_what_the_page_shows(urls):
    def lastmod(path: str) -> str | None:
        return urls[BASE + path].findtext("s:lastmod", namespaces=NS)

    assert lastmod("decisions/2026/yjj-2026-001/") == "2026-11-10"  # changed after it was published
    assert lastmod("decisions/2026/yjj-2026-003/") == "2026-10-20"
    assert lastmod("decisions/") == "2026-11-10"  # a list: the newest of its records
    assert lastmod("enterprises/91439900MA4L8XNQ2K/") == "2026-11-10"
    assert lastmod("blacklist/2026-q1/") == "2026-10-20"
    # Pages that show no single record's date have none rather than an invented one.
    assert lastmod("compliance/") is None and lastmod("pages/about/") is None


def test_robots_txt_names_the_sitemap(out):
    robots = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Sitemap: https://example.gov.cn/sitemap.xml" in robots
    assert "User-agent: *" in robots and not any(line.startswith("Disallow: /") for line in robots)


def test_every_page_declares_its_other_script_counterpart(out):
    pages = [p for p in out.rglob("*.html") if not p.relative_to(out).as_posix().startswith("pagefind/")]
    assert len(pages) > 120  # both scripts (長者模式 is no longer a copy)
    for page in pages:
        rel = page.relative_to(out).as_posix()
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").head
        links = {a["hreflang"]: a["href"] for a in head.find_all("link", rel="alternate", hreflang=True)}
        assert set(links) == {"zh-Hant", "zh-Hans", "x-default"}, rel
        for href in links.values():
            assert file_of(out, href).is_file(), (rel, href)
        assert file_of(out, links[head.parent["lang"]]) == page, rel  # itself among them
        # No page is a duplicate for presentation any more (長者模式 was, under /large/): none names another
        # as canonical, and nothing in <head> points to /large/.
        assert head.find("link", rel="canonical") is None, rel
        assert "/large/" not in str(head), rel


def test_a_preview_build_turns_every_crawler_away(site, tmp_path):
    preview = pelican(site, "previewconf.py", tmp_path / "preview")
    assert (preview / "robots.txt").read_text(encoding="utf-8").splitlines()[-2:] == [
        "User-agent: *",
        "Disallow: /",
    ]
    assert not (preview / "sitemap.xml").exists()


def test_a_large_site_gets_a_sitemap_index():
    entries = [sitemap.Entry(f"decisions/{n}/index.html") for n in range(5)]
    files = sitemap.files(entries, BASE, [("zh-Hant", ""), ("zh-Hans", "zh-hans/")], max_urls=2)
    assert sorted(files) == ["sitemap.xml", "sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml"]
    index = etree.fromstring(files["sitemap.xml"].encode())
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    assert [loc.text for loc in index.iter(f"{{{NS['s']}}}loc")] == [
        f"{BASE}sitemaps/{n}.xml" for n in (1, 2, 3)
    ]
    parts = [etree.fromstring(files[f"sitemaps/{n}.xml"].encode()) for n in (1, 2, 3)]
    assert [len(p.findall("s:url", NS)) for p in parts] == [2, 2, 1]


def test_one_script_only_declares_no_alternates():
    [text] = sitemap.files([sitemap.Entry("decisions/index.html")], BASE, [("zh-Hant", "")]).values()
    url = etree.fromstring(text.encode()).find("s:url", NS)
    assert url.findtext("s:loc", namespaces=NS) == BASE + "decisions/"
    assert url.findall("x:link", NS) == []
