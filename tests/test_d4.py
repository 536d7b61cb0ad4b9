"""D4 (安全生產法 第78條第2款: 7 working days) beside D1, and declared versus proven publication dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, build_site, decision_yaml, write_project

from transparency import checks, compliance
from transparency.lateness import EXPLAINED, LATE, MISSING, ON_TIME, PENDING, judge
from transparency.settings import load_config

D = dt.date
PATH = "decisions/2026/yjj-2026-012.yaml"
REAL_2026 = (ROOT / "data/holidays/2026.yaml").read_text(encoding="utf-8")  # the demo's calendar


def rules(found):
    return sorted((f.rule, f.level) for f in found if f.rule not in ("V", "G1"))


def decided(project, day, published, today=None, extra="", **config):
    files = {"holidays/2026.yaml": REAL_2026, PATH: decision_yaml(decided=day, published=published) + extra}
    return project(files, today=today or D(2026, 12, 2), **config)


# -- counting the 7 working days (行政處罰法 第85條) --------------------------------------------------


@pytest.mark.parametrize(
    ("day", "plan_due", "law_due"),
    [
        ("2026-03-02", D(2026, 3, 17), D(2026, 3, 11)),  # an ordinary week: the law is the stricter
        ("2026-03-07", D(2026, 3, 23), D(2026, 3, 17)),  # decided on a Saturday: Monday is day 1
        ("2026-09-10", D(2026, 9, 28), D(2026, 9, 20)),  # Sunday 09-20 is a make-up workday: day 7
        ("2026-04-28", D(2026, 5, 13), D(2026, 5, 11)),  # month end into 勞動節, Saturday 05-09 worked
        ("2026-09-24", D(2026, 10, 9), D(2026, 10, 12)),  # 中秋 and 國慶: 7 working days run past 15 days
        ("2026-09-29", D(2026, 10, 14), D(2026, 10, 14)),  # 國慶 eats the difference: both the same day
    ],
)
def test_law_deadline_in_working_days(project, day, plan_due, law_due):
    ds, _ = decided(project, day, None, today=D(2026, 1, 1))
    config = ds.config
    d = ds.decisions[0]
    assert checks.decision_due(d.decided, ds.calendar, config).date == plan_due
    assert checks.law_due(d.decided, ds.calendar, config).date == law_due


def test_the_law_fires_where_the_plan_does_not(project):
    _, found = decided(project, "2026-03-02", "2026-03-13")
    [f] = found
    assert (f.rule, f.level) == ("D4", "WARNING")
    assert f.format() == (
        "WARNING D4 data/decisions/2026/yjj-2026-012.yaml:3 示應急罰〔2026〕12號 公示逾期 2 個工作日："
        "決定日期 2026-03-02，依《中華人民共和國安全生產法》第七十八條第二款應於 7 個工作日內公示，"
        "即 2026-03-11 前，實際公示 2026-03-13；修正：在記錄中填寫 late: {reason: 逾期原因}，"
        "今後應於作出決定後 7 個工作日內公示"
    )


def test_across_national_day_the_plan_fires_and_the_law_does_not(project):
    # 2026-09-24: the plan's 15 days end 10-09; the law's 7 working days skip 中秋 and 國慶 and end 10-12.
    _, found = decided(project, "2026-09-24", "2026-10-12")
    assert rules(found) == [("D1", "ERROR")]
    _, found = decided(project, "2026-09-24", "2026-10-13")
    assert rules(found) == [("D1", "ERROR"), ("D4", "WARNING")]


def test_a_make_up_workday_counts(project):
    _, found = decided(project, "2026-09-10", "2026-09-20")  # Sunday, but a working day: day 7
    assert found == []
    _, found = decided(project, "2026-09-10", "2026-09-21")
    [f] = found
    assert f.rule == "D4" and "逾期 1 個工作日" in f.message and "即 2026-09-20 前" in f.message


def test_leap_year_and_a_missing_calendar_is_never_more_lenient(project):
    text = decision_yaml(number="示應急罰〔2028〕1號", decided="2028-02-28", published="2028-03-07")
    files = {"decisions/2028/yjj-2028-001.yaml": text}
    # No 2028 calendar: every day counts as a working day (due 03-06, not 03-08), and H1 says so.
    _, found = project(files, today=D(2028, 4, 1))
    assert rules(found) == [("D4", "WARNING"), ("H1", "WARNING")]
    assert "即 2028-03-06 前" in next(f.message for f in found if f.rule == "D4")
    # With the year's calendar, 29 February is day 1 and the weekend is skipped: due 03-08, on time.
    files["holidays/2028.yaml"] = "year: 2028\nholidays: [2028-01-01]\nworkdays: []\n"
    _, found = project(files, today=D(2028, 4, 1))
    assert found == []


# -- the three levels, late.reason and drafts ---------------------------------------------------------


def test_levels_warning_error_off(project):
    assert rules(decided(project, "2026-03-02", "2026-03-13")[1]) == [("D4", "WARNING")]
    error = decided(project, "2026-03-02", "2026-03-13", decision_law_level="error")[1]
    assert rules(error) == [("D4", "ERROR")]
    assert decided(project, "2026-03-02", "2026-03-13", decision_law_level="off")[1] == []


def test_unknown_level_is_a_settings_error_in_chinese():
    config, found = load_config({"decision_law_level": "strict"})
    [f] = found
    assert f.rule == "S1" and "warning（警告）、error（錯誤）或 off（不檢查）" in f.message
    assert config.decision_law_level == "warning"  # the default stands


def test_late_reason_excuses_d4_as_it_excuses_d1(project):
    reason = "late: {reason: 系統故障}\n"
    _, found = decided(project, "2026-03-02", "2026-03-13", extra=reason, decision_law_level="error")
    [f] = found
    assert (f.rule, f.level) == ("D4", "WARNING") and "已說明逾期原因：系統故障" in f.message


def test_a_draft_past_its_d4_due_date(project):
    draft = "draft: true\n"
    _, found = decided(project, "2026-03-02", None, today=D(2026, 3, 9), extra=draft)
    assert rules(found) == [("D2", "WARNING")]  # D4 falls due 03-11: two days left
    _, found = decided(project, "2026-03-02", None, today=D(2026, 3, 12), extra=draft)
    [f] = found
    assert (f.rule, f.level) == ("D4", "WARNING") and "草稿已逾期 1 個工作日未公示" in f.message
    _, found = decided(
        project, "2026-03-02", None, today=D(2026, 3, 12), extra=draft, decision_law_level="error"
    )
    assert rules(found) == [("D4", "ERROR")]


def test_one_classifier(project):
    assert judge(D(2026, 3, 11), D(2026, 3, 11), None, D(2026, 12, 2)).status == ON_TIME
    assert judge(D(2026, 3, 11), D(2026, 3, 13), None, D(2026, 12, 2)).days == 2
    assert judge(D(2026, 3, 11), D(2026, 3, 13), "原因", D(2026, 12, 2)).status == EXPLAINED
    assert judge(D(2026, 3, 11), None, None, D(2026, 3, 12)).status == MISSING
    assert judge(D(2026, 3, 11), None, None, D(2026, 3, 11)).status == PENDING
    ds, _ = decided(project, "2026-03-06", "2026-03-18")  # due 03-17 (Tuesday)
    v = judge(D(2026, 3, 13), D(2026, 3, 16), None, D(2026, 12, 2), ds.calendar)  # Friday → Monday
    assert (v.status, v.days, v.late_text) == (LATE, 1, "逾期 1 個工作日")


# -- the command line: --rule D4 alone, deadlines lists both --------------------------------------


def run(root, *args, today="2026-03-09"):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": today}
    cmd = [sys.executable, "-m", "transparency", *args, "--root", str(root)]
    return subprocess.run(cmd, env=env, capture_output=True, text=True)


def test_rule_d4_runs_alone(tmp_path):
    write_project(
        tmp_path,
        {
            "holidays/2026.yaml": REAL_2026,
            PATH: decision_yaml(published="2026-03-20"),  # D1 and D4 both late
        },
    )
    result = run(tmp_path, "check", "--rule", "D4", today="2026-04-01")
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["WARNING", "D4"]] and result.returncode == 0


def test_deadlines_lists_both(tmp_path):
    write_project(
        tmp_path,
        {"holidays/2026.yaml": REAL_2026, PATH: decision_yaml(published=None) + "draft: true\n"},
    )
    out = run(tmp_path, "deadlines", "--days", "14").stdout
    assert (
        "2026-03-11（還有 2 日）處罰決定公示（安全生產法第78條 7 個工作日）（草稿）：示應急罰〔2026〕12號"
        in out
    )
    assert "2026-03-17（還有 8 日）處罰決定公示（縣方案 15 日）（草稿）：示應急罰〔2026〕12號" in out


def test_rule_texts_take_their_windows_from_the_settings(tmp_path):
    (tmp_path / "pelicanconf.py").write_text(
        'TRANSPARENCY = {"decision_window_days": 10, "decision_law_working_days": 5}\n', encoding="utf-8"
    )
    out = run(tmp_path, "rules").stdout
    assert (
        "決定之日起 10 日內" in out and "作出決定後 5 個工作日內" in out and "15 日" not in out.split("B1")[0]
    )


# -- pages, open data and /compliance/: declared versus proven ---------------------------------------


def page(root, rel):
    return BeautifulSoup((root / rel / "index.html").read_text(encoding="utf-8"), "lxml")


def publication(soup):
    return soup.find("section", class_="publication").get_text(" ", strip=True)


def test_declared_date_shows_both_dates_the_source_and_both_deadlines(demo_site):
    text = publication(page(demo_site, "decisions/2026/yjj-2026-007"))
    assert "2026-04-07 （部門聲明）；本站最早收錄 2026-11-30 （git）" in text
    assert "縣方案：15 日內（ 2026-04-07 前）— 按期（依部門聲明）" in text
    assert "安全生產法第78條：7 個工作日內（ 2026-03-31 前）— 逾期 4 個工作日（依部門聲明）" in text
    assert "git 只能證明這條記錄 2026-11-30 已在本站，這一天晚於期限" in text
    notice = page(demo_site, "decisions/2026/yjj-2026-007").find(class_="notice-late").get_text()
    assert "逾期 4 個工作日" in notice and "部門未說明逾期原因" in notice


@pytest.fixture(scope="module")
def git_site(tmp_path_factory):
    """The fixture site in a git repository: one decision without `published`, committed on 2026-03-09."""
    src = tmp_path_factory.mktemp("gitsite") / "site"
    shutil.copytree(SITE, src)
    rec = src / "data/decisions/2026/yjj-2026-001.yaml"
    rec.write_text(rec.read_text(encoding="utf-8").replace("published: 2026-03-09\n", ""), encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env |= {"GIT_AUTHOR_DATE": "2026-03-09T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-03-09T10:00:00+08:00"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "records"]):
        subprocess.run(["git", *args], cwd=src, env=env, check=True, capture_output=True)
    return build_site(src, tmp_path_factory.mktemp("gitbuilt") / "site")


def test_git_proven_date_shows_the_git_source(git_site):
    text = publication(page(git_site, "decisions/2026/yjj-2026-001"))
    assert "2026-03-09 （本站記錄，git 可證）" in text
    assert "按期（依部門聲明）" not in text and "按期" in text and "日期說明" not in text
    declared = publication(page(git_site, "decisions/2026/yjj-2026-002"))
    assert "（部門聲明）" in declared and "本站最早收錄" in declared
    rows = list(
        csv.DictReader(io.StringIO((git_site / "data/decisions.csv").read_text(encoding="utf-8-sig")))
    )
    by_id = {r["id"]: r for r in rows}
    assert (by_id["yjj-2026-001"]["published_source"], by_id["yjj-2026-001"]["git_published"]) == (
        "git",
        "2026-03-09",
    )
    assert by_id["yjj-2026-002"]["published_source"] == "declared"


def test_open_data_columns(demo_site):
    def read(name):
        return list(
            csv.DictReader(io.StringIO((demo_site / f"data/{name}.csv").read_text(encoding="utf-8-sig")))
        )

    row = next(r for r in read("decisions") if r["id"] == "yjj-2026-007")
    assert (row["published"], row["published_source"], row["git_published"]) == (
        "2026-04-07",
        "declared",
        "2026-11-30",
    )
    assert (row["due"], row["on_time"], row["law_due"], row["law_on_time"]) == (
        "2026-04-07",
        "true",
        "2026-03-31",
        "false",
    )
    for name, prefix in (
        ("blacklist", "list_"),
        ("warnings", ""),
        ("actions", ""),
        ("plans", ""),
        ("exposures", ""),
    ):
        first = read(name)[0]
        assert first[f"{prefix}published_source"] == "declared", name
        assert first[f"{prefix}git_published"] == "2026-11-30", name
    assert "published_source" in (demo_site / "data/decisions.schema.json").read_text(encoding="utf-8")


def test_compliance_counts_declared_apart(demo_site):
    soup = page(demo_site, "compliance")
    for caption in (
        "2026 年處罰決定公示（縣方案：15 日內）",
        "2026 年處罰決定公示（安全生產法第78條第2款：7 個工作日內）",
    ):
        table = soup.find("caption", string=caption).parent
        head = [th.get_text(strip=True) for th in table.thead.find_all("th")]
        total = [td.get_text(strip=True) for td in table.find("tr", class_="total").find_all("td")]
        on_time, declared = total[head.index("按期") - 1], total[head.index("其中依部門聲明日期") - 1]
        assert on_time == declared  # every demo record carries a declared date
    d4 = soup.find("caption", string="2026 年處罰決定公示（安全生產法第78條第2款：7 個工作日內）").parent
    assert [td.get_text(strip=True) for td in d4.find("tr", class_="total").find_all("td")][:6] == [
        "64",
        "47",
        "47",
        "1",
        "16",
        "0",
    ]
    assert "其中依部門聲明日期" in soup.get_text()


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DUE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*前")


def test_no_on_time_next_to_a_later_date_without_the_declaration(demo_site):
    """A reader must never see 按期 beside a date after the deadline unless the page says it was declared."""
    bad = []
    for html in demo_site.rglob("*.html"):
        rel = html.relative_to(demo_site).as_posix()
        if rel.startswith(("zh-hans/", "zh-hant/")):
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for box in soup.find_all(["dl", "tr"]):
            text = box.get_text(" ", strip=True)
            dues = [D.fromisoformat(m) for m in DUE.findall(text)]
            for dt_ in box.find_all("dt"):  # a 期限 row: its dates are due dates, however they are written
                if "期限" in dt_.get_text() and dt_.find_next_sibling("dd"):
                    dues += map(D.fromisoformat, DATE.findall(dt_.find_next_sibling("dd").get_text()))
            if "按期" not in text or not dues:
                continue
            later = [d for d in map(D.fromisoformat, DATE.findall(text)) if d > min(dues)]
            if later and "聲明" not in text:
                bad.append(f"{rel}: {text[:120]}")
    assert bad == []


def test_action_shows_its_declared_publication(demo_site):
    soup = page(demo_site, "actions/2026-05-road-transport")
    text = soup.find("dl", class_="fields").get_text(" ", strip=True)
    assert "2026-10-12 （部門聲明）；本站最早收錄 2026-11-30 （git）" in text
    assert "行動結束後 1 個月內（ 2026-10-30 前）— 按期（依部門聲明）" in text
    history = [li.get_text(" ", strip=True) for li in soup.select("ol.history li")]
    assert history[:2] == ["2026-10-12 首次公示", "2026-11-30 錄入本站"]  # then this fix: 更正


def test_upcoming_labels_have_the_windows(project):
    ds, _ = decided(project, "2026-03-02", None, today=D(2026, 3, 9), extra="draft: true\n")
    labels = {u.label for u in compliance.upcoming(ds, 14)}
    assert "處罰決定公示（安全生產法第78條 7 個工作日）（草稿）" in labels


def test_a_record_not_committed_says_so(built_site):
    # The fixture site is no git repository: a declared date has no git date to stand beside it.
    text = publication(page(built_site, "decisions/2026/yjj-2026-001"))
    assert "2026-03-09 （部門聲明）；本站尚未收錄，git 無從證明" in text
    assert "這條記錄尚未提交到本站" in text
