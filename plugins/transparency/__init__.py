"""示範縣安全生產執法公示: records in YAML, checks that enforce the law, pages and search.

The modules follow the flow: load → validate → models → checks (dataset runs
them without rendering) → generator (Pelican) → pagefind (search index).
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path


def _get_generators(pelican):
    from .generator import TransparencyGenerator

    return TransparencyGenerator


def _init_environment(generator) -> None:
    """Autoescape every template (Pelican's default environment has none) and share globals."""
    from .generator import template_globals

    generator.env.autoescape = True
    generator.env.globals.update(template_globals(generator.settings))


def _harden(pelican) -> None:
    """Settings the content guarantees rest on (safe Markdown last, dotfiles ignored, drafts unpublished)."""
    from .content import harden_settings

    harden_settings(pelican.settings)


def _guard(generators) -> None:
    """Every page read, nothing written: fail if a page or static file would publish something unsafe."""
    from .content import guard

    guard(generators)


def _stage_output(pelican) -> None:
    """Point Pelican at a staging folder; the real output/ changes only on success."""
    from . import generator, staging
    from .settings import load_config

    output = Path(pelican.output_path).resolve()
    staging.clean_stale(output)
    pelican.final_output_path = output
    stage = staging.staging_dir(output)
    pelican.output_path = str(stage)
    config, _ = load_config(pelican.settings.get("TRANSPARENCY"))
    # A rebuild stages into the site before last, where unchanged pages already are (see staging.py).
    generator.RECYCLED = staging.recycle(output, stage) if config.page_cache else {}
    pelican.settings["OUTPUT_PATH"] = pelican.output_path
    # Pelican would otherwise empty output/ before the checks have run.
    pelican.delete_outputdir = False
    atexit.register(staging.discard, Path(pelican.output_path))


def _finish(pelican) -> None:
    """Index the staged site with Pagefind, then swap it into place."""
    from . import generator, privacy, staging, variants
    from .generator import BuildFailed, project_root
    from .pagefind import PagefindMissing, find_binary, index_site
    from .settings import load_config

    site = Path(pelican.output_path)
    config, _ = load_config(pelican.settings.get("TRANSPARENCY"))
    if config.other_scripts or config.elder_mode or config.default_script != variants.SOURCE:
        base = pelican.settings.get("SITEURL", "")
        variants.make(
            site, config.default_script, config.other_scripts, config.elder_mode, base, done=generator.HANDLED
        )
    variants.query_script(site)
    # The other script and large print are made from these pages and cannot add digits: scan once.
    # The generator's pages were scanned as they were rendered.
    skip = variants.VARIANT_DIRS
    leaks = generator.LEAKS + privacy.scan_output(site, skip=skip, known_clean=generator.HANDLED)
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
    final = getattr(pelican, "final_output_path", None)
    if final is not None and site.exists():
        staging.swap_in(site, final, manifest=generator.MANIFEST if config.page_cache else None)
        if config.page_cache:
            from . import pagecache

            cache = project_root(pelican.settings) / ".cache"
            pagecache.prune(cache / "pages")


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_init_environment)
    signals.initialized.connect(_harden)
    signals.initialized.connect(_stage_output)
    signals.all_generators_finalized.connect(_guard)
    signals.finalized.connect(_finish)
