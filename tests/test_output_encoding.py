"""Command output is never garbled: `invoke check` piped many times gives intact UTF-8, line by line.

invoke's `c.run` decoded a child's output in 1000-byte chunks, so a Chinese character split across two
chunks became U+FFFD (「示應急罰���2026〕24號」), and the summary (stderr) was glued onto a finding.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, decision_yaml, write_project

RUNS = 12


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    """A project whose 150 records each have a long Chinese finding: ~25 kB of output, 3-byte characters."""
    root = tmp_path_factory.mktemp("noisy")
    files = {
        f"decisions/2026/yjj-2026-{i:03d}.yaml": decision_yaml(
            number=f"示應急罰〔2026〕{i}號",
            違法行為補充說明欄位為未經核准的字段名稱="該公司未按照規定對重大危險源進行安全評估",
        )
        for i in range(1, 151)
    }
    write_project(root, files)
    shutil.copy(ROOT / "tasks.py", root / "tasks.py")  # ROOT in tasks.py is then this project
    return root


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": "2026-11-30"}


def test_piped_invoke_check_is_intact_utf8_every_time(noisy):
    direct = subprocess.run(
        [sys.executable, "-m", "transparency", "check", "--root", str(noisy)],
        env=_env(),
        capture_output=True,
    )
    findings = direct.stdout.decode("utf-8").splitlines()
    summary = direct.stderr.decode("utf-8").strip()
    assert len(findings) == 150 and all("違法行為補充說明" in line for line in findings)
    assert len(direct.stdout) > 20_000  # crosses the 1000-byte boundaries many times
    for _ in range(RUNS):
        piped = subprocess.run(
            [sys.executable, "-m", "invoke", "check"],
            cwd=noisy,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # one pipe, as in `invoke check 2>&1 | less` or a CI log
        )
        assert piped.returncode == 1
        text = piped.stdout.decode("utf-8")  # strict: raises on a broken character
        assert "\ufffd" not in text
        lines = text.splitlines()
        assert lines[:-1] == findings  # every finding line intact and in order
        assert lines[-1] == summary  # the summary last, on its own line


def test_separate_streams_keep_the_exit_code_and_the_bytes(noisy):
    piped = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=noisy, env=_env(), capture_output=True
    )
    assert piped.returncode == 1
    assert piped.stdout.decode("utf-8").count("\n") == 150 and "\ufffd" not in piped.stdout.decode("utf-8")
    assert piped.stderr.decode("utf-8").startswith("共 150 個錯誤")
