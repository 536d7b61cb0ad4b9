"""The national 行政處罰 upload file (/data/credit/xzcf.csv and .xlsx) of the built sites, against the records,
and the departments' own credit codes it needs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, TODAY, build_site, decision_yaml
from openpyxl import load_workbook
from test_open_data import csv_cell

from transparency import publicity
from transparency.__main__ import main
from transparency.dataset import load_dataset
from transparency.identifiers import is_valid_credit_code
from transparency.settings import Config

# LAW.md "The national upload format", written out here (not taken from credit.py), in its order.
HEADERS = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "行政相对人代码_2(工商注册号)",
    "行政相对人代码_3(组织机构代码)",
    "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(事业单位证书号)",
    "行政相对人代码_6(社会组织登记证号)",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
REQUIRED = [
    "行政相对人名称",
    "行政相对人类别",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
]
CATEGORIES = {
    "警告",
    "罚款",
    "没收违法所得、没收非法财物",
    "责令停产停业",
    "暂扣或者吊销许可证、暂扣或者吊销执照",
    "行政拘留",
    "其他",
}
PARTY_CATEGORIES = {
    "organization": "法人及非法人组织",
    "individual_business": "个体工商户",
    "individual": "自然人",
}
SITES = ["built_site", "demo_site"]  # the fixture site (a revoked decision, an individual) and the demo


def _t2s(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def read_table(site: Path) -> list[list[str]]:
    raw = (site / "data/credit/xzcf.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_rows(site: Path) -> list[dict[str, str]]:
    table = read_table(site)
    return [dict(zip(table[0], r, strict=True)) for r in table[1:]]


def records(name: str):
    root = SITE if name == "built_site" else ROOT
    ds, _ = load_dataset(root, Config(use_git=False), TODAY)
    return ds


@pytest.fixture(params=SITES)
def site(request) -> tuple[Path, object]:
    return request.getfixturevalue(request.param), records(request.param)


def test_headers_are_the_national_ones_in_order(site):
    path, _ = site
    assert read_table(path)[0] == HEADERS


def test_every_public_decision_once_revoked_ones_never(site):
    path, ds = site
    numbers = [r["行政处罚决定书文号"] for r in read_rows(path)]
    public = [d for d in ds.decisions if not d.draft and d.status != "revoked" and not d.revoked]
    public = [d for d in public if publicity.is_public(d, ds.config, ds.today)]
    assert sorted(numbers) == sorted(_t2s(d.number) for d in public)
    revoked = [d for d in ds.decisions if d.revoked]
    assert revoked, "the data must keep a revoked decision"
    assert not {_t2s(d.number) for d in revoked} & set(numbers)
    # Past its publicity period or credit-repaired (the demo has both): never uploaded again.
    assert not {_t2s(d.number) for d in ds.taken_down_decisions} & set(numbers)


def test_required_fields_are_never_empty_and_codes_are_the_national_ones(site):
    path, ds = site
    rows = read_rows(path)
    assert rows
    codes = {_t2s(d.name): d.credit_code for d in ds.departments.values()}
    for row in rows:
        for header in REQUIRED:
            assert row[header].strip(), (row["行政处罚决定书文号"], header)
        assert set(row["处罚类别"].split(";")) <= CATEGORIES
        assert row["行政相对人类别"] in PARTY_CATEGORIES.values()
        for header in ("法定代表人证件类型", "法定代表人证件号码", "证件类型", "证件号码"):
            assert row[header] == ""  # never an ID number
        assert row["处罚机关统一社会信用代码"] == codes[row["处罚机关"]]
        assert row["数据来源单位统一社会信用代码"] == codes[row["数据来源单位"]]
        assert is_valid_credit_code(row["处罚机关统一社会信用代码"])
        assert row["处罚机关统一社会信用代码"].startswith("11")  # a 機關
        dt.date.fromisoformat(row["处罚决定日期"])
        assert dt.date.fromisoformat(row["公示截止期"]) >= TODAY  # still in its publicity period
        assert row["处罚有效期"] == "2099-12-31"


def test_amounts_are_the_yuan_divided_by_ten_thousand_exactly(site):
    path, ds = site
    rows = {r["行政处罚决定书文号"]: r for r in read_rows(path)}
    checked = 0
    for d in ds.decisions:
        row = rows.get(_t2s(d.number))
        if row is None:
            continue
        for kind, header in (
            ("fine", "罚款金额(万元)"),
            ("confiscation", "没收违法所得、没收非法财物的金额(万元)"),
        ):
            amounts = [p.amount or 0 for p in d.penalties if p.type == kind]
            if not amounts:
                assert row[header] == ""
                continue
            cell = row[header]
            assert Decimal(cell) == Decimal(sum(amounts)) / Decimal(10_000), (d.number, cell)
            assert "e" not in cell.lower() and len(cell.partition(".")[2]) <= 6  # no float artefacts
            checked += 1
    assert checked


def test_party_and_department_are_in_simplified(built_site):
    rows = {r["行政处罚决定书文号"]: r for r in read_rows(built_site)}
    row = rows["示应急罚〔2026〕1号"]
    assert row["处罚机关"] == row["数据来源单位"] == "示范县应急管理局"
    assert row["罚款金额(万元)"] == "5"
    assert row["处罚类别"] == "罚款;责令停产停业"
    individual = rows["示应急罚〔2026〕2号"]
    assert individual["行政相对人类别"] == "自然人"
    assert individual["行政相对人代码_1(统一社会信用代码)"] == "" and individual["法定代表人"] == ""


@pytest.mark.parametrize("name", SITES)
def test_xlsx_opens_and_equals_the_csv_cell_for_cell(request, name):
    path = request.getfixturevalue(name)
    book = load_workbook(path / "data/credit/xzcf.xlsx", read_only=True)
    sheet = book.worksheets[0]
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert all(isinstance(v, str) for row in cells for v in row)  # text cells, as the platform wants
    # The CSV's formula-start cells carry a leading "'" (none in these sites); the XLSX's are text cells.
    assert [[csv_cell(v) for v in row] for row in cells] == read_table(path)


def test_the_data_page_and_catalog_list_the_upload_file(built_site):
    page = BeautifulSoup((built_site / "data/index.html").read_text(encoding="utf-8"), "lxml")
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert {"/data/credit/xzcf.csv", "/data/credit/xzcf.xlsx"} <= links
    import json

    catalog = json.loads((built_site / "data/catalog.json").read_text(encoding="utf-8"))
    entry = catalog["credit_upload"]
    assert entry["csv"].endswith("/data/credit/xzcf.csv") and entry["xlsx"].endswith("/data/credit/xzcf.xlsx")
    assert entry["records"] == len(read_rows(built_site))


def test_export_credit_writes_the_sites_bytes(built_site, tmp_path, monkeypatch):
    """Staff who upload by hand get the very file the site publishes, without building the site."""
    root = tmp_path / "site"
    shutil.copytree(SITE, root)  # as the build saw it: a copy outside git
    monkeypatch.setenv("TRANSPARENCY_TODAY", TODAY.isoformat())
    code = main(
        [
            "export",
            "credit",
            "--root",
            str(root),
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--out",
            "exports",
        ]
    )
    assert code == 0
    assert (root / "exports/xzcf.csv").read_bytes() == (built_site / "data/credit/xzcf.csv").read_bytes()
    assert (root / "exports/xzcf.xlsx").read_bytes() == (built_site / "data/credit/xzcf.xlsx").read_bytes()


def test_a_formula_in_a_record_is_text_in_both_files(tmp_path):
    """A party name a spreadsheet would run: the CSV prefixes "'", the XLSX holds it as a text cell."""
    source = tmp_path / "source"
    shutil.copytree(SITE, source)
    hostile = '=HYPERLINK("http://example.com/x","點此")'
    party = f"{{type: individual, name: '{hostile}'}}"
    text = decision_yaml(
        number="示應急罰〔2026〕9號", decided="2026-11-20", published="2026-11-27", party=party
    )
    (source / "data/decisions/2026/yjj-2026-009.yaml").write_text(text, encoding="utf-8")
    site = build_site(source, tmp_path / "built")
    row = {r["行政处罚决定书文号"]: r for r in read_rows(site)}["示应急罚〔2026〕9号"]
    assert row["行政相对人名称"] == "'" + _t2s(hostile)
    sheet = load_workbook(site / "data/credit/xzcf.xlsx").worksheets[0]
    cells = [c for r in sheet.iter_rows() for c in r if c.value == _t2s(hostile)]
    assert cells and all(c.data_type == "s" for c in cells)  # a string, never a formula ("f")


def test_a_draft_never_reaches_the_upload_file(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(SITE, source)
    draft = (
        decision_yaml(number="示應急罰〔2026〕9號", decided="2026-11-27", published=None) + "draft: true\n"
    )
    (source / "data/decisions/2026/yjj-2026-009.yaml").write_text(draft, encoding="utf-8")
    site = build_site(source, tmp_path / "built")
    numbers = {r["行政处罚决定书文号"] for r in read_rows(site)}
    assert "示应急罚〔2026〕1号" in numbers and "示应急罚〔2026〕9号" not in numbers
    penalties = (site / "data/penalties.csv").read_text(encoding="utf-8-sig")
    assert "示應急罰〔2026〕9號" not in penalties


# -- the departments' own credit codes ------------------------------------------------------------


def _departments(code_line: str) -> str:
    return f"- id: yjj\n  name: 示範縣應急管理局\n  kind: department\n{code_line}  duties: [decisions]\n"


DECISION = {"decisions/2026/yjj-2026-012.yaml": decision_yaml()}


def test_a_wrong_department_code_is_a_v8_error(project):
    _, found = project({"departments.yaml": _departments("  credit_code: 11439900MB9900101Y\n"), **DECISION})
    [f] = [f for f in found if f.rule == "V8"]
    assert f.is_error and f.path == "data/departments.yaml" and f.line == 4
    assert "部門「yjj」" in f.message and "校驗不通過" in f.message and "修正" in f.message
    assert not [f for f in found if f.rule == "V3"]  # the code is there, only wrong


def test_an_enterprise_code_on_a_department_is_a_warning(project):
    _, found = project({"departments.yaml": _departments("  credit_code: 91439900MA4L8XNQ2K\n"), **DECISION})
    [f] = [f for f in found if f.rule == "V8"]
    assert not f.is_error and "不以 11 開頭" in f.message and "修正" in f.message


def test_a_department_that_publishes_needs_its_code(project):
    _, found = project({"departments.yaml": _departments(""), **DECISION})
    [f] = [f for f in found if f.rule == "V3" and f.path == "data/departments.yaml"]
    assert f.is_error and f.line == 1
    assert "yjj" in f.message and "示範縣應急管理局" in f.message and "credit_code" in f.message
    assert "修正" in f.message


def test_a_department_with_only_drafts_needs_no_code_yet(project):
    draft = {"decisions/2026/yjj-2026-012.yaml": decision_yaml(published=None) + "draft: true\n"}
    _, found = project({"departments.yaml": _departments(""), **draft})
    assert not [f for f in found if f.path == "data/departments.yaml" and f.is_error]


def test_every_demo_department_has_a_valid_fictional_code():
    departments = yaml.safe_load((ROOT / "data/departments.yaml").read_text(encoding="utf-8"))
    codes = [d["credit_code"] for d in departments]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert is_valid_credit_code(code) and code.startswith("11")
        assert code[2:8] == "439900"  # 示範縣's fictional area code, like the demo enterprises'
