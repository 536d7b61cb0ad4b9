"""Settings for a site built outside the repository: the project's own, with absolute paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_file(dest: Path, extra: str = "", name: str = "conf.py") -> Path:
    """Write the project's pelicanconf.py into `dest` with absolute theme and plugin paths, plus `extra`."""
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    text = text.replace('THEME = "theme"', f'THEME = "{ROOT / "theme"}"')
    text = text.replace('PLUGIN_PATHS = ["plugins"]', f'PLUGIN_PATHS = ["{ROOT / "plugins"}"]')
    path = dest / name
    path.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    return path


def build_with(site: Path, extra: str = "", today: str = "2026-11-30") -> subprocess.CompletedProcess:
    """Build the site in `site` (data/, content/) into site/output with the project's settings plus `extra`."""
    conf = settings_file(site.parent, extra, name=f"{site.name}-conf.py")
    env = {**os.environ, "TRANSPARENCY_TODAY": today, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", str(conf), "-o", "output"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
