"""Frozen records, built only from data that passed validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .schema import PARTY, PENALTY_TYPES, STATUSES


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    kind: str
    duties: tuple[str, ...]
    website: str | None = None


@dataclass(frozen=True)
class Party:
    type: str
    name: str
    credit_code: str | None = None
    representative: str | None = None
    address: str | None = None

    @property
    def type_label(self) -> str:
        return PARTY.child("type").label(self.type)

    @property
    def is_individual(self) -> bool:
        return self.type == "individual"


@dataclass(frozen=True)
class Penalty:
    type: str
    amount: int | None = None
    detail: str | None = None

    @property
    def label(self) -> str:
        return dict(PENALTY_TYPES)[self.type]


@dataclass(frozen=True)
class Transfer:
    to: str
    date: dt.date


@dataclass(frozen=True)
class Revocation:
    date: dt.date
    reason: str
    withdrawn: dt.date | None = None


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str


@dataclass(frozen=True)
class Decision:
    id: str
    path: str  # relative to the project root, for messages
    line: int
    number: str
    department: str
    decided: dt.date
    party: Party
    violation: str
    facts: str
    basis: str
    penalties: tuple[Penalty, ...]
    published: dt.date | None = None
    draft: bool = False
    industry: str | None = None
    discretion: str | None = None
    hearing: dt.date | None = None
    legal_review: bool = False
    transfer: Transfer | None = None
    status: str = "in_force"
    revoked: Revocation | None = None
    late_reason: str | None = None
    attachments: tuple[Attachment, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def year(self) -> int:
        return self.decided.year

    @property
    def url(self) -> str:
        return f"decisions/{self.year}/{self.id}/"

    @property
    def is_revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def status_label(self) -> str:
        return dict(STATUSES)[self.status]

    @property
    def total_amount(self) -> int:
        return sum(p.amount or 0 for p in self.penalties)

    @property
    def fine_amount(self) -> int:
        return sum(p.amount or 0 for p in self.penalties if p.type == "fine")

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, rid: str, path: str, data) -> Decision:
        """Build from a validated mapping (see schema.DECISION)."""
        party = data["party"]
        transfer = data.get("transfer")
        revoked = data.get("revoked")
        return cls(
            id=rid,
            path=path,
            line=data.line,
            number=data["number"].strip(),
            department=data["department"],
            decided=data["decided"],
            party=Party(
                type=party["type"],
                name=party["name"].strip(),
                credit_code=(party.get("credit_code") or None),
                representative=party.get("representative"),
                address=party.get("address"),
            ),
            violation=data["violation"].strip(),
            facts=data["facts"],
            basis=data["basis"].strip(),
            penalties=tuple(Penalty(p["type"], p.get("amount"), p.get("detail")) for p in data["penalties"]),
            published=data.get("published"),
            draft=bool(data.get("draft", False)),
            industry=data.get("industry"),
            discretion=data.get("discretion"),
            hearing=data.get("hearing"),
            legal_review=bool(data.get("legal_review", False)),
            transfer=Transfer(transfer["to"], transfer["date"]) if transfer else None,
            status=data.get("status") or "in_force",
            revoked=Revocation(revoked["date"], revoked["reason"], revoked.get("withdrawn"))
            if revoked
            else None,
            late_reason=(data.get("late") or {}).get("reason"),
            attachments=tuple(Attachment(a["file"], a["title"]) for a in data.get("attachments") or ()),
            lines=dict(data.lines),
        )
