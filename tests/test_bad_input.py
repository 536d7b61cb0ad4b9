"""Bad input gets a clear error, never a traceback and never silence — every case in one run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SITE

BAD = Path(__file__).parent / "fixtures" / "bad"
# case → (rule, line, a phrase the message must contain)
EXPECTED = {
    "malformed": ("V1", 3, "YAML 語法錯誤"),
    "tabs": ("V1", 3, "Tab"),
    "bom": ("V1", 1, "BOM"),
    "not-utf8": ("V1", 1, "UTF-8"),
    "empty": ("V1", 1, "空的"),
    "list": ("V2", 1, "應為映射"),
    "duplicate-keys": ("V10", 10, "department"),
    "unknown-key": ("V4", 3, "是否應為「decided」"),
    "wrong-type": ("V2", 9, "應為整數"),
    "impossible-date": ("V5", 3, "不是存在的日期"),
    "slash-date": ("V5", 3, "2026-03-02"),
    "huge": ("V13", 1, "檔案過大"),
    "symlink": ("V1", 1, "符號連結"),
    "nul-byte": ("V14", 9, "U+0000"),
    "datetime": ("V5", 3, "寫成 2026-03-02"),
    "alias": ("V13", 10, "別名"),
    "python-tag": ("V1", 9, "不支援 YAML 標籤 !!python/object/apply:os.system"),
    "second-document": ("V1", 10, "一個檔案只能有一條記錄"),
    "year-9999": ("V13", 10, "9999-01-01"),
    "rlo": ("V14", 9, "U+202E（從右至左覆寫）"),
    "fullwidth-number": ("V2", 1, "示應急罰〔2026〕48號"),
    "brackets": ("V13", 9, "巢狀"),
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(SITE, site)
    folder = site / "data" / "decisions" / "2026"
    for case in BAD.glob("*.yaml"):
        shutil.copy(case, folder / f"bad-{case.stem}.yaml")
    with open(folder / "bad-huge.yaml", "wb") as fh:  # 20 MB
        fh.write(b"facts: |\n" + b"  " + b"x" * (20 * 1024 * 1024) + b"\n")
    (folder / "bad-brackets.yaml").write_text(  # libyaml alone segfaults on this
        (BAD / "wrong-type.yaml").read_text(encoding="utf-8").split("penalties:")[0]
        + "penalties: "
        + "[" * 50_000
        + "]" * 50_000
        + "\n",
        encoding="utf-8",
    )
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("number: x\n", encoding="utf-8")
    (folder / "bad-symlink.yaml").symlink_to(outside)
    (site / "data" / "decisions" / "bad-misplaced.yaml").write_text("number: x\n", encoding="utf-8")
    return site


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": "2026-11-30"}


def test_invoke_check_reports_every_case_in_one_run(broken_site):
    result = subprocess.run(
        [sys.executable, "-m", "transparency", "check", "--root", str(broken_site)],
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for case, (rule, line, phrase) in EXPECTED.items():
        place = f"data/decisions/2026/bad-{case}.yaml:{line} "
        mine = [x for x in lines if place in x]
        assert mine, f"{case}: no line at {place}\n" + "\n".join(lines)
        assert mine[0].startswith(f"ERROR {rule} "), mine[0]
        assert phrase in mine[0], mine[0]
    assert any(x.startswith("ERROR V9 data/decisions/bad-misplaced.yaml:1 ") for x in lines)


def test_every_message_is_chinese_and_names_a_fix(broken_site):
    result = subprocess.run(
        [sys.executable, "-m", "transparency", "check", "--root", str(broken_site), "--json"],
        env=_env(),
        capture_output=True,
        text=True,
    )
    import json

    for f in json.loads(result.stdout):
        if f["path"].startswith("data/decisions/2026/bad-") and f["rule"].startswith("V"):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in f["message"]), f
            assert "修正" in f["message"], f


def test_build_fails_without_a_traceback_and_writes_nothing(broken_site):
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", str(ROOT / "pelicanconf.py"), "-o", "output"],
        cwd=broken_site,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "ERROR V1 data/decisions/2026/bad-tabs.yaml:3" in result.stderr
    assert not (broken_site / "output").exists()
