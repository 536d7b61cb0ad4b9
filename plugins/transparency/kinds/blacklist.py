"""季度黑名單: data/blacklists/<年>-q<季>/<部門代號>.yaml, one department's list for one quarter.

Cross-field rules: `check` (file and folder, entries: parties, dates in order, decisions named);
deadline rules (DEADLINES): the deadline (B1, setting blacklist_due_days) and the term rules
(B2, B3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from .. import checks, lateness
from ..findings import Finding, error
from ..load import Mapping
from ..workdays import add_months
from .base import Deadlines, Editor, Export, Field, Files, Quarter, RecordFile, build, convert, obj
from .columns import PROVEN, SOURCE, URL
from .common import DRAFT, LATE, PARTY, PUBLISHED, Party, Report, check_party

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..checks import Publication
    from ..settings import Config
    from ..workdays import Due, WorkCalendar
    from .department import Department
    from .programme import Period


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
    until: dt.date | None = None  # filled by Blacklist.from_data: the term's last day when not written
    line: int = 0
    removed: Removal | None = None
    decisions: tuple[str, ...] = ()
    until_explicit: bool = False
    removed_line: int = 0  # the line of removed.date, for messages
    DERIVED: ClassVar[tuple[str, ...]] = ("until_explicit", "removed_line")

    @property
    def key(self) -> tuple[str, dt.date]:
        """The same listing across quarters: the party and the listing date (a name in either script)."""
        from ..normalize import fold

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
    DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def url(self) -> str:
        return f"blacklist/{self.quarter.slug}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, path: str, data, term_years: int) -> Blacklist:
        entries = []
        for e, entry in zip(
            data["entries"], convert(BLACKLIST.child("entries"), data["entries"]), strict=True
        ):
            removed = e.get("removed")
            entries.append(
                replace(
                    entry,
                    until=entry.until or (add_months(entry.listed, 12 * term_years) - dt.timedelta(days=1)),
                    until_explicit="until" in e,
                    removed_line=removed.line_of("date") if removed else 0,
                )
            )
        return build(cls, BLACKLIST, data, path=path, entries=tuple(entries))


BLACKLIST_ENTRY = obj(
    "entry",
    "名單條目",
    PARTY,
    Field("reason", "str", "列入事由", required=True),
    Field("basis", "str", "列入依據", required=True),
    Field("listed", "date", "列入日期", required=True),
    Field("until", "date", "管理期限至", description="不填時為列入日期起 3 年（設定 blacklist_term_years）"),
    obj(
        "removed",
        "提前移出",
        Field(
            "date",
            "date",
            "移出日期",
            required=True,
            description="不得早於列入日期起 12 個月（B3，設定 blacklist_repair_months）",
        ),
        Field("reason", "str", "移出原因", required=True, description="如 信用修復"),
        model=Removal,
    ),
    Field(
        "decisions",
        "list",
        "相關處罰決定",
        item=Field("number", "str", "決定書文號"),
        description="列入所依據的處罰決定書文號",
    ),
    model=BlacklistEntry,
)

BLACKLIST = obj(
    "blacklist",
    "季度黑名單",
    Field("quarter", "quarter", "季度", required=True, description="如 2026-Q1，與文件夾 2026-q1 一致"),
    Field("department", "ref", "公布部門", required=True, description="與文件名一致"),
    PUBLISHED,
    DRAFT,
    LATE,
    Field(
        "entries",
        "list",
        "名單",
        required=True,
        item=BLACKLIST_ENTRY,
        minimum=0,
        description="可以為空清單 []",
    ),
    model=Blacklist,
)
FILES = Files(
    "blacklists",
    r"(?P<quarter>\d{4}-q[1-4])/(?P<dept>[a-z0-9]+)\.yaml",
    "季度黑名單應放在 blacklists/<年>-q<季>/<部門代號>.yaml，如 blacklists/2026-q1/yjj.yaml",
    "blacklist/{quarter}/",
    lambda d: str(d.get("quarter") or ""),
)
EDITOR = Editor("blacklist", "data/blacklists/*/*.yaml", BLACKLIST)


# -- cross-field rules ---------------------------------------------------------------


def check(data: Mapping, f: RecordFile, numbers: set[str]) -> None:
    """Rules of one list beyond its fields: its quarter and department match the file, its entries
    (`numbers`: the decision numbers an entry may cite)."""
    quarter = data.get("quarter")
    if isinstance(quarter, str) and quarter.strip().lower() != f.parts[0] and not f.found:
        f.report(
            "V9",
            data.line_of("quarter"),
            f"季度 {quarter} 與資料夾 {f.parts[0]} 不符；修正：移到 blacklists/{quarter.strip().lower()}/",
        )
    f.loader.same_as_stem(data, "department", f.path, f.report)
    f.loader.department_ref(data, "department", f.report)
    _entries(f.loader, data, numbers, f.report)


def _quarter_end(quarter: object) -> dt.date | None:
    """The last day of a quarter written as 2026-Q3; None for anything else (reported elsewhere)."""
    try:
        return Quarter.parse(quarter.strip()).end if isinstance(quarter, str) else None
    except (ValueError, OverflowError, TypeError):
        return None


@lru_cache(maxsize=2)
def _number_keys(numbers: frozenset[str]) -> frozenset[str]:
    """The normalised keys of every citable decision number: once per build, not once per list (a
    frozenset caches its hash, so the lookup is cheap once the loader passes the same frozenset)."""
    from ..normalize import number_key

    return frozenset(number_key(n) for n in numbers)


def _entries(loader, data: Mapping, numbers: set[str], report: Report) -> None:
    """Rules of entries that the schema cannot say: parties, dates in order, references."""
    from ..normalize import fold, number_key
    from ..validate import did_you_mean

    entries = data.get("entries")
    if not isinstance(entries, list):
        return
    known = _number_keys(frozenset(numbers))  # a number cited in either script or width
    quarter_end = _quarter_end(data.get("quarter"))
    seen: dict[tuple, int] = {}
    for i, e in enumerate(entries):
        if not isinstance(e, Mapping):
            continue
        where = f"entries[{i + 1}]"
        party = e.get("party")
        if isinstance(party, Mapping):
            check_party(party, f"{where}.party", report)
            if party.get("type") == "individual":
                report("V2", party.line_of("type"), f"{where}：黑名單只列入組織和個體工商戶，不列入自然人")
        listed, until, removed = e.get("listed"), e.get("until"), e.get("removed")
        if isinstance(listed, dt.date) and quarter_end and listed > quarter_end:
            report(
                "V5",
                e.line_of("listed"),
                f"{where}：列入日期 {listed} 晚於本季度結束日 {quarter_end}，應列在之後季度的名單中；"
                "修正：核對列入日期（應為列入決定作出之日），或把該項寫進列入日期所在季度的名單",
            )
        if isinstance(listed, dt.date):
            if isinstance(until, dt.date) and until < listed:
                report(
                    "V5",
                    e.line_of("until"),
                    f"{where}：管理期限 {until} 早於列入日期 {listed}；修正：核對日期，或刪除 until 使用預設期限",
                )
            if (
                isinstance(removed, Mapping)
                and isinstance(removed.get("date"), dt.date)
                and removed["date"] < listed
            ):
                report(
                    "V5",
                    removed.line_of("date"),
                    f"{where}：移出日期 {removed['date']} 早於列入日期 {listed}；"
                    f"修正：核對兩個日期（提前移出須在列入滿 {loader.config.blacklist_repair_months} 個月之後，見 B3）",
                )
            if isinstance(party, Mapping):
                key = (party.get("credit_code") or fold(str(party.get("name"))), listed)
                if key in seen:
                    report(
                        "V7",
                        e.line,
                        f"{where} 與第 {seen[key]} 項重複（同一當事人、同一列入日期）；修正：刪除重複的一項",
                    )
                seen.setdefault(key, i + 1)
        for number in e.get("decisions") or ():
            if isinstance(number, str) and number_key(number) not in known:
                report(
                    "V6",
                    e.line_of("decisions"),
                    f"{where}：處罰決定書「{number}」不存在{did_you_mean(number, list(numbers))}；"
                    "修正：填寫已公示決定書的文號",
                )


def model_of(f: RecordFile, data: Mapping, config) -> Blacklist:
    return Blacklist.from_data(f.rel, data, config.blacklist_term_years)


# --- Deadline rules ---------------------------------------------------------------


def blacklist_due(quarter: Quarter, calendar: WorkCalendar, config: Config) -> Due:
    return calendar.after_days(quarter.end, config.blacklist_due_days)


def owed_quarters(periods: Iterable[Period], calendar: WorkCalendar, config: Config) -> list[Quarter]:
    periods = list(periods)
    return [
        q
        for q in checks.quarters_in(periods)
        if checks.applies(periods, q.start, q.end, blacklist_due(q, calendar, config))
    ]


def check_blacklists(
    lists: Iterable[Blacklist],
    departments: dict[str, Department],
    periods: Iterable[Period],
    publications: dict[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """B1: every duty-bearing department publishes each programme quarter's list on time.

    A draft for a quarter that is not owed (outside the programme) is no error, as no file is none;
    a list published before its quarter has ended is V5.
    """
    lists = list(lists)
    by_key = {(b.department, b.quarter): b for b in lists}
    found: list[Finding] = []
    dues = []
    duty = [d for d in departments.values() if "blacklist" in d.duties]
    owed = {(d.id, q) for d in duty for q in owed_quarters(periods, calendar, config)}
    wanted = owed | {key for key, b in by_key.items() if not b.draft}
    for b in lists:
        pub = publications.get(b.path)
        if not b.draft and pub and pub.date and pub.date <= b.quarter.end:
            found.append(
                error(
                    "V5",
                    b.path,
                    b.line_of("quarter"),
                    f"{b.quarter.label}黑名單的季度尚未結束：季度結束 {b.quarter.end}，公示日期 {pub.date}；"
                    "修正：季度結束後再發布，現在請加 draft: true",
                    str(b.quarter),
                )
            )
    for dept, quarter in sorted(wanted):
        due = blacklist_due(quarter, calendar, config)
        dues.append((due, f"{quarter.label}黑名單（{dept}）"))
        name = departments[dept].name if dept in departments else dept
        head = f"{quarter.label}黑名單，季度結束 {quarter.end}，應於 {due.date} 前公示{checks.extension_note(due)}"
        path = f"{config.data_path}/blacklists/{quarter.slug}/{dept}.yaml"
        found += checks.check_periodic(
            "B1", by_key.get((dept, quarter)), path, "quarter", name, head, due, publications, config, today
        )
    return found + checks.missing_calendar(dues, config)


def check_continuity(lists: Iterable[Blacklist]) -> list[Finding]:
    """B2: an entry within its term and not removed must appear again in the next quarter's list."""
    published = {(b.department, b.quarter): b for b in lists if not b.draft}
    found = []
    for (dept, quarter), b in sorted(published.items()):
        following = published.get((dept, quarter.next))
        if following is None:
            continue
        present = {e.key for e in following.entries}
        for e in b.entries:
            if e.removed or e.until < following.quarter.end or e.key in present:
                continue
            found.append(
                error(
                    "B2",
                    following.path,
                    following.line_of("entries"),
                    f"{e.party.name}（列入 {e.listed}，管理期至 {e.until}）在 {quarter} 名單中，"
                    f"但 {following.quarter} 名單既沒有它，也沒有移出記錄；"
                    "修正：補回該條目，提前移出的請保留條目並填寫 removed: {date, reason}",
                    f"{following.quarter}",
                )
            )
    return found


