"""Fields several kinds share: the party, the publication date, the draft flag, the late note."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Field, obj

PARTY_TYPES = (
    ("organization", "法人或其他組織"),
    ("individual_business", "個體工商戶"),
    ("individual", "自然人"),
)


@dataclass(frozen=True)
class Party:
    type: str
    name: str
    credit_code: str | None = None
    representative: str | None = None
    address: str | None = None

    @property
    def type_label(self) -> str:
        return PARTY.child("type").label(self.type)


PARTY = obj(
    "party",
    "當事人",
    Field("type", "enum", "當事人類型", required=True, choices=PARTY_TYPES),
    Field(
        "name",
        "str",
        "名稱或姓名",
        required=True,
        description="自然人姓名應脫敏，如「張某某」",
    ),
    Field(
        "credit_code",
        "str",
        "統一社會信用代碼",
        description="18 位，GB 32100-2015 校驗；組織和個體工商戶必填，自然人不得填寫",
    ),
    Field("representative", "str", "法定代表人（負責人）"),
    Field("address", "str", "地址", description="經營地址；自然人不得填寫"),
    required=True,
    model=Party,
)


def party_from(data) -> Party:
    """A Party from a validated `party` mapping."""
    from .base import build

    return build(Party, PARTY, data)


PUBLISHED = Field(
    "published",
    "date",
    "公示日期",
    description="可選；不填時以記錄首次進入發布分支的 git 提交日期為準",
)
DRAFT = Field(
    "draft", "bool", "草稿", description="true 時照常檢查（含期限）但不發布；未填完的必填字段只提示警告"
)
LATE = obj(
    "late",
    "逾期說明",
    Field("reason", "str", "逾期原因", required=True, attr="late_reason"),
    description="逾期公示時填寫原因，網頁會公開說明",
    flatten=True,
)
