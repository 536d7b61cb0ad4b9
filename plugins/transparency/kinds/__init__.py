"""One module per record kind: its fields, its model, its rules' places and its columns.

Everything else (the validator, the loader's conversion, the editor JSON Schema, the CSV and
importer columns, the labels on pages) is driven from these declarations; tests/test_declarations.py
fails when a model field, a label or a column is declared anywhere else.
"""

from __future__ import annotations

from . import accident, action, blacklist, decision, department, holidays, plan, programme, warning
from .base import Field

# Every kind module, in the order the staff guide lists them.
MODULES = (decision, blacklist, warning, accident, action, plan, department, holidays, programme)

SCHEMAS: dict[str, Field] = {
    "department": department.DEPARTMENT,
    "holidays": holidays.HOLIDAYS,
    "decision": decision.DECISION,
    "period": programme.PERIOD,
    "blacklist": blacklist.BLACKLIST,
    "accident": accident.ACCIDENT,
    "warning": warning.WARNING,
    "action": action.ACTION,
    "plan": plan.PLAN,
}