def earliest_removal(listed: dt.date, config: Config) -> dt.date:
    """The first day an entry may be removed early: listed + the configured months (民法典 第202條:
    2024-02-29 + 12 months = 2025-02-28)."""
    return add_months(listed, config.blacklist_repair_months)


def check_early_removals(lists: Iterable[Blacklist], config: Config) -> list[Finding]:
    """B3: an early removal (`removed`) no sooner than 12 months after listing (信用修復 may be asked for
    only then). A removal before the listing itself is V5, reported when the file is read."""
    found = []
    months = config.blacklist_repair_months
    for b in lists:
        for e in b.entries:
            if not e.removed or e.removed.date < e.listed:
                continue
            earliest = earliest_removal(e.listed, config)
            if e.removed.date >= earliest:
                continue
            found.append(
                error(
                    "B3",
                    b.path,
                    e.removed_line or e.line,
                    f"{e.party.name}（列入 {e.listed}）提前移出日期 {e.removed.date} 早於允許的最早日期 {earliest}："
                    f"《安全生產嚴重失信主體名單管理辦法》（應急管理部令第11號）規定列入滿 {months} 個月後"
                    "方可經信用修復提前移出；修正：核對 listed 和 removed.date；確未滿期的，刪除 removed，"
                    f"條目保留在名單中，{earliest} 或以後再移出",
                    str(b.quarter),
                )
            )
    return found


