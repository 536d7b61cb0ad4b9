"""行政處罰決定書: data/decisions/<年份>/<編號>.yaml.

Its fields, its model (built from the fields), the importer's columns and the columns of its open
datasets (decisions, penalties). Cross-field rules: validate.check_decision (V6, party, amounts);
deadline rules: compliance.deadlines_of (D1 縣方案, D2 安全生產法) and checks (D3 撤回).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from .base import Field, build, obj
from .common import DRAFT, LATE, PARTY, PUBLISHED, Party

PENALTY_TYPES = (
    ("warning", "警告"),
    ("fine", "罰款"),
    ("confiscation", "沒收違法所得、非法財物"),
    ("suspension", "責令停產停業"),
    ("license_revocation", "暫扣或吊銷許可證"),
    ("closure", "責令關閉"),
    ("other", "其他"),
)
STATUSES = (
    ("in_force", "生效"),
    ("under_review", "復議或訴訟中"),
    ("executed", "已執行"),
    ("revoked", "已撤銷"),
)
# 失信程度 (《信用修復管理辦法》): sets the publicity period (publicity.py, settings publicity_periods).
TIERS = (("輕微", "輕微"), ("一般", "一般"), ("嚴重", "嚴重"))
REQUIRED_AMOUNT = frozenset({"fine", "confiscation"})


@dataclass(frozen=True)
class Penalty:
    type: str
    amount: int | None = None
    detail: str | None = None

    @property
    def label(self) -> str:
        return dict(PENALTY_TYPES)[self.type]


@dataclass(frozen=True)
class Transfer:
    to: str
    date: dt.date


@dataclass(frozen=True)
class Revocation:
    date: dt.date
    reason: str
    withdrawn: dt.date | None = None
    late_reason: str | None = None  # revoked.late.reason: why the withdrawal was late (D3)


@dataclass(frozen=True)
class CreditRepair:
    date: dt.date  # publication ends on this day (publicity.py)
    document: str  # the credit repair decision's number


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str


@dataclass(frozen=True)
class Decision:
    id: str
    path: str  # relative to the project root, for messages
    line: int
    number: str
    department: str
    decided: dt.date
    party: Party
    violation: str
    facts: str
    basis: str
    penalties: tuple[Penalty, ...]
    published: dt.date | None = None
    draft: bool = False
    industry: str | None = None
    discretion: str | None = None
    hearing: dt.date | None = None
    legal_review: bool = False
    transfer: Transfer | None = None
    status: str = "in_force"
    revoked: Revocation | None = None
    late_reason: str | None = None
    attachments: tuple[Attachment, ...] = ()
    tier: str | None = None  # 失信程度 輕微 | 一般 | 嚴重; None: the default_tier setting
    credit_repair: CreditRepair | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def year(self) -> int:
        return self.decided.year

    @property
    def url(self) -> str:
        return f"decisions/{self.year}/{self.id}/"

    @property
    def is_revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def status_label(self) -> str:
        return dict(STATUSES)[self.status]

    @property
    def total_amount(self) -> int:
        return sum(p.amount or 0 for p in self.penalties)

    @property
    def fine_amount(self) -> int:
        return sum(p.amount or 0 for p in self.penalties if p.type == "fine")

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @classmethod
    def from_data(cls, rid: str, path: str, data) -> Decision:
        """Build from a validated mapping, as DECISION declares it."""
        return build(cls, DECISION, data, id=rid, path=path)


DECISION = obj(
    "decision",
    "行政處罰決定書",
    Field(
        "number",
        "str",
        "決定書文號",
        required=True,
        description="全站唯一，如 示應急罰〔2026〕12號",
    ),
    Field(
        "department",
        "ref",
        "處罰機關",
        required=True,
        description="data/departments.yaml 中的部門代號",
    ),
    Field(
        "decided",
        "date",
        "決定日期",
        required=True,
        description="所在文件夾的年份即此年份",
    ),
    PUBLISHED,
    DRAFT,
    PARTY,
    Field("industry", "str", "行業"),
    Field("violation", "str", "違法行為", required=True),
    Field("facts", "md", "違法事實", required=True),
    Field("basis", "str", "處罰依據", required=True),
    Field(
        "penalties",
        "list",
        "處罰內容",
        required=True,
        item=obj(
            "penalty",
            "處罰",
            Field("type", "enum", "處罰種類", required=True, choices=PENALTY_TYPES),
            Field(
                "amount",
                "int",
                "金額（元）",
                minimum=0,
                bound="amount",
                description="罰款、沒收必填，單位元",
            ),
            Field("detail", "str", "說明"),
            model=Penalty,
        ),
    ),
    Field("discretion", "str", "裁量檔次"),
    Field("hearing", "date", "聽證日期"),
    Field("legal_review", "bool", "重大行政處罰法制審核"),
    obj(
        "transfer",
        "案件移送",
        Field("to", "str", "移送機關", required=True),
        Field("date", "date", "移送日期", required=True),
        model=Transfer,
    ),
    Field("status", "enum", "狀態", choices=STATUSES),
    obj(
        "revoked",
        "撤銷",
        Field("date", "date", "撤銷日期", required=True),
        Field("reason", "str", "撤銷原因", required=True),
        Field("withdrawn", "date", "撤回公示日期"),
        obj(
            "late",
            "撤回逾期說明",
            Field("reason", "str", "撤回逾期原因", required=True, attr="late_reason"),
            description="撤回公示晚於撤銷日期後 3 個工作日時填寫原因，撤回公告頁會公開說明",
            flatten=True,
        ),
        model=Revocation,
    ),
    LATE,
    Field(
        "tier",
        "enum",
        "失信程度",
        choices=TIERS,
        description="定公示期限：輕微（至多 3 個月）、一般（3 個月至 1 年）、嚴重（1 至 3 年）；不填為一般（設定 default_tier）",
    ),
    obj(
        "credit_repair",
        "信用修復",
        Field(
            "date",
            "date",
            "信用修復日期",
            required=True,
            description="自此日起撤下公示（不早於最短公示期限屆滿）",
        ),
        Field("document", "str", "信用修復決定書文號", required=True),
        description="當事人經信用修復提前結束公示：自 date 起網頁改為公示結束公告",
        model=CreditRepair,
    ),
    Field(
        "attachments",
        "list",
        "附件",
        item=obj(
            "attachment",
            "附件",
            Field(
                "file",
                "str",
                "文件",
                required=True,
                description="content/attachments/ 下的路徑",
            ),
            Field("title", "str", "標題", required=True),
            model=Attachment,
        ),
    ),
    model=Decision,
)
PENALTY = DECISION.child("penalties").item
