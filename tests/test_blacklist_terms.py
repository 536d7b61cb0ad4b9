"""Issue 15, blacklists: B3 (early removal before 12 months), expiry on the first build after the term,
and each entry's term and how it ended on /blacklist/, the quarter pages and the enterprise pages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SITE, build_site

from transparency.checks import earliest_removal
from transparency.findings import RULES
from transparency.settings import Config

D = dt.date
DEPTS = "- {id: yjj, name: 示範縣應急管理局, kind: department, duties: [decisions, blacklist]}\n"
PATH = "data/blacklists/2026-q1/yjj.yaml"


def a_list(listed: str, removed: str | None = None) -> dict[str, str]:
    lines = [
        "quarter: 2026-Q1",
        "department: yjj",
        "published: 2026-04-10",
        "entries:",
        "  - party: {type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}",
        "    reason: 瞞報生產安全事故",
        "    basis: 《安全生產嚴重失信主體名單管理辦法》第六條第四項",
        f"    listed: {listed}",
    ]
    if removed:
        lines.append(f"    removed: {{date: {removed}, reason: 信用修復}}")
    return {"departments.yaml": DEPTS, "blacklists/2026-q1/yjj.yaml": "\n".join(lines) + "\n"}


def b3(project, listed, removed, **config):
    _, found = project(a_list(listed, removed), rules={"B3"}, **config)
    return found


# -- B3 ------------------------------------------------------------------------------------------


def test_removal_at_eleven_months_thirty_days_is_an_error(project):
    # 2025-01-15 + 11 months = 2025-12-15, + 30 days = 2026-01-14: one day short of 12 months.
    [f] = b3(project, "2025-01-15", "2026-01-14")
    assert (f.rule, f.level, f.path, f.line) == ("B3", "ERROR", PATH, 9)
    assert "2026-01-14" in f.message and "最早日期 2026-01-15" in f.message
    assert "《安全生產嚴重失信主體名單管理辦法》" in f.message and "應急管理部令第11號" in f.message
    assert "修正：" in f.message and "刪除 removed" in f.message
    assert "\n" not in f.format()


def test_removal_at_exactly_twelve_months_is_fine(project):
    assert b3(project, "2025-01-15", "2026-01-15") == []
    assert b3(project, "2025-01-15", "2026-06-30") == []
    assert b3(project, "2025-01-15", None) == []


def test_a_leap_day_listing_may_be_removed_on_28_february(project):
    # 民法典 第202條: 2024-02-29 + 12 months has no 29th, so the month's last day, 2025-02-28.
    assert earliest_removal(D(2024, 2, 29), Config()) == D(2025, 2, 28)
    [f] = b3(project, "2024-02-29", "2025-02-27")
    assert "最早日期 2025-02-28" in f.message
    assert b3(project, "2024-02-29", "2025-02-28") == []


def test_month_ends(project):
    assert earliest_removal(D(2025, 8, 31), Config()) == D(2026, 8, 31)
    assert earliest_removal(D(2025, 3, 31), Config()) == D(2026, 3, 31)
    assert [f.rule for f in b3(project, "2025-08-31", "2026-08-30")] == ["B3"]
    assert b3(project, "2025-08-31", "2026-08-31") == []
    assert [f.rule for f in b3(project, "2025-03-31", "2026-03-30")] == ["B3"]
    assert b3(project, "2025-03-31", "2026-03-31") == []


def test_the_window_is_a_setting(project):
    six = Config(blacklist_repair_months=6)
    assert earliest_removal(D(2025, 8, 31), six) == D(2026, 2, 28)  # no 31 February
    [f] = b3(project, "2025-08-31", "2026-02-27", blacklist_repair_months=6)
    assert "最早日期 2026-02-28" in f.message and "滿 6 個月" in f.message
    assert b3(project, "2025-08-31", "2026-02-28", blacklist_repair_months=6) == []


def test_removal_before_listing_is_v5_not_b3(project):
    found = b3(project, "2025-06-01", "2025-05-01")
    assert [f.rule for f in found] == ["V5"]
    assert "早於列入日期" in found[0].message and "修正：" in found[0].message


def test_b3_is_a_rule_of_the_blacklist_group(project):
    from transparency.dataset import RULE_GROUPS

    assert "B3" in RULES and RULE_GROUPS["B3"] == "blacklists"
    _, found = project(a_list("2025-01-15", "2025-06-01"))  # every rule, as the build runs them
    assert [f.rule for f in found] == ["B3"]


# -- expiry and labels on the built site ----------------------------------------------------------

Q1 = """\
quarter: 2026-{q}
department: yjj
published: {published}
entries:
  - party: {{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}}
    reason: 未按規定對重大危險源進行安全評估，情節嚴重
    basis: 《安全生產嚴重失信主體名單管理辦法》第七條第四項
    listed: 2026-03-20
    until: 2026-11-30
    decisions: [示應急罰〔2026〕1號]
  - party: {{type: organization, name: 示範縣永盛化工有限公司, credit_code: 91439921MA7R4KDC9F}}
    reason: 瞞報生產安全事故
    basis: 《安全生產嚴重失信主體名單管理辦法》第六條第四項
    listed: 2024-12-16
{removed}"""
REMOVED = "    removed: {date: 2026-05-20, reason: 信用修復}\n"


@pytest.fixture(scope="module")
def term_source(tmp_path_factory) -> Path:
    """The fixture site, with 宏達 listed until 2026-11-30 (an explicit term of 8 months)."""
    src = tmp_path_factory.mktemp("terms") / "src"
    shutil.copytree(SITE, src)
    lists = src / "data" / "blacklists"
    (lists / "2026-q1" / "yjj.yaml").write_text(
        Q1.format(q="Q1", published="2026-04-10", removed="")
        + "  - party: {type: organization, name: 示範縣紅光煙花爆竹製造有限公司, credit_code: 91439921MAW0RB7F12}\n"
        "    reason: 未依法取得安全生產許可擅自生產\n"
        "    basis: 《安全生產嚴重失信主體名單管理辦法》第七條第一項\n"
        "    listed: 2023-04-20\n",
        encoding="utf-8",
    )
    (lists / "2026-q2" / "yjj.yaml").write_text(
        Q1.format(q="Q2", published="2026-07-08", removed=REMOVED), encoding="utf-8"
    )
    return src


@pytest.fixture(scope="module")
def last_day(term_source, tmp_path_factory) -> Path:
    return build_site(term_source, tmp_path_factory.mktemp("last") / "site", today="2026-11-30")


@pytest.fixture(scope="module")
def day_after(term_source, tmp_path_factory) -> Path:
    return build_site(term_source, tmp_path_factory.mktemp("after") / "site", today="2026-12-01")


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")


def table_rows(page: BeautifulSoup, section_id: str) -> dict[str, list[str]]:
    """name → the row's cells, of the table under the heading with this id."""
    heading = page.find(id=section_id)
    assert heading is not None, section_id
    table = heading.find_next("table")
    return {
        tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }


