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


def _build_seeded(
    site: Path, seed: str, extra: str = "", today: str = "2026-11-30", plugins: Path | None = None
) -> str:
    """Build in a fresh process with this hash seed (and the plugin in `plugins`, if given); returns the
    build's page-cache line."""
    import os
    import subprocess
    import sys

    from tools.sites import ROOT, settings_file

    plugins = plugins or ROOT / "plugins"
    conf = settings_file(
        site.parent,
        f"TRANSPARENCY['pagefind'] = False\nPLUGIN_PATHS = [{str(plugins)!r}]\n" + extra,
        name=f"{site.name}-conf.py",
    )
    env = {
        **os.environ,
        "TRANSPARENCY_TODAY": today,
        "PYTHONPATH": str(plugins),
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
    """A setting, a template, a UI string, plugin code, one record and today: each change reaches every page
    it touches."""
    from tools.sites import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__"))
    cached = tmp_path / "cached"
    shutil.copytree(SITE, cached)
    settings = {"extra": f'THEME = "{theme}"\n', "today": "2026-11-30"}

    def build_both() -> None:
        # One fixed seed for the cached builds: the cache must be wrong for the right reason, not miss.
        _build_seeded(cached, "0", settings["extra"], settings["today"], plugins)
        cold = tmp_path / "cold"
        shutil.rmtree(cold, ignore_errors=True)
        shutil.copytree(
            cached, cold, ignore=shutil.ignore_patterns(".cache", "output", ".spare-*", ".manifest-*")
        )
        _build_seeded(
            cold,
            "random",
            settings["extra"] + "TRANSPARENCY['page_cache'] = False\n",
            settings["today"],
            plugins,
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

    def code() -> None:
        generator = plugins / "transparency" / "generator.py"
        text = generator.read_text(encoding="utf-8")
        generator.write_text(text.replace('"最新處罰決定"),', '"最新處罰決定（代碼已改）"),', 1), "utf-8")

    def record() -> None:
        path = cached / "data/decisions/2026/yjj-2026-001.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("以上事實", "以上事實（已更正）"), "utf-8")

    def today() -> None:
        settings["today"] = "2026-12-01"

    build_both()
    decision = "decisions/2026/yjj-2026-001/index.html"
    for change, visible, page in (
        (setting, "示範縣執法公示（新名稱）", decision),
        (template, "模板已改", decision),
        (ui_string, "網站導覽（已改）", decision),
        (code, "最新處罰決定（代碼已改）", decision),
        (record, "以上事實（已更正）", decision),
        (today, "2026-12-01", "index.html"),  # 資料更新至: on home, lists of today, /compliance/, /data/
    ):
        change()
        build_both()
        assert visible in (cached / "output" / page).read_text(encoding="utf-8"), change.__name__


def _pages_line(line: str) -> tuple[int, int]:
    """(rendered, total) from 「頁面：N 頁新生成，M 頁取自快取，K 頁未變無需寫入」."""
    import re

    fresh, hits, kept = map(int, re.findall(r"(\d+) 頁", line))
    return fresh, fresh + hits + kept


def test_a_new_day_re_renders_only_the_pages_that_show_today(tmp_path):
    """The demo (its git history dates the records) on day D, then D+1 with the warm cache: only the pages
    that show today re-render (home, /blacklist/, /compliance/, /data/: 資料更新至), and the site equals a
    cold build of D+1. A later day with takedowns and expired listings also equals a cold build."""
    import subprocess

    from tools.sites import ROOT

    warm = tmp_path / "warm"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(warm)], check=True)
    assert (warm / "data" / "decisions").is_dir()

    def cold(day: str) -> dict[str, bytes]:
        site = tmp_path / f"cold-{day}"
        shutil.copytree(
            warm, site, ignore=shutil.ignore_patterns(".cache", "output", ".spare-*", ".manifest-*")
        )
        _build_seeded(site, "random", "TRANSPARENCY['page_cache'] = False\n", day)
        return tree(site / "output")

    _build_seeded(warm, "1", today="2026-11-30")
    fresh, total = _pages_line(_build_seeded(warm, "2", today="2026-12-01"))
    # Four pages show today (home, /blacklist/, /compliance/, /data/); 10 % of the demo's ~290 pages
    # leaves room for a list page or two, while re-rendering every page (the old key) is far above it.
    assert 0 < fresh < 0.1 * total, (fresh, total)
    assert tree(warm / "output") == cold("2026-12-01")
    page = (warm / "output" / "index.html").read_text(encoding="utf-8")
    assert "資料更新至 2026-12-01" in page
    decision = next((warm / "output" / "decisions").glob("2026/*/index.html")).read_text(encoding="utf-8")
    assert "資料更新至" not in decision
    # Months later: decisions taken down, listings over, verdicts changed; still a cold build's bytes.
    fresh, total = _pages_line(_build_seeded(warm, "3", today="2027-05-01"))
    assert fresh < total
    assert tree(warm / "output") == cold("2027-05-01")


def test_a_template_using_today_where_its_page_key_does_not_hold_it_fails(tmp_path):
    """A page not given today (an accident's) whose template reads it, or a today-derived list of the
    dataset, would go stale the next day: the build fails and names the page and the fix."""
    from tools.sites import ROOT

    for use in ("{{ iso(today) }}", "{{ ds.published_decisions|length }}"):
        theme = tmp_path / "theme"
        shutil.rmtree(theme, ignore_errors=True)
        shutil.copytree(ROOT / "theme", theme)
        accident = theme / "templates" / "accident.html"
        text = accident.read_text(encoding="utf-8")
        accident.write_text(text.replace("{% endblock %}", use + "{% endblock %}", 1), encoding="utf-8")
        site = tmp_path / "site"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(SITE, site)
        result = build_with(site, f'THEME = "{theme}"\nTRANSPARENCY["pagefind"] = False\n')
        assert result.returncode != 0, use
        assert "的模板用了" in result.stderr and "accidents/" in result.stderr, result.stderr[-2000:]
        assert not (site / "output").exists()
