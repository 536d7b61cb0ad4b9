"""Rule PII: personal numbers and individuals' addresses never reach the site."""

from __future__ import annotations

import pytest
from conftest import decision_yaml

from transparency.privacy import find, luhn, mask, scan_output

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
