"""Findings: what the checks report, one line each, in Chinese for staff."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "ERROR"
WARNING = "WARNING"

# Every rule id with its meaning; the staff guide and `invoke check --rules` follow this table.
RULES: dict[str, str] = {
    "D1": "處罰決定書應於決定之日起 15 日內公示（逾期且無 late.reason 為錯誤）",
    "D2": "草稿處罰決定書即將到期，應盡快公示",
    "D3": "處罰決定被撤銷後，應於 3 個工作日內撤回公示並公開原因",
    "B1": "負有黑名單職責的部門應在季度結束後 15 日內公布本季度名單（執法年期間內）",
    "B2": "管理期限內、未移出的名單條目不得在下一季度名單中消失",
    "W1": "執法年期間每月 10 日前應發布一月一警示",
    "W2": "事故等級與死亡、重傷人數或直接經濟損失不符（國務院令第493號）",
    "A1": "專項行動結束後 1 個月內應曝光企業違法行為和執法人員問題",
    "A2": "執法年期間每兩個月應開展一次專項執法行動",
    "P1": "負有計劃職責的部門應於 3 月 31 日前公布年度監管執法計劃",
    "H1": "期限所在年度沒有節假日資料，未作順延",
    "G1": "無法從 git 取得公示日期（淺克隆或 git 不可用）",
    "S1": "設定 TRANSPARENCY 有未知或錯誤的鍵",
    "V1": "檔案無法讀取：編碼、YAML 語法、空檔案",
    "V2": "欄位類型或取值錯誤",
    "V3": "缺少必填欄位",
    "V4": "未知欄位",
    "V5": "日期不存在、格式錯誤或先後矛盾",
    "V6": "引用了不存在的部門或記錄",
    "V7": "處罰決定書文號重複，或名單條目重複",
    "V8": "統一社會信用代碼無效",
    "V9": "檔案名稱或所在資料夾不符合規定",
    "V10": "同一映射中鍵重複",
    "V11": "公示日期晚於今天",
    "V12": "同一統一社會信用代碼對應了不同的名稱",
    "PII": "個人信息未脫敏：身分證號、手機號、銀行卡號或自然人地址",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the data: rule, place, record and a message with its fix."""

    path: str
    line: int
    rule: str
    level: str
    message: str
    record: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def format(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        parts = [self.level, self.rule, place]
        if self.record:
            parts.append(self.record)
        parts.append(self.message)
        return " ".join(parts)

    def as_dict(self) -> dict:
        return asdict(self)


def error(rule: str, path: str, line: int, message: str, record: str = "") -> Finding:
    return Finding(path, line, rule, ERROR, message, record)


def warning(rule: str, path: str, line: int, message: str, record: str = "") -> Finding:
    return Finding(path, line, rule, WARNING, message, record)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by file and line, so output is stable."""
    return sorted(findings, key=lambda f: (f.level != ERROR, f.path, f.line, f.rule))


def summary(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    return f"共 {errors} 個錯誤、{warnings} 個警告"


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
