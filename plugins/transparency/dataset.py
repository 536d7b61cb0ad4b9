"""The pipeline without rendering: load → validate → models → git dates → checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .checks import Publication
from .findings import Finding, error, warning
from .gitdates import GitHistory, read_history
from .load import Mapping, Source, read_source
from .models import Blacklist, Decision, Department, Period
from .schema import BLACKLIST, DECISION, DEPARTMENT, HOLIDAYS, PERIOD
from .settings import Config
from .validate import ID_PATTERN, Validator, check_decision_rules, check_party, validate_record
from .workdays import WorkCalendar

RULE_GROUPS = {
    "D1": "decisions",
    "D2": "decisions",
    "H1": "decisions",
    "V11": "decisions",
    "B1": "blacklists",
    "B2": "blacklists",
}


@dataclass
class Dataset:
    """Everything the site is built from, valid records only."""

    root: Path
    config: Config
    today: dt.date
    departments: dict[str, Department] = field(default_factory=dict)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    decisions: list[Decision] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    blacklists: list[Blacklist] = field(default_factory=list)
    publications: dict[str, Publication] = field(default_factory=dict)
    history: GitHistory = field(default_factory=GitHistory)
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def published_decisions(self) -> list[Decision]:
        """Rendered, listed and indexed: not drafts, not revoked; newest first."""
        return sorted(
            (d for d in self.decisions if not d.draft and not d.is_revoked),
            key=lambda d: (d.decided, d.number),
            reverse=True,
        )

    @property
    def revoked_decisions(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_revoked and not d.draft]

    @property
    def published_blacklists(self) -> list[Blacklist]:
        return sorted((b for b in self.blacklists if not b.draft), key=lambda b: (b.quarter, b.department))


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

    def read(self, path: Path) -> Source:
        src = read_source(path, self.root)
        self.sources[src.rel] = src
        self.findings.extend(src.findings)
        return src

    def report_to(self, rel: str, record: str = ""):
        def report(rule: str, line: int, message: str) -> None:
            self.findings.append(error(rule, rel, line, message, record))

        return report

    def departments(self) -> dict[str, Department]:
        path = self.data / "departments.yaml"
        rel = _rel(self.root, path)
        if not path.exists():
            self.findings.append(error("V1", rel, 0, "缺少部門清單；修正：新增 departments.yaml，列出各部門"))
            return {}
        src = self.read(path)
        if not src.ok:
            return {}
        if not isinstance(src.data, list):
            self.findings.append(error("V2", rel, 1, "部門清單應為清單（每個部門以「- 」開頭）"))
            return {}
        result: dict[str, Department] = {}
        report = self.report_to(rel)
        for i, item in enumerate(src.data):
            line = getattr(item, "line", 1)
            if not Validator(report).value(DEPARTMENT, item, f"[{i + 1}]", line):
                continue
            if item["id"] in result:
                report("V2", item.line_of("id"), f"部門代號「{item['id']}」重複")
                continue
            result[item["id"]] = Department(
                item["id"],
                item["name"].strip(),
                item["kind"],
                tuple(item.get("duties") or ()),
                item.get("website"),
            )
        return result

    def calendar(self) -> WorkCalendar:
        holidays, workdays, years = set(), set(), set()
        for path in sorted((self.data / "holidays").glob("*.yaml")):
            src = self.read(path)
            rel = src.rel
            if not src.ok:
                continue
            found = validate_record(HOLIDAYS, src.data, rel)
            self.findings.extend(found)
            if found:
                continue
            year = src.data["year"]
            if path.stem != str(year):
                self.findings.append(
                    error("V9", rel, src.data.line_of("year"), f"檔名應為 {year}.yaml（與 year 一致）")
                )
                continue
            days = {"holidays": holidays, "workdays": workdays}
            for key, target in days.items():
                for day in src.data.get(key) or ():
                    if day.year != year:
                        self.findings.append(
                            error("V5", rel, src.data.line_of(key), f"{key} 中的 {day} 不屬於 {year} 年")
                        )
                    target.add(day)
            years.add(year)
        return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(years))

    def industries(self) -> set[str] | None:
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

    def references(self, data: Mapping, industries: set[str] | None, report) -> None:
        """References out of a decision: industry list, attachment files."""
        industry = data.get("industry")
        if industries is not None and isinstance(industry, str) and industry.strip() not in industries:
            report(
                "V6",
                data.line_of("industry"),
                f"行業「{industry}」不在 industries.yaml 中{_suggest(industry, industries)}；修正：使用清單中的名稱",
            )
        for item in data.get("attachments") or ():
            file = item.get("file") if isinstance(item, Mapping) else None
            if isinstance(file, str) and not (self.root / "content" / "attachments" / file).is_file():
                report(
                    "V6",
                    item.line_of("file"),
                    f"附件 content/attachments/{file} 不存在；修正：把檔案放到該位置或改正路徑",
                )

    def decisions(self, departments: dict[str, Department]) -> list[Decision]:
        base = self.data / "decisions"
        result: list[Decision] = []
        numbers: dict[str, str] = {}
        industries = self.industries()
        for path in sorted(base.rglob("*")) if base.exists() else ():
            if path.is_dir():
                continue
            rel = _rel(self.root, path)
            parts = path.relative_to(base).parts
            if path.suffix not in (".yaml", ".yml"):
                continue
            if path.suffix == ".yml" or len(parts) != 2 or not re.fullmatch(r"\d{4}", parts[0]):
                self.findings.append(
                    error(
                        "V9",
                        rel,
                        0,
                        "處罰決定書應放在 decisions/<年份>/<編號>.yaml；修正：移動或改名",
                    )
                )
                continue
            rid = path.stem
            src = self.read(path)
            if not src.ok:
                continue
            if not ID_PATTERN.fullmatch(rid):
                self.findings.append(
                    error("V9", rel, 0, f"檔名「{rid}」只能用小寫字母、數字和「-」，它也是網址；修正：改名")
                )
                continue
            data = src.data
            number = data.get("number") if isinstance(data, dict) else None
            record = number if isinstance(number, str) else rid
            found = validate_record(DECISION, data, rel, record)
            report_list: list[Finding] = []

            def report(rule: str, line: int, message: str, _rel=rel, _rec=record, _out=report_list) -> None:
                _out.append(error(rule, _rel, line, message, _rec))

            if isinstance(data, Mapping):
                if isinstance(data.get("party"), Mapping):
                    check_party(data["party"], "party", report)
                check_decision_rules(data, report)
                self.references(data, industries, report)
                decided = data.get("decided")
                if isinstance(decided, dt.date) and str(decided.year) != parts[0]:
                    report(
                        "V9",
                        data.line_of("decided"),
                        f"決定日期 {decided} 屬於 {decided.year} 年，檔案卻在 decisions/{parts[0]}/；"
                        f"修正：移到 decisions/{decided.year}/",
                    )
                dept = data.get("department")
                if isinstance(dept, str) and departments and dept not in departments:
                    report(
                        "V6",
                        data.line_of("department"),
                        f"部門「{dept}」不存在{_suggest(dept, departments)}；修正：使用 departments.yaml 中的代號",
                    )
                if isinstance(number, str) and number.strip():
                    first = numbers.setdefault(number.strip(), rel)
                    if first != rel:
                        report("V7", data.line_of("number"), f"文號與 {first} 重複；修正：核對文號")
            found += report_list
            self.findings.extend(found)
            if not found:
                result.append(Decision.from_data(rid, rel, data))
        return result

    def programme(self) -> list[Period]:
        path = self.data / "programme.yaml"
        if not path.exists():
            return []
        src = self.read(path)
        if not src.ok:
            return []
        if not isinstance(src.data, list):
            self.findings.append(error("V2", src.rel, 1, "programme.yaml 應為清單（每個期間以「- 」開頭）"))
            return []
        report = self.report_to(src.rel)
        periods = []
        for i, item in enumerate(src.data):
            if not Validator(report).value(PERIOD, item, f"[{i + 1}]", getattr(item, "line", 1)):
                continue
            if item["end"] < item["start"]:
                report("V5", item.line_of("end"), f"結束日期 {item['end']} 早於開始日期 {item['start']}")
                continue
            periods.append(Period(item["name"].strip(), item["start"], item["end"]))
        return periods

    def blacklists(self, departments: dict[str, Department], numbers: dict[str, Decision]) -> list[Blacklist]:
        base = self.data / "blacklists"
        result = []
        for path in sorted(base.rglob("*")) if base.exists() else ():
            if path.is_dir() or path.suffix not in (".yaml", ".yml"):
                continue
            rel = _rel(self.root, path)
            parts = path.relative_to(base).parts
            if path.suffix == ".yml" or len(parts) != 2 or not re.fullmatch(r"\d{4}-q[1-4]", parts[0]):
                self.findings.append(
                    error(
                        "V9",
                        rel,
                        0,
                        "季度黑名單應放在 blacklists/<年>-q<季>/<部門代號>.yaml，如 blacklists/2026-q1/yjj.yaml",
                    )
                )
                continue
            src = self.read(path)
            if not src.ok:
                continue
            data = src.data
            quarter = data.get("quarter") if isinstance(data, dict) else None
            record = str(quarter or parts[0])
            found = validate_record(BLACKLIST, data, rel, record)
            report = self.report_to(rel, record)
            before = len(self.findings)
            if isinstance(data, Mapping):
                if isinstance(quarter, str) and quarter.strip().lower() != parts[0] and not found:
                    report(
                        "V9",
                        data.line_of("quarter"),
                        f"季度 {quarter} 與資料夾 {parts[0]} 不符；修正：移到 blacklists/{quarter.strip().lower()}/",
                    )
                dept = data.get("department")
                if isinstance(dept, str) and dept != path.stem:
                    report(
                        "V9",
                        data.line_of("department"),
                        f"部門 {dept} 與檔名 {path.name} 不符；修正：檔名應為 {dept}.yaml",
                    )
                if isinstance(dept, str) and departments and dept not in departments:
                    report(
                        "V6", data.line_of("department"), f"部門「{dept}」不存在{_suggest(dept, departments)}"
                    )
                self._entries(data, numbers, report)
            self.findings.extend(found)
            if not found and len(self.findings) == before:
                result.append(Blacklist.from_data(rel, data, self.config.blacklist_term_years))
        return result

    def _entries(self, data: Mapping, numbers: dict[str, Decision], report) -> None:
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
                    report("V5", e.line_of("until"), f"{where}：管理期限 {until} 早於列入日期 {listed}")
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
                        report("V7", e.line, f"{where} 與第 {seen[key]} 項重複（同一當事人、同一列入日期）")
                    seen.setdefault(key, i + 1)
            for number in e.get("decisions") or ():
                if isinstance(number, str) and number.strip() not in numbers:
                    report(
                        "V6",
                        e.line_of("decisions"),
                        f"{where}：處罰決定書「{number}」不存在{_suggest(number, numbers)}；修正：填寫已公示決定書的文號",
                    )


def check_party_names(decisions: list[Decision], lists: list[Blacklist]) -> list[Finding]:
    """V12: one credit code, one name, across every record that names a party."""
    first: dict[str, tuple[str, str]] = {}
    found = []
    places = [(d.party, d.path, d.line_of("party"), d.number) for d in decisions]
    places += [(e.party, b.path, e.line, str(b.quarter)) for b in lists for e in b.entries]
    for party, path, line, record in places:
        if not party.credit_code:
            continue
        name, where = first.setdefault(party.credit_code, (party.name, path))
        if name != party.name:
            found.append(
                error(
                    "V12",
                    path,
                    line,
                    f"統一社會信用代碼 {party.credit_code} 的名稱是「{party.name}」，但 {where} 寫的是「{name}」；"
                    "修正：核對代碼；企業更名的，各記錄統一使用現名稱",
                    record,
                )
            )
    return found


def _suggest(word: str, options: Iterable[str]) -> str:
    from .validate import did_you_mean

    return did_you_mean(word, list(options))


def publications(decisions: list[Decision], history: GitHistory, today: dt.date) -> dict[str, Publication]:
    """Publication date of each record: explicit, else first non-draft commit, else today."""
    result = {}
    for d in decisions:
        file = history.get(d.path)
        first = file.first_published if file else None
        last = file.last_changed if file else None
        if d.draft:
            result[d.path] = Publication(None, "draft", first, last)
        elif d.published:
            result[d.path] = Publication(d.published, "explicit", first, last)
        elif first:
            result[d.path] = Publication(first, "git", first, last)
        else:
            result[d.path] = Publication(today, "today", None, last)
    return result


def _git_findings(records, history: GitHistory, config: Config) -> list[Finding]:
    needs_git = [d for d in records if not d.draft and not d.published]
    if not needs_git:
        return []
    if history.shallow:
        return [
            error(
                "G1",
                config.data_path,
                0,
                f"倉庫是淺克隆（shallow clone），無法判斷 {len(needs_git)} 條未填 published 的記錄何時公示；"
                "修正：以完整歷史克隆（git fetch --unshallow，CI 中設 fetch-depth: 0）",
            )
        ]
    if not history.available:
        return [
            warning(
                "G1",
                config.data_path,
                0,
                f"無法讀取 git 歷史（{history.problem}），{len(needs_git)} 條未填 published 的記錄以今天為公示日期",
            )
        ]
    return []


def load_dataset(
    root: Path, config: Config, today: dt.date, rules: set[str] | None = None
) -> tuple[Dataset, list[Finding]]:
    """Read, validate and check everything under the data folder; never raises on bad data."""
    root = root.resolve()
    loader = Loader(root, config)
    ds = Dataset(root, config, today)
    ds.departments = loader.departments()
    ds.calendar = loader.calendar()
    ds.decisions = loader.decisions(ds.departments)
    ds.periods = loader.programme()
    numbers = {d.number: d for d in ds.decisions}
    ds.blacklists = loader.blacklists(ds.departments, numbers)
    ds.sources = loader.sources
    findings = loader.findings + check_party_names(ds.decisions, ds.blacklists)
    records = [*ds.decisions, *ds.blacklists]
    if config.use_git:
        current = {r.path: (loader.sources[r.path].blob, r.draft) for r in records}
        ds.history = read_history(root, config.data_path, current, config.timezone, config.branch)
        findings += _git_findings(records, ds.history, config)
    ds.publications = publications(records, ds.history, today)
    groups = {RULE_GROUPS.get(r, r) for r in rules} if rules else None
    if groups is None or "decisions" in groups:
        findings += checks.check_decisions(ds.decisions, ds.publications, ds.calendar, config, today)
    if groups is None or "blacklists" in groups:
        findings += checks.check_blacklists(
            ds.blacklists, ds.departments, ds.periods, ds.publications, ds.calendar, config, today
        )
        findings += checks.check_continuity(ds.blacklists)
    if rules:
        findings = [f for f in findings if f.rule in rules or f.rule.startswith("V")]
    return ds, findings
