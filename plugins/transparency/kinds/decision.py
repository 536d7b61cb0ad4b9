"""行政處罰決定書: data/decisions/<年份>/<編號>.yaml.

Its fields, its model (built from the fields), its files, its cross-field rules (check_decision,
shared with the importer, and `check` for the file's folder, references and duplicate numbers), the
importer's columns and its open datasets (decisions, penalties, withdrawals). Deadline rules
(DEADLINES): D1 縣方案, D4 安全生產法, D2 drafts, D3 撤回 (withdrawal_due), R1 信用修復.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar

from .. import checks, lateness
from ..findings import WARNING, Finding, error
from ..load import Mapping
from .base import SLUG, Deadlines, Editor, Export, Field, Files, RecordFile, build, obj, with_fields
from .columns import ID, PROVEN, SOURCE, URL
from .common import DRAFT, LATE, PARTY, PUBLISHED, Party, Report, check_party

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..checks import Publication
    from ..settings import Config
    from ..workdays import Due, WorkCalendar

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
FILES = Files(
    "decisions",
    rf"(?P<year>\d{{4}})/(?P<id>{SLUG})\.yaml",
    "處罰決定書應放在 decisions/<年份>/<編號>.yaml，如 decisions/2026/yjj-2026-012.yaml",
    "decisions/{year}/{id}/",
    lambda d: str(d.get("number") or ""),
)
EDITOR = Editor("decision", "data/decisions/*/*.yaml", DECISION)
PENALTY = DECISION.child("penalties").item


# -- cross-field rules (the importer checks its rows with check_decision too) ----------


def check_decision(rec: Mapping, report: Report) -> None:
    """What a decision must satisfy beyond its fields' types: the party's rules and the cross-field ones."""
    if isinstance(rec.get("party"), Mapping):
        check_party(rec["party"], "party", report)
    check_decision_rules(rec, report)


def check_decision_rules(rec: Mapping, report: Report) -> None:
    """Rules across fields of a decision that a field-by-field schema cannot say."""
    from ..validate import number_problem

    labels = dict(PENALTY_TYPES)
    number = rec.get("number")
    problem = number_problem(number) if isinstance(number, str) and number.strip() else None
    if problem:
        report("V2", rec.line_of("number"), problem)
    for i, penalty in enumerate(rec.get("penalties") or []):
        if (
            isinstance(penalty, Mapping)
            and penalty.get("type") in REQUIRED_AMOUNT
            and penalty.get("amount") is None
        ):
            report(
                "V3",
                penalty.line,
                f"penalties[{i + 1}]：{labels[penalty['type']]}必須填寫 amount（金額，元）；修正：加上「amount: 50000」這樣的一行",
            )
        elif (
            isinstance(penalty, Mapping)
            and penalty.get("type") in REQUIRED_AMOUNT
            and penalty.get("amount") == 0
        ):
            report(
                "V2",
                penalty.line_of("amount"),
                f"penalties[{i + 1}]：{labels[penalty['type']]}金額為 0；修正：填寫實際金額（元）",
            )
    status = rec.get("status", "in_force")
    if status == "revoked" and "revoked" not in rec:
        report(
            "V3",
            rec.line_of("status"),
            "狀態為 revoked（已撤銷）時必須填寫 revoked: {date, reason}；修正：加上撤銷日期和原因",
        )
    if "revoked" in rec and status != "revoked":
        report(
            "V2",
            rec.line_of("revoked"),
            "填寫了 revoked 但 status 不是 revoked；修正：把 status 改為 revoked",
        )
    decided = rec.get("decided")
    if not isinstance(decided, dt.date):
        return
    for key, later in (("published", True), ("hearing", False)):
        label = DECISION.child(key).title
        value = rec.get(key)
        if isinstance(value, dt.date) and (value < decided if later else value > decided):
            report(
                "V5",
                rec.line_of(key),
                f"{label} {value} {'早於' if later else '晚於'}決定日期 {decided}；修正：核對日期",
            )
    repair = rec.get("credit_repair")
    if isinstance(repair, Mapping) and isinstance(repair.get("date"), dt.date) and repair["date"] < decided:
        report(
            "V5",
            repair.line_of("date"),
            f"信用修復日期 {repair['date']} 早於決定日期 {decided}；修正：核對信用修復決定書上的日期"
            "（信用修復只能在處罰決定之後、最短公示期限屆滿後，《信用修復管理辦法》）",
        )
    revoked = rec.get("revoked")
    if isinstance(revoked, Mapping):
        r_date, withdrawn = revoked.get("date"), revoked.get("withdrawn")
        if isinstance(r_date, dt.date) and r_date < decided:
            report(
                "V5",
                revoked.line_of("date"),
                f"撤銷日期 {r_date} 早於決定日期 {decided}",
            )
        if isinstance(r_date, dt.date) and isinstance(withdrawn, dt.date) and withdrawn < r_date:
            report(
                "V5",
                revoked.line_of("withdrawn"),
                f"撤回公示日期 {withdrawn} 早於撤銷日期 {r_date}",
            )


def check(
    data: Mapping, f: RecordFile, numbers: dict[str, tuple[str, str]], industries: set[str] | None
) -> None:
    """Rules of one decision file beyond its fields: check_decision, its references, its folder's
    year, its department and a number already used (`numbers`: number_key → (file, as written))."""
    from ..normalize import number_key

    report = f.report
    check_decision(data, report)
    _references(f.loader, data, industries, report)
    decided = data.get("decided")
    if isinstance(decided, dt.date) and str(decided.year) != f.parts[0]:
        report(
            "V9",
            data.line_of("decided"),
            f"決定日期 {decided} 屬於 {decided.year} 年，檔案卻在 decisions/{f.parts[0]}/；"
            f"修正：移到 decisions/{decided.year}/",
        )
    f.loader.department_ref(data, "department", report)
    number = data.get("number")
    if isinstance(number, str) and number.strip():
        first, written = numbers.setdefault(number_key(number), (f.rel, number))
        if first != f.rel:
            same = f" 中的「{written.strip()}」重複（繁簡、全形半形不同也是同一文號）"
            same = " 重複" if written.strip() == number.strip() else same
            report("V7", data.line_of("number"), f"文號與 {first}{same}；修正：核對文號")


def _references(loader, data: Mapping, industries: set[str] | None, report: Report) -> None:
    """References out of a decision: the county's industry list, attachment files."""
    from ..validate import did_you_mean

    industry = data.get("industry")
    if industries is not None and isinstance(industry, str) and industry.strip() not in industries:
        report(
            "V6",
            data.line_of("industry"),
            f"行業「{industry}」不在 industries.yaml 中{did_you_mean(industry, list(industries))}；"
            "修正：使用清單中的名稱",
        )
    from ..content import decision_attachment_problem

    attachments = data.get("attachments")
    folder = loader.root / "content" / "attachments"
    for item in attachments if isinstance(attachments, list) else ():
        file = item.get("file") if isinstance(item, Mapping) else None
        if not isinstance(file, str):
            continue
        problem = decision_attachment_problem(file)
        if problem:
            report("V6", item.line_of("file"), f"附件路徑「{file[:120]}」{problem}")
            continue
        path = folder / file
        try:
            # The path as written, and where it really leads: no symlink out of content/attachments/.
            inside = path.is_file() and path.resolve().is_relative_to(folder.resolve())
        except (OSError, ValueError):
            inside = False
        if not inside:
            report(
                "V6",
                item.line_of("file"),
                f"附件 content/attachments/{file[:120]} 不存在；修正：把檔案放到該位置或改正路徑",
            )


