"""Messages in the script staff read: Traditional as written, Simplified with mainland words on request."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, decision_yaml, write_project

from transparency.speech import simplified


def _check(root, script: str | None) -> str:
    settings = 'TRANSPARENCY = {"data_path": "data"}\n'
    if script:
        settings = f'TRANSPARENCY = {{"data_path": "data", "messages_script": "{script}"}}\n'
    (root / "pelicanconf.py").write_text(settings, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": "2026-11-30"}
    result = subprocess.run(
        [sys.executable, "-m", "transparency", "check", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


def test_simplified_uses_mainland_words():
    assert simplified("檔案過大；修正：匯入前檢查欄位") == "文件过大；修正：导入前检查字段"


def test_check_speaks_simplified_when_asked_and_traditional_by_default(tmp_path):
    bad = decision_yaml(decided="2026/03/02")
    root = write_project(tmp_path / "p", {"decisions/2026/yjj-2026-012.yaml": bad})
    traditional = _check(root, None)
    assert "共 1 個錯誤" in traditional and "應為日期" in traditional
    hans = _check(root, "zh-Hans")
    assert "共 1 个错误" in hans and "应为日期" in hans and "個" not in hans
    assert "ERROR S1" in _check(root, "zh-CN")
