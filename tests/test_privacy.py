"""Rule PII: personal numbers and individuals' addresses never reach the site."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import decision_yaml

from transparency import privacy
from transparency.privacy import find, find_hits, fold, luhn, mask, scan_output, scan_text

sys.path.insert(0, str(Path(__file__).parent / "tools"))
import pii_measure

PATH = "decisions/2026/yjj-2026-012.yaml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身分證 11010519491231002X 登記", [("身分證號", "1101**********002X")]),
        ("聯繫電話13812345678。", [("手機號", "138****5678")]),
        ("電話 +86 13912345678", [("手機號", "139****5678")]),
        ("卡號 6222020200112345679 已凍結", [("銀行卡號", "6222***********5679")]),
    ],
)
def test_personal_numbers_are_found_and_masked(text, expected):
    assert list(find(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "身分證號 4305**********1234",  # masked
        "電話 138****5678",  # masked
        "統一社會信用代碼 91110000600037341L",  # a credit code, not an ID number
        "110105194913310028",  # month 13: not a valid ID number
        "110105194912310021",  # wrong check digit
        "罰款 13,800,000,000 元",  # money with separators
        "文號 示應急罰〔2026〕12號，決定日期 2026-03-02",
        "6222020200112345670",  # fails the Luhn check
        "12812345678",  # not a mobile prefix
    ],
)
def test_what_is_not_personal(text):
    assert list(find(text)) == []


def test_all_digit_credit_code_is_not_an_id_number():
    from transparency.identifiers import credit_check_char, is_resident_id

    # Search for an all-digit valid credit code that also passes the ID checks: the credit code wins.
    for n in range(100000):
        first17 = f"11010519491231{n:03d}"[:17] if n < 1000 else f"1101051949123{n:04d}"[:17]
        code = first17 + credit_check_char(first17)
        if code.isdigit() and is_resident_id(code):
            break
    else:
        pytest.skip("no such collision in the searched range")
    assert list(find(code)) == []


def test_luhn_and_mask():
    assert luhn("4111111111111111") and not luhn("4111111111111112")
    assert mask("13812345678") == "138****5678"


def test_phone_in_the_facts_fails_with_field_and_line(project):
    text = decision_yaml(facts="'經查，當事人手機13812345678。'")
    _, found = project({PATH: text})
    [f] = found
    assert (f.rule, f.line, f.level) == ("PII", 7, "ERROR")
    assert "facts" in f.message and "138****5678" in f.message and "13812345678" not in f.message


def test_id_number_in_a_nested_field(project):
    party = "{type: organization, name: 某公司, credit_code: 91439900MA4L8XNQ2K, representative: 李某某 11010519491231002X}"
    _, found = project({PATH: decision_yaml(party=party)})
    [f] = found
    assert f.rule == "PII" and "party.representative" in f.message


def test_individual_address_is_pii(project):
    _, found = project({PATH: decision_yaml(party="{type: individual, name: 張某某, address: 某村3組}")})
    assert [f.rule for f in found] == ["PII"]


def test_output_is_scanned_too(tmp_path):
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "index.html").write_text("<p>ok</p>\n<p>13812345678</p>\n", encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.json").write_text("13812345678", encoding="utf-8")
    [f] = scan_output(tmp_path)
    assert (f.rule, f.path, f.line) == ("PII", "output/decisions/index.html", 2)


# -- the formats people type, measured on the labelled corpus (tests/fixtures/pii_corpus.yaml) -----------


CORPUS = yaml.safe_load((Path(__file__).parent / "fixtures" / "pii_corpus.yaml").read_text(encoding="utf-8"))
POSITIVES = CORPUS["positives"]
NEGATIVES = CORPUS["negatives"]


def _person(item: dict) -> bool:
    return item.get("field") == "representative"


def test_the_corpus_is_large_and_labelled():
    assert len(POSITIVES) >= 60 and len(NEGATIVES) >= 60
    assert {p["kind"] for p in POSITIVES} == {"身分證號", "手機號", "銀行卡號", "自然人住址"}
    assert all(isinstance(i["text"], str) for i in POSITIVES + NEGATIVES)


def test_recall_is_complete_and_there_are_no_false_alarms():
    m = pii_measure.measure(privacy, CORPUS)
    assert m["missed"] == [] and m["caught"] == m["total"]
    assert m["alarms"] == []


def test_the_precise_address_rule_beats_the_broad_one():
    caught, total, alarms, _ = pii_measure.measure_broad(CORPUS)
    assert caught == total and alarms > 0  # the broad rule flags organisations' addresses


@pytest.mark.parametrize("item", POSITIVES, ids=lambda i: f"{i['kind']}-{i['format']}")
def test_each_positive_is_found_as_its_kind(item):
    assert item["kind"] in [kind for kind, _ in find(item["text"], person=_person(item))]


@pytest.mark.parametrize("item", NEGATIVES, ids=lambda i: i["label"])
def test_each_negative_passes(item):
    assert list(find(item["text"], person=_person(item))) == []


@pytest.mark.parametrize(
    "item", [p for p in POSITIVES if p["kind"] != "自然人住址"], ids=lambda i: f"{i['kind']}-{i['format']}"
)
def test_a_message_never_holds_the_number(item):
    digits = "".join(c for c in fold(item["text"]) if c.isdigit())
    for hit in find_hits(item["text"]):
        assert "*" in hit.masked
        shown = "".join(c for c in hit.masked if c.isdigit())
        assert len(shown) <= 8 and shown != digits


def test_an_address_message_shows_no_house_number():
    [hit] = find_hits("住址：示範縣城關鎮建設路12號")
    assert "12" not in hit.masked and "建設路" not in hit.masked


PAGE = """<!DOCTYPE html>
<html lang="zh-Hant">
<body>
  <table>
    <tr><td>示應急罰〔2026〕1號</td><td>2026-03-02</td><td>罰款 50,000 元</td></tr>
    <tr><th>事實</th><td>{text}</td></tr>
    <tr><td>諮詢電話 0731-84561234</td></tr>
  </table>
