"""The pipeline without rendering: read records → git dates → checks. Never raises on bad data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, content, kinds, privacy, publicity
from .checks import Publication
from .findings import Finding, error, warning
from .gitdates import GitHistory, clock_findings, read_history, removed_records
from .load import ParseLimits, Source
from .models import (
    Accident,
    Action,
    Blacklist,
    Decision,
    Department,
    MonthlyWarning,
    Party,
    Period,
    Plan,
    same_period,
)
from .normalize import fold, number_parts
from .records import Loader, url_of_path
from .settings import Config
from .workdays import WorkCalendar


def deadline_rules() -> tuple:
    """Every kind's deadline declaration (kinds/<kind>.py `DEADLINES`), in the order of kinds.MODULES."""
    return tuple(m.DEADLINES for m in kinds.MODULES if getattr(m, "DEADLINES", None) is not None)


# Which group of checks produces each rule, so that one rule can run on its own (the kinds' declarations).
RULE_GROUPS = {rule: dl.group for dl in deadline_rules() for rule in dl.rules}


@dataclass
class Dataset:
    """Everything the site is built from, valid records only."""

    root: Path
    config: Config
    today: dt.date
    departments: dict[str, Department] = field(default_factory=dict)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    periods: list[Period] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    blacklists: list[Blacklist] = field(default_factory=list)
    accidents: list[Accident] = field(default_factory=list)
    warnings: list[MonthlyWarning] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    publications: dict[str, Publication] = field(default_factory=dict)
    withdrawals: dict[str, Publication] = field(default_factory=dict)
    history: GitHistory = field(default_factory=GitHistory)
    sources: dict[str, Source] = field(default_factory=dict)
    incomplete_drafts: list[checks.DraftDeadline] = field(default_factory=list)

    @property
    def records(self) -> list:
        """Every record that has a publication date of its own."""
        return [
            *self.decisions,
            *self.blacklists,
            *self.accidents,
            *self.warnings,
            *self.actions,
            *self.plans,
        ]

    @property
    def published_decisions(self) -> list[Decision]:
        """Rendered, listed and indexed: not drafts, not revoked, within their publicity period (公示期限,
        publicity.py) today; newest first."""
        return sorted(
            (d for d in self.decisions if not d.draft and not d.is_revoked and self.is_public(d)),
            key=lambda d: (d.decided, d.number),
            reverse=True,
        )

    def is_public(self, decision: Decision) -> bool:
        """Within its publicity period today: not yet expired, not ended by a credit repair."""
        return publicity.is_public(decision, self.config, self.today)

    def ending(self, decision: Decision) -> publicity.Ending | None:
        return publicity.ending(decision, self.config)

    @property
    def taken_down_decisions(self) -> list[Decision]:
        """Published once, now past their publicity period or credit-repaired (not drafts, not revoked):
        their page is a short notice and they leave every list, feed, search and export."""
        return [d for d in self.decisions if not d.draft and not d.is_revoked and not self.is_public(d)]

    @property
    def revoked_decisions(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_revoked and not d.draft]

    @property
    def published_blacklists(self) -> list[Blacklist]:
        return sorted((b for b in self.blacklists if not b.draft), key=lambda b: (b.quarter, b.department))

    @property
    def published_accidents(self) -> list[Accident]:
        return sorted((a for a in self.accidents if not a.draft), key=lambda a: (a.date, a.id), reverse=True)

    @property
    def published_warnings(self) -> list[MonthlyWarning]:
        return sorted((w for w in self.warnings if not w.draft), key=lambda w: w.month, reverse=True)

    @property
    def published_actions(self) -> list[Action]:
        return sorted((a for a in self.actions if not a.draft), key=lambda a: (a.start, a.id), reverse=True)

    @property
    def published_plans(self) -> list[Plan]:
        return sorted((p for p in self.plans if not p.draft), key=lambda p: (p.year, p.department))

    def warning_accidents(self, w: MonthlyWarning) -> list[Accident]:
        """The accidents a warning shows: its own list, else the same period of earlier years."""
        accidents = self.published_accidents
        if w.accident_ids is None:
            return same_period(w.month, accidents)
        by_id = {a.id: a for a in accidents}
        return [by_id[i] for i in w.accident_ids if i in by_id]