def model_of(f: RecordFile, data: Mapping, config) -> Decision:
    return Decision.from_data(f.path.stem, f.rel, data)


# -- the importer's columns (`invoke import decisions FILE`) ---------------------


@dataclass(frozen=True)
class ImportColumn:
    """A column of the county's spreadsheet: the importer's key for its cells, the field it fills and
    its header — the field's title unless the spreadsheet names it otherwise (`title`)."""

    key: str
    field: str  # dotted path below DECISION
    title: str = ""
    required: bool = False  # a sheet without this column is refused

    @property
    def header(self) -> str:
        return self.title or DECISION.at(self.field).title


IMPORT_COLUMNS = (
    ImportColumn("number", "number", required=True),
    ImportColumn("department", "department", required=True),
    ImportColumn("decided", "decided", required=True),
    ImportColumn("published", "published"),
    ImportColumn("party_type", "party.type"),
    ImportColumn("party_name", "party.name", "當事人名稱", required=True),
    ImportColumn("credit_code", "party.credit_code"),
    ImportColumn("representative", "party.representative", "法定代表人"),
    ImportColumn("address", "party.address"),
    ImportColumn("industry", "industry"),
    ImportColumn("violation", "violation", required=True),
    ImportColumn("facts", "facts", required=True),
    ImportColumn("basis", "basis", required=True),
    ImportColumn("penalties", "penalties.type", required=True),
    ImportColumn("fine", "penalties.amount", "罰款金額"),
    ImportColumn("confiscation", "penalties.amount", "沒收金額"),
    ImportColumn("detail", "penalties.detail", "處罰說明"),
)