</body>
</html>
"""


@pytest.mark.parametrize(
    "item", [p for p in POSITIVES if not _person(p)], ids=lambda i: f"{i['kind']}-{i['format']}"
)
def test_the_output_scan_catches_every_positive_in_a_page(item):
    found = scan_text(PAGE.format(text=item["text"]), "decisions/x/index.html")
    assert found and all(f.rule == "PII" and f.line == 6 for f in found), found
    assert item["kind"] in found[0].message


@pytest.mark.parametrize("item", NEGATIVES, ids=lambda i: i["label"])
def test_the_output_scan_passes_every_negative_in_a_page(item):
    assert scan_text(PAGE.format(text=item["text"]), "decisions/x/index.html") == []


def test_the_prefilter_covers_every_character_fold_makes_a_digit_or_separator():
    # Exhaustive over Unicode: whatever fold() reads as a digit or as a separator of a number's groups,
    # the prefilter's classes hold, so no number find() could report is skipped by scan_text.
    digit_like = re.compile(f"[{privacy._DIGIT_LIKE}]")
    sep_like = re.compile(f"[{privacy._SEP_LIKE}]")
    separators = set(" \t\r\n" + privacy._DASH + privacy._ZERO_WIDTH)
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = fold(char)
        assert len(folded) == 1
        if folded.isdigit() and folded.isascii():
            assert digit_like.match(char), hex(code)
        elif folded in separators:
            assert sep_like.match(char), hex(code)
    assert unicodedata.normalize("NFKC", "１") == "1"


def test_fold_keeps_positions():
    text = "手機１３８－１２３４－５６７８，身分證號一三八"
    assert len(fold(text)) == len(text)
    [hit] = find_hits(text)
    assert text[hit.start : hit.end] == "１３８－１２３４－５６７８"


def test_a_number_split_over_lines_is_reported_on_its_first_line():
    html = "<p>ok</p>\n<p>聯繫電話138\n   1234 5678</p>\n"
    [f] = scan_text(html, "a.html")
    assert f.line == 2 and "138****5678" in f.message


def test_hex_hashes_and_long_digit_strings_in_pages_pass():
    html = '<link href="/theme/app.3fa9b13812345678c2.css">\n<script src="/a/d41d8cd98f00b204e9800998ecf8427e.js">'
    assert scan_text(html, "a.html") == []


def test_old_15_digit_id_needs_a_label():
    assert [k for k, _ in find("身份證號：430521900307123")] == ["身分證號"]
    assert list(find("註冊號430521900307123")) == []


def test_address_in_the_representative_is_pii(project):
    party = "{type: organization, name: 某公司, credit_code: 91439900MA4L8XNQ2K, representative: 李某某，住示範縣城關鎮建設路12號}"
    _, found = project({PATH: decision_yaml(party=party)})
    [f] = found
    assert f.rule == "PII" and "party.representative" in f.message and "住址" in f.message
    assert "修正" in f.message and "12號" not in f.message


def test_address_in_the_facts_is_pii_and_an_organisations_is_not(project):
    facts = "'當事人張某，家住示範縣城關鎮幸福村3組，在示範縣工業園區創業路8號的倉庫內存放危險化學品。'"
    _, found = project({PATH: decision_yaml(facts=facts)})
    assert [(f.rule, f.line) for f in found] == [("PII", 7)]
    party = "{type: organization, name: 某公司, credit_code: 91439900MA4L8XNQ2K, address: 示範縣工業園區創業路8號}"
    _, found = project({PATH: decision_yaml(party=party, facts="'公司位於示範縣工業園區創業路8號。'")})
    assert found == []


def test_formatted_numbers_in_the_data(project):
    facts = "'王某（身分證號430521-19900307-1235），手機 +86 138 1234 5678，卡號 6222 0212 3456 7894。'"
    _, found = project({PATH: decision_yaml(facts=facts)})
    assert sorted(f.message.split("含未脫敏的")[1].split()[0] for f in found) == [
        "手機號",
        "身分證號",
        "銀行卡號",
    ]
    assert not any("19900307" in f.message or "1234 5678" in f.message for f in found)
