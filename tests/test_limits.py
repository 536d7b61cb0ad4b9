"""Bounds (V13) and the inputs that used to crash or stall: one Chinese line with rule, line and fix."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest

from transparency.load import (
    DEPTH_CAP,
    BadDate,
    DateTime,
    ParseCache,
    ParseLimits,
    nesting_estimate,
    read_source,
)
from transparency.schema import ACCIDENT, ACTION, DECISION, PLAN
from transparency.settings import Config, load_config
from transparency.validate import Limits, Validator, check_decision_rules, validate_record

TODAY = dt.date(2026, 11, 30)
LIMITS = Limits.of(Config(), TODAY)


def _read(tmp_path: Path, text: str | bytes, config: Config | None = None, cache: ParseCache | None = None):
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_source(path, tmp_path, cache, config)


def _only(src):
    assert len(src.findings) == 1, [f.format() for f in src.findings]
    f = src.findings[0]
    assert "修正" in f.message and "Traceback" not in f.message
    return f.rule, f.line, f.message


def _validate(schema, text: str, tmp_path: Path, limits: Limits = LIMITS):
    src = _read(tmp_path, text)
    assert src.ok, [f.format() for f in src.findings]
    return [(f.rule, f.line, f.message) for f in validate_record(schema, src.data, "x.yaml", "", limits)]


# -- settings ---------------------------------------------------------------------------------------


def test_every_limit_is_a_setting_with_a_default():
    config, found = load_config(None)
    assert not found
    assert config.max_file_bytes == 1_000_000
    assert config.max_depth == 20 and config.yaml_aliases is False and config.max_yaml_nodes == 100_000
    assert config.max_line_chars == 1_000 and config.max_text_chars == 20_000
    assert config.earliest_year == 1949 and config.years_ahead == 10
    assert config.max_amount == 10_000_000_000 and config.max_count == 1_000_000


def test_date_range_follows_today_and_never_reaches_the_end_of_the_calendar():
    assert (LIMITS.earliest, LIMITS.latest) == (dt.date(1949, 1, 1), dt.date(2036, 12, 31))
    wild = Limits.of(Config(years_ahead=100_000, earliest_year=-5), TODAY)
    assert wild.earliest == dt.date(1, 1, 1) and wild.latest.year == 9000
    assert wild.latest + dt.timedelta(days=3 * 366 + 60) < dt.date.max


def test_parse_limits_are_clamped_to_what_the_parser_survives():
    assert ParseLimits.of(Config(max_depth=10_000)).max_depth == DEPTH_CAP
    assert ParseLimits.of(Config(max_depth=0)).max_depth == 1


# -- file size, nesting, aliases ---------------------------------------------------------------------


def test_file_size_limit_is_the_setting(tmp_path):
    rule, line, message = _only(_read(tmp_path, "a: " + "x" * 200 + "\n", Config(max_file_bytes=100)))
    assert (rule, line) == ("V13", 1) and "上限 100" in message and "max_file_bytes" in message
    assert _read(tmp_path, "a: " + "x" * 200 + "\n").ok


@pytest.mark.parametrize(
    "text, line",
    [
        ("a: 1\nb: " + "[" * 50_000 + "]" * 50_000 + "\n", 2),  # libyaml segfaults (exit 245)
        ("a: " + "[" * 999_000, 1),  # 1 MB, never closed
        ("a: " + "{a: " * 600 + "1" + "}" * 600 + "\n", 1),  # RecursionError
        ("p:\n  " + "- " * 5_000 + "x\n", 2),  # block sequences without indentation
        ("extra:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(300)) + " " * 302 + "x\n", 101),
    ],
    ids=["brackets-50000", "brackets-1mb", "flow-600", "compact-5000", "block-300"],
)
def test_pathological_nesting_is_refused_before_libyaml_sees_it(tmp_path, text, line):
    rule, found_line, message = _only(_read(tmp_path, text))
    assert (rule, found_line) == ("V13", line) and "巢狀層數超過上限" in message


def test_nesting_beyond_the_setting_names_its_line(tmp_path):
    text = "a: 1\nb:\n  c:\n    d: [[[x]]]\n"
    assert _read(tmp_path, text).ok
    rule, line, message = _only(_read(tmp_path, text, Config(max_depth=4)))
    assert (rule, line) == ("V13", 4) and "上限 4" in message


def test_prose_brackets_do_not_count_as_nesting():
    facts = "facts: |\n" + "  見附件[1]、[2]，以及" + "（[" * 150 + "\n"
    assert nesting_estimate(facts, DEPTH_CAP) is None
    assert nesting_estimate("a: " + "[" * 101, DEPTH_CAP) == (1, 101)


BOMB = "".join(
    f"{a}: &{a} [" + ",".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
    for p, a in zip([None, *"abcdefg"], "abcdefgh", strict=True)
)


def test_aliases_are_refused_by_default_with_the_alias_and_anchor_lines(tmp_path):
    rule, line, message = _only(_read(tmp_path, "a: &x [1, 2]\nb: 1\nc: *x\n"))
    assert (rule, line) == ("V13", 3) and "*x" in message and "第 1 行的錨點 &x" in message
    rule, line, _ = _only(_read(tmp_path, "base: &b {x: 1}\nc:\n  <<: *b\n"))
    assert (rule, line) == ("V13", 3)


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path):
    rule, line, _ = _only(_read(tmp_path, BOMB))
    assert (rule, line) == ("V13", 2)
    allowed = Config(yaml_aliases=True)
    rule, _, message = _only(_read(tmp_path, BOMB, allowed))
    assert rule == "V13" and "100,000" in message and "max_yaml_nodes" in message


def test_allowed_aliases_work_and_cycles_are_refused(tmp_path):
    allowed = Config(yaml_aliases=True)
    src = _read(tmp_path, "a: &x [1, 2]\nb: *x\n", allowed)
    assert src.ok and src.data["b"] == [1, 2]
    rule, line, message = _only(_read(tmp_path, "a: &a [*a]\n", allowed))
    assert (rule, line) == ("V13", 1) and "無窮" in message


def test_node_count_limit_without_aliases(tmp_path):
    rule, _, message = _only(_read(tmp_path, "a: [" + "1," * 60 + "1]\n", Config(max_yaml_nodes=50)))
    assert rule == "V13" and "50" in message


# -- what libyaml or the constructor refused with English or a traceback ------------------------------


def test_unknown_tags_are_refused_in_chinese_with_their_line(tmp_path):
    rule, line, message = _only(_read(tmp_path, 'a: 1\nb: !!python/object/apply:os.system ["ls"]\n'))
    assert (rule, line) == ("V1", 2) and "不支援 YAML 標籤 !!python/object/apply:os.system" in message
    rule, line, message = _only(_read(tmp_path, "a: 1\nb: !include x.yaml\n"))
    assert (rule, line) == ("V1", 2) and "!include" in message
    rule, _, message = _only(_read(tmp_path, "a: !!binary aGVsbG8=\n"))
    assert rule == "V1" and "!!binary" in message
    assert _read(tmp_path, 'a: !!str 2026\nb: !!int "3"\n').data == {"a": "2026", "b": 3}


def test_a_second_document_is_named_at_its_own_line(tmp_path):
    rule, line, message = _only(_read(tmp_path, "a: 1\nb: 2\n---\na: 3\n"))
    assert (rule, line) == ("V1", 3) and "一個檔案只能有一條記錄" in message
    assert _read(tmp_path, "---\na: 1\n").ok  # a leading "---" is one document


@pytest.mark.parametrize(
    "text, line",
    [("a:\n\tb: 1\n", 2), ("a:\n  b: 1\n\tc: 2\n", 3), ("a: |\n  x\n\ty\n", 3), ("- \titem\n", 1)],
)
def test_tab_indentation_is_explained_at_its_line(tmp_path, text, line):
    rule, found_line, message = _only(_read(tmp_path, text))
    assert (rule, found_line) == ("V1", line) and "Tab" in message and "空格" in message


def test_a_huge_integer_is_a_finding_not_a_value_error(tmp_path):
    rule, line, message = _only(_read(tmp_path, "a: 1\nb: " + "9" * 5_000 + "\n"))
    assert (rule, line) == ("V13", 2) and "5000 位" in message


def test_a_date_with_a_time_is_not_a_date(tmp_path):
    src = _read(tmp_path, "a: 2026-11-20T10:00:00+08:00\nb: 2026-11-20 10:00\nc: 0000-01-01\n")
    assert src.ok
    assert src.data["a"] == DateTime("2026-11-20T10:00:00+08:00", dt.date(2026, 11, 20))
    assert not isinstance(src.data["a"], dt.date) and not isinstance(src.data["b"], dt.date)
    assert src.data["c"] == BadDate("0000-01-01")


# -- the parse cache never bypasses a limit --------------------------------------------------------------


def test_a_lowered_limit_applies_to_a_cached_parse(tmp_path):
    store = tmp_path / "parsed.pickle"
    text = "a:\n  b:\n    c: 1\n"
    cache = ParseCache(store)
    assert _read(tmp_path, text, Config(), cache).ok
    cache.save()
    warm = ParseCache(store)
    assert _read(tmp_path, text, Config(), warm).ok  # same bytes, same limits: from the cache
    assert len(warm.used) == 1 and not warm.dirty
    rule, _, _ = _only(_read(tmp_path, text, Config(max_depth=2), warm))
    assert rule == "V13"


# -- values: dates, numbers, lengths --------------------------------------------------------------------

DECISION_TEXT = """\
number: 示應急罰〔2026〕9號
department: yjj
decided: {decided}
published: 2026-03-09
party: {{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}}
violation: {violation}
basis: 《中華人民共和國安全生產法》第一百零一條
penalties: [{{type: fine, amount: {amount}}}]
facts: {facts}
"""


def _decision(**over) -> str:
    values = {"decided": "2026-03-02", "violation": "未按規定評估", "amount": "50000", "facts": "經查。"}
    return DECISION_TEXT.format(**{**values, **over})


def test_a_valid_decision_passes(tmp_path):
    assert _validate(DECISION, _decision(), tmp_path) == []


@pytest.mark.parametrize(
    "decided, rule, phrase",
    [
        ("9999-12-31", "V13", "2036-12-31"),
        ("1900-01-01", "V13", "1949-01-01"),
        ("2026-11-20T10:00:00+08:00", "V5", "寫成 2026-11-20"),
    ],
)
def test_dates_out_of_range_or_with_a_time(tmp_path, decided, rule, phrase):
    [(found_rule, line, message)] = _validate(DECISION, _decision(decided=decided), tmp_path)
    assert (found_rule, line) == (rule, 3) and phrase in message and "修正" in message


def test_the_date_range_is_the_setting(tmp_path):
    old = _decision(decided="1930-05-01").replace("published: 2026-03-09", "published: 1930-05-09")
    assert _validate(DECISION, old, tmp_path, Limits.of(Config(earliest_year=1900), TODAY)) == []
    found = _validate(DECISION, _decision(), tmp_path, Limits.of(Config(years_ahead=-1), TODAY))
    assert [(rule, line) for rule, line, _ in found] == [("V13", 3), ("V13", 4)]  # 2026 is after 2025


def test_cross_field_rules_never_compare_a_datetime(tmp_path):
    text = _decision(decided="2026-11-20T10:00:00+08:00") + "hearing: 2026-02-20 10:00\nstatus: revoked\n"
    text += "revoked: {date: 2026-12-01T08:00:00Z, reason: 撤銷, withdrawn: 2026-12-02}\n"
    src = _read(tmp_path, text)
    found = []
    check_decision_rules(src.data, lambda *a: found.append(a))  # used to raise TypeError
    assert found == []
    rules = {f.rule for f in validate_record(DECISION, src.data, "x.yaml", "", LIMITS)}
    assert rules == {"V5"}


def test_revocation_and_action_years_are_bounded(tmp_path):
    text = _decision() + "status: revoked\nrevoked: {date: 9999-12-31, reason: 撤銷}\n"
    [(rule, line, _)] = _validate(DECISION, text, tmp_path)
    assert (rule, line) == ("V13", 11)
    action = "title: 行動\nstart: 2026-09-01\nend: 9999-12-31\nlead: yjj\ndepartments: [yjj]\n"
    [(rule, line, message)] = _validate(ACTION, action, tmp_path)
    assert (rule, line) == ("V13", 3) and "9999-12-31" in message


def test_quarter_month_and_year_fields_are_bounded(tmp_path):
    v = Validator(lambda *a: found.append(a), LIMITS)
    found: list = []
    from transparency.schema import BLACKLIST, WARNING

    assert not v.value(BLACKLIST.child("quarter"), "9999-Q4", "quarter", 1)
    assert not v.value(WARNING.child("month"), "1800-05", "month", 2)
    assert not v.value(PLAN.child("year"), 10_000, "year", 3)
    assert v.value(BLACKLIST.child("quarter"), "2026-Q4", "quarter", 4)
    assert [(r, line) for r, line, _ in found] == [("V13", 1), ("V13", 2), ("V13", 3)]
    assert "9999" in found[0][2] and "1949 至 2036 年" in found[0][2]


def test_amounts_and_counts_are_bounded_by_their_settings(tmp_path):
    [(rule, line, message)] = _validate(DECISION, _decision(amount="50000000000000"), tmp_path)
    assert (rule, line) == ("V13", 8) and "max_amount" in message
    limits = dataclasses.replace(LIMITS, max_amount=10**15)
    assert _validate(DECISION, _decision(amount="50000000000000"), tmp_path, limits) == []
    found: list = []
    v = Validator(lambda *a: found.append(a), LIMITS)
    assert not v.value(ACCIDENT.child("deaths"), 2_000_000, "deaths", 7)
    assert found and found[0][0] == "V13" and "max_count" in found[0][2]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_not_numbers(value):
    found: list = []
    share = PLAN.child("random_checks").child("share")
    assert not Validator(lambda *a: found.append(a), LIMITS).value(share, value, "share", 5)
    assert found[0][:2] == ("V13", 5) and "修正" in found[0][2]


def test_nan_from_yaml_in_an_int_field_is_a_type_error(tmp_path):
    [(rule, line, _)] = _validate(DECISION, _decision(amount=".nan"), tmp_path)
    assert (rule, line) == ("V2", 8)


def test_string_lengths_single_line_and_markdown(tmp_path):
    assert _validate(DECISION, _decision(violation="違" * 1000, facts="危" * 20_000), tmp_path) == []
    [(rule, line, message)] = _validate(DECISION, _decision(violation="違" * 1001), tmp_path)
    assert (rule, line) == ("V13", 6) and "1,001 字" in message and "max_line_chars" in message
    [(rule, line, message)] = _validate(DECISION, _decision(facts="危" * 100_000), tmp_path)
    assert (rule, line) == ("V13", 9) and "max_text_chars" in message
    limits = dataclasses.replace(LIMITS, max_line_chars=5)
    found = _validate(DECISION, _decision(), tmp_path, limits)
    assert {rule for rule, _, _ in found} == {"V13"} and 6 in {line for _, line, _ in found}
