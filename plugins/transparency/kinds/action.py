"""兩月一行動: data/actions/<編號>.yaml, a special enforcement action with its results, circular
and exposures (曝光).

Cross-field rules: `check` (dates, departments, results, each exposure's subject); deadline rules
(DEADLINES): A1, an exposure within exposure_window_months of the action's end; A2 兩月一行動.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar

from .. import checks, lateness
from ..findings import Finding, error
from ..load import Mapping
from .base import SLUG, Deadlines, Editor, Export, Field, Files, Month, RecordFile, build, obj, with_fields
from .columns import ID, PROVEN, SOURCE, URL
from .common import DRAFT, LATE, PARTY, PUBLISHED, Party, Report, check_party

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..checks import Publication
    from ..settings import Config
    from ..workdays import Due, WorkCalendar
    from .programme import Period

CONDUCTS = (("不作為", "不作為"), ("慢作為", "慢作為"), ("亂作為", "亂作為"))
SUBJECT_TYPES = (("enterprise", "企業"), ("official", "執法人員"))


@dataclass(frozen=True)
class Exposure:
    """曝光: an enterprise's violation, or an official's 不作為、慢作為、亂作為."""

    subject_type: str
    facts: str
    action_id: str = ""  # the action it belongs to (Action.from_data)
    index: int = 0  # 1-based position in the action, for anchors and messages
    line: int = 0
    published: dt.date | None = None
    party: Party | None = None
    department: str | None = None
    subject: str | None = None
    conduct: str | None = None
    handling: str | None = None
    late_reason: str | None = None
    DERIVED: ClassVar[tuple[str, ...]] = ("action_id", "index")

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
    results: dict[str, int] = field(default_factory=dict)
    circular_published: dt.date | None = None
    circular_text: str | None = None
    exposures: tuple[Exposure, ...] = ()
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def url(self) -> str:
        return f"actions/{self.id}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, rid: str, path: str, data) -> Action:
        action = build(cls, ACTION, data, id=rid, path=path)
        exposures = tuple(replace(e, action_id=rid, index=i) for i, e in enumerate(action.exposures, 1))
        return replace(action, exposures=exposures)


EXPOSURE = obj(
    "exposure",
    "曝光",
    Field("published", "date", "曝光日期", description="不填時以行動記錄的公示日期為準"),
    Field("subject_type", "enum", "曝光對象", required=True, choices=SUBJECT_TYPES),
    replace(PARTY, required=False, description="曝光企業時必填"),
    Field("department", "ref", "所屬部門", description="曝光執法人員時必填"),
    Field(
        "subject", "str", "曝光對象名稱", description="曝光執法人員時必填，姓名脫敏，如 縣某局執法人員張某"
    ),
    Field("conduct", "enum", "問題類型", choices=CONDUCTS, description="曝光執法人員時必填"),
    Field("facts", "md", "問題事實", required=True),
    Field("handling", "md", "處理結果"),
    LATE,
    model=Exposure,
)

ACTION = obj(
    "action",
    "兩月一行動",
    Field("title", "str", "行動名稱", required=True),
    Field("start", "date", "開始日期", required=True),
    Field("end", "date", "結束日期", required=True),
    Field("lead", "ref", "牽頭部門", required=True),
    Field("departments", "list", "參與部門", required=True, item=Field("department", "ref", "部門")),
    obj(
        "results",
        "行動成果",
        Field("inspected", "int", "檢查企業（家次）", minimum=0, bound="count"),
        Field("hazards", "int", "發現隱患（項）", minimum=0, bound="count"),
        Field("rectified", "int", "已整改隱患（項）", minimum=0, bound="count"),
        Field("cases", "int", "立案查處（起）", minimum=0, bound="count"),
        Field("fines", "int", "罰款（元）", minimum=0, bound="amount"),
        Field("suspended", "int", "責令停產停業（家）", minimum=0, bound="count"),
    ),
    obj(
        "circular",
        "通報",
        Field("published", "date", "通報日期", required=True, attr="circular_published"),
        Field("text", "md", "通報內容", required=True, attr="circular_text"),
        flatten=True,
    ),
    Field("exposures", "list", "曝光", item=EXPOSURE, minimum=0, description="行動結束後 1 個月內曝光"),
    PUBLISHED,
    DRAFT,
    LATE,
    model=Action,
)
FILES = Files(
    "actions",
    rf"(?P<id>{SLUG})\.yaml",
    "專項行動應放在 actions/<編號>.yaml，如 actions/2026-01-hazardous-chemicals.yaml",
    "actions/{id}/",
    lambda d: str(d.get("title") or ""),
)
EDITOR = Editor("action", "data/actions/*.yaml", ACTION)


def check(data: Mapping, f: RecordFile) -> None:
    """Rules of one action beyond its fields: dates in order, departments known, results that add
    up, each exposure's subject."""
    report, loader = f.report, f.loader
    start, end = data.get("start"), data.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        report("V5", data.line_of("end"), f"結束日期 {end} 早於開始日期 {start}；修正：核對日期")
    loader.department_ref(data, "lead", report)
    for dept in data.get("departments") or ():
        if isinstance(dept, str) and loader.departments and dept not in loader.departments:
            report(
                "V6",
                data.line_of("departments"),
                f"departments 中的「{dept}」不是已知部門；修正：使用 departments.yaml 中的代號",
            )
    results = data.get("results")
    counts = (results.get("rectified"), results.get("hazards")) if isinstance(results, Mapping) else ()
    if all(isinstance(x, int) for x in counts) and counts and counts[0] > counts[1]:
        report("V5", results.line_of("rectified"), "已整改隱患多於發現隱患；修正：核對數字")
    for i, e in enumerate(data.get("exposures") or (), start=1):
        if isinstance(e, Mapping):
            _exposure(loader, e, f"exposures[{i}]", report)


