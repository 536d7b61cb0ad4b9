"""Many builds in one process (`invoke livereload`, `pelican --autoreload`) give a cold build's bytes.

`pelican --autoreload` used to fail on its second run (FileNotFoundError …/.staging-output-PID/feeds/
decisions.atom.xml): state kept in modules (the pages written, the folders made, the recycled manifest)
survived the first run. Each run is now a build.Build of its own (test_build_state.py).
"""

from __future__ import annotations

import copy
import importlib
import os
import shutil
from pathlib import Path

from conftest import SITE
from test_build_state import READ_ONLY_TABLES
from test_pagecache import tree
from tools.sites import ROOT, build_with, settings_file

TODAY = "2026-11-30"


def _in_process(site: Path, extra: str):
    """A Pelican object for `site`, made in this process as `pelican content -s …` makes it."""
    from pelican import get_instance, parse_arguments

    conf = settings_file(site.parent, "TRANSPARENCY['pagefind'] = False\n" + extra, name="live-conf.py")
    args = parse_arguments([str(site / "content"), "-s", str(conf), "-o", str(site / "output")])
    return get_instance(args)[0]


def _cold(tmp_path: Path, site: Path, extra: str) -> dict[str, bytes]:
    """The same inputs built from nothing, in a fresh process, without the page cache."""
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns(".cache", "output", ".spare-*", ".manifest-*"))
    result = build_with(
        cold, "TRANSPARENCY['pagefind'] = False\nTRANSPARENCY['page_cache'] = False\n" + extra, today=TODAY
    )
    assert result.returncode == 0, result.stderr
    return tree(cold / "output")


def _tables() -> dict:
    out = {}
    for name, attrs in READ_ONLY_TABLES.items():
        module = importlib.import_module("transparency" if name == "__init__" else f"transparency.{name}")
        out |= {f"{name}.{a}": copy.deepcopy(getattr(module, a)) for a in attrs}
    return out


def test_repeated_runs_in_one_process_equal_cold_builds(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRANSPARENCY_TODAY", TODAY)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    extra = f'THEME = "{theme}"\n'
    tables = _tables()
    pelican = _in_process(site, extra)

    def run_and_compare(what: str) -> dict[str, bytes]:
        pelican.run()  # the same object every time, as `pelican --autoreload` runs it
        got = tree(site / "output")
        assert got == _cold(tmp_path, site, extra), what
        assert not (site / f".staging-output-{os.getpid()}").exists(), what  # swapped in, nothing left
        return got

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, path
        path.write_text(text.replace(old, new), encoding="utf-8")

    first = run_and_compare("first run")
    run_and_compare("second run, nothing changed")  # the run that used to fail
    edit(site / "data/decisions/2026/yjj-2026-001.yaml", "以上事實", "以上事實（已更正）")
    after_record = run_and_compare("a record edited")
    assert "以上事實（已更正）" in after_record["decisions/2026/yjj-2026-001/index.html"].decode()
    edit(theme / "templates" / "base.html", "</main>", "<p>模板已改</p></main>")
    after_template = run_and_compare("a template edited")
    assert "模板已改" in after_template["index.html"].decode()
    page = next((site / "content" / "pages").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n補充一句。\n", encoding="utf-8")
    run_and_compare("a content page edited")
    (site / "data/decisions/2026/yjj-2026-002.yaml").unlink()
    gone = run_and_compare("a record removed")
    assert "decisions/2026/yjj-2026-002/index.html" not in gone and gone != first
    # A new Pelican object per run, as pelican-quickstart's livereload task makes one.
    pelican = _in_process(site, extra)
    run_and_compare("a new Pelican object in the same process")
    out = capsys.readouterr()
    assert "FileNotFoundError" not in out.err + out.out
    assert out.out.count("已生成網站") == 7  # one summary line per run
    assert _tables() == tables  # the modules' read-only tables are untouched by seven builds


def test_a_failed_run_does_not_stop_the_next(tmp_path, monkeypatch, capsys):
    """A record with an error fails its run and leaves output/ as it was; fixed, the next run succeeds."""
    import pytest

    from transparency.generator import BuildFailed

    monkeypatch.setenv("TRANSPARENCY_TODAY", TODAY)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    pelican = _in_process(site, "")
    pelican.run()
    before = tree(site / "output")
    record = site / "data/decisions/2026/yjj-2026-001.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("decided:", "decided: 不是日期\nx_decided:"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        pelican.run()
    assert tree(site / "output") == before
    record.write_text(good.replace("以上事實", "以上事實（修好）"), encoding="utf-8")
    pelican.run()
    assert tree(site / "output") == _cold(tmp_path, site, "")
    assert "ERROR" in capsys.readouterr().err
