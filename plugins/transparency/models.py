"""Frozen records, built only from data that passed validation.

Each model lives with its fields in its kind module (kinds/) and is built from them
(kinds.base.build); this module keeps the old names for the code that imports them from here.
"""

from __future__ import annotations

from .kinds.accident import LEVEL_RANK, Accident, level_for
from .kinds.action import Action, Exposure
from .kinds.base import Month, Quarter
from .kinds.blacklist import Blacklist, BlacklistEntry, Removal
from .kinds.common import Party, party_from
from .kinds.decision import Attachment, CreditRepair, Decision, Penalty, Revocation, Transfer
from .kinds.department import Department
from .kinds.plan import FixedPoint, Plan
from .kinds.programme import Period
from .kinds.warning import MonthlyWarning, same_period

__all__ = [
    "LEVEL_RANK",
    "Accident",
    "Action",
    "Attachment",
    "Blacklist",
    "BlacklistEntry",
    "CreditRepair",
    "Decision",
    "Department",
    "Exposure",
    "FixedPoint",
    "Month",
    "MonthlyWarning",
    "Party",
    "Penalty",
    "Period",
    "Plan",
    "Quarter",
    "Removal",
    "Revocation",
    "Transfer",
    "level_for",
    "party_from",
    "same_period",
]
