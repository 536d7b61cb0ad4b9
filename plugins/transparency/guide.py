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
from types import MappingProxyType

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


# The guide's list of every field, generated from the declarations (kinds/) between these markers.
FIELDS_START = "<!-- 字段一覽：invoke guide 按 plugins/transparency/kinds/ 的字段聲明生成，請勿直接修改 -->"
FIELDS_END = "<!-- /字段一覽 -->"
TYPES = MappingProxyType(
    {
        "str": "文字",
        "md": "多行文字（Markdown）",
        "date": "日期",
        "int": "整數",
        "number": "數字",
        "bool": "true 或 false",
        "enum": "選項",
        "list": "清單",
        "object": "下級字段",
        "url": "網址",
        "ref": "部門代號",
        "id": "編號",
        "quarter": "季度，如 2026-Q1",
        "month": "月份，如 2026-05",
    }
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(fld, prefix: str = "") -> list[str]:
    rows = []
    for f in fld.fields:
        path = prefix + f.name
        kind = TYPES[f.kind]
        if f.kind == "list" and f.item.kind != "object":
            kind += f"（每項：{TYPES[f.item.kind]}）"
        notes = [f.description] if f.description else []
        choices = f.choices or (f.item.choices if f.item is not None else ())
        if choices:
            notes.append("可選值：" + "；".join(f"`{v}` {label}" for v, label in choices))
        required = "必填" if f.required else "否"
        rows.append(f"| `{path}` | {_cell(f.title)} | {kind} | {required} | {_cell('。'.join(notes))} |")
        if f.kind == "object":
            rows += _rows(f, path + ".")
        elif f.kind == "list" and f.item.kind == "object":
            rows += _rows(f.item, path + ".")
    return rows


def field_reference() -> str:
    """Every field of every record kind as Markdown tables, one per kind (kinds.MODULES order)."""
    from .kinds import MODULES

    parts = []
    for module in MODULES:
        editor = module.EDITOR
        parts.append(f"#### {editor.schema.title}（`{editor.glob}`）\n")
        if editor.array_title:
            parts.append("文件是一個清單，每一項有以下字段。\n")
        parts.append("| 字段 | 名稱 | 類型 | 必填 | 說明 |\n| --- | --- | --- | --- | --- |")
        parts.append("\n".join(_rows(editor.schema)) + "\n")
    return "\n".join(parts)


def with_field_reference(text: str) -> str:
    """The guide with its generated field list (between FIELDS_START and FIELDS_END) brought up to date."""
    start, end = text.index(FIELDS_START) + len(FIELDS_START), text.index(FIELDS_END)
    return text[:start] + "\n\n" + field_reference() + "\n" + text[end:]


def generate(root: Path) -> Path:
    """Bring the field list of docs/staff-guide.md up to date, then write docs/staff-guide.zh-Hans.md
    from it; returns the Simplified guide's path."""
    source = (root / SOURCE).read_text(encoding="utf-8")
    if FIELDS_START in source:
        source = with_field_reference(source)
        (root / SOURCE).write_text(source, encoding="utf-8", newline="\n")
    target = root / TARGET
    target.write_text(simplified(source), encoding="utf-8", newline="\n")
    return target
