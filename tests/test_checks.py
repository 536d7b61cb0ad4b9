"""D1, D2, V11 and H1 on one-case decisions, with today fixed."""

import datetime as dt

import pytest
from conftest import TODAY, decision_yaml

from transparency.checks import Publication, check_decisions
from transparency.settings import Config
from transparency.workdays import WorkCalendar

PATH = "decisions/2026/yjj-2026-012.yaml"
D = dt.date


@pytest.fixture
def project(project):
    """The county plan's D1 on its own: D4 (the law's 7 working days) is tested in test_d4.py."""

    def make(files, today=TODAY, rules=None, **config):
        config.setdefault("decision_law_level", "off")
        return project(files, today, rules, **config)

    return make


def only(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_late_decision_is_an_error_naming_file_line_and_days(project):
    _, found = project({PATH: decision_yaml(published="2026-03-20")})
    [f] = found
    assert f.format() == (
        "ERROR D1 data/decisions/2026/yjj-2026-012.yaml:3 示應急罰〔2026〕12號 公示逾期 3 日："
        "決定日期 2026-03-02，應於 2026-03-17 前公示，實際公示 2026-03-20；"
        "修正：在記錄中填寫 late: {reason: 逾期原因}"
    )


def test_published_on_the_due_date_is_on_time(project):
    _, found = project({PATH: decision_yaml(published="2026-03-17")})
    assert found == []


def test_late_with_reason_is_a_public_warning(project):
    _, found = project({PATH: decision_yaml(published="2026-03-20") + "late: {reason: 系統故障}\n"})
    [f] = found
    assert (f.rule, f.level) == ("D1", "WARNING") and "系統故障" in f.message


def test_holiday_extends_the_deadline(project):
    text = decision_yaml(decided="2026-09-16", published="2026-10-08")
    _, found = project({PATH: text})
    assert found == []
    _, found = project({PATH: decision_yaml(decided="2026-09-16", published="2026-10-09")})
    [f] = found
    assert "順延至 2026-10-08" in f.message and "逾期 1 日" in f.message


def test_draft_due_soon_warns_and_overdue_draft_fails(project):
    text = decision_yaml(published=None) + "draft: true\n"
    _, found = project({PATH: text}, today=D(2026, 3, 15))
    [f] = found
    assert (f.rule, f.level) == ("D2", "WARNING") and "還有 2 日" in f.message
    _, found = project({PATH: text}, today=D(2026, 3, 10))
    assert found == []
    _, found = project({PATH: text}, today=D(2026, 3, 18))
    [f] = found
    assert (f.rule, f.level) == ("D1", "ERROR") and "草稿已逾期 1 日" in f.message


def test_draft_warning_window_is_a_setting(project):
    text = decision_yaml(published=None) + "draft: true\n"
    _, found = project({PATH: text}, today=D(2026, 3, 10), draft_warning_days=7)
    assert [f.rule for f in found] == ["D2"]


def test_published_after_today_is_an_error(project):
    _, found = project({PATH: decision_yaml(published="2026-03-09")}, today=D(2026, 3, 5))
    [f] = found
    assert f.rule == "V11" and f.line == 4


def test_without_git_or_published_date_today_counts(project):
    _, found = project({PATH: decision_yaml(published=None)}, today=D(2026, 3, 18))
    [f] = found
    assert f.rule == "D1" and "實際公示 2026-03-18" in f.message


def test_window_is_a_setting(project):
    _, found = project({PATH: decision_yaml(published="2026-03-20")}, decision_window_days=20)
    assert found == []


def test_missing_holiday_calendar_warns_once_per_year(project):
    files = {
        "decisions/2027/yjj-2027-001.yaml": decision_yaml(
            number="示應急罰〔2027〕1號", decided="2027-01-04", published="2027-01-05"
        ),
        "decisions/2027/yjj-2027-002.yaml": decision_yaml(
            number="示應急罰〔2027〕2號", decided="2027-01-05", published="2027-01-06"
        ),
    }
    _, found = project(files, today=D(2027, 2, 1))
    [f] = found
    assert (f.rule, f.level) == ("H1", "WARNING") and "2 項" in f.message and "2027" in f.path


def test_checks_are_pure_functions_of_their_arguments(project):
    ds, _ = project({PATH: decision_yaml(published="2026-03-20")})
    pubs = {d.path: Publication(D(2026, 3, 17), "explicit") for d in ds.decisions}
    assert (
        check_decisions(
            ds.decisions,
            pubs,
            WorkCalendar(years=frozenset({2026})),
            Config(decision_law_level="off"),
            D(2026, 4, 1),
        )
        == []
    )


REVOKED = "status: revoked\nrevoked: {{date: {date}, reason: 經行政復議撤銷{withdrawn}}}\n"


def revoked(date="2026-05-01", withdrawn=None):
    extra = f", withdrawn: {withdrawn}" if withdrawn else ""
    return decision_yaml() + REVOKED.format(date=date, withdrawn=extra)


def test_withdrawal_within_three_working_days(project):
    # Revoked Friday 2026-05-01 (a holiday in real life, a Friday here): due the next Wednesday.
    _, found = project({PATH: revoked(withdrawn="2026-05-06")})
    assert found == []


def test_late_withdrawal_is_an_error(project):
    _, found = project({PATH: revoked(withdrawn="2026-05-08")})
    [f] = found
    assert (f.rule, f.level) == ("D3", "ERROR") and "應於 2026-05-06 前撤回公示" in f.message
    assert "逾期 2 日" in f.message and f.line == 11


def test_withdrawal_not_recorded_counts_from_today(project):
    _, found = project({PATH: revoked()}, today=D(2026, 5, 5))
    assert found == []  # not committed: withdrawn "today", within the window
    _, found = project({PATH: revoked()}, today=D(2026, 5, 12))
    assert [f.rule for f in found] == ["D3"]


def test_withdrawal_late_with_reason(project):
    # The withdrawal's own reason sits inside revoked (DATA.md: revoked.late.reason).
    text = revoked(withdrawn="2026-05-08").replace(
        "withdrawn: 2026-05-08", "withdrawn: 2026-05-08, late: {reason: 復議決定書送達延誤}"
    )
    _, found = project({PATH: text})
    [f] = found
    assert (f.rule, f.level) == ("D3", "WARNING") and "復議決定書送達延誤" in f.message


def test_decision_dated_in_the_future_is_a_mistake(project):
    _, found = project({PATH: decision_yaml(decided="2026-12-28", published=None)}, today=D(2026, 12, 5))
    [f] = [f for f in found if f.rule != "H1"]
    assert (f.rule, f.line) == ("V5", 3) and "晚於今天" in f.message


def test_incomplete_draft_is_a_warning_and_still_falls_due(project):
    text = decision_yaml(published=None, basis="", violation="") + "draft: true\n"
    _, found = project({PATH: text}, today=D(2026, 3, 15))
    assert sorted((f.rule, f.level) for f in found) == [
        ("D2", "WARNING"),
        ("V3", "WARNING"),
        ("V3", "WARNING"),
    ]
    _, found = project({PATH: text}, today=D(2026, 3, 20))
    assert ("D1", "ERROR") in {(f.rule, f.level) for f in found}
    _, found = project({PATH: decision_yaml(published=None, basis="")}, today=D(2026, 3, 15))
    assert [(f.rule, f.level) for f in found] == [("V3", "ERROR")]  # not a draft: missing is an error


def test_fine_of_zero_or_without_amount(project):
    [f] = project({PATH: decision_yaml(penalties="[{type: fine, amount: 0}]")})[1]
    assert f.rule == "V2" and "金額為 0" in f.message
    [f] = project({PATH: decision_yaml(penalties="[{type: fine, amount: }]")})[1]
    assert f.rule == "V3" and "amount" in f.message
