"""A synthetic, realistic enforcement history for benchmarks: `invoke generate --decisions N`.

Deterministic for a seed: departments, N decisions over ten years with repeat
offenders (so enterprise pages aggregate), quarterly blacklists, monthly
warnings with accidents, bi-monthly actions with exposures. Every record is
valid and on time, so the build goes green.

Like a real county's, most decisions are recent (enforcement grew) and only the recent ones are
still public at the bench's date (2026-11-30, publicity.py): the last year's under 一般 or 嚴重,
the two years before mostly 嚴重 (36 months), older ones taken down. At 10,000 decisions about
4,000 are public. Every credit code is quoted (an all-digit one would be read as a YAML integer).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))

from transparency.identifiers import CREDIT_CHARSET, credit_check_char

DEPTS = [
    ("yjj", "應急管理局", "示應急罰"),
    ("scj", "市場監督管理局", "示市監罰"),
    ("zjj", "住房和城鄉建設局", "示住建罰"),
    ("jtj", "交通運輸局", "示交運罰"),
    ("xfdd", "消防救援大隊", "示消行罰"),
    ("zrj", "自然資源局", "示自然資罰"),
    ("slj", "水利局", "示水利罰"),
    ("nyj", "農業農村局", "示農罰"),
    ("gxj", "工業和信息化局", "示工信罰"),
    ("lyj", "林業局", "示林罰"),
    ("cgz", "城關鎮人民政府", "城關鎮罰"),
    ("hsz", "河西鎮人民政府", "河西鎮罰"),
]
INDUSTRIES = [
    "危險化學品",
    "煤礦",
    "非煤礦山",
    "建築施工",
    "道路運輸",
    "工貿",
    "燃氣",
    "消防",
    "特種設備",
    "煙花爆竹",
]
VIOLATIONS = [
    "未按規定對重大危險源進行安全評估",
    "特種作業人員未持證上崗",
    "未建立事故隱患排查治理制度",
    "未按規定開展安全生產教育和培訓",
    "安全設備未經常性維護保養",
    "未如實記錄安全生產教育和培訓情況",
    "生產經營場所的安全出口不符合要求",
    "未為從業人員提供符合標準的勞動防護用品",
]
WORDS = [
    "宏達",
    "恒泰",
    "金鼎",
    "順通",
    "安順",
    "永盛",
    "華鑫",
    "新興",
    "長城",
    "東方",
    "明珠",
    "鴻運",
    "盛世",
    "天成",
    "富源",
    "瑞豐",
    "博遠",
    "嘉禾",
    "信達",
    "中聯",
]
KINDS = ["化工", "機械", "建設工程", "物流", "燃氣", "建材", "採石", "紡織", "食品", "電子"]


def credit_code(rng: random.Random) -> str:
    body = "91439900" + "".join(rng.choice(CREDIT_CHARSET) for _ in range(9))  # region code: digits
    return body + credit_check_char(body)


def department_code(i: int) -> str:
    """A 機關's code (11…, region 439900) with a valid check character; the organisation code is MB99…"""
    body = f"11439900MB99{i:04d}0"
    return body + credit_check_char(body)


BENCH_DAY = dt.date(2026, 11, 30)  # bench.TODAY


def publicity_tier(rng: random.Random, decided: dt.date) -> str | None:
    """失信程度 (None: the default, 一般): the last year's 一般 or 嚴重, the two before mostly 嚴重, older any."""
    age = (BENCH_DAY - decided).days
    if age < 365:
        return rng.choice([None, None, "嚴重"])
    if age < 3 * 365:
        return "嚴重" if rng.random() < 0.9 else None
    return "嚴重" if rng.random() < 0.2 else None


