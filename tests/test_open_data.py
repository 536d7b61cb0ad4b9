"""Open data, feeds, charts and the compliance page of the built fixture site, against the records."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, TODAY
from lxml import etree

from transparency import compliance
from transparency.dataset import load_dataset
from transparency.settings import Config

ATOM = "{http://www.w3.org/2005/Atom}"
DATASETS = [
    "decisions",
    "penalties",
    "blacklist",
    "enterprises",
    "accidents",
    "warnings",
    "actions",
    "exposures",
    "plans",
    "compliance",
    "departments",
    "holidays",
    "programme",
    "withdrawals",
    "blacklist_publications",
    "blacklist_events",
    "changelog",
]


@pytest.fixture(scope="module")
def fixture_data():
    ds, _ = load_dataset(SITE, Config(use_git=False), TODAY)
    return ds


# A cell a spreadsheet would run as a formula starts, after any blanks, with one of these; plain numbers are
# numbers. Such a cell is exported with a leading "'" (written out here, not taken from exports.py).
FORMULA = re.compile(r"\s*[=+\-@\t\r＝＋－＠]")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def csv_cell(value: str) -> str:
    """What the CSV must hold for a JSON string or number."""
    if FORMULA.match(value) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def read_csv(site: Path, name: str) -> list[dict]:
    raw = (site / "data" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def read_json(site: Path, name: str):
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", DATASETS)
def test_csv_and_json_agree_and_match_their_schema(built_site, name):
    rows, records = read_csv(built_site, name), read_json(built_site, name)
    assert len(rows) == len(records)
    schema = json.loads((built_site / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(records, schema)
    for row, record in zip(rows, records, strict=True):
        for key, value in record.items():
            if isinstance(value, str | int) and not isinstance(value, bool):
                assert row[key] == csv_cell(str(value)), (name, key)


def test_a_markdown_list_is_raw_in_json_and_prefixed_in_csv(built_site):
    """The fixture's accident causes are a Markdown list ("- …"): a formula start for a spreadsheet."""
    rows = {r["id"]: r for r in read_csv(built_site, "accidents")}
    records = {r["id"]: r for r in read_json(built_site, "accidents")}
    listed = [k for k, r in records.items() if r.get("causes", "").startswith("- ")]
    assert listed, "the fixture must keep an accident whose causes are a Markdown list"
    for k in listed:
        assert rows[k]["causes"] == "'" + records[k]["causes"]
    page = BeautifulSoup((built_site / "data/index.html").read_text(encoding="utf-8"), "lxml")
    assert "英文單引號「'」" in page.get_text() and "JSON 中是未經改動的原值" in page.get_text()
    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    assert "'" in catalog["description"] and "JSON" in catalog["description"]


def test_decisions_export_matches_the_pages(built_site, fixture_data):
    rows = {r["number"]: r for r in read_csv(built_site, "decisions")}
    published = fixture_data.published_decisions
    assert set(rows) == {d.number for d in published}
    assert "城關鎮罰〔2026〕1號" not in rows  # revoked: never exported
    for d in published:
        page = BeautifulSoup((built_site / d.url / "index.html").read_text(encoding="utf-8"), "lxml")
        row = rows[d.number]
        assert page.h1.get_text(strip=True) == row["number"]
        assert row["party_name"] in page.get_text()
        assert row["published"] in page.find("dt", string="公示日期").find_next_sibling("dd").get_text()
    penalties = json.loads(rows["示應急罰〔2026〕1號"]["penalties"])
    assert penalties[0] == {"type": "fine", "amount": 50000, "detail": "罰款人民幣伍萬元整"}


def test_catalog_lists_every_dataset_with_counts(built_site):
    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in catalog["datasets"]}
    assert list(by_id) == DATASETS
    for name, entry in by_id.items():
        assert entry["records"] == len(read_json(built_site, name))
        assert entry["csv"].endswith(f"/data/{name}.csv") and entry["csv"].startswith("http")
    page = BeautifulSoup((built_site / "data/decisions/index.html").read_text(encoding="utf-8"), "lxml")
    keys = [c.get_text() for c in page.select("table code")]
    assert keys == list(read_csv(built_site, "decisions")[0].keys())


def test_atom_feeds_parse_and_are_linked(built_site):
    for name, count in (("decisions", 4), ("blacklist", 2), ("warnings", 1), ("exposures", 2)):
        tree = etree.parse(str(built_site / "feeds" / f"{name}.atom.xml"))
        root = tree.getroot()
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == count, name
        for e in entries:
            assert e.find(f"{ATOM}id").text.startswith("http")
            assert e.find(f"{ATOM}updated").text
            assert e.find(f"{ATOM}link").get("href").startswith("http")
            assert e.find(f"{ATOM}summary").get("type") == "text"  # staff text, never markup
            assert e.find(f"{ATOM}title").get("type") in (None, "text")
    page = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "lxml")
    feeds = [link["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")]
    assert feeds == [f"/feeds/{n}.atom.xml" for n in ("decisions", "blacklist", "warnings", "exposures")]


