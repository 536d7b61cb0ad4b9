"""Read every record kind from the data folder: file layout, schema, cross-field rules, models.

Each reader collects findings and returns models only for records without errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from . import kinds
from .findings import WARNING as WARNING_LEVEL
from .findings import Finding, error, warning
from .identifiers import CREDIT_CODE_FIX, credit_code_problem
from .kinds.base import RecordFile
from .load import Mapping, ParseCache, Source, read_source
from .models import (
    Accident,
    Action,
    Blacklist,
    Decision,
    Department,
    MonthlyWarning,
    Period,
    Plan,
)
from .pagecache import walk_files
from .schema import DEPARTMENT, PERIOD, Field
from .settings import Config
from .validate import (
    Limits,
    Validator,
    did_you_mean,
    validate_record,
)
from .workdays import WorkCalendar

Report = Callable[[str, int, str], None]

# The data folder is closed: every file the loader reads, by folder, as (path below it, hint, public URL),
# as each kind module declares it (FILES). Anything else under data/ is V9, so that a typo in a folder or
# file name never drops records silently.
LAYOUT: dict[str, tuple[str, str, str | None]] = {
    m.FILES.folder: (m.FILES.pattern, m.FILES.hint, m.FILES.url) for m in kinds.FOLDERS
}
TOP_FILES = ("departments.yaml", "programme.yaml", "industries.yaml")
# Files that are not records and never hold any: kept by git or read by people. Silently allowed.
ALLOWED = re.compile(r"(?:.*/)?(?:\.gitkeep|\.gitignore|\.gitattributes|README\.md)")
# What operating systems and editors leave behind: never read, never published; a warning, since a
# `git add -A` would commit it (add it to .gitignore).
JUNK = re.compile(
    r"(?:.*/)?(?:\.DS_Store|\._.*|Thumbs\.db|ehthumbs\.db|desktop\.ini|\..*\.sw[a-p]|.*~|#.*#|~\$.*|\.~lock\..*#)",
    re.IGNORECASE,
)


def url_of_path(rel: str, data_path: str = "data") -> str | None:
    """The public URL of a record file (relative to the root), or None when it has no page of its own."""
    prefix = data_path.strip("/") + "/"
    if not rel.startswith(prefix):
        return None
    folder, _, below = rel[len(prefix) :].partition("/")
    layout = LAYOUT.get(folder)
    if not layout or layout[2] is None:
        return None
    m = re.fullmatch(layout[0], below)
    return layout[2].format(**m.groupdict()) if m else None


def _normal(name: str) -> str:
    """A file or folder name as the layout wants it: lower case, `-` between words, `.yaml`."""
    name = name.strip().lower().replace("_", "-").replace(" ", "-")
    name = re.sub(r"\.txt$", "", name)
    return re.sub(r"\.(yml|yaml|ymal|yam)$", ".yaml", name)


def suggest_path(below: str) -> str | None:
    """The closest path the layout accepts for a misplaced file (relative to data/), if one is clear."""
    parts = [p for p in below.split("/") if p]
    if not parts:
        return None
    if len(parts) == 1:
        name = _normal(parts[0])
        close = difflib.get_close_matches(name, TOP_FILES, n=1, cutoff=0.6)
        return close[0] if close else None
    folder = _normal(parts[0])
    if folder not in LAYOUT:
        close = difflib.get_close_matches(folder, list(LAYOUT), n=1, cutoff=0.6)
        if not close:
            return None
        folder = close[0]
    pattern = LAYOUT[folder][0]
    rest = [_normal(p) for p in parts[1:]]
    for candidate in ("/".join(rest), "/".join(rest[-2:]), rest[-1]):
        if re.fullmatch(pattern, candidate):
            return f"{folder}/{candidate}"
    if folder in ("decisions", "plans") and len(rest) == 1:  # the year folder left out: take it from the name
        year = re.search(r"(?<!\d)(20\d{2})(?!\d)", rest[0])
        if year and re.fullmatch(pattern, f"{year[1]}/{rest[0]}"):
            return f"{folder}/{year[1]}/{rest[0]}"
    return None


_EMPTY_LIST = {
    "departments.yaml": "departments.yaml 是空清單，沒有任何部門，部門的公示職責都不會檢查；修正：列出各部門（id、name、kind、duties）",
    "programme.yaml": "programme.yaml 是空清單，季度黑名單、一月一警示、兩月一行動、年度計劃等定期義務都不會檢查；"
    "修正：填寫執法年期間（name、start、end）；確實沒有執法年的，刪除此檔案",
}


def _nth_line(lines: list[str], text: str, start: int, n: int) -> int:
    """The line (1-based) of the n-th occurrence of `text` at or after line `start`, or 0."""
    for number in range(max(start, 1), len(lines) + 1):
        n -= lines[number - 1].count(text)
        if n <= 0:
            return number
    return 0


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


class Loader:
    """Collects findings while reading each record kind."""

    def __init__(self, root: Path, config: Config):
        self.root = root
        self.config = config
        self.data = root / config.data_path
        self.findings: list[Finding] = []
        self.sources: dict[str, Source] = {}
        self.departments: dict[str, Department] = {}
        self.incomplete_drafts: list[Source] = []
        self.limits = Limits.of(config)
        self.parse_cache = ParseCache(root / ".cache" / "parsed.pickle" if config.page_cache else None)
        self._tree: list[str] | None = None

    # -- plumbing ---------------------------------------------------------------

    def read(self, path: Path) -> Source:
        src = read_source(path, self.root, self.parse_cache, self.config)
        self.sources[src.rel] = src
        self.findings.extend(src.findings)
        return src

    def report_to(self, rel: str, record: str = "") -> Report:
        def report(rule: str, line: int, message: str) -> None:
            self.findings.append(error(rule, rel, line, message, record))

        return report

    @property
    def tree(self) -> list[str]:
        """Every file under the data folder, relative to it (walked once per load)."""
        if self._tree is None:
            self._tree = walk_files(self.data) if self.data.is_dir() else []
        return self._tree

    def files(self, folder: str) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
        """The record files of data/<folder>/ that match its layout; check_layout reports the others."""
        pattern = LAYOUT[folder][0]
        prefix = _rel(self.root, self.data) + "/"
        for rel in self.tree:
            head, _, below = rel.partition("/")
            if head == folder and re.fullmatch(pattern, below):
                yield self.data / rel, prefix + rel, tuple(below.split("/"))

    def check_layout(self) -> None:
        """V9 for every file under data/ that the loader does not read, with the closest correct path."""
        prefix = _rel(self.root, self.data) + "/"
        for rel in self.tree:
            head, _, below = rel.partition("/")
            if (not below and rel in TOP_FILES) or ALLOWED.fullmatch(rel):
                continue
            if head in LAYOUT and re.fullmatch(LAYOUT[head][0], below):
                continue
            if JUNK.fullmatch(rel):
                self.findings.append(
                    warning(
                        "V9",
                        prefix + rel,
                        0,
                        "系統或編輯器產生的暫存檔，不會被讀取或發佈；修正：刪除此檔案，並把它的名稱加入 .gitignore",
                    )
                )
                continue
            self.findings.append(error("V9", prefix + rel, 1, self._misplaced(rel, head, below, prefix)))

    @staticmethod
    def _misplaced(rel: str, head: str, below: str, prefix: str) -> str:
        suggestion = suggest_path(rel)
        guess = f"是否應為 {prefix}{suggestion}？" if suggestion else ""
        if not below:
            known = "、".join([*TOP_FILES, *(f"{f}/" for f in LAYOUT)])
            return (
                f"{prefix}{rel} 不是本站會讀取的檔案或資料夾，其中的內容不會被檢查或發佈；{guess}"
                f"修正：改為正確名稱，或移出 {prefix}（此處只能有：{known}）"
            )
        if head not in LAYOUT:
            return (
                f"資料夾 {prefix}{head}/ 不是本站會讀取的資料夾，其中的記錄不會被檢查或發佈；{guess}"
                f"修正：移到正確的資料夾（{'、'.join(f'{prefix}{f}/' for f in LAYOUT)}）"
            )
        hint = LAYOUT[head][1]
        if not below.endswith(".yaml") and not below.lower().endswith((".yml", ".yaml")):
            return (
                f"{prefix}{rel} 不是記錄檔案，不會被讀取或發佈；{guess}修正：移出 {prefix}，或刪除（{hint}）"
            )
        return f"{hint}，此檔案不會被讀取或發佈；{guess}修正：移動或改名（檔名也是網址，只用小寫字母、數字和「-」）"

    def record(
        self, path: Path, schema: Field, label: Callable[[object], str]
    ) -> tuple[Source, list[Finding], Report]:
        """Read and schema-check one record; `report` adds cross-field findings to the same list."""
        src = self.read(path)
        found: list[Finding] = []
        if not src.ok:
            return src, found, lambda *a: None
        record = label(src.data) if isinstance(src.data, dict) else path.stem
        found += validate_record(schema, src.data, src.rel, record, self.limits)

        def report(rule: str, line: int, message: str) -> None:
            found.append(error(rule, src.rel, line, message, record))

        return src, found, report

    def kind_files(
        self, module
    ) -> Iterator[tuple[Path, str, tuple[str, ...], Source, list[Finding], Report]]:
        """Each record file of a kind, read and schema-checked as its module declares (FILES, EDITOR):
        (path, path for messages, parts below the folder, source, its findings, report)."""
        for path, rel, parts in self.files(module.FILES.folder):
            yield path, rel, parts, *self.record(path, module.EDITOR.schema, module.FILES.label)

    def read_kind(self, module, **context) -> list:
        """The models of a kind's files without errors: each file read and schema-checked, then its
        module's cross-field rules (`module.check`, with `context`), then its model (`module.model_of`)."""
        result = []
        for path, rel, parts, src, found, report in self.kind_files(module):
            here = RecordFile(path, rel, parts, found, report, self)
            if src.ok and isinstance(src.data, Mapping):
                module.check(src.data, here, **context)
            if self.keep(src, found):
                result.append(module.model_of(here, src.data, self.config))
        return result

    def keep(self, src: Source, found: list[Finding]) -> bool:
        """File a record's findings; True when it was read and has none, so a model can be built.

        A draft may be committed before it is complete: what is still missing (V3) is a
        warning there, so the draft is kept and its deadline still checked; other errors stay.
        """
        data = src.data if src.ok else None
        if (
            isinstance(data, dict)
            and data.get("draft") is True
            and found
            and all(f.rule == "V3" for f in found)
        ):
            self.findings.extend(
                replace(f, level=WARNING_LEVEL, message=f"草稿尚未填完：{f.message}") for f in found
            )
            self.incomplete_drafts.append(src)
            return False
        self.findings.extend(found)
        return src.ok and not found

    def department_ref(self, data: Mapping, key: str, report: Report, where: str = "") -> None:
        dept = data.get(key)
        if isinstance(dept, str) and self.departments and dept not in self.departments:
            report(
                "V6",
                data.line_of(key),
                f"{where}{key}「{dept}」不是已知部門{did_you_mean(dept, list(self.departments))}；"
                "修正：使用 departments.yaml 中的代號",
            )

    def mapping_list(self, name: str, schema: Field) -> list[Mapping]:
        """A top-level file that is a list of mappings (departments.yaml, programme.yaml)."""
        path = self.data / name
        if not path.exists():
            return []
        src = self.read(path)
        if not src.ok:
            return []
        if not isinstance(src.data, list):
            self.findings.append(error("V2", src.rel, 1, f"{name} 應為清單（每項以「- 」開頭）"))
            return []
        if not src.data:
            self.findings.append(
                error("V3", src.rel, 1, _EMPTY_LIST.get(name, f"{name} 是空清單；修正：填寫內容或刪除此檔案"))
            )
            return []
        report = self.report_to(src.rel)
        items = []
        for i, item in enumerate(src.data):
            if Validator(report, self.limits).value(schema, item, f"[{i + 1}]", getattr(item, "line", 1)):
                items.append((item, report))
        return items

    # -- reference data ------------------------------------------------------------

    def read_departments(self) -> dict[str, Department]:
        if not (self.data / "departments.yaml").exists():
            rel = _rel(self.root, self.data / "departments.yaml")
            self.findings.append(error("V1", rel, 0, "缺少部門清單；修正：新增 departments.yaml，列出各部門"))
        result: dict[str, Department] = {}
        for item, report in self.mapping_list("departments.yaml", DEPARTMENT):
            if item["id"] in result:
                report(
                    "V2", item.line_of("id"), f"部門代號「{item['id']}」重複；修正：每個部門使用不同的代號"
                )
                continue
            if "duties" not in item:
                self.findings.append(
                    warning(
                        "V3",
                        _rel(self.root, self.data / "departments.yaml"),
                        item.line,
                        f"部門「{item['id']}」未填 duties，不承擔季度黑名單、年度計劃等定期公示職責；"
                        "修正：填寫 duties（如 [decisions, blacklist, plan]），確實沒有的寫 duties: []",
                    )
                )
            code = self._department_code(item, report)
            result[item["id"]] = Department.from_data(item, code)
        self.departments = result
        return result

    def _department_code(self, item: Mapping, report: Report) -> str | None:
        """A department's own credit code (V8): valid by GB 32100-2015; a 機關's starts with 11."""
        code = item.get("credit_code")
        if code is None:
            return None
        code = code.strip()
        where = f"部門「{item['id']}」的 credit_code「{code}」"
        problem = credit_code_problem(code)
        if problem:
            report("V8", item.line_of("credit_code"), f"{where}無效：{problem}；修正：{CREDIT_CODE_FIX}")
            return (
                code  # the error stops the build; the code is there, so no second finding says it is missing
            )
        if not code.startswith("11"):
            self.findings.append(
                warning(
                    "V8",
                    _rel(self.root, self.data / "departments.yaml"),
                    item.line_of("credit_code"),
                    f"{where}不以 11 開頭，不像機關的代碼（機構編制部門登記的機關以 11 開頭）；"
                    "修正：核對是否誤填了企業的代碼，照部門的統一社會信用代碼證書填寫",
                )
            )
        return code

    def read_programme(self) -> list[Period]:
        periods = []
        for item, report in self.mapping_list("programme.yaml", PERIOD):
            if item["end"] < item["start"]:
                report(
                    "V5",
                    item.line_of("end"),
                    f"結束日期 {item['end']} 早於開始日期 {item['start']}；修正：核對日期",
                )
                continue
            periods.append(Period.from_data(item))
        return periods

    def read_calendar(self) -> WorkCalendar:
        """Holidays and make-up workdays of every year, from data/holidays/<year>.yaml.

        A mistake in a file never drops its whole year: every date that can be trusted is used,
        the mistaken ones are reported (V5 a date of another year, V2 a date listed both ways), and
        the year is marked broken so that every deadline counted through it names the file as the
        cause (the checks neither become more lenient nor blame the records).
        """
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        years: set[int] = set()
        broken: set[int] = set()
        for path, _rel, _parts, src, found, report in self.kind_files(kinds.holidays):
            year = int(path.stem)
            days = self._calendar_year(src, year, found, report) if src.ok else None
            self.findings.extend(found)
            if not src.ok or any(f.is_error for f in found):
                broken.add(year)
            if days is not None:
                holidays.update(days[0])
                workdays.update(days[1])
                years.add(year)
        return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(years), frozenset(broken))

    def _calendar_year(
        self, src: Source, year: int, found: list[Finding], report: Report
    ) -> tuple[set[dt.date], set[dt.date]] | None:
        """The year's rest days and make-up workdays that can be trusted; None when none can."""
        data = src.data
        if not isinstance(data, Mapping):
            return None
        stated = data.get("year")
        if isinstance(stated, int) and not isinstance(stated, bool) and stated != year:
            report(
                "V9",
                data.line_of("year"),
                f"year: {stated} 與檔名 {src.path.name} 不一致，此檔案的日期都未採用；"
                f"修正：檔名改為 {stated}.yaml，或把 year 改為 {year}",
            )
            return None
        try:
            lines = src.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        rest: dict[dt.date, int] = {}
        work: dict[dt.date, int] = {}
        for key, target in (("holidays", rest), ("workdays", work)):
            items = data.get(key)
            if not isinstance(items, list):
                continue
            start, seen = data.line_of(key), {}
            for day in items:
                if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                    continue  # the schema has reported it
                text = day.isoformat()
                seen[text] = seen.get(text, 0) + 1
                line = _nth_line(lines, text, start, seen[text]) or start
                if day.year != year:
                    report(
                        "V5",
                        line,
                        f"{key} 中的 {day} 不屬於 {year} 年，此日期未採用（該年其餘日期照常使用）；"
                        f"修正：核對年份，是 {year} 年的日期就改正，否則移到 {day.year}.yaml",
                    )
                elif day in target:
                    found.append(
                        warning(
                            "V10",
                            src.rel,
                            line,
                            f"{key} 中的 {day} 重複列出（第 {target[day]} 行已有）；修正：刪除重複的一項",
                            str(year),
                        )
                    )
                else:
                    target[day] = line
        for day in sorted(set(rest) & set(work)):
            report(
                "V2",
                rest[day],
                f"{day} 同時列在 holidays（第 {rest[day]} 行）和 workdays（第 {work[day]} 行），"
                "修正前按工作日計算；修正：依國務院辦公廳通知，只保留在其中一個清單",
            )
            del rest[day]
        for day, line in sorted(work.items()):
            if day.weekday() < 5:
                found.append(
                    warning(
                        "V5",
                        src.rel,
                        line,
                        f"workdays 中的 {day} 是週{'一二三四五'[day.weekday()]}，本來就是工作日，列為調休上班日沒有作用；"
                        "修正：核對日期（調休上班日通常是週六或週日）",
                        str(year),
                    )
                )
        if not rest and not any(f.is_error for f in found):
            found.append(
                warning(
                    "V3",
                    src.rel,
                    data.line_of("holidays"),
                    f"{year} 年沒有列出任何法定節假日，期限不會因節假日順延；"
                    f"修正：依國務院辦公廳 {year} 年節假日安排通知填寫 holidays",
                    str(year),
                )
            )
        return set(rest), set(work)

    def read_industries(self) -> set[str] | None:
        """Names from data/industries.yaml, when the county keeps such a list."""
        path = self.data / "industries.yaml"
        if not path.exists():
            return None
        src = self.read(path)
        if not src.ok:
            return None
        if not isinstance(src.data, list) or not all(isinstance(x, str) for x in src.data):
            self.findings.append(error("V2", src.rel, 1, "行業清單應為文字清單，如「- 危險化學品」"))
            return None
        return {x.strip() for x in src.data}

    # -- decisions -----------------------------------------------------------------

    def read_decisions(self) -> list[Decision]:
        numbers: dict[str, tuple[str, str]] = {}  # number_key → (file, the number as written there)
        return self.read_kind(kinds.decision, numbers=numbers, industries=self.read_industries())

    # -- blacklists ------------------------------------------------------------------

    def read_blacklists(self, numbers: set[str]) -> list[Blacklist]:
        return self.read_kind(kinds.blacklist, numbers=frozenset(numbers))  # one frozenset: see _number_keys

    def same_as_stem(self, data: Mapping, key: str, path: Path, report: Report) -> None:
        value = data.get(key)
        if isinstance(value, str) and value != path.stem:
            report(
                "V9", data.line_of(key), f"{key} {value} 與檔名 {path.name} 不符；修正：檔名應為 {value}.yaml"
            )

    # -- accidents and monthly warnings ---------------------------------------------------

    def read_accidents(self) -> list[Accident]:
        return self.read_kind(kinds.accident)

    def read_warnings(self, accident_ids: set[str]) -> list[MonthlyWarning]:
        return self.read_kind(kinds.warning, accident_ids=accident_ids)

    # -- actions and plans -----------------------------------------------------------------

    def read_actions(self) -> list[Action]:
        return self.read_kind(kinds.action)

    def read_plans(self) -> list[Plan]:
        return self.read_kind(kinds.plan)
