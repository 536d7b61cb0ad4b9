"""執法年期間: data/programme.yaml, the programme periods inside which periodic duties apply.

Cross-field rule: records.Loader.read_programme (V5 an end before the start).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .base import Editor, Export, Field, build, obj


@dataclass(frozen=True)
class Period:
    """A programme period of data/programme.yaml: periodic obligations apply inside it."""

    name: str
    start: dt.date
    end: dt.date
    DERIVED: ClassVar[tuple[str, ...]] = ()

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and end >= self.start

    @classmethod
    def from_data(cls, data) -> Period:
        return build(cls, PERIOD, data)


PERIOD = obj(
    "period",
    "執法年期間",
    Field("name", "str", "名稱", required=True),
    Field("start", "date", "開始日期", required=True),
    Field("end", "date", "結束日期", required=True),
    model=Period,
)
EDITOR = Editor("programme", "data/programme.yaml", PERIOD, array_title=PERIOD.title)


def _period_rows(x) -> tuple[list[dict], dt.date | None]:
    rows = [{"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in x.ds.periods]
    return rows, x.every


PROGRAMME = Export(
    "programme",
    "方案期間",
    "縣方案的實施期間：期間內各部門每季度、每月、每兩月、每年的公示義務才產生",
    obj(
        "period",
        "方案期間",
        Field("name", "str", "名稱", required=True),
        Field("start", "date", "開始", required=True),
        Field("end", "date", "結束", required=True),
    ),
    rows=_period_rows,
)
