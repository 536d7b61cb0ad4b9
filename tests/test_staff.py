"""Staff workflow: templates, deadlines, the pre-commit filter."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import yaml
from conftest import ROOT, decision_yaml, write_project

from transparency import compliance
from transparency.dataset import load_dataset
from transparency.scaffold import new_record, next_number
from transparency.settings import Config

D = dt.date


def run(root, *args, today="2026-11-30"):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": today}
    return subprocess.run(
        [sys.executable, "-m", "transparency", *args], cwd=root, env=env, capture_output=True, text=True
    )


def test_next_number_follows_the_department_pattern(project):
    ds, _ = project(
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(),
            "decisions/2026/yjj-2026-003.yaml": decision_yaml(number="示應急罰〔2026〕3號"),
        }
    )
    assert next_number(ds, "yjj", 2026) == ("示應急罰〔2026〕13號", "yjj-2026-013")
    assert next_number(ds, "yjj", 2027) == ("示應急罰〔2027〕1號", "yjj-2027-001")


def test_new_decision_is_a_commented_draft_that_check_explains(tmp_path):
    write_project(tmp_path, {"decisions/2026/yjj-2026-012.yaml": decision_yaml()})
    result = run(tmp_path, "new", "decision", "--root", str(tmp_path), "--department", "yjj")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "data/decisions/2026/yjj-2026-013.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert (
        data["number"] == "示應急罰〔2026〕13號"
        and data["decided"] == D(2026, 11, 30)
        and data["draft"] is True
    )
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert all("  # " in ln for ln in lines if ":" in ln), "every field carries a Chinese comment"
    for optional in ("hearing", "transfer", "late", "attachments"):
        assert f"# {optional}:" in text
    check = run(tmp_path, "check", "--root", str(tmp_path))
    assert "V3" in check.stdout and "violation" in check.stdout  # what is left to fill, named
    again = run(tmp_path, "new", "decision", "--root", str(tmp_path), "--department", "yjj")
    assert (tmp_path / "data/decisions/2026/yjj-2026-014.yaml").exists() and again.returncode == 0


ACCIDENT = """\
date: {d}
title: 事故
place: 某地
industry: 工貿
type: 火災
level: {lv}
deaths: {n}
serious_injuries: 0
direct_loss: 0
summary: 經過
causes: 原因
"""


def test_new_warning_prefills_the_same_period_accidents(tmp_path):
    write_project(
        tmp_path,
        {
            "accidents/2015-06-01-a.yaml": ACCIDENT.format(d="2015-06-01", lv="一般", n=1),
            "accidents/2019-06-09-b.yaml": ACCIDENT.format(d="2019-06-09", lv="較大", n=4),
            "accidents/2019-07-09-c.yaml": ACCIDENT.format(d="2019-07-09", lv="較大", n=4),
        },
    )
    ds, found = load_dataset(tmp_path, Config(use_git=False), D(2026, 5, 20))
    assert [f for f in found if f.is_error] == []
    rel, text = new_record(ds, "warning", D(2026, 5, 20), when="2026-06")
    assert str(rel) == "warnings/2026-06.yaml"
    assert yaml.safe_load(text)["accidents"] == ["2019-06-09-b", "2015-06-01-a"]


Q3 = """\
quarter: 2026-Q3
department: yjj
published: 2026-10-09
entries:
  - party: {type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}
    reason: 瞞報事故
    basis: 辦法
    listed: 2026-07-01
  - party: {type: organization, name: 示範縣永盛化工有限公司, credit_code: 91439921MA7R4KDC9F}
    reason: 瞞報事故
    basis: 辦法
    listed: 2024-01-01
    removed: {date: 2026-08-01, reason: 信用修復}
