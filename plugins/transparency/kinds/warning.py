"""一月一警示: data/warnings/<年>-<月>.yaml, the county's monthly warning.

Cross-field rules: `check` (the month matches the file, the accidents exist); deadline rules
(DEADLINES): W1, the setting warning_due_day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .. import checks
from ..findings import Finding
from ..load import Mapping
from .accident import Accident
from .base import Deadlines, Editor, Export, Field, Files, Month, RecordFile, build, obj, with_fields
from .columns import PROVEN, SOURCE, URL
from .common import DRAFT, LATE, PUBLISHED

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..checks import Publication
    from ..settings import Config
    from ..workdays import Due, WorkCalendar
    from .programme import Period


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
    accident_ids: tuple[str, ...] | None = None  # None: same-period selection
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def url(self) -> str:
        return f"warnings/{self.month.slug}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, path: str, data) -> MonthlyWarning:
        return build(cls, WARNING, data, id=data["month"].strip(), path=path)


def same_period(month: Month, accidents: list[Accident]) -> list[Accident]:
    """Accidents of the same calendar month in earlier years, most severe first."""
    chosen = [a for a in accidents if a.date.month == month.month and a.date.year < month.year]
    return sorted(chosen, key=lambda a: (a.severity, a.date), reverse=True)


WARNING = obj(
    "warning",
    "一月一警示",
    Field("month", "month", "月份", required=True, description="如 2026-05，與文件名一致"),
    PUBLISHED,
    DRAFT,
    LATE,
    Field("title", "str", "標題", required=True),
    Field(
        "accidents",
        "list",
        "歷史同期事故",
        item=Field("accident", "id", "事故編號"),
        minimum=0,
        description="不填時自動選取往年同月的全部事故",
        attr="accident_ids",
    ),
    Field("analysis", "md", "原因分析、暴露問題", required=True),
    Field("requirements", "md", "工作要求和建議", required=True),
    model=MonthlyWarning,
)
FILES = Files(
    "warnings",
    r"(?P<month>\d{4}-\d{2})\.yaml",
    "一月一警示應放在 warnings/<年>-<月>.yaml，如 warnings/2026-05.yaml",
    "warnings/{month}/",
    lambda d: str(d.get("month") or ""),
)
EDITOR = Editor("warning", "data/warnings/*.yaml", WARNING)


def check(data: Mapping, f: RecordFile, accident_ids: set[str]) -> None:
    """Rules of one warning beyond its fields: its month matches the file, its accidents exist."""
    from ..validate import did_you_mean

    month = data.get("month")
    if isinstance(month, str) and month.strip() != f.path.stem and not f.found:
        f.report(
            "V9",
            data.line_of("month"),
            f"月份 {month} 與檔名 {f.path.name} 不符；修正：檔名應為 {month.strip()}.yaml",
        )
    for aid in data.get("accidents") or ():
        if isinstance(aid, str) and aid not in accident_ids:
            f.report(
                "V6",
                data.line_of("accidents"),
                f"事故「{aid}」不存在{did_you_mean(aid, list(accident_ids))}；修正：使用 accidents/ 中的檔名",
            )


def model_of(f: RecordFile, data: Mapping, config) -> MonthlyWarning:
    return MonthlyWarning.from_data(f.rel, data)


# --- Deadline rules ---------------------------------------------------------------


def warning_due(month: Month, calendar: WorkCalendar, config: Config) -> Due:
    nominal = dt.date(month.year, month.month, config.warning_due_day)
    return calendar.on_or_after(nominal)


def owed_months(periods: Iterable[Period], calendar: WorkCalendar, config: Config) -> list[Month]:
    periods = list(periods)
    return [
        m
        for m in checks.months_in(periods)
        if checks.applies(periods, m.start, m.end, warning_due(m, calendar, config))
    ]


def check_warnings(
    warnings: Iterable[MonthlyWarning],
    periods: Iterable[Period],
    publications: dict[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """W1: a warning for every programme month by its due day, published on time."""
    by_month = {w.month: w for w in warnings}
    found: list[Finding] = []
    dues = []
    for month in sorted(set(owed_months(periods, calendar, config)) | set(by_month)):
        due = warning_due(month, calendar, config)
        dues.append((due, f"{month.label}警示"))
        head = f"{month.label}警示應於 {due.date} 前發布{checks.extension_note(due)}"
        path = f"{config.data_path}/warnings/{month.slug}.yaml"
        found += checks.check_periodic(
            "W1", by_month.get(month), path, "month", month.label, head, due, publications, config, today
        )
    return found + checks.missing_calendar(dues, config)


def deadline_checks(ds) -> list[Finding]:
    """W1 (check_warnings)."""
    return check_warnings(ds.warnings, ds.periods, ds.publications, ds.calendar, ds.config, ds.today)


def compliance_items(ds) -> list:
    """/compliance/: the warning of every owed month, and every warning published (the county's)."""
    from ..compliance import COUNTY, periodic_item

    warnings = {w.month: w for w in ds.warnings if not w.draft}
    owed = owed_months(ds.periods, ds.calendar, ds.config)
    return [
        periodic_item(
            ds,
            "warning",
            COUNTY,
            month.label,
            month.start,
            warning_due(month, ds.calendar, ds.config).date,
            warnings.get(month),
            month.slug,
        )
        for month in sorted(set(owed) | set(warnings))
    ]


def compliance_labels(config) -> dict[str, str]:
    return {"warning": WARNING.title}


def record_deadlines(ds, w: MonthlyWarning) -> list:
    from ..compliance import record_deadline

    due = warning_due(w.month, ds.calendar, ds.config)
    window = f"每月 {ds.config.warning_due_day} 日前"
    pub = ds.publications[w.path]
    return [record_deadline("W1", WARNING.title, window, due, pub, w.late_reason, ds.today)]


def draft_dues(ds) -> list:
    from ..compliance import COUNTY

    return [
        (warning_due(w.month, ds.calendar, ds.config), "warning", w.month.label, COUNTY)
        for w in ds.warnings
        if w.draft
    ]


DEADLINES = Deadlines(
    "warnings",
    ("W1",),
    deadline_checks,
    items=compliance_items,
    labels=compliance_labels,
    model=MonthlyWarning,
    deadlines=record_deadlines,
    drafts=draft_dues,
)


def _warning_rows(x) -> tuple[list[dict], dt.date | None]:
    ds = x.ds
    warnings = ds.published_warnings
    rows = [
        {
            "url": w.url,
            **x.raw(w.path),
            **x.provenance(w.path),
            "accidents": [a.id for a in ds.warning_accidents(w)],
        }
        for w in warnings
    ]
    return rows, x.newest(w.path for w in warnings)


WARNINGS = Export(
    "warnings",
    "一月一警示",
    "每月安全生產警示",
    with_fields(WARNING, URL, SOURCE, PROVEN),
    primary_key=("month",),
    rows=_warning_rows,
)


# --- Pages ---


def pages(ds, p) -> list:
    """一月一警示 (`p`: plan.Planning): the list, then one page per warning with the accidents it shows."""
    warnings = ds.published_warnings
    out = [p.page("warnings/index.html", "warnings", items=warnings)]
    out += [p.page(f"{w.url}index.html", "warning", w=w, accidents=ds.warning_accidents(w)) for w in warnings]
    return out
