"""Open datasets that are not one kind's: enterprises (every kind's records by party), compliance
(every obligation) and the changelog (every record's public events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .base import Export, Field, obj
from .columns import SOURCE, URL
from .common import PARTY_TYPES

RECORD_ID_NOTE = (
    "處罰決定和撤回：決定編號（decisions、withdrawals 的 id）；黑名單：部門-季度（blacklist_publications 的 id）；"
    "警示：月份；曝光：行動編號；計劃：部門-年度"
)

ENTERPRISE = obj(
    "enterprise",
    "企業",
    Field("credit_code", "str", "統一社會信用代碼", required=True),
    Field("name", "str", "名稱", required=True),
    Field("party_type", "enum", "當事人類型", required=True, choices=PARTY_TYPES),
    URL,
    Field("decisions", "int", "處罰決定數", description="decisions 數據集中此信用代碼的決定數"),
    Field("decision_ids", "list", "處罰決定編號", item=Field("id", "str", "決定編號")),
    Field(
        "fines",
        "int",
        "罰款合計（元）",
        description="罰款金額之和（penalties 中 type 為 fine），不含沒收",
    ),
    Field(
        "penalties_total",
        "int",
        "罰沒款合計（元）",
        description="罰款和沒收金額之和（penalties 中全部金額）",
    ),
    Field("blacklisted", "bool", "目前在黑名單中"),
    Field("listings", "int", "列入黑名單次數", description="blacklist_events 中此信用代碼的 listed 事件數"),
    Field("exposures", "int", "曝光次數"),
)


def _enterprise_rows(x) -> tuple[list[dict], dt.date | None]:
    rows = [
        {
            "credit_code": c.credit_code,
            "name": c.name,
            "party_type": c.party_type,
            "url": c.url,
            "decisions": len(c.decisions),
            "decision_ids": [d.id for d in c.decisions],
            "fines": c.fines,
            "penalties_total": c.penalties_total,
            "blacklisted": c.listed_on(x.ds.today),
            "listings": len(c.listings),
            "exposures": len(c.exposures),
        }
        for c in x.companies.values()
    ]
    ds = x.ds
    return rows, x.newest(
        [*(d.path for d in ds.published_decisions), *(b.path for b in ds.published_blacklists)]
    )


ENTERPRISES = Export(
    "enterprises",
    "企業安全生產信用記錄",
    "每家企業的處罰、黑名單和曝光匯總",
    ENTERPRISE,
    primary_key=("credit_code",),
    rows=_enterprise_rows,
)

OBLIGATION = obj(
    "obligation",
    "公示義務",
    Field(
        "kind",
        "str",
        "類別",
        description="decision 處罰決定（縣方案期限）；decision_law 處罰決定（安全生產法期限）；withdrawal 撤回；"
        "blacklist 黑名單；warning 警示；exposure 曝光；plan 計劃",
    ),
    Field("record_id", "str", "記錄編號", required=True, description=RECORD_ID_NOTE),
    Field("department", "str", "部門", description="部門代號（departments 數據集）；county 為縣安委辦"),
    Field("subject", "str", "事項"),
    URL,
    Field(
        "reference",
        "date",
        "基準日期",
        description="決定日期、撤銷日期、季度或月份的第一天、行動結束日、計劃年度的 1 月 1 日：定出年度和季度",
    ),
    Field("year", "int", "年度", required=True, description="基準日期的年份：/compliance/ 按此分年"),
    Field("quarter", "quarter", "季度", required=True, description="基準日期所在季度"),
    Field(
        "record_status",
        "str",
        "記錄狀態",
        description="只適用於處罰決定和撤回：in_force 公示中；revoked 已撤銷（原公示仍計入合規，"
        "見 withdrawals 數據集）；taken_down 公示期滿或信用修復後撤下（不在 decisions 數據集，此處不含當事人）",
    ),
    Field("decided", "date", "決定日期", description="只適用於處罰決定"),
    Field("fines", "int", "罰款（元）", description="只適用於處罰決定：罰款金額之和，不含沒收（罰沒款）"),
    Field("due", "date", "期限"),
    Field(
        "window_from",
        "date",
        "期限起算日",
        description="決定日期、撤銷日期、季度最後一日、行動結束日；每月或每年固定日期的期限為該日（window 為 0）",
    ),
    Field(
        "window",
        "int",
        "期限長度",
        description="起算日後多少日、工作日或月（window_unit）；由此和 holidays 可重算期限",
    ),
    Field(
        "window_unit",
        "enum",
        "期限單位",
        choices=(
            ("days", "日曆日，最後一日遇休息日順延至下一個工作日"),
            ("working_days", "工作日，不含休息日（holidays 中的法定節假日和不調休的週六、週日）"),
            ("months", "月，到期月的同一日（無此日則為該月最後一日），遇休息日順延"),
        ),
    ),
    Field("published", "date", "公示日期"),
    SOURCE,
    Field(
        "status",
        "str",
        "狀態",
        description="on_time 按期；late_explained 逾期已說明；late 逾期未說明；missing 未公示；pending 未到期",
    ),
    Field("days_late", "int", "逾期天數", description="日曆日"),
    Field(
        "working_days_late",
        "int",
        "逾期工作日數",
        description="只適用於按工作日計算的期限（decision_law）",
    ),
    Field("days_to_publish", "int", "決定到公示天數", description="只適用於處罰決定"),
    Field("late_reason", "str", "逾期原因", description="記錄中寫明的逾期原因"),
)


def _obligation_rows(x) -> tuple[list[dict], dt.date | None]:
    config = x.ds.config
    windows = {
        "decision": (config.decision_window_days, "days"),
        "decision_law": (config.decision_law_working_days, "working_days"),
        # checks.withdrawal_due: a period of up to 7 days is counted in working days (WorkCalendar.period_due)
        "withdrawal": (
            config.withdrawal_working_days,
            "working_days" if config.withdrawal_working_days <= 7 else "days",
        ),
    }
    windows |= {
        "blacklist": (config.blacklist_due_days, "days"),
        "warning": (0, "days"),
        "plan": (0, "days"),
        "exposure": (config.exposure_window_months, "months"),
    }

    def window_from(i) -> dt.date:
        if i.kind == "blacklist":
            return i.quarter.end
        if i.kind == "warning":
            return dt.date(i.reference.year, i.reference.month, config.warning_due_day)
        if i.kind == "plan":
            return dt.date(i.year, config.plan_due_month, config.plan_due_day)
        return i.reference  # decided, revoked, the action's end

    rows = [
        {
            "kind": i.kind,
            "record_id": i.record,
            "department": i.department,
            "subject": i.subject,
            "url": i.url,
            "reference": i.reference.isoformat(),
            "year": i.year,
            "quarter": str(i.quarter),
            "record_status": i.record_status or None,
            "decided": i.reference.isoformat() if i.kind in ("decision", "decision_law") else None,
            "fines": i.fines,
            "due": i.due.isoformat(),
            "window_from": window_from(i).isoformat(),
            "window": windows[i.kind][0],
            "window_unit": windows[i.kind][1],
            "published": i.published.isoformat() if i.published else None,
            "published_source": i.source,
            "status": i.status,
            "days_late": i.days_late,
            "working_days_late": i.late_days if i.published else None,
            "days_to_publish": i.days_to_publish,
            "late_reason": i.late_reason if i.published and i.published > i.due else None,
        }
        for i in x.items  # the revoked decision's timely publication and withdrawal count, as on /compliance/
    ]
    return rows, x.every


COMPLIANCE = Export(
    "compliance", "公示合規情況", "每一項公示義務的期限、公示日期和狀態", OBLIGATION, rows=_obligation_rows
)

RECORD_KINDS = (
    ("decision", "行政處罰決定"),
    ("blacklist", "季度黑名單"),
    ("accident", "歷史事故"),
    ("warning", "一月一警示"),
    ("action", "專項執法行動"),
    ("plan", "年度監管執法計劃"),
)
CHANGE_EVENTS = (
    ("added", "首次公示"),
    ("changed", "更正（公示後的修改）"),
    ("withdrawn", "撤回公示（處罰決定被撤銷）"),
    ("taken_down", "撤下（公示期滿或信用修復）"),
)
CHANGE_SOURCES = (
    ("git", "本站 git 記錄證明的日期（變更到達發布分支之日）"),
    ("declared", "記錄中寫明的日期，git 無法證明"),
    ("pending", "尚未提交到本站，暫以今天計"),
    ("takedown", "公示截止日的次日，網站自動撤下"),
)
CHANGELOG = obj(
    "change",
    "數據變更記錄",
    Field("date", "date", "日期", required=True),
    Field("kind", "enum", "記錄類別", required=True, choices=RECORD_KINDS),
    Field(
        "id",
        "str",
        "記錄編號",
        required=True,
        description="處罰決定、事故、行動為檔名；黑名單、計劃為 季度或年度/部門；警示為月份",
    ),
    replace(URL, required=True),
    Field("event", "enum", "事件", required=True, choices=CHANGE_EVENTS),
    Field("date_source", "enum", "日期來源", required=True, choices=CHANGE_SOURCES),
    Field("reason", "str", "原因", description="撤回、撤下的原因；撤下的處罰決定不列當事人"),
)
CHANGES = Export(
    "changelog",
    "數據變更記錄",
    "每條記錄的公示事件：首次公示、更正、撤回公示、撤下，日期以 git 記錄為準",
    CHANGELOG,
)
