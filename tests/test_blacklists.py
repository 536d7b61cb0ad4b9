"""B1, B2, blacklist validation, the quarter diff and the enterprise database."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import decision_yaml

from transparency import enterprises
from transparency.models import Quarter

D = dt.date
PROGRAMME = "- {name: 2026年監管執法年, start: 2026-02-15, end: 2026-09-30}\n"
DEPTS = """\
- {id: yjj, name: 示範縣應急管理局, kind: department, credit_code: 11439900MB9900101X, duties: [decisions, blacklist]}
- {id: scj, name: 示範縣市場監督管理局, kind: department, credit_code: 11439900MB99002089, duties: [decisions, blacklist]}
- {id: cgz, name: 示範縣城關鎮人民政府, kind: township, credit_code: 11439900MB990070XN, duties: [decisions]}
"""
HONGDA = "{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}"
YONGSHENG = "{type: organization, name: 示範縣永盛化工有限公司, credit_code: 91439921MA7R4KDC9F}"


@pytest.fixture
def project(project):
    """Only the blacklist rules (and validation): the programme also owes warnings and actions."""

    def make(files, **kwargs):
        return project(files, rules={"B1", "B2"}, **kwargs)

    return make


def entry(party=HONGDA, listed="2026-03-20", **extra) -> str:
    lines = [
        f"  - party: {party}",
        "    reason: 瞞報生產安全事故",
        "    basis: 《安全生產嚴重失信主體名單管理辦法》第六條第四項",
        f"    listed: {listed}",
    ]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def blacklist(quarter="2026-Q1", dept="yjj", published="2026-04-10", entries=None, extra="") -> str:
    body = "entries: []\n" if entries is None else "entries:\n" + entries
    pub = f"published: {published}\n" if published else ""
    return f"quarter: {quarter}\ndepartment: {dept}\n{pub}{extra}{body}"


def files(**lists: str) -> dict[str, str]:
    """blacklists: q1_yjj=text → data/blacklists/2026-q1/yjj.yaml"""
    out = {"departments.yaml": DEPTS, "programme.yaml": PROGRAMME}
    for key, text in lists.items():
        q, dept = key.split("_")
        out[f"blacklists/2026-{q}/{dept}.yaml"] = text
    return out


def all_lists(**override):
    """Every quarter of the programme for both departments, on time and empty."""
    lists = {}
    for n, pub in ((1, "2026-04-10"), (2, "2026-07-10"), (3, "2026-10-12")):
        for dept in ("yjj", "scj"):
            lists[f"q{n}_{dept}"] = blacklist(f"2026-Q{n}", dept, pub)
    lists.update(override)
    return files(**lists)


def rules(found):
    return sorted(f.rule for f in found)


def yjj_q1(ds):
    return next(b for b in ds.blacklists if b.department == "yjj" and b.quarter == Quarter(2026, 1))


# -- B1 ------------------------------------------------------------------------


def test_every_quarter_published_on_time_is_green(project):
    assert project(all_lists())[1] == []


def test_missing_list_after_its_due_date_is_an_error(project):
    lists = all_lists()
    del lists["blacklists/2026-q2/scj.yaml"]
    [f] = project(lists)[1]
    assert (f.rule, f.level, f.path) == ("B1", "ERROR", "data/blacklists/2026-q2/scj.yaml")
    assert "2026年第二季度" in f.message and "2026-07-15" in f.message and "已逾期 138 日" in f.message


def test_missing_list_before_its_due_date_is_not_yet_an_error(project):
    lists = {k: v for k, v in all_lists().items() if "q3" not in k}
    assert rules(project(lists, today=D(2026, 10, 5))[1]) == []
    found = project(lists, today=D(2026, 10, 13))[1]
    assert rules(found) == ["B1", "B1"] and all(not f.is_error for f in found)


def test_no_programme_no_quarterly_obligation(project):
    lists = all_lists()
    del lists["programme.yaml"], lists["blacklists/2026-q2/scj.yaml"]
    assert project(lists)[1] == []


def test_departments_without_the_duty_owe_nothing(project):
    assert not any("cgz" in f.path for f in project(all_lists())[1])


def test_late_list_fails_unless_it_says_why(project):
    late = all_lists(q1_yjj=blacklist(published="2026-04-20"))
    [f] = project(late)[1]
    assert (f.rule, f.level) == ("B1", "ERROR") and "逾期 5 日" in f.message
    excused = all_lists(q1_yjj=blacklist(published="2026-04-20", extra="late: {reason: 人員調整}\n"))
    [f] = project(excused)[1]
    assert (f.rule, f.level) == ("B1", "WARNING")


def test_overdue_draft_list_is_an_error(project):
    draft = all_lists(q3_yjj=blacklist("2026-Q3", published=None, extra="draft: true\n"))
    [f] = project(draft)[1]
    assert f.rule == "B1" and f.is_error and "草稿" in f.message


def test_empty_list_is_a_publication(project):
    ds, found = project(all_lists())
    assert found == [] and all(b.entries == () for b in ds.blacklists)


# -- B2 ------------------------------------------------------------------------


def test_entry_vanishing_within_its_term_is_an_error(project):
    lists = all_lists(q1_yjj=blacklist(entries=entry()))
    [f] = project(lists)[1]
    assert (f.rule, f.path) == ("B2", "data/blacklists/2026-q2/yjj.yaml")
    assert "示範縣宏達化工有限公司" in f.message and "2029-03-19" in f.message


def test_entry_kept_or_removed_or_expired_is_fine(project):
    kept = all_lists(
        q1_yjj=blacklist(entries=entry()),
        q2_yjj=blacklist("2026-Q2", published="2026-07-10", entries=entry()),
        q3_yjj=blacklist("2026-Q3", published="2026-10-12", entries=entry()),
    )
    assert project(kept)[1] == []
    removed = all_lists(
        q1_yjj=blacklist(entries=entry()),
        q2_yjj=blacklist(
            "2026-Q2", published="2026-07-10", entries=entry(removed="{date: 2026-05-20, reason: 信用修復}")
        ),
    )
    assert project(removed)[1] == []
    expired = all_lists(q1_yjj=blacklist(entries=entry(listed="2023-04-20")))  # term ends 2026-04-19
    assert project(expired)[1] == []


def test_until_overrides_the_default_term(project):
    ds, found = project(all_lists(q1_yjj=blacklist(entries=entry(until="2026-05-31"))))
    assert found == [] and yjj_q1(ds).entries[0].until == D(2026, 5, 31)
    ds, _ = project(
        all_lists(
            q1_yjj=blacklist(entries=entry()),
            q2_yjj=blacklist("2026-Q2", published="2026-07-10", entries=entry()),
        )
    )
    assert yjj_q1(ds).entries[0].until == D(2029, 3, 19)


def test_term_is_a_setting(project):
    ds, _ = project(all_lists(q1_yjj=blacklist(entries=entry())), blacklist_term_years=1)
    assert yjj_q1(ds).entries[0].until == D(2027, 3, 19)


# -- validation ------------------------------------------------------------------


def test_bad_quarter_and_wrong_folder(project):
    found = project(all_lists(q1_yjj=blacklist(quarter="2026-Q5")))[1]
    assert any(f.rule == "V2" and "2026-Q1" in f.message for f in found)
    found = project(all_lists(q1_yjj=blacklist(quarter="2026-Q2")))[1]
    assert any(f.rule == "V9" and "blacklists/2026-q2/" in f.message for f in found)
    found = project(all_lists(q1_yjj=blacklist(dept="scj")))[1]
    assert any(f.rule == "V9" and "scj.yaml" in f.message for f in found)


def test_file_outside_the_quarter_folders(project):
    lists = all_lists()
    lists["blacklists/yjj.yaml"] = blacklist()
    assert any(f.rule == "V9" and f.path == "data/blacklists/yjj.yaml" for f in project(lists)[1])


def test_dates_in_order_and_references_exist(project):
    bad = entry(
        until="2026-01-01", removed="{date: 2026-03-01, reason: 信用修復}", decisions="[示應急罰〔2026〕99號]"
    )
    found = [f for f in project(all_lists(q1_yjj=blacklist(entries=bad)))[1] if f.rule != "B1"]
    messages = " ".join(f.message for f in found)
    assert rules(found) == ["V5", "V5", "V6"]
    assert "早於列入日期" in messages and "示應急罰〔2026〕99號" in messages


def test_reference_to_an_existing_decision(project):
    lists = all_lists(
        q1_yjj=blacklist(entries=entry(decisions="[示應急罰〔2026〕12號]")),
        q2_yjj=blacklist(
            "2026-Q2", published="2026-07-10", entries=entry(decisions="[示應急罰〔2026〕12號]")
        ),
        q3_yjj=blacklist(
            "2026-Q3", published="2026-10-12", entries=entry(decisions="[示應急罰〔2026〕12號]")
        ),
    )
    lists["decisions/2026/yjj-2026-012.yaml"] = decision_yaml()
    assert project(lists)[1] == []


def test_one_credit_code_one_name(project):
    other = "{type: organization, name: 示範縣宏達化學有限公司, credit_code: 91439900MA4L8XNQ2K}"
    lists = all_lists(q1_yjj=blacklist(entries=entry(party=other)))
    lists["decisions/2026/yjj-2026-012.yaml"] = decision_yaml(party=HONGDA)
    found = [f for f in project(lists)[1] if f.rule == "V12"]
    assert len(found) == 1 and "示範縣宏達化學有限公司" in found[0].message


def test_individuals_are_not_listed(project):
    found = project(all_lists(q1_yjj=blacklist(entries=entry(party="{type: individual, name: 張某某}"))))[1]
    assert "V2" in rules(found)


def test_duplicate_entry_in_one_list(project):
    found = project(all_lists(q1_yjj=blacklist(entries=entry() + entry())))[1]
    assert "V7" in rules(found)


# -- the quarter diff and enterprises ------------------------------------------------


def _lists(project, **override):
    ds, found = project(all_lists(**override))
    assert [f for f in found if f.is_error] == []
    return ds


def test_quarter_diff_added_removed_and_why(project):
    ds = _lists(
        project,
        q1_yjj=blacklist(
            entries=entry()
            + entry(party=YONGSHENG, listed="2024-12-16")
            + entry(
                party="{type: organization, name: 示範縣紅光煙花爆竹製造有限公司, credit_code: 91439921MAW0RB7F12}",
                listed="2023-04-20",
            )
        ),
        q2_yjj=blacklist(
            "2026-Q2",
            published="2026-07-10",
            entries=entry()
            + entry(party=YONGSHENG, listed="2024-12-16", removed="{date: 2026-05-20, reason: 信用修復}"),
        ),
        q3_yjj=blacklist("2026-Q3", published="2026-10-12", entries=entry() + entry(listed="2026-08-01")),
    )
    by_q = {b.quarter: b for b in ds.blacklists if b.department == "yjj"}
    q1, q2, q3 = (by_q[Quarter(2026, n)] for n in (1, 2, 3))
    first = enterprises.quarter_diff(q1, None)
    assert first.previous is None and len(first.added) == 3
    diff = enterprises.quarter_diff(q2, q1)
    assert diff.added == ()
    why = {e.party.name: reason for e, reason in diff.removed}
    assert why == {
        "示範縣永盛化工有限公司": "2026-05-20 信用修復",
        "示範縣紅光煙花爆竹製造有限公司": "管理期限屆滿（2026-04-19）",
    }
    diff = enterprises.quarter_diff(q3, q2)
    assert [e.listed for e in diff.added] == [D(2026, 8, 1)] and diff.removed == ()


def test_enterprise_aggregates_across_departments_and_kinds(project):
    lists = all_lists(
        q1_yjj=blacklist(entries=entry()),
        q2_yjj=blacklist("2026-Q2", published="2026-07-10", entries=entry()),
        q3_yjj=blacklist("2026-Q3", published="2026-10-12", entries=entry()),
    )
    lists["decisions/2026/yjj-2026-012.yaml"] = decision_yaml(party=HONGDA)
    lists["decisions/2026/scj-2026-001.yaml"] = decision_yaml(
        number="示市監罰〔2026〕1號",
        department="scj",
        party=HONGDA,
        penalties="[{type: fine, amount: 20000}, {type: confiscation, amount: 5000}]",
    )
    lists["decisions/2026/scj-2026-002.yaml"] = decision_yaml(
        number="示市監罰〔2026〕2號", department="scj", party="{type: individual, name: 張某某}"
    )
    ds, found = project(lists)
    assert found == []
    companies = enterprises.build(ds.published_decisions, enterprises.listings(ds.published_blacklists))
    assert list(companies) == ["91439900MA4L8XNQ2K"]  # the individual gets no page
    hongda = companies["91439900MA4L8XNQ2K"]
    assert len(hongda.decisions) == 2 and hongda.fines == 70000 and hongda.penalties_total == 75000
    assert len(hongda.listings) == 1 and hongda.listings[0].quarters == (
        Quarter(2026, 1),
        Quarter(2026, 2),
        Quarter(2026, 3),
    )
    assert hongda.listed_on(D(2026, 11, 30)) and not hongda.listed_on(D(2026, 3, 1))
    kinds = [kind for _, kind, _ in hongda.events()]
    assert kinds == ["listing", "decision", "decision"]


def test_current_blacklist_follows_the_latest_list(project):
    ds = _lists(
        project,
        q1_yjj=blacklist(entries=entry() + entry(party=YONGSHENG, listed="2024-12-16")),
        q2_yjj=blacklist(
            "2026-Q2",
            published="2026-07-10",
            entries=entry()
            + entry(party=YONGSHENG, listed="2024-12-16", removed="{date: 2026-05-20, reason: 信用修復}"),
        ),
        q3_yjj=blacklist("2026-Q3", published="2026-10-12", entries=entry()),
    )
    now = enterprises.current(enterprises.listings(ds.published_blacklists), D(2026, 11, 30))
    assert [x.entry.party.name for x in now] == ["示範縣宏達化工有限公司"]


def test_names_sort_by_pinyin():
    names = ["示範縣永盛化工有限公司", "示範縣安順燃氣有限公司", "示範縣宏達化工有限公司"]
    assert sorted(names, key=enterprises.name_key) == [
        "示範縣安順燃氣有限公司",
        "示範縣宏達化工有限公司",
        "示範縣永盛化工有限公司",
    ]


def test_dedent_helper_is_valid_yaml():
    import yaml

    assert yaml.safe_load(textwrap.dedent(blacklist(entries=entry())))["entries"][0]["listed"] == D(
        2026, 3, 20
    )
