"""W1, W2, A1, A2, P1 and the validation of warnings, accidents, actions and plans."""

from __future__ import annotations

import datetime as dt

import pytest

from transparency import checks
from transparency.models import Accident, Month, level_for, same_period
from transparency.settings import Config
from transparency.workdays import WorkCalendar

D = dt.date
DEPTS = """\
- {id: yjj, name: 示範縣應急管理局, kind: department, credit_code: 11439900MB9900101X, duties: [decisions, plan]}
- {id: zjj, name: 示範縣住房和城鄉建設局, kind: department, credit_code: 11439900MB9900304J, duties: [decisions]}
"""
PROGRAMME = "- {name: 2026年監管執法年, start: 2026-02-15, end: 2026-05-31}\n"


def warning(month="2026-03", published="2026-03-05", extra="") -> str:
    return (
        f"month: {month}\npublished: {published}\ntitle: 安全生產警示\n{extra}"
        "analysis: 原因分析\nrequirements: |\n  1. 開展排查\n"
    )


def accident(date="2014-05-12", level="重大", deaths=11, injuries=3, loss=18500000) -> str:
    return (
        f"date: {date}\ntitle: 某某煤礦瓦斯爆炸事故\nplace: 某省某縣\nindustry: 煤礦\ntype: 爆炸\nlevel: {level}\n"
        f"deaths: {deaths}\nserious_injuries: {injuries}\ndirect_loss: {loss}\nsummary: 經過\ncauses: 原因\n"
    )


def action(start="2026-02-20", end="2026-03-31", exposures="", extra="") -> str:
    body = f"exposures:\n{exposures}" if exposures else ""
    return (
        f"title: 危險化學品專項執法行動\nstart: {start}\nend: {end}\nlead: yjj\ndepartments: [yjj, zjj]\n"
        f"results: {{inspected: 120, hazards: 356, rectified: 340, cases: 12, fines: 560000, suspended: 3}}\n{extra}{body}"
    )


ENTERPRISE = """\
  - published: {published}
    subject_type: enterprise
    party: {{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}}
    facts: 未按規定進行安全評估
    handling: 罰款五萬元
"""
OFFICIAL = """\
  - published: {published}
    subject_type: official
    department: zjj
    subject: 縣住建局執法人員張某
    conduct: 慢作為
    facts: 接到舉報後十日未處理
"""


def plan(year=2026, dept="yjj", published="2026-03-25", extra="") -> str:
    return (
        f"year: {year}\ndepartment: {dept}\napproved: 2026-03-20\npublished: {published}\n{extra}"
        "random_checks: {share: 0.15, count: 60, months: [2026-04, 2026-07]}\nsupervision: 執法監察安排\n"
    )


def complete(**override) -> dict[str, str]:
    """A programme from mid-February to May with everything owed, on time."""
    files = {
        "departments.yaml": DEPTS,
        "programme.yaml": PROGRAMME,
        "warnings/2026-03.yaml": warning("2026-03", "2026-03-05"),
        "warnings/2026-04.yaml": warning("2026-04", "2026-04-03"),
        "warnings/2026-05.yaml": warning("2026-05", "2026-05-08"),
        "actions/2026-01-hazchem.yaml": action(exposures=ENTERPRISE.format(published="2026-04-20")),
        "actions/2026-02-fire.yaml": action(
            "2026-04-01", "2026-05-31", OFFICIAL.format(published="2026-06-20")
        ),
        "plans/2026/yjj.yaml": plan(),
        "accidents/2014-05-12-gas.yaml": accident(),
    }
    files.update({k: v for k, v in override.items()})
    return {k: v for k, v in files.items() if v is not None}


TODAY = D(2026, 11, 30)


def run(project, files, today=TODAY, **kw):
    return project(files, today=today, rules={"W1", "W2", "A1", "A2", "P1"}, **kw)[1]


def only(found, rule):
    return [f for f in found if f.rule == rule]


def test_complete_programme_is_green(project):
    assert run(project, complete()) == []


# -- W1 ------------------------------------------------------------------------------


def test_missing_warning_after_its_due_day(project):
    [f] = run(project, complete(**{"warnings/2026-04.yaml": None}))
    assert (f.rule, f.path) == ("W1", "data/warnings/2026-04.yaml") and "2026-04-10" in f.message


