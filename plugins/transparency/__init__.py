"""示範縣安全生產執法公示: records in YAML, checks that enforce the law, pages and search.

The modules follow the flow: load → validate → models → checks (dataset runs
them without rendering) → generator (Pelican) → pagefind (search index).
"""

from __future__ import annotations

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


def _run_pagefind(pelican) -> None:
    from .generator import BuildFailed, project_root
    from .pagefind import PagefindMissing, find_binary, index_site
    from .settings import load_config

    config, _ = load_config(pelican.settings.get("TRANSPARENCY"))
    if not config.pagefind:
        return
    try:
        binary = find_binary(project_root(pelican.settings), config.pagefind_binary)
        index_site(binary, Path(pelican.output_path))
    except (PagefindMissing, RuntimeError) as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        raise BuildFailed(1) from None


def register() -> None:
    from pelican import signals

    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_init_environment)
    signals.finalized.connect(_run_pagefind)
