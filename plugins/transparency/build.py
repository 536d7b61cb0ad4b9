"""One build: everything a run of Pelican makes and remembers, held by that run, never by a module.

Pelican may run many builds in one process (`pelican --autoreload`, `invoke livereload`, tests):
the set of pages written, the leaks found, the recycled site's manifest, the folders made, the
counts for the summary line all start empty with each run. A new Build is made when Pelican asks
for the generators (signals.get_generators, sent at the start of every run()); the generator class
it returns carries it (`TransparencyGenerator.build`) and Pelican keeps it as `pelican.transparency_build`
for the finalized signal.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .pagecache import Folders


@dataclass(eq=False)
class Build:
    final: Path  # the published folder (output/), swapped in when the run succeeds
    stage: Path  # where this run writes
    page_cache: bool
    # The pages already in the staging folder (recycled from the site before last: path → cache key).
    recycled: dict[str, str] = field(default_factory=dict)
    # The generator's pages, with their variants: scanned for personal data as they were rendered (or
    # when first rendered, for those placed from the page cache); `leaks` holds what that scan found.
    handled: set[str] = field(default_factory=set)
    leaks: list = field(default_factory=list)
    # The pages of this build (path → cache key), for the next one (see staging.py).
    manifest: dict[str, str] = field(default_factory=dict)
    folders: Folders = field(default_factory=Folders)
    made: dict[str, int] = field(default_factory=dict)  # records per kind, for the summary line
    static_pages: int = 0  # content/pages, written by Pelican's own generator
    started: float = field(default_factory=time.monotonic)
    # Pages rendered (misses), placed from the cache (hits), left in place (kept), by path.
    rendered: list[str] = field(default_factory=list)
    hits: int = 0
    kept: int = 0

    def seconds(self) -> str:
        return f"{time.monotonic() - self.started:.2f}"
