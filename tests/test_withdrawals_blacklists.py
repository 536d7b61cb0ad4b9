"""Issue 18, items 7 and 8: late withdrawals (D3) and quarterly blacklists published early or not owed."""

from __future__ import annotations

import datetime as dt

from conftest import decision_yaml

PATH = "decisions/2026/yjj-2026-012.yaml"
REVOKED = (
    "status: revoked\nrevoked: {{date: 2026-05-01, reason: 經行政復議撤銷, withdrawn: 2026-05-08{late}}}\n"
)


def test_late_withdrawal_speaks_of_withdrawal_not_publication(project):
    _, found = project({PATH: decision_yaml() + REVOKED.format(late="")})
    [f] = found
    assert f.rule == "D3" and f.level == "ERROR"
    assert "撤回逾期 2 日" in f.message and "實際撤回 2026-05-08" in f.message
    assert "公示逾期" not in f.message and "實際公示" not in f.message
    assert "在 revoked 下填寫 late" in f.message


def test_only_revoked_late_excuses_a_late_withdrawal(project):
    top = "late: {reason: 系統故障延遲上傳}\n"
    _, found = project({PATH: decision_yaml() + REVOKED.format(late="") + top})
    assert [(f.rule, f.level) for f in found] == [("D3", "ERROR")]
    both = decision_yaml() + REVOKED.format(late=", late: {reason: 復議決定書送達延誤}") + top
    _, found = project({PATH: both})
    [f] = found
    assert (f.rule, f.level) == ("D3", "WARNING") and "復議決定書送達延誤" in f.message
    assert "系統故障" not in f.message


def test_revoked_late_is_read_into_the_model(project):
    ds, _ = project({PATH: decision_yaml() + REVOKED.format(late=", late: {reason: 送達延誤}")})
    [d] = ds.decisions
    assert d.revoked.late_reason == "送達延誤" and d.late_reason is None
    assert d.revoked.withdrawn == dt.date(2026, 5, 8)


# -- quarterly blacklists (item 8) ------------------------------------------------------

PROGRAMME = "- {name: 2026年監管執法年, start: 2026-02-15, end: 2026-09-30}\n"
DEPTS = "- {id: yjj, name: 示範縣應急管理局, kind: department, credit_code: 11439900MB9900101X, duties: [decisions, blacklist]}\n"
ENTRY = """\
  - party: {type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}
    reason: 瞞報生產安全事故
    basis: 《安全生產嚴重失信主體名單管理辦法》第六條第四項
    listed: 2026-03-20
"""


def lists(**by_quarter: str) -> dict[str, str]:
    out = {"departments.yaml": DEPTS, "programme.yaml": PROGRAMME}
    for q, text in by_quarter.items():
        out[f"blacklists/2026-{q}/yjj.yaml"] = text
    return out


def a_list(quarter: str, extra: str) -> str:
    return f"quarter: {quarter}\ndepartment: yjj\n{extra}entries:\n{ENTRY}"


def test_a_draft_for_a_quarter_not_owed_is_no_error(project):
    # 2026-Q4 is outside the programme: no file is no error, and neither is a draft left lying there.
    found = project(lists(q4=a_list("2026-Q4", "draft: true\n")), today=dt.date(2027, 2, 1), rules={"B1"})[1]
    assert [f for f in found if "2026-q4" in f.path] == []
    # A published list of that quarter is still checked like any other.
    text = a_list("2026-Q4", "published: 2027-01-28\n")
    found = project(lists(q4=text), today=dt.date(2027, 2, 1), rules={"B1"})[1]
    assert [(f.rule, f.level) for f in found if "2026-q4" in f.path] == [("B1", "ERROR")]
    # A draft of an owed quarter still falls due.
    found = project(lists(q2=a_list("2026-Q2", "draft: true\n")), today=dt.date(2026, 8, 1), rules={"B1"})[1]
    assert ("B1", "ERROR") in {(f.rule, f.level) for f in found if "2026-q2" in f.path}


