"""Nothing switches enforcement off without a word: data layout, deleted records, drafts and dates in git, holidays."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from zoneinfo import ZoneInfo

import pytest
from conftest import HOLIDAYS, ROOT, decision_yaml, write_project

from transparency import gitdates
from transparency.dataset import load_dataset
from transparency.gitdates import flags_of
from transparency.records import suggest_path, url_of_path
from transparency.settings import Config
from transparency.workdays import WorkCalendar

D = dt.date
REL = "decisions/2026/yjj-2026-012.yaml"  # under data/, as project() takes it
PATH = "data/" + REL
TODAY = D(2026, 11, 30)


def rules(found, level=None):
    return [(f.rule, f.path) for f in found if level is None or f.level == level]


# -- the data folder's layout is closed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "suggestion"),
    [
        ("decision/2026/yjj-2026-012.yaml", "data/decisions/2026/yjj-2026-012.yaml"),
        ("Decisions/2026/yjj-2026-012.yaml", "data/decisions/2026/yjj-2026-012.yaml"),
        ("decisions/2026/yjj-2026-012.yml", "data/decisions/2026/yjj-2026-012.yaml"),
        ("decisions/2026/YJJ_2026_012.yaml", "data/decisions/2026/yjj-2026-012.yaml"),
        ("decisions/yjj-2026-012.yaml", "data/decisions/2026/yjj-2026-012.yaml"),
        ("programme.yml", "data/programme.yaml"),
        ("program.yaml", "data/programme.yaml"),
        ("Departments.yaml", "data/departments.yaml"),
        ("holiday/2026.yaml", "data/holidays/2026.yaml"),
        ("blacklist/2026-q1/yjj.yaml", "data/blacklists/2026-q1/yjj.yaml"),
        ("warnings/2026-05.yaml.txt", "data/warnings/2026-05.yaml"),
    ],
)
def test_a_file_the_loader_does_not_read_is_v9_with_the_closest_correct_path(project, path, suggestion):
    _, found = project({path: decision_yaml()})
    [f] = [f for f in found if f.rule == "V9"]
    assert f.is_error and f.path == f"data/{path}" and f.line == 1
    assert f"是否應為 {suggestion}？" in f.message and "修正：" in f.message


def test_a_stray_file_in_a_record_folder_is_v9(project):
    _, found = project({"decisions/2026/notes.txt": "待公示：yjj-2026-010\n"})
    [f] = found
    assert (f.rule, f.level, f.path) == ("V9", "ERROR", "data/decisions/2026/notes.txt")
    assert "不是記錄檔案" in f.message


def test_a_folder_nobody_reads_is_v9_even_without_yaml(project):
    _, found = project({"archive/old.yaml": decision_yaml()})
    [f] = found
    assert f.rule == "V9" and "archive/" in f.message and "不會被檢查或發佈" in f.message


def test_os_and_editor_junk_is_a_warning_and_git_placeholders_are_silent(project):
    files = {
        "decisions/2026/.DS_Store": "x",
        "Thumbs.db": "x",
        "decisions/2026/.yjj-2026-012.yaml.swp": "x",
        "accidents/x.yaml~": "x",
        "plans/2027/.gitkeep": "",
        "README.md": "# 說明\n",
        REL: decision_yaml(),
    }
    ds, found = project(files)
    assert sorted(rules(found, "WARNING")) == sorted(("V9", f"data/{p}") for p in list(files)[:4])
    assert not [f for f in found if f.is_error] and len(ds.decisions) == 1


def test_a_well_placed_record_is_read_once_and_not_reported(project):
    ds, found = project({REL: decision_yaml()})
    assert found == [] and [d.path for d in ds.decisions] == [PATH]


def test_suggestions_are_only_given_when_clear():
    assert suggest_path("zzz/whatever.bin") is None
    assert suggest_path("decisions/2026/a/b/c.txt") is None


def test_url_of_a_record_path():
    assert url_of_path("data/decisions/2026/yjj-2026-001.yaml") == "decisions/2026/yjj-2026-001/"
    assert url_of_path("data/blacklists/2026-q1/yjj.yaml") == "blacklist/2026-q1/"
    assert url_of_path("data/warnings/2026-05.yaml") == "warnings/2026-05/"
    assert url_of_path("data/plans/2026/yjj.yaml") == "plans/2026/"
    assert url_of_path("data/holidays/2026.yaml") is None
    assert url_of_path("data/decisions/2026/YJJ.yaml") is None  # never built: no URL to keep
    assert url_of_path("data/departments.yaml") is None


# -- empty reference data switches duties off: say so ----------------------------------------------------


def test_an_empty_department_list_is_an_error(project):
    _, found = project({"departments.yaml": "[]\n"})
    [f] = [f for f in found if f.path == "data/departments.yaml"]
    assert (f.rule, f.level) == ("V3", "ERROR") and "空清單" in f.message


def test_an_empty_programme_is_an_error_and_a_missing_one_is_not(project):
    _, found = project({"programme.yaml": "[]  # 待補\n"})
    [f] = found
    assert (f.rule, f.level, f.path) == ("V3", "ERROR", "data/programme.yaml") and "定期" in f.message


def test_a_department_without_duties_is_warned_and_a_misspelled_key_is_v4(project):
    _, found = project({"departments.yaml": "- {id: yjj, name: 示範縣應急管理局, kind: department}\n"})
    [f] = found
    assert (f.rule, f.level) == ("V3", "WARNING") and "duties" in f.message
    _, found = project({"departments.yaml": "- {id: yjj, name: 甲, kind: department, duty: [blacklist]}\n"})
    assert any(f.rule == "V4" and f.is_error for f in found)
    _, found = project({"departments.yaml": "- {id: yjj, name: 甲, kind: department, duties: []}\n"})
    assert found == []


# -- holidays: a mistake never drops the year, never blames a record ------------------------------------

# yjj's decision of 09-16 is due 10-01, a holiday: with the calendar it is due 10-08 and on time.
ON_TIME_IN_OCTOBER = decision_yaml(decided="2026-09-16", published="2026-10-08")


@pytest.fixture
def project(project):
    """These cases are about D1 and the calendar: the law's D4 (test_d4.py) is off here."""

    def make(files, today=TODAY, rules=None, **config):
        config.setdefault("decision_law_level", "off")
        return project(files, today, rules, **config)

    return make


