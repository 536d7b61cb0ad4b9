"""Read every record kind from the data folder: file layout, schema, cross-field rules, models.

Each reader collects findings and returns models only for records without errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .findings import WARNING as WARNING_LEVEL
from .findings import Finding, error
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
from .schema import ACCIDENT, ACTION, BLACKLIST, DECISION, DEPARTMENT, HOLIDAYS, PERIOD, PLAN, WARNING, Field
from .settings import Config
from .validate import Validator, check_decision, check_party, did_you_mean, validate_record
from .workdays import WorkCalendar

Report = Callable[[str, int, str], None]


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
        self.parse_cache = ParseCache(root / ".cache" / "parsed.pickle" if config.page_cache else None)

    # -- plumbing ---------------------------------------------------------------

    def read(self, path: Path) -> Source:
        src = read_source(path, self.root, self.parse_cache)
        self.sources[src.rel] = src
        self.findings.extend(src.findings)
        return src

    def report_to(self, rel: str, record: str = "") -> Report:
        def report(rule: str, line: int, message: str) -> None:
            self.findings.append(error(rule, rel, line, message, record))

        return report

    def files(self, folder: str, layout: str, hint: str) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
        """YAML files under data/<folder>/ whose path below it matches `layout`; others are V9."""
        base = self.data / folder
        if not base.exists():
            return
        prefix = _rel(self.root, base) + "/"
        for below in walk_files(base):
            if not below.endswith((".yaml", ".yml")):
                continue
            path, rel = base / below, prefix + below
            if below.endswith(".yml") or not re.fullmatch(layout, below):
                self.findings.append(
                    error(
                        "V9", rel, 1, f"{hint}；修正：移動或改名（檔名也是網址，只用小寫字母、數字和「-」）"
                    )
                )
                continue
            yield path, rel, tuple(below.split("/"))

    def record(
        self, path: Path, schema: Field, label: Callable[[object], str]
    ) -> tuple[Source, list[Finding], Report]:
        """Read and schema-check one record; `report` adds cross-field findings to the same list."""
        src = self.read(path)
        found: list[Finding] = []
        if not src.ok:
            return src, found, lambda *a: None
        record = label(src.data) if isinstance(src.data, dict) else path.stem
        found += validate_record(schema, src.data, src.rel, record)

        def report(rule: str, line: int, message: str) -> None:
            found.append(error(rule, src.rel, line, message, record))

        return src, found, report

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
        report = self.report_to(src.rel)
        items = []
        for i, item in enumerate(src.data):
            if Validator(report).value(schema, item, f"[{i + 1}]", getattr(item, "line", 1)):
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
            result[item["id"]] = Department(
                item["id"],
                item["name"].strip(),
                item["kind"],
                tuple(item.get("duties") or ()),
                item.get("website"),
            )
        self.departments = result
        return result

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
            periods.append(Period(item["name"].strip(), item["start"], item["end"]))
        return periods

    def read_calendar(self) -> WorkCalendar:
        holidays, workdays, years = set(), set(), set()
        for path, _rel_path, _ in self.files(
            "holidays", r"\d{4}\.yaml", "節假日檔案應為 holidays/<年份>.yaml"
        ):
            src, found, report = self.record(path, HOLIDAYS, lambda d: str(d.get("year", "")))
            if src.ok and not found:
                year = src.data["year"]
                if path.stem != str(year):
                    report("V9", src.data.line_of("year"), f"檔名與 year 不一致；修正：檔名改為 {year}.yaml")
                for key, target in (("holidays", holidays), ("workdays", workdays)):
                    for day in src.data.get(key) or ():
                        if day.year != year:
                            report(
                                "V5",
                                src.data.line_of(key),
                                f"{key} 中的 {day} 不屬於 {year} 年；修正：移到 {day.year}.yaml",
                            )
                        target.add(day)
            if self.keep(src, found):
                years.add(src.data["year"])
        return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(years))

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
        result: list[Decision] = []
        numbers: dict[str, str] = {}
        industries = self.read_industries()
        hint = "處罰決定書應放在 decisions/<年份>/<編號>.yaml，如 decisions/2026/yjj-2026-012.yaml"
        for path, rel, parts in self.files("decisions", r"\d{4}/[a-z0-9]+(-[a-z0-9]+)*\.yaml", hint):
            src, found, report = self.record(path, DECISION, lambda d: str(d.get("number") or ""))
            data = src.data
            if src.ok and isinstance(data, Mapping):
                check_decision(data, report)
                self._decision_refs(data, industries, report)
                decided = data.get("decided")
                if isinstance(decided, dt.date) and str(decided.year) != parts[0]:
                    report(
                        "V9",
                        data.line_of("decided"),
                        f"決定日期 {decided} 屬於 {decided.year} 年，檔案卻在 decisions/{parts[0]}/；"
                        f"修正：移到 decisions/{decided.year}/",
                    )
                self.department_ref(data, "department", report)
                number = data.get("number")
                if isinstance(number, str) and number.strip():
                    first = numbers.setdefault(number.strip(), rel)
                    if first != rel:
                        report("V7", data.line_of("number"), f"文號與 {first} 重複；修正：核對文號")
            if self.keep(src, found):
                result.append(Decision.from_data(path.stem, rel, data))
        return result

    def _decision_refs(self, data: Mapping, industries: set[str] | None, report: Report) -> None:
        """References out of a decision: the county's industry list, attachment files."""
        industry = data.get("industry")
        if industries is not None and isinstance(industry, str) and industry.strip() not in industries:
            report(
                "V6",
                data.line_of("industry"),
                f"行業「{industry}」不在 industries.yaml 中{did_you_mean(industry, list(industries))}；"
                "修正：使用清單中的名稱",
            )
        for item in data.get("attachments") or ():
            file = item.get("file") if isinstance(item, Mapping) else None
            if isinstance(file, str) and not (self.root / "content" / "attachments" / file).is_file():
                report(
                    "V6",
                    item.line_of("file"),
                    f"附件 content/attachments/{file} 不存在；修正：把檔案放到該位置或改正路徑",
                )

    # -- blacklists ------------------------------------------------------------------

    def read_blacklists(self, numbers: set[str]) -> list[Blacklist]:
        result = []
        hint = "季度黑名單應放在 blacklists/<年>-q<季>/<部門代號>.yaml，如 blacklists/2026-q1/yjj.yaml"
        for path, rel, parts in self.files("blacklists", r"\d{4}-q[1-4]/[a-z0-9]+\.yaml", hint):
            src, found, report = self.record(path, BLACKLIST, lambda d: str(d.get("quarter") or ""))
            data = src.data
            if src.ok and isinstance(data, Mapping):
                quarter = data.get("quarter")
                if isinstance(quarter, str) and quarter.strip().lower() != parts[0] and not found:
                    report(
                        "V9",
                        data.line_of("quarter"),
                        f"季度 {quarter} 與資料夾 {parts[0]} 不符；修正：移到 blacklists/{quarter.strip().lower()}/",
                    )
                self._same_as_stem(data, "department", path, report)
                self.department_ref(data, "department", report)
                self._entries(data, numbers, report)
            if self.keep(src, found):
                result.append(Blacklist.from_data(rel, data, self.config.blacklist_term_years))
        return result

    def _same_as_stem(self, data: Mapping, key: str, path: Path, report: Report) -> None:
        value = data.get(key)
        if isinstance(value, str) and value != path.stem:
            report(
                "V9", data.line_of(key), f"{key} {value} 與檔名 {path.name} 不符；修正：檔名應為 {value}.yaml"
            )

    def _entries(self, data: Mapping, numbers: set[str], report: Report) -> None:
        """Rules of entries that the schema cannot say: parties, dates in order, references."""
        entries = data.get("entries")
        if not isinstance(entries, list):
            return
        seen: dict[tuple, int] = {}
        for i, e in enumerate(entries):
            if not isinstance(e, Mapping):
                continue
            where = f"entries[{i + 1}]"
            party = e.get("party")
            if isinstance(party, Mapping):
                check_party(party, f"{where}.party", report)
                if party.get("type") == "individual":
                    report(
                        "V2", party.line_of("type"), f"{where}：黑名單只列入組織和個體工商戶，不列入自然人"
                    )
            listed, until, removed = e.get("listed"), e.get("until"), e.get("removed")
            if isinstance(listed, dt.date):
                if isinstance(until, dt.date) and until < listed:
                    report(
                        "V5",
                        e.line_of("until"),
                        f"{where}：管理期限 {until} 早於列入日期 {listed}；修正：核對日期，或刪除 until 使用預設期限",
                    )
                if (
                    isinstance(removed, Mapping)
                    and isinstance(removed.get("date"), dt.date)
                    and removed["date"] < listed
                ):
                    report(
                        "V5",
                        removed.line_of("date"),
                        f"{where}：移出日期 {removed['date']} 早於列入日期 {listed}",
                    )
                if isinstance(party, Mapping):
                    key = (party.get("credit_code") or party.get("name"), listed)
                    if key in seen:
                        report(
                            "V7",
                            e.line,
                            f"{where} 與第 {seen[key]} 項重複（同一當事人、同一列入日期）；修正：刪除重複的一項",
                        )
                    seen.setdefault(key, i + 1)
            for number in e.get("decisions") or ():
                if isinstance(number, str) and number.strip() not in numbers:
                    report(
                        "V6",
                        e.line_of("decisions"),
                        f"{where}：處罰決定書「{number}」不存在{did_you_mean(number, list(numbers))}；"
                        "修正：填寫已公示決定書的文號",
                    )

    # -- accidents and monthly warnings ---------------------------------------------------

    def read_accidents(self) -> list[Accident]:
        result = []
        hint = "歷史事故應放在 accidents/<編號>.yaml，如 accidents/2014-05-12-coal-mine-gas-explosion.yaml"
        for path, rel, _ in self.files("accidents", r"[a-z0-9]+(-[a-z0-9]+)*\.yaml", hint):
            src, found, _report = self.record(path, ACCIDENT, lambda d: str(d.get("title") or ""))
            if self.keep(src, found):
                result.append(Accident.from_data(path.stem, rel, src.data))
        return result

    def read_warnings(self, accident_ids: set[str]) -> list[MonthlyWarning]:
        result = []
        hint = "一月一警示應放在 warnings/<年>-<月>.yaml，如 warnings/2026-05.yaml"
        for path, rel, _ in self.files("warnings", r"\d{4}-\d{2}\.yaml", hint):
            src, found, report = self.record(path, WARNING, lambda d: str(d.get("month") or ""))
            data = src.data
            if src.ok and isinstance(data, Mapping):
                month = data.get("month")
                if isinstance(month, str) and month.strip() != path.stem and not found:
                    report(
                        "V9",
                        data.line_of("month"),
                        f"月份 {month} 與檔名 {path.name} 不符；修正：檔名應為 {month.strip()}.yaml",
                    )
                for aid in data.get("accidents") or ():
                    if isinstance(aid, str) and aid not in accident_ids:
                        report(
                            "V6",
                            data.line_of("accidents"),
                            f"事故「{aid}」不存在{did_you_mean(aid, list(accident_ids))}；修正：使用 accidents/ 中的檔名",
                        )
            if self.keep(src, found):
                result.append(MonthlyWarning.from_data(rel, data))
        return result

    # -- actions and plans -----------------------------------------------------------------

    def read_actions(self) -> list[Action]:
        result = []
        hint = "專項行動應放在 actions/<編號>.yaml，如 actions/2026-01-hazardous-chemicals.yaml"
        for path, rel, _ in self.files("actions", r"[a-z0-9]+(-[a-z0-9]+)*\.yaml", hint):
            src, found, report = self.record(path, ACTION, lambda d: str(d.get("title") or ""))
            data = src.data
            if src.ok and isinstance(data, Mapping):
                start, end = data.get("start"), data.get("end")
                if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
                    report("V5", data.line_of("end"), f"結束日期 {end} 早於開始日期 {start}；修正：核對日期")
                self.department_ref(data, "lead", report)
                for dept in data.get("departments") or ():
                    if isinstance(dept, str) and self.departments and dept not in self.departments:
                        report(
                            "V6",
                            data.line_of("departments"),
                            f"departments 中的「{dept}」不是已知部門；修正：使用 departments.yaml 中的代號",
                        )
                results = data.get("results")
                counts = (
                    (results.get("rectified"), results.get("hazards")) if isinstance(results, Mapping) else ()
                )
                if all(isinstance(x, int) for x in counts) and counts and counts[0] > counts[1]:
                    report("V5", results.line_of("rectified"), "已整改隱患多於發現隱患；修正：核對數字")
                for i, e in enumerate(data.get("exposures") or (), start=1):
                    if isinstance(e, Mapping):
                        self._exposure(e, f"exposures[{i}]", report)
            if self.keep(src, found):
                result.append(Action.from_data(path.stem, rel, data))
        return result

    def _exposure(self, e: Mapping, where: str, report: Report) -> None:
        if e.get("subject_type") == "enterprise":
            if not isinstance(e.get("party"), Mapping):
                report(
                    "V3",
                    e.line,
                    f"{where}：曝光企業時必須填寫 party（當事人）；修正：加上 party: {{type, name, credit_code}}",
                )
            else:
                check_party(e["party"], f"{where}.party", report)
        elif e.get("subject_type") == "official":
            for key, title in (
                ("department", "所屬部門"),
                ("subject", "曝光對象名稱"),
                ("conduct", "問題類型"),
            ):
                if not e.get(key):
                    report(
                        "V3",
                        e.line,
                        f"{where}：曝光執法人員時必須填寫 {key}（{title}）；修正：加上「{key}: …」",
                    )
            self.department_ref(e, "department", report, f"{where}.")

    def read_plans(self) -> list[Plan]:
        result = []
        hint = "年度執法計劃應放在 plans/<年份>/<部門代號>.yaml，如 plans/2026/yjj.yaml"
        for path, rel, parts in self.files("plans", r"\d{4}/[a-z0-9]+\.yaml", hint):
            src, found, report = self.record(
                path, PLAN, lambda d: f"{d.get('year', '')} {d.get('department', '')}"
            )
            data = src.data
            if src.ok and isinstance(data, Mapping):
                year = data.get("year")
                if isinstance(year, int) and str(year) != parts[0]:
                    report(
                        "V9",
                        data.line_of("year"),
                        f"年度 {year} 與資料夾 plans/{parts[0]}/ 不符；修正：移到 plans/{year}/",
                    )
                self._same_as_stem(data, "department", path, report)
                self.department_ref(data, "department", report)
                approved, published = data.get("approved"), data.get("published")
                if isinstance(approved, dt.date) and isinstance(published, dt.date) and published < approved:
                    report(
                        "V5",
                        data.line_of("published"),
                        f"公布日期 {published} 早於批准日期 {approved}；修正：核對日期",
                    )
                for i, f in enumerate(data.get("fixed_point") or (), start=1):
                    if isinstance(f, Mapping) and isinstance(f.get("party"), Mapping):
                        check_party(f["party"], f"fixed_point[{i}].party", report)
            if self.keep(src, found):
                result.append(Plan.from_data(rel, data))
        return result
