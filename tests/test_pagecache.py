"""Rebuilds from the page cache give exactly the bytes of a cold build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SITE
from tools.sites import build_with


def build(site: Path, cache: bool) -> Path:
    result = build_with(site, f"TRANSPARENCY['page_cache'] = {cache}")
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


def test_recycled_rebuilds_equal_cold_builds(tmp_path):
    """From the third build on, the site before last is recycled: still exactly a cold build's bytes."""
    cached, cold = tmp_path / "cached", tmp_path / "cold"
    shutil.copytree(SITE, cached)
    build(cached, cache=True)
    build(cached, cache=True)
    assert (tmp_path / "cached" / ".spare-output").is_dir()

    def both(change) -> None:
        change(cached)
        got = tree(build(cached, cache=True))
        shutil.rmtree(cold, ignore_errors=True)
        shutil.copytree(
            cached, cold, ignore=shutil.ignore_patterns(".cache", "output", ".spare-*", ".manifest-*")
        )
        assert got == tree(build(cold, cache=False))

    def edit(site: Path) -> None:
        path = site / "data/decisions/2026/yjj-2026-001.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("以上事實", "以上事實（已更正）"), encoding="utf-8"
        )

    def remove(site: Path) -> None:
        (site / "data/decisions/2026/yjj-2026-002.yaml").unlink()

    def page(site: Path) -> None:
        about = next((site / "content" / "pages").glob("*.md"))
        about.write_text(about.read_text(encoding="utf-8") + "\n補充一句。\n", encoding="utf-8")

    for change in (edit, remove, page, lambda site: None):
        both(change)
    assert not (cached / "output" / "decisions/2026/yjj-2026-002/index.html").exists()
    assert not (cached / "output" / "decisions/2026/yjj-2026-002").exists()


def test_cache_keeps_only_what_the_sites_use(tmp_path):
    """Entries no longer linked into output/ or the spare site are dropped: the cache cannot grow forever."""
    from transparency import pagecache

    site = tmp_path / "cached"
    shutil.copytree(SITE, site)
    record = site / "data/decisions/2026/yjj-2026-001.yaml"
    build(site, cache=True)
    record.write_text(
        record.read_text(encoding="utf-8").replace("以上事實", "以上事實（版本一）"), encoding="utf-8"
    )
    build(site, cache=True)
    record.write_text(
        record.read_text(encoding="utf-8").replace("（版本一）", "（版本二）"), encoding="utf-8"
    )
    build(site, cache=True)
    build(site, cache=True)  # output/ and the spare both hold version two now
    cache = site / ".cache"
    pagecache.prune(cache / "pages", background=False)
    entries = [p for p in (cache / "pages").rglob("*") if p.is_file()]
    texts = [p.read_bytes() for p in entries]  # pages, and binary files such as the upload XLSX
    assert any("以上事實（版本二）".encode() in t for t in texts)
    assert not any("（版本一）".encode() in t for t in texts)
    assert all(p.stat().st_nlink >= 2 for p in entries)


def _build_seeded(site: Path, seed: str, extra: str = "", today: str = "2026-11-30") -> str:
    """Build in a fresh process with this hash seed; returns the build's page-cache line."""
    import os
    import subprocess
    import sys

    from tools.sites import ROOT, settings_file

    conf = settings_file(
        site.parent, "TRANSPARENCY['pagefind'] = False\n" + extra, name=f"{site.name}-conf.py"
    )
    env = {
        **os.environ,
        "TRANSPARENCY_TODAY": today,
        "PYTHONPATH": str(ROOT / "plugins"),
        "PYTHONHASHSEED": seed,
    }
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", str(conf), "-o", "output"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next((line for line in result.stderr.splitlines() if line.startswith("頁面：")), "")


def test_an_unchanged_rebuild_in_a_fresh_process_with_another_hash_seed_hits_every_page(tmp_path):
    """Keys do not depend on the hash seed (the holiday calendar's sets made every key differ)."""
    import re

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    assert any((site / "data" / "holidays").glob("*.yaml"))  # shaped like the real data
    _build_seeded(site, "1")
    shutil.rmtree(site / ".spare-output", ignore_errors=True)  # measure the cache, not the recycled site
    line = _build_seeded(site, "2")
    fresh, hits = map(int, re.findall(r"(\d+) 頁(?:新生成|取自快取)", line))
    assert hits > 0 and fresh <= 0.01 * (fresh + hits), line


def test_each_input_changed_in_turn_gives_a_cold_builds_bytes(tmp_path):
    """A setting, a template, a UI string, one record and today: each change reaches every page it touches."""
    from tools.sites import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    cached = tmp_path / "cached"
    shutil.copytree(SITE, cached)
    settings = {"extra": f'THEME = "{theme}"\n', "today": "2026-11-30"}

    def build_both() -> None:
        # One fixed seed for the cached builds: the cache must be wrong for the right reason, not miss.
        _build_seeded(cached, "0", settings["extra"], settings["today"])
        cold = tmp_path / "cold"
        shutil.rmtree(cold, ignore_errors=True)
        shutil.copytree(
            cached, cold, ignore=shutil.ignore_patterns(".cache", "output", ".spare-*", ".manifest-*")
        )
        _build_seeded(
            cold, "random", settings["extra"] + "TRANSPARENCY['page_cache'] = False\n", settings["today"]
        )
        assert tree(cached / "output") == tree(cold / "output")

    def setting() -> None:
        settings["extra"] += 'SITENAME = "示範縣執法公示（新名稱）"\n'

    def template() -> None:
        base = theme / "templates" / "base.html"
        base.write_text(
            base.read_text(encoding="utf-8").replace("</main>", "<p>模板已改</p></main>"), "utf-8"
        )

    def ui_string() -> None:
        strings = theme / "strings.yaml"
        text = strings.read_text(encoding="utf-8")
        key = next(line for line in text.splitlines() if line.startswith("sitemap:"))
        strings.write_text(text.replace(key, "sitemap: 網站導覽（已改）"), encoding="utf-8")

    def record() -> None:
        path = cached / "data/decisions/2026/yjj-2026-001.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("以上事實", "以上事實（已更正）"), "utf-8")

    def today() -> None:
        settings["today"] = "2026-12-01"

    build_both()
    for change, visible in (
        (setting, "示範縣執法公示（新名稱）"),
        (template, "模板已改"),
        (ui_string, "網站導覽（已改）"),
        (record, "以上事實（已更正）"),
        (today, "2026-12-01"),
    ):
        change()
        build_both()
        assert visible in (
            cached / "output" / "decisions" / "2026" / "yjj-2026-001" / "index.html"
        ).read_text(encoding="utf-8"), change.__name__
