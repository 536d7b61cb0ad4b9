"""Project commands: invoke build | check | serve | test | publish | golden | setup."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
PY = sys.executable
ENV = {"PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")])}


def _run(c, command: str, **kwargs) -> None:
    """Run a command; on failure exit with its code, without invoke's traceback-like report."""
    result = c.run(command, warn=True, pty=False, **kwargs)
    if result.exited:
        raise Exit(code=result.exited)


def _pagefind_ready() -> bool:
    ready = any((ROOT / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended"))
    return ready and (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists()


def ensure_pagefind(c) -> None:
    """Install the pinned Pagefind binary (and axe-core for the tests) from the npm registry when missing."""
    if os.environ.get("PAGEFIND_BINARY") or _pagefind_ready():
        return
    if not shutil.which("npm"):
        sys.exit("需要 npm 來安裝 Pagefind 1.6.0（擴展版）；請先安裝 Node.js，或設定 PAGEFIND_BINARY")
    print("安裝 Pagefind 1.6.0（npm ci）……", file=sys.stderr)
    c.run("npm ci --no-audit --no-fund --loglevel=error", pty=False)


def ensure_chromium(c) -> None:
    """Debian's Chromium for the browser tests; installed with apt when running as root."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("安裝 Chromium（apt-get）以執行瀏覽器測試……", file=sys.stderr)
        c.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk"
        )
    else:
        print("找不到 /usr/bin/chromium：瀏覽器測試會失敗。請安裝 Debian 套件 chromium。", file=sys.stderr)


@task
def setup(c):
    """Install everything the build and tests need (pip packages, Pagefind, Chromium)."""
    c.run(f"{PY} -m pip install -q -r requirements.txt")
    ensure_pagefind(c)
    ensure_chromium(c)


@task(help={"settings": "settings file (pelicanconf.py or publishconf.py)"})
def build(c, settings="pelicanconf.py"):
    """Render the site into output/ and index it with Pagefind; fails on any error finding."""
    ensure_pagefind(c)
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pelican content -s {settings}", env=ENV)


@task(help={"json": "findings as JSON", "rule": "run only this rule (repeatable)"}, iterable=["rule"])
def check(c, json=False, rule=None):
    """Load, validate and run every rule without rendering; exits 1 on errors."""
    args = " --json" if json else ""
    args += "".join(f" --rule {r}" for r in rule or [])
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency check{args}", env=ENV)


@task(help={"port": "port on localhost"})
def serve(c, port=8000):
    """Build, then serve output/ on http://localhost:8000/."""
    build(c)
    print(f"網站已生成：http://localhost:{port}/ （Ctrl+C 結束）")
    c.run(f"{PY} -m http.server {port} --bind 127.0.0.1 --directory {ROOT / 'output'}", pty=False)


@task(help={"k": "only tests matching this expression"})
def test(c, k=""):
    """The whole test suite (unit, functional build, headless Chromium)."""
    ensure_pagefind(c)
    ensure_chromium(c)
    selector = f" -k '{k}'" if k else ""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pytest{selector}", env=ENV)


@task
def lint(c):
    """ruff check and ruff format --check."""
    with c.cd(str(ROOT)):
        _run(c, "ruff check . && ruff format --check .")


@task
def publish(c):
    """The production build (publishconf.py)."""
    build(c, settings="publishconf.py")


@task
def golden(c):
    """Regenerate the golden pages under tests/golden/ from the fixture site."""
    with c.cd(str(ROOT)):
        c.run(f"{PY} -m pytest tests/test_build.py -k golden", env={**ENV, "UPDATE_GOLDEN": "1"}, pty=False)


@task
def measure(c):
    """Build the demo site, time it, and measure Pagefind: bundle, bytes per search, precision/recall."""
    import time

    ensure_pagefind(c)
    start = time.perf_counter()
    build(c)
    print(f"demo build (pelican + Pagefind): {time.perf_counter() - start:.2f} s")
    with c.cd(str(ROOT)):
        c.run(f"{PY} tests/tools/search_quality.py output 2>/dev/null", env=ENV, pty=False)


@task
def permalinks(c):
    """Add the demo site's new URLs to tests/permalinks.txt (URLs are never removed)."""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pytest tests/test_site.py -k permalinks", env={**ENV, "UPDATE_PERMALINKS": "1"})
