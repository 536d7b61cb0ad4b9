"""Validate raw records against their schema; every problem is collected, none stops the run."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .findings import Finding, char_label, error, hidden_chars, visible

# The party's and the decision's cross-field rules live with their fields (kinds/common.py,
# kinds/decision.py); these names stay for the code that imports them from here.
from .kinds.common import check_party as check_party
from .kinds.decision import check_decision as check_decision
from .kinds.decision import check_decision_rules as check_decision_rules
from .load import BadDate, DateTime, Mapping
from .normalize import YEAR_BRACKETS, number_form
from .schema import Field

if TYPE_CHECKING:
    from .settings import Config

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
QUARTER_PATTERN = re.compile(r"(\d{4})-Q([1-4])")
MONTH_PATTERN = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_DATE_LIKE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")

Report = Callable[[str, int, str], None]

# Dates stay at least this far from the end of the calendar, so no due date (+ days, months, years)
# can overflow whatever the settings say.
_LAST_YEAR = 9000


@dataclass(frozen=True)
class Limits:
    """The bounds on values (V13), from the settings and today."""

    max_line_chars: int
    max_text_chars: int
    earliest: dt.date
    latest: dt.date
    max_amount: int
    max_count: int

    @classmethod
    def of(cls, config: Config | None = None, today: dt.date | None = None) -> Limits:
        from .settings import Config, resolve_today

        config = config or Config()
        today = today or resolve_today(config)
        first = min(max(config.earliest_year, 1), _LAST_YEAR)
        last = min(max(today.year + config.years_ahead, first), _LAST_YEAR)
        return cls(
            max(config.max_line_chars, 1),
            max(config.max_text_chars, 1),
            dt.date(first, 1, 1),
            dt.date(last, 12, 31),
            config.max_amount,
            config.max_count,
        )

    @property
    def years(self) -> str:
        return f"{self.earliest.year} 至 {self.latest.year} 年"


@functools.lru_cache(maxsize=4)
def _default_limits(_env: str | None, _day: dt.date) -> Limits:
    return Limits.of()


def default_limits() -> Limits:
    """The limits of the default settings, today (TRANSPARENCY_TODAY when set)."""
    return _default_limits(os.environ.get("TRANSPARENCY_TODAY"), dt.date.today())


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "布林值"
    if isinstance(value, int):
        return "整數"
    if isinstance(value, float):
        return "小數"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "清單"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, (dt.date, BadDate)):
        return "日期"
    return "空值" if value is None else type(value).__name__


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    return f"「{visible(text[:40])}…」" if len(text) > 40 else f"「{visible(text)}」"


def _context(text: str, index: int) -> str:
    """The few characters around `index`, with the character itself marked: 「示範縣宏達⟦此處⟧化工」."""
    before, after = text[max(0, index - 8) : index], text[index + 1 : index + 9]
    return f"「{visible(before)}⟦此處⟧{visible(after)}」"


def did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"（是否應為「{close[0]}」？）" if close else ""


class Validator:
    """Walks a value against a Field and reports problems through `report`."""

    def __init__(self, report: Report, limits: Limits | None = None):
        self.report = report
        self.limits = limits or default_limits()

    def value(self, fld: Field, value: Any, where: str, line: int) -> bool:
        """Check one value; True when it has the right shape (so deeper checks can run)."""
        kind = fld.kind
        if value is None or (isinstance(value, str) and not value.strip()):
            if fld.required:
                self.report("V3", line, f"{where}（{fld.title}）不能為空；修正：填寫{fld.title}")
            return False
        if isinstance(value, str) and not self.text(fld, value, where, line):
            return False
        if kind in ("str", "md", "url", "ref", "id"):
            if not isinstance(value, str):
                hint = "；修正：加上引號，寫成文字" if isinstance(value, (int, float, dt.date)) else ""
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應為文字，實為{_type_name(value)}{hint or '；修正：改為文字'}",
                )
                return False
            if kind != "md" and "\n" in value.strip():
                self.report("V2", line, f"{where}（{fld.title}）應為單行文字；修正：刪除換行")
                return False
            if kind == "url" and not re.match(r"https?://", value):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應為 http(s):// 開頭的網址，實為{_show(value)}；修正：填寫完整網址",
                )
                return False
            if kind == "id" and not ID_PATTERN.fullmatch(value):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）只能用小寫字母、數字和「-」，實為{_show(value)}；修正：改用如 yjj 的代號",
                )
                return False
            return True
        if kind == "date":
            return self._date(fld, value, where, line)
        if kind in ("quarter", "month"):
            pattern, example = (
                (QUARTER_PATTERN, "2026-Q1") if kind == "quarter" else (MONTH_PATTERN, "2026-05")
            )
            if not isinstance(value, str) or not pattern.fullmatch(value.strip()):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應寫成 {example}，實為{_show(value)}；修正：按 {example} 的格式填寫",
                )
                return False
            return self._year(fld, int(value.strip()[:4]), where, line)
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.report(
                    "V2", line, f"{where}（{fld.title}）應為數字，實為{_type_name(value)} {_show(value)}"
                )
                return False
            if not math.isfinite(value):
                self.report(
                    "V13",
                    line,
                    f"{where}（{fld.title}）不是有限的數字（{value}，來自 .nan 或 .inf）；修正：填寫實際數字，如 0.15",
                )
                return False
            if (fld.minimum is not None and value < fld.minimum) or (
                fld.maximum is not None and value > fld.maximum
            ):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應在 {fld.minimum} 到 {fld.maximum} 之間，實為 {value}；修正：比例寫成小數，如 0.15",
                )
                return False
            return True
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應為整數，實為{_type_name(value)} {_show(value)}；修正：寫阿拉伯數字，如 50000",
                )
                return False
            if fld.minimum is not None and value < fld.minimum:
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）不能小於 {fld.minimum}，實為 {value}；修正：核對數字",
                )
                return False
            return self._bound(fld, value, where, line)
        if kind == "bool":
            if not isinstance(value, bool):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應為 true 或 false，實為{_show(value)}；修正：寫 true 或 false",
                )
                return False
            return True
        if kind == "enum":
            allowed = [c for c, _ in fld.choices]
            if value not in allowed:
                listing = "、".join(f"{c}（{label}）" for c, label in fld.choices)
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）不能為{_show(value)}{did_you_mean(str(value), allowed)}；修正：從以下選一個：{listing}",
                )
                return False
            return True
        if kind == "list":
            if not isinstance(value, list):
                self.report(
                    "V2",
                    line,
                    f"{where}（{fld.title}）應為清單，實為{_type_name(value)}；修正：每項另起一行，以「- 」開頭",
                )
                return False
            if fld.required and not value and fld.minimum != 0:
                self.report("V3", line, f"{where}（{fld.title}）至少要有一項；修正：填寫至少一項")
                return False
            ok = True
            for i, item in enumerate(value):
                item_line = item.line if isinstance(item, Mapping) else line
                ok &= self.value(fld.item, item, f"{where}[{i + 1}]", item_line)
            return ok
        if kind == "object":
            return self.mapping(fld, value, where, line)
        raise AssertionError(f"unknown field kind {kind}")

    def text(self, fld: Field, value: str, where: str, line: int) -> bool:
        """No hidden character (V14) and not longer than the limit of its kind of field (V13)."""
        markdown = fld.kind == "md"
        bad = _hidden(value, markdown)
        if bad:
            index, char = bad[0]
            labels = "、".join(dict.fromkeys(char_label(c) for _, c in bad))
            fix = (
                "改為空格"
                if char == "\t"
                else "刪除這個看不見的字元（重新輸入這幾個字，不要從網頁或文件複製）"
            )
            self.report(
                "V14",
                line,
                f"{where}（{fld.title}）第 {index + 1} 個字{_context(value, index)}含 {labels}"
                f"{f'（共 {len(bad)} 處）' if len(bad) > 1 else ''}；修正：{fix}",
            )
            return False
        limit, setting = (
            (self.limits.max_text_chars, "max_text_chars")
            if markdown
            else (self.limits.max_line_chars, "max_line_chars")
        )
        if len(value) > limit:
            self.report(
                "V13",
                line,
                f"{where}（{fld.title}）有 {len(value):,} 字，超出上限 {limit:,} 字（設定 {setting}）；"
                "修正：精簡內容，完整文書作為附件（attachments）公示",
            )
            return False
        return True

    def _year(self, fld: Field, year: int, where: str, line: int) -> bool:
        if self.limits.earliest.year <= year <= self.limits.latest.year:
            return True
        self.report(
            "V13",
            line,
            f"{where}（{fld.title}）的年份 {year} 超出範圍（{self.limits.years}）；修正：核對年份",
        )
        return False

    def _bound(self, fld: Field, value: int, where: str, line: int) -> bool:
        """The upper bound of an amount, a count or a year (int fields with `bound`)."""
        if fld.bound == "year":
            return self._year(fld, value, where, line)
        limit, setting = {
            "amount": (self.limits.max_amount, "max_amount"),
            "count": (self.limits.max_count, "max_count"),
        }.get(fld.bound, (None, ""))
        if limit is not None and value > limit:
            self.report(
                "V13",
                line,
                f"{where}（{fld.title}）為 {value:,}，超出上限 {limit:,}（設定 {setting}）；"
                "修正：核對數字（金額以元為單位，不要多打 0）",
            )
            return False
        return True

    def _date(self, fld: Field, value: Any, where: str, line: int) -> bool:
        if isinstance(value, DateTime):
            fix = f"寫成 {value.day.isoformat()}" if value.day else "寫成 年-月-日，如 2026-03-02"
            self.report(
                "V5",
                line,
                f"{where}（{fld.title}）只填日期，不含時間，實為{_show(value.text)}；修正：{fix}",
            )
            return False
        if isinstance(value, BadDate):
            self.report(
                "V5",
                line,
                f"{where}（{fld.title}）{_show(value)}不是存在的日期；修正：檢查月份和日",
            )
            return False
        if isinstance(value, dt.datetime):
            self.report(
                "V5",
                line,
                f"{where}（{fld.title}）只填日期，不含時間；修正：寫成 {value.date().isoformat()}",
            )
            return False
        if isinstance(value, dt.date):
            if self.limits.earliest <= value <= self.limits.latest:
                return True
            self.report(
                "V13",
                line,
                f"{where}（{fld.title}）{value} 超出可接受的日期範圍（{self.limits.earliest} 至 "
                f"{self.limits.latest}）；修正：核對年份",
            )
            return False
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.report(
                "V5", line, f"{where}（{fld.title}）的日期加了引號，成了文字；修正：去掉引號，寫成 {value}"
            )
            return False
        hint = ""
        m = _DATE_LIKE.fullmatch(str(value))
        if m:
            try:
                hint = f"寫成 {dt.date(*map(int, m.groups())).isoformat()}"
            except ValueError:
                hint = ""
        self.report(
            "V5",
            line,
            f"{where}（{fld.title}）應為日期，格式如 2026-03-02，實為{_show(value)}；修正：{hint or '寫成 年-月-日，如 2026-03-02'}",
        )
        return False

    def mapping(self, fld: Field, value: Any, where: str, line: int) -> bool:
        if not isinstance(value, dict):
            self.report(
                "V2",
                line,
                f"{where}（{fld.title}）應為映射，實為{_type_name(value)}；修正：每個欄位寫成「鍵: 值」一行，不以「- 」開頭",
            )
            return False
        known = [f.name for f in fld.fields]
        lines = value.lines if isinstance(value, Mapping) else {}
        ok = True
        for key in value:
            bad = _hidden(key, markdown=False, newline=False) if isinstance(key, str) else []
            if bad:
                index, char = bad[0]
                self.report(
                    "V14",
                    lines.get(key, line),
                    f"鍵{_show(key)}第 {index + 1} 個字含 {char_label(char)}；"
                    "修正：刪除這個鍵名重新輸入（欄位名只用英文小寫字母和「_」）",
                )
                ok = False
            elif key not in known:
                self.report(
                    "V4",
                    lines.get(key, line),
                    f"{_join(where, _show(key)[1:-1])} 是未知欄位{did_you_mean(str(key)[:100], known)}；"
                    "修正：刪除或改正欄位名",
                )
                ok = False
        for child in fld.fields:
            if child.name not in value:
                if child.required:
                    hint = f"（{child.description}）" if child.description else ""
                    self.report(
                        "V3",
                        line,
                        f"缺少必填欄位 {_join(where, child.name)}（{child.title}）；修正：加上「{child.name}: …」{hint}",
                    )
                    ok = False
                continue
            ok &= self.value(
                child,
                value[child.name],
                _join(where, child.name),
                lines.get(child.name, line),
            )
        return ok


def _hidden(text: str, markdown: bool, newline: bool = True) -> list[tuple[int, str]]:
    """(index, character) of each character a value may not hold: hidden ones, CR, Tab outside Markdown,
    and LF where no line break can be (a key; single-line values get their own V2 message)."""
    found = list(hidden_chars(text))
    extra = "\r" + ("" if markdown else "\t") + ("" if newline else "\n")
    if any(c in text for c in extra):
        found += [(m.start(), m[0]) for m in re.finditer(f"[{extra}]", text)]
        found.sort()
    return found


def _join(where: str, key: Any) -> str:
    return f"{where}.{key}" if where else str(key)


# -- decision numbers: one number, one way of writing it ----------------------------------------

_YEAR_BRACKETS = YEAR_BRACKETS


def canonical_number(number: str) -> str:
    """The one way to write a decision number: NFKC (half-width digits, letters and brackets), no
    spaces, the year in 〔〕; the script is kept (normalize.number_key also folds it, for V7)."""
    return number_form(number)


def number_problem(number: str) -> str | None:
    """Why a decision number is not written the one way (a message with its fix), or None.

    Full-width or compatibility characters and the year in other brackets are refused (V2); spaces
    are allowed here (they are visible), and the duplicate check (V7) compares canonical forms.
    """
    text = number.strip()
    odd = sorted({c for c in text if unicodedata.normalize("NFKC", c) != c and not c.isspace()})
    brackets = _YEAR_BRACKETS.search(unicodedata.normalize("NFKC", text))
    if not odd and not brackets:
        return None
    why = [f"含全形或相容字元 {'、'.join(visible(c) for c in odd[:5])}"] if odd else []
    if brackets:
        why.append("年份應用六角括號〔〕")
    fixed = _YEAR_BRACKETS.sub(r"〔\1〕", unicodedata.normalize("NFKC", text))
    return f"文號{_show(text)}{'、'.join(why)}，會與寫法相同的文號重複而不被發現；修正：寫成「{fixed}」"


def validate_record(
    schema: Field, data: Any, rel: str, record: str = "", limits: Limits | None = None
) -> list[Finding]:
    """All schema problems of one record."""
    found: list[Finding] = []

    def report(rule: str, line: int, message: str) -> None:
        found.append(error(rule, rel, line, message, record))

    Validator(report, limits).mapping(schema, data, "", getattr(data, "line", 1) or 1)
    return found
