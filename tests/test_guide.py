"""The Simplified staff guide: generated from the Traditional one, kept in step, mainland vocabulary."""

from __future__ import annotations

import datetime as dt
import re

from conftest import ROOT, decision_yaml

from transparency import guide

TRADITIONAL = (ROOT / guide.SOURCE).read_text(encoding="utf-8")
# 檔案 is right for a dossier (人事檔案); anywhere else the guide means a computer file: 文件.
DOSSIER = re.compile(r"(人事|案卷|執法|信用)檔案")


def test_committed_simplified_guide_equals_a_fresh_generation():
    committed = (ROOT / guide.TARGET).read_text(encoding="utf-8")
    assert committed == guide.simplified(TRADITIONAL), (
        "docs/staff-guide.zh-Hans.md 已過期；修正：執行 invoke guide"
    )


def test_generate_writes_the_target(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / guide.SOURCE).write_text("# 手冊\n把檔案放進資料夾，預設範本。\n", encoding="utf-8")
    text = guide.generate(tmp_path).read_text(encoding="utf-8")
    assert text.startswith(guide.HEADER)
    assert text.endswith("# 手册\n把档案放进文件夹，默认模板。\n")  # 档案 itself is left to the source


def test_the_guide_uses_mainland_vocabulary_in_both_scripts():
    assert guide.leftover_terms(TRADITIONAL) == []
    assert DOSSIER.sub("", TRADITIONAL).count("檔案") == 0
    simplified = (ROOT / guide.TARGET).read_text(encoding="utf-8")
    assert guide.leftover_terms(simplified) == []
    for word in ("文件", "文件夹", "字段", "发布", "什么"):
        assert word in simplified


def test_conversion_keeps_legal_and_unit_words():
    # OpenCC's tw2sp would write 单比特, 运行处罚决定 and 文档不存在 here.
    out = guide.simplified("罰款金額，單位元；執行處罰決定；文件不存在時先新建。")
    assert out.endswith("罚款金额，单位元；执行处罚决定；文件不存在时先新建。")


def test_readme_points_to_the_simplified_guide():
    assert "docs/staff-guide.zh-Hans.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_d2_example_in_the_guide_is_the_real_message(project):
    text = decision_yaml(number="示應急罰〔2026〕21號", decided="2026-11-20", published=None, draft="true")
    found = project({"decisions/2026/yjj-2026-021.yaml": text}, today=dt.date(2026, 12, 5))[1]
    [d2] = [f for f in found if f.rule == "D2"]
    assert f"`{d2.format()}`" in TRADITIONAL


def test_a_span_marked_as_original_stays_in_traditional_characters():
    from transparency.guide import simplified

    out = simplified("「<!--原文-->示範縣<!--/原文-->」與「示範縣」")
    assert out.endswith("「示範縣」与「示范县」")


def test_the_field_list_is_generated_from_the_declarations():
    assert guide.with_field_reference(TRADITIONAL) == TRADITIONAL, (
        "docs/staff-guide.md 的字段一覽已過期；修正：執行 invoke guide"
    )
    listed = guide.field_reference()
    assert "| `party.name` | 名稱或姓名 | 文字 | 必填 |" in listed
    assert "`revoked.late.reason`" in listed


def test_a_stale_field_list_is_found():
    stale = TRADITIONAL.replace("| `party.name` | 名稱或姓名 |", "| `party.name` | 名稱 |", 1)
    assert stale != TRADITIONAL
    assert guide.with_field_reference(stale) == TRADITIONAL
