"""The page plan: which pages exist and exactly what each is given, apart from rendering and writing."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SITE
from test_livereload import _in_process

TODAY = "2026-11-30"


def _generator(pelican):
    """The plugin's generator for one run of `pelican`, with its records loaded and checked."""
    import transparency

    cls = transparency._get_generators(pelican)  # a new build, as at the start of every run
    context = pelican.settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl="")
    gen = cls(
        context=context,
        settings=pelican.settings,
        path=pelican.path,
        theme=pelican.theme,
        output_path=pelican.output_path,
    )
    gen.generate_context()
    return gen


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_the_plan_is_pure_and_names_every_page_the_build_writes(tmp_path, monkeypatch):
    from transparency import pagecache
    from transparency.dataset import Dataset
    from transparency.plan import Page

    monkeypatch.setenv("TRANSPARENCY_TODAY", TODAY)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    pelican = _in_process(site, "")
    gen = _generator(pelican)
    stage = Path(gen.output_path)
    plan = gen.plan_pages()
    assert plan and all(isinstance(p, Page) for p in plan)
    assert not _files(stage) and not (site / "output").exists()  # nothing rendered, nothing written
    assert not (site / ".cache" / "pages").exists()
    rels = [p.rel for p in plan]
    assert len(rels) == len(set(rels))

    # The same inputs, the same plan: pages, templates and every value each is given.
    again = _generator(_in_process(site, "")).plan_pages()
    assert [(p.rel, p.template) for p in again] == [(p.rel, p.template) for p in plan]
    one, two = pagecache.Canonical(), pagecache.Canonical()
    assert [one(p.context) for p in plan] == [two(p.context) for p in again]

    # An explicit context: no page is handed the whole dataset or every setting.
    for page in plan:
        for name, value in page.context.items():
            assert not isinstance(value, Dataset), (page.rel, name)
            assert value is not gen.settings, (page.rel, name)
    assert not any(k.isupper() and k != "SITENAME" for k in gen._base)

    # Only the pages that show today are given it; 資料更新至 on four of them.
    dated = {p.rel for p in plan if "built_on" in p.context}
    assert dated == {"index.html", "blacklist/index.html", "compliance/index.html", "data/index.html"}
    today_pages = {p.rel for p in plan if "today" in p.context}
    assert today_pages - dated <= {p.rel for p in plan if p.rel.startswith("enterprises/")}

    # What a real run writes is exactly the plan.
    runner = _in_process(site, "")
    runner.run()
    assert runner.transparency_build.handled == set(rels)


def test_each_kinds_pages_come_from_its_module_and_nothing_else_plans_them(tmp_path, monkeypatch):
    """plan_pages holds, in order, exactly what each kind module's pages() returns from the generator's
    Planning; the pages left (home, /compliance/, /data/, enterprises…) use none of the kinds' templates."""
    from transparency import pagecache
    from transparency.plan import KINDS_WITH_PAGES

    monkeypatch.setenv("TRANSPARENCY_TODAY", TODAY)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    gen = _generator(_in_process(site, ""))
    plan = gen.plan_pages()
    declared = [page for kind in KINDS_WITH_PAGES for page in kind.pages(gen.dataset, gen._planning)]
    assert {p.template for p in declared} >= {
        "decision",
        "blacklist",
        "warning",
        "accident",
        "action",
        "plans",
    }
    start = [p.rel for p in plan].index(declared[0].rel)
    ours = plan[start : start + len(declared)]
    assert [(p.rel, p.template) for p in ours] == [(p.rel, p.template) for p in declared]
    one, two = pagecache.Canonical(), pagecache.Canonical()
    assert [one(p.context) for p in ours] == [two(p.context) for p in declared]
    rest = plan[:start] + plan[start + len(declared) :]
    assert not {p.template for p in rest} & {p.template for p in declared}