def holidays(text):
    return {"holidays/2026.yaml": text, REL: ON_TIME_IN_OCTOBER}


def test_a_date_of_another_year_is_v5_on_its_line_and_the_rest_of_the_year_is_used(project):
    text = (
        "year: 2026\nholidays:\n" + "".join(f"  - 2026-10-0{d}\n" for d in range(1, 8)) + "  - 2027-01-01\n"
    )
    ds, found = project(holidays(text))
    [f] = found
    assert (f.rule, f.path, f.line) == ("V5", "data/holidays/2026.yaml", 10) and "2027-01-01" in f.message
    assert ds.calendar.knows(D(2026, 10, 1)) and ds.calendar.is_rest_day(D(2026, 10, 1))
    assert D(2027, 1, 1) not in ds.calendar.holidays


def test_a_date_listed_as_holiday_and_workday_is_v2_and_counts_as_a_workday(project):
    text = HOLIDAYS.replace("workdays: [", "workdays: [2026-10-03, ")
    ds, found = project(holidays(text))
    v2 = [f for f in found if f.rule == "V2"]
    assert len(v2) == 1 and "2026-10-03" in v2[0].message and v2[0].line == 2
    assert not ds.calendar.is_rest_day(D(2026, 10, 3))
    # the decision's deadline now ends on 10-03: the D1 names the calendar as the cause
    [d1] = [f for f in found if f.rule == "D1"]
    assert "data/holidays/2026.yaml 有錯誤" in d1.message


def test_a_broken_calendar_file_is_named_as_the_cause_not_reported_as_missing(project):
    _, found = project(holidays("year: 2026\nholidays: [2026-10-01, 2026-10-02\n"))
    assert ("V1", "data/holidays/2026.yaml") in rules(found, "ERROR")
    assert not [f for f in found if f.rule == "H1"]  # the data is not missing: it is broken
    [d1] = [f for f in found if f.rule == "D1"]  # no extension without the data: stricter, and says why
    assert "應於 2026-10-01 前公示" in d1.message and "data/holidays/2026.yaml 有錯誤" in d1.message


def test_a_year_that_contradicts_the_file_name_uses_no_date(project):
    ds, found = project(holidays(HOLIDAYS.replace("year: 2026", "year: 2025")))
    assert [f.rule for f in found if f.path == "data/holidays/2026.yaml"] == ["V9"]
    assert not ds.calendar.knows(D(2026, 10, 1))
    assert "有錯誤" in next(f for f in found if f.rule == "D1").message


def test_duplicates_weekday_workdays_and_an_empty_year_are_warnings(project):
    text = "year: 2026\nholidays:\n  - 2026-10-01\n  - 2026-10-01\nworkdays: [2026-10-09]\n"
    _, found = project(holidays(text))
    assert sorted((f.rule, f.level, f.line) for f in found if f.path.startswith("data/holidays")) == [
        ("V10", "WARNING", 4),
        ("V5", "WARNING", 5),
    ]
    _, found = project(holidays("year: 2026\nholidays: []\n"))
    assert ("V3", "WARNING") in [(f.rule, f.level) for f in found]


