"""A public test of honesty: recompute the site's figures from its open data alone, compare with the pages.

`python -m transparency audit OUTPUT_DIR` (`invoke audit`) reads only what a journalist can download from
the built site: the JSON files of `data/` and the HTML pages. It never reads the YAML records or the
plugin's own calculations (this module imports nothing else of the plugin), so a figure that cannot be
recomputed from the published data, or that the page shows differently, is a finding:

- /compliance/: every table (per department and year for each kind, the quarterly table, the declared
  column), and the charts (monthly count and fines, the per-department rate, the histogram of days);
- /enterprises/ (every page and sort order) and each /enterprises/<code>/: decision count, 罰款合計,
  罰沒款合計, listings, exposures, and whether it is on the blacklist today;
- /blacklist/: who is on the blacklist today; the home page figures; each decision page's 罰沒款合計;
- the due date and verdict of each decision and withdrawal, recounted from the holiday dataset;
- the same figures in the other script (zh-hans/ or zh-hant/) as in the default pages (長者模式 is a
  mode of the same pages, not a copy: nothing of its own to check).

Each mismatch is one line: the page, the figure, the page's value and the recomputed one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

DECISION_KINDS = ("decision", "decision_law")
HISTOGRAM = ((0, 3), (4, 7), (8, 11), (12, 15), (16, 20), (21, 10_000))


# Which figure on the site comes from which dataset, and how to compute it: shown on /data/ and in the
# README, and what `invoke audit` recomputes. (page, figure, datasets, how)
FIGURES: tuple[tuple[str, str, str, str], ...] = (
    (
        "/compliance/ 各表",
        "應公示、按期、其中依部門聲明日期、逾期已說明、逾期、未公示、按期率",
        "compliance",
        "按 year、kind、department 篩選；應公示 = status 不是 pending 的行數；按期 = status 為 on_time；"
        "其中依部門聲明日期 = on_time 且 published_source 為 declared；按期率 = 按期 ÷ 應公示。"
        "處罰決定計入每一份曾公示的決定：撤銷的（record_status revoked，見 withdrawals）和公示期滿撤下的"
        "（taken_down，不在 decisions 中）也計入",
    ),
    (
        "/compliance/ 處罰決定表",
        "中位天數、最長天數",
        "compliance",
        "kind 為 decision 的 days_to_publish 的中位數和最大值",
    ),
    (
        "/compliance/ 按季度表",
        "各部門每季度按期率（按期/應公示）",
        "compliance",
        "kind 為 decision，按 year、quarter、department 分組",
    ),
    (
        "/compliance/ 圖表",
        "每月處罰決定數、每月罰款金額（萬元）",
        "compliance",
        "kind 為 decision 且 record_status 不是 revoked 的行，按 decided 的月份計數；罰款 = fines 之和 ÷ 10000",
    ),
    (
        "/compliance/ 圖表",
        "各部門按期公示率、從決定到公示的天數分佈",
        "compliance、departments",
        "kind 為 decision 的全部行（各年合計）；天數為 days_to_publish，分 0–3、4–7、8–11、12–15、16–20、21 日以上",
    ),
    (
        "/compliance/ 期限",
        "期限（due）和按期與否",
        "compliance、holidays、programme",
        "期限 = window_from 起 window 個 window_unit：日曆日的最後一日遇休息日順延，工作日不計休息日，"
        "月為到期月的同一日（holidays：法定節假日休息，調休上班日上班，其他週六、週日休息）；"
        "公示日期不晚於期限為按期，否則有 late_reason 為逾期已說明；週期性義務只在 programme 的期間內產生",
    ),
    (
        "/enterprises/、/enterprises/<代碼>/",
        "處罰決定數、罰款合計、罰沒款合計",
        "decisions、penalties",
        "decisions 中 party.credit_code 相同的決定；罰款合計 = 其 penalties 中 type 為 fine 的 amount 之和；"
        "罰沒款合計 = 其 penalties 全部 amount 之和（決定書頁的「罰沒款合計」同一定義）",
    ),
    (
        "/enterprises/<代碼>/",
        "列入黑名單次數、曝光次數",
        "blacklist_events、exposures",
        "blacklist_events 中此信用代碼的 listed 事件數；exposures 中 party.credit_code 相同的行數",
    ),
    (
        "/blacklist/、首頁、/enterprises/",
        "目前黑名單、目前在黑名單中的主體數",
        "blacklist、blacklist_publications",
        "每個部門最近公布的一期名單（blacklist_publications，空名單也算）中，列入日期已到、管理期限未滿、"
        "未提前移出的條目；首頁數目按當事人和列入日期去重",
    ),
)


@dataclass(frozen=True)
class Mismatch:
    page: str
    figure: str
    shown: str
    computed: str

    def format(self) -> str:
        return f"{self.page}：{self.figure} 頁面顯示 {self.shown}，按開放數據重算為 {self.computed}"


class Audit:
    """The open data of one built site, and the comparisons of its pages with it."""

    def __init__(self, output: Path):
        self.output = Path(output)
        self.found: list[Mismatch] = []
        self.checked = 0

    def data(self, name: str) -> list[dict]:
        return json.loads((self.output / "data" / f"{name}.json").read_text(encoding="utf-8"))

    def page(self, rel: str) -> BeautifulSoup | None:
        path = self.output / rel
        if not path.exists():
            return None
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def compare(self, page: str, figure: str, shown, computed) -> None:
        self.checked += 1
        if shown != computed:
            self.found.append(Mismatch(page, figure, _text(shown), _text(computed)))

    # /compliance/ -------------------------------------------------------------------------------

    def compliance(self) -> None:
        rows = self.data("compliance")
        names = {d["id"]: d["name"] for d in self.data("departments")}
        order = list(names)
        page_name = "compliance/index.html"
        soup = self.page(page_name)
        if soup is None:
            self.found.append(Mismatch(page_name, "頁面", "不存在", "應有"))
            return
        shown: dict[tuple, str] = {}
        for table in soup.select("table[data-kind][data-year]"):
            kind, year = table["data-kind"], table["data-year"]
            if kind == "decision-by-quarter":
                quarters = [th["data-quarter"] for th in table.select("thead th[data-quarter]")]
                for tr in table.select("tbody tr[data-owner]"):
                    cells = tr.select("td[data-figure]")
                    for q, td in zip(quarters, cells, strict=False):
                        shown[(year, "quarter", tr["data-owner"], q)] = _cell(td)
                    shown[(year, "quarter", tr["data-owner"], "columns")] = str(len(cells))
                continue
            for tr in table.select("tbody tr[data-owner]"):
                for td in tr.select("td[data-figure]"):
                    shown[(year, kind, tr["data-owner"], td["data-figure"])] = _cell(td)
        computed = compliance_tables(rows, order)
        for key in sorted(set(shown) | set(computed)):
            year, kind, owner, figure = key
            label = f"{year} 年 {kind} {_owner(owner, names)} {figure}"
            self.compare(page_name, label, shown.get(key, "（無）"), computed.get(key, "（無）"))
        charts: dict[tuple, str] = {}
        for fig in soup.select("figure[id^=chart-]"):
            for tr in fig.select("tr[data-label]"):
                charts[(fig["id"][6:], tr["data-label"])] = _cell(tr.select_one("td[data-figure]"))
        expected = compliance_charts(rows, names)
        for key in sorted(set(charts) | set(expected)):
            self.compare(
                page_name,
                f"圖表 {key[0]}「{key[1]}」",
                charts.get(key, "（無）"),
                expected.get(key, "（無）"),
            )

    # /enterprises/ --------------------------------------------------------------------------------

    def enterprises(self) -> None:
        today = self.today()
        figures = enterprise_figures(
            self.data("decisions"),
            self.data("penalties"),
            self.data("blacklist"),
            self.data("blacklist_publications"),
            self.data("exposures"),
            today,
        )
        published = {e["credit_code"]: e for e in self.data("enterprises")}
        for code in sorted(set(figures) | set(published)):
            mine = figures.get(code)
            row = published.get(code)
            if mine is None or row is None:
                self.compare("data/enterprises.json", code, "有" if row else "無", "有" if mine else "無")
                continue
            for figure in ("decisions", "fines", "penalties_total", "blacklisted", "listings", "exposures"):
                self.compare("data/enterprises.json", f"{code} {figure}", row.get(figure), mine[figure])
            self.compare(
                "data/enterprises.json",
                f"{code} decision_ids",
                sorted(row.get("decision_ids", [])),
                mine["ids"],
            )
            rel = f"enterprises/{code}/index.html"
            soup = self.page(rel)
            if soup is None:
                self.compare(rel, "頁面", "不存在", "應有")
                continue
            for figure in ("decisions", "fines", "penalties_total", "blacklisted", "listings", "exposures"):
                dd = soup.select_one(f"[data-figure={figure}]")
                self.compare(rel, figure, _shown(dd), _text(mine[figure]))
        listed: dict[str, dict[str, str]] = defaultdict(dict)
        for path in sorted((self.output / "enterprises").glob("**/index.html")):
            rel = str(path.relative_to(self.output))
            if path.parent.name in figures:
                continue
            soup = self.page(rel)
            for tr in soup.select("tr[data-code]"):
                code = tr["data-code"]
                mine = figures.get(code)
                if mine is None:
                    self.compare(rel, f"{code} 企業", "列出", "開放數據中沒有此企業")
                    continue
                listed[rel][code] = "seen"
                cells = {td["data-figure"]: td for td in tr.select("td[data-figure]")}
                for figure, td in cells.items():
                    self.compare(rel, f"{code} {figure}", _shown(td), _text(mine[figure]))
        orders: dict[str, set[str]] = defaultdict(set)  # each sort order's pages list every enterprise
        for rel, codes in listed.items():
            orders[re.sub(r"page/\d+/", "", rel)] |= set(codes)
        for rel, codes in sorted(orders.items()):
            self.compare(rel, "企業數（各頁合計）", len(codes), len(figures))

    # /blacklist/ and the home page ----------------------------------------------------------------

    def today(self) -> dt.date:
        soup = self.page("blacklist/index.html")
        section = soup.select_one("[data-current-blacklist]") if soup else None
        if section is None:
            raise SystemExit("找不到 blacklist/index.html 的今日日期（data-today）：不是本站生成的網站？")
        return dt.date.fromisoformat(section["data-today"])

    def blacklist(self) -> None:
        today = self.today()
        entries = current_blacklist(self.data("blacklist"), self.data("blacklist_publications"), today)
        computed = sorted(f"{e['department']}|{_party(e)}|{e['listed']}" for e in entries)
        soup = self.page("blacklist/index.html")
        section = soup.select_one("[data-current-blacklist]")
        shown = []
        for tr in section.select("tr[data-department]"):
            cells = tr.find_all(["th", "td"])
            party = cells[1].get_text(strip=True) or cells[0].get_text(strip=True)
            shown.append(f"{tr['data-department']}|{party}|{tr['data-listed']}")
        shown.sort()
        for key in sorted(set(shown) ^ set(computed)):
            self.compare(
                "blacklist/index.html",
                f"目前名單 {key}",
                "列出" if key in shown else "未列出",
                "應列出" if key in computed else "不應列出",
            )
        self.checked += 1
        home = self.page("index.html")
        dd = home.select_one("[data-figure=blacklisted]") if home else None
        # Subjects, not entries: a party listed twice (two listings) is one subject.
        distinct = len({_party(e) for e in entries})
        shown_count = (dd.get("data-value") or dd.get_text(strip=True)) if dd else "（無）"
        self.compare("index.html", "目前在黑名單中的主體數", shown_count, str(distinct))

    # the deadlines, recomputed from the holiday calendar ------------------------------------------

    def deadlines(self) -> None:
        """Each deadline (decisions, withdrawals, lists, warnings, exposures, plans) and its verdict, from
        `holidays` alone."""
        calendar = Calendar.of(self.data("holidays"))
        today = self.today().isoformat()
        for r in self.data("compliance"):
            start = dt.date.fromisoformat(r["window_from"])
            if r["window_unit"] == "working_days":
                due = calendar.after_working_days(start, r["window"])
            elif r["window_unit"] == "months":
                due = calendar.after_days(add_months(start, r["window"]), 0)
            else:
                due = calendar.after_days(start, r["window"])
            where = f"data/compliance.json {r['kind']} {r['record_id']}"
            self.compare(where, "期限", r["due"], due.isoformat())
            published = r.get("published")
            if published is None:
                status = "missing" if today > due.isoformat() else "pending"
            elif published <= due.isoformat():
                status = "on_time"
            else:
                status = "late_explained" if r.get("late_reason") else "late"
            self.compare(where, "狀態", r["status"], status)

    # the home page and each decision page ---------------------------------------------------------

    def home(self) -> None:
        decisions = self.data("decisions")
        penalties = self.data("penalties")
        soup = self.page("index.html")
        if soup is None:
            return
        shown = {dd["data-figure"]: dd for dd in soup.select("dd[data-figure]")}
        self.compare("index.html", "處罰決定總數", _shown(shown.get("decisions")), str(len(decisions)))
        year_tag = shown.get("year_decisions")
        if year_tag is not None:
            year = year_tag["data-year"]
            mine = {d["id"] for d in decisions if d["decided"].startswith(year)}
            self.compare("index.html", f"{year} 年處罰決定", _shown(year_tag), str(len(mine)))
            fines = sum(
                p.get("amount", 0) for p in penalties if p["decision_id"] in mine and p["type"] == "fine"
            )
            self.compare("index.html", f"{year} 年罰款", _shown(shown.get("year_fines")), str(fines))
        rows = [r for r in self.data("compliance") if r["kind"] == "decision"]
        due = sum(1 for r in rows if r["status"] != "pending")
        on_time = sum(1 for r in rows if r["status"] == "on_time")
        if due:
            rate = f"{on_time / due * 100:.1f}%（{on_time}/{due}）"
            tag = shown.get("on_time_rate")
            self.compare(
                "index.html", "處罰決定按期公示率", tag.get_text(strip=True) if tag else "（無）", rate
            )
        totals: dict[str, int] = defaultdict(int)
        amounts: Counter[str] = Counter()
        for p in penalties:
            totals[p["decision_id"]] += p.get("amount", 0)
            amounts[p["decision_id"]] += bool(p.get("amount"))
        for d in decisions:  # the total row is shown under two or more amounts
            rel = f"{d['url']}index.html"
            page = self.page(rel)
            td = page.select_one("[data-figure=penalties_total]") if page else None
            expected = str(totals[d["id"]]) if amounts[d["id"]] > 1 else "（無）"
            self.compare(rel, "罰沒款合計", _shown(td), expected)

    # the other script -----------------------------------------------------------------------------

    def variants(self) -> None:
        """The same figures in both variants of a page (the default script and zh-hans/ or zh-hant/)."""
        pages = ["index.html", "compliance/index.html", "blacklist/index.html"]
        pages += sorted(
            str(p.relative_to(self.output)) for p in (self.output / "enterprises").glob("**/index.html")
        )
        pages += [f"{d['url']}index.html" for d in self.data("decisions")]
        for folder in VARIANT_FOLDERS:
            if not (self.output / folder / "index.html").exists():
                continue
            for rel in pages:
                default, variant = self.page(rel), self.page(folder + rel)
                if default is None:
                    continue
                mine = _figures(default)
                theirs = _figures(variant) if variant is not None else []
                self.checked += len(mine)
                if theirs == mine:
                    continue
                i = next((i for i, (x, y) in enumerate(zip(theirs, mine, strict=False)) if x != y), None)
                if i is None:  # one is a prefix of the other: a figure missing or extra
                    self.compare(folder + rel, f"數字個數（{rel} 有 {len(mine)} 個）", len(theirs), len(mine))
                else:
                    self.compare(folder + rel, f"第 {i + 1} 個數字（與 {rel} 對照）", theirs[i], mine[i])

    def run(self) -> list[Mismatch]:
        self.compliance()
        self.deadlines()
        self.enterprises()
        self.blacklist()
        self.home()
        self.variants()
        return self.found


VARIANT_FOLDERS = ("zh-hans/", "zh-hant/")  # the other script, whichever is not the default


def _figures(soup: BeautifulSoup) -> list[str]:
    """Every figure of a page, in order: its hook and the number shown (the other script leaves digits)."""
    out = []
    for tag in soup.select("[data-figure]"):
        number = re.findall(r"[\d,.]+%?", tag.get_text(strip=True))
        out.append(f"{tag['data-figure']}={tag.get('data-value', '')}{'/'.join(number)}")
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it has none (民法典 第202條)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    nxt = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
    last = (nxt - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Calendar:
    """The day counting of the deadlines, from the published holiday dataset: a rest day is a statutory
    holiday, or a Saturday or Sunday that is not a make-up workday; a year absent from the dataset is not
    known, and its days are neither moved nor skipped (as the site does)."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]

    @classmethod
    def of(cls, rows: list[dict]) -> Calendar:
        days = {
            k: frozenset(dt.date.fromisoformat(r["date"]) for r in rows if r["kind"] == k)
            for k in ("holiday", "workday")
        }
        return cls(days["holiday"], days["workday"], frozenset(r["year"] for r in rows))

    def rest(self, day: dt.date) -> bool:
        return day in self.holidays or (day.weekday() >= 5 and day not in self.workdays)

    def after_days(self, start: dt.date, days: int) -> dt.date:
        """`days` calendar days after `start`; the last one, if a rest day, moves to the next working day."""
        day = start + dt.timedelta(days=days)
        while day.year in self.years and self.rest(day):
            day += dt.timedelta(days=1)
        return day

    def after_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start`."""
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if day.year not in self.years or not self.rest(day):
                counted += 1
        return day


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _shown(tag) -> str:
    """A figure as the reader sees it: the number written first (128,000元（12.8萬元） → 128000); for a
    yes/no figure, its data-value, unless the visible text contradicts it (「不在」 with true)."""
    if tag is None:
        return "（無）"
    text = tag.get_text(strip=True)
    value = tag.get("data-value", "")
    if value in ("true", "false"):
        negative = text in ("—", "") or text.startswith("不")
        return value if (value == "true") != negative else f"{value}（但文字為「{text}」）"
    number = re.match(r"[\d,]+", text)
    return number[0].replace(",", "") if number else ("0" if text in ("", "—") else text)


def _cell(td) -> str:
    return td.get_text(strip=True) if td is not None else "（無）"


def _owner(owner: str, names: dict[str, str]) -> str:
    return {"all": "全縣合計", "county": "縣安委辦"}.get(owner, names.get(owner, owner))


def _party(entry: dict) -> str:
    party = entry.get("party") or {}
    return party.get("credit_code") or party.get("name", "")


def _rate(on_time: int, due: int, fmt: str = "%.1f%%") -> str | None:
    return fmt % (on_time / due * 100) if due else None


def tally(rows: list[dict]) -> dict[str, str]:
    """The figures of one row of a /compliance/ table, as the page writes them."""
    status = Counter(r["status"] for r in rows)
    due = sum(1 for r in rows if r["status"] != "pending")
    on_time = status["on_time"]
    declared = sum(1 for r in rows if r["status"] == "on_time" and r.get("published_source") == "declared")
    out = {
        "due": str(due),
        "on_time": str(on_time),
        "on_time_declared": str(declared),
        "late_explained": str(status["late_explained"]),
        "late": str(status["late"]),
        "missing": str(status["missing"]),
        "rate": _rate(on_time, due) or "—",
    }
    if rows and rows[0]["kind"] == "decision":
        days = sorted(r["days_to_publish"] for r in rows if "days_to_publish" in r)
        out["median_days"] = f"{statistics.median(days):g}" if days else "—"
        out["worst_days"] = str(days[-1]) if days else "—"
    return out


def compliance_tables(rows: list[dict], departments: list[str]) -> dict[tuple, str]:
    """Every figure of the /compliance/ tables: (year, kind, owner, figure) → the text the page shows."""
    kinds = ("decision", "decision_law", "withdrawal", "blacklist", "warning", "exposure", "plan")
    owners = [*departments, "county"]
    years = sorted({r["year"] for r in rows if r["status"] != "pending"}, reverse=True)
    out: dict[tuple, str] = {}
    for year in years:
        of_year = [r for r in rows if r["year"] == year]
        for kind in kinds:
            mine = [r for r in of_year if r["kind"] == kind]
            if not mine:
                continue
            for owner in [*owners, "all"]:
                group = [r for r in mine if owner == "all" or r["department"] == owner]
                if group:
                    for figure, value in tally(group).items():
                        out[(str(year), kind, owner, figure)] = value
        decisions = [r for r in of_year if r["kind"] == "decision"]
        quarters = sorted({r["quarter"] for r in decisions})
        for dept in departments:
            mine = [r for r in decisions if r["department"] == dept]
            if not mine:
                continue
            out[(str(year), "quarter", dept, "columns")] = str(len(quarters))
            for q in quarters:
                group = [r for r in mine if r["quarter"] == q]
                t = tally(group) if group else {"due": "0", "on_time": "0"}
                due, on_time = int(t["due"]), int(t["on_time"])
                rate = _rate(on_time, due, "%.0f%%")
                out[(str(year), "quarter", dept, q)] = f"{rate}（{on_time}/{due}）" if rate else "—"
    return out


def compliance_charts(rows: list[dict], names: dict[str, str]) -> dict[tuple, str]:
    """The chart tables of /compliance/: (chart id, label) → the text the page shows.

    The monthly charts count decisions that were not revoked (in force, or taken down after their
    publicity period); the rates and the histogram count every published decision, as the tables do."""
    decisions = [r for r in rows if r["kind"] == "decision"]
    standing = sorted(
        (r for r in decisions if r.get("record_status") != "revoked"), key=lambda r: r["decided"]
    )
    months: dict[str, list[dict]] = {}
    for r in standing:
        months.setdefault(r["decided"][:7], []).append(r)
    out: dict[tuple, str] = {}
    for month, group in months.items():
        out[("per-month", month)] = f"{len(group)}件"
        out[("fines", month)] = f"{sum(r.get('fines', 0) for r in group) / 10_000:g}萬元"
    for dept, name in names.items():
        group = [r for r in decisions if r["department"] == dept]
        due = sum(1 for r in group if r["status"] != "pending")
        if due:
            on_time = sum(1 for r in group if r["status"] == "on_time")
            out[("rates", name)] = f"{round(on_time / due * 100, 1):g}%"
    days = [r["days_to_publish"] for r in decisions if "days_to_publish" in r]
    for lo, hi in HISTOGRAM:
        label = f"{lo}–{hi} 日" if hi < 10_000 else f"{lo} 日以上"
        out[("days", label)] = f"{sum(1 for x in days if lo <= x <= hi)}件"
    return out


def current_blacklist(entries: list[dict], publications: list[dict], today: dt.date) -> list[dict]:
    """Who is on the blacklist today: in the latest list each department published (an empty list
    included), listed by today, term running, not removed."""
    latest: dict[str, str] = {}
    for p in publications:
        if p.get("published"):
            latest[p["department"]] = max(latest.get(p["department"], ""), p["quarter"])
    day = today.isoformat()
    out = []
    for e in entries:
        if latest.get(e["department"]) != e["quarter"]:
            continue
        removed = (e.get("removed") or {}).get("date")
        if removed and removed <= day:
            continue
        if e["listed"] <= day <= e["until"]:
            out.append(e)
    return out


def enterprise_figures(
    decisions: list[dict],
    penalties: list[dict],
    blacklist: list[dict],
    publications: list[dict],
    exposures: list[dict],
    today: dt.date,
) -> dict[str, dict]:
    """Per credit code: decisions, 罰款 (fines), 罰沒款 (fines and confiscations), listings, exposures,
    and whether it is on the blacklist today."""
    out: dict[str, dict] = {}

    def get(code: str) -> dict:
        return out.setdefault(
            code,
            {
                "decisions": 0,
                "ids": [],
                "fines": 0,
                "penalties_total": 0,
                "blacklisted": False,
                "listings": 0,
                "exposures": 0,
            },
        )

    party_of = {}
    for d in decisions:
        code = d.get("party", {}).get("credit_code")
        if code:
            get(code)["decisions"] += 1
            get(code)["ids"].append(d["id"])
            party_of[d["id"]] = code
    for p in penalties:
        code = party_of.get(p["decision_id"])
        if code:
            amount = p.get("amount", 0)
            get(code)["penalties_total"] += amount
            if p["type"] == "fine":
                get(code)["fines"] += amount
    seen = set()
    for e in blacklist:
        code = e.get("party", {}).get("credit_code")
        if code and (e["department"], code, e["listed"]) not in seen:
            seen.add((e["department"], code, e["listed"]))
            get(code)["listings"] += 1
    for e in current_blacklist(blacklist, publications, today):
        code = e.get("party", {}).get("credit_code")
        if code:
            get(code)["blacklisted"] = True
    for e in exposures:
        code = (e.get("party") or {}).get("credit_code")
        if code:
            get(code)["exposures"] += 1
    for figures in out.values():
        figures["ids"].sort()
    return out


def main(output: str) -> int:
    """Print each mismatch; 0 when every figure agrees, 1 otherwise."""
    audit = Audit(Path(output))
    found = audit.run()
    for m in found:
        print(m.format())
    if found:
        print(f"核對 {audit.checked} 個數字，{len(found)} 個與開放數據不符。", file=sys.stderr)
        return 1
    print(f"核對 {audit.checked} 個數字，全部可由開放數據重算。", file=sys.stderr)
    return 0
