"""節假日安排: data/holidays/<年份>.yaml, the year's rest days and make-up workdays.

No model of its own: records.Loader.read_calendar merges every year into a workdays.WorkCalendar
(V5 a date of another year, V2 a date listed both ways).
"""

from __future__ import annotations

from .base import Field, obj

HOLIDAYS = obj(
    "holidays",
    "節假日安排",
    Field("year", "int", "年度", required=True, bound="year"),
    Field("holidays", "list", "法定節假日（休息日）", item=Field("day", "date", "日期")),
    Field("workdays", "list", "調休上班日", item=Field("day", "date", "日期")),
)
