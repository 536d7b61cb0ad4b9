"""Tables that read as labelled cards on a phone, in staff-written Markdown pages.

Every body cell of a table with a header row gets `data-label="<its column header>"`; the stylesheet
shows it as visible text before the value when the table is laid out as cards (narrow screens, 長者模式).
The explicit ARIA roles keep the header association for screen readers once CSS turns the rows into
blocks (some browsers drop table semantics on `display: block`).

The theme's own tables are written labelled by the macros of theme/templates/_tables.html; this is the
same for the tables of content/pages, set on Markdown's ElementTree as the page is rendered
(content.SafeContent registers `CardTables` after its sanitiser, which would drop data-label). Such a
table also gets a caption, visually hidden, as every table of the site has one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _span(cell: ET.Element) -> int:
    try:
        return max(1, int(cell.get("colspan") or 1))
    except ValueError:
        return 1


def _headers(thead: ET.Element) -> list[str]:
    """The column headers: the text of the last header row's cells, a spanned one once per column."""
    rows = thead.findall("tr")
    if not rows:
        return []
    labels: list[str] = []
    for cell in rows[-1]:
        if cell.tag in ("th", "td"):
            labels.extend([_text(cell)] * _span(cell))
    return labels


def label_table(table: ET.Element) -> bool:
    """Give a table with a header row the roles and per-cell labels of a card table (idempotent).

    Returns whether the table is one: a table without a header row is left as it is.
    """
    thead = table.find("thead")
    labels = _headers(thead) if thead is not None else []
    if not any(labels):
        return False
    table.set("role", "table")
    table.set("data-cards", "")
    thead.set("role", "rowgroup")
    for row in thead.findall("tr"):
        row.set("role", "row")
        for cell in row.findall("th"):
            cell.set("role", "columnheader")
    for body in table.findall("tbody"):
        body.set("role", "rowgroup")
        for row in body.findall("tr"):
            row.set("role", "row")
            column = 0
            for cell in row:
                if cell.tag not in ("th", "td"):
                    continue
                cell.set("role", "rowheader" if cell.tag == "th" else "cell")
                label = labels[column] if column < len(labels) else ""
                if label:
                    cell.set("data-label", label)
                else:
                    cell.attrib.pop("data-label", None)
                column += _span(cell)
    return True


HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


def caption_table(table: ET.Element, heading: str) -> None:
    """Give a table without a caption one for screen readers (every table of the site has one; Markdown
    cannot write it): the heading of its section, else its column headers. Shown in the page already,
    it is visually hidden."""
    if table.find("caption") is not None:
        return
    caption = ET.Element("caption", {"class": "visually-hidden"})
    caption.text = heading or "、".join(_headers(table.find("thead")))
    table.insert(0, caption)


class CardTables(Treeprocessor):
    """Labels the cells of every Markdown table with a header row by their column header, and captions it."""

    def run(self, root: ET.Element) -> None:
        heading = ""
        for el in list(root.iter()):  # document order: a table's section heading comes before it
            if el.tag in HEADINGS:
                heading = _text(el)
            elif el.tag == "table" and label_table(el):
                caption_table(el, heading)