def check_party_names(parties: list[tuple[Party, str, int, str]]) -> list[Finding]:
    """V12: one credit code, one name, across every record that names a party."""
    first: dict[str, tuple[str, str]] = {}
    found = []
    for party, path, line, record in parties:
        if not party.credit_code:
            continue
        name, where = first.setdefault(party.credit_code, (party.name, path))
        if name != party.name and fold(name) != fold(party.name):  # the other script or width: the same name
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


def check_department_codes(ds: Dataset) -> list[Finding]:
    """V3: a department with a published decision has its own credit code (the national upload file's
    處罰機關 and 數據來源單位 統一社會信用代碼)."""
    counts: dict[str, int] = {}
    for d in ds.published_decisions:
        counts[d.department] = counts.get(d.department, 0) + 1
    path = f"{ds.config.data_path.strip('/')}/departments.yaml"
    found = []
    for dept_id, count in counts.items():
        dept = ds.departments.get(dept_id)
        if dept is None or dept.credit_code:
            continue  # an unknown department is V6
        found.append(
            error(
                "V3",
                path,
                dept.line,
                f"部門「{dept.id}」（{dept.name}）有 {count} 件已公示的處罰決定，但缺少 credit_code"
                "（統一社會信用代碼），全國雙公示上報文件的處罰機關和數據來源單位代碼無從填寫；"
                "修正：在該部門下加一行 credit_code:，照部門的統一社會信用代碼證書抄寫 18 位（機關以 11 開頭）",
            )
        )
    return found


_FILE_ID = re.compile(r"(?P<dept>[a-z0-9]+)-(?P<year>\d{4})-(?P<seq>\d+)")


def check_file_names(decisions: list[Decision], history: GitHistory) -> list[Finding]:
    """V9: a decision file named <dept>-<year>-<seq>.yaml agrees with its department and number.

    Not yet published: an error, renaming the file (or correcting the number) is the fix. Published:
    renaming would take its address down (U1), so a warning that asks to check the number."""
    found = []
    for d in decisions:
        m = _FILE_ID.fullmatch(Path(d.path).stem)
        parts = number_parts(d.number)
        if not m or not parts:
            continue
        year, seq = parts
        why = []
        if m["dept"] != d.department:
            why.append(f"部門代號 {m['dept']}，記錄的 department 是 {d.department}")
        if int(m["year"]) != year:
            why.append(f"年份 {m['year']}，文號是〔{year}〕")
        if int(m["seq"]) != seq:
            why.append(f"序號 {m['seq']}，文號是 {seq} 號")
        if not why:
            continue
        name = f"{d.department}-{year}-{seq:03d}.yaml"
        what = f"文件名 {Path(d.path).name} 與文號「{d.number.strip()}」不符（文件名中{'；'.join(why)}）"
        file = history.get(d.path)
        if file and file.first_published:
            fix = "已公示的記錄不能改名（網址會消失）；修正：核對文號和 department，寫錯的更正；都正確的，保留文件名"
            found.append(warning("V9", d.path, d.line_of("number"), f"{what}；{fix}", d.number))
        else:
            fix = f"修正：文號正確的，把文件改名為 {name}；文號寫錯的，更正文號"
            found.append(error("V9", d.path, d.line_of("number"), f"{what}；{fix}", d.number))
    return found


def named_parties(ds: Dataset) -> list[tuple[Party, str, int, str]]:
    """Every (party, file, line, record) in the data, for V12."""
    places = [(d.party, d.path, d.line_of("party"), d.number) for d in ds.decisions]
    places += [(e.party, b.path, e.line, str(b.quarter)) for b in ds.blacklists for e in b.entries]
    places += [(e.party, a.path, e.line, a.title) for a in ds.actions for e in a.exposures if e.party]
    places += [
        (f.party, p.path, p.line_of("fixed_point"), str(p.year)) for p in ds.plans for f in p.fixed_point
    ]
    return places


def publications(records, history: GitHistory, today: dt.date) -> dict[str, Publication]:
    """Publication date of each record, by path: explicit, else first non-draft commit, else today."""
    result = {}
    for d in records:
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