def test_month_due_before_the_programme_began_is_not_owed(project):
    # February's warning was due on 10 February; the programme began on the 15th.
    assert only(run(project, complete()), "W1") == []


def test_due_day_on_a_rest_day_moves_to_the_next_working_day(project):
    # 2026-05-10 is a Sunday: due Monday 11 May.
    files = complete(**{"warnings/2026-05.yaml": warning("2026-05", "2026-05-11")})
    assert run(project, files) == []
    [f] = run(project, complete(**{"warnings/2026-05.yaml": warning("2026-05", "2026-05-12")}))
    assert f.rule == "W1" and "順延至 2026-05-11" in f.message


def test_warning_not_yet_due_and_due_day_setting(project):
    files = complete(**{"warnings/2026-05.yaml": None})
    assert only(run(project, files, today=D(2026, 5, 1)), "W1") == []
    assert only(run(project, files, today=D(2026, 5, 12)), "W1")[0].is_error
    later = only(run(project, files, today=D(2026, 5, 12), warning_due_day=15), "W1")
    # February is owed now (due 15 Feb, inside the programme); May falls due in 3 days: a warning first.
    assert [(f.record, f.level) for f in later] == [("2026年2月", "ERROR"), ("2026年5月", "WARNING")]


def test_late_warning_with_reason_is_a_warning(project):
    late = complete(
        **{"warnings/2026-03.yaml": warning("2026-03", "2026-03-16", "late: {reason: 系統升級}\n")}
    )
    [f] = run(project, late)
    assert (f.rule, f.level) == ("W1", "WARNING") and "系統升級" in f.message


# -- W2 and the same-period selection ----------------------------------------------------


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "level"),
    [
        (2, 9, 9_999_999, "一般"),
        (3, 0, 0, "較大"),
        (0, 10, 0, "較大"),
        (0, 0, 10_000_000, "較大"),
        (9, 49, 49_999_999, "較大"),
        (10, 0, 0, "重大"),
        (0, 50, 0, "重大"),
        (0, 0, 50_000_000, "重大"),
        (29, 99, 99_999_999, "重大"),
        (30, 0, 0, "特別重大"),
        (0, 100, 0, "特別重大"),
        (0, 0, 100_000_000, "特別重大"),
        (1, 0, 120_000_000, "特別重大"),  # the highest figure decides
    ],
)
def test_493_thresholds_at_their_boundaries(deaths, injuries, loss, level):
    assert level_for(deaths, injuries, loss) == level


def test_level_contradicting_figures_is_a_warning(project):
    files = complete(**{"accidents/2014-05-12-gas.yaml": accident(level="較大", deaths=11)})
    [f] = run(project, files)
    assert (f.rule, f.level, f.line) == ("W2", "WARNING", 6) and "應為「重大」" in f.message


def _acc(i, date, level, deaths):
    return Accident(f"a{i}", "p", 1, D(*date), "t", "p", "煤礦", "爆炸", level, deaths, 0, 0, "s", "c")


def test_same_period_selects_earlier_years_of_the_month_most_severe_first():
    accidents = [
        _acc(1, (2014, 5, 12), "較大", 3),
        _acc(2, (2019, 5, 3), "重大", 12),
        _acc(3, (2019, 6, 3), "特別重大", 40),  # another month
        _acc(4, (2026, 5, 2), "特別重大", 31),  # the same year: not history yet
        _acc(5, (2020, 5, 9), "較大", 5),
    ]
    chosen = same_period(Month(2026, 5), accidents)
    assert [a.id for a in chosen] == ["a2", "a5", "a1"]


def test_warning_without_accidents_list_uses_the_same_period(project):
    files = complete(**{"warnings/2026-05.yaml": warning("2026-05", "2026-05-08")})
    ds, _ = project(files, rules={"W1"})
    w = next(w for w in ds.warnings if w.month == Month(2026, 5))
    assert [a.id for a in ds.warning_accidents(w)] == ["2014-05-12-gas"]


def test_warning_citing_an_unknown_accident(project):
    files = complete(**{"warnings/2026-03.yaml": warning(extra="accidents: [2014-05-12-gaz]\n")})
    found = run(project, files)
    assert any(f.rule == "V6" and "2014-05-12-gas" in f.message for f in found)


# -- A1 and A2 --------------------------------------------------------------------------