def home_count(site: Path) -> str:
    page = soup(site, "index.html")
    return page.find("dt", string="目前在黑名單中的主體").find_next_sibling("dd").get_text(strip=True)


def enterprise_status(site: Path, code: str) -> str:
    page = soup(site, f"enterprises/{code}/index.html")
    return page.find("dt", string="黑名單").find_next_sibling("dd").get_text(strip=True)


HONGDA, HONGDA_CODE = "示範縣宏達化工有限公司", "91439900MA4L8XNQ2K"


def test_on_the_last_day_of_its_term_an_entry_is_still_listed(last_day):
    current = table_rows(soup(last_day, "blacklist/index.html"), "current-h")
    assert list(current) == [HONGDA]
    assert "2026-11-30" in current[HONGDA] and "仍在名單中" in current[HONGDA]
    assert home_count(last_day) == "1"
    assert enterprise_status(last_day, HONGDA_CODE) == "目前在黑名單中"


def test_the_first_build_after_its_term_takes_it_off(day_after):
    page = soup(day_after, "blacklist/index.html")
    assert page.find(id="current-h").find_next("p").get_text(strip=True) == "目前沒有在名單中的主體。"
    ended = table_rows(page, "ended-h")
    assert "期滿移出（2026-11-30）" in ended[HONGDA]
    assert home_count(day_after) == "0"
    assert enterprise_status(day_after, HONGDA_CODE) == "不在黑名單中"
    ent = soup(day_after, f"enterprises/{HONGDA_CODE}/index.html")
    assert ent.find("p", class_="status-listed") is None
    assert "期滿移出（2026-11-30）" in ent.find("table", class_="timeline").get_text()
    # The quarter page, unchanged data, says how the listing ended as of this build.
    q2 = table_rows(soup(day_after, "blacklist/2026-q2/index.html"), "list-yjj")
    assert "期滿移出（2026-11-30）" in q2[HONGDA]


def test_each_entry_shows_its_term_and_how_it_ended(last_day):
    q1 = soup(last_day, "blacklist/2026-q1/index.html")
    yjj = q1.find(id="list-yjj").find_next("table")  # a department's list (the county table comes first)
    header = [th.get_text(strip=True) for th in yjj.thead.find_all("th")]
    assert {"列入日期", "管理期限至", "名單狀態"} <= set(header)
    status = header.index("名單狀態") - 1  # the name is the row's <th>
    rows = table_rows(q1, "list-yjj")
    assert rows[HONGDA][status] == "仍在名單中"
    # The Q1 list does not yet know of the removal; the page shows what the Q2 list recorded.
    assert rows["示範縣永盛化工有限公司"][status] == "提前移出：信用修復（2026-05-20）"
    assert rows["示範縣紅光煙花爆竹製造有限公司"][status] == "期滿移出（2026-04-19）"
    listed, until = header.index("列入日期") - 1, header.index("管理期限至") - 1
    assert (rows[HONGDA][listed], rows[HONGDA][until]) == ("2026-03-20", "2026-11-30")

    ended = table_rows(soup(last_day, "blacklist/index.html"), "ended-h")
    assert "提前移出：信用修復（2026-05-20）" in ended["示範縣永盛化工有限公司"]
    assert "期滿移出（2026-04-19）" in ended["示範縣紅光煙花爆竹製造有限公司"]

    for code, label in (
        ("91439921MA7R4KDC9F", "提前移出：信用修復（2026-05-20）"),
        ("91439921MAW0RB7F12", "期滿移出（2026-04-19）"),
        (HONGDA_CODE, "仍在名單中"),
    ):
        text = soup(last_day, f"enterprises/{code}/index.html").find("table", class_="timeline").get_text()
        assert label in text and "管理期限至" in text and "列入日期" in text


def test_labels_in_simplified_pages_too(last_day):
    page = soup(last_day, "zh-hans/blacklist/2026-q1/index.html")
    text = page.get_text()
    assert (
        "仍在名单中" in text
        and "提前移出：信用修复（2026-05-20）" in text
        and "期满移出（2026-04-19）" in text
    )