# -- the national upload format (雙公示, 行政處罰; LAW.md, credit.py) ---------------------


@dataclass(frozen=True)
class NationalColumn:
    """A column of the national upload file: its header (Simplified, as the credit platforms name it),
    the key credit.row fills it under, whether the importer reads it back (under the same key as the
    county's spreadsheet), its Table Schema type and whether every row fills it."""

    header: str
    key: str
    imported: bool = False
    type: str = "string"  # string | number | date
    filled: bool = False


NATIONAL_COLUMNS = (
    NationalColumn("行政相对人名称", "party_name", imported=True, filled=True),
    NationalColumn("行政相对人类别", "party_type", imported=True, filled=True),
    NationalColumn("行政相对人代码_1(统一社会信用代码)", "credit_code", imported=True),
    NationalColumn("行政相对人代码_2(工商注册号)", "registration_number"),
    NationalColumn("行政相对人代码_3(组织机构代码)", "organization_code"),
    NationalColumn("行政相对人代码_4(税务登记号)", "tax_number"),
    NationalColumn("行政相对人代码_5(事业单位证书号)", "institution_number"),
    NationalColumn("行政相对人代码_6(社会组织登记证号)", "social_organization_number"),
    NationalColumn("法定代表人", "representative", imported=True),
    NationalColumn("法定代表人证件类型", "representative_id_type"),
    NationalColumn("法定代表人证件号码", "representative_id"),
    NationalColumn("证件类型", "id_type"),
    NationalColumn("证件号码", "id_number"),
    NationalColumn("行政处罚决定书文号", "number", imported=True, filled=True),
    NationalColumn("违法行为类型", "violation", imported=True, filled=True),
    NationalColumn("违法事实", "facts", imported=True, filled=True),
    NationalColumn("处罚依据", "basis", imported=True, filled=True),
    NationalColumn("处罚类别", "penalties", imported=True, filled=True),
    NationalColumn("处罚内容", "detail", imported=True, filled=True),
    NationalColumn("罚款金额(万元)", "fine", imported=True, type="number"),
    NationalColumn("没收违法所得、没收非法财物的金额(万元)", "confiscation", imported=True, type="number"),
    NationalColumn("暂扣或吊销证照名称及编号", "license"),
    NationalColumn("处罚决定日期", "decided", imported=True, type="date", filled=True),
    NationalColumn("处罚有效期", "valid_until", type="date", filled=True),
    NationalColumn("公示截止期", "publicity_end", type="date", filled=True),
    NationalColumn("处罚机关", "department", imported=True, filled=True),
    NationalColumn("处罚机关统一社会信用代码", "department_code", filled=True),
    NationalColumn("数据来源单位", "source", filled=True),
    NationalColumn("数据来源单位统一社会信用代码", "source_code", filled=True),
    NationalColumn("备注", "note"),
)

# --- Deadline rules ---------------------------------------------------------------


def decision_due(decided: dt.date, calendar: WorkCalendar, config: Config) -> Due:
    """Publication deadline: decision day not counted, rest days roll forward."""
    return calendar.after_days(decided, config.decision_window_days)


SAFETY_LAW = "《中華人民共和國安全生產法》第七十八條第二款"


LAW_LEVELS = ("warning", "error", "off")


def law_due(decided: dt.date, calendar: WorkCalendar, config: Config) -> Due:
    """安全生產法 第78條第2款: published within 7 working days of the decision (行政處罰法 第85條)."""
    return calendar.after_working_days(decided, config.decision_law_working_days)


def law_obligation(
    path: str, line: int, record: str, decided: dt.date, due: Due, config: Config, **kw
) -> checks.Obligation:
    """D4, the national deadline beside the county plan's D1."""
    n = config.decision_law_working_days
    return checks.Obligation(
        "D4",
        path,
        line,
        record,
        f"決定日期 {decided}，依{SAFETY_LAW}應於 {n} 個工作日內公示，即 {due.date} 前",
        due,
        draft_rule="D2",
        late_fix=f"在記錄中填寫 late: {{reason: 逾期原因}}，今後應於作出決定後 {n} 個工作日內公示",
        **kw,
    )


