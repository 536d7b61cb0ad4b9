"""Recall and false alarms of the PII rule on tests/fixtures/pii_corpus.yaml, and the output scan's speed.

    python3 tests/tools/pii_measure.py [--code DIR] [--throughput]

`--code` measures another checkout's plugin (e.g. /tmp/before, the code before the formats were
recognised). Besides find() it measures a broad address rule (any text naming a place down to a village,
road or house number) to show what the precise one (a word that says a person lives there) gains.
`--throughput` times scan_text over a large page shaped like a real list of decisions (MB/s).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "pii_corpus.yaml"
KINDS = ("身分證號", "手機號", "銀行卡號", "自然人住址")

_BROAD = re.compile(
    r"(?:省|市|縣|县|區|区|鎮|镇|鄉|乡|街道)[^，。；\n]{0,20}?"
    r"(?:[0-9０-９一二三四五六七八九十]+(?:號|号|組|组|棟|栋|室)|[^某X×]村|路|街|巷|社區|小區)"
)


def broad_address(text: str) -> bool:
    """The broad rule: any place named down to a village, road or house number is someone's address."""
    return bool(_BROAD.search(text))


def load() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def _find(privacy, text: str, person: bool) -> list[str]:
    try:
        hits = privacy.find(text, person=person)
    except TypeError:  # the code before: find(text) only
        hits = privacy.find(text)
    return [kind for kind, _ in hits]


def measure(privacy, corpus: dict) -> dict:
    """Per kind: positives caught of all; negatives flagged of all (with their labels)."""
    caught, total = Counter(), Counter()
    missed: list[str] = []
    for item in corpus["positives"]:
        kinds = _find(privacy, item["text"], item.get("field") == "representative")
        total[item["kind"]] += 1
        if item["kind"] in kinds:
            caught[item["kind"]] += 1
        else:
            missed.append(f"{item['kind']} {item['format']}: {item['text']!r}")
    alarms = []
    for item in corpus["negatives"]:
        kinds = _find(privacy, item["text"], item.get("field") == "representative")
        if kinds:
            alarms.append(f"{item['label']}: {item['text']!r} → {kinds}")
    return {
        "caught": caught,
        "total": total,
        "missed": missed,
        "alarms": alarms,
        "negatives": len(corpus["negatives"]),
    }


def measure_broad(corpus: dict) -> tuple[int, int, int, int]:
    """(address positives caught, address positives, negatives flagged, negatives) of the broad rule."""
    pos = [i for i in corpus["positives"] if i["kind"] == "自然人住址"]
    caught = sum(broad_address(i["text"]) for i in pos)
    alarms = sum(broad_address(i["text"]) for i in corpus["negatives"])
    return caught, len(pos), alarms, len(corpus["negatives"])


def realistic_page(rows: int = 3000) -> str:
    """A list page like decisions/index.html at scale: table rows with numbers, dates, amounts, names."""
    head = '<!DOCTYPE html>\n<html lang="zh-Hant">\n<head><meta charset="utf-8"><title>行政處罰決定</title></head>\n<body>\n'
    row = (
        "      <tr>\n"
        '        <td><a href="/decisions/2026/yjj-2026-{n:03d}/">示應急罰〔2026〕{n}號</a></td>\n'
        "        <td>2026-03-{d:02d}</td>\n"
        "        <td>示範縣宏達化工有限公司第{n}分廠</td>\n"
        "        <td>91439900MA4L8XNQ2K</td>\n"
        "        <td>罰款 {amount:,} 元</td>\n"
        "        <td>經查，當事人於 2026 年 3 月 {d} 日在示範縣工業園區創業路{n}號的倉庫內存放危險化學品 {n} 噸，"
        "未按規定對重大危險源進行安全評估。諮詢電話 0731-84561234。</td>\n"
        "      </tr>\n"
    )
    body = "".join(row.format(n=i, d=i % 28 + 1, amount=50000 + i * 100) for i in range(1, rows + 1))
    return head + '  <table class="decisions">\n' + body + "  </table>\n</body>\n</html>\n"


def throughput(privacy, text: str, repeat: int = 5) -> float:
    """MB/s of scan_text over `text` (best of `repeat`)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        found = privacy.scan_text(text, "decisions/index.html")
        best = min(best, time.perf_counter() - start)
    assert not found, found
    return len(text.encode("utf-8")) / best / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose plugin is measured")
    parser.add_argument("--throughput", action="store_true", help="also time scan_text on a large page")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve() / "plugins"))
    from transparency import privacy

    corpus = load()
    m = measure(privacy, corpus)
    print(f"code: {args.code}")
    print("| kind | recall |")
    print("|---|---|")
    for kind in KINDS:
        c, t = m["caught"][kind], m["total"][kind]
        print(f"| {kind} | {c}/{t} = {c / t:.2f} |" if t else f"| {kind} | – |")
    c, t = sum(m["caught"].values()), sum(m["total"].values())
    print(f"| all | {c}/{t} = {c / t:.2f} |")
    n = m["negatives"]
    print(f"false alarms: {len(m['alarms'])}/{n} = {len(m['alarms']) / n:.3f}")
    bc, bt, ba, bn = measure_broad(corpus)
    print(f"broad address rule: recall {bc}/{bt} = {bc / bt:.2f}, false alarms {ba}/{bn} = {ba / bn:.3f}")
    for line in m["missed"]:
        print("missed:", line)
    for line in m["alarms"]:
        print("false alarm:", line)
    if args.throughput:
        page = realistic_page()
        print(
            f"scan_text: {throughput(privacy, page):.1f} MB/s over a {len(page.encode()) / 1e6:.1f} MB page"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
