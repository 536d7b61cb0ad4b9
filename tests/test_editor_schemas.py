"""The editor's JSON Schemas follow the one declaration of the fields, and the demo data passes them."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml
from conftest import ROOT

from transparency.jsonschema import editor_schemas, vscode_settings
from transparency.schema import SCHEMAS


def as_editor_sees_it(value):
    """The YAML extension reads unquoted dates as strings (YAML 1.2): do the same."""
    if isinstance(value, dict):
        return {k: as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("name", list(editor_schemas()))
def test_committed_schemas_are_generated_from_schema_py(name):
    doc, _ = editor_schemas()[name]
    committed = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == doc, "run `invoke schemas` after changing schema.py"


def test_vscode_maps_every_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == vscode_settings()
    for path, glob in settings["yaml.schemas"].items():
        assert (ROOT / path).exists()
        assert list(ROOT.glob(glob)), f"{glob} matches no demo file"


def test_every_record_kind_has_an_editor_schema():
    titles = {doc.get("title") or doc["items"]["title"] for doc, _ in editor_schemas().values()}
    assert {f.title for name, f in SCHEMAS.items() if name not in ("department", "period")} <= titles


@pytest.mark.parametrize("name", list(editor_schemas()))
def test_demo_data_validates_in_the_editor(name):
    doc, glob = editor_schemas()[name]
    validator = jsonschema.Draft7Validator(doc, format_checker=jsonschema.FormatChecker())
    files = list(ROOT.glob(glob))
    assert files
    for path in files:
        data = as_editor_sees_it(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


def test_the_editor_catches_a_typical_mistake():
    doc, _ = editor_schemas()["decision"]
    data = as_editor_sees_it(
        yaml.safe_load((ROOT / "data/decisions/2026/yjj-2026-001.yaml").read_text(encoding="utf-8"))
    )
    data["penalties"][0]["amount"] = "五萬"
    data["decidd"] = data.pop("decided")
    messages = [e.message for e in jsonschema.Draft7Validator(doc).iter_errors(data)]
    assert any("'五萬' is not of type 'integer'" in m for m in messages)
    assert any("decidd" in m for m in messages) and any(
        "'decided' is a required property" in m for m in messages
    )
