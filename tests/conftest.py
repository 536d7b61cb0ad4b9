"""Shared fixtures: tiny projects on disk, and one built site per session."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from transparency.dataset import load_dataset
from transparency.settings import Config

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site"
CASES = FIXTURES / "cases"
TODAY = dt.date(2026, 11, 30)

DEPARTMENTS = """\
- id: yjj
  name: 示範縣應急管理局
  kind: department
  credit_code: 11439900MB9900101X
  duties: [decisions]
- id: cgz
  name: 示範縣城關鎮人民政府
  kind: township
  credit_code: 11439900MB990070XN
  duties: [decisions]
"""

HOLIDAYS = """\
year: 2026
holidays: [2026-10-01, 2026-10-02, 2026-10-03, 2026-10-04, 2026-10-05, 2026-10-06, 2026-10-07]
workdays: [2026-09-20, 2026-10-10]
"""


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write a data folder: `files` maps paths under data/ to their text."""
    files = {"departments.yaml": DEPARTMENTS, "holidays/2026.yaml": HOLIDAYS, **files}
    for rel, text in files.items():
        path = root / "data" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def decision_yaml(**overrides: str) -> str:
    """A valid decision; each override replaces one top-level line (value as YAML text)."""
    fields = {
        "number": "示應急罰〔2026〕12號",
        "department": "yjj",
        "decided": "2026-03-02",
        "published": "2026-03-09",
        "party": "{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}",
        "violation": "未按規定對重大危險源進行安全評估",
        "facts": "經查，……",
        "basis": "《中華人民共和國安全生產法》第一百零一條",
        "penalties": "[{type: fine, amount: 50000}]",
    }
    fields.update(overrides)
    return "".join(f"{k}: {v}\n" for k, v in fields.items() if v is not None)


@pytest.fixture
def project(tmp_path):
    """A factory: project({'decisions/2026/x.yaml': text}) → (dataset, findings)."""

    def make(files: dict[str, str], today: dt.date = TODAY, rules: set[str] | None = None, **config):
        root = write_project(tmp_path, files)
        return load_dataset(root, Config(use_git=False, **config), today, rules)

    return make


def build_site(source: Path, dest: Path, today: str = "2026-11-30") -> Path:
    """Copy a fixture site and build it with the project's settings, in a subprocess."""
    shutil.copytree(source, dest)
    return build_in(dest, today)


def build_in(dest: Path, today: str = "2026-11-30") -> Path:
    """Build the site whose data/ and content/ are in `dest` (a copy of a fixture site), in a subprocess."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "TRANSPARENCY_TODAY": today,
        "PYTHONPATH": str(ROOT / "plugins"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(dest / "content"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(dest / "output"),
        ],
        cwd=dest,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stdout}\n{result.stderr}")
    return dest / "output"


def build_demo(dest: Path, today: str = "2026-11-30") -> Path:
    """The repository's own demo site (data/ and content/), built into `dest`."""
    import subprocess
    import sys

    env = {**os.environ, "TRANSPARENCY_TODAY": today, "PYTHONPATH": str(ROOT / "plugins")}
    cmd = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(dest)]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"demo build failed:\n{result.stderr}")
    return dest


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site of 示範縣, built once per session with today fixed."""
    return build_demo(tmp_path_factory.mktemp("demo") / "output")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture site of tests/fixtures/site, built once per session."""
    return build_site(SITE, tmp_path_factory.mktemp("built") / "site")


def git(repo: Path, *args: str, when: str | None = None) -> None:
    """Run git in `repo` as a test author, with author and committer dated `when` if given."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
