"""示範縣安全生產執法公示: records in YAML, checks that enforce the law, pages and search.

The modules follow the flow: load → validate → models → checks (dataset runs
them without rendering) → generator (Pelican) → pagefind (search index).
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1")


def public_address_problem(siteurl: str) -> str | None:
    """Why `siteurl` cannot be the published site's address (publishconf.py, invoke publish), or None."""
    from urllib.parse import urlsplit

    url = str(siteurl or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        parts, host = None, ""
    if not url:
        where = "未設定"
    elif parts is None or parts.scheme not in ("https", "http") or not host:
        where = f"是「{url}」，不是以 https:// 開頭的網址"
    elif host in _LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127."):
        where = f"是「{url}」，只能在本機打開"
    else:
        return None
    return (
        f"錯誤：發布需要網站的公開地址（SITEURL），現在{where}；引文、訂閱和數據目錄中的鏈接都用這個地址。"
        "修正：在命令前寫上公開地址，如 SITEURL=https://aq.example.gov.cn invoke publish"
        "（CI 中設置變量 SITEURL；本機預覽請用 invoke serve）"
    )


def _require_public_address(pelican) -> None:
    """A production build (publishconf.py sets SITEURL_REQUIRED) refuses to run without a public address."""
    if not pelican.settings.get("SITEURL_REQUIRED"):
        return
    problem = public_address_problem(pelican.settings.get("SITEURL", ""))
    if problem:
        print(problem, file=sys.stderr)
        raise SystemExit(2)


# What the build made, for the Chinese line that replaces Pelican's "Done: Processed 0 articles…".
_KINDS = (
    ("decisions", "處罰決定", "件"),
    ("blacklists", "黑名單", "份"),
    ("accidents", "事故", "起"),
    ("warnings", "月度警示", "期"),
    ("actions", "專項行動", "項"),
    ("plans", "執法計劃", "份"),
)


def _count_records(generators) -> None:
    """Count the records the site is built from (drafts apart), and Pelican's own pages, on the build."""
    from pelican.generators import PagesGenerator

    build = next((g.build for g in generators if getattr(g, "build", None) is not None), None)
    if build is None:
        return
    made = build.made
    for gen in generators:
        if isinstance(gen, PagesGenerator):
            build.static_pages += len(gen.pages) + len(gen.translations)  # content/pages (說明, 關於…)
        ds = getattr(gen, "dataset", None)
        if ds is None or not hasattr(ds, "decisions"):
            continue
        for attr, _, _ in _KINDS:
            records = getattr(ds, attr, [])
            made[attr] = sum(1 for r in records if not getattr(r, "draft", False))
            made["drafts"] = made.get("drafts", 0) + sum(1 for r in records if getattr(r, "draft", False))
        config = getattr(ds, "config", None)
        # Pages in the other script are not counted; 長者模式 is a mode of the same pages, no copy.
        made["variants"] = int(bool(getattr(config, "other_scripts", None)))


def summary_line(pages: int, made: dict[str, int], seconds: str) -> str:
    """「已生成網站：處罰決定 12 件、…（草稿 2 件未發布）；共 80 個頁面，用時 3.2 秒。」"""
    parts = [f"{label} {made[attr]} {unit}" for attr, label, unit in _KINDS if made.get(attr)]
    drafts = f"（草稿 {made['drafts']} 件未發布）" if made.get("drafts") else ""
    what = f"：{'、'.join(parts) or '沒有記錄'}{drafts}" if made else ""
    other = "（不計簡體等其他版本）" if made.get("variants") else ""
    return f"已生成網站{what}；共 {pages} 個頁面{other}，用時 {seconds} 秒。"


def _quiet_pelican_summary() -> None:
    """Drop Pelican's English summary (it counts articles and pages, which this site has none of): the
    build prints its own Chinese line (_finish). Stateless: the patch only filters that one line."""
    from pelican.log import console

    if getattr(console, "_transparency_summary", False):
        return
    original = console.print

    def print_(*args, **kwargs):
        if args and isinstance(args[0], str) and args[0].startswith("Done: Processed"):
            return None
        return original(*args, **kwargs)

    console.print = print_
    console._transparency_summary = True


def _get_generators(pelican):
    """Sent at the start of every run(): a new build, staged, and the generator class that carries it."""
    from .generator import TransparencyGenerator

    build = _start_build(pelican)
    return type(TransparencyGenerator.__name__, (TransparencyGenerator,), {"build": build})


def _init_environment(generator) -> None:
    """Autoescape every template (Pelican's default environment has none) and share globals."""
    from .generator import template_globals

    generator.env.autoescape = True
    generator.env.globals.update(template_globals(generator.settings))


def _harden(pelican) -> None:
    """Settings the content guarantees rest on (safe Markdown last, dotfiles ignored, drafts unpublished)."""
    from .content import harden_settings

    harden_settings(pelican.settings)


def _withhold_attachments(generators) -> None:
    """Attachments of decisions no longer public (publicity period over, credit repair, revoked) are
    not copied to the site, unless a public decision names the same file."""
    import os

    from pelican.generators import StaticGenerator

    from .content import ATTACHMENTS

    ds = next((g.dataset for g in generators if getattr(g, "dataset", None) is not None), None)
    if ds is None or not hasattr(ds, "taken_down_decisions"):
        return
    public = {a.file for d in ds.published_decisions for a in d.attachments}
    gone = [*ds.taken_down_decisions, *ds.revoked_decisions]
    hidden = {a.file for d in gone for a in d.attachments} - public
    if not hidden:
        return
    for gen in generators:
        if not isinstance(gen, StaticGenerator):
            continue
        folder = Path(os.path.abspath(gen.path)) / ATTACHMENTS

        def shown(static, folder=folder) -> bool:
            try:
                rel = Path(os.path.abspath(static.source_path)).relative_to(folder).as_posix()
            except ValueError:
                return True
            return rel not in hidden

        gen.staticfiles = [s for s in gen.staticfiles if shown(s)]
        gen.context["staticfiles"] = [s for s in gen.context.get("staticfiles", []) if shown(s)]


def _guard(generators) -> None:
    """Every page read, nothing written: fail if a page or static file would publish something unsafe."""
    from .content import guard

    guard(generators)


def _remember_output(pelican) -> None:
    """Once per Pelican instance: the real output/ (each run stages beside it, see _start_build)."""
    from . import staging
    from .settings import load_config
    from .speech import speak

    output = Path(pelican.output_path).resolve()
    pelican.final_output_path = output
    config, _ = load_config(pelican.settings.get("TRANSPARENCY"))
    speak(config.messages_script)  # staff read the build's findings in their script
    # Pelican would otherwise empty output/ before the checks have run.
    pelican.delete_outputdir = False
    atexit.register(staging.discard, staging.staging_dir(output))


def _start_build(pelican):
    """Point this run at a staging folder; the real output/ changes only on success. Every run (the
    second run of `pelican --autoreload` too) stages afresh: the last run's staging folder became output/."""
    from . import staging
    from .build import Build
    from .settings import load_config

    output = getattr(pelican, "final_output_path", None)
    if output is None:  # initialized was not sent to this plugin (registered late): do it now
        _remember_output(pelican)
        output = pelican.final_output_path
    staging.clean_stale(output)
    stage = staging.staging_dir(output)
    config, _ = load_config(pelican.settings.get("TRANSPARENCY"))
    build = Build(output, stage, config.page_cache)
    # A rebuild stages into the site before last, where unchanged pages already are (see staging.py).
    build.recycled = staging.recycle(output, stage) if config.page_cache else {}
    pelican.output_path = str(stage)
    pelican.settings["OUTPUT_PATH"] = pelican.output_path
    pelican.transparency_build = build
    return build


def _finish(pelican) -> None:
    """Index the staged site with Pagefind, then swap it into place."""
    from . import privacy, staging, variants
    from .generator import BuildFailed, project_root, public_base
    from .pagefind import PagefindMissing, find_binary, index_site
    from .settings import load_config

    build = pelican.transparency_build
    site = Path(pelican.output_path)
    config, _ = load_config(pelican.settings.get("TRANSPARENCY"))
    if config.other_scripts or config.elder_mode or config.default_script != variants.SOURCE:
        base = pelican.settings.get("SITEURL", "")
        variants.make(
            site,
            config.default_script,
            config.other_scripts,
            config.elder_mode,
            base,
            done=build.handled,
            public=public_base(pelican.settings),
            words=variants.mainland_strings.__wrapped__(pelican.settings["THEME"]),
        )
    variants.query_script(site)
    # The other script is made from these pages and cannot add digits: scan once.
    # The generator's pages were scanned as they were rendered.
    skip = variants.VARIANT_DIRS
    leaks = build.leaks + privacy.scan_output(site, skip=skip, known_clean=build.handled)
    if leaks:
        for f in leaks:
            print(f.format(), file=sys.stderr)
        print(f"建置失敗：生成的網站含個人信息（{len(leaks)} 處），未發佈。", file=sys.stderr)
        raise BuildFailed(1)
    if config.pagefind:
        try:
            binary = find_binary(project_root(pelican.settings), config.pagefind_binary)
            index_site(binary, site, config.search_shard_pages, skip)
        except (PagefindMissing, RuntimeError) as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            raise BuildFailed(1) from None
    final = build.final
    if site.exists():
        staging.swap_in(site, final, manifest=build.manifest if config.page_cache else None)
        if config.page_cache:
            from . import pagecache

            cache = project_root(pelican.settings) / ".cache"
            pagecache.prune(cache / "pages")
    # Pelican's next run (autoreload) must not write into the folder just swapped in.
    pelican.output_path = str(final)
    pelican.settings["OUTPUT_PATH"] = str(final)
    pages = len(build.handled) + build.static_pages
    print(summary_line(pages, build.made, build.seconds()), flush=True)


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_init_environment)
    signals.initialized.connect(_require_public_address)
    signals.initialized.connect(_harden)
    signals.initialized.connect(_remember_output)
    signals.all_generators_finalized.connect(_withhold_attachments)
    signals.all_generators_finalized.connect(_guard)
    signals.all_generators_finalized.connect(_count_records)
    _quiet_pelican_summary()
    signals.finalized.connect(_finish)
