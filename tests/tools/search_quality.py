"""Measure Pagefind on a built site: precision and recall of Chinese queries, bytes per search.

Ground truth for a word is the set of indexed pages whose searchable text
contains it (what Pagefind itself is given: the data-pagefind-body, minus
data-pagefind-ignore). Run: `invoke measure` (builds the demo site first).
"""

from __future__ import annotations

import functools
import http.server
import json
import socketserver
import sys
import threading
from pathlib import Path

from bs4 import BeautifulSoup

CHROMIUM = "/usr/bin/chromium"
WORDS = [
    "處罰",
    "生產",
    "安全生產",
    "罰款",
    "高處",
    "墜落",
    "危險化學品",
    "停產停業",
    "有限公司",
    "消防",
    "燃氣",
    "特種設備",
    "警告",
    "宏達化工",
    "應急管理局",
    "安全評估",
]
QUERIES = Path(__file__).resolve().parents[1] / "fixtures" / "search_queries.yaml"
# What the search page does with a query (search.js: window.SiteSearch normalises it and sets the
# ranking), through Pagefind's JS API: the URLs in the order a reader sees them.
SITE_SEARCH_JS = """async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    const s = window.SiteSearch;
    await pf.options(s.options);
    const r = await s.find(pf, q);
    const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    return data.map((d) => d.url);
}"""
SEARCH_JS = """async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    const r = await pf.search(q);
    const data = await Promise.all(r.results.map((x) => x.data()));
    return data.map((d) => d.url);
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def searchable_texts(site: Path, lang: str = "zh-Hant") -> dict[str, str]:
    """URL → the text Pagefind indexes for that page, for the index of one language (one per script)."""
    texts = {}
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        if soup.html is None or soup.html.get("lang") != lang:
            continue
        body = soup.find(attrs={"data-pagefind-body": True})
        if body is None:
            continue
        for ignored in body.find_all(attrs={"data-pagefind-ignore": True}):
            ignored.decompose()
        url = "/" + html.relative_to(site).parent.as_posix() + "/"
        texts[url.replace("//", "/")] = body.get_text()
    return texts


def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def measure(site: Path, words: list[str] = WORDS) -> dict:
    from playwright.sync_api import sync_playwright

    texts = searchable_texts(site)
    srv, base = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            # Bytes a phone fetches for one typical search, from a cold cache.
            ctx = browser.new_context(base_url=base)
            page = ctx.new_page()
            fetched = []
            page.on("requestfinished", lambda r: fetched.append(r))
            page.goto("/search/?q=宏達化工")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20000)
            search_bytes = sum((r.sizes()["responseBodySize"] or 0) for r in fetched if "/pagefind/" in r.url)
            ctx.close()
            page = browser.new_page(base_url=base)
            page.goto("/search/")
            for word in words:
                expected = {u for u, t in texts.items() if word in t}
                got = set(page.evaluate(SEARCH_JS, word))
                hits = len(expected & got)
                rows.append(
                    {
                        "query": word,
                        "expected": len(expected),
                        "returned": len(got),
                        "precision": hits / len(got) if got else (1.0 if not expected else 0.0),
                        "recall": hits / len(expected) if expected else 1.0,
                    }
                )
            browser.close()
    finally:
        srv.shutdown()
    bundle = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    return {
        "pages_indexed": len(texts),
        "bundle_bytes": bundle,
        "search_bytes": search_bytes,
        "queries": rows,
    }


def load_queries(path: Path = QUERIES) -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def relevant(query: dict, url: str) -> bool:
    return url in query.get("expect", ()) or ("prefix" in query and url.startswith(query["prefix"]))


def score(query: dict, urls: list[str]) -> tuple[float, float]:
    """Reciprocal rank of the first right page (0 if none in the first 10) and precision at 5
    (right pages in the first five over the most there could be: five, or fewer when fewer are right).
    A query the site has no answer to (kind none, `expect: []`) scores 1 and 1 when nothing is found,
    else 0 and 0: every page returned is a wrong one."""
    if query["kind"] == "none":
        return (0.0, 0.0) if urls else (1.0, 1.0)
    rr = next((1 / (i + 1) for i, u in enumerate(urls[:10]) if relevant(query, u)), 0.0)
    most = 5 if "prefix" in query else min(5, len(query["expect"]))
    return rr, sum(relevant(query, u) for u in urls[:5]) / most


def rank_queries(page, queries: list[dict]) -> list[dict]:
    """Run every query as the search page would, on a page already at /search/; rows with scores."""
    rows = []
    for query in queries:
        urls = page.evaluate(SITE_SEARCH_JS, query["q"])
        rr, p5 = score(query, urls)
        rows.append({**query, "urls": urls, "rr": rr, "p5": p5})
    return rows


def summary(rows: list[dict]) -> dict[str, tuple[float, float, int]]:
    """(MRR, mean precision@5, queries) overall and per kind."""
    out = {}
    for name, part in (
        ("overall", rows),
        ("identifier", [r for r in rows if r["kind"] == "identifier"]),
        ("topic", [r for r in rows if r["kind"] == "topic"]),
        ("none", [r for r in rows if r["kind"] == "none"]),
    ):
        if part:
            out[name] = (
                sum(r["rr"] for r in part) / len(part),
                sum(r["p5"] for r in part) / len(part),
                len(part),
            )
    return out


def ranking(site: Path, queries: list[dict] | None = None) -> list[dict]:
    """The query set (tests/fixtures/search_queries.yaml) run in headless Chromium against `site`."""
    from playwright.sync_api import sync_playwright

    srv, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(base_url=base)
            page.goto("/search/")
            page.wait_for_function("window.SiteSearch !== undefined")
            rows = rank_queries(page, queries if queries is not None else load_queries())
            browser.close()
    finally:
        srv.shutdown()
    return rows


def print_ranking(rows: list[dict]) -> None:
    print(f"{'RR':>5}{'P@5':>6}  query → first results")
    for r in rows:
        top = " ".join(u.strip("/").split("/")[-1] or "/" for u in r["urls"][:3])
        print(f"{r['rr']:>5.2f}{r['p5']:>6.2f}  {r['q']} → {top}")
    for name, (mrr, p5, n) in summary(rows).items():
        print(f"{name}: MRR {mrr:.3f}, precision@5 {p5:.3f} ({n} queries)")


def main(site: str) -> None:
    result = measure(Path(site))
    print(f"indexed pages: {result['pages_indexed']}")
    print(f"Pagefind bundle: {result['bundle_bytes'] / 1024:.0f} KiB")
    print(f"bytes fetched for one search (cold): {result['search_bytes'] / 1024:.0f} KiB")
    print(f"{'query':<12}{'expected':>9}{'returned':>9}{'precision':>10}{'recall':>8}")
    for r in result["queries"]:
        print(
            f"{r['query']:<12}{r['expected']:>9}{r['returned']:>9}{r['precision']:>10.2f}{r['recall']:>8.2f}"
        )
    rows = ranking(Path(site))
    print_ranking(rows)
    result["ranking"] = summary(rows)
    json.dump(result, sys.stderr, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "output")
