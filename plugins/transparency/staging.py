"""Write the site beside output/ and swap it in only when the whole build succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PREFIX = ".staging-"


def staging_dir(output: Path) -> Path:
    return output.parent / f"{PREFIX}{output.name}-{os.getpid()}"


def clean_stale(output: Path) -> None:
    """Remove staging folders that an interrupted build left behind."""
    for old in output.parent.glob(f"{PREFIX}{output.name}-*"):
        shutil.rmtree(old, ignore_errors=True)


def swap_in(staging: Path, output: Path, background: bool = True) -> None:
    """Replace `output` by `staging`: two renames, so the old site stays whole until the last moment."""
    retired = output.parent / f"{PREFIX}{output.name}-old-{os.getpid()}"
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    if background:
        discard_later(retired)
    else:
        shutil.rmtree(retired, ignore_errors=True)


def discard_later(folder: Path) -> None:
    """Delete the retired site in the background: the new one is already in place."""
    if not folder.exists():
        return
    if shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", str(folder)], start_new_session=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
