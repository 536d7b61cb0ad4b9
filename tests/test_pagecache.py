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
    texts = [p.read_text(encoding="utf-8") for p in entries]
    assert any("以上事實（版本二）" in t for t in texts)
    assert not any("（版本一）" in t for t in texts)
    assert all(p.stat().st_nlink >= 2 for p in entries)
