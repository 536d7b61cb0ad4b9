"""Index the written site with Pagefind's extended binary (Chinese segmentation)."""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# Version 1.6.0 segments Traditional Chinese correctly (1.5.2 splits 處罰 into single characters).
PAGEFIND_VERSION = "1.6.0"
BINARY_ENV = "PAGEFIND_BINARY"


class PagefindMissing(RuntimeError):
    pass


def find_binary(project_root: Path, configured: str | None = None) -> Path:
    """The extended binary: setting or $PAGEFIND_BINARY, else node_modules from `npm ci`."""
    for candidate in (configured, os.environ.get(BINARY_ENV)):
        if candidate:
            path = Path(candidate)
            if path.is_file():
                return path
            raise PagefindMissing(f"找不到 Pagefind 執行檔 {candidate}")
    # The project's own node_modules, then the one beside this plugin (a site built from elsewhere).
    for base in (project_root, Path(__file__).resolve().parents[2]):
        pattern = str(base / "node_modules" / "@pagefind" / "*" / "bin" / "pagefind_extended")
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[0])
    on_path = shutil.which("pagefind_extended")
    if on_path:
        return Path(on_path)
    raise PagefindMissing(
        f"找不到 Pagefind {PAGEFIND_VERSION} 擴展版執行檔；修正：在專案根目錄執行 npm ci（或 invoke setup）"
    )


def number_token(number: str) -> str:
    """The one search word a decision page carries for its number (search.js numberToken mirrors it):
    normalize.number_key's characters, ASCII letters and digits as they are, others as hex code points.
    示應急罰〔2026〕20號, 示应急罚[2026]20号 and 示應急罰（２０２６）20號 all give dn793a5e94…3014202630152053f7,
    one word that Pagefind neither segments nor finds in any other page."""
    from .normalize import number_key

    return "dn" + "".join(
        c.lower() if c.isascii() and c.isalnum() else f"{ord(c):x}" for c in number_key(number)
    )


SKIP = ("pagefind/", "theme/")
BODY = b"data-pagefind-body"


def searchable_pages(site: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """The pages Pagefind indexes (those marked data-pagefind-body), outside `skip`, in path order."""
    from .pagecache import walk_files

    found = []
    for rel in walk_files(site, (*SKIP, *skip)):
        if rel.endswith(".html"):
            with open(site / rel, "rb") as fh:
                if BODY in fh.read():
                    found.append(rel)
    return found


def index_site(binary: Path, site: Path, shard_pages: int = 0, skip: tuple[str, ...] = ()) -> str:
    """Run Pagefind over `site`; returns its summary output, raises on failure.

    Pagefind holds the whole index in memory (about 150 KB per page, measured), so a large
    site is indexed in shards of at most `shard_pages` pages, one after the other: the first
    is the bundle at pagefind/, the others pagefind/part-N/, which the search page merges
    (pagefind/shards.js lists them). Each shard is indexed from a folder of hard links to its pages,
    named after the staging folder so that an interrupted build's leftovers are cleaned with it.
    """
    pages = searchable_pages(site, skip) if shard_pages else []
    bundle = site / "pagefind"
    if len(pages) <= shard_pages or not shard_pages:
        output = _run(binary, site, bundle)
        _write_shards(bundle, [])
        return output
    shards = [pages[i : i + shard_pages] for i in range(0, len(pages), shard_pages)]
    outputs, names = [], []
    for n, shard in enumerate(shards):
        with tempfile.TemporaryDirectory(prefix=f"{site.name}-pagefind-", dir=site.parent) as tmp:
            for rel in shard:
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(site / rel, target)
                except OSError:
                    shutil.copyfile(site / rel, target)
            name = "" if n == 0 else f"part-{n}/"
            outputs.append(_run(binary, Path(tmp), bundle / name))
            names.append(name)
    _write_shards(bundle, names[1:])
    return "\n".join(outputs)


def _run(binary: Path, site: Path, output: Path) -> str:
    result = subprocess.run(
        [str(binary), "--site", str(site), "--output-path", str(output)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind 建立索引失敗：{result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def _write_shards(bundle: Path, names: list[str]) -> None:
    """pagefind/shards.js: the bundles the search page merges with the first one."""
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / "shards.js").write_text(f"window.PAGEFIND_SHARDS = {json.dumps(names)};\n", encoding="utf-8")


def indexed_pages(output: str) -> int:
    """Pages Pagefind reports having indexed, summed over shards."""
    return sum(int(m) for m in re.findall(r"Indexed (\d+) pages?", output))
