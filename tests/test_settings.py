import datetime as dt

import pytest

from transparency.settings import Config, load_config, resolve_today


def test_defaults_are_the_law():
    config, found = load_config(None)
    assert found == [] and config.decision_window_days == 15 and config.draft_warning_days == 3
    assert config.timezone == "Asia/Shanghai"


def test_unknown_key_is_reported_with_a_suggestion():
    config, [f] = load_config({"draft_warning_day": 5})
    assert f.rule == "S1" and f.is_error and "draft_warning_days" in f.message
    assert config.draft_warning_days == 3


def test_wrong_type_is_reported():
    _, [f] = load_config({"decision_window_days": "15"})
    assert f.rule == "S1" and "int" in f.message


def test_environment_fixes_today(monkeypatch):
    monkeypatch.setenv("TRANSPARENCY_TODAY", "2026-05-01")
    assert resolve_today(Config(today="2026-01-01")) == dt.date(2026, 5, 1)
    monkeypatch.delenv("TRANSPARENCY_TODAY")
    assert resolve_today(Config(today="2026-01-01")) == dt.date(2026, 1, 1)


def test_bad_today_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("TRANSPARENCY_TODAY", "2026/5/1")
    with pytest.raises(SystemExit, match="2026-05-01"):
        resolve_today(Config())
