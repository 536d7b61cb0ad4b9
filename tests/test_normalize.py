"""Either script in, one meaning: names and numbers typed in Simplified or full-width compare equal."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
import yaml
from conftest import ROOT, SITE, decision_yaml

from transparency import enterprises
from transparency.dataset import check_file_names
from transparency.gitdates import FileHistory, GitHistory
from transparency.normalize import departments_by_name, fold, number_key, number_parts
from transparency.validate import canonical_number

HONGDA = "{type: organization, name: 示範縣宏達化工有限公司, credit_code: 91439900MA4L8XNQ2K}"
HONGDA_SIMPLIFIED = "{type: organization, name: 示范县宏达化工有限公司, credit_code: 91439900MA4L8XNQ2K}"


def rules(found, rule):
    return [f for f in found if f.rule == rule]


# -- the keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["示范县应急管理局", "示範縣應急管理局", " 示範縣 應急管理局 ", "示範縣\u3000應急管理局"],
)
def test_a_name_in_either_script_width_or_spacing_has_one_key(typed):
    assert fold(typed) == fold("示範縣應急管理局") == "示范县应急管理局"


def test_different_names_keep_different_keys():
    assert fold("示範縣宏達化工有限公司") != fold("示範縣宏達化學有限公司")
    assert fold("ABC Co") == fold("ＡＢＣ  Co") != fold("ABCCo")  # Latin words keep one space
    assert fold("ABC") != fold("abc")  # a different case is visibly different on the page


@pytest.mark.parametrize(
    "typed",
    [
        "示应急罚〔2026〕21号",
        "示應急罰[2026]21號",
        "示应急罚【2026】 21号",
        "示應急罰〔２０２６〕２１號",
        "示應急罰（2026）21號",
    ],
)
def test_a_decision_number_in_either_script_has_one_key(typed):
    assert number_key(typed) == number_key("示應急罰〔2026〕21號")
    assert number_parts(typed) == (2026, 21)


def test_different_numbers_keep_different_keys_and_the_written_form_keeps_its_script():
    assert number_key("示應急罰〔2026〕21號") != number_key("示應急罰〔2026〕2號")
    assert number_key("示應急罰〔2026〕21號") != number_key("示市監罰〔2026〕21號")
    assert (
        canonical_number("示应急罚 [2026] 21号") == "示应急罚〔2026〕21号"
    )  # stored as typed, not converted
    assert number_parts("第21號") is None


def test_departments_by_name_finds_the_id_from_either_spelling():
    departments = {"yjj": SimpleNamespace(id="yjj", name="示範縣應急管理局")}
    names = departments_by_name(departments)
    assert names[fold("示范县应急管理局")] == names[fold("示範縣應急管理局")] == names[fold("yjj")] == "yjj"
    assert fold("示範縣環保局") not in names
    assert (
        departments_by_name([{"id": "scj", "name": "示範縣市場監督管理局"}])[fold("示范县市场监督管理局")]
        == "scj"
    )


# -- the checks ----------------------------------------------------------------------------------


def test_a_simplified_spelling_under_the_same_credit_code_is_no_v12(project):
    _, found = project(
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(party=HONGDA),
            "decisions/2026/yjj-2026-013.yaml": decision_yaml(
                number="示應急罰〔2026〕13號", party=HONGDA_SIMPLIFIED
            ),
        }
    )
    assert rules(found, "V12") == []


def test_a_different_name_under_the_same_credit_code_is_still_v12(project):
    other = "{type: organization, name: 示范县宏达化学有限公司, credit_code: 91439900MA4L8XNQ2K}"
    _, found = project(
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(party=HONGDA),
            "decisions/2026/yjj-2026-013.yaml": decision_yaml(number="示應急罰〔2026〕13號", party=other),
        }
    )
    [v12] = rules(found, "V12")
    assert "示范县宏达化学有限公司" in v12.message and "示範縣宏達化工有限公司" in v12.message


def test_a_simplified_number_duplicates_the_traditional_one(project):
    _, found = project(
        {
            "decisions/2026/yjj-2026-021.yaml": decision_yaml(number="示應急罰〔2026〕21號"),
            "decisions/2026/yjj-2026-022.yaml": decision_yaml(number="示应急罚〔2026〕21号"),
        }
    )
    [v7] = rules(found, "V7")
    assert v7.path.endswith("yjj-2026-022.yaml")
    assert "yjj-2026-021.yaml" in v7.message and "示應急罰〔2026〕21號" in v7.message and "修正" in v7.message


def test_a_simplified_name_makes_no_second_enterprise_and_is_kept_as_typed(project):
    ds, _ = project(
        {
            "decisions/2026/yjj-2026-012.yaml": decision_yaml(party=HONGDA_SIMPLIFIED, decided="2026-03-01"),
            "decisions/2026/yjj-2026-013.yaml": decision_yaml(number="示應急罰〔2026〕13號", party=HONGDA),
        }
    )
    companies = enterprises.build(ds.decisions, [])
    assert list(companies) == ["91439900MA4L8XNQ2K"]
    assert len(companies["91439900MA4L8XNQ2K"].decisions) == 2
    assert {d.party.name for d in ds.decisions} == {"示范县宏达化工有限公司", "示範縣宏達化工有限公司"}


def test_a_listing_without_credit_code_is_one_listing_across_scripts():
    from transparency.models import BlacklistEntry, Party

    def entry(name):
        return BlacklistEntry(
            party=Party(type="individual_business", name=name, credit_code=""),
            reason="事由",
            basis="依據",
            listed=dt.date(2026, 3, 20),
            until=dt.date(2029, 3, 19),
            line=1,
        )

    assert entry("示範縣宏達五金店").key == entry("示范县宏达五金店").key
    assert entry("示範縣宏達五金店").key != entry("示範縣宏發五金店").key


# -- a file name agrees with its number ------------------------------------------------------------


@pytest.mark.parametrize(
    "file, number, department, why",
    [
        ("yjj-2026-024.yaml", "示應急罰〔2026〕21號", "yjj", "序號 024"),
        ("yjj-2026-021.yaml", "示應急罰〔2025〕21號", "yjj", "年份 2026"),
        ("scj-2026-021.yaml", "示應急罰〔2026〕21號", "yjj", "部門代號 scj"),
    ],
)
def test_a_file_name_that_disagrees_with_its_number_is_v9(project, file, number, department, why):
    _, found = project({f"decisions/2026/{file}": decision_yaml(number=number, department=department)})
    [v9] = rules(found, "V9")
    assert v9.level == "ERROR" and v9.line == 1 and why in v9.message
    year = number_parts(number)[0]
    assert f"改名為 {department}-{year}-021.yaml" in v9.message and "更正文號" in v9.message


@pytest.mark.parametrize(
    "file, number",
    [
        ("yjj-2026-021.yaml", "示應急罰〔2026〕21號"),
        ("yjj-2026-021.yaml", "示应急罚〔2026〕21号"),
        ("yjj-2026-007.yaml", "示應急罰〔2026〕7號"),
        ("x.yaml", "示應急罰〔2026〕21號"),  # not named after a number: nothing to compare
    ],
)
def test_a_file_name_that_agrees_is_no_v9(project, file, number):
    _, found = project({f"decisions/2026/{file}": decision_yaml(number=number)})
    assert rules(found, "V9") == []


def test_a_published_file_is_not_asked_to_be_renamed(project):
    ds, _ = project({"decisions/2026/yjj-2026-024.yaml": decision_yaml(number="示應急罰〔2026〕21號")})
    [d] = ds.decisions
    published = FileHistory(first_published=dt.date(2026, 3, 9), last_changed=dt.date(2026, 3, 9))
    [v9] = check_file_names(ds.decisions, GitHistory(available=True, files={d.path: published}))
    assert v9.level == "WARNING" and "不能改名" in v9.message and "改名為" not in v9.message


def test_the_demo_data_and_the_fixtures_agree_with_their_file_names():
    files = sorted((ROOT / "data" / "decisions").glob("*/*.yaml")) + sorted(
        (SITE / "data" / "decisions").glob("*/*.yaml")
    )
    assert len(files) > 10
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        m = re.fullmatch(r"([a-z0-9]+)-(\d{4})-(\d+)", path.stem)
        assert m, path
        assert (m[1], int(m[2]), int(m[3])) == (data["department"], *number_parts(data["number"])), path


def test_a_decision_is_found_by_its_number_in_either_script():
    from transparency.normalize import NumberIndex

    index = NumberIndex([("示應急罰〔2026〕12號", "page")])
    assert "示应急罚〔2026〕12号" in index and index["示应急罚[2026]12号"] == "page"
    assert "示應急罰〔2026〕13號" not in index and 12 not in index