"""


def test_new_blacklist_carries_over_entries_still_in_term(project):
    ds, _ = project({"blacklists/2026-q3/yjj.yaml": Q3})
    rel, text = new_record(ds, "blacklist", D(2026, 11, 30), department="yjj", when="2026-Q4")
    data = yaml.safe_load(text)
    assert str(rel) == "blacklists/2026-q4/yjj.yaml"
    assert [e["party"]["name"] for e in data["entries"]] == ["示範縣宏達化工有限公司"]


def test_deadlines_list_drafts_and_pending_obligations(project):
    files = {
        "programme.yaml": "- {name: 執法年, start: 2026-01-01, end: 2026-12-31}\n",
        "decisions/2026/yjj-2026-012.yaml": decision_yaml(decided="2026-11-25", published=None)
        + "draft: true\n",
    }
    ds, _ = project(files, today=D(2026, 11, 30))
    labels = [(u.due, u.label) for u in compliance.upcoming(ds, 14)]
    assert (D(2026, 12, 10), "處罰決定公示（縣方案 15 日）（草稿）") in labels
    assert (D(2026, 12, 4), "處罰決定公示（安全生產法第78條 7 個工作日）（草稿）") in labels
    assert (D(2026, 12, 10), "一月一警示") in labels


def test_pre_commit_reports_only_the_changed_files(tmp_path):
    write_project(
        tmp_path,
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(published="2026-03-30"),
            "decisions/2026/yjj-2026-013.yaml": decision_yaml(number="示應急罰〔2026〕13號", basis=None),
        },
    )
    changed = tmp_path / "data/decisions/2026/yjj-2026-013.yaml"
    result = run(tmp_path, "check", "--root", str(tmp_path), "--only", str(changed))
    assert result.returncode == 1
    assert "yjj-2026-013" in result.stdout and "yjj-2026-012" not in result.stdout


HEADER = "決定書文號,處罰機關,決定日期,公示日期,當事人類型,當事人名稱,統一社會信用代碼,法定代表人,地址,行業,違法行為,違法事實,處罰依據,處罰種類,罰款金額,沒收金額,處罰說明\n"
ROWS = [
    "示應急罰〔2025〕41號,示範縣應急管理局,2025/11/3,2025-11-10,法人,示範縣宏達化工有限公司,91439900MA4L8XNQ2K,李某某,工業園,危險化學品,未設置警示標誌,經查屬實。,安全生產法第九十九條,罰款、責令停產停業,30000,,罰款參萬元\n",
    "示應急罰〔2025〕42號,示範縣應急管理局,2025年13月3日,,法人,示範縣某公司,91439921MA7R4KDC9F,,,,未培訓,經查。,安全生產法,罰款,20000,,\n",
    "示應急罰〔2025〕43號,縣環保局,2025-11-05,,自然人,張某某,,,,,違章作業,經查。,安全生產法,警告,,,\n",
    "示應急罰〔2025〕44號,示範縣應急管理局,2025-11-06,,自然人,王某某,,,,,違章作業,經查。,安全生產法,罰款,五萬,,\n",
    "示應急罰〔2025〕45號,示範縣應急管理局,2025-11-07,2025-11-12,個體工商戶,示範縣某五金店,92439921MA0000000X,,,,違章,經查。,安全生產法,警告,,,\n",
    "示應急罰〔2026〕12號,示範縣應急管理局,2026-03-02,2026-03-09,法人,示範縣宏達化工有限公司,91439900MA4L8XNQ2K,,,,重複,經查。,安全生產法,警告,,,\n",
    "示應急罰〔2025〕46號,yjj,2025-11-08,2025-11-12,法人,示範縣另一家公司,91439900MA4L8XNQ2K,,,,違章,經查。,安全生產法,警告,,,\n",
]


def test_import_converts_what_it_can_and_names_every_row_it_cannot(tmp_path):
    write_project(
        tmp_path,
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(
                party="{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}"
            )
        },
    )
    sheet = tmp_path / "export.csv"
    sheet.write_text("\ufeff" + HEADER + "".join(ROWS), encoding="utf-8")
    result = run(tmp_path, "import", "decisions", str(sheet), "--root", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "第 2 行 → data/decisions/2025/yjj-2025-041.yaml"
    problems = {int(x.split()[1]): x for x in lines if x.startswith("第") and "未匯入" in x}
    assert set(problems) == {3, 4, 5, 6, 7, 8}
    assert "不是存在的日期" in problems[3] and "縣環保局" in problems[4] and "五萬" in problems[5]
    assert "校驗不通過" in problems[6] and "已存在" in problems[7] and "示範縣宏達化工有限公司" in problems[8]
    record = yaml.safe_load((tmp_path / "data/decisions/2025/yjj-2025-041.yaml").read_text(encoding="utf-8"))
    assert record["penalties"] == [
        {"type": "fine", "amount": 30000, "detail": "罰款參萬元"},
        {"type": "suspension"},
    ]
    assert record["decided"] == D(2025, 11, 3) and record["party"]["type"] == "organization"
    check = run(tmp_path, "check", "--root", str(tmp_path))
    assert "yjj-2025-041" not in check.stdout  # what was imported passes every check


def test_import_reads_xlsx(tmp_path):
    from openpyxl import Workbook

    write_project(tmp_path, {})
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    row = ROWS[0].strip().split(",")
    row[2] = D(2025, 11, 3)  # a real date cell, as Excel stores it
    sheet.append(row)
    book.save(tmp_path / "export.xlsx")
    result = run(tmp_path, "import", "decisions", str(tmp_path / "export.xlsx"), "--root", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert (tmp_path / "data/decisions/2025/yjj-2025-041.yaml").exists()


def test_publish_to_a_folder_swaps_the_site_in_whole(tmp_path):
    from transparency import deploy

    old, new, target = tmp_path / "old", tmp_path / "new", tmp_path / "www" / "site"
    for folder, text in ((old, "old"), (new, "new")):
        (folder / "a").mkdir(parents=True)
        (folder / "index.html").write_text(text)
    (old / "a" / "gone.html").write_text("x")
    deploy.to_folder(old, target)
    deploy.to_folder(new, target)
    assert (target / "index.html").read_text() == "new" and not (target / "a" / "gone.html").exists()
    assert [p.name for p in target.parent.iterdir()] == ["site"]
    assert deploy.rsync_command(new, "u@h:/srv")[-2:] == [f"{new}/", "u@h:/srv"]
    assert "--delay-updates" in deploy.rsync_command(new, "u@h:/srv")


def test_ci_definitions_build_with_full_history_and_run_daily():
    github = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["check-build-deploy"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert {"cron": "0 17 * * *"} in github[True]["schedule"]  # 01:00 in Asia/Shanghai
    assert any("publishconf.py" in s.get("run", "") for s in steps)
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    assert any("publishconf.py" in line for line in gitlab["check"]["script"])
    hook = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0][
        "hooks"
    ][0]
    assert "'check', '--only'" in hook["entry"] and hook["pass_filenames"] and hook["verbose"]


def test_import_names_the_missing_columns(tmp_path):
    write_project(tmp_path, {})
    sheet = tmp_path / "export.csv"
    sheet.write_text("決定書文號,處罰機關\n示應急罰〔2025〕1號,yjj\n", encoding="utf-8")
    result = run(tmp_path, "import", "decisions", str(sheet), "--root", str(tmp_path))
    assert result.returncode == 2 and "表頭缺少欄位 決定日期" in result.stderr
    assert not (tmp_path / "data" / "decisions").exists()
