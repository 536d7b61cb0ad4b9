"""Findings: what the checks report, one line each, in Chinese for staff."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass

ERROR = "ERROR"
WARNING = "WARNING"

# Every rule id with its meaning; the staff guide and `python -m transparency rules` follow this table.
# A window in braces is a setting's name: `rule_texts(config)` fills in the value the checks use.
RULES: dict[str, str] = {
    "D1": "處罰決定書應於決定之日起 {decision_window_days} 日內公示（縣方案；逾期且無 late.reason 為錯誤）",
    "D2": "草稿處罰決定書即將到期，應盡快公示",
    "D3": "處罰決定被撤銷後，應於 {withdrawal_working_days} 個工作日內撤回公示並公開原因",
    "D4": "處罰決定書應於作出決定後 {decision_law_working_days} 個工作日內公示"
    "（安全生產法第七十八條第二款；預設為警告，設定 decision_law_level 可改為錯誤或關閉）",
    "R1": "信用修復日期早於失信程度的最短公示期限（《信用修復管理辦法》）",
    "B1": "負有黑名單職責的部門應在季度結束後 {blacklist_due_days} 日內公布本季度名單（執法年期間內）",
    "B2": "管理期限內、未移出的名單條目不得在下一季度名單中消失",
    "B3": "名單條目提前移出（removed）的日期早於列入後 {blacklist_repair_months} 個月",
    "W1": "執法年期間每月 {warning_due_day} 日前應發布一月一警示",
    "W2": "事故等級與死亡、重傷人數或直接經濟損失不符（國務院令第493號）",
    "A1": "專項行動結束後 {exposure_window_months} 個月內應曝光企業違法行為和執法人員問題",
    "A2": "執法年期間每兩個月應開展一次專項執法行動",
    "P1": "負有計劃職責的部門應於 {plan_due_month} 月 {plan_due_day} 日前公布年度監管執法計劃",
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
    "V13": "超出上限：檔案大小、巢狀層數、別名展開、文字長度、數值或日期範圍",
    "V14": "文字含控制字元、不可見字元或改變書寫方向的字元",
    "C1": "內容頁或附件不安全：原始 HTML、站外連結檔案、不允許的附件類型或模板",
    "U1": "已公示記錄的檔案被刪除或改名，網址會消失",
    "G2": "git 提交日期晚於實際日期，不能作為公示日期",
    "PII": "個人信息未脫敏：身分證號、手機號、銀行卡號或自然人地址",
}


def rule_texts(config) -> dict[str, str]:
    """Every rule's meaning with the windows of these settings (a settings.Config)."""
    values = asdict(config)
    return {rule: text.format_map(values) for rule, text in RULES.items()}


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
        """One line, always: a newline, control or direction character in any part is shown escaped."""
        place = f"{self.path}:{self.line}" if self.line else self.path
        parts = [self.level, self.rule, place]
        if self.record:
            parts.append(self.record)
        parts.append(self.message)
        return " ".join(visible(p) for p in parts)

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
    """Valid JSON whose hidden characters are \\u escapes (JSON escapes control characters itself)."""
    text = json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    return HIDDEN.sub(lambda m: _json_escape(m[0]), text)


# -- characters no record may hold (V14), and how they are shown ----------------------------------

# C0 controls except Tab, LF and CR (the YAML text's own whitespace), DEL and the C1 controls.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Marks, embeddings, overrides and isolates that change the order text is shown in ("Trojan Source").
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters: every format character (Unicode category Cf), the variation selectors, the
# fillers and joiners that show as nothing, and the line and paragraph separators (line breaks to YAML
# and to JavaScript, but not to an editor). U+3000 (ideographic space) is NOT here: it is visible as a
# space and common in Chinese documents; private-use characters (造字 for rare names) are allowed too.
_INVISIBLE = (
    "\u00ad\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200d\u2028\u2029\u2060-\u2064\u206a-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
HIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}]")
_SHOWN = re.compile(f"[\t\n\r{_CONTROLS}{_BIDI}{_INVISIBLE}]")

_CHAR_NAMES = {
    0x00: "空字元 NUL",
    0x07: "響鈴字元",
    0x08: "退格字元",
    0x09: "Tab 字元",
    0x0A: "換行",
    0x0B: "垂直定位字元",
    0x0C: "換頁字元",
    0x0D: "回車字元",
    0x1B: "跳脫字元 ESC",
    0x7F: "刪除字元 DEL",
    0x85: "下一行字元 NEL",
    0xA0: "不換行空格",
    0xAD: "軟連字號",
    0x34F: "組合字形連接符",
    0x61C: "阿拉伯字母標記",
    0x200B: "零寬空格",
    0x200C: "零寬不連字",
    0x200D: "零寬連字",
    0x200E: "從左至右標記",
    0x200F: "從右至左標記",
    0x2028: "行分隔符",
    0x2029: "段分隔符",
    0x202A: "從左至右嵌入",
    0x202B: "從右至左嵌入",
    0x202C: "取消方向格式",
    0x202D: "從左至右覆寫",
    0x202E: "從右至左覆寫",
    0x2060: "字連接符",
    0x2066: "從左至右隔離",
    0x2067: "從右至左隔離",
    0x2068: "第一強方向隔離",
    0x2069: "取消方向隔離",
    0x3000: "全形空格",
    0xFEFF: "零寬不換行空格（BOM）",
}


def char_label(char: str) -> str:
    """A character by code point and Chinese name, as staff can look it up: U+202E（從右至左覆寫）."""
    cp = ord(char)
    name = _CHAR_NAMES.get(cp)
    if name is None:
        if cp < 0x20 or 0x7F <= cp <= 0x9F:
            name = "控制字元"
        elif 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x180B <= cp <= 0x180F:
            name = "變體選擇符"
        elif 0xE0000 <= cp <= 0xE007F:
            name = "標籤字元"
        elif _BIDI_RE.match(char):
            name = "書寫方向控制字元"
        else:
            name = "不可見字元"
    return f"U+{cp:04X}（{name}）"


_BIDI_RE = re.compile(f"[{_BIDI}]")


def hidden_chars(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each character of HIDDEN in `text`.

    An emoji's presentation selector (U+FE0E, U+FE0F right after a symbol such as ⚠) is allowed: it
    only picks how the symbol is drawn and cannot make two names look alike.
    """
    for m in HIDDEN.finditer(text):
        i, char = m.start(), m[0]
        if char in "\ufe0e\ufe0f" and i and unicodedata.category(text[i - 1]) == "So":
            continue
        yield i, char


def visible(text: str) -> str:
    """`text` on one line with every newline, control, direction or invisible character shown as an escape."""
    return _SHOWN.sub(_escape, text) if _SHOWN.search(text) else text


def _escape(m: re.Match) -> str:
    cp = ord(m[0])
    return {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(cp) or (
        f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"
    )


def _json_escape(char: str) -> str:
    cp = ord(char)
    if cp <= 0xFFFF:
        return f"\\u{cp:04x}"
    cp -= 0x10000
    return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"