def test_a_broken_year_marks_deadlines_counted_through_it():
    cal = WorkCalendar(years=frozenset({2026}), broken=frozenset({2027}))
    due = cal.after_days(D(2027, 3, 2), 15)
    assert due.doubtful_years == {2027} and due.missing_years == frozenset()
    assert cal.after_working_days(D(2026, 12, 30), 3).doubtful_years == {2027}
    assert cal.after_days(D(2026, 3, 2), 15).doubtful_years == frozenset()


# -- drafts in history are recognised as the loader recognises them -------------------------------------

BASE = decision_yaml(published=None)


@pytest.mark.parametrize(
    "text",
    [
        (BASE + "draft: true\n").replace("\n", "\r\n"),
        BASE + '"draft": true\n',
        BASE + "draft : yes  # 審核中\n",
        BASE + "draft: True\n",
        "{" + ", ".join(BASE.strip().splitlines()) + ", draft: true}\n",
        BASE + 'draft: "true"\n',  # the schema refuses it: never built, never published
        BASE + "draft: [\n",  # bad YAML: never built
        "\ufeff" + BASE,  # BOM: the loader refuses it
        "- a list\n",
        "",
    ],
)
def test_a_historic_version_counts_as_a_draft_whenever_the_loader_would_not_publish_it(text):
    assert "draft" in flags_of(text.encode("utf-8"))


@pytest.mark.parametrize("text", [BASE, BASE + "draft: false\n", BASE + "draft: no\n", BASE + "draft:\n"])
def test_a_historic_version_that_built_is_published(text):
    assert "draft" not in flags_of(text.encode())


def test_revoked_is_read_from_the_yaml_too():
    assert "revoked" in flags_of(b"{status: 'revoked', number: x}\r\n")
    assert "revoked" not in flags_of(b"status: in_force # revoked\n")


# -- git history ---------------------------------------------------------------------------------------


def git(repo, *args, when=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    write_project(tmp_path, {})
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "departments", when="2026-01-01T10:00:00+08:00")
    return tmp_path


def commit(repo, files, when, remove=()):
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    for rel in remove:
        (repo / rel).unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change", when=when)
    return git(repo, "rev-parse", "HEAD")


def check(repo, today=TODAY):
    return load_dataset(repo, Config(page_cache=False, decision_law_level="off"), today)


def test_a_crlf_draft_does_not_backdate_publication(repo):
    commit(repo, {PATH: (BASE + "draft: true\n").replace("\n", "\r\n")}, "2026-03-03T10:00:00+08:00")
    commit(repo, {PATH: BASE}, "2026-04-01T10:00:00+08:00")
    ds, found = check(repo)
    assert ds.publications[PATH].date == D(2026, 4, 1)
    [f] = found
    assert f.rule == "D1" and "實際公示 2026-04-01" in f.message


def test_a_version_that_did_not_parse_was_never_published(repo):
    commit(repo, {PATH: BASE + "facts: [\n"}, "2026-03-03T10:00:00+08:00")
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    ds, _ = check(repo)
    assert ds.history.get(PATH).first_published == D(2026, 3, 10)


def test_deleting_a_published_record_is_u1_with_its_url_commit_and_restore_command(repo):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    sha = commit(repo, {}, "2026-05-01T10:00:00+08:00", remove=[PATH])
    _, found = check(repo)
    [f] = found
    assert (f.rule, f.level, f.path) == ("U1", "ERROR", PATH)
    assert "/decisions/2026/yjj-2026-012/" in f.message and sha[:10] in f.message
    assert f"git checkout {sha[:10]}^ -- {PATH}" in f.message and "status: revoked" in f.message
    # the command restores it, and the build is green again
    git(repo, "checkout", f"{sha[:10]}^", "--", PATH)
    assert check(repo)[1] == []


def test_renaming_a_published_record_names_the_new_path(repo):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    git(repo, "mv", PATH, "data/decisions/2026/yjj-2026-112.yaml")
    _, found = check(repo)  # not committed yet: a pre-commit check already stops it
    [f] = [f for f in found if f.rule == "U1"]  # (and the record under its new name is new: D1)
    assert f.rule == "U1" and "尚未提交" in f.message
    assert f"git mv data/decisions/2026/yjj-2026-112.yaml {PATH}" in f.message
    commit(repo, {}, "2026-05-01T10:00:00+08:00")
    [f] = [f for f in check(repo)[1] if f.rule == "U1"]
    assert f.rule == "U1" and "被改名為 data/decisions/2026/yjj-2026-112.yaml（提交" in f.message


