"""節假日安排: data/holidays/<年份>.yaml, the year's rest days and make-up workdays.

No model of its own: records.Loader.read_calendar merges every year into a workdays.WorkCalendar
(V5 a date of another year, V2 a date listed both ways).
"""

from __future__ import annotations

import datetime as dt

from .base import Editor, Export, Field, Files, obj

HOLIDAYS = obj(
    "holidays",
    "節假日安排",
    Field("year", "int", "年度", required=True, bound="year"),
    Field("holidays", "list", "法定節假日（休息日）", item=Field("day", "date", "日期")),
    Field("workdays", "list", "調休上班日", item=Field("day", "date", "日期")),
)
FILES = Files(
    "holidays",
    r"(?P<year>\d{4})\.yaml",
    "節假日檔案應放在 holidays/<年份>.yaml，如 holidays/2026.yaml",
    None,
    lambda d: str(d.get("year", "")),
)
EDITOR = Editor("holidays", "data/holidays/*.yaml", HOLIDAYS)


def _day_rows(x) -> tuple[list[dict], dt.date | None]:
    cal = x.ds.calendar
    days = [(d, "holiday") for d in cal.holidays] + [(d, "workday") for d in cal.workdays]
    return [{"date": d.isoformat(), "kind": k, "year": d.year} for d, k in sorted(days)], x.every


CALENDAR = Export(
    "holidays",
    "節假日安排",
    "國務院辦公廳公布的法定節假日和調休上班日；其他週六、週日為休息日，其餘為工作日。期限遇休息日順延，"
    "按工作日計算的期限不含休息日",
    obj(
        "day",
        HOLIDAYS.title,
        Field("date", "date", "日期", required=True),
        Field(
            "kind",
            "enum",
            "類別",
            required=True,
            choices=(("holiday", "法定節假日（休息）"), ("workday", "調休上班日")),
        ),
        Field("year", "int", "年度", required=True),
    ),
    primary_key=("date",),
    rows=_day_rows,
)
