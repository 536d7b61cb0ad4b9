"""Publication dates from real temporary git repositories."""

import datetime as dt
import os
import subprocess

import pytest
from conftest import decision_yaml, write_project

from transparency.dataset import load_dataset
from transparency.settings import Config

D = dt.date
PATH = "data/decisions/2026/yjj-2026-012.yaml"


def git(repo, *args, when=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    write_project(tmp_path, {})
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "departments", when="2026-01-01T10:00:00+08:00")
    return tmp_path


def commit(repo, text, when, message="record"):
    path = repo / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", message, when=when)


TODAY = D(2026, 4, 30)


def check(repo, today=TODAY):
    # Dates against the county plan (D1); the law's 7 working days (D4) are tested in test_d4.py.
    return load_dataset(repo, Config(decision_law_level="off"), today)


def test_first_commit_date_is_the_publication_date(repo):
    commit(repo, decision_yaml(published=None), "2026-03-10T09:00:00+08:00")
    commit(repo, decision_yaml(published=None, violation="更正後的違法行為"), "2026-04-02T09:00:00+08:00")
    ds, found = check(repo)
    assert found == []
    pub = ds.publications[PATH]
    assert (pub.date, pub.source, pub.last_changed) == (D(2026, 3, 10), "git", D(2026, 4, 2))


def test_commit_late_in_the_utc_evening_is_the_next_day_in_shanghai(repo):
    commit(repo, decision_yaml(published=None), "2026-03-17T16:30:00+00:00")  # 00:30 on 03-18 in Shanghai
    ds, found = check(repo)
    assert ds.publications[PATH].date == D(2026, 3, 18)
    [f] = found
    assert f.rule == "D1" and "逾期 1 日" in f.message


def test_draft_commits_do_not_count_as_publication(repo):
    commit(repo, decision_yaml(published=None) + "draft: true\n", "2026-03-05T09:00:00+08:00")
    commit(repo, decision_yaml(published=None), "2026-03-16T09:00:00+08:00")
    ds, found = check(repo)
    assert ds.publications[PATH].date == D(2026, 3, 16)
    assert found == []


def test_uncommitted_record_counts_from_today(repo):
    (repo / PATH).parent.mkdir(parents=True)
    (repo / PATH).write_text(decision_yaml(published=None), encoding="utf-8")
    ds, _ = check(repo, today=D(2026, 3, 12))
    assert ds.publications[PATH].source == "today"


def test_merge_counts_from_when_it_reached_the_branch(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, decision_yaml(published=None), "2026-03-05T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    (repo / "notes.md").write_text("x")  # outside data/: a stray file there is V9
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "other work", when="2026-03-06T09:00:00+08:00")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "feature", when="2026-03-20T09:00:00+08:00")
    ds, found = check(repo)
    assert ds.publications[PATH].date == D(2026, 3, 20)
    [f] = found
    assert f.rule == "D1" and "逾期 3 日" in f.message


def test_explicit_published_wins_over_git(repo):
    commit(repo, decision_yaml(published="2026-03-09"), "2026-03-25T09:00:00+08:00")
    ds, found = check(repo)
    assert ds.publications[PATH].source == "explicit" and found == []
    assert ds.publications[PATH].first_seen == D(2026, 3, 25)


def test_shallow_clone_is_reported_not_treated_as_today(repo, tmp_path_factory):
    commit(repo, decision_yaml(published=None), "2026-03-10T09:00:00+08:00")
    commit(repo, decision_yaml(published=None, basis="改"), "2026-03-12T09:00:00+08:00")
    clone = tmp_path_factory.mktemp("shallow") / "c"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    _, found = check(clone)
    assert any(f.rule == "G1" and f.is_error and "淺克隆" in f.message for f in found)


def test_git_is_asked_once_for_the_whole_folder(repo, monkeypatch):
    commit(repo, decision_yaml(published=None), "2026-03-10T09:00:00+08:00")
    calls = []
    real = subprocess.run

    def spy(args, *a, **k):
        calls.append(args)
        return real(args, *a, **k)

    monkeypatch.setattr(subprocess, "run", spy)
    check(repo)
    assert sum("log" in c for c in calls) == 1


REVOKE = "status: revoked\nrevoked: {date: 2026-04-01, reason: 經行政復議撤銷}\n"


def test_withdrawal_dates_from_when_the_revoked_version_reached_the_branch(repo):
    commit(repo, decision_yaml(published=None), "2026-03-10T09:00:00+08:00")
    commit(repo, decision_yaml(published=None) + REVOKE, "2026-04-09T09:00:00+08:00")
    ds, found = check(repo)
    assert ds.withdrawals[PATH].date == D(2026, 4, 9) and ds.withdrawals[PATH].source == "git"
    [f] = found
    assert f.rule == "D3" and "應於 2026-04-06 前撤回公示" in f.message


def test_public_change_history(repo):
    commit(repo, decision_yaml(published=None) + "draft: true\n", "2026-03-05T09:00:00+08:00")
    commit(repo, decision_yaml(published=None), "2026-03-10T09:00:00+08:00")
    commit(repo, decision_yaml(published=None, basis="《安全生產法》第九十九條"), "2026-03-20T09:00:00+08:00")
    commit(
        repo,
        decision_yaml(published=None, basis="《安全生產法》第九十九條") + REVOKE,
        "2026-04-02T09:00:00+08:00",
    )
    ds, _ = check(repo)
    file = ds.history.get(PATH)
    assert file.changes == (
        (D(2026, 3, 10), "published"),
        (D(2026, 3, 20), "corrected"),
        (D(2026, 4, 2), "revoked"),
    )
    assert ds.publications[PATH].last_changed == D(2026, 4, 2)


def test_git_date_before_the_decision_date_is_a_mistake(repo):
    commit(repo, decision_yaml(published=None, decided="2026-03-20"), "2026-03-10T09:00:00+08:00")
    _, found = check(repo)
    [f] = found
    assert f.rule == "V5" and "取自git 提交日期" in f.message


def test_a_draft_in_a_flow_mapping_or_with_crlf_does_not_count_as_publication(repo):
    flow = "{" + ", ".join(decision_yaml(published=None).strip().splitlines()) + ", draft: true}\n"
    commit(repo, flow, "2026-03-05T09:00:00+08:00")
    commit(
        repo,
        (decision_yaml(published=None) + "draft: yes\n").replace("\n", "\r\n"),
        "2026-03-12T09:00:00+08:00",
    )
    commit(repo, decision_yaml(published=None), "2026-03-16T09:00:00+08:00")
    ds, found = check(repo)
    assert ds.publications[PATH].date == D(2026, 3, 16) and found == []
