"""The staff guide cannot drift: every field and every rule id is explained in it."""

from __future__ import annotations

import re

from conftest import ROOT

from transparency.findings import RULES
from transparency.guide import FIELDS_START
from transparency.schema import SCHEMAS, Field

# The hand-written part: the generated field list (appendix, guide.FIELDS_START) names every field anyway.
GUIDE = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8").partition(FIELDS_START)[0]
MENTIONED = set(re.findall(r"`([^`\n]+)`", GUIDE))


def paths(fld: Field, prefix: str = "") -> set[str]:
    out = set()
    for child in fld.fields:
        here = f"{prefix}{child.name}"
        out.add(here)
        if child.kind == "object":
            out |= paths(child, here + ".")
        elif child.kind == "list" and child.item.kind == "object":
            out |= paths(child.item, here + ".")
    return out


def test_every_field_of_every_record_kind_is_in_the_guide():
    missing = {
        f"{kind}: {path}"
        for kind, fld in SCHEMAS.items()
        for path in paths(fld)
        if not any(m == path or m.endswith("." + path) or m.startswith(path + ":") for m in MENTIONED)
    }
    assert missing == set()


def test_every_rule_id_is_in_the_guide():
    assert {rule for rule in RULES if rule not in MENTIONED} == set()


def test_the_guide_uses_the_real_commands():
    for command in (
        "invoke new decision --department yjj",
        "invoke check",
        "invoke deadlines",
        "invoke import decisions",
    ):
        assert command in GUIDE
