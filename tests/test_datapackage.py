"""/data/datapackage.json: a Frictionless Data Package a standard tool validates the CSVs against."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from transparency.settings import load_config

SITES = ["built_site", "demo_site"]


def package(site: Path) -> dict:
    return json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))


def errors(report) -> list[tuple[str, str]]:
    return [(task.name, e.type) for task in report.tasks for e in task.errors]


@pytest.mark.parametrize("name", SITES)
def test_frictionless_finds_the_package_valid(request, name):
    site = request.getfixturevalue(name)
    report = frictionless.validate(str(site / "data/datapackage.json"))
    assert report.valid, errors(report)[:10]
    assert sum(task.stats.get("rows", 0) for task in report.tasks) > 0  # an empty dataset has none


@pytest.mark.parametrize("name", SITES)
def test_every_csv_is_a_resource_with_keys(request, name):
    site = request.getfixturevalue(name)
    doc = package(site)
    csvs = sorted(str(p.relative_to(site / "data")) for p in (site / "data").rglob("*.csv"))
    assert sorted(r["path"] for r in doc["resources"]) == csvs
    by_name = {r["name"]: r for r in doc["resources"]}
    assert by_name["penalties"]["schema"]["primaryKey"] == ["decision_id", "index"]
    assert {"fields": ["decision_id"], "reference": {"resource": "decisions", "fields": ["id"]}} in by_name[
        "penalties"
    ]["schema"]["foreignKeys"]
    assert {
        "fields": ["party_credit_code"],
        "reference": {"resource": "enterprises", "fields": ["credit_code"]},
    } in by_name["decisions"]["schema"]["foreignKeys"]
    fields = {f["name"]: f for f in by_name["penalties"]["schema"]["fields"]}
    assert fields["amount"]["type"] == "integer" and "required" not in fields["amount"].get("constraints", {})
    assert fields["decision_id"]["constraints"]["required"] is True
    assert "fine" in fields["type"]["constraints"]["enum"]
    decided = next(f for f in by_name["decisions"]["schema"]["fields"] if f["name"] == "decided")
    assert decided["type"] == "date" and decided["constraints"]["required"] is True
    for resource in doc["resources"]:
        assert resource["encoding"] == "utf-8-sig"  # the BOM Excel needs


def _broken(site: Path, tmp_path: Path, name: str, edit) -> frictionless.Report:
    data = tmp_path / "data"
    shutil.copytree(site / "data", data)
    path = data / f"{name}.csv"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    path.write_bytes("\r\n".join(edit(lines)).encode("utf-8"))
    return frictionless.validate(str(data / "datapackage.json"))


def _cell(lines: list[str], row: int, column: int, value: str) -> list[str]:
    cells = lines[row].split(",")
    cells[column] = value
    lines[row] = ",".join(cells)
    return lines


def test_a_penalty_of_no_decision_is_invalid(built_site, tmp_path):
    report = _broken(built_site, tmp_path, "penalties", lambda lines: _cell(lines, 1, 0, "yjj-2026-999"))
    assert not report.valid
    assert ("penalties", "foreign-key") in errors(report)


def test_a_duplicate_decision_or_a_word_for_an_amount_is_invalid(built_site, tmp_path):
    report = _broken(
        built_site, tmp_path / "a", "decisions", lambda lines: [*lines[:2], lines[1], *lines[2:]]
    )
    assert ("decisions", "primary-key") in errors(report)
    report = _broken(built_site, tmp_path / "b", "penalties", lambda lines: _cell(lines, 1, 5, "伍萬"))
    assert ("penalties", "type-error") in errors(report)


def test_the_licence_is_a_setting_shown_to_readers(built_site):
    [licence] = package(built_site)["licenses"]
    assert (
        licence["name"] == "CC-BY-4.0" and licence["path"] == "https://creativecommons.org/licenses/by/4.0/"
    )
    catalog = json.loads((built_site / "data/catalog.json").read_text(encoding="utf-8"))
    assert catalog["license"]["name"] == "CC-BY-4.0"
    assert catalog["datapackage"].endswith("/data/datapackage.json")
    page = BeautifulSoup((built_site / "data/index.html").read_text(encoding="utf-8"), "lxml")
    link = page.find("a", rel="license")
    assert link["href"] == licence["path"] and "CC BY 4.0" in link.get_text()
    assert page.find("a", href="/data/datapackage.json")
    text = page.get_text()
    for words in ("處罰明細", "datapackage.json", "萬元", "JSON Schema", "Atom"):
        assert words in text


def test_an_unknown_licence_is_a_settings_error():
    config, found = load_config({"data_license": "CC-BY-5.0"})
    [f] = found
    assert f.rule == "S1" and "data_license" in f.message and "CC-BY-4.0" in f.message
    assert config.data_license == "CC-BY-4.0"
    config, found = load_config({"data_license": "CC0-1.0"})
    assert not found and config.data_license == "CC0-1.0"


def test_frictionless_is_a_test_dependency():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "frictionless==" in requirements and "feedparser==" in requirements
