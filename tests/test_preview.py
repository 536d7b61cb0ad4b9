"""Preview builds (invoke serve --drafts): drafts rendered and marked, never in output/ or the production build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, decision_yaml

DRAFT = "decisions/2026/yjj-2026-009.yaml"
DRAFT_PAGE = "decisions/2026/yjj-2026-009/index.html"
WITHDRAWN = "decisions/2026/yjj-2026-008.yaml"
BANNER = "草稿預覽：尚未公示，不會發布"


def pelican(site: Path, settings: str, out: Path | None, **env) -> subprocess.CompletedProcess:
    environ = {
        **os.environ,
        "TRANSPARENCY_TODAY": "2026-11-30",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
        **env,
    }
    cmd = [sys.executable, "-m", "pelican", str(site / "content"), "-s", str(ROOT / settings)]
    if out is not None:
        cmd += ["-o", str(out)]
    return subprocess.run(cmd, cwd=site, env=environ, capture_output=True, text=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site with one draft decision added (due later, so no finding)."""
    root = tmp_path_factory.mktemp("preview") / "site"
    shutil.copytree(SITE, root)
    text = decision_yaml(number="示應急罰〔2026〕9號", decided="2026-11-25", published=None, draft="true")
    (root / "data" / DRAFT).write_text(text, encoding="utf-8")
    # Revoked, `withdrawn` left out, withdrawn late with its reason inside `revoked` (issue 18, item 7).
    revoked = decision_yaml(number="示應急罰〔2026〕8號", decided="2026-11-02", published="2026-11-05")
    revoked += "status: revoked\nrevoked: {date: 2026-11-20, reason: 經行政復議撤銷, late: {reason: 復議決定書送達延誤}}\n"
    (root / "data" / WITHDRAWN).write_text(revoked, encoding="utf-8")
    # A draft quarterly list (2026-Q3 is outside any programme here: a draft of it is no B1 error).
    q3 = root / "data" / "blacklists" / "2026-q3"
    q3.mkdir()
    (q3 / "yjj.yaml").write_text(
        "quarter: 2026-Q3\ndepartment: yjj\ndraft: true\nentries: []\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def builds(site) -> tuple[Path, Path]:
    normal = pelican(site, "pelicanconf.py", site / "output")
    assert normal.returncode == 0, normal.stderr
    preview = pelican(site, "previewconf.py", site / "preview")
    assert preview.returncode == 0, preview.stderr
    return site / "output", site / "preview"


def test_draft_is_absent_from_the_normal_build(builds):
    output, _ = builds
    assert not (output / DRAFT_PAGE).exists()
    assert "〔2026〕9號" not in (output / "decisions/index.html").read_text(encoding="utf-8")
    assert BANNER not in (output / "index.html").read_text(encoding="utf-8")


def test_draft_is_rendered_with_the_banner_in_the_preview(builds):
    _, preview = builds
    page = BeautifulSoup((preview / DRAFT_PAGE).read_text(encoding="utf-8"), "lxml")
    assert page.h1.get_text(strip=True) == "示應急罰〔2026〕9號"
    assert page.find("div", class_="notice-draft").get_text(strip=True) == BANNER
    assert "（）" not in page.get_text()  # the publication date says where it comes from
    # A published decision's page in the same preview has no draft banner, only the site-wide note.
    other = BeautifulSoup(
        (preview / "decisions/2026/yjj-2026-001/index.html").read_text(encoding="utf-8"), "lxml"
    )
    assert other.find("div", class_="notice-draft") is None
    assert other.find("div", class_="notice-preview") is not None


def test_draft_blacklist_is_previewed_with_the_banner(builds):
    output, preview = builds
    assert not (output / "blacklist/2026-q3/index.html").exists()
    page = BeautifulSoup((preview / "blacklist/2026-q3/index.html").read_text(encoding="utf-8"), "lxml")
    assert page.find("div", class_="notice-draft").get_text(strip=True) == BANNER


def test_draft_is_marked_in_the_list(builds):
    _, preview = builds
    page = BeautifulSoup((preview / "decisions/index.html").read_text(encoding="utf-8"), "lxml")
    rows = {r.th.a.get_text(strip=True): r.th for r in page.find("table", class_="records").tbody("tr")}
    assert "草稿" in rows["示應急罰〔2026〕9號"].get_text()
    assert "草稿" not in rows["示應急罰〔2026〕1號"].get_text()


def test_preview_refuses_to_write_into_output(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("preview", ".cache"))
    before = sorted(p.relative_to(copy) for p in (copy / "output").rglob("*"))
    result = pelican(copy, "previewconf.py", copy / "output")
    assert result.returncode != 0
    assert "草稿預覽不能寫入 output/" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(copy) for p in (copy / "output").rglob("*")) == before
    assert not (copy / "output" / DRAFT_PAGE).exists()


def test_settings_files_keep_drafts_out_of_production():
    ns: dict = {}
    cwd = os.getcwd()
    sys.path.insert(0, str(ROOT))
    try:
        os.chdir(ROOT)
        exec((ROOT / "publishconf.py").read_text(encoding="utf-8"), ns)
        preview: dict = {}
        exec((ROOT / "previewconf.py").read_text(encoding="utf-8"), preview)
    finally:
        os.chdir(cwd)
        sys.path.remove(str(ROOT))
    assert ns["TRANSPARENCY"].get("preview_drafts") is False and ns["OUTPUT_PATH"] == "output"
    assert preview["TRANSPARENCY"]["preview_drafts"] is True and preview["OUTPUT_PATH"] == "preview"
    assert "/preview/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_withdrawal_notice_shows_the_date_and_the_late_reason(builds):
    output, _ = builds
    page = BeautifulSoup(
        (output / "decisions/2026/yjj-2026-008/index.html").read_text(encoding="utf-8"), "lxml"
    )
    assert page.h1.get_text(strip=True) == "行政處罰決定書已撤回公示"
    fields = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in page("dt")}
    # not in git: the day of this build, and the page says so
    assert fields["撤回公示日期"] == "2026-11-30（尚未提交到本站，暫以今天計）"
    assert fields["撤回逾期原因"] == "復議決定書送達延誤"