def test_deleting_in_the_working_tree_is_caught_before_the_commit(repo):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    (repo / PATH).unlink()
    [f] = check(repo)[1]
    assert f.rule == "U1" and f"git checkout HEAD -- {PATH}" in f.message


def test_a_published_record_turned_back_into_a_draft_is_u1(repo):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    commit(repo, {PATH: BASE + "draft: true\n"}, "2026-03-12T10:00:00+08:00")
    found = check(repo)[1]
    [f] = [f for f in found if f.rule == "U1"]
    assert "改回草稿" in f.message and "刪除 draft: true" in f.message


def test_what_never_had_a_url_may_go(repo):
    """A draft, a misplaced file that never built, a holiday file: deleting them takes no URL away."""
    commit(
        repo,
        {
            PATH: BASE + "draft: true\n",
            "data/decisions/2026/YJJ_13.yaml": decision_yaml(number="示應急罰〔2026〕13號"),
            "data/holidays/2027.yaml": HOLIDAYS.replace("2026", "2027"),
        },
        "2026-03-03T10:00:00+08:00",
    )
    commit(
        repo,
        {"data/decisions/2026/yjj-13.yaml": decision_yaml(number="示應急罰〔2026〕13號")},
        "2026-03-04T10:00:00+08:00",
        remove=[PATH, "data/decisions/2026/YJJ_13.yaml", "data/holidays/2027.yaml"],
    )
    assert not [f for f in check(repo)[1] if f.rule == "U1"]


def test_every_kind_with_a_page_is_protected(repo):
    commit(
        repo, {"data/warnings/2026-05.yaml": "month: 2026-05\ntitle: 五月警示\n"}, "2026-05-06T10:00:00+08:00"
    )
    commit(repo, {}, "2026-06-01T10:00:00+08:00", remove=["data/warnings/2026-05.yaml"])
    [f] = [f for f in check(repo)[1] if f.rule == "U1"]
    assert "/warnings/2026-05/" in f.message and "已公示的記錄不能刪除" in f.message


def test_history_is_still_read_with_one_git_log(repo, monkeypatch):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    commit(repo, {}, "2026-05-01T10:00:00+08:00", remove=[PATH])
    calls = []
    real = subprocess.run

    def spy(args, *a, **k):
        calls.append(args)
        return real(args, *a, **k)

    monkeypatch.setattr(subprocess, "run", spy)
    assert [f.rule for f in check(repo)[1]] == ["U1"]
    assert sum("log" in c for c in calls) == 1 and len(calls) <= 3


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def test_a_commit_dated_after_the_real_clock_is_g2(repo):
    future = dt.datetime.now(ZoneInfo("Asia/Shanghai")) + dt.timedelta(days=3)
    sha = commit(repo, {PATH: BASE}, _iso(future))
    found = check(repo, today=TODAY)  # "today" fixed in the past does not matter: the real clock does
    [f] = [f for f in found[1] if f.rule == "G2"]
    assert (f.level, f.path) == ("ERROR", PATH) and sha[:10] in f.message and "晚於實際時間" in f.message


def test_the_fixed_today_of_tests_never_makes_a_commit_future(repo):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    assert not [f for f in check(repo, today=D(2026, 3, 1))[1] if f.rule == "G2"]


def test_a_commit_older_than_the_one_before_counts_from_that_one(repo):
    commit(repo, {"data/holidays/2027.yaml": HOLIDAYS.replace("2026", "2027")}, "2026-04-10T10:00:00+08:00")
    commit(repo, {PATH: BASE}, "2026-03-05T10:00:00+08:00")  # backdated: would hide a D1
    ds, found = check(repo)
    assert ds.publications[PATH].date == D(2026, 4, 10)
    assert ("D1", "ERROR") in [(f.rule, f.level) for f in found]
    [g2] = [f for f in found if f.rule == "G2"]
    assert g2.level == "WARNING" and "2026-04-10" in g2.message


def test_read_history_takes_the_clock_it_is_given(repo):
    commit(repo, {PATH: BASE}, "2026-03-10T10:00:00+08:00")
    zone = ZoneInfo("Asia/Shanghai")
    early = dt.datetime(2026, 3, 9, 12, tzinfo=zone)
    history = gitdates.read_history(repo, "data", {}, now=early)
    assert [(c.future, c.files) for c in history.clock] == [(True, (PATH,))]
    later = dt.datetime(2026, 3, 10, 23, tzinfo=zone)
    assert gitdates.read_history(repo, "data", {}, now=later).clock == []


def test_the_demo_history_deletes_no_published_record_and_has_no_clock_problem():
    _, found = load_dataset(ROOT, Config(page_cache=False), TODAY)
    assert not [f for f in found if f.rule in ("U1", "G2")]
