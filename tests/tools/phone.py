"""Every page type of the demo at a phone's and a desk's width: what a reader sees, measured in Chromium.

Shared by tests/test_phone.py (the assertions) and `invoke screenshots` (the pictures)."""

from __future__ import annotations

from pathlib import Path

VIEWPORTS = {"phone": (360, 740), "desk": (1366, 768)}
# 長者模式 is a mode of the standard pages (theme/js/elder.js), not a copy: "elder" turns it on with the
# page's own entry, and the other two make sure it is off.
VARIANTS = {"standard": "/", "zh-hans": "/zh-hans/", "elder": "/"}
ELDER = {"elder"}

# (name, path under the variant's prefix); one of each page type of the demo.
PAGES = [
    ("home", ""),
    ("decisions", "decisions/"),
    ("decisions-filter", "decisions/department/yjj/"),
    ("decision", "decisions/2026/yjj-2026-001/"),
    ("withdrawn", "decisions/2026/zjj-2026-005/"),
    ("taken-down", "decisions/2026/yjj-2026-002/"),
    ("enterprises", "enterprises/"),
    ("enterprise", "enterprises/91439921MAL83JJQ4E/"),  # 91439900MA4L8XNQ2K has no page in the demo
    ("blacklist", "blacklist/"),
    ("blacklist-quarter", "blacklist/2026-q3/"),
    ("warnings", "warnings/"),
    ("warning", "warnings/2026-11/"),
    ("accident", "accidents/2012-02-14-fireworks-factory-explosion/"),
    ("actions", "actions/"),
    ("action", "actions/2026-01-hazardous-chemicals-dust/"),
    ("exposures", "exposures/"),
    ("plans", "plans/"),
    ("plan", "plans/2026/"),
    ("compliance", "compliance/"),
    ("compliance-detail", "compliance/yjj/"),
    ("data", "data/"),
    ("dataset", "data/decisions/"),
    ("search", "search/"),
    ("sitemap", "sitemap/"),
    ("404", "404.html"),
    ("content", "pages/about/"),
]

# Pages that list records: the first row of their first table is "the first record".
LISTS = {
    "home",
    "decisions",
    "decisions-filter",
    "enterprises",
    "blacklist",
    "blacklist-quarter",
    "warnings",
    "actions",
    "exposures",
    "plans",
    "compliance",
    "data",
}

MEASURE_JS = r"""
() => {
  const W = window.innerWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    ' «' + (el.textContent || '').trim().slice(0, 30) + '»';
  const visible = el => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
  const clipped = el => {  // visually hidden (1 px clipped box) or inside one
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clip !== 'auto' || s.clipPath !== 'none') return true;
      if (s.overflow === 'hidden' && a.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const out = {width: W, height: window.innerHeight, scrollWidth: document.scrollingElement.scrollWidth,
               wide: [], scrollers: [], unlabelled: [], captions: [], chartText: [], collisions: [],
               header: 0, searchBoxes: 0, first: null, cards: 0};
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el) || clipped(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > W + 0.5) out.wide.push(name(el) + ' right=' + Math.round(r.right));
    const s = getComputedStyle(el);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
      out.scrollers.push(name(el) + ' ' + el.scrollWidth + '>' + el.clientWidth);
  }
  for (const table of document.querySelectorAll('main table')) {
    if (!visible(table) || clipped(table)) continue;
    const cards = getComputedStyle(table).display === 'block';
    if (cards) {
      out.cards += 1;
      for (const cell of table.querySelectorAll(':scope > tbody > tr > *, :scope > tfoot > tr > *')) {
        if (!visible(cell) || !cell.innerText.trim()) continue;
        const before = getComputedStyle(cell, '::before');
        const label = cell.getAttribute('data-label') || '';
        if (!label.trim() || before.content === 'none' || before.content === 'normal' || before.display === 'none')
          out.unlabelled.push(name(cell));
      }
    }
    const cap = table.querySelector(':scope > caption');
    if (cap && visible(cap) && !clipped(cap)) {
      const cw = cap.getBoundingClientRect().width, tw = table.getBoundingClientRect().width;
      if (cw < 0.5 * tw) out.captions.push(name(cap) + ' ' + Math.round(cw) + '/' + Math.round(tw));
    }
  }
  for (const svg of document.querySelectorAll('svg.chart')) {
    if (!visible(svg)) continue;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const rects = [];
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * scale;
      if (px < 12) out.chartText.push(t.textContent + ' ' + px.toFixed(1) + 'px');
      rects.push([t.textContent, t.getBoundingClientRect()]);
    }
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const [a, ra] = rects[i], [b, rb] = rects[j];
        if (ra.left < rb.right - 0.5 && rb.left < ra.right - 0.5 && ra.top < rb.bottom - 0.5 && rb.top < ra.bottom - 0.5)
          out.collisions.push(a + ' / ' + b);
      }
  }
  const header = document.querySelector('.site-header');
  out.header = header ? header.getBoundingClientRect().height : 0;
  out.searchBoxes = [...document.querySelectorAll('input[type=search]')].filter(visible).length;
  const row = document.querySelector('main .dept-list, main table > tbody > tr');
  if (row) out.first = row.getBoundingClientRect().top + window.scrollY;
  return out;
}
"""


