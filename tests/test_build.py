"""A functional build of the fixture site: pages, withdrawal, search index, golden pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, build_site, decision_yaml

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = [
    "decisions/2026/yjj-2026-001/index.html",
    "decisions/2026/cgz-2026-001/index.html",
    "decisions/index.html",
    "blacklist/2026-q2/index.html",
    "enterprises/91439900MA4L8XNQ2K/index.html",
]


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")


def field(page: BeautifulSoup, label: str) -> str:
    dt = page.find("dt", string=label)
    assert dt is not None, f"no field {label}"
    return dt.find_next_sibling("dd").get_text(" ", strip=True)


def test_decision_page_shows_the_whole_decision(built_site):
    page = soup(built_site, "decisions/2026/yjj-2026-001/index.html")
    assert page.html["lang"] == "zh-Hant"
    assert len(page.find_all("h1")) == 1 and page.h1.get_text(strip=True) == "示應急罰〔2026〕1號"
    assert page.find("a", class_="skip-link")["href"] == "#main-content"
    assert page.find("main")["id"] == "main-content"
    assert field(page, "處罰機關") == "示範縣應急管理局"
    assert field(page, "統一社會信用代碼") == "91439900MA4L8XNQ2K"
    assert field(page, "聽證日期") == "2026-02-20"
    assert "移送示範縣公安局" in field(page, "案件移送")
    assert field(page, "公示日期").startswith("2026-03-09")
    assert field(page, "公示期限").startswith("縣方案：15 日內（ 2026-03-17 前）— 按期")
    assert "安全生產法第78條：7 個工作日內（ 2026-03-11 前）" in field(page, "公示期限")
    rows = page.find("table", class_="penalties").tbody.find_all("tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["罰款", "責令停產停業"]
    assert rows[0].td.get_text(strip=True) == "50,000元（5萬元）"
    assert page.find("table", class_="penalties").caption is not None
    # Markdown facts render as HTML, not as raw text
    assert page.find("div", class_="prose").find("strong").get_text() == "未按規定"


def test_late_decision_says_so_publicly(built_site):
    page = soup(built_site, "decisions/2026/yjj-2026-003/index.html")
    notice = page.find("div", class_="notice-late")
    assert notice and "逾期 8 日" in notice.get_text() and "系統故障延遲上傳" in notice.get_text()


def test_revoked_decision_is_a_withdrawal_notice_without_the_party(built_site):
    page = soup(built_site, "decisions/2026/cgz-2026-001/index.html")
    text = page.get_text()
    assert page.h1.get_text(strip=True) == "行政處罰決定書已撤回公示"
    assert field(page, "撤銷原因") == "經行政復議撤銷"
    assert field(page, "撤回公示日期").startswith("2026-06-12 （部門聲明）")
    assert "永興建材" not in text and "91439900MA4P2R7W1U" not in text
    assert not page.find(attrs={"data-pagefind-body": True})
    listing = soup(built_site, "decisions/index.html").get_text()
    assert "城關鎮罰〔2026〕1號" not in listing


def test_list_and_facet_pages(built_site):
    page = soup(built_site, "decisions/index.html")
    rows = page.find("table", class_="records").tbody.find_all("tr")
    assert [r.th.get_text(strip=True) for r in rows] == [
        "示應急罰〔2026〕2號",
        "示應急罰〔2026〕3號",
        "示應急罰〔2026〕1號",
    ]
    fine = soup(built_site, "decisions/penalty/fine/index.html")
    assert len(fine.find("table", class_="records").tbody.find_all("tr")) == 2
    industry = soup(built_site, "decisions/industry/建築施工/index.html")
    assert "張某某" in industry.get_text()
    links = {a["href"] for a in page.select(".filters a")}
    assert "/decisions/industry/%E5%BB%BA%E7%AF%89%E6%96%BD%E5%B7%A5/" in links
    assert "/decisions/department/yjj/" in links and "/decisions/2026/" in links


def test_individual_party_has_no_credit_code_or_address(built_site):
    page = soup(built_site, "decisions/2026/yjj-2026-002/index.html")
    assert field(page, "當事人類型") == "自然人"
    assert page.find("dt", string="統一社會信用代碼") is None


def test_current_blacklist(built_site):
    page = soup(built_site, "blacklist/index.html")
    rows = page.find("table", class_="records").tbody.find_all("tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["示範縣宏達化工有限公司"]
    assert rows[0].find("a", string="示應急罰〔2026〕1號")["href"] == "/decisions/2026/yjj-2026-001/"
    quarters = [a["href"] for a in page.select(".link-list a")]
    assert quarters == ["/blacklist/2026-q2/", "/blacklist/2026-q1/"]


def test_quarter_page_shows_what_changed(built_site):
    page = soup(built_site, "blacklist/2026-q2/index.html")
    section = page.find("section", class_="dept-list")
    removed = section.find("h3", string="本季度移出").find_next_sibling("ul").get_text(" ", strip=True)
    assert "永盛化工" in removed and "信用修復" in removed
    assert "紅光煙花" in removed and "管理期限屆滿（2026-04-19）" in removed
    assert section.find("h3", string="本季度新增").find_next_sibling("p").get_text() == "本季度無新增"
    first = soup(built_site, "blacklist/2026-q1/index.html")
    assert "首次在本站公布" in first.get_text()


def test_enterprise_page_aggregates_its_records(built_site):
    page = soup(built_site, "enterprises/91439900MA4L8XNQ2K/index.html")
    assert page.h1.get_text(strip=True) == "示範縣宏達化工有限公司"
    assert field(page, "處罰決定") == "1 件"
    assert field(page, "罰款合計") == "50,000元（5萬元）"
    assert field(page, "黑名單") == "目前在黑名單中"
    kinds = [
        tr.find_all("td")[0].get_text() for tr in page.find("table", class_="timeline").tbody.find_all("tr")
    ]
    assert kinds == ["曝光", "列入黑名單", "處罰決定書"]
    decision = soup(built_site, "decisions/2026/yjj-2026-001/index.html")
    assert decision.find("a", string="示範縣宏達化工有限公司")["href"] == "/enterprises/91439900MA4L8XNQ2K/"


def test_enterprise_list_and_its_orders(built_site):
    by_name = soup(built_site, "enterprises/index.html")
    names = [r.th.get_text(strip=True) for r in by_name.find("table").tbody.find_all("tr")]
    assert names[0] == "示範縣宏達化工有限公司" and "張某某" not in names
    assert "示範縣永興建材有限公司" not in names  # its only decision was revoked
    by_fines = soup(built_site, "enterprises/sort/fines/index.html")
    fines = [r.find_all("td")[2].get_text(strip=True) for r in by_fines.find("table").tbody.find_all("tr")]
    assert fines[0].startswith("50,000元")
    assert not (built_site / "enterprises" / "None").exists()


def test_pagefind_index_is_built_with_chinese(built_site):
    entry = (built_site / "pagefind" / "pagefind-entry.json").read_text()
    assert '"zh-hant"' in entry.lower()
    assert (built_site / "pagefind" / "pagefind-ui.js").exists()


def test_internal_links_resolve(built_site):
    from urllib.parse import unquote

    missing = set()
    for html in built_site.rglob("*.html"):
        for a in BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").find_all(["a", "link", "script"]):
            href = a.get("href") or a.get("src")
            if not href or not href.startswith("/"):
                continue
            target = built_site / unquote(href.split("#")[0]).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.add((html.relative_to(built_site).as_posix(), href))
    assert missing == set()


def test_no_request_leaves_the_site(built_site):
    """Scripts, styles, images: all from the site. (Links to other sites are navigation, not requests.)"""
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'src="(https?:)?//', text), html
        # rel="alternate" (feeds, hreflang) and rel="canonical" name pages: nothing is fetched
        assert not re.search(r'<link(?![^>]*rel="(?:alternate|canonical)")[^>]*href="(https?:)?//', text), (
            html
        )


def _normalise(html: str) -> str:
    return BeautifulSoup(html, "lxml").prettify()


@pytest.mark.parametrize("rel", GOLDEN_PAGES)
def test_golden_pages(built_site, rel):
    """Regenerate with `invoke golden` after an intended change, and review the diff."""
    actual = _normalise((built_site / rel).read_text(encoding="utf-8"))
    golden = GOLDEN / rel.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_build_is_deterministic(built_site, tmp_path):
    again = build_site(SITE, tmp_path / "again")
    for rel in [*GOLDEN_PAGES, "index.html", "decisions/2026/yjj-2026-003/index.html"]:
        assert (again / rel).read_bytes() == (built_site / rel).read_bytes()


def _pelican(site: Path, today="2026-11-30"):
    env = {**os.environ, "TRANSPARENCY_TODAY": today, "PYTHONPATH": str(ROOT / "plugins")}
    cmd = [sys.executable, "-m", "pelican", "content", "-s", str(ROOT / "pelicanconf.py"), "-o", "output"]
    return subprocess.run(cmd, cwd=site, env=env, capture_output=True, text=True)


def test_late_decision_fails_plain_pelican_with_a_d1_line(tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    late = site / "data/decisions/2026/yjj-2026-009.yaml"
    late.write_text(decision_yaml(number="示應急罰〔2026〕9號", published="2026-03-20"), encoding="utf-8")
    result = _pelican(site)
    assert result.returncode != 0
    assert (
        "ERROR D1 data/decisions/2026/yjj-2026-009.yaml:3 示應急罰〔2026〕9號 公示逾期 3 日" in result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert not (site / "output" / "decisions").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_failed_build_leaves_the_published_output_untouched(tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    assert _pelican(site).returncode == 0
    before = _tree(site / "output")
    (site / "data/decisions/2026/yjj-2026-001.yaml").write_text("number: [broken\n", encoding="utf-8")
    result = _pelican(site)
    assert result.returncode != 0 and "ERROR V1 data/decisions/2026/yjj-2026-001.yaml:" in result.stderr
    assert _tree(site / "output") == before
    assert [p.name for p in tmp_path.joinpath("site").iterdir() if p.name.startswith(".staging")] == []


def test_warning_page_shows_same_period_accidents_most_severe_first(built_site):
    page = soup(built_site, "warnings/2026-05/index.html")
    titles = [h.get_text(strip=True) for h in page.select("section.accident h3")]
    assert titles == ["某某煤礦「5·12」瓦斯爆炸事故", "某某化工公司「5·3」儲罐火災事故"]
    assert page.find("h2", string="工作要求和建議").find_next("ol") is not None
    accident = soup(built_site, "accidents/2014-05-12-coal-mine-gas-explosion/index.html")
    assert field(accident, "直接經濟損失") == "18,500,000元（1850萬元）"
    assert accident.find("a", string="2026年5月：五月安全生產警示")["href"] == "/warnings/2026-05/"


def test_accident_facets(built_site):
    level = soup(built_site, "accidents/level/重大/index.html")
    rows = level.find("table", class_="records").tbody.find_all("tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["某某煤礦「5·12」瓦斯爆炸事故"]
    months = soup(built_site, "accidents/month/05/index.html")
    assert len(months.find("table", class_="records").tbody.find_all("tr")) == 2


def test_action_page_and_exposures(built_site):
    page = soup(built_site, "actions/2026-01-hazchem/index.html")
    stats = {d.dt.get_text(): d.dd.get_text() for d in page.select("dl.stats > div")}
    assert stats["檢查企業（家次）"] == "120" and stats["罰款"] == "560,000元（56萬元）"
    assert page.find(id="exposure-2").h3.get_text(strip=True) == "城關鎮安監站工作人員李某（慢作為）"
    officials = soup(built_site, "exposures/subject/official/index.html")
    assert [r.th.get_text(strip=True) for r in officials.find("table").tbody.find_all("tr")] == [
        "城關鎮安監站工作人員李某"
    ]
    slow = soup(built_site, "exposures/conduct/慢作為/index.html")
    assert slow.find("table").tbody.find("a")["href"] == "/actions/2026-01-hazchem/#exposure-2"


def test_enterprise_page_includes_its_exposures(built_site):
    page = soup(built_site, "enterprises/91439900MA4L8XNQ2K/index.html")
    kinds = [
        tr.find_all("td")[0].get_text() for tr in page.find("table", class_="timeline").tbody.find_all("tr")
    ]
    assert kinds == ["曝光", "列入黑名單", "處罰決定書"]


def test_plans_page(built_site):
    page = soup(built_site, "plans/2026/index.html")
    section = page.find("section", class_="dept-list")
    assert field(section, "抽查比例") == "15%"
    assert "示範縣宏達化工有限公司" in section.find("table").get_text()
    assert (built_site / "plans/index.html").exists()


def test_no_ui_string_key_shadows_a_dict_method():
    import yaml

    strings = yaml.safe_load((ROOT / "theme" / "strings.yaml").read_text(encoding="utf-8"))
    assert not [k for k in strings if hasattr(dict, k)], "T.<key> would resolve to the dict method in Jinja"
    assert all(isinstance(k, str) for k in strings), "YAML turned a key into a boolean (yes/no/on/off)"


def test_a_production_build_cites_its_own_address_never_localhost(tmp_path):
    """Citations, print lines, feeds and the catalog take SITEURL, not the development default."""
    import shutil

    from conftest import SITE
    from tools.sites import build_with

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = build_with(site, 'SITEURL = "https://aq.example.gov.cn"\nTRANSPARENCY["pagefind"] = False')
    assert result.returncode == 0, result.stderr
    output = site / "output"
    leaks = [p for p in output.rglob("*") if p.is_file() and b"localhost:8000" in p.read_bytes()]
    assert leaks == []
    page = (output / "decisions" / "2026" / "yjj-2026-001" / "index.html").read_text(encoding="utf-8")
    assert "https://aq.example.gov.cn/decisions/2026/yjj-2026-001/" in page
