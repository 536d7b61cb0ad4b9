"""`invoke bench`: build cost at N decisions against the floor, in one run on one machine.

The floor is what any generator must do at least: parse every record with
libyaml and render one plain Jinja template per record to disk. Every figure is
also given as a ratio to the floor measured in the same run, since the machine
is shared and noisy. Results go to bench/results.json and a Markdown table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

from tools import sites, synth  # noqa: E402

PY = sys.executable
TODAY = "2026-11-30"
NEXT_DAY = "2026-12-01"
# Fixed-date holidays for the synthetic years without an official file (the demo's real 2025 and 2026
# files are copied as they are): the page keys and the working-day counts see holiday files, as on real data.
FIXED_HOLIDAYS = ((1, 1, 1), (5, 1, 5), (10, 1, 7))  # (month, first day, days)


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall and CPU seconds and peak memory of one command (its process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.decode('utf-8', 'replace')[-3000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "output": out.decode("utf-8", "replace"),
    }


FLOOR = r"""
import sys, yaml, jinja2, pathlib
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
template = jinja2.Environment(autoescape=True).from_string(
    "<!DOCTYPE html><html lang=zh-Hant><title>{{ r.number }}</title><h1>{{ r.number }}</h1>"
    "<p>{{ r.party.name }}</p><p>{{ r.violation }}</p><div>{{ r.facts }}</div><p>{{ r.basis }}</p></html>")
n = 0
for path in sorted(root.glob("data/**/*.yaml")):
    with open(path, encoding="utf-8") as fh:
        record = yaml.load(fh, Loader=yaml.CSafeLoader)
    if "decisions" in path.parts:
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(r=record), encoding="utf-8")
        n += 1
print(n)
"""


INDEX = r"""
import sys, pathlib
from transparency.pagefind import find_binary, index_site, indexed_pages
from transparency.settings import Config
from transparency.variants import VARIANT_DIRS
site = pathlib.Path(sys.argv[1])
out = index_site(find_binary(pathlib.Path.cwd()), site, Config().search_shard_pages, VARIANT_DIRS)
shards = (site / "pagefind" / "shards.js").read_text().count("part-") + 1
print(f"INDEXED {indexed_pages(out)} SHARDS {shards}")
"""


def settings_file(project: Path, more: str = "", name: str = "benchconf.py") -> Path:
    """The project's settings with absolute paths; no Pagefind (measured on its own) and no git."""
    extra = f"TRANSPARENCY['pagefind'] = False\nTRANSPARENCY['use_git'] = False\n{more}"
    return sites.settings_file(project, extra, name=name)


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def count(folder: Path, pattern: str) -> int:
    return sum(1 for _ in folder.rglob(pattern))


def add_holidays(project: Path) -> int:
    """data/holidays/<year>.yaml for every year the synthetic records span; returns how many files."""
    folder = project / "data" / "holidays"
    folder.mkdir(parents=True, exist_ok=True)
    this_year = int(TODAY[:4])
    years = range(2015, this_year + 2)  # synth.py's history starts in 2016; and next year
    for year in sorted(years):
        real = ROOT / "data" / "holidays" / f"{year}.yaml"
        if real.exists():
            shutil.copy(real, folder / real.name)
            continue
        days = [
            dt.date(year, month, first) + dt.timedelta(days=k)
            for month, first, length in FIXED_HOLIDAYS
            for k in range(length)
        ]
        lines = [f"year: {year}", "holidays:", *(f"  - {d.isoformat()}" for d in days), "workdays: []", ""]
        (folder / f"{year}.yaml").write_text("\n".join(lines), encoding="utf-8")
    return len(years)


