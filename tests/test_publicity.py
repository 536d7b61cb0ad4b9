"""Issue 15: publicity periods (公示期限), credit repair (信用修復), R1, and the takedown on the first
build after the end: the page becomes a notice, the record leaves every list, feed and export."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import SITE, TODAY, decision_yaml
from lxml import etree
from tools.sites import build_with

from transparency import compliance, credit, publicity
from transparency.__main__ import main
from transparency.settings import Config, load_config
from transparency.workdays import add_months

D = dt.date
CFG = Config(use_git=False)


def decision(decided: D, tier: str | None = None, repair: tuple[D, str] | None = None):
    """Just what publicity.py reads of a decision."""
    return SimpleNamespace(
        decided=decided,
        tier=tier,
        credit_repair=SimpleNamespace(date=repair[0], document=repair[1]) if repair else None,
    )


# -- month arithmetic (民法典 第202條) and the periods ------------------------------------------------


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)  # leap year
    assert add_months(D(2026, 3, 31), 1) == D(2026, 4, 30)
    assert add_months(D(2026, 8, 31), 3) == D(2026, 11, 30)
    # 輕微 decided 31 January: public through 30 April (no 31 April), taken down on 1 May
    end = publicity.ending(decision(D(2026, 1, 31), "輕微"), CFG)
    assert (end.last_day, end.takedown, end.reason) == (D(2026, 4, 30), D(2026, 5, 1), "公示期滿")


def test_leap_days_end_on_28_february_in_common_years():
    assert publicity.ending(decision(D(2024, 2, 29)), CFG).last_day == D(2025, 2, 28)
    assert publicity.ending(decision(D(2024, 2, 29), "嚴重"), CFG).last_day == D(2027, 2, 28)
    assert publicity.minimum_end(decision(D(2024, 2, 29), "嚴重"), CFG) == D(2025, 2, 28)
    assert publicity.ending(decision(D(2027, 2, 28), "嚴重"), CFG).last_day == D(2030, 2, 28)


def test_each_tier_has_its_maximum_and_the_default_tier_is_general():
    day = D(2026, 3, 15)
    assert publicity.ending(decision(day, "輕微"), CFG).last_day == D(2026, 6, 15)
    assert publicity.ending(decision(day, "一般"), CFG).last_day == D(2027, 3, 15)
    assert publicity.ending(decision(day, "嚴重"), CFG).last_day == D(2029, 3, 15)
    assert publicity.ending(decision(day), CFG).last_day == D(2027, 3, 15)  # no tier: 一般
    strict = Config(default_tier="嚴重", publicity_periods={"嚴重": {"max": 24}})
    assert publicity.ending(decision(day), strict).last_day == D(2028, 3, 15)
    assert publicity.minimum_end(decision(day), strict) == D(2027, 3, 15)  # min kept from the default


def test_public_through_the_last_day_and_down_the_next():
    d = decision(D(2026, 6, 22), "輕微")
    assert publicity.is_public(d, CFG, D(2026, 9, 22))
    assert not publicity.is_public(d, CFG, D(2026, 9, 23))


def test_a_credit_repair_ends_publication_on_its_date_whichever_comes_first():
    d = decision(D(2026, 1, 20), "一般", (D(2026, 6, 15), "示信修〔2026〕3號"))
    end = publicity.ending(d, CFG)
    assert (end.last_day, end.takedown, end.reason, end.document) == (
        D(2026, 6, 14),
        D(2026, 6, 15),
        "信用修復",
        "示信修〔2026〕3號",
    )
    assert publicity.is_public(d, CFG, D(2026, 6, 14)) and not publicity.is_public(d, CFG, D(2026, 6, 15))
    # a repair after the period has ended changes nothing: the period ended first
    late = decision(D(2026, 1, 20), "輕微", (D(2026, 9, 1), "示信修〔2026〕4號"))
    assert publicity.ending(late, CFG).reason == "公示期滿"
    assert publicity.ending(late, CFG).last_day == D(2026, 4, 20)


def test_the_tier_settings_are_checked_with_a_chinese_message():
    _, found = load_config({"publicity_periods": {"嚴重": {"min": 40, "max": 36}}})
    assert [f.rule for f in found] == ["S1"] and "min 不得大於 max" in found[0].message
    _, found = load_config({"publicity_periods": {"很輕": {"min": 0, "max": 1}}})
    assert "未知的失信程度" in found[0].message and "輕微、一般、嚴重" in found[0].message
    config, found = load_config({"default_tier": "重大"})
    assert found and config.default_tier == "一般"
    _, found = load_config({"publicity_periods": {"一般": {"min": "三", "max": 12}}})
    assert "整數" in found[0].message
    config, found = load_config({"publicity_periods": {"嚴重": {"min": 12, "max": 24}}})
    assert found == [] and publicity.periods(config)["嚴重"] == {"min": 12, "max": 24}


# -- R1 and V5 -------------------------------------------------------------------------------------


def _repair(project, date: str, tier: str | None = "一般", today: D = TODAY):
    more = {"tier": tier} if tier else {}
    text = decision_yaml(
        decided="2026-01-31",
        published="2026-02-05",
        credit_repair=f"{{date: {date}, document: 示信修〔2026〕9號}}",
        **more,
    )
    return project({"decisions/2026/yjj-2026-012.yaml": text}, today=today)


def test_r1_a_repair_before_the_tiers_minimum_is_an_error(project):
    _, found = _repair(project, "2026-04-29")
    r1 = [f for f in found if f.rule == "R1"]
    assert len(r1) == 1 and r1[0].is_error
    message = r1[0].format()
    for words in ("「一般」", "3 個月", "2026-04-30", "《信用修復管理辦法》", "修正", "yjj-2026-012.yaml:"):
        assert words in message
    assert r1[0].line == 10  # the credit_repair line


def test_r1_a_repair_exactly_at_the_minimum_passes(project):
    _, found = _repair(project, "2026-04-30")  # 31 January + 3 months = 30 April (第202條)
    assert [f for f in found if f.is_error] == []


def test_r1_names_the_default_tier_and_the_minor_tier_has_no_minimum(project):
    _, found = _repair(project, "2026-03-01", tier=None)
    assert any(f.rule == "R1" and "未填 tier，按預設 一般" in f.message for f in found)
    _, found = _repair(project, "2026-01-31", tier="輕微")  # the decision day itself
    assert [f for f in found if f.is_error] == []


def test_a_repair_before_the_decision_is_v5_and_not_r1(project):
    _, found = _repair(project, "2026-01-30")
    assert [f.rule for f in found if f.is_error] == ["V5"]
    assert "信用修復日期 2026-01-30 早於決定日期 2026-01-31" in found[0].message


def test_a_repair_in_the_future_is_a_scheduled_takedown(project):
    ds, found = _repair(project, "2026-12-15")
    assert [f for f in found if f.is_error] == []
    assert [d.number for d in ds.published_decisions] == ["示應急罰〔2026〕12號"]
    ds, _ = _repair(project, "2026-12-15", today=D(2026, 12, 15))
    assert ds.published_decisions == [] and [d.id for d in ds.taken_down_decisions] == ["yjj-2026-012"]


def test_r1_runs_on_its_own(project):
    text = decision_yaml(
        credit_repair="{date: 2026-04-01, document: 示信修〔2026〕9號}", published="2026-04-01"
    )
    _, alone = project({"decisions/2026/yjj-2026-012.yaml": text}, rules={"R1"})
    assert [f.rule for f in alone] == ["R1"]
    from transparency.dataset import RULE_GROUPS
    from transparency.findings import RULES

    assert RULE_GROUPS["R1"] == "decisions" and "R1" in RULES


def test_tier_must_be_one_of_the_three(project):
    _, found = project({"decisions/2026/yjj-2026-012.yaml": decision_yaml(tier="很重")})
    assert any(f.rule == "V2" and "tier" in f.message for f in found)
    _, found = project(
        {"decisions/2026/yjj-2026-012.yaml": decision_yaml(credit_repair="{date: 2026-06-01}")}
    )
    assert any(f.rule == "V3" and "document" in f.message for f in found)


# -- deadlines, the national export ------------------------------------------------------------------


def _two(project, today: D):
    return project(
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(
                decided="2026-09-10", published="2026-09-15", tier="輕微"
            ),
            "decisions/2026/yjj-2026-013.yaml": decision_yaml(
                number="示應急罰〔2026〕13號",
                decided="2026-08-01",
                published="2026-08-05",
                tier="輕微",
                party="{type: organization, name: 示範縣測試乙有限公司, credit_code: 91439900MA4TK0B2DK}",
            ),
        },
        today=today,
    )


def test_deadlines_lists_what_comes_down_in_the_next_14_days(project):
    ds, _ = _two(project, D(2026, 12, 2))
    down = [u for u in compliance.upcoming(ds, 14) if u.note]
    assert [(u.due, u.subject) for u in down] == [(D(2026, 12, 11), "示應急罰〔2026〕12號")]
    assert "將於 2026-12-11 期滿撤下" in down[0].note and "公示至 2026-12-10" in down[0].note
    assert [u for u in compliance.upcoming(ds, 8) if u.note] == []  # 9 days away


def test_deadlines_command_says_when_a_decision_comes_down(project, capsys, monkeypatch, tmp_path):
    _two(project, D(2026, 12, 2))
    monkeypatch.setenv("TRANSPARENCY_TODAY", "2026-12-02")
    assert main(["deadlines", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "示應急罰〔2026〕12號" in out and "將於 2026-12-11 期滿撤下" in out
    assert "〔2026〕13號" not in out  # already down


def test_the_national_export_leaves_out_a_taken_down_decision(project):
    ds, _ = _two(project, D(2026, 12, 2))
    table = credit.rows(ds.published_decisions, ds.departments, ds.config, ds.today)
    assert [r[13] for r in table[1:]] == ["示应急罚〔2026〕12号"]
    assert table[1][credit.HEADERS.index("公示截止期")] == "2026-12-10"
    everything = credit.rows(ds.decisions, ds.departments, ds.config, ds.today)
    assert len(everything) == 2  # rows() filters by itself too, given today


def test_compliance_keeps_counting_a_taken_down_decision(project):
    ds, _ = _two(project, D(2026, 12, 2))
    subjects = {i.subject for i in compliance.items(ds) if i.kind == "decision"}
    assert subjects == {"示應急罰〔2026〕12號", "示應急罰〔2026〕13號"}


# -- the site: the notice, and the record gone from everything else ------------------------------------

GONE_NAME = "示範縣測試甲有限公司"
GONE_NAME_HANS = "示范县测试甲有限公司"
REPAIRED_NAME = "示範縣測試乙有限公司"
GONE_CODE = "91439900MA4TK0A1CR"
REPAIRED_CODE = "91439900MA4TK0B2DK"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _takedown_site(root: Path) -> Path:
    """The fixture site plus a 輕微 decision ending 2026-11-30, a repaired one (repair 2026-12-01, with an
    attachment), and the blacklisted party's decision repaired on 2026-12-01."""
    shutil.copytree(SITE, root)
    decisions = root / "data/decisions/2026"
    (decisions / "yjj-2026-004.yaml").write_text(
        decision_yaml(
            number="示應急罰〔2026〕4號",
            decided="2026-08-31",
            published="2026-09-04",
            tier="輕微",
            industry="工貿",
            party=f"{{type: organization, name: {GONE_NAME}, credit_code: {GONE_CODE}}}",
            facts="經查，甲公司倉庫堆放雜物堵塞疏散通道。",
        ),
        encoding="utf-8",
    )
    (decisions / "yjj-2026-005.yaml").write_text(
        decision_yaml(
            number="示應急罰〔2026〕5號",
            decided="2026-07-01",
            published="2026-07-06",
            tier="一般",
            industry="工貿",
            party=f"{{type: organization, name: {REPAIRED_NAME}, credit_code: {REPAIRED_CODE}}}",
            facts="經查，乙公司未按規定開展安全培訓。",
            credit_repair="{date: 2026-12-01, document: 示信修〔2026〕7號}",
            attachments="[{file: decisions/2026/yjj-2026-005.pdf, title: 決定書掃描件}]",
        ),
        encoding="utf-8",
    )
    first = decisions / "yjj-2026-001.yaml"
    first.write_text(
        first.read_text(encoding="utf-8")
        + "credit_repair: {date: 2026-12-01, document: 示信修〔2026〕8號}\n",
        encoding="utf-8",
    )
    pdf = root / "content/attachments/decisions/2026/yjj-2026-005.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(PDF)
    return root


