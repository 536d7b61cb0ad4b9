"""The enterprise violation database: every record about one credit code, and who is listed now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

from .models import Blacklist, BlacklistEntry, Decision, Exposure, Quarter
from .schema import PARTY


def name_key(name: str) -> tuple[list[str], str]:
    """Chinese names sort by pinyin (as readers expect), then by the characters."""
    return (lazy_pinyin(name), name)


@dataclass(frozen=True)
class Listing:
    """One blacklist entry as it stands in the department's latest published list that has it."""

    department: str
    entry: BlacklistEntry
    quarters: tuple[Quarter, ...]  # every published list that carried it
    latest: Blacklist  # the latest list of this department

    @property
    def last_quarter(self) -> Quarter:
        return self.quarters[-1]

    def active_on(self, day: dt.date) -> bool:
        """Still listed that day: in the department's latest published list, term running, not removed."""
        return self.last_quarter == self.latest.quarter and self.entry.active_on(day)

    def ending(self, day: dt.date) -> Ending:
        """How the listing stands on `day`: still listed, or how it ended (the newest list's entry says)."""
        end = entry_ending(self.entry, day)
        if end.listed and not self.active_on(day):
            # Left out of the department's latest list within its term, without a removal record (B2
            # stops that; an entry whose term ends during the following quarter may go unlisted early).
            return Ending("dropped", None, self.latest.quarter.label)
        return end


def entry_ending(e: BlacklistEntry, day: dt.date) -> Ending:
    """How one entry stands on `day`, by its own dates."""
    if e.removed and e.removed.date <= day:
        return Ending("removed", e.removed.date, e.removed.reason)
    if e.until < day:
        return Ending("expired", e.until)
    return Ending("listed")


@dataclass(frozen=True)
class Ending:
    """How a listing stands: listed, or ended by its term (expired) or early (removed), or dropped."""

    kind: str  # listed | expired | removed | dropped
    date: dt.date | None = None  # the last day of the term (expired), the removal date (removed)
    reason: str = ""  # the removal reason (removed); the latest list's quarter (dropped)

    @property
    def listed(self) -> bool:
        return self.kind == "listed"


class Endings:
    """For templates: how the listing behind an entry of any quarter's list stands today.

    A stable repr, so that the page cache keys of the pages using it are stable."""

    def __init__(self, all_listings: Iterable[Listing], day: dt.date):
        self.day = day
        self.by_key = {(x.department, x.entry.key): x for x in all_listings}

    def __call__(self, department: str, entry: BlacklistEntry) -> Ending:
        listing = self.by_key.get((department, entry.key))
        return listing.ending(self.day) if listing else entry_ending(entry, self.day)

    def ended(self) -> list[Listing]:
        """Listings that have ended by `day`, the most recent end first."""
        done = [(x, x.ending(self.day)) for x in self.by_key.values()]
        done = [(x, end) for x, end in done if not end.listed]
        done.sort(key=lambda t: (t[1].date or t[0].last_quarter.end, t[0].entry.party.name), reverse=True)
        return [x for x, _ in done]

    def __repr__(self) -> str:
        return f"Endings({self.day})"


@dataclass
class Enterprise:
    credit_code: str
    name: str
    party_type: str
    decisions: list[Decision] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    exposures: list[Exposure] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"enterprises/{self.credit_code}/"

    @property
    def type_label(self) -> str:
        return PARTY.child("type").label(self.party_type)

    @property
    def fines(self) -> int:
        return sum(d.fine_amount for d in self.decisions)

    @property
    def penalties_total(self) -> int:
        return sum(d.total_amount for d in self.decisions)

    def listed_on(self, day: dt.date) -> bool:
        return any(x.active_on(day) for x in self.listings)

    def events(self, exposure_date=None) -> list[tuple[dt.date, str, object]]:
        """Every record about the enterprise, newest first; exposures dated by `exposure_date(e)`."""
        items = [(d.decided, "decision", d) for d in self.decisions]
        items += [(x.entry.listed, "listing", x) for x in self.listings]
        if exposure_date:
            items += [(exposure_date(e), "exposure", e) for e in self.exposures]
        return sorted(items, key=lambda t: (t[0], t[1]), reverse=True)


def listings(lists: Iterable[Blacklist]) -> list[Listing]:
    """Entries across quarters, merged into one listing per department, party and listing date."""
    lists = sorted(lists, key=lambda b: b.quarter)
    latest: dict[str, Blacklist] = {}
    seen: dict[tuple[str, tuple], tuple[BlacklistEntry, list[Quarter]]] = {}
    for b in lists:
        latest[b.department] = b
        for e in b.entries:
            key = (b.department, e.key)
            quarters = seen.get(key, (e, []))[1]
            seen[key] = (e, [*quarters, b.quarter])  # the newest list's wording wins
    return [Listing(dept, e, tuple(qs), latest[dept]) for (dept, _), (e, qs) in seen.items()]


def current(all_listings: Iterable[Listing], day: dt.date) -> list[Listing]:
    """Who is on the blacklist on `day`, newest listing first."""
    active = [x for x in all_listings if x.active_on(day)]
    return sorted(active, key=lambda x: (x.entry.listed, x.entry.party.name), reverse=True)


def build(
    decisions: Iterable[Decision], all_listings: Iterable[Listing], exposures: Iterable[Exposure] = ()
) -> dict[str, Enterprise]:
    """One Enterprise per credit code; individuals (no credit code) get none. The name is the first
    one met, as typed: a spelling in the other script is the same enterprise (V12 compares fold)."""
    result: dict[str, Enterprise] = {}

    def get(party) -> Enterprise | None:
        if not party.credit_code:
            return None
        return result.setdefault(party.credit_code, Enterprise(party.credit_code, party.name, party.type))

    for d in decisions:
        ent = get(d.party)
        if ent:
            ent.decisions.append(d)
    for x in all_listings:
        ent = get(x.entry.party)
        if ent:
            ent.listings.append(x)
    for e in exposures:
        ent = get(e.party) if e.party else None
        if ent:
            ent.exposures.append(e)
    return dict(sorted(result.items(), key=lambda kv: name_key(kv[1].name)))


@dataclass(frozen=True)
class QuarterDiff:
    """What one department's list changed since its previous quarter."""

    blacklist: Blacklist
    previous: Blacklist | None
    added: tuple[BlacklistEntry, ...]
    removed: tuple[tuple[BlacklistEntry, str], ...]  # (entry, why)


def quarter_diff(current_list: Blacklist, previous: Blacklist | None) -> QuarterDiff:
    """Added entries, and removed ones with the reason: early removal, or the end of the term."""
    before = {e.key: e for e in previous.entries} if previous else {}
    now = {e.key for e in current_list.entries}
    added = (
        tuple(e for e in current_list.entries if e.key not in before) if previous else current_list.entries
    )
    removed: list[tuple[BlacklistEntry, str]] = [
        (e, f"{e.removed.date} {e.removed.reason}") for e in current_list.entries if e.removed
    ]
    for key, e in before.items():
        if key in now or e.removed:
            continue
        why = f"管理期限屆滿（{e.until}）" if e.until <= current_list.quarter.end else "未說明（不符合規定）"
        removed.append((e, why))
    return QuarterDiff(current_list, previous, added, tuple(removed))