def at_law_level(found: list[Finding], config: Config) -> list[Finding]:
    """D4 is a warning unless the setting decision_law_level makes it an error (late.reason: a warning)."""
    if config.decision_law_level == "error":
        return found
    return [replace(f, level=WARNING) if f.rule == "D4" else f for f in found]


def check_decisions(
    decisions: Iterable[Decision],
    publications: dict[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """D1 (published late), D2 (draft about to fall due), D4 (the law's 7 working days), V11, H1."""
    found: list[Finding] = []
    dues = []
    for d in decisions:
        due = decision_due(d.decided, calendar, config)
        dues.append((due, d.number))
        pub = publications.get(d.path)
        if d.decided > today:
            found.append(
                error(
                    "V5",
                    d.path,
                    d.line_of("decided"),
                    f"決定日期 {d.decided} 晚於今天 {today}；修正：核對決定日期",
                    d.number,
                )
            )
            continue
        if pub and pub.date and pub.source != "explicit" and pub.date < d.decided:
            where = "git 提交日期" if pub.source == "git" else "今天"
            found.append(
                error(
                    "V5",
                    d.path,
                    d.line_of("decided"),
                    f"公示日期 {pub.date}（取自{where}）早於決定日期 {d.decided}；修正：核對決定日期，"
                    "或檢查提交時電腦的日期，必要時寫明 published",
                    d.number,
                )
            )
            continue
        ob = checks.Obligation(
            "D1",
            d.path,
            d.line_of("decided"),
            d.number,
            f"決定日期 {d.decided}，應於 {due.date} 前公示{checks.extension_note(due)}",
            due,
            draft_rule="D2",
            published_line=d.line_of("published"),
        )
        found += checks.check_deadline(
            ob,
            publications.get(d.path),
            config.data_path,
            draft=d.draft,
            late_reason=d.late_reason,
            today=today,
            warn_days=config.draft_warning_days,
        )
        if config.decision_law_level == "off":
            continue
        due = law_due(d.decided, calendar, config)
        dues.append((due, d.number))
        ob = law_obligation(
            d.path,
            d.line_of("decided"),
            d.number,
            d.decided,
            due,
            config,
            published_line=d.line_of("published"),
            calendar=calendar,
        )
        found += at_law_level(
            checks.check_deadline(
                ob,
                publications.get(d.path),
                config.data_path,
                draft=d.draft,
                late_reason=d.late_reason,
                today=today,
                warn_days=config.draft_warning_days,
            ),
            config,
        )
    return found + checks.missing_calendar(dues, config)


def check_credit_repairs(decisions: Iterable[Decision], config: Config) -> list[Finding]:
    """R1: a credit repair dated before the tier's minimum publicity period has passed.

    A repair dated before the decision itself is V5 (validate.py); one dated in the future is a
    scheduled removal and allowed: the decision stays public until that day (publicity.py)."""
    from .. import publicity  # publicity → schema → kinds: imported when first used

    found: list[Finding] = []
    for d in decisions:
        repair = d.credit_repair
        if repair is None or repair.date < d.decided:
            continue
        earliest = publicity.minimum_end(d, config)
        if earliest is None or repair.date >= earliest:
            continue
        tier = publicity.tier_of(d, config)
        months = publicity.periods(config)[tier]["min"]
        given = "" if d.tier else f"（未填 tier，按預設 {tier}）"
        found.append(
            error(
                "R1",
                d.path,
                d.lines.get("credit_repair", d.line),
                f"信用修復日期 {repair.date} 早於最短公示期限：失信程度「{tier}」{given}最短公示 {months} 個月，"
                f"自決定日期 {d.decided} 起最早 {earliest} 方可信用修復（《信用修復管理辦法》）；"
                f"修正：核對信用修復決定書 {repair.document} 的日期和本決定的 tier，日期不早於 {earliest}",
                d.number,
            )
        )
    return found


def withdrawal_due(decision: Decision, calendar: WorkCalendar, config: Config) -> Due:
    """行政處罰法 第48條 and 第85條: withdrawn within 3 working days of the revocation."""
    return calendar.period_due(decision.revoked.date, config.withdrawal_working_days)


def check_withdrawals(
    decisions: Iterable[Decision],
    withdrawals: dict[str, Publication],
    calendar: WorkCalendar,
    config: Config,
    today: dt.date,
) -> list[Finding]:
    """D3: a revoked decision's publication is withdrawn within 3 working days of the revocation."""
    found: list[Finding] = []
    dues = []
    for d in decisions:
        if not d.is_revoked or d.draft:
            continue
        due = withdrawal_due(d, calendar, config)
        dues.append((due, d.number))
        ob = checks.Obligation(
            "D3",
            d.path,
            d.line_of("revoked"),
            d.number,
            f"撤銷日期 {d.revoked.date}，應於 {due.date} 前撤回公示（{config.withdrawal_working_days} 個工作日）",
            due,
            published_line=d.line_of("revoked"),
            act="撤回",
            late_fix="在 revoked 下填寫 late: {reason: 逾期原因}（與 date、reason 對齊縮進）",
        )
        # Only revoked.late excuses a late withdrawal: the top-level late.reason explains the publication.
        found += checks.check_deadline(
            ob,
            withdrawals.get(d.path),
            draft=False,
            late_reason=d.revoked.late_reason,
            today=today,
            warn_days=0,
        )
    return found + checks.missing_calendar(dues, config)


def decision_deadlines(d: Decision, pub, calendar, config: Config, today: dt.date) -> list:
    """Both deadlines of a published decision: the county plan's (D1) and the law's (D4, unless off)."""
    from ..compliance import Deadline

    where = lateness.provenance(pub)
    due = decision_due(d.decided, calendar, config)
    result = [
        Deadline(
            "D1",
            "縣方案",
            f"{config.decision_window_days} 日內",
            due,
            lateness.judge(due.date, pub.date, d.late_reason, today),
            where.declared,
            where.proven,
        )
    ]
    if config.decision_law_level != "off":
        due = law_due(d.decided, calendar, config)
        result.append(
            Deadline(
                "D4",
                "安全生產法第78條",
                f"{config.decision_law_working_days} 個工作日內",
                due,
                lateness.judge(due.date, pub.date, d.late_reason, today, calendar),
                where.declared,
                where.proven,
            )
        )
    return result


def deadline_checks(ds) -> list[Finding]:
    """D1, D2, D4, V11, H1 (check_decisions), D3 (check_withdrawals) and R1 (check_credit_repairs)."""
    args = (ds.publications, ds.calendar, ds.config, ds.today)
    return (
        check_decisions(ds.decisions, *args)
        + check_withdrawals(ds.decisions, ds.withdrawals, *args[1:])
        + check_credit_repairs(ds.decisions, ds.config)
    )


def compliance_items(ds) -> list:
    """/compliance/: both deadlines of every published decision, and the withdrawal of a revoked one."""
    from ..compliance import Item, source_of

    cal, config, today = ds.calendar, ds.config, ds.today
    result = []
    taken_down = {d.path for d in ds.taken_down_decisions}
    for d in ds.decisions:
        if d.draft:
            continue
        p = ds.publications[d.path]
        state = "revoked" if d.is_revoked else "taken_down" if d.path in taken_down else "in_force"
        for dl in decision_deadlines(d, p, cal, config, today):
            v = dl.verdict
            result.append(
                Item(
                    "decision" if dl.rule == "D1" else "decision_law",
                    d.department,
                    d.number,
                    d.url,
                    d.decided,
                    v.due,
                    p.date,
                    v.status,
                    (p.date - d.decided).days,
                    source_of(p),
                    v.days if v.working else None,
                    d.id,
                    state,
                    d.fine_amount,
                    d.late_reason,
                )
            )
        if d.is_revoked:
            due = withdrawal_due(d, cal, config).date
            w = ds.withdrawals[d.path]
            # Only revoked.late excuses a late withdrawal (D3), as in the checks.
            status = lateness.judge(due, w.date, d.revoked.late_reason, today).status
            result.append(
                Item(
                    "withdrawal",
                    d.department,
                    d.number,
                    d.url,
                    d.revoked.date,
                    due,
                    w.date,
                    status,
                    None,
                    source_of(w),
                    record=d.id,
                    record_status=state,
                    late_reason=d.revoked.late_reason,
                )
            )
    return result


def compliance_labels(config) -> dict[str, str]:
    return {
        "decision": f"處罰決定公示（縣方案 {config.decision_window_days} 日）",
        "decision_law": f"處罰決定公示（安全生產法第78條 {config.decision_law_working_days} 個工作日）",
        "withdrawal": "撤回公示",
    }


def record_deadlines(ds, d: Decision) -> list:
    return decision_deadlines(d, ds.publications[d.path], ds.calendar, ds.config, ds.today)


def draft_dues(ds) -> list:
    cal, config = ds.calendar, ds.config
    drafts = [d for d in ds.decisions if d.draft]
    dues = [(decision_due(d.decided, cal, config), "decision", d.number, d.department) for d in drafts]
    if config.decision_law_level != "off":
        dues += [(law_due(d.decided, cal, config), "decision_law", d.number, d.department) for d in drafts]
    return dues


DEADLINES = Deadlines(
    "decisions",
    ("D1", "D2", "D3", "D4", "H1", "V11", "R1"),
    deadline_checks,
    items=compliance_items,
    labels=compliance_labels,
    model=Decision,
    deadlines=record_deadlines,
    drafts=draft_dues,
)


# -- open data: decisions, penalties, withdrawals ----------------------------------


def _decision_rows(x) -> tuple[list[dict], dt.date | None]:
    from .. import compliance, lateness

    ds = x.ds
    decisions = ds.published_decisions
    rows = []
    for d in decisions:
        ending = ds.ending(d)
        row = {"id": d.id, "url": d.url, **x.raw(d.path)}
        row["status"] = d.status  # in_force when the record omits it, as its page says
        row |= x.provenance(d.path)
        for dl in compliance.deadlines_of(ds, d):
            key = "" if dl.rule == "D1" else "law_"
            row[f"{key}due"] = dl.due.date.isoformat()
            row[f"{key}on_time"] = dl.verdict.status == lateness.ON_TIME
        row["publicity_end"] = ending.last_day.isoformat() if ending else None
        rows.append({k: v for k, v in row.items() if k != "attachments"})
    return rows, x.newest(d.path for d in decisions)


def _penalty_rows(x) -> tuple[list[dict], dt.date | None]:
    decisions = x.ds.published_decisions
    rows = [
        {
            "decision_id": d.id,
            "number": d.number,
            "index": i,
            "type": p.type,
            "type_label": p.label,
            "amount": p.amount,
            "detail": p.detail,
        }
        for d in decisions
        for i, p in enumerate(d.penalties, 1)
    ]
    return rows, x.newest(d.path for d in decisions)


def _withdrawal_rows(x) -> tuple[list[dict], dt.date | None]:
    from .. import lateness

    ds = x.ds
    due_of = {i.record: i for i in x.items if i.kind == "withdrawal"}
    rows = []
    for d in ds.revoked_decisions:
        w = ds.withdrawals[d.path]
        item = due_of[d.id]
        where = lateness.provenance(ds.publications[d.path])
        rows.append(
            {
                "id": d.id,
                "number": d.number,
                "department": d.department,
                "decided": d.decided.isoformat(),
                "published": where.date.isoformat() if where.date else None,
                "published_source": where.source,
                "revoked": d.revoked.date.isoformat(),
                "revoked_reason": d.revoked.reason,
                "withdrawn": w.date.isoformat() if w.date else None,
                "due": item.due.isoformat(),
                "on_time": item.status == lateness.ON_TIME,
                "late_reason": d.revoked.late_reason,
            }
        )
    return rows, x.newest(d.path for d in ds.revoked_decisions)


def decisions_export(config) -> Export:
    """data/decisions: the published decisions, with their deadlines as the settings give them."""
    timing = [
        Field(
            "due",
            "date",
            "公示期限（縣方案）",
            description=f"決定日期後 {config.decision_window_days} 日，遇休息日順延",
        ),
        Field("on_time", "bool", "按縣方案期限公示"),
    ]
    if config.decision_law_level != "off":
        timing += [
            Field(
                "law_due",
                "date",
                "公示期限（安全生產法）",
                description=f"安全生產法第七十八條第二款：決定日期後 {config.decision_law_working_days} 個工作日"
                "（行政處罰法第八十五條，不含法定節假日，調休上班日照計）",
            ),
            Field("law_on_time", "bool", "按安全生產法期限公示"),
        ]
    until = Field(
        "publicity_end",
        "date",
        "公示截止日期",
        description="最後一個公示日（按失信程度或信用修復），次日起撤下",
    )
    return Export(
        "decisions",
        "行政處罰決定",
        "已公示、未撤銷、仍在公示期限內的行政處罰決定書（公示期滿或信用修復後撤下）",
        with_fields(
            DECISION,
            replace(ID, required=True),
            URL,
            SOURCE,
            PROVEN,
            *timing,
            until,
            drop=("attachments",),
        ),
        primary_key=("id",),
        foreign_keys=(
            ("party_credit_code", "enterprises", "credit_code"),
            ("department", "departments", "id"),
        ),
        rows=_decision_rows,
    )


PENALTIES = Export(
    "penalties",
    "處罰明細",
    "每項處罰一行（一份決定書可有多項），金額為數字，可在試算表中直接加總",
    obj(
        "penalty",
        "處罰",
        Field("decision_id", "str", "決定編號", required=True, description="decisions 數據集的 id"),
        replace(DECISION.child("number"), description=""),
        Field(
            "index", "int", "序號", required=True, minimum=1, description="在決定書處罰內容中的次序，從 1 起"
        ),
        PENALTY.child("type"),
        Field("type_label", "str", "處罰種類名稱", required=True),
        replace(PENALTY.child("amount"), bound="", description="罰款、沒收的金額，單位元；其他處罰留空"),
        PENALTY.child("detail"),
    ),
    primary_key=("decision_id", "index"),
    foreign_keys=(("decision_id", "decisions", "id"),),
    rows=_penalty_rows,
)

WITHDRAWALS = Export(
    "withdrawals",
    "撤回的處罰決定",
    "已撤銷的處罰決定：原公示、撤銷和撤回公示的日期（不含當事人）",
    obj(
        "withdrawal",
        "撤回",
        Field("id", "str", "決定編號", required=True),
        replace(DECISION.child("number"), description=""),
        Field("department", "str", "部門", required=True),
        replace(DECISION.child("decided"), description=""),
        Field("published", "date", "原公示日期", description="撤銷前的公示日期：/compliance/ 仍計入這次公示"),
        replace(SOURCE, name="published_source", title="原公示日期來源"),
        replace(DECISION.at("revoked.date"), name="revoked"),
        replace(DECISION.at("revoked.reason"), name="revoked_reason"),
        DECISION.at("revoked.withdrawn"),
        Field("due", "date", "撤回期限", required=True),
        Field("on_time", "bool", "按期撤回", required=True),
        replace(LATE.child("reason"), name="late_reason", required=False, attr=""),
    ),
    primary_key=("id",),
    foreign_keys=(("department", "departments", "id"),),
    rows=_withdrawal_rows,
)


# --- Pages ---


def pages(ds, p) -> list:
    """The decisions' pages (`p`: plan.Planning): the lists (all, and by year, department, penalty type
    and industry; a value whose decisions were all taken down keeps its URL), then one page per decision:
    the decision, a withdrawal notice (revoked) or a short notice without the party (past its publicity
    period or credit-repaired, publicity.py)."""
    from ..facets import Facet

    listed = ds.published_decisions
    taken_down = ds.taken_down_decisions
    revoked = ds.revoked_decisions
    labels = dict(PENALTY_TYPES)
    facets = [
        Facet(
            "year",
            lambda d: [str(d.year)],
            lambda k: f"{k} 年",
            lambda ks: sorted(ks, reverse=True),
            lambda k: f"{k}/",
        ),
        Facet(
            "department",
            lambda d: [d.department],
            lambda k: ds.departments[k].name,
            lambda ks: [k for k in ds.departments if k in ks],
        ),
        Facet(
            "penalty",
            lambda d: sorted({x.type for x in d.penalties}),
            labels.get,
            lambda ks: [k for k in labels if k in ks],
        ),
        Facet("industry", lambda d: [d.industry] if d.industry else []),
    ]
    out = p.faceted("decisions", "decisions/", listed, facets, [*taken_down, *revoked])
    out += [p.page(f"{d.url}index.html", "decision", d=d) for d in listed]
    out += [p.page(f"{d.url}index.html", "withdrawn", d=d) for d in revoked]
    out += [p.page(f"{d.url}index.html", "expired", d=d, ending=ds.ending(d)) for d in taken_down]
    return out