def generate(root: Path, decisions: int, seed: int = 2026) -> Path:
    """Write a complete project (data/, content/) into `root`."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    data = root / "data"
    (data / "decisions").mkdir(parents=True)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "content" / "pages" / "about.md").write_text(
        "Title: 關於本站\nSlug: about\n\n合成資料。\n", encoding="utf-8"
    )
    (data / "departments.yaml").write_text(
        "".join(
            f"- {{id: {d}, name: 示範縣{n}, kind: {'township' if d.endswith('z') else 'department'}, "
            f'credit_code: "{department_code(i)}", duties: [decisions, blacklist]}}\n'
            for i, (d, n, _) in enumerate(DEPTS, 1)
        ),
        encoding="utf-8",
    )
    companies = []
    for i in range(max(10, decisions // 3)):
        name = f"示範縣{WORDS[i % len(WORDS)]}{KINDS[(i // len(WORDS)) % len(KINDS)]}{i}號有限公司"
        companies.append((name, credit_code(rng)))
    start, end = dt.date(2016, 1, 4), dt.date(2026, 11, 1)
    span = (end - start).days
    seq: dict[tuple[str, int], int] = {}
    offenders: dict[str, list[tuple[str, dt.date, str]]] = {}
    for i in range(decisions):
        dept, _, prefix = DEPTS[i % len(DEPTS)]
        decided = end - dt.timedelta(days=int(span * rng.random() ** 1.6))  # more in recent years
        n = seq[dept, decided.year] = seq.get((dept, decided.year), 0) + 1
        name, code = companies[int(len(companies) * rng.random() ** 2)]  # some companies far more often
        fine = rng.choice([5000, 10000, 20000, 30000, 50000, 80000, 100000, 200000])
        number = f"{prefix}〔{decided.year}〕{n}號"
        tier = publicity_tier(rng, decided)
        text = (
            f"number: {number}\ndepartment: {dept}\ndecided: {decided}\npublished: {decided + dt.timedelta(days=rng.randrange(1, 6))}\n"
            f'party: {{type: organization, name: {name}, credit_code: "{code}", representative: 李某某}}\n'
            + (f"tier: {tier}\n" if tier else "")
            + f"industry: {rng.choice(INDUSTRIES)}\nviolation: {rng.choice(VIOLATIONS)}\n"
            f"facts: |\n  經查，{name}於{decided.year}年{decided.month}月{rng.choice(VIOLATIONS)}，違反安全生產法律法規。\n\n"
            f"  以上事實有現場檢查筆錄、詢問筆錄為證。\n"
            f"basis: 《中華人民共和國安全生產法》第{rng.choice(['九十七', '九十九', '一百零一'])}條\n"
            f"penalties:\n  - {{type: fine, amount: {fine}}}\n"
        )
        folder = data / "decisions" / str(decided.year)
        folder.mkdir(exist_ok=True)
        (folder / f"{dept}-{decided.year}-{n:04d}.yaml").write_text(text, encoding="utf-8")
        offenders.setdefault(dept, []).append((name, decided, code, number))
    # Quarterly blacklists of the last year, for the departments' worst offenders.
    for q in range(1, 5):
        folder = data / "blacklists" / f"2025-q{q}"
        folder.mkdir(parents=True)
        for dept, _, _ in DEPTS:
            # One entry per party and listing day (a repeat offender may be decided twice on one day).
            # Listed for decisions of the second half of 2024 (still public), the same entries each quarter.
            first = dt.date(2025, 1, 1)
            once = {
                (name, day): (name, day, code, number)
                for name, day, code, number in offenders.get(dept, [])[::-1]
                if first - dt.timedelta(days=180) <= day < first
            }
            listed = sorted(once.values(), key=lambda t: t[1])[: max(1, decisions // 2000)]
            entries = "".join(
                f'  - party: {{type: organization, name: {name}, credit_code: "{code}"}}\n'
                f"    reason: 一年內發生兩起較大生產安全事故\n    basis: 《安全生產嚴重失信主體名單管理辦法》第六條\n"
                f"    listed: {day}\n    decisions: [{number}]\n"
                for name, day, code, number in listed
            )
            body = "entries:\n" + entries if entries else "entries: []\n"
            (folder / f"{dept}.yaml").write_text(
                f"quarter: 2025-Q{q}\ndepartment: {dept}\npublished: {dt.date(2025, 3 * q, 28) + dt.timedelta(days=10)}\n{body}",
                encoding="utf-8",
            )
    (data / "accidents").mkdir()
    for i in range(60):
        day = dt.date(2012 + i % 12, 1 + i % 12, 1 + i % 27)
        deaths = [1, 3, 5, 11][i % 4]
        level = {1: "一般", 3: "較大", 5: "較大", 11: "重大"}[deaths]
        (data / "accidents" / f"{day}-accident-{i}.yaml").write_text(
            f"date: {day}\ntitle: 某某公司「{day.month}·{day.day}」事故\nplace: 某省某縣\nindustry: {INDUSTRIES[i % 10]}\ntype: 爆炸\n"
            f"level: {level}\ndeaths: {deaths}\nserious_injuries: 0\ndirect_loss: 1000000\nsummary: 經過。\ncauses: 原因。\n",
            encoding="utf-8",
        )
    (data / "warnings").mkdir()
    for m in range(1, 13):
        (data / "warnings" / f"2025-{m:02d}.yaml").write_text(
            f"month: 2025-{m:02d}\npublished: 2025-{m:02d}-03\ntitle: {m}月安全生產警示\nanalysis: 往年同期事故分析。\nrequirements: 開展排查。\n",
            encoding="utf-8",
        )
    (data / "actions").mkdir()
    for b in range(6):
        s, e = dt.date(2025, 2 * b + 1, 1), dt.date(2025, 2 * b + 2, 20)
        name, code = companies[b]
        (data / "actions" / f"2025-{b + 1:02d}-action.yaml").write_text(
            f"title: 第{b + 1}次專項執法行動\nstart: {s}\nend: {e}\nlead: yjj\ndepartments: [yjj, scj]\n"
            f"results: {{inspected: 100, hazards: 200, rectified: 180, cases: 10, fines: 300000, suspended: 2}}\n"
            f"exposures:\n  - published: {e + dt.timedelta(days=10)}\n    subject_type: enterprise\n"
            f'    party: {{type: organization, name: {name}, credit_code: "{code}"}}\n    facts: 違法事實。\n',
            encoding="utf-8",
        )
    return root


def markdown_peer(root: Path, decisions: int, seed: int = 2026) -> Path:
    """The same decisions as Markdown articles for stock Pelican (the peer in the benchmark)."""
    rng = random.Random(seed)
    content = root / "content"
    if root.exists():
        shutil.rmtree(root)
    content.mkdir(parents=True)
    for i in range(decisions):
        day = dt.date(2016, 1, 4) + dt.timedelta(days=rng.randrange(3600))
        (content / f"d{i}.md").write_text(
            f"Title: 示應急罰〔{day.year}〕{i}號\nDate: {day}\nCategory: 處罰決定\n\n經查，示範縣某公司{rng.choice(VIOLATIONS)}。\n\n"
            f"處罰依據：《中華人民共和國安全生產法》。罰款人民幣 {rng.choice([5000, 10000, 50000])} 元。\n",
            encoding="utf-8",
        )
    return root


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