def bench_one(n: int, scratch: Path, peer: bool, search: bool) -> dict:
    project = synth.generate(scratch / f"n{n}", n)
    holiday_files = add_holidays(project)
    env = {"PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": TODAY}
    conf = settings_file(project)
    build = [PY, "-m", "pelican", "content", "-s", str(conf), "-o", "output"]
    result: dict = {"decisions": n, "holiday_files": holiday_files}
    floor_out = scratch / f"floor{n}"
    shutil.rmtree(floor_out, ignore_errors=True)
    result["floor"] = measure([PY, "-c", FLOOR, str(project), str(floor_out)], project)
    result["check"] = measure(
        [PY, "-m", "transparency", "check", "--root", str(project), "--settings", str(conf)], project, env
    )
    shutil.rmtree(project / "output", ignore_errors=True)
    result["build_cold"] = measure(build, project, env)
    result["pages"] = count(project / "output", "*.html")
    # Files written per decision (issue 14): everything in output/ (pages, index.json beside each record,
    # open data, feeds, theme; before Pagefind, which is measured on its own) over the decisions.
    result["files"] = sum(1 for p in (project / "output").rglob("*") if p.is_file())
    result["files_per_decision"] = result["files"] / n
    result["pages_per_decision"] = result["pages"] / n
    result["output_mb"] = size_mb(project / "output")
    # The first rebuild places every page from the page cache; from the next one on, the site before
    # last is recycled and only changed pages are written (staging.py): that steady state is measured.
    result["build_first_rebuild"] = measure(build, project, env)
    result["build_unchanged"] = measure(build, project, env)
    one = next(iter(sorted((project / "data" / "decisions").rglob("*.yaml"))))
    one.write_text(
        one.read_text(encoding="utf-8").replace("以上事實", "以上事實（已更正）"), encoding="utf-8"
    )
    result["build_one_changed"] = measure(build, project, env)
    # The first build on the next day: only the pages that show something derived from today change.
    result["build_new_day"] = measure(build, project, {**env, "TRANSPARENCY_TODAY": NEXT_DAY})
    # What the other script costs: the same cold build with one script, no 長者模式 entry, no page cache.
    plain = settings_file(
        project,
        "TRANSPARENCY['other_scripts'] = False\nTRANSPARENCY['elder_mode'] = False\n"
        "TRANSPARENCY['page_cache'] = False",
        name="benchplain.py",
    )
    result["build_cold_plain"] = measure(
        [PY, "-m", "pelican", "content", "-s", str(plain), "-o", "output-plain"], project, env
    )
    result["pages_plain"] = count(project / "output-plain", "*.html")
    shutil.rmtree(project / "output-plain", ignore_errors=True)
    result["pagefind"] = measure([PY, "-c", INDEX, str(project / "output")], project, env)
    indexed = re.search(r"INDEXED (\d+) SHARDS (\d+)", result["pagefind"]["output"])
    result["pagefind"]["indexed"] = int(indexed.group(1))
    result["pagefind"]["shards"] = int(indexed.group(2))
    result["pagefind"]["pages_per_s"] = int(indexed.group(1)) / result["pagefind"]["wall"]
    result["pagefind_mb"] = size_mb(project / "output" / "pagefind")
    if search:
        result["search_kb"], result["search_parts_kb"] = search_bytes(project / "output")
    if peer:
        peer_root = synth.markdown_peer(scratch / f"peer{n}", n)
        result["pelican_peer"] = measure([PY, "-m", "pelican", "content", "-o", "output"], peer_root)
    result["build_cold"]["records_per_s"] = n / result["build_cold"]["wall"]
    for step in (*STEPS, "pelican_peer"):
        if step in result:
            result[step]["ratio_to_floor"] = result[step]["wall"] / result["floor"]["wall"]
            result[step].pop("output", None)
    result["floor"].pop("output", None)
    return result


# What a search fetches from pagefind/, by kind (bench prints the KB of each; pagefind.py, search.js).
KINDS = (
    ("ui", r"pagefind-ui\.(js|css)$"),
    ("code", r"pagefind(-worker)?\.js$|shards\.js$"),
    ("wasm", r"wasm\."),
    ("entry+meta", r"pagefind-entry\.json$|\.pf_meta$"),
    ("word index", r"\.pf_index$"),
    ("filters", r"\.pf_filter$"),
    ("fragments", r"\.pf_fragment$"),
)