def test_a_list_published_before_its_quarter_ends_is_v5(project):
    text = a_list("2026-Q1", "published: 2026-03-25\n")
    found = project(lists(q1=text), today=dt.date(2026, 4, 2), rules={"B1"})[1]
    [f] = [f for f in found if f.rule == "V5"]
    assert f.level == "ERROR" and "季度尚未結束" in f.message and "2026-03-31" in f.message
    assert f.line == 1 and "draft: true" in f.message
    found = project(lists(q1=a_list("2026-Q1", "draft: true\n")), today=dt.date(2026, 3, 25), rules={"B1"})[1]
    assert [f for f in found if f.rule == "V5"] == []
    on_time = project(lists(q1=a_list("2026-Q1", "published: 2026-04-08\n")), today=dt.date(2026, 4, 9))[1]
    assert [f for f in on_time if "2026-q1" in f.path] == []


def test_blacklist_entry_template_fits_under_entries(project):
    import yaml

    from transparency.scaffold import _comment, append_entry, blacklist_entry
    from transparency.schema import DECISION

    rel, entry = blacklist_entry(dt.date(2026, 11, 30), "yjj", "2026-Q3")
    assert str(rel) == "blacklists/2026-q3/yjj.yaml"
    assert entry.startswith("  - party:") and "\n      type: organization" in entry
    text = append_entry(a_list("2026-Q3", "draft: true\n"), entry)
    data = yaml.safe_load(text)
    # Listed within the quarter: a past quarter's entry starts from its last day, not today.
    assert len(data["entries"]) == 2 and data["entries"][1]["listed"] == dt.date(2026, 9, 30)
    empty = append_entry("quarter: 2026-Q3\ndepartment: yjj\nentries: []\n", entry)
    assert len(yaml.safe_load(empty)["entries"]) == 1
    assert append_entry("entries: []\ndraft: true\n", entry) is None  # not the last key: left alone
    draft = next(f for f in DECISION.fields if f.name == "draft")
    assert "（選填）" in _comment(draft) and "視情況必填" not in _comment(draft)


def test_d2_names_the_holiday_for_an_unfinished_draft_too(project):
    # Decided 2026-11-20: the 15th day, 2026-12-05, is a Saturday, so the draft falls due 2026-12-07.
    path = "decisions/2026/yjj-2026-021.yaml"
    for text in (
        decision_yaml(decided="2026-11-20", published=None, draft="true"),
        decision_yaml(decided="2026-11-20", published=None, draft="true", basis='""'),
    ):
        found = project({path: text}, today=dt.date(2026, 12, 5))[1]
        [d2] = [f for f in found if f.rule == "D2"]
        assert "2026-12-05 為休息日，順延至 2026-12-07" in d2.message


def test_an_unfinished_draft_for_a_quarter_not_owed_is_no_b1(project):
    unfinished = (
        "quarter: {q}\ndepartment: yjj\ndraft: true\nentries:\n  - party: {{type: organization, name: ''}}\n"
    )
    found = project(lists(q4=unfinished.format(q="2026-Q4")), today=dt.date(2027, 2, 1))[1]
    assert {f.rule for f in found if "2026-q4" in f.path} == {"V3"}
    found = project(lists(q2=unfinished.format(q="2026-Q2")), today=dt.date(2026, 8, 1))[1]
    assert ("B1", "ERROR") in {(f.rule, f.level) for f in found if "2026-q2" in f.path}


def test_an_entry_listed_after_its_quarter_ended_is_v5(project):
    late = ENTRY.replace("listed: 2026-03-20", "listed: 2026-04-02")
    text = f"quarter: 2026-Q1\ndepartment: yjj\npublished: 2026-04-08\nentries:\n{late}"
    found = project(lists(q1=text), today=dt.date(2026, 4, 9))[1]
    [f] = [f for f in found if f.rule == "V5"]
    assert f.is_error and f.line == 8 and "晚於本季度結束日 2026-03-31" in f.message
