"""Frozen records, built only from data that passed validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .schema import PARTY, PENALTY_TYPES, STATUSES
from .workdays import add_months


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
            party=party_from(party),
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


def party_from(data) -> Party:
    """A Party from a validated `party` mapping."""
    return Party(
        type=data["type"],
        name=data["name"].strip(),
        credit_code=(data.get("credit_code") or "").strip() or None,
        representative=data.get("representative"),
        address=data.get("address"),
    )


@dataclass(frozen=True)
class Period:
    """A programme period of data/programme.yaml: periodic obligations apply inside it."""

    name: str
    start: dt.date
    end: dt.date

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and end >= self.start


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    n: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        year, n = text.strip().upper().split("-Q")
        return cls(int(year), int(n))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.n - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.n == 4 else Quarter(self.year, self.n + 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.n == 1 else Quarter(self.year, self.n - 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.n}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.n - 1]}季度"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.n}"


@dataclass(frozen=True)
class Removal:
    date: dt.date
    reason: str


@dataclass(frozen=True)
class BlacklistEntry:
    party: Party
    reason: str
    basis: str
    listed: dt.date
    until: dt.date
    line: int
    removed: Removal | None = None
    decisions: tuple[str, ...] = ()
    until_explicit: bool = False

    @property
    def key(self) -> tuple[str, dt.date]:
        """The same listing across quarters: the party and the listing date."""
        return (self.party.credit_code or self.party.name, self.listed)

    def active_on(self, day: dt.date) -> bool:
        """On the list that day: listed, term not over, not removed."""
        if self.removed and self.removed.date <= day:
            return False
        return self.listed <= day <= self.until


@dataclass(frozen=True)
class Blacklist:
    """One department's published list for one quarter."""

    path: str
    line: int
    quarter: Quarter
    department: str
    entries: tuple[BlacklistEntry, ...]
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        return f"blacklist/{self.quarter.slug}/"

    @property
    def anchor(self) -> str:
        return f"{self.department}"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, path: str, data, term_years: int) -> Blacklist:
        entries = []
        for e in data["entries"]:
            listed = e["listed"]
            until = e.get("until") or (add_months(listed, 12 * term_years) - dt.timedelta(days=1))
            removed = e.get("removed")
            entries.append(
                BlacklistEntry(
                    party=party_from(e["party"]),
                    reason=e["reason"].strip(),
                    basis=e["basis"].strip(),
                    listed=listed,
                    until=until,
                    line=e.line,
                    removed=Removal(removed["date"], removed["reason"].strip()) if removed else None,
                    decisions=tuple(n.strip() for n in e.get("decisions") or ()),
                    until_explicit="until" in e,
                )
            )
        return cls(
            path=path,
            line=data.line,
            quarter=Quarter.parse(data["quarter"]),
            department=data["department"],
            entries=tuple(entries),
            published=data.get("published"),
            draft=bool(data.get("draft", False)),
            late_reason=(data.get("late") or {}).get("reason"),
            lines=dict(data.lines),
        )
