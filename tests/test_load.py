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
