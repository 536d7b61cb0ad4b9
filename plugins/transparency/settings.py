"""The one TRANSPARENCY settings dict: defaults, unknown keys reported, and "today"."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from typing import Any
from zoneinfo import ZoneInfo

from .findings import Finding, error
from .validate import did_you_mean

TODAY_ENV = "TRANSPARENCY_TODAY"


@dataclass(frozen=True)
class Config:
    """Settings with their defaults; every window of the law is one of these."""

    data_path: str = "data"  # relative to the project root
    timezone: str = "Asia/Shanghai"
    today: str | None = None  # ISO date; the environment variable wins
    decision_window_days: int = 15  # 縣方案：決定之日起 15 日內公示（D1）
    decision_law_working_days: int = 7  # 安全生產法第78條第2款：作出決定後 7 個工作日內公示（D4）
    decision_law_level: str = "warning"  # D4 的級別：warning（預設）、error 或 off（不檢查）
    draft_warning_days: int = 3  # D2: warn this many days before a draft falls due
    withdrawal_working_days: int = 3  # 行政處罰法第48條：撤銷後 3 個工作日內撤回公示
    blacklist_due_days: int = 15  # 季度黑名單：季度結束後 15 日內公布
    blacklist_term_years: int = 3  # 應急管理部令第11號：管理期限 3 年
    blacklist_repair_months: int = 12  # B3：列入滿 12 個月後方可經信用修復提前移出
    warning_due_day: int = 10  # 一月一警示：每月 10 日前發布
    exposure_window_months: int = 1  # 兩月一行動：行動結束後 1 個月內曝光
    plan_due_month: int = 3  # 年度監管執法計劃：3 月底前公布
    plan_due_day: int = 31
    # 公示期限（月，自決定之日起，民法典第202條）：每個失信程度的最短（可申請信用修復）和最長期限。
    # 只寫要改的程度即可，如 {"嚴重": {"min": 12, "max": 24}}；其餘用預設（《信用修復管理辦法》）。
    publicity_periods: dict = field(default_factory=dict)
    default_tier: str = "一般"  # 未填 tier 的處罰決定的失信程度
    branch: str = "HEAD"  # the published branch, whose first-parent line dates publications
    use_git: bool = True
    pagefind: bool = True
    pagefind_binary: str | None = None
    # Pagefind holds its whole index in memory (~150 KB a page): index in shards of at most this many pages
    search_shard_pages: int = 8000
    page_size: int = 50
    messages_script: str = "zh-Hant"  # 命令和構建輸出的字體：zh-Hant（繁體）或 zh-Hans（簡體、大陸用語）
    preview_drafts: bool = False  # invoke serve --drafts：草稿照常渲染並標明「草稿預覽」，只寫入 preview/
    page_cache: bool = True  # .cache/pages/: rebuilds render only pages whose inputs changed
    # C1: attachment types content/attachments/ may publish (a tuple); script and page types (js, html, svg...) never
    attachment_types: tuple = (
        "pdf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "txt",
        "csv",
        "docx",
        "xlsx",
        "ofd",
    )
    site_name: str = "示範縣安全生產執法公示"
    public_url: str = (
        "http://localhost:8000/"  # absolute links in feeds and catalog.json, unless SITEURL is absolute
    )
    county: str = "示範縣"
    default_script: str = "zh-Hant"  # 網站根目錄的字體；另一種在 /zh-hans/（或 /zh-hant/）
    other_scripts: bool = True  # 同時生成另一種字體（简/繁）的全部頁面
    elder_mode: bool = True  # 長者模式（大字版）：/large/ 下的全部頁面
    # 政府網站頁腳（政府網站發展指引）
    sponsor: str = "示範縣人民政府辦公室"  # 主辦單位
    organizer: str = "示範縣安全生產委員會辦公室"  # 承辦單位
    phone: str = "0000-1234567"
    site_code: str = "4399000001"  # 網站標識碼
    icp: str = "示ICP備00000000號"
    icp_url: str = "https://beian.miit.gov.cn/"
    police: str = "示公網安備43990002000001號"
    police_url: str = "https://beian.mps.gov.cn/"
    # 輸入上限（V13）：任何輸入都在有限的時間和記憶體內得到一行中文錯誤，而不是卡住或崩潰
    max_file_bytes: int = 1_000_000  # 一個 YAML 檔案的大小；一條記錄遠小於此
    max_depth: int = 20  # 巢狀層數（映射、清單套映射……）；記錄最深約 5 層；最多可設 100
    yaml_aliases: bool = False  # 是否允許 YAML 錨點與別名（&a、*a、<<: *a）；記錄用不到，預設拒絕
    max_yaml_nodes: int = 100_000  # 一個檔案展開別名後的節點數（值、映射、清單各算一個）
    max_line_chars: int = 1_000  # 單行欄位（名稱、文號、違法行為、依據……）的字數
    max_text_chars: int = 20_000  # Markdown 欄位（違法事實、事故經過……）的字數
    earliest_year: int = 1949  # 日期與年度的下限（歷史事故可追溯數十年）
    years_ahead: int = 10  # 日期與年度的上限：今年之後的年數（管理期限、計劃年度可在將來）
    max_amount: int = 10_000_000_000  # 金額（罰款、沒收、直接經濟損失，元）的上限：一百億元
    max_count: int = 1_000_000  # 人數、家數、項數的上限
    # 開放數據的許可協議（SPDX 代號，見 LICENSES）：/data/、catalog.json 和 datapackage.json 都寫明
    data_license: str = "CC-BY-4.0"


# Open licences suitable for government data: SPDX id → (name, URL, Chinese name and terms shown on /data/).
LICENSES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "知識共享署名 4.0 國際許可協議（CC BY 4.0）",
        "可自由複製、分發和改編，包括商業用途，須註明來源",
    ),
    "CC0-1.0": (
        "CC0 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "CC0 1.0 公有領域貢獻",
        "放棄一切權利，可不註明來源自由使用",
    ),
    "ODC-By-1.0": (
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
        "開放數據共享署名許可協議 1.0（ODC-By）",
        "可自由使用和改編，須註明來源",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
        "開放數據共享公有領域貢獻和許可協議 1.0（PDDL）",
        "可不註明來源自由使用",
    ),
}


KEYS = [f.name for f in fields(Config)]


def load_config(values: dict[str, Any] | None) -> tuple[Config, list[Finding]]:
    """Build a Config from a settings dict, reporting unknown keys and wrong types."""
    values = dict(values or {})
    findings = []
    for key in list(values):
        if key not in KEYS:
            findings.append(
                error(
                    "S1",
                    "pelicanconf.py",
                    0,
                    f"TRANSPARENCY 設定含未知鍵「{key}」{did_you_mean(key, KEYS)}；修正：刪除或改正",
                )
            )
            del values[key]
    defaults = Config()
    for key, value in list(values.items()):
        default = getattr(defaults, key)
        if isinstance(default, tuple) and isinstance(value, list):
            value = values[key] = tuple(value)  # a list is how settings are usually written
        if default is not None and value is not None and type(value) is not type(default):
            findings.append(
                error(
                    "S1",
                    "pelicanconf.py",
                    0,
                    f"TRANSPARENCY[{key!r}] 應為 {type(default).__name__}，實為 {value!r}；修正：改為 {default!r} 這樣的值",
                )
            )
            del values[key]
    script = values.get("messages_script")
    if script is not None and script not in ("zh-Hant", "zh-Hans"):
        findings.append(
            error(
                "S1",
                "pelicanconf.py",
                0,
                f"TRANSPARENCY['messages_script'] 應為 zh-Hant 或 zh-Hans，實為 {script!r}；修正：改為其中之一",
            )
        )
        del values["messages_script"]
    from .publicity import settings_problems

    for key, problems in (
        ("publicity_periods", settings_problems(values.get("publicity_periods"), None)),
        ("default_tier", settings_problems(None, values.get("default_tier"))),
    ):
        findings += [error("S1", "pelicanconf.py", 0, p) for p in problems]
        if problems:
            del values[key]
    license_id = values.get("data_license")
    if license_id is not None and license_id not in LICENSES:
        findings.append(
            error(
                "S1",
                "pelicanconf.py",
                0,
                f"TRANSPARENCY['data_license'] 是 {license_id!r}，不是本站認得的開放許可協議；"
                f"修正：改為 {'、'.join(LICENSES)} 之一",
            )
        )
        del values["data_license"]
    level = values.get("decision_law_level")
    if level is not None and level not in ("warning", "error", "off"):
        findings.append(
            error(
                "S1",
                "pelicanconf.py",
                0,
                f"TRANSPARENCY['decision_law_level'] 應為 warning（警告）、error（錯誤）或 off（不檢查），"
                f"實為 {level!r}；修正：改為其中之一",
            )
        )
        del values["decision_law_level"]
    return Config(**values), findings


def resolve_today(config: Config) -> dt.date:
    """Today in the configured time zone, unless fixed by TRANSPARENCY_TODAY or the setting."""
    fixed = os.environ.get(TODAY_ENV) or config.today
    if fixed:
        try:
            return dt.date.fromisoformat(fixed.strip())
        except ValueError:
            raise SystemExit(f"{TODAY_ENV}={fixed!r} 不是日期；應寫成 2026-05-01") from None
    return dt.datetime.now(ZoneInfo(config.timezone)).date()
