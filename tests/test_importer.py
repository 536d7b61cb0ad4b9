"""The spreadsheet importer and the national upload format (issue 18, item 6)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, write_project

from transparency import credit
from transparency.__main__ import _load, main
from transparency.dataset import load_dataset
from transparency.importer import column_letter, fold, import_decisions
from transparency.load import parse_text
from transparency.settings import Config

TODAY = dt.date(2026, 11, 30)
HEADER_HANT = "決定書文號,處罰機關,決定日期,當事人類型,當事人名稱,統一社會信用代碼,違法行為,違法事實,處罰依據,處罰種類,罰款金額"
HEADER_HANS = "决定书文号,处罚机关,决定日期,当事人类型,当事人名称,统一社会信用代码,违法行为,违法事实,处罚依据,处罚种类,罚款金额"
GOOD = (
    "示应急罚〔2026〕31号,示范县应急管理局,2026-03-02,法人,示范县宏达化工有限公司,91439900MA4L8XNQ2K,"
    '未按规定进行安全评估,"经查，第一段。\n第二段。",《安全生产法》第一百零一条,罚款,50000'
)


def _project(tmp_path: Path, files: dict[str, str] | None = None):
    root = write_project(tmp_path, files or {})
    ds, _ = load_dataset(root, Config(use_git=False), TODAY)
    return root, ds


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "imports" / "export.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _written(root: Path, outcome) -> dict:
    data, _ = parse_text((root / outcome.path).read_text(encoding="utf-8"))
    return data


def test_simplified_headers_and_department_are_accepted_and_text_kept_as_typed(tmp_path):
    root, ds = _project(tmp_path)
    (outcome,) = import_decisions(_csv(tmp_path, f"{HEADER_HANS}\n{GOOD}\n"), ds, root)
    assert outcome.problems == []
    assert outcome.path == Path("data/decisions/2026/yjj-2026-031.yaml")
    data = _written(root, outcome)
    assert data["department"] == "yjj"
    assert data["number"] == "示应急罚〔2026〕31号"  # stored as the clerk typed it
    assert data["party"]["name"] == "示范县宏达化工有限公司"


def test_full_width_and_spaced_headers_are_accepted(tmp_path):
    root, ds = _project(tmp_path)
    header = HEADER_HANT.replace("決定書文號", " 決定書 文號 ").replace("處罰依據", "處罰依據\u3000")
    (outcome,) = import_decisions(_csv(tmp_path, f"{header}\n{GOOD}\n"), ds, root)
    assert outcome.problems == []


def test_a_line_break_in_a_facts_cell_becomes_a_paragraph(tmp_path):
    root, ds = _project(tmp_path)
    (outcome,) = import_decisions(_csv(tmp_path, f"{HEADER_HANS}\n{GOOD}\n"), ds, root)
    text = (root / outcome.path).read_text(encoding="utf-8")
    assert _written(root, outcome)["facts"] == "经查，第一段。\n\n第二段。"
    assert "facts: |" in text  # a block a clerk can read and edit


def test_every_problem_of_a_row_is_reported_in_spreadsheet_words(tmp_path):
    root, ds = _project(tmp_path)
    bad = (
        "示应急罚〔2026〕32号,示范县应急局,2026-13-01,法人,示范县宏达化工有限公司,91439900MA4L8XNQ2X,"
        ",经查。,《安全生产法》第一百零一条,罚款,五万"
    )
    (outcome,) = import_decisions(_csv(tmp_path, f"{HEADER_HANS}\n{bad}\n"), ds, root)
    assert outcome.path is None
    problems = outcome.problems
    assert any(p.startswith("第 2 行「处罚机关」列（B 列）：「示范县应急局」") for p in problems)
    assert any(p.startswith("第 2 行「决定日期」列（C 列）：「2026-13-01」不是存在的日期") for p in problems)
    assert any(p.startswith("第 2 行「统一社会信用代码」列（F 列）") for p in problems)
    assert any(p.startswith("第 2 行「违法行为」列（G 列）：是空的") for p in problems)
    assert any(p.startswith("第 2 行「罚款金额」列（K 列）：「五万」不是金額") for p in problems)
    assert len(problems) == 5, problems
    for p in problems:
        assert "；修正：" in p
        assert "departments.yaml" not in p and "欄位" not in p and "amount" not in p
    assert not list((root / "data" / "decisions").glob("**/*.yaml"))


def test_a_number_in_the_other_script_is_a_duplicate(tmp_path):
    from conftest import decision_yaml

    root, ds = _project(
        tmp_path, {"decisions/2026/yjj-2026-031.yaml": decision_yaml(number="示應急罰〔2026〕31號")}
    )
    (outcome,) = import_decisions(_csv(tmp_path, f"{HEADER_HANS}\n{GOOD}\n"), ds, root)
    assert any(
        p.startswith("第 2 行「决定书文号」列（A 列）：文號 示应急罚〔2026〕31号 已存在")
        for p in outcome.problems
    )


def test_column_letters():
    assert [column_letter(i) for i in (0, 2, 25, 26, 29, 701, 702)] == [
        "A",
        "C",
        "Z",
        "AA",
        "AD",
        "ZZ",
        "AAA",
    ]


def test_a_missing_header_is_named_in_spreadsheet_words(tmp_path, capsys):
    root, _ = _project(tmp_path)
    path = _csv(tmp_path, "决定书文号,处罚机关\n示应急罚〔2026〕31号,示范县应急管理局\n")
    assert main(["import", "decisions", str(path), "--root", str(root), "--settings", "none.py"]) == 2
    err = capsys.readouterr().err
    assert "決定日期、當事人名稱" in err and "（第 1 行）；修正：" in err and "Traceback" not in err


# --- the national upload format --------------------------------------------------------------


def test_wan_is_exact():
    assert credit.wan(3000) == "0.3"
    assert credit.wan(10_000) == "1"
    assert credit.wan(1) == "0.0001"
    assert credit.wan(123_456_789) == "12345.6789"
    assert credit.wan(70_000) == "7"
    # no float artefact: 0.1 + 0.2 style values stay exact
    assert Decimal(credit.wan(1_100)) * 10_000 == 1_100


def test_publicity_end_counts_months_by_article_202():
    from types import SimpleNamespace

    def decided(day, **more):
        return SimpleNamespace(decided=day, tier=None, credit_repair=None, **more)

    assert credit.publicity_end(decided(dt.date(2026, 3, 2))) == dt.date(2027, 3, 2)
    assert credit.publicity_end(decided(dt.date(2024, 2, 29))) == dt.date(2025, 2, 28)


@pytest.fixture(scope="module")
def demo():
    return _load(argparse.Namespace(root=str(ROOT), settings="pelicanconf.py"))[3]


def test_rows_have_the_national_headers_in_simplified(demo):
    table = credit.rows(demo.decisions, demo.departments)
    assert table[0] == list(credit.HEADERS) and len(table[0]) == 30
    assert table[0][0] == "行政相对人名称" and table[0][-1] == "备注"
    by_number = {r[13]: dict(zip(table[0], r, strict=True)) for r in table[1:]}
    row = by_number["城关镇罚〔2026〕1号"]
    assert row["处罚机关"] == "示范县城关镇人民政府"
    assert row["罚款金额(万元)"] == "0.3"
    assert row["公示截止期"] == "2027-03-18"
    assert row["处罚有效期"] == "2099-12-31"
    assert row["行政相对人类别"] == "个体工商户"
    assert all(r[9] == r[10] == r[11] == r[12] == "" for r in table[1:])  # never an ID number
    assert not any(d.draft for d in demo.decisions if d.number in by_number)


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "c.xlsx"
    credit.write_xlsx(path, [["a"], ['=HYPERLINK("http://x")']])
    cell = load_workbook(path).active["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def _carried(d) -> tuple:
    """What the national format carries, compared across scripts (fold)."""
    penalties = []
    for p in d.penalties:
        penalties.append((p.type, p.amount, fold(p.detail or credit.LABELS[p.type])))
    return (
        fold(d.number),
        d.department,
        d.decided,
        d.party.type,
        fold(d.party.name),
        d.party.credit_code,
        fold(d.party.representative or "") if d.party.type != "individual" else "",
        fold(d.violation),
        fold(d.facts.strip()),
        fold(d.basis),
        tuple(penalties),
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_import_of_export_gives_back_the_same_records(demo, tmp_path, suffix):
    table = credit.rows(demo.decisions, demo.departments)
    path = tmp_path / "imports" / f"credit.{suffix}"
    (credit.write_csv if suffix == "csv" else credit.write_xlsx)(path, table)
    root = tmp_path / "site"
    (root / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "departments.yaml", root / "data" / "departments.yaml")
    empty, _ = load_dataset(root, Config(use_git=False), TODAY)
    outcomes = import_decisions(path, empty, root)
    assert [o.problems for o in outcomes if o.problems] == []
    assert len(outcomes) == len(table) - 1 > 50
    back, _ = load_dataset(root, Config(use_git=False), TODAY)
    exported = {fold(d.number): d for d in demo.decisions if not d.draft and d.status != "revoked"}
    assert sorted(_carried(d) for d in back.decisions) == sorted(_carried(d) for d in exported.values())


def test_national_rows_map_categories_amounts_and_party_types(demo, tmp_path):
    values = dict.fromkeys(credit.HEADERS, "")
    values |= {
        "行政相对人名称": "张某某",
        "行政相对人类别": "自然人",
        "行政处罚决定书文号": "示应急罚〔2026〕77号",
        "违法行为类型": "未持证上岗",
        "违法事实": "经查，……",
        "处罚依据": "《安全生产法》第九十七条",
        "处罚类别": "警告;罚款;其他",
        "处罚内容": "警告；罚款人民币壹万贰仟叁佰肆拾伍元整；通报批评",
        "罚款金额(万元)": "1.2345",
        "处罚决定日期": "2026-05-06",
        "处罚机关": "示范县应急管理局",
    }
    root, ds = _project(tmp_path)
    path = tmp_path / "n.csv"
    credit.write_csv(path, [list(values), list(values.values())])
    (outcome,) = import_decisions(path, ds, root)
    assert outcome.problems == []
    data = _written(root, outcome)
    assert data["party"] == {"type": "individual", "name": "张某某"}
    assert [dict(p) for p in data["penalties"]] == [
        {"type": "warning"},
        {"type": "fine", "amount": 12345, "detail": "罚款人民币壹万贰仟叁佰肆拾伍元整"},
        {"type": "other", "detail": "通报批评"},
    ]


def test_national_amount_not_whole_yuan_is_refused_at_its_cell(tmp_path):
    values = dict.fromkeys(credit.HEADERS, "")
    values |= {
        "行政相对人名称": "张某某",
        "行政相对人类别": "自然人",
        "行政处罚决定书文号": "示应急罚〔2026〕78号",
        "违法行为类型": "未持证上岗",
        "违法事实": "经查，……",
        "处罚依据": "《安全生产法》第九十七条",
        "处罚类别": "罚款;罚没",
        "罚款金额(万元)": "0.12345",
        "处罚决定日期": "2026-05-06",
        "处罚机关": "示範縣應急管理局",
    }
    root, ds = _project(tmp_path)
    path = tmp_path / "n.csv"
    credit.write_csv(path, [list(values), list(values.values())])
    (outcome,) = import_decisions(path, ds, root)
    assert outcome.problems[0].startswith("第 2 行「处罚类别」列（R 列）：「罚没」不是處罰類別")


def test_export_credit_writes_into_an_ignored_folder(tmp_path):
    out = tmp_path / "exports"
    assert main(["export", "credit", "--root", str(ROOT), "--out", str(out)]) == 0
    with (out / "xzcf.csv").open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == list(credit.HEADERS)
    for name in ("exports/xzcf.csv", "imports/x.csv", "imports/x.xlsx"):
        assert subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False).returncode == 0
    tracked = subprocess.run(
        ["git", "ls-files", "-ci", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""
