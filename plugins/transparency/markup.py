"""Markdown fields rendered without raw HTML, with only http(s) and mailto links."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _SafeLinks(Treeprocessor):
    """Drops links to other schemes and turns images into links (no request leaves the site)."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, el in enumerate(list(parent)):
                if el.tag == "a":
                    href = (el.get("href") or "").strip()
                    if not href.lower().startswith(SAFE_SCHEMES):
                        el.attrib.pop("href", None)
                        el.tag = "span"
                    else:
                        el.set("rel", "noopener noreferrer")
                elif el.tag == "img":
                    link = ET.Element(
                        "a" if (el.get("src") or "").lower().startswith(SAFE_SCHEMES) else "span"
                    )
                    if link.tag == "a":
                        link.set("href", el.get("src"))
                    link.text = el.get("alt") or el.get("src") or ""
                    link.tail = el.tail
                    parent[i] = link


def _make() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)
    return md


_MD = _make()


def render_md(text: str | None) -> Markup:
    """Render staff Markdown to HTML that cannot carry markup or scripts of its own."""
    if not text:
        return Markup("")
    _MD.reset()
    return Markup(_MD.convert(text))
