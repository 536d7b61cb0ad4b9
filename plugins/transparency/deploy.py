"""`invoke publish`: put the built site in place all at once, in a folder or over rsync."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from . import staging


def to_folder(site: Path, target: Path) -> None:
    """Copy beside the target, then swap it in with renames: readers never see a half-copied site."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.parent / f".deploy-{target.name}-{os.getpid()}"
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(site, incoming)
    staging.swap_in(incoming, target, background=False)


def rsync_command(site: Path, destination: str) -> list[str]:
    """rsync that uploads every changed file first and moves them into place together at the end."""
    return ["rsync", "-a", "--delay-updates", "--delete-after", "--checksum", f"{site}/", destination]


def over_rsync(site: Path, destination: str) -> None:
    subprocess.run(rsync_command(site, destination), check=True)
