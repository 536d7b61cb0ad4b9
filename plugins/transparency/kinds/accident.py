"""歷史事故: data/accidents/<編號>.yaml, the accident database the monthly warnings draw on.

No cross-field rule when read (`check`); its deadline rules (DEADLINES, W2) compare the level with the one the figures give
(level_for, 國務院令第493號).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar

from ..findings import Finding, warning
from ..present import yuan
from .base import SLUG, Deadlines, Editor, Export, Field, Files, RecordFile, build, obj, with_fields
from .columns import ID, URL
from .common import DRAFT, PUBLISHED

if TYPE_CHECKING:
    from collections.abc import Iterable


LEVELS = (("特別重大", "特別重大事故"), ("重大", "重大事故"), ("較大", "較大事故"), ("一般", "一般事故"))
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
    DERIVED: ClassVar[tuple[str, ...]] = ()

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
        return build(cls, ACCIDENT, data, id=rid, path=path)


ACCIDENT = obj(
    "accident",
    "歷史事故",
    Field("date", "date", "事故日期", required=True),
    Field("title", "str", "事故名稱", required=True),
    Field("place", "str", "地點", required=True),
    Field("industry", "str", "行業", required=True),
    Field("type", "str", "事故類型", required=True),
    Field("level", "enum", "事故等級", required=True, choices=LEVELS),
    Field("deaths", "int", "死亡人數", required=True, minimum=0, bound="count"),
    Field("serious_injuries", "int", "重傷人數", required=True, minimum=0, bound="count"),
    Field("direct_loss", "int", "直接經濟損失（元）", required=True, minimum=0, bound="amount"),
    Field("summary", "md", "事故經過", required=True),
    Field("causes", "md", "事故原因", required=True),
    Field("lessons", "md", "教訓"),
    Field("source", "url", "調查報告"),
    PUBLISHED,
    DRAFT,
    model=Accident,
)
FILES = Files(
    "accidents",
    rf"(?P<id>{SLUG})\.yaml",
    "歷史事故應放在 accidents/<編號>.yaml，如 accidents/2014-05-12-coal-mine-gas-explosion.yaml",
    "accidents/{id}/",
    lambda d: str(d.get("title") or ""),
)
EDITOR = Editor("accident", "data/accidents/*.yaml", ACCIDENT)


def check(data, f: RecordFile) -> None:
    """No rule across an accident's fields beyond the schema's."""


def model_of(f: RecordFile, data, config) -> Accident:
    return Accident.from_data(f.path.stem, f.rel, data)


# --- Deadline rules ---------------------------------------------------------------


def check_accident_levels(accidents: Iterable[Accident]) -> list[Finding]:
    """W2: the level must be the one 國務院令第493號 gives the deaths, injuries and loss."""
    found = []
    for a in accidents:
        expected = level_for(a.deaths, a.serious_injuries, a.direct_loss)
        if expected != a.level:
            found.append(
                warning(
                    "W2",
                    a.path,
                    a.line_of("level"),
                    f"等級填為「{a.level}」，但死亡 {a.deaths} 人、重傷 {a.serious_injuries} 人、"
                    f"直接經濟損失 {yuan(a.direct_loss)}，按國務院令第493號應為「{expected}」；修正：核對等級或數字",
                    a.title,
                )
            )
    return found


def deadline_checks(ds) -> list[Finding]:
    """W2 (check_accident_levels); run with the warnings' rules (`--rule W1` and `--rule W2` alike)."""
    return check_accident_levels(ds.accidents)


# Accidents carry no deadline of their own: no obligation on /compliance/, no deadline on their pages.
DEADLINES = Deadlines("warnings", ("W2",), deadline_checks)


def _accident_rows(x) -> tuple[list[dict], dt.date | None]:
    accidents = x.ds.published_accidents
    return [{"id": a.id, "url": a.url, **x.raw(a.path)} for a in accidents], x.newest(
        a.path for a in accidents
    )


ACCIDENTS = Export(
    "accidents",
    "歷史事故",
    "一月一警示引用的歷史事故資料庫",
    with_fields(ACCIDENT, replace(ID, required=True), URL),
    primary_key=("id",),
    rows=_accident_rows,
)


# --- Pages ---


def pages(ds, p) -> list:
    """The historical accident database behind 一月一警示 (`p`: plan.Planning): one page per accident with
    the warnings that cite it, then the list by industry, type, level and month."""
    from ..facets import Facet

    accidents = ds.published_accidents
    cited: dict[str, list] = {}
    for w in ds.published_warnings:
        for a in ds.warning_accidents(w):
            cited.setdefault(a.id, []).append(w)
    out = [p.page(f"{a.url}index.html", "accident", a=a, cited_by=cited.get(a.id, [])) for a in accidents]
    levels = [k for k, _ in LEVELS]
    facets = [
        Facet("industry", lambda a: [a.industry]),
        Facet("type", lambda a: [a.type]),
        Facet("level", lambda a: [a.level], order=lambda ks: [k for k in levels if k in ks]),
        Facet("month", lambda a: [f"{a.date.month:02d}"], lambda k: f"{int(k)} 月"),
    ]
    return out + p.faceted("accidents", "accidents/", accidents, facets)