def deadline_checks(ds) -> list[Finding]:
    """B1 (check_blacklists), B2 (check_continuity) and B3 (check_early_removals)."""
    return (
        check_blacklists(
            ds.blacklists, ds.departments, ds.periods, ds.publications, ds.calendar, ds.config, ds.today
        )
        + check_continuity(ds.blacklists)
        + check_early_removals(ds.blacklists, ds.config)
    )


def compliance_items(ds) -> list:
    """/compliance/: each duty-bearing department's list of each owed quarter, and every list published."""
    from ..compliance import periodic_item

    lists = {(b.department, b.quarter): b for b in ds.blacklists if not b.draft}
    duty = [x.id for x in ds.departments.values() if "blacklist" in x.duties]
    owed = {(dept, q) for dept in duty for q in owed_quarters(ds.periods, ds.calendar, ds.config)}
    return [
        periodic_item(
            ds,
            "blacklist",
            dept,
            q.label,
            q.start,
            blacklist_due(q, ds.calendar, ds.config).date,
            lists.get((dept, q)),
            f"{dept}-{q.slug}",
        )
        for dept, q in sorted(owed | set(lists))
    ]


def compliance_labels(config) -> dict[str, str]:
    return {"blacklist": BLACKLIST.title}


def record_deadlines(ds, b: Blacklist) -> list:
    from ..compliance import record_deadline

    due = blacklist_due(b.quarter, ds.calendar, ds.config)
    window = f"季度結束後 {ds.config.blacklist_due_days} 日內"
    pub = ds.publications[b.path]
    return [record_deadline("B1", BLACKLIST.title, window, due, pub, b.late_reason, ds.today)]