def _exposure(loader, e: Mapping, where: str, report: Report) -> None:
    if e.get("subject_type") == "enterprise":
        if not isinstance(e.get("party"), Mapping):
            report(
                "V3",
                e.line,
                f"{where}：曝光企業時必須填寫 party（當事人）；修正：加上 party: {{type, name, credit_code}}",
            )
        else:
            check_party(e["party"], f"{where}.party", report)
    elif e.get("subject_type") == "official":
        for key in ("department", "subject", "conduct"):
            title = EXPOSURE.child(key).title
            if not e.get(key):
                report(
                    "V3",
                    e.line,
                    f"{where}：曝光執法人員時必須填寫 {key}（{title}）；修正：加上「{key}: …」",
                )
        loader.department_ref(e, "department", report, f"{where}.")


def model_of(f: RecordFile, data: Mapping, config) -> Action:
    return Action.from_data(f.path.stem, f.rel, data)


# --- Deadline rules ---------------------------------------------------------------


def exposure_due(end: dt.date, calendar: WorkCalendar, config: Config) -> Due:
    """Exposures are due a month after the action ends (民法典 第202條), rolled past rest days."""
    return calendar.after_months(end, config.exposure_window_months)


def check_actions(
    actions: Iterable[Action],
    publications: dict[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """A1: an action's exposures are published within a month after it ends."""
    found: list[Finding] = []
    dues = []
    for a in actions:
        due = exposure_due(a.end, calendar, config)
        dues.append((due, a.title))
        head = f"行動 {a.start}～{a.end}，曝光應於 {due.date} 前公示{checks.extension_note(due)}"
        pub = publications.get(a.path)
        if a.draft or not a.exposures:
            ob = checks.Obligation("A1", a.path, a.line_of("end"), a.title, head, due)
            found += checks.check_deadline(
                ob,
                None,
                draft=a.draft,
                late_reason=a.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            )
            continue
        for e in a.exposures:
            date = e.published or (pub.date if pub else None)
            source = "explicit" if e.published else (pub.source if pub else "today")
            ob = checks.Obligation(
                "A1", a.path, e.line, f"{a.title}：{e.name}", head, due, published_line=e.line
            )
            found += checks.check_deadline(
                ob,
                checks.Publication(date, source),
                draft=False,
                late_reason=e.late_reason or a.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            )
    return found + checks.missing_calendar(dues, config)


def two_month_blocks(period: Period) -> list[tuple[dt.date, dt.date]]:
    """兩月一行動: consecutive two-month blocks from the period's first month, clipped to the period."""
    blocks, month = [], Month.of(period.start)
    while month.start <= period.end:
        blocks.append((max(month.start, period.start), min(month.next.end, period.end)))
        month = month.next.next
    return blocks


def check_bimonthly(
    actions: Iterable[Action], periods: Iterable[Period], config: Config, today: dt.date
) -> list[Finding]:
    """A2: every two-month block of a programme period that has ended had a special action."""
    actions = [a for a in actions if not a.draft]
    found = []
    for period in periods:
        for start, end in two_month_blocks(period):
            if today <= end or any(a.start <= end and a.end >= start for a in actions):
                continue
            found.append(
                error(
                    "A2",
                    f"{config.data_path}/actions",
                    0,
                    f"「{period.name}」{start}～{end} 兩個月內沒有專項執法行動（兩月一行動）；"
                    "修正：在 actions/ 中補錄該期間的行動",
                    f"{start}～{end}",
                )
            )
    return found


def exposures_published(a: Action, pub, due: dt.date) -> tuple[dt.date | None, str | None, str | None]:
    """An action's exposures as one publication: the last date, a reason if every late one has one, the source.

    The source is declared if any exposure's date is declared (its own `published`, or the action's).
    """
    from ..compliance import source_of

    dates = [(e.published or pub.date, e) for e in a.exposures]
    if not dates:
        return None, None, None
    late = [e.late_reason or a.late_reason for day, e in dates if day > due]
    reason = "ok" if late and all(late) else None
    declared = any(e.published for e in a.exposures) or lateness.provenance(pub).declared
    return max(day for day, _ in dates), reason, lateness.DECLARED if declared else source_of(pub)


def exposure_reasons(a: Action, pub, due: dt.date) -> str:
    """The reasons given for an action's late exposures (each its own, or the action's), once each."""
    reasons = [e.late_reason or a.late_reason for e in a.exposures if (e.published or pub.date) > due]
    return "；".join(dict.fromkeys(r for r in reasons if r))


def exposure_deadline(a: Action, pub, calendar, config, today: dt.date):
    """An action's A1 deadline and its verdict, as on /compliance/."""
    from ..compliance import Deadline

    due = exposure_due(a.end, calendar, config)
    date, reason, source = exposures_published(a, pub, due.date)
    proven = pub.first_seen
    verdict = lateness.judge(due.date, date, reason, today)
    window = f"行動結束後 {config.exposure_window_months} 個月內"
    return Deadline("A1", ACTION.title, window, due, verdict, source == lateness.DECLARED, proven)


def deadline_checks(ds) -> list[Finding]:
    """A1 (check_actions) and A2 (check_bimonthly)."""
    return check_actions(ds.actions, ds.publications, ds.calendar, ds.config, ds.today) + check_bimonthly(
        ds.actions, ds.periods, ds.config, ds.today
    )


def compliance_items(ds) -> list:
    """/compliance/: the exposures of every action published, as one obligation of its lead department."""
    from ..compliance import Item

    cal, config, today = ds.calendar, ds.config, ds.today
    result = []
    for a in ds.actions:
        if a.draft:
            continue
        pub = ds.publications[a.path]
        due = exposure_due(a.end, cal, config)
        date, reason, source = exposures_published(a, pub, due.date)
        status = lateness.judge(due.date, date, reason, today).status
        result.append(
            Item(
                "exposure",
                a.lead,
                a.title,
                a.url,
                a.end,
                due.date,
                date,
                status,
                None,
                source,
                record=a.id,
                late_reason=exposure_reasons(a, pub, due.date) if reason else None,
            )
        )
    return result


def compliance_labels(config) -> dict[str, str]:
    return {"exposure": "專項行動曝光"}


def record_deadlines(ds, a: Action) -> list:
    return [exposure_deadline(a, ds.publications[a.path], ds.calendar, ds.config, ds.today)]


def draft_dues(ds) -> list:
    return [
        (exposure_due(a.end, ds.calendar, ds.config), "exposure", a.title, a.lead)
        for a in ds.actions
        if a.draft
    ]


DEADLINES = Deadlines(
    "actions",
    ("A1", "A2"),
    deadline_checks,
    items=compliance_items,
    labels=compliance_labels,
    model=Action,
    deadlines=record_deadlines,
    drafts=draft_dues,
)


def _action_rows(x) -> tuple[list[dict], dt.date | None]:
    actions = x.ds.published_actions
    rows = [
        {
            "id": a.id,
            "url": a.url,
            **{k: v for k, v in x.raw(a.path).items() if k != "exposures"},
            **x.provenance(a.path),
        }
        for a in actions
    ]
    return rows, x.newest(a.path for a in actions)


def _exposure_rows(x) -> tuple[list[dict], dt.date | None]:
    from .. import lateness

    actions = x.ds.published_actions
    rows = []
    for a in actions:
        for e, data in zip(a.exposures, x.raw(a.path).get("exposures") or [], strict=True):
            where = lateness.exposure_provenance(e.published, x.ds.publications[a.path])
            row = {"id": f"{a.id}-{e.index}", "action": a.id, "url": f"{a.url}#{e.anchor}", **data}
            rows.append(row | x.provenance_columns(where))
    rows.sort(key=lambda r: (r["published"], r["url"]), reverse=True)
    return rows, x.newest(a.path for a in actions)


ACTIONS = Export(
    "actions",
    "專項執法行動",
    "兩月一行動：行動期間、部門、成果和通報",
    with_fields(ACTION, replace(ID, required=True), URL, SOURCE, PROVEN, drop=("exposures",)),
    primary_key=("id",),
    rows=_action_rows,
)

EXPOSURES = Export(
    "exposures",
    "曝光",
    "企業違法行為和執法人員不作為、慢作為、亂作為的曝光",
    with_fields(
        EXPOSURE,
        Field(
            "id", "str", "編號", required=True, description="行動編號-序號，與網頁錨點 #exposure-序號 對應"
        ),
        Field("action", "id", "所屬行動", required=True),
        replace(URL, required=True),
        SOURCE,
        PROVEN,
    ),
    primary_key=("id",),
    foreign_keys=(("action", "actions", "id"), ("party_credit_code", "enterprises", "credit_code")),
    rows=_exposure_rows,
)


# --- Pages ---


def pages(ds, p) -> list:
    """兩月一行動 (`p`: plan.Planning): the list, each action with results, circular and exposures; then
    the 曝光台, newest exposure first, by subject, conduct and action."""
    from ..facets import Facet

    actions = ds.published_actions
    out = [p.page("actions/index.html", "actions", items=actions)]
    out += [p.page(f"{a.url}index.html", "action", a=a) for a in actions]
    dates = p.exposure_dates
    exposures = sorted(
        (e for a in actions for e in a.exposures),
        key=lambda e: (dates[e.action_id, e.index], e.action_id, e.index),
        reverse=True,
    )
    titles = {a.id: a.title for a in actions}
    facets = [
        Facet(
            "subject",
            lambda e: [e.subject_type],
            dict(SUBJECT_TYPES).get,
            lambda ks: [k for k, _ in SUBJECT_TYPES if k in ks],
        ),
        Facet(
            "conduct",
            lambda e: [e.conduct] if e.conduct else [],
            order=lambda ks: [k for k, _ in CONDUCTS if k in ks],
        ),
        Facet(
            "action",
            lambda e: [e.action_id],
            titles.get,
            lambda ks: [a.id for a in actions if a.id in ks],
        ),
    ]
    return out + p.faceted("exposures", "exposures/", exposures, facets)
