"""The one TRANSPARENCY settings dict: defaults, unknown keys reported, and "today"."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
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
    warning_due_day: int = 10  # 一月一警示：每月 10 日前發布
    exposure_window_months: int = 1  # 兩月一行動：行動結束後 1 個月內曝光
    plan_due_month: int = 3  # 年度監管執法計劃：3 月底前公布
    plan_due_day: int = 31
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
