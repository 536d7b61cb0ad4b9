"""Issue 19: every figure on the site can be recomputed from its open data alone (`invoke audit`).

The audit reads only output/data/ and the built pages; it passes on the demo, on the fixture site and on
a generated two-year history with revoked, late, declared and taken-down decisions, and it names a figure
edited on a page. Plus the datasets it needs: departments, holidays, programme, withdrawals, blacklist
events and every quarterly publication (empty lists too), exposures with ids, booleans true/false.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tools import synth
from tools.sites import build_with

ROOT = Path(__file__).resolve().parents[1]


def audit(output: Path) -> subprocess.CompletedProcess:
    """`python -m transparency audit OUTPUT` as a journalist would run it."""
    env = {"PYTHONPATH": str(ROOT / "plugins"), "PYTHONIOENCODING": "utf-8", "PATH": ""}
    return subprocess.run(
        [sys.executable, "-m", "transparency", "audit", str(output)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=output.parent,
    )


def data(site: Path, name: str) -> list[dict]:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def csv_rows(site: Path, name: str) -> list[dict]:
    with (site / "data" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo of 示範縣 on its own today (2026-12-02)."""
    from conftest import build_demo

    return build_demo(tmp_path_factory.mktemp("audit-demo") / "output", today="2026-12-02")