def draft_dues(ds) -> list:
    return [
        (blacklist_due(b.quarter, ds.calendar, ds.config), "blacklist", b.quarter.label, b.department)
        for b in ds.blacklists
        if b.draft
    ]


DEADLINES = Deadlines(
    "blacklists",
    ("B1", "B2", "B3"),
    deadline_checks,
    items=compliance_items,
    labels=compliance_labels,
    model=Blacklist,
    deadlines=record_deadlines,
    drafts=draft_dues,
)


# -- open data: blacklist, blacklist_publications, blacklist_events ----------------

LISTING_NOTE = "部門|統一社會信用代碼（無則名稱）|列入日期：同一條目在各季度名單和 blacklist_events 中相同"
EVENTS = (("listed", "列入"), ("removed", "提前移出"), ("expired", "期滿移出"))
DECISION_IDS = Field(
    "decision_ids",
    "list",
    "相關處罰決定編號",
    item=Field("id", "str", "決定編號"),
    description="decisions（或 compliance 的 record_id）中的決定編號，用於關聯，不必拆分文號",
)


def listing_key(department: str, entry) -> str:
    """One listing across quarters and events: the department, the party and the listing date."""
    return f"{department}|{entry.party.credit_code or entry.party.name}|{entry.listed.isoformat()}"


def _decision_ids(ds) -> dict[str, str]:
    return {d.number: d.id for d in ds.decisions if not d.draft}


def _entry_rows(x) -> tuple[list[dict], dt.date | None]:
    lists = x.ds.published_blacklists
    number_to_id = _decision_ids(x.ds)
    rows = []
    for b in lists:
        data = x.raw(b.path)
        for e, model in zip(data["entries"], b.entries, strict=True):
            rows.append(
                {
                    "quarter": str(b.quarter),
                    "department": b.department,
                    "listing": listing_key(b.department, model),
                    **x.provenance(b.path, "list_"),
                    **e,
                    "until": model.until.isoformat(),
                    "decision_ids": [number_to_id[n] for n in model.decisions if n in number_to_id],
                }
            )
    return rows, x.newest(b.path for b in lists)


def _publication_rows(x) -> tuple[list[dict], dt.date | None]:

    lists = {(b.department, b.quarter): b for b in x.ds.published_blacklists}
    rows = []
    for i in x.items:
        if i.kind != "blacklist":
            continue
        b = lists.get((i.department, i.quarter))
        rows.append(
            {
                "id": i.record,
                "quarter": str(i.quarter),
                "department": i.department,
                "published": i.published.isoformat() if i.published else None,
                "published_source": i.source,
                "entries": len(b.entries) if b else 0,
                "due": i.due.isoformat(),
                "on_time": i.status == lateness.ON_TIME,
                "url": i.url,
            }
        )
    return rows, x.newest(b.path for b in x.ds.published_blacklists)


def _event_rows(x) -> tuple[list[dict], dt.date | None]:
    from .. import enterprises

    ds = x.ds
    number_to_id = _decision_ids(ds)
    rows = []
    for listing in enterprises.listings(ds.published_blacklists):
        e = listing.entry
        key = listing_key(listing.department, e)
        base = {
            "listing": key,
            "party_name": e.party.name,
            "party_credit_code": e.party.credit_code,
            "department": listing.department,
        }
        ids = [number_to_id[n] for n in e.decisions if n in number_to_id]
        rows.append(
            {**base, "event": "listed", "date": e.listed.isoformat(), "reason": e.reason, "decisions": ids}
        )
        if e.removed:
            rows.append(
                {**base, "event": "removed", "date": e.removed.date.isoformat(), "reason": e.removed.reason}
            )
        elif e.until < ds.today:
            rows.append({**base, "event": "expired", "date": e.until.isoformat(), "reason": "管理期限屆滿"})
    rows.sort(key=lambda r: (r["date"], r["listing"], r["event"]))
    return rows, x.newest(b.path for b in ds.published_blacklists)


