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
    credit_code: str | None = None
    line: int = 0  # where it starts in departments.yaml


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
    late_reason: str | None = None  # revoked.late.reason: why the withdrawal was late (D3)


@dataclass(frozen=True)
class CreditRepair:
    date: dt.date  # publication ends on this day (publicity.py)
    document: str  # the credit repair decision's number


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
    tier: str | None = None  # 失信程度 輕微 | 一般 | 嚴重; None: the default_tier setting
    credit_repair: CreditRepair | None = None
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
            revoked=Revocation(
                revoked["date"],
                revoked["reason"],
                revoked.get("withdrawn"),
                (revoked.get("late") or {}).get("reason"),
            )
            if revoked
            else None,
            late_reason=(data.get("late") or {}).get("reason"),
            attachments=tuple(Attachment(a["file"], a["title"]) for a in data.get("attachments") or ()),
            tier=data.get("tier"),
            credit_repair=CreditRepair(repair["date"], repair["document"].strip())
            if (repair := data.get("credit_repair"))
            else None,
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
    removed_line: int = 0  # the line of removed.date, for messages

    @property
    def key(self) -> tuple[str, dt.date]:
        """The same listing across quarters: the party and the listing date (a name in either script)."""
        from .normalize import fold

        return (self.party.credit_code or fold(self.party.name), self.listed)

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
                    removed_line=removed.line_of("date") if removed else 0,
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


# -- warnings, accidents, actions, plans ------------------------------------------

LEVEL_RANK = {"特別重大": 4, "重大": 3, "較大": 2, "一般": 1}


def level_for(deaths: int, injuries: int, loss: int) -> str:
    """The level 國務院令第493號 gives these figures: the highest any of the three reaches."""
    if deaths >= 30 or injuries >= 100 or loss >= 100_000_000:
        return "特別重大"
    if deaths >= 10 or injuries >= 50 or loss >= 50_000_000:
        return "重大"
    if deaths >= 3 or injuries >= 10 or loss >= 10_000_000:
        return "較大"
    return "一般"


@dataclass(frozen=True)
class Accident:
    id: str
    path: str
    line: int
    date: dt.date
    title: str
    place: str
    industry: str
    type: str
    level: str
    deaths: int
    serious_injuries: int
    direct_loss: int
    summary: str
    causes: str
    lessons: str | None = None
    source: str | None = None
    published: dt.date | None = None
    draft: bool = False
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        return f"accidents/{self.id}/"

    @property
    def severity(self) -> tuple:
        """Most severe first when sorted in reverse."""
        return (LEVEL_RANK[self.level], self.deaths, self.serious_injuries, self.direct_loss)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, rid: str, path: str, data) -> Accident:
        return cls(
            id=rid,
            path=path,
            line=data.line,
            date=data["date"],
            title=data["title"].strip(),
            place=data["place"].strip(),
            industry=data["industry"].strip(),
            type=data["type"].strip(),
            level=data["level"],
            deaths=data["deaths"],
            serious_injuries=data["serious_injuries"],
            direct_loss=data["direct_loss"],
            summary=data["summary"],
            causes=data["causes"],
            lessons=data.get("lessons"),
            source=data.get("source"),
            published=data.get("published"),
            draft=bool(data.get("draft", False)),
            lines=dict(data.lines),
        )


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        year, month = text.strip().split("-")
        return cls(int(year), int(month))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return self.slug


@dataclass(frozen=True)
class MonthlyWarning:
    """一月一警示: the county's monthly warning."""

    id: str
    path: str
    line: int
    month: Month
    title: str
    analysis: str
    requirements: str
    accident_ids: tuple[str, ...] | None  # None: same-period selection
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        return f"warnings/{self.month.slug}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, path: str, data) -> MonthlyWarning:
        ids = data.get("accidents")
        return cls(
            id=data["month"].strip(),
            path=path,
            line=data.line,
            month=Month.parse(data["month"]),
            title=data["title"].strip(),
            analysis=data["analysis"],
            requirements=data["requirements"],
            accident_ids=tuple(ids) if ids is not None else None,
            published=data.get("published"),
            draft=bool(data.get("draft", False)),
            late_reason=(data.get("late") or {}).get("reason"),
            lines=dict(data.lines),
        )