def test_audit_passes_on_the_demo(demo):
    result = audit(demo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "全部可由開放數據重算" in result.stderr
    checked = int(re.search(r"核對 (\d+) 個數字", result.stderr)[1])
    assert checked > 1000  # every table cell, chart bar and enterprise figure, not a sample


def test_audit_passes_on_the_fixture_site(built_site):
    result = audit(built_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_audit_names_an_altered_compliance_figure(demo, tmp_path):
    site = shutil.copytree(demo, tmp_path / "output")
    page = site / "compliance" / "index.html"
    html = page.read_text(encoding="utf-8")
    # The county's number of decisions due in the newest year's first table: one more than the truth.
    match = re.search(
        r'<tr data-owner="all" class="total"[^>]*>\s*<th[^>]*>.*?</th>\s*<td data-figure="due"[^>]*>(\d+)</td>',
        html,
    )
    assert match
    altered = html[: match.start(1)] + str(int(match[1]) + 1) + html[match.end(1) :]
    page.write_text(altered, encoding="utf-8")
    result = audit(site)
    assert result.returncode == 1
    assert (
        f"compliance/index.html：2026 年 decision 全縣合計 due 頁面顯示 {int(match[1]) + 1}，按開放數據重算為 {match[1]}"
        in result.stdout
    )


def test_audit_names_an_altered_chart_bar(demo, tmp_path):
    site = shutil.copytree(demo, tmp_path / "output")
    page = site / "compliance" / "index.html"
    html = page.read_text(encoding="utf-8")
    html, n = re.subn(
        r'(<tr data-label="8–11 日"[^>]*>.*?<td data-figure="value"[^>]*>)(\d+)件',
        lambda m: f"{m[1]}{int(m[2]) + 1}件",
        html,
        count=1,
    )
    assert n == 1
    page.write_text(html, encoding="utf-8")
    result = audit(site)
    assert result.returncode == 1
    assert "圖表 days「8–11 日」" in result.stdout


def test_audit_names_an_altered_enterprise_total(demo, tmp_path):
    site = shutil.copytree(demo, tmp_path / "output")
    company = next(e for e in data(site, "enterprises") if e["fines"] >= 10_000)
    page = site / "enterprises" / company["credit_code"] / "index.html"
    html = page.read_text(encoding="utf-8")
    shown = f"{company['fines']:,}元"
    edited = f"{company['fines'] + 1000:,}元"
    assert shown in html
    # The visible 罰款合計, as a reader sees it (the data-value hook left as it was).
    html = re.sub(r'(data-figure="fines"[^>]*>)' + re.escape(shown), lambda m: m[1] + edited, html, count=1)
    page.write_text(html, encoding="utf-8")
    result = audit(site)
    assert result.returncode == 1
    assert (
        f"enterprises/{company['credit_code']}/index.html：fines 頁面顯示 {company['fines'] + 1000}，"
        f"按開放數據重算為 {company['fines']}" in result.stdout
    )


def test_audit_names_a_figure_altered_in_the_other_script(demo, tmp_path):
    site = shutil.copytree(demo, tmp_path / "output")
    page = site / "zh-hans" / "compliance" / "index.html"
    html = page.read_text(encoding="utf-8")
    html, n = re.subn(
        r'(<td data-figure="due"[^>]*>)(\d+)', lambda m: f"{m[1]}{int(m[2]) + 1}", html, count=1
    )
    assert n == 1
    page.write_text(html, encoding="utf-8")
    result = audit(site)
    assert result.returncode == 1
    assert "zh-hans/compliance/index.html：第 1 個數字（與 compliance/index.html 對照）" in result.stdout


def test_audit_names_someone_missing_from_the_current_blacklist(demo, tmp_path):
    site = shutil.copytree(demo, tmp_path / "output")
    page = site / "blacklist" / "index.html"
    html = page.read_text(encoding="utf-8")
    section = html.index("data-current-blacklist")
    start = html.index("<tr data-department=", section)
    end = html.index("</tr>", start) + len("</tr>")
    page.write_text(html[:start] + html[end:], encoding="utf-8")
    result = audit(site)
    assert result.returncode == 1
    assert "blacklist/index.html：目前名單" in result.stdout and "未列出" in result.stdout


def test_audit_recounts_the_deadlines_from_the_holiday_dataset(demo, tmp_path):
    """A deadline that a holiday moved: without that holiday in the published calendar, the due date
    (and the verdict, if it was published in the extra days) no longer follow from the data."""
    site = shutil.copytree(demo, tmp_path / "output")
    holidays = data(site, "holidays")
    assert any(h["date"] == "2026-10-01" for h in holidays)
    kept = [h for h in holidays if not h["date"].startswith("2026-10")]  # the National Day week forgotten
    (site / "data" / "holidays.json").write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    result = audit(site)
    assert result.returncode == 1
    assert re.search(r"data/compliance\.json decision\S* \S+：期限 頁面顯示 2026-10-\d\d", result.stdout), (
        result.stdout
    )


# -- a generated history ------------------------------------------------------------------------------


def history(root: Path, decisions: int = 240) -> Path:
    """synth's history, moved to the two years before today, with revoked, late (explained) and
    taken-down decisions; every published date is declared (no git)."""
    synth.generate(root, decisions, seed=19)
    folder = root / "data" / "decisions"
    paths = sorted(folder.glob("*/*.yaml"))
    seq: dict[tuple[str, int], int] = {}
    renumbered: dict[str, str] = {}
    moved = []
    for i, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        decided = dt.date.fromisoformat(re.search(r"^decided: (\S+)", text, re.M)[1])
        # synth's 2016-01 … 2026-11 → 2024-12 … 2026-11: eleven years folded onto two
        day = dt.date(2024, 12, 1) + dt.timedelta(days=(decided - dt.date(2016, 1, 1)).days * 700 // 3957)
        day = min(day, dt.date(2026, 11, 20))
        text = re.sub(r"^decided: \S+", f"decided: {day}", text, flags=re.M)
        published = day + dt.timedelta(days=3 + i % 5)
        if i % 17 == 0:  # late, with the reason the county plan asks for
            published = day + dt.timedelta(days=25)
            text += "late: {reason: 系統故障，延遲上傳}\n"
        text = re.sub(r"^published: \S+", f"published: {published}", text, flags=re.M)
        year = day.year
        dept = path.stem.split("-")[0]
        n = seq[dept, year] = seq.get((dept, year), 0) + 1
        number = re.search(r"^number: (\S+)", text, re.M)[1]
        renumbered[number] = re.sub(r"〔\d{4}〕\d+號", f"〔{year}〕{n}號", number)
        text = text.replace(f"number: {number}", f"number: {renumbered[number]}")
        if i % 29 == 5 and day < dt.date(2026, 9, 1):  # revoked by a review, withdrawn in time
            revoked = day + dt.timedelta(days=40)
            text += f"status: revoked\nrevoked: {{date: {revoked}, reason: 行政復議撤銷, withdrawn: {revoked + dt.timedelta(days=2)}}}\n"
        target = folder / str(year) / f"{dept}-{year}-{n:03d}.yaml"
        path.unlink()
        moved.append((target, text))
    for target, text in moved:
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path in (root / "data" / "blacklists").glob("*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"decisions: \[(.+?)\]", lambda m: f"decisions: [{renumbered[m[1]]}]", text)
        path.write_text(text, encoding="utf-8")
    for old in folder.iterdir():
        if old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = history(tmp_path_factory.mktemp("history") / "site")
    result = build_with(root, today="2026-11-30")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "output"


def test_audit_passes_on_a_generated_history(generated):
    statuses = {r.get("record_status") for r in data(generated, "compliance") if r["kind"] == "decision"}
    assert {"in_force", "revoked", "taken_down"} <= statuses  # the hard cases are there
    assert any(r["status"] == "late_explained" for r in data(generated, "compliance"))
    assert data(generated, "withdrawals")
    result = audit(generated)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


# -- the datasets the audit needs ---------------------------------------------------------------------


def test_departments_holidays_and_programme_are_published(demo):
    departments = {d["id"]: d for d in data(demo, "departments")}
    assert departments["yjj"]["name"] == "示範縣應急管理局"
    assert set(departments["yjj"]) >= {"id", "name", "kind", "duties", "credit_code", "website"}
    holidays = data(demo, "holidays")
    assert {"date": "2026-10-01", "kind": "holiday", "year": 2026} in holidays
    assert any(h["kind"] == "workday" for h in holidays)  # make-up workdays too
    assert data(demo, "programme")[0]["start"] == "2026-02-15"


def test_withdrawals_carry_the_revoked_decisions_original_publication(demo):
    (w,) = [w for w in data(demo, "withdrawals") if w["id"] == "zjj-2026-005"]
    assert w["published"] == "2026-05-21" and w["revoked"] == "2026-08-14" and w["withdrawn"] == "2026-08-18"
    assert w["on_time"] is True and "party" not in w
    # /compliance/ counts its publication: the compliance dataset says so by its record status
    rows = [r for r in data(demo, "compliance") if r["record_id"] == "zjj-2026-005"]
    assert {r["record_status"] for r in rows} == {"revoked"}
    assert {r["kind"] for r in rows} == {"decision", "decision_law", "withdrawal"}


def test_compliance_rows_carry_record_year_quarter_and_taken_down_decisions(demo):
    rows = data(demo, "compliance")
    assert all(r["record_id"] and r["year"] and r["quarter"] for r in rows)
    published = {d["id"] for d in data(demo, "decisions")}
    decisions = [r for r in rows if r["kind"] == "decision"]
    taken_down = [r for r in decisions if r["record_status"] == "taken_down"]
    assert taken_down and not {r["record_id"] for r in taken_down} & published
    in_force = {r["record_id"] for r in decisions if r["record_status"] == "in_force"}
    assert in_force == published  # the 63 (or so) of decisions.csv and the rest, accounted for


def test_every_quarterly_list_is_a_row_empty_ones_included(demo):
    rows = data(demo, "blacklist_publications")
    empty = [r for r in rows if r["entries"] == 0 and r.get("published")]
    assert empty, "an empty list that was published is a row with 0 entries"
    entries = data(demo, "blacklist")
    for r in rows:
        mine = [e for e in entries if e["department"] == r["department"] and e["quarter"] == r["quarter"]]
        assert len(mine) == r["entries"]


def test_blacklist_events_and_entries_join_by_key_and_decision_ids(demo):
    events = data(demo, "blacklist_events")
    listed = {e["listing"] for e in events if e["event"] == "listed"}
    assert {e["listing"] for e in data(demo, "blacklist")} == listed
    assert {e["event"] for e in events} >= {"listed", "expired"}
    ids = {d["id"] for d in data(demo, "decisions")} | {r["record_id"] for r in data(demo, "compliance")}
    for e in data(demo, "blacklist"):
        assert set(e.get("decision_ids", [])) <= ids
    assert any(e.get("decision_ids") for e in data(demo, "blacklist"))


def test_exposures_have_ids_matching_their_anchor(demo):
    for e in data(demo, "exposures"):
        action, n = e["id"].rsplit("-", 1)
        assert e["action"] == action and e["url"].endswith(f"#exposure-{n}")


def test_enterprises_carry_decision_ids_and_both_totals(demo):
    decisions = {d["id"]: d for d in data(demo, "decisions")}
    for e in data(demo, "enterprises"):
        assert len(e["decision_ids"]) == e["decisions"]
        assert all(decisions[i]["party"]["credit_code"] == e["credit_code"] for i in e["decision_ids"])
        assert e["penalties_total"] >= e["fines"]
    assert any(e["penalties_total"] > e["fines"] for e in data(demo, "enterprises"))


def test_status_always_filled_and_booleans_true_or_false(demo):
    decisions = csv_rows(demo, "decisions")
    assert all(r["status"] for r in decisions)
    assert {r["status"] for r in decisions if r["id"].startswith("cgz-2026-00")} == {"in_force"}
    assert all(d["status"] for d in data(demo, "decisions"))
    catalog = json.loads((demo / "data" / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog["datasets"]:
        schema = json.loads((demo / "data" / f"{entry['id']}.schema.json").read_text(encoding="utf-8"))
        props = schema["items"]["properties"]
        flags = [
            k for k, v in props.items() if v.get("type") == "boolean" and k != "draft"
        ]  # draft: never out
        for row in csv_rows(demo, entry["id"]):
            for k in flags:
                assert row[k] in ("true", "false"), (entry["id"], k, row[k])
        for record in data(demo, entry["id"]):
            for k in flags:
                assert record[k] in (True, False), (entry["id"], k)


def test_one_name_per_total_on_pages_and_in_data(demo):
    company = next(e for e in data(demo, "enterprises") if e["penalties_total"] > e["fines"])
    page = (demo / "enterprises" / company["credit_code"] / "index.html").read_text(encoding="utf-8")
    assert "罰款合計" in page and "罰沒款合計" in page
    url = next(d["url"] for d in data(demo, "decisions") if d["id"] == company["decision_ids"][0])
    decision = (demo / url / "index.html").read_text(encoding="utf-8")
    assert "罰沒款合計" in decision and "罰沒金額合計" not in decision
    schema = json.loads((demo / "data" / "enterprises.schema.json").read_text(encoding="utf-8"))
    props = schema["items"]["properties"]
    assert (
        props["fines"]["title"] == "罰款合計（元）"
        and props["penalties_total"]["title"] == "罰沒款合計（元）"
    )


def test_data_page_says_which_dataset_each_figure_comes_from(demo):
    page = (demo / "data" / "index.html").read_text(encoding="utf-8")
    assert "數字從哪裏來" in page
    for name in ("compliance", "holidays", "penalties", "blacklist_publications"):
        assert name in page[page.index("數字從哪裏來") :]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| figure on the site | dataset | how to compute it |" in readme
