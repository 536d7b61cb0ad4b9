"""Feeds, per-record JSON documents, the changelog and last_changed, from a fixture site kept in a real git
repository whose records reached the branch at different times (issue 19)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import SITE, build_in, git
from lxml import etree

from transparency import feeds

ATOM = "{http://www.w3.org/2005/Atom}"
D2026 = "data/decisions/2026"
BASE = "http://localhost:8000/"
TAKEN_DOWN = """\
number: 示應急罰〔2026〕4號
department: yjj
decided: 2026-03-02
published: 2026-03-09
tier: 輕微
party:
  type: individual
  name: 早撤下某某
industry: 危險化學品
violation: 未如實記錄安全生產教育和培訓情況
facts: 經查，……
basis: 《中華人民共和國安全生產法》第九十七條
penalties:
  - type: warning
"""


def commit(repo: Path, files: dict[str, str], when: str) -> None:
    for rel, text in files.items():
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"records {when}", when=when)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Everything but the decisions on 2026-01-05; yjj-2026-001 on 03-10 10:15:30 and corrected on 05-06
    11:00; the rest (cgz-2026-001 already revoked) on 04-20 16:45; yjj-2026-004 (輕微, past its three
    months) on 05-07 08:30."""
    root = tmp_path_factory.mktemp("gitfeeds") / "site"
    shutil.copytree(SITE, root)
    decisions = {p.name: p.read_text(encoding="utf-8") for p in (root / D2026).glob("*.yaml")}
    for name in decisions:
        (root / D2026 / name).unlink()
    git(root, "init", "-q", "-b", "main")
    commit(root, {}, "2026-01-05T09:00:00+08:00")
    first = decisions.pop("yjj-2026-001.yaml")
    commit(root, {f"{D2026}/yjj-2026-001.yaml": first}, "2026-03-10T10:15:30+08:00")
    commit(root, {f"{D2026}/{n}": t for n, t in decisions.items()}, "2026-04-20T16:45:00+08:00")
    corrected = first.replace("進行安全評估", "進行安全評估和登記")
    commit(root, {f"{D2026}/yjj-2026-001.yaml": corrected}, "2026-05-06T11:00:00+08:00")
    commit(root, {f"{D2026}/yjj-2026-004.yaml": TAKEN_DOWN}, "2026-05-07T08:30:00+08:00")
    return build_in(root)


def entries(path: Path) -> dict[str, etree._Element]:
    root = etree.parse(str(path)).getroot()
    return {e.findtext(f"{ATOM}id"): e for e in root.findall(f"{ATOM}entry")}


def test_entries_are_dated_by_when_git_got_them_with_their_time(site):
    feed = site / "feeds/decisions.atom.xml"
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo and parsed.feed.get("author")
    for e in parsed.entries:
        assert e.get("id") and e.get("updated_parsed") and e.get("link") and e.get("summary"), e
    by_id = entries(feed)
    first = by_id[BASE + "decisions/2026/yjj-2026-001/"]
    assert first.findtext(f"{ATOM}published") == "2026-03-10T10:15:30+08:00"
    assert first.findtext(f"{ATOM}updated") == "2026-05-06T11:00:00+08:00"  # corrected then
    second = by_id[BASE + "decisions/2026/yjj-2026-002/"]
    assert second.findtext(f"{ATOM}updated") == "2026-04-20T16:45:00+08:00"  # not the declared 10-08 00:00
    root = etree.parse(str(feed)).getroot()
    newest = max(e.findtext(f"{ATOM}updated") for e in by_id.values())
    assert root.findtext(f"{ATOM}updated") == newest == "2026-06-12T00:00:00+08:00"  # the withdrawal
    blacklist = etree.parse(str(site / "feeds/blacklist.atom.xml")).getroot()
    assert {e.findtext(f"{ATOM}updated") for e in blacklist.iter(f"{ATOM}entry")} == {
        "2026-01-05T09:00:00+08:00"
    }


def test_withdrawal_and_takedown_have_their_own_entries_without_the_party(site):
    by_id = entries(site / "feeds/decisions.atom.xml")
    withdrawn = by_id[BASE + "decisions/2026/cgz-2026-001/#withdrawn"]
    assert withdrawn.findtext(f"{ATOM}title") == "撤回公示：城關鎮罰〔2026〕1號"
    assert withdrawn.findtext(f"{ATOM}updated") == "2026-06-12T00:00:00+08:00"  # revoked.withdrawn
    assert withdrawn.find(f"{ATOM}link").get("href") == BASE + "decisions/2026/cgz-2026-001/"
    down = by_id[BASE + "decisions/2026/yjj-2026-004/#taken-down"]
    assert down.findtext(f"{ATOM}title") == "公示期滿撤下：示應急罰〔2026〕4號"
    assert down.findtext(f"{ATOM}updated") == "2026-06-03T00:00:00+08:00"  # 03-02 + 3 months, the day after
    text = (site / "feeds/decisions.atom.xml").read_text(encoding="utf-8")
    assert "示範縣永興建材有限公司" not in text and "早撤下某某" not in text
    # the revoked decision's original publication is gone; the notice page is what the entry links
    assert BASE + "decisions/2026/cgz-2026-001/" not in by_id
    notice = BeautifulSoup(
        (site / "decisions/2026/yjj-2026-004/index.html").read_text(encoding="utf-8"), "lxml"
    )
    assert "早撤下某某" not in notice.get_text()


