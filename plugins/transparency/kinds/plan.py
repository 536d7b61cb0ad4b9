"""年度監管執法計劃: data/plans/<年份>/<部門代號>.yaml, one department's plan for one year.

Cross-field rules: `check` (year and department match the file, dates in order, parties);
deadline (P1, plan_due_month/plan_due_day of its year): compliance.deadlines_of.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from ..load import Mapping
from .base import Editor, Export, Field, Files, Month, RecordFile, build, obj, with_fields
from .columns import PROVEN, SOURCE, URL
from .common import DRAFT, LATE, PARTY, PUBLISHED, Party, check_party


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