def same_period(month: Month, accidents: list[Accident]) -> list[Accident]:
    """Accidents of the same calendar month in earlier years, most severe first."""
    chosen = [a for a in accidents if a.date.month == month.month and a.date.year < month.year]
    return sorted(chosen, key=lambda a: (a.severity, a.date), reverse=True)


@dataclass(frozen=True)
class Exposure:
    """曝光: an enterprise's violation, or an official's 不作為、慢作為、亂作為."""

    action_id: str
    index: int  # 1-based position in the action, for anchors and messages
    line: int
    subject_type: str
    facts: str
    published: dt.date | None = None
    party: Party | None = None
    department: str | None = None
    subject: str | None = None
    conduct: str | None = None
    handling: str | None = None
    late_reason: str | None = None

    @property
    def is_official(self) -> bool:
        return self.subject_type == "official"

    @property
    def name(self) -> str:
        return self.subject if self.is_official else self.party.name

    @property
    def anchor(self) -> str:
        return f"exposure-{self.index}"


@dataclass(frozen=True)
class Action:
    """兩月一行動: a special enforcement action with its results, circular and exposures."""

    id: str
    path: str
    line: int
    title: str
    start: dt.date
    end: dt.date
    lead: str
    departments: tuple[str, ...]
    results: dict[str, int]
    circular_published: dt.date | None
    circular_text: str | None
    exposures: tuple[Exposure, ...]
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        return f"actions/{self.id}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, rid: str, path: str, data) -> Action:
        exposures = []
        for i, e in enumerate(data.get("exposures") or (), start=1):
            exposures.append(
                Exposure(
                    action_id=rid,
                    index=i,
                    line=e.line,
                    subject_type=e["subject_type"],
                    facts=e["facts"],
                    published=e.get("published"),
                    party=party_from(e["party"]) if e.get("party") else None,
                    department=e.get("department"),
                    subject=(e.get("subject") or "").strip() or None,
                    conduct=e.get("conduct"),
                    handling=e.get("handling"),
                    late_reason=(e.get("late") or {}).get("reason"),
                )
            )
        circular = data.get("circular") or {}
        return cls(
            id=rid,
            path=path,
            line=data.line,
            title=data["title"].strip(),
            start=data["start"],
            end=data["end"],
            lead=data["lead"],
            departments=tuple(data["departments"]),
            results=dict(data.get("results") or {}),
            circular_published=circular.get("published"),
            circular_text=circular.get("text"),
            exposures=tuple(exposures),
            published=data.get("published"),
            draft=bool(data.get("draft", False)),
            late_reason=(data.get("late") or {}).get("reason"),
            lines=dict(data.lines),
        )


@dataclass(frozen=True)
class FixedPoint:
    party: Party
    month: Month


@dataclass(frozen=True)
class Plan:
    """年度監管執法計劃 of one department."""

    path: str
    line: int
    year: int
    department: str
    approved: dt.date | None
    fixed_point: tuple[FixedPoint, ...]
    random_share: float | None
    random_count: int | None
    random_months: tuple[Month, ...]
    supervision: str | None
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        return f"plans/{self.year}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, path: str, data) -> Plan:
        checks = data.get("random_checks") or {}
        return cls(
            path=path,
            line=data.line,
            year=data["year"],
            department=data["department"],
            approved=data.get("approved"),
            fixed_point=tuple(
                FixedPoint(party_from(f["party"]), Month.parse(f["month"]))
                for f in data.get("fixed_point") or ()
            ),
            random_share=checks.get("share"),
            random_count=checks.get("count"),
            random_months=tuple(Month.parse(m) for m in checks.get("months") or ()),
            supervision=data.get("supervision"),
            published=data.get("published"),
            draft=bool(data.get("draft", False)),
            late_reason=(data.get("late") or {}).get("reason"),
            lines=dict(data.lines),
        )