def test_last_changed_per_dataset_from_git(site):
    catalog = {
        d["id"]: d for d in json.loads((site / "data/catalog.json").read_text(encoding="utf-8"))["datasets"]
    }
    assert catalog["decisions"]["last_changed"] == "2026-05-06"
    assert catalog["accidents"]["last_changed"] == "2026-01-05"
    assert catalog["blacklist"]["last_changed"] == "2026-01-05"
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert resources["decisions"]["last_changed"] == "2026-05-06"
    assert resources["accidents"]["last_changed"] == "2026-01-05"
    assert resources["changelog"]["path"] == "changelog.csv"


def test_changelog_lists_every_public_event(site):
    rows = json.loads((site / "data/changelog.json").read_text(encoding="utf-8"))
    events = {
        (r["id"], r["event"]): (r["date"], r["date_source"], r.get("reason"))
        for r in rows
        if r["kind"] == "decision"
    }
    assert events[("yjj-2026-001", "added")] == ("2026-03-10", "git", None)
    assert events[("yjj-2026-001", "changed")] == ("2026-05-06", "git", None)
    assert events[("yjj-2026-002", "added")] == ("2026-04-20", "git", None)
    assert events[("cgz-2026-001", "withdrawn")] == ("2026-06-12", "declared", "經行政復議撤銷")
    assert events[("yjj-2026-004", "taken_down")] == ("2026-06-03", "takedown", "公示期滿")
    assert ("yjj-2026-002", "changed") not in events
    assert {r["kind"] for r in rows} == {"decision", "blacklist", "accident", "warning", "action", "plan"}
    text = (site / "data/changelog.csv").read_text(encoding="utf-8-sig")
    assert "永興建材" not in text and "早撤下某某" not in text
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(rows) and table[0]["date"] <= table[-1]["date"]


def test_each_record_page_links_its_json_document(site):
    rows = json.loads((site / "data/decisions.json").read_text(encoding="utf-8"))
    assert rows
    for row in rows:
        doc = json.loads((site / row["url"] / "index.json").read_text(encoding="utf-8"))
        assert doc == row
    pages = [
        "decisions/2026/yjj-2026-001/",
        "decisions/2026/cgz-2026-001/",
        "decisions/2026/yjj-2026-004/",
        "blacklist/2026-q2/",
        "warnings/2026-05/",
        "actions/2026-01-hazchem/",
        "plans/2026/",
        "accidents/2019-05-03-tank-fire/",
    ]
    for url in pages:
        for prefix in ("", "zh-hans/"):
            page = BeautifulSoup((site / prefix / url / "index.html").read_text(encoding="utf-8"), "lxml")
            link = page.find("link", rel="alternate", type="application/json")
            assert link and link["href"] == f"/{url}index.json", (prefix, url)
            visible = page.find("a", href=f"/{url}index.json")
            assert visible and "JSON" in visible.get_text(), (prefix, url)
        assert json.loads((site / url / "index.json").read_text(encoding="utf-8")), url
        assert not (site / "zh-hans" / url / "index.json").exists()  # written once
    revoked = json.loads((site / "decisions/2026/cgz-2026-001/index.json").read_text(encoding="utf-8"))
    assert revoked["status"] == "revoked" and revoked["revoked_reason"] == "經行政復議撤銷"
    down = json.loads((site / "decisions/2026/yjj-2026-004/index.json").read_text(encoding="utf-8"))
    assert down["taken_down"] == "2026-06-03"
    for doc in (revoked, down):
        assert not [k for k in doc if k.startswith(("party", "facts", "penalties", "violation"))], doc
    action = json.loads((site / "actions/2026-01-hazchem/index.json").read_text(encoding="utf-8"))
    assert action["exposures"] and all(e["action"] == "2026-01-hazchem" for e in action["exposures"])
    assert not list(site.glob("decisions/2026/*/index.json.draft"))


def test_paged_feed_reaches_every_public_decision_once(demo_site):
    """The demo has more decisions than fit on one page: rel="next" reaches all of them, each once."""
    public = {
        BASE + r["url"] for r in json.loads((demo_site / "data/decisions.json").read_text(encoding="utf-8"))
    }
    assert len(public) > 50
    seen: list[str] = []
    url, pages = BASE + "feeds/decisions.atom.xml", 0
    while url:
        path = demo_site / url.removeprefix(BASE)
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        seen += [e.id for e in parsed.entries if "#" not in e.id]
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links["first"] == BASE + "feeds/decisions.atom.xml"
        url, pages = links.get("next"), pages + 1
    assert pages >= 2
    assert sorted(seen) == sorted(public)


def test_render_pages_with_first_last_previous_next():
    zone = "Asia/Shanghai"
    made = [
        feeds.Entry(f"t{i}", f"x/{i}/", dt.date(2026, 1, 1) + dt.timedelta(days=i), "s") for i in range(120)
    ]
    now = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    files = feeds.render(feeds.Feed("x", "X", made), BASE, "站", dt.date(2026, 12, 2), zone, now=now)
    assert list(files) == ["feeds/x.atom.xml", "feeds/x-2.atom.xml", "feeds/x-3.atom.xml"]
    middle = feedparser.parse(files["feeds/x-2.atom.xml"].encode())
    links = {link.rel: link.href for link in middle.feed.links}
    assert links["previous"] == BASE + "feeds/x.atom.xml" and links["next"] == BASE + "feeds/x-3.atom.xml"
    assert links["last"] == BASE + "feeds/x-3.atom.xml"
    assert len(middle.entries) == 50
    assert middle.entries[0].updated == "2026-12-02T09:30:00+08:00"  # not committed: the build time
    assert "next" not in {
        link.rel for link in feedparser.parse(files["feeds/x-3.atom.xml"].encode()).feed.links
    }
