"""`invoke check` / `python -m transparency check`: one line per finding, exit codes, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, decision_yaml, write_project


def run_check(root, *args, today="2026-11-30"):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": today}
    return subprocess.run(
        [sys.executable, "-m", "transparency", "check", "--root", str(root), *args],
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def broken(tmp_path):
    return write_project(
        tmp_path,
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(published="2026-03-20"),
            "decisions/2026/yjj-2026-013.yaml": decision_yaml(
                number="示應急罰〔2026〕13號", decidd="2026-03-01"
            ),
            "decisions/2026/yjj-2026-014.yaml": "number: [\n",
        },
    )


def test_every_problem_in_one_run_one_line_each(broken):
    result = run_check(broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["ERROR", "D1"], ["ERROR", "V4"], ["ERROR", "V1"]]
    assert lines[0].startswith(
        "ERROR D1 data/decisions/2026/yjj-2026-012.yaml:3 示應急罰〔2026〕12號 公示逾期 3 日"
    )
    assert "共 3 個錯誤" in result.stderr


def test_json_output_for_machines(broken):
    result = run_check(broken, "--json")
    found = json.loads(result.stdout)
    assert {f["rule"] for f in found} == {"D1", "V1", "V4"}
    assert all({"path", "line", "level", "message", "record"} <= f.keys() for f in found)


def test_a_single_rule_can_run_on_its_own(broken):
    result = run_check(broken, "--rule", "D2")
    assert "D1" not in result.stdout and "V1" in result.stdout


def test_unknown_setting_is_reported(tmp_path):
    write_project(tmp_path, {})
    (tmp_path / "pelicanconf.py").write_text('TRANSPARENCY = {"decision_window_day": 20}\n')
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "S1" in result.stdout and "decision_window_days" in result.stdout


def test_demo_data_is_green_today_and_in_years_to_come():
    for today in (None, "2027-06-30", "2031-01-01"):
        result = run_check(ROOT, today=today or "")
        assert result.returncode == 0, result.stdout
        assert "ERROR" not in result.stdout


def test_demo_site_builds(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    env.pop("TRANSPARENCY_TODAY", None)
    cmd = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(tmp_path / "out")]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out" / "decisions").rglob("index.html"))) > 64
    assert (tmp_path / "out" / "pagefind" / "pagefind.js").exists()
