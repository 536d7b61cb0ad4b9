"""V* rules on one-case decisions: each problem named with its line and a fix."""

from conftest import decision_yaml

PATH = "decisions/2026/yjj-2026-012.yaml"


def findings_for(project, text, path=PATH):
    _, findings = project({path: text})
    return findings


def test_valid_decision_has_no_findings(project):
    ds, findings = project({PATH: decision_yaml()})
    assert findings == []
    [d] = ds.decisions
    assert d.number == "示應急罰〔2026〕12號" and d.url == "decisions/2026/yjj-2026-012/"


def test_missing_field(project):
    [f] = findings_for(project, decision_yaml(basis=None))
    assert f.rule == "V3" and "basis" in f.message and f.is_error


def test_unknown_field_suggests_the_right_name(project):
    text = decision_yaml(decided=None) + "decidd: 2026-03-02\n"
    found = findings_for(project, text)
    assert {f.rule for f in found} == {"V3", "V4"}
    v4 = next(f for f in found if f.rule == "V4")
    assert "decided" in v4.message and v4.line == 9


def test_amount_in_chinese_numerals_is_a_type_error(project):
    [f] = findings_for(project, decision_yaml(penalties="\n  - type: fine\n    amount: 五萬"))
    assert f.rule == "V2" and "penalties[1].amount" in f.message and f.line == 11


def test_fine_without_amount(project):
    [f] = findings_for(project, decision_yaml(penalties="[{type: fine}]"))
    assert f.rule == "V3" and "amount" in f.message


def test_impossible_and_malformed_dates(project):
    [f] = findings_for(project, decision_yaml(decided="2026-02-30", published=None))
    assert f.rule == "V5" and "不是存在的日期" in f.message
    [f] = findings_for(project, decision_yaml(decided="2026/3/2", published=None))
    assert f.rule == "V5" and "2026-03-02" in f.message


def test_unknown_department(project):
    [f] = findings_for(project, decision_yaml(department="yj"))
    assert f.rule == "V6" and "yjj" in f.message


def test_invalid_credit_code(project):
    party = "{type: organization, name: 某公司, credit_code: 91439900MA4L8XNQ2M}"
    [f] = findings_for(project, decision_yaml(party=party))
    assert f.rule == "V8" and "營業執照" in f.message
    assert "校驗不通過：18 位中有字符抄錯（不一定是最後一位）" in f.message


def test_individual_may_not_have_credit_code_or_address(project):
    party = "{type: individual, name: 張某某, address: 某村3組}"
    [f] = findings_for(project, decision_yaml(party=party))
    assert f.rule == "PII" and "地址" in f.message


def test_organization_needs_a_credit_code(project):
    [f] = findings_for(project, decision_yaml(party="{type: organization, name: 某公司}"))
    assert f.rule == "V3" and "credit_code" in f.message


def test_duplicate_decision_number(project):
    _, found = project({PATH: decision_yaml(), "decisions/2026/yjj-2026-013.yaml": decision_yaml()})
    [f] = found
    assert f.rule == "V7" and "yjj-2026-012.yaml" in f.message and f.path.endswith("013.yaml")


def test_folder_year_must_match_decided(project):
    [f] = findings_for(project, decision_yaml(), path="decisions/2025/yjj-2026-012.yaml")
    assert f.rule == "V9" and "decisions/2026/" in f.message


def test_file_name_must_be_a_url_slug(project):
    [f] = findings_for(project, decision_yaml(), path="decisions/2026/YJJ_12.yaml")
    assert f.rule == "V9"


def test_revoked_needs_revocation_details(project):
    [f] = findings_for(project, decision_yaml(status="revoked"))
    assert f.rule == "V3" and "revoked" in f.message


def test_every_problem_is_reported_at_once(project):
    text = decision_yaml(department="nope", decided="2026-13-01", published=None, penalties="[{type: fin}]")
    rules = sorted(f.rule for f in findings_for(project, text))
    assert rules == ["V2", "V5", "V6"]


def test_enum_typo_suggests(project):
    [f] = findings_for(project, decision_yaml(penalties="[{type: fin}]"))
    assert "fine" in f.message and "warning（警告）" in f.message


def test_industry_must_be_in_the_county_list_when_there_is_one(project):
    files = {"industries.yaml": "- 危險化學品\n- 煤礦\n", PATH: decision_yaml(industry="危險化學")}
    [f] = project(files)[1]
    assert f.rule == "V6" and "危險化學品" in f.message
    files[PATH] = decision_yaml(industry="煤礦")
    assert project(files)[1] == []


def test_attachment_must_exist(project, tmp_path):
    text = decision_yaml(attachments="[{file: decisions/2026/x.pdf, title: 掃描件}]")
    [f] = project({PATH: text})[1]
    assert f.rule == "V6" and "x.pdf" in f.message
    (tmp_path / "content/attachments/decisions/2026").mkdir(parents=True)
    (tmp_path / "content/attachments/decisions/2026/x.pdf").write_bytes(b"%PDF")
    assert project({PATH: text})[1] == []
