"""Ways to feed Pagefind, measured on a built site's decision pages (issue: province scale).

    python tests/tools/pagefind_ways.py bench/scratch/n10000/output

1. the CLI over the HTML files (what the build does),
2. the Node API with custom records (text taken from the pages: Pagefind parses no HTML),
3. the Node API with one minimal HTML page per record.
Prints wall seconds, pages per second and the peak memory of the whole process tree.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))

from transparency.pagefind import find_binary  # noqa: E402


def records(site: Path, out: Path) -> int:
    """The text Pagefind indexes for every decision page, as custom records (JSON lines)."""
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for page in sorted(site.glob("decisions/20*/*/index.html")):
            text = page.read_text(encoding="utf-8")
            body = re.search(r"<main[^>]*>(.*)</main>", text, re.S).group(1)
            body = re.sub(r"<(nav|section|div)[^>]*data-pagefind-ignore.*?</\1>", " ", body, flags=re.S)
            plain = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))
            title = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)
            url = "/" + page.parent.relative_to(site).as_posix() + "/"
            record = {"url": url, "content": plain, "language": "zh-Hant", "meta": {"title": title}}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def peak(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak MB of the process tree (sampled every 0.1 s), output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    top = 0
    while proc.poll() is None:
        ps = subprocess.run(["ps", "-e", "-o", "rss=,comm="], capture_output=True, text=True).stdout
        top = max(
            top, sum(int(line.split()[0]) for line in ps.splitlines() if "pagefind" in line or "node" in line)
        )
        time.sleep(0.1)
    return time.perf_counter() - start, top / 1024, proc.stdout.read()


def main(site: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n = records(site, tmp / "records.jsonl")
        binary = find_binary(ROOT)
        ways = {
            "CLI over the HTML": [
                str(binary),
                "--site",
                str(site),
                "--glob",
                "decisions/20*/*/index.html",
                "--output-path",
                str(tmp / "cli"),
            ],
            "Node API, custom records": [
                "node",
                str(ROOT / "tests/tools/pagefind_ways.mjs"),
                str(tmp / "records.jsonl"),
                "custom",
                str(tmp / "custom"),
            ],
            "Node API, HTML per record": [
                "node",
                str(ROOT / "tests/tools/pagefind_ways.mjs"),
                str(tmp / "records.jsonl"),
                "html",
                str(tmp / "html"),
            ],
        }
        print(f"{n:,} decision pages")
        print("| way | s | pages/s | peak MB |\n|---|---|---|---|")
        for name, cmd in ways.items():
            wall, mb, _ = peak(cmd)
            print(f"| {name} | {wall:.1f} | {n / wall:.0f} | {mb:.0f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
