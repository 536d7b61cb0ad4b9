"""JSON Schema (draft 2020-12) from the field declarations of the kind modules (kinds/), with Chinese titles."""

from __future__ import annotations

from typing import Any

from .kinds.base import Field

_PATTERNS = {
    "quarter": r"^\d{4}-Q[1-4]$",
    "month": r"^\d{4}-(0[1-9]|1[0-2])$",
    "id": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "url": r"^https?://",
}


def field_schema(fld: Field) -> dict[str, Any]:
    """The JSON Schema of one field."""
    out: dict[str, Any] = {"title": fld.title}
    if fld.description:
        out["description"] = fld.description
    kind = fld.kind
    if kind == "object":
        out["type"] = "object"
        out["properties"] = {f.name: field_schema(f) for f in fld.fields}
        required = [f.name for f in fld.fields if f.required]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
    elif kind == "list":
        out["type"] = "array"
        out["items"] = field_schema(fld.item)
        if fld.required and fld.minimum != 0:
            out["minItems"] = 1
    elif kind == "date":
        out["type"] = "string"
        out["format"] = "date"
    elif kind == "int":
        out["type"] = "integer"
    elif kind == "number":
        out["type"] = "number"
    elif kind == "bool":
        out["type"] = "boolean"
    elif kind == "enum":
        out["enum"] = [value for value, _ in fld.choices]
        out["description"] = "；".join(f"{v}：{label}" for v, label in fld.choices)
    else:
        out["type"] = "string"
        if kind in _PATTERNS:
            out["pattern"] = _PATTERNS[kind]
    if fld.minimum is not None and kind in ("int", "number"):
        out["minimum"] = fld.minimum
    if fld.maximum is not None:
        out["maximum"] = fld.maximum
    return out


def record_schema(fld: Field, schema_id: str) -> dict[str, Any]:
    """A whole record kind as a standalone JSON Schema document."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, **field_schema(fld)}


def editor_schemas() -> dict[str, tuple[dict[str, Any], str]]:
    """schemas/<name>.schema.json for the editor, with the data files each one applies to: one per
    kind module (its EDITOR and root declaration)."""
    from .kinds import MODULES

    out = {}
    for module in MODULES:
        editor = module.EDITOR
        doc = field_schema(editor.schema)
        if editor.array_title:
            doc = {"title": editor.array_title, "type": "array", "items": doc}
        out[editor.name] = ({"$schema": "http://json-schema.org/draft-07/schema#", **doc}, editor.glob)
    return out


def vscode_settings() -> dict[str, Any]:
    """.vscode/settings.json: each schema mapped to its data files; YAML indented with spaces."""
    return {
        "yaml.schemas": {
            f"./schemas/{name}.schema.json": glob for name, (_, glob) in editor_schemas().items()
        },
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.encoding": "utf8",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.autoIndent": "keep"},
    }
