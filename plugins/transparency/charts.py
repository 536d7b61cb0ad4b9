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


def columns(uid: str, title: str, series: list[tuple[str, float]], fmt=str, height: int = 220) -> Markup:
    """Vertical bars, one per label (months, buckets); values labelled above the bars."""
    n = max(1, len(series))
    top = max([v for _, v in series] + [1])
    slot = 48
    width = 40 + n * slot
    chart_h = height - 60
    parts = [f'<line x1="30" y1="{chart_h + 20}" x2="{width - 5}" y2="{chart_h + 20}" stroke="{AXIS}"/>']
    for i, (label, value) in enumerate(series):
        h = round(chart_h * value / top)
        x = 36 + i * slot
        y = chart_h + 20 - h
        parts.append(f'<rect x="{x}" y="{y}" width="{slot - 12}" height="{h}" fill="{BAR}"/>')
        parts.append(
            f'<text x="{x + (slot - 12) / 2}" y="{y - 4}" font-size="11" text-anchor="middle">{escape(fmt(value))}</text>'
        )
        parts.append(
            f'<text x="{x + (slot - 12) / 2}" y="{chart_h + 36}" font-size="11" text-anchor="middle">{escape(label)}</text>'
        )
    desc = "；".join(f"{label}：{fmt(value)}" for label, value in series)
    return _frame(uid, title, desc, width, height, "".join(parts))


def bars(
    uid: str, title: str, series: list[tuple[str, float]], fmt=str, maximum: float | None = None
) -> Markup:
    """Horizontal bars, one per label (departments); the value written at the end of each bar."""
    row = 28
    label_w, bar_w = 190, 300
    width, height = label_w + bar_w + 80, 10 + row * max(1, len(series))
    top = maximum or max([v for _, v in series] + [1])
    parts = []
    for i, (label, value) in enumerate(series):
        y = 8 + i * row
        w = round(bar_w * value / top) if top else 0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{row - 10}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 15}" font-size="12">{escape(fmt(value))}</text>')
    desc = "；".join(f"{label}：{fmt(value)}" for label, value in series)
    return _frame(uid, title, desc, width, height, "".join(parts))
