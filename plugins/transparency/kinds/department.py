"""部門: data/departments.yaml, the list of departments and their publication duties.

Cross-field rules: records.Loader.read_departments (V2 a repeated id, V3 duties, V8 credit code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import ClassVar

from .base import Editor, Export, Field, build, obj

DEPARTMENT_KINDS = (("department", "部門"), ("township", "鄉鎮（街道）"))
DUTIES = (
    ("decisions", "處罰決定公示"),
    ("blacklist", "季度黑名單"),
    ("plan", "年度執法計劃"),
)


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    kind: str
    duties: tuple[str, ...] = ()
    website: str | None = None
    credit_code: str | None = None
    line: int = 0  # where it starts in departments.yaml
    DERIVED: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_data(cls, data, credit_code: str | None) -> Department:
        """`credit_code` as checked by the loader (V8)."""
        return build(cls, DEPARTMENT, data, credit_code=credit_code)


DEPARTMENT = obj(
    "department",
    "部門",
    Field("id", "id", "部門代號", required=True, description="小寫字母和數字，如 yjj"),
    Field("name", "str", "部門名稱", required=True),
    Field("kind", "enum", "類別", required=True, choices=DEPARTMENT_KINDS),
    Field("duties", "list", "公示職責", item=Field("duty", "enum", "職責", choices=DUTIES)),
    Field("website", "url", "網站"),
    Field(
        "credit_code",
        "str",
        "統一社會信用代碼",
        description="部門（機關）自己的 18 位代碼，以 11 開頭，GB 32100-2015 校驗；有已公示處罰決定的部門必填"
        "（全國雙公示上報文件的處罰機關、數據來源單位代碼）",
    ),
    model=Department,
)
EDITOR = Editor("departments", "data/departments.yaml", DEPARTMENT, array_title="部門清單")


def _department_rows(x) -> tuple[list[dict], dt.date | None]:
    rows = [
        {
            "id": d.id,
            "name": d.name,
            "kind": d.kind,
            "duties": list(d.duties),
            "credit_code": d.credit_code,
            "website": d.website,
        }
        for d in x.ds.departments.values()
    ]
    return rows, x.every


DEPARTMENTS = Export(
    "departments",
    "部門",
    "各執法部門的代號、名稱和公示職責",
    obj(
        "department",
        "部門",
        Field("id", "str", "部門代號", required=True, description="其他數據集的 department 欄"),
        Field("name", "str", "名稱", required=True),
        Field("kind", "str", "類別"),
        Field(
            "duties",
            "list",
            "公示職責",
            item=Field("duty", "str", "職責"),
            description="decision、blacklist、plan 等",
        ),
        replace(DEPARTMENT.child("credit_code"), description=""),
        Field("website", "str", "網站"),
    ),
    primary_key=("id",),
    rows=_department_rows,
)
