"""The staff guide in Simplified characters, generated from the Traditional source (`invoke guide`).

docs/staff-guide.md is written in Traditional characters with mainland vocabulary (文件, 文件夾,
程序, 模板, 默認, 字段 …); docs/staff-guide.zh-Hans.md is that text through OpenCC's character
conversion (t2s) and the word table of speech.py (shared with the messages). OpenCC's
Taiwan-to-mainland phrase mode (tw2sp) is not used: on this guide it turns 單位元 (unit: yuan) into 单比特, 執行處罰 into 运行处罚 and
文件不存在 into 文档不存在. The table catches Taiwan/Hong Kong computing words that slip into the
source; a test keeps both files free of them and the committed Simplified guide in step.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import speech
from .speech import VOCABULARY

SOURCE = Path("docs/staff-guide.md")
TARGET = Path("docs/staff-guide.zh-Hans.md")
HEADER = "<!-- 本文件由 docs/staff-guide.md（繁体）经 invoke guide 生成，请勿直接修改；修改繁体版后重新生成。 -->\n\n"

# An example that must stay in Traditional characters (e.g. "這兩種寫法相同") is written between
# these markers in the source; they are invisible in rendered Markdown and dropped in the output.
KEEP = re.compile(r"<!--原文-->(.*?)<!--/原文-->", re.S)


def _convert(text: str) -> str:
    return speech.simplified(text, VOCABULARY)


def simplified(text: str) -> str:
    """Traditional guide text → the Simplified guide: OpenCC t2s, then the vocabulary table; the
    spans marked as 原文 are kept as written."""
    parts = KEEP.split(text)  # even: text to convert; odd: kept spans
    return HEADER + "".join(p if i % 2 else _convert(p) for i, p in enumerate(parts))


def leftover_terms(text: str) -> list[str]:
    """Taiwan/Hong Kong terms of the table found in `text` (either script), for the tests."""
    converted = speech.simplified(text, ())
    return [taiwan for taiwan, _ in VOCABULARY if taiwan in converted]


def generate(root: Path) -> Path:
    """Write docs/staff-guide.zh-Hans.md from docs/staff-guide.md; returns its path."""
    source = (root / SOURCE).read_text(encoding="utf-8")
    target = root / TARGET
    target.write_text(simplified(source), encoding="utf-8", newline="\n")
    return target