def _build(site: Path, today: str, cache: bool = True) -> Path:
    result = build_with(site, f"TRANSPARENCY['page_cache'] = {cache}", today=today)
    assert result.returncode == 0, result.stdout + result.stderr
    return site / "output"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same site the day before the takedown and on it (cache warm), and a cold build on the day."""
    base = tmp_path_factory.mktemp("takedown")
    site = _takedown_site(base / "site")
    before = tree(_build(site, "2026-11-30"))
    after = tree(_build(site, "2026-12-01"))
    cold = _takedown_site(base / "cold")
    return SimpleNamespace(before=before, after=after, cold=tree(_build(cold, "2026-12-01", cache=False)))


def _text(files: dict[str, bytes]) -> dict[str, str]:
    return {k: v.decode("utf-8", "replace") for k, v in files.items()}


def _soup(files: dict[str, bytes], rel: str) -> BeautifulSoup:
    return BeautifulSoup(files[rel].decode(), "lxml")


def test_before_the_end_the_decision_is_public_everywhere(builds):
    text = _text(builds.before)
    assert GONE_NAME in text["decisions/2026/yjj-2026-004/index.html"]
    assert "公示至 2026-11-30（失信程度：輕微" in text["decisions/2026/yjj-2026-004/index.html"]
    assert (
        "已信用修復，示信修〔2026〕7號，自 2026-12-01 起撤下"
        in text["decisions/2026/yjj-2026-005/index.html"]
    )
    assert GONE_NAME in text["decisions/index.html"] and GONE_NAME in text["feeds/decisions.atom.xml"]
    assert GONE_NAME in text["data/decisions.csv"] and GONE_NAME in text["data/enterprises.json"]
    assert "attachments/decisions/2026/yjj-2026-005.pdf" in builds.before


def test_the_page_becomes_a_notice_at_the_same_url(builds):
    for rel, why, more in (
        ("decisions/2026/yjj-2026-004/index.html", "公示期滿", "2026-11-30"),
        ("decisions/2026/yjj-2026-005/index.html", "信用修復", "示信修〔2026〕7號"),
    ):
        page = _soup(builds.after, rel)
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert page.find(attrs={"data-pagefind-body": True}) is None
        main_text = page.find("main").get_text(" ")
        assert why in main_text and more in main_text and "公示已結束" in main_text
        for gone in ("經查", GONE_NAME, REPAIRED_NAME, "決定書掃描件", "attachments/"):
            assert gone not in builds.after[rel].decode()
    notice = _soup(builds.after, "decisions/2026/yjj-2026-005/index.html").find("main").get_text(" ")
    for words in ("示應急罰〔2026〕5號", "示範縣應急管理局", "2026-07-01", "2026-07-06", "2026-11-30"):
        assert words in notice  # number, department, decided, published, last public day


def test_no_party_name_anywhere_in_the_output_once_taken_down(builds):
    for name in (GONE_NAME, GONE_NAME_HANS, REPAIRED_NAME, "甲公司倉庫", "乙公司未按規定"):
        found = [rel for rel, data in builds.after.items() if name.encode() in data]
        assert found == [], (name, found[:5])
    assert "attachments/decisions/2026/yjj-2026-005.pdf" not in builds.after  # not published either


def test_lists_feeds_search_and_open_data_leave_it_out(builds):
    text = _text(builds.after)
    for rel in ("decisions/index.html", "index.html", "sitemap/index.html"):
        assert "yjj-2026-004" not in text[rel] and "yjj-2026-005" not in text[rel], rel
    # The feed keeps no entry of theirs but the takedown's own (issue 19), which names no party
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.fromstring(builds.after["feeds/decisions.atom.xml"])
    events = {}
    for e in feed.iter(f"{atom}entry"):
        if "yjj-2026-004" in etree.tostring(e, encoding="unicode"):
            events[e.findtext(f"{atom}id")] = e.findtext(f"{atom}title")
    assert events == {
        "http://localhost:8000/decisions/2026/yjj-2026-004/#taken-down": "公示期滿撤下：示應急罰〔2026〕4號"
    }

    def numbers(files):
        data = json.loads(files["data/decisions.json"])
        rows = data if isinstance(data, list) else data.get("rows") or data.get("data")
        return {r["number"] for r in rows}

    gone = {"示應急罰〔2026〕1號", "示應急罰〔2026〕4號", "示應急罰〔2026〕5號"}
    assert numbers(builds.before) & gone == gone and numbers(builds.after) == numbers(builds.before) - gone
    assert "示應急罰〔2026〕4號" not in text["data/decisions.csv"]
    for rel, data in builds.after.items():  # search indexes only pages with data-pagefind-body
        if rel.endswith(".html") and b"data-pagefind-body" in data:
            assert b"yjj-2026-004" not in data.split(b"<main", 1)[-1] or rel.startswith("decisions/2026/")


def test_enterprise_pages_and_totals_exclude_it_and_keep_their_urls(builds):
    # An enterprise with nothing left public: the URL stays, naming nothing, not indexed
    for code in (GONE_CODE, REPAIRED_CODE):
        page = _soup(builds.after, f"enterprises/{code}/index.html")
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert (
            "目前沒有公示中的記錄" in page.get_text()
            and page.find(attrs={"data-pagefind-body": True}) is None
        )
        assert code not in builds.after["enterprises/index.html"].decode()

    # The blacklisted enterprise keeps its page, without the repaired decision
    def facts(files):
        page = _soup(files, "enterprises/91439900MA4L8XNQ2K/index.html")
        rows = {kv.dt.get_text(): kv.dd.get_text() for kv in page.select("dl.fields .kv")}
        return page, rows["處罰決定"], rows["罰款合計"]

    page, count, fines = facts(builds.before)
    assert count == "1 件" and fines != "0元" and page.find("a", href=lambda h: h and "yjj-2026-001" in h)
    page, count, fines = facts(builds.after)
    assert count == "0 件" and fines == "0元"
    assert page.find("a", href=lambda h: h and "yjj-2026-001" in h) is None
    enterprises = json.loads(builds.after["data/enterprises.json"])
    rows = (
        enterprises if isinstance(enterprises, list) else enterprises.get("rows") or enterprises.get("data")
    )
    assert {r["credit_code"] for r in rows} & {GONE_CODE, REPAIRED_CODE} == set()


def test_blacklist_shows_the_number_without_a_link(builds):
    before = _soup(builds.before, "blacklist/2026-q2/index.html")
    after = _soup(builds.after, "blacklist/2026-q2/index.html")
    link = lambda s: s.find("a", href=lambda h: h and "yjj-2026-001" in h)  # noqa: E731
    assert link(before) is not None and link(after) is None
    assert "示應急罰〔2026〕1號" in after.get_text()


def test_facet_urls_stay_when_their_only_record_comes_down(builds):
    assert "decisions/industry/工貿/index.html" in builds.before
    assert "decisions/industry/工貿/index.html" in builds.after  # 工貿 had yjj-2026-003 too
    urls_before = {k for k in builds.before if k.endswith("index.html")}
    urls_after = {k for k in builds.after if k.endswith("index.html")}
    assert urls_before - urls_after == set()  # permalinks: nothing that existed is gone


def test_compliance_still_counts_it_without_names(builds):
    text = _text(builds.after)
    assert "示應急罰〔2026〕4號" in text["compliance/all/index.html"]
    assert "示應急罰〔2026〕4號" in text["compliance/yjj/index.html"]
    assert GONE_NAME not in text["compliance/all/index.html"]
    before, after = (
        _soup(builds.before, "compliance/index.html"),
        _soup(builds.after, "compliance/index.html"),
    )
    assert before.find("table").get_text() == after.find("table").get_text()  # the same figures


def test_a_warm_rebuild_on_the_takedown_day_equals_a_cold_build(builds):
    assert builds.after != builds.before
    assert builds.after == builds.cold


# -- the demo: both kinds of takedown -------------------------------------------------------------------


def test_the_demo_shows_both_kinds_of_takedown(demo_site):
    for rel, why, more in (
        ("decisions/2026/yjj-2026-014/index.html", "公示期滿", "2026-09-22"),  # 輕微, 2026-06-22 + 3 months
        (
            "decisions/2026/yjj-2026-002/index.html",
            "信用修復",
            "示信修〔2026〕3號",
        ),  # 一般, repaired 2026-06-15
    ):
        page = BeautifulSoup((demo_site / rel).read_text(encoding="utf-8"), "lxml")
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        text = page.find("main").get_text(" ")
        assert why in text and more in text
    for name in ("示範縣永輝食品有限公司", "示範縣興業煙花爆竹批發有限公司", "示范县永辉食品有限公司"):
        found = [p for p in demo_site.rglob("*") if p.is_file() and name.encode() in p.read_bytes()]
        assert found == [], (name, found[:3])
    soon = (demo_site / "decisions/2026/yjj-2026-018/index.html").read_text(encoding="utf-8")
    assert "公示至 2026-12-10（失信程度：輕微" in soon  # still public, comes down on 2026-12-11


def test_list_pages_and_facet_urls_outlive_the_records_that_made_them():
    from transparency.facets import Facet, facet_lists
    from transparency.present import paginate

    nav, lists = facet_lists(["2026"] * 3, "decisions/", [Facet("year", lambda y: [y])], keep=["2025"] * 2)
    assert [(fl.key, len(fl.items), fl.kept) for fl in lists] == [
        (None, 3, 2),
        ("2026", 3, 0),
        ("2025", 0, 2),
    ]
    assert [e["key"] for e in nav[0]["entries"]] == ["2026"]  # an empty list is not offered as a filter
    pages = paginate(list(range(49)), 50, "decisions/", at_least=49 + 2)
    assert [(p.url, len(p.items)) for p in pages] == [("decisions/", 49), ("decisions/page/2/", 0)]
