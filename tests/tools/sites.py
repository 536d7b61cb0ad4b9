"""Settings for a site built outside the repository: the project's own, with absolute paths."""

from __future__ import annotations

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