# The measured steps of our own build, whose peak memory the table reports.
STEPS = (
    "check",
    "build_cold",
    "build_cold_plain",
    "build_first_rebuild",
    "build_unchanged",
    "build_one_changed",
    "build_new_day",
    "pagefind",
)


def search_bytes(site: Path) -> tuple[float, dict[str, float]]:
    """KB a browser fetches for one typical search, cold cache, and what they are."""
    from playwright.sync_api import sync_playwright

    from tools.search_quality import CHROMIUM, serve

    srv, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(base_url=base)
            fetched = []
            page.on("requestfinished", lambda r: fetched.append(r))
            page.goto("/search/?q=安全評估")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=120000)
            page.wait_for_timeout(300)
            sizes = [(r.url, r.sizes()["responseBodySize"] or 0) for r in fetched if "/pagefind/" in r.url]
            browser.close()
    finally:
        srv.shutdown()
    parts: dict[str, float] = {}
    for url, size in sizes:
        kind = next((k for k, pattern in KINDS if re.search(pattern, url)), "other")
        parts[kind] = parts.get(kind, 0) + size / 1024
    return sum(size for _, size in sizes) / 1024, parts


def table(results: list[dict]) -> str:
    rows = [
        "| decisions | floor s | check s (×floor) | cold build s (×floor) | records/s | cold, one script s (×floor) "
        "| first rebuild s "
        "| unchanged rebuild s (cold ÷) | one changed s (cold ÷) | new day s (cold ÷) "
        "| Pagefind s (pages/s, shards) | peak MB "
        "| pages | files per decision (pages) | output MB | bundle MB | search KB (by kind) "
        "| stock Pelican s (× ours) |",
        "|" + "---|" * 18,
    ]
    for r in results:
        cold = r["build_cold"]["wall"]
        peer = r.get("pelican_peer")
        pf = r["pagefind"]
        peer_text = f"{peer['wall']:.1f} ({peer['wall'] / cold:.2f})" if peer else "—"
        day = r.get("build_new_day")
        new_day = f"{day['wall']:.1f} ({cold / day['wall']:.1f})" if day else "—"
        rows.append(
            f"| {r['decisions']:,} | {r['floor']['wall']:.1f} | {r['check']['wall']:.1f} ({r['check']['ratio_to_floor']:.1f}) "
            f"| {cold:.1f} ({r['build_cold']['ratio_to_floor']:.1f}) | {r['build_cold']['records_per_s']:,.0f} "
            f"| {r['build_cold_plain']['wall']:.1f} ({r['build_cold_plain']['ratio_to_floor']:.1f}) "
            f"| {r['build_first_rebuild']['wall']:.1f} "
            f"| {r['build_unchanged']['wall']:.1f} ({cold / r['build_unchanged']['wall']:.1f}) "
            f"| {r['build_one_changed']['wall']:.1f} ({cold / r['build_one_changed']['wall']:.1f}) "
            f"| {new_day} "
            f"| {pf['wall']:.1f} ({pf['pages_per_s']:.0f}, {pf['shards']}) "
            f"| {max(r[k]['rss_mb'] for k in STEPS if k in r):.0f} | {r['pages']:,} "
            f"| {r['files_per_decision']:.2f} ({r['pages_per_decision']:.2f}) | {r['output_mb']:.0f} "
            f"| {r['pagefind_mb']:.1f} | {r.get('search_kb', 0):.0f} ({parts_text(r.get('search_parts_kb', {}))}) "
            f"| {peer_text} |"
        )
    return "\n".join(rows)


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def targets(results: list[dict]) -> str:
    """Issue 13's and 14's targets, each with its figure from this run and whether it is met."""
    rows = ["| target | N | figure | result |", "|---|---|---|---|"]

    def add(name: str, r: dict, figure: str, ok: bool) -> None:
        rows.append(f"| {name} | {r['decisions']:,} | {figure} | {_verdict(ok)} |")

    for r in results:
        if r["decisions"] < 10_000:
            continue  # the targets are set at 10,000 and 100,000 decisions
        floor = r["floor"]["wall"]
        cold = r["build_cold"]["wall"]
        full = cold + r["pagefind"]["wall"]
        add("cold build without Pagefind ≤ 2× the floor", r, f"{cold / floor:.1f}×", cold <= 2 * floor)
        add("full build with Pagefind ≤ 6× the floor", r, f"{full / floor:.1f}×", full <= 6 * floor)
        add(
            "`invoke check` ≤ 1× the floor",
            r,
            f"{r['check']['wall'] / floor:.2f}×",
            r["check"]["wall"] <= floor,
        )
        unchanged = cold / r["build_unchanged"]["wall"]
        changed = cold / r["build_one_changed"]["wall"]
        add("unchanged rebuild ≥ 5× faster than cold", r, f"{unchanged:.1f}×", unchanged >= 5)
        add("one changed record ≥ 3× faster than cold", r, f"{changed:.1f}×", changed >= 3)
        if "build_new_day" in r:
            new_day = cold / r["build_new_day"]["wall"]
            add("first build on a new day faster than cold (no goal)", r, f"{new_day:.1f}×", new_day > 1)
        peak = max(r[k]["rss_mb"] for k in STEPS if k in r)
        add("peak memory < 2 GB", r, f"{peak:,.0f} MB", peak < 2048)
        if "files_per_decision" in r:
            # The 5.7 counted pages (4 variants × 1.4 pages a record); the record JSON of issue 19
            # came later and is shown beside it.
            add(
                "pages written per decision ≤ 3 (all files, JSON included)",
                r,
                f"{r['pages_per_decision']:.2f} ({r['files_per_decision']:.2f})",
                r["pages_per_decision"] <= 3,
            )
        if "search_kb" in r:
            limit = 300 if r["decisions"] <= 10_000 else 600
            add(f"one first search ≤ {limit} KB", r, f"{r['search_kb']:.0f} KB", r["search_kb"] <= limit)
    by_n = {r["decisions"]: r for r in results}
    if 10_000 in by_n and 100_000 in by_n:
        small, big = by_n[10_000], by_n[100_000]
        for step, name in (
            ("build_cold", "cold build"),
            ("check", "`invoke check`"),
            ("pagefind", "Pagefind"),
        ):
            ratio = big[step]["wall"] / small[step]["wall"]
            add(f"{name} at 100k ≤ 11× its time at 10k", big, f"{ratio:.1f}×", ratio <= 11)
    return "\n".join(rows)


def main(sizes: list[int], scratch: Path, peer: bool = True, search: bool = True) -> None:
    scratch.mkdir(parents=True, exist_ok=True)
    out = ROOT / "bench"
    out.mkdir(exist_ok=True)
    results = []
    for n in sizes:
        print(f"N = {n:,} …", flush=True)
        results.append(bench_one(n, scratch, peer, search))
        print(json.dumps(results[-1], ensure_ascii=False, indent=1), flush=True)
        # Written after each size, so that a long run's figures survive an interruption.
        (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        (out / "results.md").write_text(table(results) + "\n\n" + targets(results) + "\n", encoding="utf-8")
    print(table(results))
    print()
    print(targets(results))
    for r in results:
        if "search_parts_kb" in r:
            print(
                f"search KB at {r['decisions']:,} decisions: {r['search_kb']:.0f} = {parts_text(r['search_parts_kb'])}"
            )


def parts_text(parts: dict[str, float]) -> str:
    """`code 47 + wasm 54 + …`: the search bytes by kind, in KINDS order."""
    order = [k for k, _ in KINDS] + ["other"]
    return " + ".join(f"{k} {parts[k]:.0f}" for k in order if k in parts)
