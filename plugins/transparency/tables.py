"""Tables that read as labelled cards on a phone.

Every cell of a table with a header row gets `data-label="<its column header>"`; the stylesheet shows
it as visible text before the value when the table is laid out as cards (narrow screens, 長者模式).
The explicit ARIA roles keep the header association for screen readers once CSS turns the rows into
blocks (some browsers drop table semantics on `display: block`).
"""

from __future__ import annotations

import re
from html import escape, unescape

# A table's body never crosses another `<table`: an unclosed table then costs one short scan, not a scan
# to the end of the page from every `<table` (quadratic on a page of unclosed tables).
_TABLE = re.compile(r"<table\b([^>]*)>((?:(?!<table\b).)*?)</table>", re.S)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S)
_TBODY = re.compile(r"<tbody\b([^>]*)>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
_CELL_OPEN = re.compile(r"<(td|th)(?=[\s>])([^>]*)>")
_HEADER = re.compile(r"<th(?=[\s>])([^>]*)>(.*?)</th>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPAN = re.compile(r"colspan=[\"']?(\d+)")
_SPACE = re.compile(r"\s+")


def _text(fragment: str) -> str:
    return _SPACE.sub(" ", unescape(_TAG.sub("", fragment))).strip()


def _span(attrs: str) -> int:
    m = _SPAN.search(attrs)
    return int(m.group(1)) if m else 1


def _headers(thead: str) -> list[str]:
    rows = _ROW.findall(thead)
    if not rows:
        return []
    labels: list[str] = []
    for attrs, inner in _HEADER.findall(rows[-1][1]):
        labels.extend([_text(inner)] * _span(attrs))
    return labels


def _label_row(row: re.Match, labels: list[str]) -> str:
    attrs, inner = row.group(1), row.group(2)
    column = 0

    def cell(m: re.Match) -> str:
        nonlocal column
        tag, cell_attrs = m.group(1), m.group(2)
        label = labels[column] if column < len(labels) else ""
        column += _span(cell_attrs)
        role = "rowheader" if tag == "th" else "cell"
        extra = f' role="{role}"'
        if label and "data-label=" not in cell_attrs:
            extra += f' data-label="{escape(label, quote=True)}"'
        return f"<{tag}{cell_attrs}{extra}>"

    return f'<tr{attrs} role="row">{_CELL_OPEN.sub(cell, inner)}</tr>'


def _label_table(m: re.Match) -> str:
    attrs, inner = m.group(1), m.group(2)
    head = _THEAD.search(inner)
    if head is None or "data-cards" in attrs:
        return m.group(0)
    labels = _headers(head.group(1))
    if not labels:
        return m.group(0)
    thead = head.group(0)
    thead_new = re.sub(r"<thead\b", '<thead role="rowgroup"', thead, count=1)
    thead_new = re.sub(r"<tr\b", '<tr role="row"', thead_new)
    thead_new = re.sub(r"<th(?=[\s>])", '<th role="columnheader"', thead_new)
    inner = inner.replace(thead, thead_new, 1)

    def body(b: re.Match) -> str:
        rows = _ROW.sub(lambda r: _label_row(r, labels), b.group(2))
        return f'<tbody{b.group(1)} role="rowgroup">{rows}</tbody>'

    inner = _TBODY.sub(body, inner)
    return f'<table{attrs} role="table" data-cards>{inner}</table>'


def label_cells(html: str) -> str:
    """The page with every header-row table's cells labelled by their column header (idempotent)."""
    if "<thead" not in html:
        return html
    return _TABLE.sub(_label_table, html)
