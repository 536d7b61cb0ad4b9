"""Nothing executes that staff did not mean: an XSS corpus in every text field of every record kind."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, SITE

from transparency import schema

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</textarea><svg onload=alert(3)>",
    "' onmouseover='alert(4)",
    "javascript:alert(5)",
]
MD_PAYLOADS = [
    "[點我](javascript:alert(6))",
    "![圖](javascript:alert(7))",
    "<iframe src=javascript:alert(8)>",
]
SKIP = {"credit_code", "file"}  # checksum-validated or a file that must exist: neither can carry markup
CODES = [
    "91439900MA5X0KQ3TT",
    "91439901MA5X1KQ3T1",
    "91439902MA5X2KQ3T7",
    "91439903MA5X3KQ3TD",
    "91439904MA5X4KQ3TK",
    "91439905MA5X5KQ3TR",
]


def company(n: int) -> dict:
    """A different enterprise per record: each poisoned name stays one name per credit code."""
    return {
        "type": "organization",
        "name": "示範縣測試公司",
        "credit_code": CODES[n],
        "representative": "李某某",
        "address": "工業園",
    }


RECORDS = {
    "decisions/2026/yjj-2026-050.yaml": (
        schema.DECISION,
        {
            "number": "示應急罰〔2026〕50號",
            "department": "yjj",
            "decided": "2026-03-02",
            "published": "2026-03-09",
            "party": company(0),
            "violation": "違法",
            "facts": "事實",
            "basis": "依據",
            "penalties": [{"type": "fine", "amount": 1000}],
            "transfer": {"to": "公安局", "date": "2026-03-05"},
            "late": {"reason": "原因"},
            "attachments": [{"file": "scan.pdf", "title": "掃描件"}],
            # still public on 2027-04-10 (嚴重: 3 years); the scheduled repair's number is on its page
            "tier": "嚴重",
            "credit_repair": {"date": "2027-06-01", "document": "示信修〔2027〕1號"},
        },
    ),
    "decisions/2026/yjj-2026-052.yaml": (
        schema.DECISION,
        {
            "number": "示應急罰〔2026〕52號",
            "department": "yjj",
            "decided": "2026-03-02",
            "published": "2026-03-09",
            "party": company(5),
            "violation": "違法",
            "facts": "事實",
            "basis": "依據",
            "penalties": [{"type": "fine", "amount": 1000}],
            # credit-repaired: its page is the takedown notice, which shows the repair's number
            "credit_repair": {"date": "2026-07-01", "document": "示信修〔2026〕1號"},
        },
    ),
    "decisions/2026/yjj-2026-051.yaml": (
        schema.DECISION,
        {
            "number": "示應急罰〔2026〕51號",
            "department": "yjj",
            "decided": "2026-03-02",
            "published": "2026-03-09",
            "party": company(1),
            "violation": "違法",
            "facts": "事實",
            "basis": "依據",
            "penalties": [{"type": "warning"}],
            "status": "revoked",
            "revoked": {
                "date": "2026-04-01",
                "reason": "撤銷",
                "withdrawn": "2026-04-02",
                "late": {"reason": "原因"},  # shown on the withdrawal notice
            },
        },
    ),
    "blacklists/2027-q1/yjj.yaml": (
        schema.BLACKLIST,
        {
            "quarter": "2027-Q1",
            "department": "yjj",
            "published": "2027-04-09",
            "late": {"reason": "原因"},
            "entries": [
                {
                    "party": company(2),
                    "reason": "事由",
                    "basis": "依據",
                    "listed": "2026-01-05",  # removed after the 12 months B3 asks for
                    "removed": {"date": "2027-02-01", "reason": "信用修復"},
                }
            ],
        },
    ),
    "accidents/2015-06-01-xss.yaml": (
        schema.ACCIDENT,
        {
            "date": "2015-06-01",
            "title": "事故",
            "place": "某地",
            "industry": "工貿",
            "type": "火災",
            "level": "一般",
            "deaths": 1,
            "serious_injuries": 0,
            "direct_loss": 100,
            "summary": "經過",
            "causes": "原因",
            "lessons": "教訓",
        },
    ),
    "warnings/2026-06.yaml": (
        schema.WARNING,
        {
            "month": "2026-06",
            "published": "2026-06-05",
            "title": "警示",
            "analysis": "分析",
            "requirements": "要求",
            "late": {"reason": "原因"},
        },
    ),
    "actions/2026-09-xss.yaml": (
        schema.ACTION,
        {
            "title": "行動",
            "start": "2026-06-01",
            "end": "2026-07-31",
            "lead": "yjj",
            "departments": ["yjj"],
            "circular": {"published": "2026-08-05", "text": "通報"},
            "late": {"reason": "原因"},
            "exposures": [
                {
                    "published": "2026-08-10",
                    "subject_type": "enterprise",
                    "party": company(3),
                    "facts": "事實",
                    "handling": "處理",
                    "late": {"reason": "原因"},
                },
                {
                    "published": "2026-08-10",
                    "subject_type": "official",
                    "department": "yjj",
                    "subject": "執法人員王某",
                    "conduct": "慢作為",
                    "facts": "事實",
                    "handling": "處理",
                },
            ],
        },
    ),
    "plans/2027/yjj.yaml": (
        schema.PLAN,
        {
            "year": 2027,
            "department": "yjj",
            "approved": "2027-03-20",
            "published": "2027-03-25",
            "fixed_point": [{"party": company(4), "month": "2027-05"}],
            "random_checks": {"share": 0.1, "count": 5, "months": ["2027-04"]},
            "supervision": "監察",
            "late": {"reason": "原因"},
        },
    ),
}


def poison(fld: schema.Field, value, n=[0]):  # noqa: B006 — a counter shared on purpose: every field a different payload
    """Put a payload into every text field (adding optional ones), recursively."""
    if fld.kind == "object":
        value = dict(value or {})
        for child in fld.fields:
            if child.name in SKIP:
                continue
            if child.name in value or child.kind in ("str", "md"):
                value[child.name] = poison(child, value.get(child.name))
        return value
    if fld.kind == "list" and fld.item.kind == "object":
        return [poison(fld.item, v) for v in value or []]
    if fld.kind in ("str", "md"):
        n[0] += 1
        payloads = PAYLOADS + (MD_PAYLOADS if fld.kind == "md" else [])
        return f"{value or '文字'}{payloads[n[0] % len(payloads)]}"
    return value


def text_fields(fld: schema.Field, prefix="") -> set[str]:
    if fld.kind == "object":
        return set().union(*(text_fields(c, f"{prefix}{c.name}.") for c in fld.fields if c.name not in SKIP))
    if fld.kind == "list" and fld.item.kind == "object":
        return text_fields(fld.item, prefix)
    return {prefix.rstrip(".")} if fld.kind in ("str", "md") else set()


def poisoned_paths(value, prefix="") -> set[str]:
    if isinstance(value, dict):
        return set().union(set(), *(poisoned_paths(v, f"{prefix}{k}.") for k, v in value.items()))
    if isinstance(value, list):
        return set().union(set(), *(poisoned_paths(v, prefix) for v in value))
    return (
        {prefix.rstrip(".")}
        if isinstance(value, str) and any(p in value for p in PAYLOADS + MD_PAYLOADS)
        else set()
    )


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("xss") / "site"
    shutil.copytree(SITE, site)
    data = site / "data"
    (site / "content" / "attachments").mkdir(parents=True, exist_ok=True)
    (site / "content" / "attachments" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    for rel, (fld, record) in RECORDS.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(poison(fld, copy.deepcopy(record)), allow_unicode=True, sort_keys=False)
        path.write_text(
            re.sub(r"'(\d{4}-\d{2}(?:-\d{2})?)'", r"\1", text), encoding="utf-8"
        )  # dates unquoted
    depts = yaml.safe_load((data / "departments.yaml").read_text(encoding="utf-8"))
    for d in depts:
        d["name"] = poison(schema.DEPARTMENT, d)["name"]
    (data / "departments.yaml").write_text(yaml.safe_dump(depts, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TRANSPARENCY_TODAY": "2027-04-10"}
    cmd = [sys.executable, "-m", "pelican", "content", "-s", str(ROOT / "pelicanconf.py"), "-o", "output"]
    result = subprocess.run(cmd, cwd=site, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_the_corpus_covers_every_text_field_of_every_kind(xss_site):
    covered: dict[str, set[str]] = {}
    for rel, (fld, _) in RECORDS.items():
        written = yaml.safe_load((xss_site / "data" / rel).read_text(encoding="utf-8"))
        covered.setdefault(fld.name, set()).update(poisoned_paths(written))
    kinds = {fld.name: fld for fld, _ in RECORDS.values()}
    assert set(kinds) == {"decision", "blacklist", "accident", "warning", "action", "plan"}
    for name, fld in kinds.items():
        assert covered[name] >= text_fields(fld), name


def test_no_script_event_handler_or_javascript_url_reaches_a_page(xss_site):
    site = xss_site / "output"
    ours = {
        "/theme/js/elder.js",  # 長者模式, remembered (every page's head)
        "/theme/js/moved.js",  # the 404 page: old /large/ addresses
        "/pagefind/pagefind-ui.js",
        "/pagefind/shards.js",
        "/theme/js/search.js",
        "/theme/js/site.js",
        "/theme/js/zh-map.js",
    }
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts]
    assert len(pages) > 40
    seen_payload = False
    for html in pages:
        text = html.read_text(encoding="utf-8")
        seen_payload |= "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        soup = BeautifulSoup(text, "lxml")
        for script in soup.find_all("script"):
            assert script.get("src") in ours and not script.string, (html, script)
        for el in soup.find_all(True):
            assert not [a for a in el.attrs if a.lower().startswith("on")], (html, el)
            for attr in ("href", "src", "action", "formaction"):
                assert not str(el.get(attr, "")).strip().lower().startswith("javascript:"), (html, el)
        assert not soup.find_all(["iframe", "textarea", "img", "object", "embed"]), html
        assert all("chart" in (svg.get("class") or []) for svg in soup.find_all("svg")), html
    assert seen_payload, "the payloads must appear, escaped, as text"


def test_feeds_and_exports_carry_text_not_markup(xss_site):
    site = xss_site / "output"
    from lxml import etree

    for feed in (site / "feeds").glob("*.xml"):
        root = etree.parse(str(feed)).getroot()  # well-formed despite the payloads
        assert root is not None
    csv_text = (site / "data" / "decisions.csv").read_text(encoding="utf-8-sig")
    assert "<script>alert(1)</script>" in csv_text or "onerror" in csv_text  # data stays data
