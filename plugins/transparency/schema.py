"""The single declaration of every record kind's fields.

The validator, the models, the labels on pages and (later) the editor JSON
Schema and CSV columns all follow from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Field:
    """One field of a record: its type, whether it is required, its Chinese title."""

    name: str
    kind: (
        str  # str | md | date | int | number | bool | enum | list | object | url | ref | id | quarter | month
    )
    title: str
    required: bool = False
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label) for enum
    item: Field | None = None  # for list
    fields: tuple[Field, ...] = ()  # for object
    minimum: int | None = None
    maximum: float | None = None
    # The setting that bounds an int field from above (V13): "amount" (max_amount, yuan), "count"
    # (max_count) or "year" (earliest_year .. this year + years_ahead, like every date).
    bound: str = ""

    def child(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


def obj(name: str, title: str, *fields: Field, required: bool = False, description: str = "") -> Field:
    return Field(name, "object", title, required, description, fields=fields)


PARTY_TYPES = (
    ("organization", "法人或其他組織"),
    ("individual_business", "個體工商戶"),
    ("individual", "自然人"),
)
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
DEPARTMENT_KINDS = (("department", "部門"), ("township", "鄉鎮（街道）"))
DUTIES = (
    ("decisions", "處罰決定公示"),
    ("blacklist", "季度黑名單"),
    ("plan", "年度執法計劃"),
)

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
    Field("reason", "str", "逾期原因", required=True),
    description="逾期公示時填寫原因，網頁會公開說明",
)

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
)

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
)

HOLIDAYS = obj(
    "holidays",
    "節假日安排",
    Field("year", "int", "年度", required=True, bound="year"),
    Field("holidays", "list", "法定節假日（休息日）", item=Field("day", "date", "日期")),
    Field("workdays", "list", "調休上班日", item=Field("day", "date", "日期")),
)

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
            Field("reason", "str", "撤回逾期原因", required=True),
            description="撤回公示晚於撤銷日期後 3 個工作日時填寫原因，撤回公告頁會公開說明",
        ),
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
        ),
    ),
)

PERIOD = obj(
    "period",
    "執法年期間",
    Field("name", "str", "名稱", required=True),
    Field("start", "date", "開始日期", required=True),
    Field("end", "date", "結束日期", required=True),
)

BLACKLIST_ENTRY = obj(
    "entry",
    "名單條目",
    PARTY,
    Field("reason", "str", "列入事由", required=True),
    Field("basis", "str", "列入依據", required=True),
    Field("listed", "date", "列入日期", required=True),
    Field("until", "date", "管理期限至", description="不填時為列入日期起 3 年（設定 blacklist_term_years）"),
    obj(
        "removed",
        "提前移出",
        Field(
            "date",
            "date",
            "移出日期",
            required=True,
            description="不得早於列入日期起 12 個月（B3，設定 blacklist_repair_months）",
        ),
        Field("reason", "str", "移出原因", required=True, description="如 信用修復"),
    ),
    Field(
        "decisions",
        "list",
        "相關處罰決定",
        item=Field("number", "str", "決定書文號"),
        description="列入所依據的處罰決定書文號",
    ),
)

BLACKLIST = obj(
    "blacklist",
    "季度黑名單",
    Field("quarter", "quarter", "季度", required=True, description="如 2026-Q1，與文件夾 2026-q1 一致"),
    Field("department", "ref", "公布部門", required=True, description="與文件名一致"),
    PUBLISHED,
    DRAFT,
    LATE,
    Field(
        "entries",
        "list",
        "名單",
        required=True,
        item=BLACKLIST_ENTRY,
        minimum=0,
        description="可以為空清單 []",
    ),
)

LEVELS = (("特別重大", "特別重大事故"), ("重大", "重大事故"), ("較大", "較大事故"), ("一般", "一般事故"))
CONDUCTS = (("不作為", "不作為"), ("慢作為", "慢作為"), ("亂作為", "亂作為"))
SUBJECT_TYPES = (("enterprise", "企業"), ("official", "執法人員"))

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
)

WARNING = obj(
    "warning",
    "一月一警示",
    Field("month", "month", "月份", required=True, description="如 2026-05，與文件名一致"),
    PUBLISHED,
    DRAFT,
    LATE,
    Field("title", "str", "標題", required=True),
    Field(
        "accidents",
        "list",
        "歷史同期事故",
        item=Field("accident", "id", "事故編號"),
        minimum=0,
        description="不填時自動選取往年同月的全部事故",
    ),
    Field("analysis", "md", "原因分析、暴露問題", required=True),
    Field("requirements", "md", "工作要求和建議", required=True),
)

EXPOSURE = obj(
    "exposure",
    "曝光",
    Field("published", "date", "曝光日期", description="不填時以行動記錄的公示日期為準"),
    Field("subject_type", "enum", "曝光對象", required=True, choices=SUBJECT_TYPES),
    replace(PARTY, required=False, description="曝光企業時必填"),
    Field("department", "ref", "所屬部門", description="曝光執法人員時必填"),
    Field(
        "subject", "str", "曝光對象名稱", description="曝光執法人員時必填，姓名脫敏，如 縣某局執法人員張某"
    ),
    Field("conduct", "enum", "問題類型", choices=CONDUCTS, description="曝光執法人員時必填"),
    Field("facts", "md", "問題事實", required=True),
    Field("handling", "md", "處理結果"),
    LATE,
)

ACTION = obj(
    "action",
    "兩月一行動",
    Field("title", "str", "行動名稱", required=True),
    Field("start", "date", "開始日期", required=True),
    Field("end", "date", "結束日期", required=True),
    Field("lead", "ref", "牽頭部門", required=True),
    Field("departments", "list", "參與部門", required=True, item=Field("department", "ref", "部門")),
    obj(
        "results",
        "行動成果",
        Field("inspected", "int", "檢查企業（家次）", minimum=0, bound="count"),
        Field("hazards", "int", "發現隱患（項）", minimum=0, bound="count"),
        Field("rectified", "int", "已整改隱患（項）", minimum=0, bound="count"),
        Field("cases", "int", "立案查處（起）", minimum=0, bound="count"),
        Field("fines", "int", "罰款（元）", minimum=0, bound="amount"),
        Field("suspended", "int", "責令停產停業（家）", minimum=0, bound="count"),
    ),
    obj(
        "circular",
        "通報",
        Field("published", "date", "通報日期", required=True),
        Field("text", "md", "通報內容", required=True),
    ),
    Field("exposures", "list", "曝光", item=EXPOSURE, minimum=0, description="行動結束後 1 個月內曝光"),
    PUBLISHED,
    DRAFT,
    LATE,
)

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
        item=obj("fixed", "定點執法", PARTY, Field("month", "month", "執法月份", required=True)),
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
        ),
        Field("count", "int", "抽查家數", minimum=0, bound="count"),
        Field("months", "list", "抽查月份", item=Field("month", "month", "月份")),
    ),
    Field("supervision", "md", "執法監察"),
)

SCHEMAS: dict[str, Field] = {
    "department": DEPARTMENT,
    "holidays": HOLIDAYS,
    "decision": DECISION,
    "period": PERIOD,
    "blacklist": BLACKLIST,
    "accident": ACCIDENT,
    "warning": WARNING,
    "action": ACTION,
    "plan": PLAN,
}

REQUIRED_AMOUNT = frozenset({"fine", "confiscation"})
