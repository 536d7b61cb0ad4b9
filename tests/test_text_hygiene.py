"""Text hygiene (V14), look-alike decision numbers (V2) and findings output that cannot be forged."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from transparency.findings import HIDDEN, char_label, error, hidden_chars, to_json, visible
from transparency.load import hidden_in_text, read_source
from transparency.schema import DECISION, DEPARTMENT, WARNING
from transparency.validate import Validator, canonical_number, check_decision_rules, number_problem


def _read(tmp_path: Path, raw: bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    return read_source(path, tmp_path)


def _value(fld, value, line=7):
    found: list = []
    ok = Validator(lambda *a: found.append(a)).value(fld, value, fld.name, line)
    return ok, found


# -- which characters ---------------------------------------------------------------------------------


def test_every_format_and_control_character_is_hidden():
    """Checked against Python's own Unicode tables, so a new Cf character cannot slip through."""
    missing = []
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        category = unicodedata.category(char)
        if (category == "Cf" or (category == "Cc" and char not in "\t\n\r")) and not HIDDEN.match(char):
            missing.append(f"U+{cp:04X}")
    assert missing == []


@pytest.mark.parametrize(
    "char",
    ["\u200b", "\u200d", "\u202e", "\u2066", "\u00ad", "\ufeff", "\u2028", "\ufe00", "\U000e0041", "\x85"],
)
def test_invisible_and_direction_characters_are_hidden(char):
    assert list(hidden_chars(f"示範{char}縣")) == [(2, char)]


@pytest.mark.parametrize(
    "text", ["示範縣\u3000宏達", "造字\ue000", "⚠\ufe0f 警示", "A\u00a0B", "tab\tand\nline"]
)
def test_visible_or_meaningful_characters_are_allowed(text):
    assert list(hidden_chars(text)) == []


def test_a_variation_selector_after_a_letter_is_hidden():
    assert list(hidden_chars("化\ufe0f工")) == [(1, "\ufe0f")]


def test_characters_are_named_by_code_point_in_chinese():
    assert char_label("\u202e") == "U+202E（從右至左覆寫）"
    assert char_label("\x00") == "U+0000（空字元 NUL）"
    assert char_label("\x1b") == "U+001B（跳脫字元 ESC）"
    assert char_label("\x01") == "U+0001（控制字元）"
    assert char_label("\ufe01") == "U+FE01（變體選擇符）"
    assert char_label("\U000e0041") == "U+E0041（標籤字元）"


# -- raw text: the real line and column -----------------------------------------------------------------


def test_nul_byte_is_reported_at_its_real_line(tmp_path):
    [f] = _read(tmp_path, "a: 1\nb: 2\nfacts: 經查，\0該公司\n".encode()).findings
    assert (f.rule, f.line) == ("V14", 3) and "U+0000" in f.message and "第 3 行第 11 字" in f.message
    assert "經查，⟦此處⟧該公司」" in f.message


def test_hidden_characters_in_comments_and_keys_are_found_too(tmp_path):
    text = "a: 1\n# 審核：\u202e eurt :tfard\nna\u200bme: x\n"
    found = _read(tmp_path, text.encode()).findings
    assert [(f.rule, f.line) for f in found] == [("V14", 2), ("V14", 3)]
    assert "U+202E（從右至左覆寫）" in found[0].message and "U+200B（零寬空格）" in found[1].message


@pytest.mark.parametrize("char, line", [("\u2028", 2), ("\x85", 2), ("\x1b", 2), ("\x7f", 2)])
def test_characters_yaml_takes_for_line_breaks_or_refuses_keep_their_line(tmp_path, char, line):
    [f] = _read(tmp_path, f"a: 1\nb: x{char}y\nc: 3\n".encode()).findings
    assert (f.rule, f.line) == ("V14", line)


def test_a_lone_carriage_return_is_refused_but_crlf_is_fine(tmp_path):
    assert _read(tmp_path, b"a: 1\r\nb: 2\r\n").ok
    [f] = _read(tmp_path, b"a: 1\rb: 2\n").findings
    assert f.rule == "V14" and "U+000D" in f.message


def test_many_lines_are_summarised():
    found = hidden_in_text("".join(f"k{i}: x\u200b\n" for i in range(30)))
    assert len(found) == 21 and found[-1][0] == 21 and "自第 21 行起另有 10 個" in found[-1][1]


# -- values and keys after YAML escapes --------------------------------------------------------------------


