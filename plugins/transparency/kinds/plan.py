"""年度監管執法計劃: data/plans/<年份>/<部門代號>.yaml, one department's plan for one year.

Cross-field rules: `check` (year and department match the file, dates in order, parties);
deadline rules (DEADLINES): P1, plan_due_month/plan_due_day of its year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .. import checks
from ..findings import Finding
from ..load import Mapping
from .base import Deadlines, Editor, Export, Field, Files, Month, RecordFile, build, obj, with_fields
from .columns import PROVEN, SOURCE, URL
from .common import DRAFT, LATE, PARTY, PUBLISHED, Party, check_party

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..checks import Publication
    from ..settings import Config
    from ..workdays import Due, WorkCalendar
    from .department import Department
    from .programme import Period


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
    approved: dt.date | None = None
    fixed_point: tuple[FixedPoint, ...] = ()
    random_share: float | None = None
    random_count: int | None = None
    random_months: tuple[Month, ...] = ()
    supervision: str | None = None
    published: dt.date | None = None
    draft: bool = False
    late_reason: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def url(self) -> str:
        return f"plans/{self.year}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, path: str, data) -> Plan:
        return build(cls, PLAN, data, path=path)


PLAN = obj(
    "plan",
    "年度監管執法計劃",
    Field("year", "int", "年度", required=True, bound="year"),
    Field("department", "ref", "部門", required=True),
    Field("approved", "date", "批准日期", description="同級人民政府批准"),
    PUBLISHED,
    DRAFT,
    LATE,
    Field(
        "fixed_point",
        "list",
        "定點執法企業",
        minimum=0,
        item=obj(
            "fixed", "定點執法", PARTY, Field("month", "month", "執法月份", required=True), model=FixedPoint
        ),
    ),
    obj(
        "random_checks",
        "雙隨機抽查",
        Field(
            "share",
            "number",
            "抽查比例",
            required=True,
            minimum=0,
            maximum=1,
            description="0 到 1 之間，如 0.15",
            attr="random_share",
        ),
        Field("count", "int", "抽查家數", minimum=0, bound="count", attr="random_count"),
        Field("months", "list", "抽查月份", item=Field("month", "month", "月份"), attr="random_months"),
        flatten=True,
    ),
    Field("supervision", "md", "執法監察"),
    model=Plan,
)
FILES = Files(
    "plans",
    r"(?P<year>\d{4})/(?P<dept>[a-z0-9]+)\.yaml",
    "年度執法計劃應放在 plans/<年份>/<部門代號>.yaml，如 plans/2026/yjj.yaml",
    "plans/{year}/",
    lambda d: f"{d.get('year', '')} {d.get('department', '')}",
)
EDITOR = Editor("plan", "data/plans/*/*.yaml", PLAN)


def check(data: Mapping, f: RecordFile) -> None:
    """Rules of one plan beyond its fields: year and department match the file, dates in order,
    the fixed-point parties."""
    report = f.report
    year = data.get("year")
    if isinstance(year, int) and str(year) != f.parts[0]:
        report(
            "V9",
            data.line_of("year"),
            f"年度 {year} 與資料夾 plans/{f.parts[0]}/ 不符；修正：移到 plans/{year}/",
        )
    f.loader.same_as_stem(data, "department", f.path, report)
    f.loader.department_ref(data, "department", report)
    approved, published = data.get("approved"), data.get("published")
    if isinstance(approved, dt.date) and isinstance(published, dt.date) and published < approved:
        report(
            "V5",
            data.line_of("published"),
            f"公布日期 {published} 早於批准日期 {approved}；修正：核對日期",
        )
    for i, fp in enumerate(data.get("fixed_point") or (), start=1):
        if isinstance(fp, Mapping) and isinstance(fp.get("party"), Mapping):
            check_party(fp["party"], f"fixed_point[{i}].party", report)


def model_of(f: RecordFile, data: Mapping, config) -> Plan:
    return Plan.from_data(f.rel, data)


# --- Deadline rules ---------------------------------------------------------------


def plan_due(year: int, calendar: WorkCalendar, config: Config) -> Due:
    nominal = dt.date(year, config.plan_due_month, config.plan_due_day)
    return calendar.on_or_after(nominal)


def owed_plan_years(periods: Iterable[Period], calendar: WorkCalendar, config: Config) -> list[int]:
    return sorted(
        {
            y
            for p in periods
            for y in range(p.start.year, p.end.year + 1)
            if checks.applies([p], dt.date(y, 1, 1), dt.date(y, 12, 31), plan_due(y, calendar, config))
        }
    )


def check_plans(
    plans: Iterable[Plan],
    departments: dict[str, Department],
    periods: Iterable[Period],
    publications: dict[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """P1: each department with the plan duty publishes its annual plan by 31 March."""
    by_key = {(p.department, p.year): p for p in plans}
    years = owed_plan_years(periods, calendar, config)
    duty = [d.id for d in departments.values() if "plan" in d.duties]
    found: list[Finding] = []
    for dept, year in sorted({(d, y) for d in duty for y in years} | set(by_key)):
        due = plan_due(year, calendar, config)
        name = departments[dept].name if dept in departments else dept
        head = f"{year} 年度監管執法計劃應於 {due.date} 前公布{checks.extension_note(due)}"
        path = f"{config.data_path}/plans/{year}/{dept}.yaml"
        found += checks.check_periodic(
            "P1", by_key.get((dept, year)), path, "year", name, head, due, publications, config, today
        )
    return found


def deadline_checks(ds) -> list[Finding]:
    """P1 (check_plans)."""
    return check_plans(
        ds.plans, ds.departments, ds.periods, ds.publications, ds.calendar, ds.config, ds.today
    )


def compliance_items(ds) -> list:
    """/compliance/: each duty-bearing department's plan of each owed year, and every plan published."""
    from ..compliance import periodic_item

    plans = {(p.department, p.year): p for p in ds.plans if not p.draft}
    duty = [x.id for x in ds.departments.values() if "plan" in x.duties]
    owed = {(dept, y) for dept in duty for y in owed_plan_years(ds.periods, ds.calendar, ds.config)}
    return [
        periodic_item(
            ds,
            "plan",
            dept,
            f"{year} 年度",
            dt.date(year, 1, 1),
            plan_due(year, ds.calendar, ds.config).date,
            plans.get((dept, year)),
            f"{dept}-{year}",
        )
        for dept, year in sorted(owed | set(plans))
    ]


