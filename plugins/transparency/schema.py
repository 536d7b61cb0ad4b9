"""The record kinds' field declarations, re-exported from their kind modules (kinds/).

The definitions live in plugins/transparency/kinds/<kind>.py; this module keeps the old names for
the code that imports them from here.
"""

from __future__ import annotations

from .kinds import SCHEMAS
from .kinds.accident import ACCIDENT, LEVELS
from .kinds.action import ACTION, CONDUCTS, EXPOSURE, SUBJECT_TYPES
from .kinds.base import Field, obj
from .kinds.blacklist import BLACKLIST, BLACKLIST_ENTRY
from .kinds.common import DRAFT, LATE, PARTY, PARTY_TYPES, PUBLISHED
from .kinds.decision import DECISION, PENALTY_TYPES, REQUIRED_AMOUNT, STATUSES, TIERS
from .kinds.department import DEPARTMENT, DEPARTMENT_KINDS, DUTIES
from .kinds.holidays import HOLIDAYS
from .kinds.plan import PLAN
from .kinds.programme import PERIOD
from .kinds.warning import WARNING

__all__ = [
    "ACCIDENT",
    "ACTION",
    "BLACKLIST",
    "BLACKLIST_ENTRY",
    "CONDUCTS",
    "DECISION",
    "DEPARTMENT",
    "DEPARTMENT_KINDS",
    "DRAFT",
    "DUTIES",
    "EXPOSURE",
    "HOLIDAYS",
    "LATE",
    "LEVELS",
    "PARTY",
    "PARTY_TYPES",
    "PENALTY_TYPES",
    "PERIOD",
    "PLAN",
    "PUBLISHED",
    "REQUIRED_AMOUNT",
    "SCHEMAS",
    "STATUSES",
    "SUBJECT_TYPES",
    "TIERS",
    "WARNING",
    "Field",
    "obj",
]
