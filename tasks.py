"""Project commands: invoke build | check | serve | test | publish | golden | setup."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task
from invoke.parser import parser as _parser

# `invoke new warning 2026-06` and `invoke new decision --department yjj`: invoke requires every
# positional argument, so the optional second one (`when`) is filled with "" when it is absent.
_complete = _parser.ParseMachine.complete_context


def _complete_optional_when(self) -> None:
    if self.context and self.context.name == "new":
        for arg in self.context.missing_positional_args:
            if arg.name == "when":
                arg.value = ""
    _complete(self)


_parser.ParseMachine.complete_context = _complete_optional_when

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


@task(
    help={"target": "deploy into this folder (atomic swap)", "rsync": "deploy with rsync to user@host:/path"}
)
def publish(c, target="", rsync=""):
    """The production build (publishconf.py), then an atomic deploy to a folder or over rsync."""
    build(c, settings="publishconf.py")
    sys.path.insert(0, str(ROOT / "plugins"))
    from transparency import deploy

    if target:
        deploy.to_folder(ROOT / "output", Path(target))
        print(f"已部署到 {target}")
    if rsync:
        deploy.over_rsync(ROOT / "output", rsync)
        print(f"已以 rsync 部署到 {rsync}")


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


@task(
    positional=["kind", "when"],
    help={
        "kind": "decision | blacklist | warning | action | plan | accident",
        "when": "季度 2026-Q4、月份 2026-06 或年度 2027（可省略）",
        "department": "部門代號，如 yjj",
        "quarter": "季度，如 2026-Q4（同 when）",
        "month": "月份，如 2026-06（同 when）",
        "year": "年度，如 2027（同 when）",
    },
)
def new(c, kind, when=None, department="", quarter="", month="", year=""):
    """Start a record from its template: named, placed and pre-filled, a comment on every field."""
    when = when or quarter or month or year
    args = f" {kind}" + (f" {when}" if when else "") + (f" --department {department}" if department else "")
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency new{args}", env=ENV)


@task(help={"code": "another checkout whose plugin runs over this corpus (before/after)"})
def hostile(c, code=""):
    """Run the hostile-input corpus (tests/fixtures/hostile/) and print each verdict and the counts."""
    option = f" --code {code}" if code else ""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} tests/tools/hostile.py{option}", env=ENV)


@task(help={"days": "how many days ahead (default 14)"})
def deadlines(c, days=14):
    """Everything due in the next 14 days, with days left, in Chinese."""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency deadlines --days {days}", env=ENV)


@task
def schemas(c):
    """Write schemas/*.schema.json and .vscode/settings.json from the field declarations."""
    import json

    sys.path.insert(0, str(ROOT / "plugins"))
    from transparency.jsonschema import editor_schemas, vscode_settings

    (ROOT / "schemas").mkdir(exist_ok=True)
    for name, (doc, _) in editor_schemas().items():
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        (ROOT / "schemas" / f"{name}.schema.json").write_text(text, encoding="utf-8")
    (ROOT / ".vscode").mkdir(exist_ok=True)
    settings = json.dumps(vscode_settings(), ensure_ascii=False, indent=2) + "\n"
    (ROOT / ".vscode" / "settings.json").write_text(settings, encoding="utf-8")
    print("已更新 schemas/ 和 .vscode/settings.json")


@task(name="import", positional=["kind", "file"], help={"kind": "decisions", "file": "CSV 或 XLSX 檔"})
def import_(c, kind, file):
    """Bring in a spreadsheet export: one YAML record per row, or the row number and the reason."""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency import {kind} {file}", env=ENV)


@task(help={"decisions": "how many decisions", "dest": "scratch folder", "seed": "random seed"})
def generate(c, decisions=1000, dest="bench/scratch/generated", seed=2026):
    """Write a synthetic, realistic, green enforcement history of N decisions into a scratch folder."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tools import synth

    path = synth.generate(ROOT / dest, int(decisions), int(seed))
    print(f"已生成 {decisions} 件處罰決定及相關記錄：{path}")


@task(
    help={
        "large": "also N = 100,000 (long)",
        "peer": "also stock Pelican on the same decisions",
        "sizes": "comma-separated N",
    }
)
def bench(c, large=False, peer=True, sizes="1000,10000"):
    """Benchmark: check, cold build, rebuilds, Pagefind, against the floor; prints figures and writes bench/."""
    ensure_pagefind(c)
    sys.path.insert(0, str(ROOT / "tests"))
    from tools import bench as harness

    ns = [int(x) for x in sizes.split(",") if x] + ([100_000] if large else [])
    harness.main(ns, ROOT / "bench" / "scratch", peer=peer)
