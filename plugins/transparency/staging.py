"""Write the site beside output/ and swap it in only when the whole build succeeded.

With the page cache on, the site the last swap retired is kept as a spare (.spare-output/),
with the manifest of the pages it holds (path → cache key). The next build stages into
that spare: pages whose key is unchanged are already in place, so a rebuild writes only
what changed instead of placing every file again, and nothing is deleted file by file.
"""

from __future__ import annotations

import json
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


def spare_dir(output: Path) -> Path:
    return output.parent / f".spare-{output.name}"


def manifest_file(output: Path) -> Path:
    """The manifest of the pages in `output` as it is now (kept beside it, never published)."""
    return output.parent / f".manifest-{output.name}.json"


MANIFEST = ".manifest.json"  # inside the spare: the manifest of the pages it holds


def recycle(output: Path, staging: Path) -> dict[str, str]:
    """Make the spare the staging folder, holding only the pages of its manifest; returns that manifest."""
    spare = spare_dir(output)
    mf = spare / MANIFEST
    manifest: dict[str, str] = {}
    try:
        with open(mf, encoding="utf-8") as fh:
            manifest = json.load(fh)  # JSON, not pickle: a file in the project folder never runs code
        mf.unlink()
    except (OSError, ValueError):
        manifest = {}
    # Its paths are deleted and written under the site: only plain relative ones are taken.
    valid = isinstance(manifest, dict) and all(
        isinstance(k, str) and isinstance(v, str) and _plain(k) for k, v in manifest.items()
    )
    if not manifest or not valid:
        if spare.exists():
            _trash(spare, staging)
        return {}
    spare.rename(staging)
    prune(staging, manifest)
    return manifest


def _plain(rel: str) -> bool:
    """A path inside the site: relative, no `..`, no empty or hidden tricks."""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and "\0" not in rel and all(p not in ("", ".", "..") for p in parts)


def _trash(folder: Path, staging: Path) -> None:
    """Delete in the background under a name clean_stale() knows, should this build be interrupted."""
    trash = staging.parent / f"{staging.name}-trash-{folder.name.strip('.')}"
    folder.rename(trash)
    discard_later(trash)


def prune(site: Path, keep: dict[str, str]) -> None:
    """Remove every file not in `keep` (the search bundle, static files, feeds, data …) and empty folders."""
    from .pagecache import remove_files, walk_files

    if (site / "pagefind").exists():
        _trash(site / "pagefind", site)
    remove_files(site, [rel for rel in walk_files(site) if rel not in keep])


def swap_in(staging: Path, output: Path, background: bool = True, manifest: dict | None = None) -> None:
    """Replace `output` by `staging`: two renames, so the old site stays whole until the last moment.

    With a `manifest` (page path → cache key) of the new site, the old one is kept as the spare
    that the next build recycles, when its own manifest is known.
    """
    retired = output.parent / f"{PREFIX}{output.name}-old-{os.getpid()}"
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    current = manifest_file(output)
    if manifest is not None and retired.exists() and current.exists():
        spare = spare_dir(output)
        if spare.exists():
            _trash(spare, retired)
        os.replace(current, retired / MANIFEST)
        retired.rename(spare)
    elif background:
        discard_later(retired)
    else:
        shutil.rmtree(retired, ignore_errors=True)
    if manifest is not None:
        tmp = current.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, current)
    elif current.exists():
        current.unlink()


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