ENTRIES = Export(
    "blacklist",
    "季度黑名單條目",
    "各部門每季度公布的名單中的每一條目",
    obj(
        "entry",
        "黑名單條目",
        replace(BLACKLIST.child("quarter"), required=False, description=""),
        replace(BLACKLIST.child("department"), required=False, description=""),
        Field("listing", "str", "名單條目鍵", description=LISTING_NOTE),
        Field("list_published", "date", "名單公布日期"),
        replace(SOURCE, name="list_published_source", title="名單公布日期來源"),
        replace(PROVEN, name="list_git_published", title="git 可證的名單公布日期"),
        *BLACKLIST_ENTRY.fields,
        DECISION_IDS,
    ),
    foreign_keys=(("party_credit_code", "enterprises", "credit_code"),),
    rows=_entry_rows,
)

PUBLICATIONS = Export(
    "blacklist_publications",
    "季度黑名單的公布",
    "每個有黑名單職責的部門每季度一行，空名單和未公布的也有一行（未公布的公布日期為空）",
    obj(
        "publication",
        "季度名單公布",
        Field("id", "str", "編號", required=True, description="部門-季度，如 yjj-2026-q1"),
        replace(BLACKLIST.child("quarter"), description=""),
        Field("department", "str", "部門", required=True),
        Field("published", "date", "公布日期"),
        SOURCE,
        Field("entries", "int", "條目數", required=True, minimum=0, description="0 為公布了空名單"),
        Field("due", "date", "期限", required=True),
        Field("on_time", "bool", "按期公布", required=True),
        URL,
    ),
    primary_key=("id",),
    foreign_keys=(("department", "departments", "id"),),
    rows=_publication_rows,
)

BLACKLIST_EVENTS = Export(
    "blacklist_events",
    "黑名單事件",
    "每次列入、提前移出和期滿移出一行：誰、哪個部門、何日、何故",
    obj(
        "event",
        "黑名單事件",
        Field("listing", "str", "名單條目鍵", required=True, description=LISTING_NOTE),
        Field("event", "enum", "事件", required=True, choices=EVENTS),
        Field("date", "date", "日期", required=True),
        Field("party_name", "str", PARTY.title, required=True),
        replace(PARTY.child("credit_code"), name="party_credit_code", description=""),
        Field("department", "str", "部門", required=True),
        Field("reason", "str", "原因"),
        replace(DECISION_IDS, name="decisions", description=""),
    ),
    primary_key=("listing", "event"),
    foreign_keys=(("department", "departments", "id"),),
    rows=_event_rows,
)


# --- Pages ---


def pages(ds, p) -> list:
    """The blacklist's pages (`p`: plan.Planning): who is listed today (with 資料更新至), then each
    quarter's lists with what changed since the department's list before."""
    from ..enterprises import quarter_diff
    from ..plan import listed_count

    lists = ds.published_blacklists
    quarters = sorted({b.quarter for b in lists}, reverse=True)
    out = [
        p.page(
            "blacklist/index.html",
            "blacklist",
            footer=True,  # who is listed today
            lists=lists,  # what the page is made from (its sitemap date), though it shows their entries
            current_rows=[(x.department, x.entry) for x in p.current],
            current_count=listed_count(p.current),
            ended_rows=[(x.department, x.entry) for x in p.endings.ended()],
            quarters=quarters,
        )
    ]
    previous: dict[str, object] = {}
    diffs_by_quarter: dict = {}
    for b in lists:  # sorted by quarter, so `previous` is the department's list before this one
        diffs_by_quarter.setdefault(b.quarter, []).append(quarter_diff(b, previous.get(b.department)))
        previous[b.department] = b
    for quarter, diffs in diffs_by_quarter.items():
        out.append(
            p.page(
                f"blacklist/{quarter.slug}/index.html",
                "blacklist_quarter",
                quarter=quarter,
                diffs=diffs,
                quarters=quarters,
                county_rows=[(d.blacklist.department, e) for d in diffs for e in d.blacklist.entries],
                county_subjects=len({e.key[0] for d in diffs for e in d.blacklist.entries}),
            )
        )
    return out
