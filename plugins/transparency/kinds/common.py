"""Fields several kinds share: the party, the publication date, the draft flag, the late note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..identifiers import CREDIT_CODE_FIX, credit_code_problem
from ..load import Mapping
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

Report = Callable[[str, int, str], None]


def check_party(party: Mapping, where: str, report: Report) -> None:
    """Rules of DATA.md's party: credit code required for organizations, forbidden for individuals."""
    from ..validate import _type_name

    kind = party.get("type")
    code = party.get("credit_code")
    if kind == "individual":
        for key in ("credit_code", "address"):
            if key in party:
                report(
                    "V2" if key == "credit_code" else "PII",
                    party.line_of(key),
                    f"{where}.{key}：自然人不得填寫{PARTY.child(key).title}；修正：刪除此欄位",
                )
    elif kind in ("organization", "individual_business"):
        if code is None:
            report(
                "V3",
                party.line,
                f"缺少必填欄位 {where}.credit_code（{PARTY.child('credit_code').title}）：組織和個體工商戶必填；"
                "修正：照營業執照填寫 18 位代碼",
            )
        elif isinstance(code, str):
            problem = credit_code_problem(code.strip())
            if problem:
                report(
                    "V8",
                    party.line_of("credit_code"),
                    f"{where}.credit_code「{code}」無效：{problem}；修正：{CREDIT_CODE_FIX}",
                )
        elif code is not None:
            report(
                "V8",
                party.line_of("credit_code"),
                f"{where}.credit_code 應為文字，實為{_type_name(code)}；修正：加上引號",
            )
