"""The compliance figures, computed by hand on a tiny fixture, and their agreement with the checks."""

from __future__ import annotations

import datetime as dt

from conftest import decision_yaml

from transparency import compliance

D = dt.date
DEPTS = """\
- {id: yjj, name: 示範縣應急管理局, kind: department, credit_code: 11439900MB9900101X, duties: [decisions, blacklist]}
- {id: scj, name: 示範縣市場監督管理局, kind: department, credit_code: 11439900MB99002089, duties: [decisions]}
"""
PROGRAMME = "- {name: 監管執法年, start: 2026-02-15, end: 2026-06-30}\n"


def decision(n, dept, decided, published, late=False):
    number = f"示{dept}罰〔2026〕{n}號"
    text = decision_yaml(number=number, department=dept, decided=decided, published=published)
    return f"decisions/2026/{dept}-2026-{n:03d}.yaml", text + ("late: {reason: 系統故障}\n" if late else "")


def fixture():
    files = {"departments.yaml": DEPTS, "programme.yaml": PROGRAMME}
    for path, text in (
        decision(1, "yjj", "2026-03-02", "2026-03-07"),  # 5 days, on time
        decision(2, "yjj", "2026-03-02", "2026-03-22", late=True),  # 20 days, due 03-17: late, explained
        decision(3, "yjj", "2026-04-01", "2026-04-16"),  # 15 days, due 04-16: on time
        decision(4, "scj", "2026-04-01", "2026-04-20"),  # 19 days: late, no reason
    ):
        files[path] = text
    files["blacklists/2026-q1/yjj.yaml"] = (
        "quarter: 2026-Q1\ndepartment: yjj\npublished: 2026-04-10\nentries: []\n"
    )
    # 2026-Q2's list (due 2026-07-15) is missing.
    files["warnings/2026-03.yaml"] = (
        "month: 2026-03\npublished: 2026-03-12\ntitle: 三月警示\nanalysis: 分析\nrequirements: 要求\n"
    )
    return files


def test_figures_by_hand(project):
    ds, _ = project(fixture(), today=D(2026, 11, 30))
    items = compliance.items(ds)
    yjj = compliance.tally(items, "decision", "yjj", 2026)
    assert (yjj.due, yjj.on_time, yjj.count("late_explained"), yjj.count("late")) == (3, 2, 1, 0)
    assert yjj.rate == 2 / 3 and yjj.median_days == 15 and yjj.worst_days == 20
    county = compliance.tally(items, "decision", None, 2026)
    assert (county.due, county.on_time, county.late, county.rate) == (4, 2, 2, 0.5)
    assert county.median_days == 17 and county.worst_days == 20
    q1 = compliance.tally(items, "decision", "yjj", 2026, compliance.Quarter(2026, 1))
    assert (q1.due, q1.on_time) == (2, 1)
    lists = compliance.tally(items, "blacklist", "yjj", 2026)
    assert (lists.due, lists.on_time, lists.count("missing")) == (2, 1, 1)
    warnings = compliance.tally(items, "warning", compliance.COUNTY, 2026)
    # March (late: due 03-10, published 03-12), April, May, June missing
    assert (warnings.due, warnings.count("late"), warnings.count("missing")) == (4, 1, 3)


def test_pending_obligations_do_not_count(project):
    ds, _ = project(fixture(), today=D(2026, 7, 1))
    lists = compliance.tally(compliance.items(ds), "blacklist", "yjj")
    assert (lists.due, lists.count("pending")) == (1, 1)


def test_figures_agree_with_the_checks(project):
    ds, findings = project(fixture(), today=D(2026, 11, 30))
    items = compliance.items(ds)
    errors = [f for f in findings if f.is_error]
    warnings = [f for f in findings if not f.is_error]
    for rule, kind in (("D1", "decision"), ("B1", "blacklist"), ("W1", "warning")):
        t = compliance.tally(items, kind)
        assert t.count("late") + t.count("missing") == sum(f.rule == rule for f in errors), rule
        assert t.count("late_explained") == sum(f.rule == rule for f in warnings), rule
