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
# The record pages a large site has most of, ordered by date into shards; every other page is in the first.
DATED = ("decisions/", "enterprises/")
SORT_DATE = re.compile(rb'data-pagefind-sort="date:(\d{4}-\d{2}-\d{2})"')
DATETIME = re.compile(rb'datetime="(\d{4}-\d{2}-\d{2})')


def searchable_pages(site: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """The pages Pagefind indexes (those marked data-pagefind-body), outside `skip`, in path order."""
    return [rel for rel, _ in _searchable(site, skip)]


def _searchable(site: Path, skip: tuple[str, ...]) -> list[tuple[str, str]]:
    """(page, its date) for every searchable page: a decision's date (its data-pagefind-sort), an
    enterprise's newest record (the latest datetime on its page); "" for every other page."""
    from .pagecache import walk_files

    found = []
    for rel in walk_files(site, (*SKIP, *skip)):
        if rel.endswith(".html"):
            with open(site / rel, "rb") as fh:
                html = fh.read()
            if BODY in html:
                date = b""
                if rel.startswith(DATED):
                    sort = SORT_DATE.search(html)
                    date = sort.group(1) if sort else max(DATETIME.findall(html), default=b"")
                found.append((rel, date.decode()))
    return found


def recency_shards(pages: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """Shards of at most `size` pages: the undated pages (lists, blacklists, warnings…) first, then
    decisions and enterprises newest first. A first search reads only the first shard."""
    ordered = sorted(pages, key=lambda p: (p[1] != "", _newest_first(p[1]), p[0]))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _newest_first(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date)


def index_site(binary: Path, site: Path, shard_pages: int = 0, skip: tuple[str, ...] = ()) -> str:
    """Run Pagefind over `site`; returns its summary output, raises on failure.

    Pagefind holds the whole index in memory (about 150 KB per page, measured), and a search reads
    every merged bundle's page list and word chunks, so a large site is indexed in shards of at most
    `shard_pages` pages by recency (recency_shards), one after the other: the first is the bundle at
    pagefind/, the others pagefind/part-N/; pagefind/shards.js lists them with their date ranges and
    the search page merges an older one only when needed (search.js). Each shard is indexed from a
    folder of hard links to its pages, named after the staging folder so that an interrupted build's
    leftovers are cleaned with it.
    """
    pages = _searchable(site, skip) if shard_pages else []
    bundle = site / "pagefind"
    if len(pages) <= shard_pages or not shard_pages:
        output = _run(binary, site, bundle)
        _write_shards(bundle, [])
        return output
    outputs, listed = [], []
    for n, shard in enumerate(recency_shards(pages, shard_pages)):
        with tempfile.TemporaryDirectory(prefix=f"{site.name}-pagefind-", dir=site.parent) as tmp:
            for rel, _ in shard:
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(site / rel, target)
                except OSError:
                    shutil.copyfile(site / rel, target)
            name = "" if n == 0 else f"part-{n}/"
            outputs.append(_run(binary, Path(tmp), bundle / name))
            if n:
                dates = sorted(d for _, d in shard if d)
                listed.append(
                    {"path": name, "from": dates[0] if dates else "", "to": dates[-1] if dates else ""}
                )
    _write_shards(bundle, listed)
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


def _write_shards(bundle: Path, shards: list[dict]) -> None:
    """pagefind/shards.js: the older bundles the search page may merge with the first, newest first,
    each with the dates of its decisions and enterprises (`from`, `to`)."""
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / "shards.js").write_text(f"window.PAGEFIND_SHARDS = {json.dumps(shards)};\n", encoding="utf-8")


def indexed_pages(output: str) -> int:
    """Pages Pagefind reports having indexed, summed over shards."""
    return sum(int(m) for m in re.findall(r"Indexed (\d+) pages?", output))