def url(variant: str, path: str) -> str:
    return VARIANTS[variant] + path


def elder_on(page) -> bool:
    return page.evaluate("document.documentElement.classList.contains('elder')")


def open_page(page, variant: str, path: str) -> dict:
    """Load a page in the variant's script, turn 長者模式 on or off with the page's own entry as a reader
    does (the browser remembers it for the next page), let it settle, and measure it."""
    response = page.goto(url(variant, path), wait_until="load")
    assert response is not None and response.ok, f"{variant} {path}: no such page in the site"
    want = variant in ELDER
    if elder_on(page) != want:
        page.click(f"nav.variant-switch a[data-elder={'on' if want else 'off'}]")
        assert elder_on(page) == want, f"{variant} {path}: the 長者模式 entry did not switch the mode"
    if path == "search/":
        page.wait_for_timeout(300)  # the search box is drawn by script
    return page.evaluate(MEASURE_JS)


def problems(name: str, variant: str, viewport: str, m: dict) -> list[str]:
    """What is wrong with one measured page, as lines for an assertion message."""
    where = f"{variant} {name} @{m['width']}px"
    out = []
    if m["scrollWidth"] > m["width"]:
        out.append(f"{where}: page scrolls sideways ({m['scrollWidth']} > {m['width']})")
    out += [f"{where}: wider than the screen: {w}" for w in m["wide"][:5]]
    out += [f"{where}: scrolls sideways inside: {w}" for w in m["scrollers"][:5]]
    out += [f"{where}: card value without a visible label: {u}" for u in m["unlabelled"][:5]]
    out += [f"{where}: caption narrower than half its table: {c}" for c in m["captions"][:5]]
    out += [f"{where}: chart text under 12 px: {c}" for c in m["chartText"][:5]]
    out += [f"{where}: chart labels collide: {c}" for c in m["collisions"][:5]]
    if name in LISTS:
        screens = 2 if variant in ELDER else 1.5
        if m["first"] is None:
            out.append(f"{where}: no record row found")
        elif m["first"] > screens * m["height"]:
            out.append(f"{where}: first record at {m['first']:.0f} px, beyond {screens} screens")
    # Three short rows: name and 欄目, the 長者模式/简体 links (visible on every page, 適老化), search.
    tallest = 180 if variant in ELDER else 150
    if viewport == "phone" and m["header"] > tallest:
        out.append(f"{where}: header {m['header']:.0f} px tall (≤ {tallest})")
    if name == "home" and m["searchBoxes"] != 1:
        out.append(f"{where}: {m['searchBoxes']} search boxes on home (want 1)")
    return out


def shoot(page, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=False)


def main(site: Path, dest: Path) -> int:
    """Screenshots (first screen, and the whole page) of every page type, variant and viewport.

    Prints what the measurements find wrong; returns how many problems there were."""
    from playwright.sync_api import sync_playwright

    from tools.search_quality import CHROMIUM, serve

    srv, base = serve(site)
    found = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for viewport, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, base_url=base)
                page = context.new_page()
                for variant in VARIANTS:
                    for name, path in PAGES:
                        m = open_page(page, variant, path)
                        found += problems(name, variant, viewport, m)
                        folder = dest / viewport / variant
                        shoot(page, folder / f"{name}.png")
                        page.screenshot(path=str(folder / f"{name}-full.png"), full_page=True)
                context.close()
            browser.close()
    finally:
        srv.shutdown()
    for line in found:
        print(line)
    print(f"{dest}: {len(VIEWPORTS) * len(VARIANTS) * len(PAGES) * 2} screenshots, {len(found)} problems")
    return len(found)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(1 if main(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
