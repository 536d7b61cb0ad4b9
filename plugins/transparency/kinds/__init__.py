"""One module per record kind: its fields, its model, its rules' places and its columns.

Everything else (the validator, the loader's conversion, the editor JSON Schema, the CSV and
importer columns, the labels on pages) is driven from these declarations; tests/test_declarations.py
fails when a model field, a label or a column is declared anywhere else.
"""

from __future__ import annotations

from . import accident, action, blacklist, decision, department, holidays, opendata, plan, programme, warning
from .base import Export, Field

# Every kind module, in the order of the staff guide and of the editor's schemas.
MODULES = (decision, blacklist, warning, accident, action, plan, department, programme, holidays)

# The kinds kept in folders of data/ (one file a record), in the order messages list the folders.
FOLDERS = (decision, blacklist, accident, warning, action, plan, holidays)

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


def open_datasets(config=None) -> list[Export]:
    """Every open dataset the kind modules declare, in the order of /data/ (`config`: the settings
    the decisions' deadline columns describe; the defaults when None)."""
    if config is None:
        from ..settings import Config

        config = Config()
    return [
        decision.decisions_export(config),
        decision.PENALTIES,
        blacklist.ENTRIES,
        opendata.ENTERPRISES,
        accident.ACCIDENTS,
        warning.WARNINGS,
        action.ACTIONS,
        action.EXPOSURES,
        plan.PLANS,
        opendata.COMPLIANCE,
        department.DEPARTMENTS,
        holidays.CALENDAR,
        programme.PROGRAMME,
        decision.WITHDRAWALS,
        blacklist.PUBLICATIONS,
        blacklist.BLACKLIST_EVENTS,
        opendata.CHANGES,
    ]
