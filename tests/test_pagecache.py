"""Rebuilds from the page cache give exactly the bytes of a cold build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SITE
from tools.sites import settings_file


def build(site: Path, cache: bool) -> Path:
    conf = settings_file(site, f"TRANSPARENCY['page_cache'] = {cache}")
    env = {**os.environ, "TRANSPARENCY_TODAY": "2026-11-30", "PYTHONPATH": str(ROOT / "plugins")}
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", str(conf), "-o", "output"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site / "output"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_cached_rebuilds_equal_cold_builds(tmp_path):
    cached, cold = tmp_path / "cached", tmp_path / "cold"
    shutil.copytree(SITE, cached)
    first = tree(build(cached, cache=True))
    assert any((cached / ".cache" / "pages").rglob("*.html"))
    assert tree(build(cached, cache=True)) == first  # nothing changed: every page from the cache
    record = "data/decisions/2026/yjj-2026-001.yaml"
    path = cached / record
    path.write_text(
        path.read_text(encoding="utf-8").replace("以上事實", "以上事實（已更正）"), encoding="utf-8"
    )
    after = tree(build(cached, cache=True))
    assert after != first
    shutil.copytree(SITE, cold)
    (cold / record).write_text((cached / record).read_text(encoding="utf-8"), encoding="utf-8")
    assert after == tree(build(cold, cache=False))
    page = after["decisions/2026/yjj-2026-001/index.html"].decode()
    assert "以上事實（已更正）" in page
    assert "以上事实（已更正）" in after["zh-hans/decisions/2026/yjj-2026-001/index.html"].decode()
