"""`invoke check` / `python -m transparency check`: one line per finding, exit codes, JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SITE, decision_yaml, write_project


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
    assert [line.split()[:2] for line in lines] == [
        ["ERROR", "D1"],
        ["ERROR", "V4"],
        ["ERROR", "V1"],
        ["WARNING", "D4"],  # 安全生產法's 7 working days: a warning by default
    ]
    assert lines[0].startswith(
        "ERROR D1 data/decisions/2026/yjj-2026-012.yaml:3 示應急罰〔2026〕12號 公示逾期 3 日"
    )
    assert "共 3 個錯誤" in result.stderr


def test_json_output_for_machines(broken):
    result = run_check(broken, "--json")
    found = json.loads(result.stdout)
    assert {f["rule"] for f in found} == {"D1", "D4", "V1", "V4"}
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


# -- the command line in Chinese, and no publishing without a public address (issue 18, item 2) --


def _env_without_siteurl(**more):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": "2026-11-30", **more}
    if "SITEURL" not in more:
        env.pop("SITEURL", None)
    return env


def test_invoke_list_describes_every_task_in_chinese():
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True, env=_env_without_siteurl()
    )
    assert result.returncode == 0
    # "  name   description" (a long description continues on lines indented further)
    rows = re.findall(r"^  (\S+) +(.+)$", result.stdout.decode("utf-8"), re.MULTILINE)
    assert len(rows) >= 15 and {"check", "new", "deadlines", "import", "serve", "publish"} <= {
        r[0] for r in rows
    }
    for name, description in rows:
        assert re.search(r"[\u4e00-\u9fff]", description), f"{name}: {description}"


@pytest.mark.parametrize(
    "siteurl, why",
    [
        (None, "現在未設定"),
        ("http://localhost:8000", "只能在本機打開"),
        ("yjj.gov.cn", "不是以 https:// 開頭"),
    ],
)
def test_invoke_publish_refuses_without_a_public_address(siteurl, why, tmp_path):
    env = _env_without_siteurl(**({"SITEURL": siteurl} if siteurl else {}))
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--target", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        env=env,
    )
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert stderr.startswith("錯誤：發布需要網站的公開地址（SITEURL）") and why in stderr
    assert "修正：在命令前寫上公開地址，如 SITEURL=https://" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "site").exists()


def test_plain_pelican_with_publishconf_refuses_without_a_public_address(tmp_path):
    shutil.copytree(SITE, tmp_path / "site")
    out = tmp_path / "site" / "output"
    content = str(tmp_path / "site" / "content")
    cmd = [sys.executable, "-m", "pelican", content, "-s", "publishconf.py", "-o", str(out)]
    for siteurl in ("", "http://127.0.0.1:8000/"):
        env = _env_without_siteurl(SITEURL=siteurl)
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, env=env)  # as staff type it
        stderr = result.stderr.decode("utf-8")
        assert result.returncode == 2, stderr
        assert "發布需要網站的公開地址（SITEURL）" in stderr and "Traceback" not in stderr
        assert not out.exists()


def test_public_address_check():
    from transparency import public_address_problem

    assert public_address_problem("https://yjj.example.gov.cn") is None
    assert (
        public_address_problem("http://10.1.2.3/gongshi/") is None
    )  # an intranet address is still public to staff
    for bad in (
        "",
        "  ",
        "localhost:8000",
        "http://localhost:8000/",
        "https://127.0.0.1",
        "http://[::1]:8000",
        "ftp://x",
    ):
        assert public_address_problem(bad), bad


def test_the_build_ends_with_a_chinese_summary_not_pelicans_article_count(tmp_path):
    from transparency import variants
    from transparency.dataset import load_dataset
    from transparency.settings import Config

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    out = site / "output"
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(site / "content"),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-o",
        str(out),
    ]
    result = subprocess.run(cmd, cwd=site, capture_output=True, env=_env_without_siteurl())
    assert result.returncode == 0, result.stderr.decode("utf-8")
    text = result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
    assert "Done: Processed" not in text and "articles" not in text
    [line] = [ln for ln in result.stdout.decode("utf-8").splitlines() if ln.startswith("已生成網站")]
    ds, _ = load_dataset(site, Config(use_git=False), dt.date(2026, 11, 30))
    published = sum(1 for d in ds.decisions if not d.draft)
    assert line.startswith(
        f"已生成網站：處罰決定 {published} 件、黑名單 {sum(not b.draft for b in ds.blacklists)} 份"
    )
    pages = [p for p in out.rglob("*.html") if p.relative_to(out).parts[0] + "/" not in variants.VARIANT_DIRS]
    assert f"；共 {len(pages)} 個頁面" in line
    assert re.search(r"，用時 \d+\.\d\d 秒。$", line)