def compliance_labels(config) -> dict[str, str]:
    return {"plan": "年度執法計劃"}


def record_deadlines(ds, plan: Plan) -> list:
    from ..compliance import record_deadline

    config = ds.config
    due = plan_due(plan.year, ds.calendar, config)
    window = f"{config.plan_due_month} 月 {config.plan_due_day} 日前"
    pub = ds.publications[plan.path]
    return [record_deadline("P1", PLAN.title, window, due, pub, plan.late_reason, ds.today)]


def draft_dues(ds) -> list:
    return [
        (plan_due(p.year, ds.calendar, ds.config), "plan", f"{p.year} 年度", p.department)
        for p in ds.plans
        if p.draft
    ]


DEADLINES = Deadlines(
    "plans",
    ("P1",),
    deadline_checks,
    items=compliance_items,
    labels=compliance_labels,
    model=Plan,
    deadlines=record_deadlines,
    drafts=draft_dues,
)


def _plan_rows(x) -> tuple[list[dict], dt.date | None]:
    plans = x.ds.published_plans
    rows = [{"url": p.url, **x.raw(p.path), **x.provenance(p.path)} for p in plans]
    return rows, x.newest(p.path for p in plans)


PLANS = Export(
    "plans",
    "年度監管執法計劃",
    "各部門的年度監管執法計劃",
    with_fields(PLAN, URL, SOURCE, PROVEN),
    primary_key=("year", "department"),
    rows=_plan_rows,
)


# --- Pages ---


def pages(ds, p) -> list:
    """年度監管執法計劃 (`p`: plan.Planning): one page per year with every department's plan, and
    plans/ showing the latest year again."""
    plans = ds.published_plans
    years = sorted({x.year for x in plans}, reverse=True)
    out = [
        p.page(
            f"plans/{year}/index.html",
            "plans",
            year=year,
            years=years,
            plans_by_dept={x.department: x for x in plans if x.year == year},
        )
        for year in years
    ]
    if years:
        out.append(
            p.page(
                "plans/index.html",
                "plans",
                year=years[0],
                years=years,
                plans_by_dept={x.department: x for x in plans if x.year == years[0]},
                alias=True,  # the latest year's page again: indexed once, at plans/{year}/
            )
        )
    return out
