"""Markdown fields: formatting works, markup and scripts do not."""

import pytest
from bs4 import BeautifulSoup

from transparency.markup import render_md

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</textarea><svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    '<div onclick="alert(1)">x</div>',
]


@pytest.mark.parametrize("text", XSS)
def test_no_markup_or_script_survives(text):
    soup = BeautifulSoup(str(render_md(text)), "lxml")
    assert not soup.find_all(["script", "img", "svg", "div", "textarea", "iframe"])
    for el in soup.find_all(True):
        assert not any(a.startswith("on") for a in el.attrs), el
        assert not el.get("href", "").lower().startswith(("javascript:", "data:")), el


def test_formatting_and_safe_links_work():
    soup = BeautifulSoup(
        str(render_md("經查，**某公司**：\n\n1. 一\n2. 二\n\n[報告](https://example.gov.cn/r)")), "lxml"
    )
    assert soup.strong.get_text() == "某公司"
    assert len(soup.find_all("li")) == 2
    assert soup.a["href"] == "https://example.gov.cn/r"


def test_remote_images_become_links_so_no_request_leaves_the_site():
    soup = BeautifulSoup(str(render_md("![現場照片](https://example.org/a.jpg)")), "lxml")
    assert soup.find("img") is None and soup.a["href"] == "https://example.org/a.jpg"