@pytest.mark.parametrize("name", ["built_site", "demo_site"])
def test_every_feed_parses_with_feedparser(request, name):
    """What a feed reader sees: no bozo (malformed) feed, every entry with id, updated, link and a text
    summary; an author for the feed, which RFC 4287 §4.1.1 requires when the entries name none."""
    import feedparser

    site = request.getfixturevalue(name)
    paths = sorted((site / "feeds").glob("*.atom.xml"))
    assert {p.name for p in paths} >= {
        f"{n}.atom.xml" for n in ("decisions", "blacklist", "warnings", "exposures")
    }
    for path in paths:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path.name, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.get("author") and feed.feed.get("updated") and feed.feed.get("id")
        assert feed.entries, path.name
        for e in feed.entries:
            assert e.get("id") and e.get("updated_parsed") and e.get("title"), (path.name, e)
            if name == "demo_site":  # committed: the time git has, not the declared day at 00:00
                assert "T00:00:00" not in e.updated or "#" in e.id, (path.name, e.id, e.updated)
            assert e.get("link", "").startswith("http"), (path.name, e.get("id"))
            assert e.get("summary") and e.summary_detail.type == "text/plain", (path.name, e.get("id"))


def test_penalties_table_has_one_row_per_penalty_with_numeric_amounts(built_site, fixture_data):
    rows = read_csv(built_site, "penalties")
    published = fixture_data.published_decisions
    assert len(rows) == sum(len(d.penalties) for d in published)
    by_id = {d.id: d for d in published}
    for row in rows:
        d = by_id[row["decision_id"]]
        penalty = d.penalties[int(row["index"]) - 1]
        assert row["number"] == d.number and row["type"] == penalty.type
        assert row["amount"] == ("" if penalty.amount is None else str(penalty.amount))
    fines = sum(int(r["amount"]) for r in rows if r["type"] == "fine")  # what a spreadsheet SUM gives
    assert fines == sum(p.amount for d in published for p in d.penalties if p.type == "fine") == 58_000
    labels = {r["type"]: r["type_label"] for r in rows}
    assert labels["fine"] == "罰款" and labels["warning"] == "警告" and labels["suspension"] == "責令停產停業"
    assert not [r for r in rows if r["number"] == "城關鎮罰〔2026〕1號"]  # revoked: never exported


def test_compliance_page_figures_equal_the_records(built_site, fixture_data):
    page = BeautifulSoup((built_site / "compliance/index.html").read_text(encoding="utf-8"), "lxml")
    table = page.find("caption", string="2026 年處罰決定公示（縣方案：15 日內）").parent
    total = table.find("tr", class_="total").find_all("td")
    items = compliance.items(fixture_data)
    t = compliance.tally(items, "decision", None, 2026)
    assert [c.get_text(strip=True) for c in total[:6]] == [
        str(x)
        for x in (
            t.due,
            t.on_time,
            t.on_time_declared,
            t.count("late_explained"),
            t.count("late"),
            t.count("missing"),
        )
    ]
    link = total[3].find("a")["href"]
    assert link == "/compliance/all/#decision-late_explained"
    detail = BeautifulSoup((built_site / "compliance/all/index.html").read_text(encoding="utf-8"), "lxml")
    rows = detail.find(id="decision-late_explained").tbody.find_all("tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["示應急罰〔2026〕3號"]


def test_charts_are_svg_with_text_alternatives_and_tables(built_site):
    page = BeautifulSoup((built_site / "compliance/index.html").read_text(encoding="utf-8"), "lxml")
    figures = page.select("figure.chart-figure")
    assert len(figures) == 4
    for fig in figures:
        svg = fig.find("svg")
        assert svg["role"] == "img"
        ids = svg["aria-labelledby"].split()
        assert svg.find("title")["id"] == ids[0] and svg.find("desc").get_text()
        assert fig.find("table").find_all("tr")
    scripts = [s["src"] for s in page.find_all("script")]
    assert scripts == ["/theme/js/elder.js", "/theme/js/site.js"]  # the page's own; charts need no script


def test_exports_are_deterministic(built_site, tmp_path):
    from conftest import build_site

    again = build_site(SITE, tmp_path / "again")
    for name in DATASETS:
        assert (again / "data" / f"{name}.csv").read_bytes() == (
            built_site / "data" / f"{name}.csv"
        ).read_bytes()
    for rel in ("credit/xzcf.csv", "credit/xzcf.xlsx", "datapackage.json", "catalog.json"):
        assert (again / "data" / rel).read_bytes() == (built_site / "data" / rel).read_bytes(), rel

    # Records not committed (the fixture is no git repository) are dated by the build time: with today fixed,
    # that day at 00:00, so that two builds are byte-identical.
    for name in ("blacklist", "decisions"):
        assert (again / f"feeds/{name}.atom.xml").read_bytes() == (
            built_site / f"feeds/{name}.atom.xml"
        ).read_bytes()


def test_public_url_is_a_setting():
    assert os.path.exists(ROOT / "pelicanconf.py")
    assert Config().public_url.startswith("http")