def withdrawals(decisions: list[Decision], history: GitHistory, today: dt.date) -> dict[str, Publication]:
    """When each revoked decision was withdrawn: explicit, else the revoked version on the branch, else today."""
    result = {}
    for d in decisions:
        if not d.is_revoked:
            continue
        file = history.get(d.path)
        seen = file.first_revoked if file else None
        if d.revoked.withdrawn:
            result[d.path] = Publication(d.revoked.withdrawn, "explicit", seen)
        elif seen:
            result[d.path] = Publication(seen, "git", seen)
        else:
            result[d.path] = Publication(today, "today")
    return result


def _git_findings(records, history: GitHistory, config: Config) -> list[Finding]:
    # Accidents carry no deadline: their publication date only labels the page.
    needs_git = [d for d in records if not d.draft and not d.published and not isinstance(d, Accident)]
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


def _flags(record) -> frozenset[str]:
    flags = {"draft"} if record.draft else set()
    if getattr(record, "is_revoked", False):
        flags.add("revoked")
    return frozenset(flags)


def load_dataset(
    root: Path, config: Config, today: dt.date, rules: set[str] | None = None
) -> tuple[Dataset, list[Finding]]:
    """Read, validate and check everything under the data folder."""
    root = root.resolve()
    loader = Loader(root, config)
    loader.check_layout()
    ds = Dataset(root, config, today)
    ds.departments = loader.read_departments()
    ds.calendar = loader.read_calendar()
    ds.periods = loader.read_programme()
    ds.decisions = loader.read_decisions()
    ds.blacklists = loader.read_blacklists({d.number for d in ds.decisions})
    ds.accidents = loader.read_accidents()
    ds.warnings = loader.read_warnings({a.id for a in ds.accidents})
    ds.actions = loader.read_actions()
    ds.plans = loader.read_plans()
    loader.parse_cache.save()
    ds.sources = loader.sources
    ds.incomplete_drafts = [
        d
        for src in loader.incomplete_drafts
        if (d := checks.incomplete_draft_deadline(src.rel, src.data, ds.calendar, config))
    ]
    findings = (
        loader.findings + check_party_names(named_parties(ds)) + privacy.scan_data(loader.sources.values())
    )
    findings += content.check_content(root, config)  # C1, PII: content/ pages and attachments
    records = ds.records
    if config.use_git:
        current = {r.path: (loader.sources[r.path].blob, _flags(r)) for r in records}
        ds.history = read_history(
            root,
            config.data_path,
            current,
            config.timezone,
            config.branch,
            max_bytes=config.max_file_bytes,
            limits=ParseLimits.of(config),
        )
        findings += _git_findings(records, ds.history, config)
        data_prefix = config.data_path.strip("/") + "/"
        drafts = {r.path for r in records if r.draft} | {s.rel for s in loader.incomplete_drafts}
        findings += removed_records(
            ds.history,
            root,
            {data_prefix + rel for rel in loader.tree},
            lambda rel: url_of_path(rel, config.data_path),
            drafts,
        )
        findings += clock_findings(ds.history, config.timezone)
    ds.publications = publications(records, ds.history, today)
    ds.withdrawals = withdrawals(ds.decisions, ds.history, today)
    findings += check_file_names(ds.decisions, ds.history)
    findings += check_department_codes(ds)

    groups = {RULE_GROUPS.get(r, r) for r in rules} if rules else set(RULE_GROUPS.values())
    for dl in deadline_rules():
        if dl.group in groups:
            findings += dl.check(ds)
    findings += checks.check_incomplete_drafts(ds.incomplete_drafts, config, today, ds.periods, ds.calendar)
    if rules:
        findings = [f for f in findings if f.rule in rules or f.rule.startswith("V")]
    return ds, _dedupe_h1(findings)


def _dedupe_h1(findings: list[Finding]) -> list[Finding]:
    """Several checks may miss the same year's calendar: one H1 line per file is enough."""
    seen, result = set(), []
    for f in findings:
        if f.rule == "H1":
            if f.path in seen:
                continue
            seen.add(f.path)
        result.append(f)
    return result
