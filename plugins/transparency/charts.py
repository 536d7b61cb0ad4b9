"""Charts drawn at build time as inline SVG: no script, no request, a text alternative each."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR = "#8a1c1c"
AXIS = "#505a5f"


def _frame(uid: str, title: str, desc: str, width: int, height: int, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>{body}</svg>'
    )


WIDTH = 320  # drawn at its own size on a 360 px phone: 13 px text stays 13 px (never scaled down)
FONT = 13


def bars(
    uid: str, title: str, series: list[tuple[str, float]], fmt=str, maximum: float | None = None
) -> Markup:
    """Horizontal bars, one per label; the label on its own line above the bar, the value after it.

    Labels never share a line, so long ones (departments, 「12–15 日」) cannot collide."""
    row = 44
    bar_w = WIDTH - 70
    height = 6 + row * max(1, len(series))
    top = maximum or max([v for _, v in series] + [1])
    parts = []
    for i, (label, value) in enumerate(series):
        y = 4 + i * row
        w = round(bar_w * value / top) if top else 0
        parts.append(f'<text x="0" y="{y + 14}" font-size="{FONT}">{escape(label)}</text>')
        parts.append(f'<rect x="0" y="{y + 20}" width="{w}" height="16" fill="{BAR}"/>')
        parts.append(f'<text x="{w + 6}" y="{y + 33}" font-size="{FONT}">{escape(fmt(value))}</text>')
    desc = "；".join(f"{label}：{fmt(value)}" for label, value in series)
    return _frame(uid, title, desc, WIDTH, height, "".join(parts))


def columns(uid: str, title: str, series: list[tuple[str, float]], fmt=str) -> Markup:
    """Counts per label (months, day buckets): drawn as labelled horizontal bars to fit a phone."""
    return bars(uid, title, series, fmt)
