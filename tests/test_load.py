from pathlib import Path

import yaml

from transparency.load import BadDate, read_source


def _read(tmp_path: Path, raw: bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    return read_source(path, tmp_path)


def test_uses_libyaml_when_present():
    from transparency import load

    assert issubclass(load._Loader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def test_lines_of_keys_are_kept(tmp_path):
    src = _read(tmp_path, b"a: 1\nb:\n  c: 2\n")
    assert src.ok
    assert src.data.line_of("b") == 2
    assert src.data["b"].line_of("c") == 3


def test_duplicate_key_is_an_error_with_its_line(tmp_path):
    src = _read(tmp_path, b"a: 1\nb: 2\na: 3\n")
    [f] = src.findings
    assert (f.rule, f.line) == ("V10", 3)
    assert src.data["a"] == 1


def test_impossible_date_is_a_value_not_a_traceback(tmp_path):
    src = _read(tmp_path, b"decided: 2026-02-30\n")
    assert src.ok
    assert src.data["decided"] == BadDate("2026-02-30")


def test_tab_indentation_is_explained_in_chinese(tmp_path):
    src = _read(tmp_path, b"a:\n\tb: 1\n")
    [f] = src.findings
    assert f.rule == "V1" and f.line == 2 and "Tab" in f.message


def test_bom_non_utf8_and_empty_files(tmp_path):
    assert "BOM" in _read(tmp_path, b"\xef\xbb\xbfa: 1\n").findings[0].message
    f = _read(tmp_path, "a: 1\nb: 處罰\n".encode("big5")).findings[0]
    assert "UTF-8" in f.message and f.line == 2
    assert "空" in _read(tmp_path, b"# only a comment\n").findings[0].message


def test_blob_id_matches_git(tmp_path):
    src = _read(tmp_path, b"hello\n")
    assert src.blob == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_parse_cache_gives_the_same_record_and_findings(tmp_path):
    from transparency.load import ParseCache

    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb:\n  c: 2\na: 3\n")
    store = tmp_path / "parsed.pickle"
    cold = ParseCache(store)
    first = read_source(path, tmp_path, cold)
    assert ParseCache(store).entries == {}  # nothing saved yet
    cold.save()
    warm = ParseCache(store)
    assert [k.split(":")[0] for k in warm.entries] == [first.blob]  # keyed by blob id (and the limits)
    again = read_source(path, tmp_path, warm)
    assert again.data == first.data and again.data["b"].line_of("c") == 3
    assert [(f.rule, f.line, f.message) for f in again.findings] == [
        (f.rule, f.line, f.message) for f in first.findings
    ]
    path.write_bytes(b"a: 2\n")  # changed content: parsed anew
    assert read_source(path, tmp_path, warm).data == {"a": 2}


def test_a_cached_parse_made_by_other_parser_code_is_not_used(tmp_path, monkeypatch):
    from transparency import load

    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\n")
    store = tmp_path / "parsed.pickle"
    cache = load.ParseCache(store)
    read_source(path, tmp_path, cache)
    cache.save()
    forged = load.ParseCache(store)
    for key in forged.entries:  # what the old code would answer for these bytes
        forged.entries[key] = ({"a": "stale"}, [])
    assert read_source(path, tmp_path, forged).data == {"a": "stale"}  # same code: trusted
    monkeypatch.setattr(load, "PARSER_VERSION", "other-code")  # load.py or findings.py changed
    assert read_source(path, tmp_path, forged).data == {"a": 1}
    assert len(load._code_version()) == 16


# -- YAML mistakes: the line a person would fix, and what the usual mistake is (issue 18, item 5) --

_RECORD_HEAD = "".join(
    f"{key}: {value}\n"
    for key, value in (
        ("number", "示應急罰〔2026〕21號"),
        ("department", "yjj"),
        ("decided", "2026-03-02"),
        ("published", "2026-03-09"),
        ("party", "{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}"),
    )
)


def _only_finding(tmp_path: Path, text: str):
    src = _read(tmp_path, text.encode("utf-8"))
    [f] = src.findings
    assert f.rule == "V1" and "Traceback" not in f.message
    return f.line, f.message


def test_a_missing_space_after_a_colon_is_reported_at_its_own_line(tmp_path):
    # The case: `violation:未按照…` on line 14 was reported at line 15 as a missing 「:」.
    text = _RECORD_HEAD + "\n" * 8 + "violation:未按照規定對重大危險源進行安全評估\nfacts: |\n  經查，……\n"
    assert text.splitlines()[13].startswith("violation:")
    line, message = _only_finding(tmp_path, text)
    assert line == 14
    assert message == (
        "YAML 語法錯誤：第 14 行「violation:未按照規定對重大危險源進…」冒號後缺少空格；"
        "修正：在冒號後加一個空格，寫成「violation: 未按照規定對重大危險源進…」"
    )


def test_a_missing_space_in_a_nested_field_or_a_list_item_is_reported_at_its_own_line(tmp_path):
    line, message = _only_finding(tmp_path, "party:\n  type:organization\n  name: 某公司\n")
    assert line == 2 and "「type:organization」冒號後缺少空格" in message
    line, message = _only_finding(tmp_path, "a: 1\npenalties:\n  - type:fine\n    amount: 1\n")
    assert line == 3 and "寫成「type: fine」" in message


def test_a_full_width_colon_after_a_field_name_is_named(tmp_path):
    line, message = _only_finding(tmp_path, "number: x\nviolation：未按照規定\nfacts: y\n")
    assert line == 2 and "全角冒號「：」" in message and "寫成「violation: 未按照規定」" in message


def test_an_unindented_paragraph_under_a_block_is_reported_at_that_paragraph(tmp_path):
    # Issue: an unindented paragraph under `facts: |` on line 16 was reported at line 19.
    text = (
        _RECORD_HEAD
        + "violation: 未按規定對重大危險源進行安全評估\n"
        + "\n" * 6
        + "facts: |\n  經查，該公司未按規定進行安全評估。\n\n"
        + "該公司負責人對上述事實供認不諱：有詢問筆錄為證。\n\n  以上事實清楚。\nbasis: 《安全生產法》\n"
    )
    assert text.splitlines()[15].startswith("該公司負責人")
    line, message = _only_finding(tmp_path, text)
    assert line == 16
    assert "第 16 行「該公司負責人對上述事實供…」沒有縮進，但它屬於第 13 行「facts: |」的文字" in message
    assert "修正：在第 16 行行首加空格" in message


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    line, message = _only_finding(tmp_path, 'number: x\nviolation: "未按規定\ndepartment: yjj\nfacts: y\n')
    assert line == 2
    assert message == 'YAML 語法錯誤：第 2 行的引號 " 沒有閉合；修正：在這一行的值末尾補上 "，或刪去開頭的 "'
    line, message = _only_finding(tmp_path, "a: 1\nb: 2\nviolation: '未按規定\n")
    assert line == 3 and "引號 ' 沒有閉合" in message
    # closed by the next line's first quote: libyaml stops there, the mistake is the line above
    line, message = _only_finding(tmp_path, 'number: "abc\ndepartment: "yjj"\nfacts: x\n')
    assert line == 1 and '引號 " 沒有閉合' in message


def test_a_colon_and_space_inside_a_value_is_explained(tmp_path):
    line, message = _only_finding(tmp_path, "number: x\nviolation: 違反: 第三條\n")
    assert line == 2 and "值中有「: 」" in message and "加上引號" in message


def test_a_tab_is_still_named_as_a_tab(tmp_path):
    line, message = _only_finding(tmp_path, "a: 1\nfacts: |\n  x\n\ty\n")
    assert line == 4 and "Tab" in message