def test_exposure_published_late(project):
    files = complete(
        **{"actions/2026-01-hazchem.yaml": action(exposures=ENTERPRISE.format(published="2026-05-06"))}
    )
    [f] = run(project, files)
    assert f.rule == "A1" and f.is_error and "逾期 6 日" in f.message and "2026-04-30" in f.message


def test_action_without_exposures_once_the_month_has_passed(project):
    files = complete(**{"actions/2026-01-hazchem.yaml": action()})
    [f] = run(project, files)
    assert f.rule == "A1" and f.is_error and "尚未公示" in f.message
    assert only(run(project, files, today=D(2026, 4, 20)), "A1") == []


def test_exposure_window_across_month_ends():
    cal = WorkCalendar(years=frozenset({2026, 2027, 2028}))
    config = Config()

    def due(end):
        from transparency.models import Action

        a = Action("x", "p", 1, "t", end, end, "yjj", ("yjj",), {}, None, None, ())
        return checks.exposure_due(a.end, cal, config)

    assert due(D(2028, 1, 31)).date == D(2028, 2, 29)  # leap year, a Tuesday
    assert due(D(2026, 1, 31)).nominal == D(2026, 2, 28)  # a Saturday …
    assert due(D(2026, 1, 31)).date == D(2026, 3, 2)  # … so the next Monday
    assert due(D(2026, 3, 31)).date == D(2026, 4, 30)


def test_two_months_without_an_action(project):
    files = complete(
        **{
            "actions/2026-02-fire.yaml": action(
                "2026-02-20", "2026-03-10", ENTERPRISE.format(published="2026-03-20")
            )
        }
    )
    found = run(project, files)
    [f] = only(found, "A2")
    assert f.record == "2026-04-01～2026-05-31" and f.is_error
    assert only(run(project, files, today=D(2026, 5, 31)), "A2") == []


def test_official_exposure_needs_department_subject_and_conduct(project):
    broken = OFFICIAL.format(published="2026-04-20").replace("    conduct: 慢作為\n", "")
    files = complete(**{"actions/2026-01-hazchem.yaml": action(exposures=broken)})
    assert any(f.rule == "V3" and "conduct" in f.message for f in run(project, files))
    no_party = ENTERPRISE.format(published="2026-04-20").replace(
        "    party: {type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}\n", ""
    )
    files = complete(**{"actions/2026-01-hazchem.yaml": action(exposures=no_party)})
    assert any(f.rule == "V3" and "party" in f.message for f in run(project, files))


def test_action_with_unknown_department(project):
    files = complete(
        **{
            "actions/2026-01-hazchem.yaml": action(
                exposures=ENTERPRISE.format(published="2026-04-20")
            ).replace("[yjj, zjj]", "[yjj, zjx]")
        }
    )
    assert any(f.rule == "V6" and "zjx" in f.message for f in run(project, files))


# -- P1 --------------------------------------------------------------------------------


def test_missing_plan_after_march(project):
    [f] = run(project, complete(**{"plans/2026/yjj.yaml": None}))
    assert (f.rule, f.path) == ("P1", "data/plans/2026/yjj.yaml") and "2026-03-31" in f.message
    assert only(run(project, complete(**{"plans/2026/yjj.yaml": None}), today=D(2026, 3, 20)), "P1") == []


def test_late_plan_and_its_reason(project):
    [f] = run(project, complete(**{"plans/2026/yjj.yaml": plan(published="2026-04-02")}))
    assert (f.rule, f.level) == ("P1", "ERROR") and "逾期 2 日" in f.message
    [f] = run(
        project,
        complete(
            **{
                "plans/2026/yjj.yaml": plan(
                    published="2026-04-02", extra="late: {reason: 政府常務會議延期}\n"
                )
            }
        ),
    )
    assert (f.rule, f.level) == ("P1", "WARNING")


def test_plan_validation(project):
    found = run(project, complete(**{"plans/2026/yjj.yaml": plan(year=2025)}))
    assert any(f.rule == "V9" for f in found)
    found = run(project, complete(**{"plans/2026/yjj.yaml": plan().replace("share: 0.15", "share: 15")}))
    assert any(f.rule == "V2" and "0 到 1" in f.message for f in found)
    found = run(project, complete(**{"plans/2026/yjj.yaml": plan(published="2026-03-10")}))
    assert any(f.rule == "V5" and "早於批准日期" in f.message for f in found)


def test_no_programme_means_no_periodic_obligations(project):
    files = {"departments.yaml": DEPTS}
    assert run(project, files) == []