def test_escaped_hidden_characters_in_values(tmp_path):
    src = _read(tmp_path, 'violation: "未按規定\\e[2J評估\\a"\ntitle: "六月\\u202e警示"\n'.encode())
    assert src.ok
    ok, found = _value(DECISION.child("violation"), src.data["violation"])
    assert not ok and found[0][0] == "V14" and "U+001B（跳脫字元 ESC）、U+0007（響鈴字元）" in found[0][2]
    assert "（共 2 處）" in found[0][2] and "\x1b" not in found[0][2]
    ok, found = _value(WARNING.child("title"), src.data["title"])
    assert not ok and "U+202E" in found[0][2]


def test_tab_is_allowed_in_markdown_only_and_cr_nowhere():
    assert _value(DECISION.child("facts"), "一\t二\n三")[0]
    ok, found = _value(DECISION.child("violation"), "一\t二")
    assert not ok and found[0][0] == "V14" and "改為空格" in found[0][2]
    assert not _value(DECISION.child("facts"), "一\r二")[0]


def test_hidden_characters_in_an_enum_or_id_are_named_not_misreported():
    ok, found = _value(DEPARTMENT.child("id"), "yjj\u200b")
    assert not ok and found[0][0] == "V14"


def test_a_key_with_a_newline_and_escape_codes_is_v14_not_an_unknown_field():
    found: list = []
    from transparency.load import Mapping

    data = Mapping(1)
    data["violation\n共 0 個錯誤\x1b[2J"] = "x"
    data.lines["violation\n共 0 個錯誤\x1b[2J"] = 10
    Validator(lambda *a: found.append(a)).mapping(DECISION, data, "", 1)
    [v14] = [f for f in found if f[0] == "V14"]
    assert v14[1] == 10 and "U+000A（換行）" in v14[2]
    assert "\n" not in v14[2] and "\x1b" not in v14[2]
    assert not any(f[0] == "V4" for f in found)


# -- findings output ---------------------------------------------------------------------------------------


def test_a_finding_is_always_one_line():
    f = error("V4", "data/a\nOK.yaml", 3, "鍵「x\n共 0 個錯誤\x1b[2J\x1b[H」\u202e", record="號\r")
    line = f.format()
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u202e" not in line
    assert line == ("ERROR V4 data/a\\nOK.yaml:3 號\\r 鍵「x\\n共 0 個錯誤\\x1b[2J\\x1b[H」\\u202e")


def test_json_output_stays_valid_and_escapes_hidden_characters():
    message = "名稱\u202e含\x1b和\u2028及\U000e0041"
    text = to_json([error("V14", "a.yaml", 1, message)])
    assert "\u202e" not in text and "\u2028" not in text and "\x1b" not in text and "\U000e0041" not in text
    assert json.loads(text)[0]["message"] == message


def test_visible_leaves_ordinary_text_alone():
    assert visible("示應急罰〔2026〕1號 全形　空格") == "示應急罰〔2026〕1號 全形　空格"


# -- decision numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number, phrase",
    [
        ("示應急罰〔２０２６〕1號", "含全形或相容字元"),
        ("示應急罰［2026］1號", "年份應用六角括號〔〕"),
        ("示應急罰[2026]1號", "年份應用六角括號〔〕"),
        ("示應急罰【2026】1號", "年份應用六角括號〔〕"),
        ("示應急罰〔2026〕１號", "含全形或相容字元"),
    ],
)
def test_look_alike_numbers_are_v2_with_the_canonical_form(number, phrase):
    assert canonical_number(number) == "示應急罰〔2026〕1號"
    problem = number_problem(number)
    assert phrase in problem and "修正：寫成「示應急罰〔2026〕1號」" in problem


def test_the_canonical_number_is_accepted_as_is():
    assert number_problem("示應急罰〔2026〕12號") is None
    assert number_problem("示消行罰決字〔2026〕3號") is None
    assert number_problem(" 示應急罰〔2026〕12號 ") is None  # surrounding spaces are trimmed anyway
    # a space is visible, so not refused; the duplicate check compares the canonical form
    assert number_problem("示應急罰〔2026〕 12號") is None
    assert canonical_number("示應急罰〔2026〕 12號") == canonical_number("示應急罰〔2026〕12號")


def test_check_decision_rules_reports_the_number_at_its_line(tmp_path):
    src = _read(tmp_path, "status: in_force\nnumber: 示應急罰〔２０２６〕1號\n".encode())
    found: list = []
    check_decision_rules(src.data, lambda *a: found.append(a))
    assert [(r, line) for r, line, _ in found] == [("V2", 2)]
