"""Index the written site with Pagefind's extended binary (Chinese segmentation)."""

from __future__ import annotations

import glob
import logging
import os
import shutil
import subprocess
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


def index_site(binary: Path, site: Path) -> str:
    """Run Pagefind over `site`; returns its summary output, raises on failure."""
    result = subprocess.run(
        [str(binary), "--site", str(site), "--quiet"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind 建立索引失敗：{result.stderr.strip() or result.stdout.strip()}")
    return result.stdout
