"""`python -m transparency check`: every rule, no rendering (for invoke check and pre-commit)."""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from .dataset import load_dataset
from .findings import RULES, rule_texts, sort_findings, summary, to_json
from .settings import load_config, resolve_today


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="transparency", description="檢查公示記錄，不生成網站")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="載入、驗證並執行全部規則")
    check.add_argument("--root", default=".", help="專案根目錄（含 pelicanconf.py 與 data/）")
    check.add_argument("--settings", default="pelicanconf.py", help="設定檔")
    check.add_argument("--json", action="store_true", help="以 JSON 輸出")
    check.add_argument("--rule", action="append", default=[], help="只執行指定規則，如 D1（可重複）")
    check.add_argument("--only", nargs="*", default=None, help="只報告這些檔案的問題（pre-commit 用）")
    rules = sub.add_parser("rules", help="列出全部規則（期限取自設定）")
    rules.add_argument("--root", default=".")
    rules.add_argument("--settings", default="pelicanconf.py")
    new = sub.add_parser("new", help="按範本新建一條記錄")
    new.add_argument(
        "kind", choices=["decision", "blacklist", "blacklist-entry", "warning", "action", "plan", "accident"]
    )
    new.add_argument("when", nargs="?", help="季度（2026-Q4）、月份（2026-06）或年度（2027）")
    new.add_argument("--department", help="部門代號，如 yjj")
    new.add_argument("--root", default=".")
    new.add_argument("--settings", default="pelicanconf.py")
    deadlines = sub.add_parser("deadlines", help="列出今後若干日內到期的公示義務")
    deadlines.add_argument("--days", type=int, default=14)
    deadlines.add_argument("--root", default=".")
    deadlines.add_argument("--settings", default="pelicanconf.py")
    imp = sub.add_parser("import", help="從監管執法軟件匯出的表格（CSV 或 XLSX）匯入處罰決定書")
    imp.add_argument("kind", choices=["decisions"])
    imp.add_argument("file")
    imp.add_argument("--root", default=".")
    imp.add_argument("--settings", default="pelicanconf.py")
    export = sub.add_parser("export", help="導出全國雙公示上報格式（CSV 和 XLSX）")
    export.add_argument("kind", choices=["credit"])
    export.add_argument("--out", default="exports", help="輸出文件夾（已被 git 忽略）")
    export.add_argument("--root", default=".")
    export.add_argument("--settings", default="pelicanconf.py")
    audit = sub.add_parser("audit", help="由開放數據重算網站上的數字，與頁面核對")
    audit.add_argument("output", nargs="?", default="output", help="生成的網站文件夾")
    args = parser.parse_args(argv)
    if args.command == "audit":
        from . import audit as honesty

        return honesty.main(args.output)
    _SETTINGS.clear()  # one command, one reading: a later call (tests, the hook) reads the file anew
    _speak(args)
    if args.command == "import":
        return _import(args)
    if args.command == "export":
        return _export(args)

    if args.command == "rules":
        for rule, meaning in rule_texts(load_config(_settings(args))[0]).items():
            print(f"{rule}\t{meaning}")
        return 0
    if args.command == "new":
        return _new(args)
    if args.command == "deadlines":
        return _deadlines(args)

    root = Path(args.root).resolve()
    config, findings = load_config(_settings(args))
    unknown = [r for r in args.rule if r not in RULES]
    if unknown:
        parser.error(f"未知規則 {', '.join(unknown)}；可用：{', '.join(RULES)}")
    _, more = load_dataset(root, config, resolve_today(config), set(args.rule) or None)
    findings = sort_findings(findings + more)
    if args.only is not None:
        wanted = {Path(f).resolve() for f in args.only}
        # A deleted or renamed record (U1) has no file to pass, yet must stop the commit that removes it.
        findings = [f for f in findings if (root / f.path).resolve() in wanted or f.rule == "U1"]
    if args.json:
        print(to_json(findings))
    else:
        for f in findings:
            print(f.format())
        sys.stdout.flush()  # the findings first, then the summary, even when both go to one pipe
        print(summary(findings), file=sys.stderr)
    return 1 if any(f.is_error for f in findings) else 0


_SETTINGS: dict[Path, dict | None] = {}


def _settings(args) -> dict | None:
    """TRANSPARENCY from the settings file, run once per command however many steps ask for it."""
    path = Path(getattr(args, "root", ".")).resolve() / getattr(args, "settings", "pelicanconf.py")
    if path not in _SETTINGS:
        _SETTINGS[path] = runpy.run_path(str(path)).get("TRANSPARENCY") if path.is_file() else None
    return _SETTINGS[path]


def _speak(args) -> None:
    """Print in the script the settings ask for (messages_script), whatever the command."""
    from .speech import speak

    try:
        values = _settings(args)
    except Exception:  # a broken settings file is reported by the command itself
        return
    speak(load_config(values)[0].messages_script)


def _load(args):
    root = Path(args.root).resolve()
    config, _ = load_config(_settings(args))
    today = resolve_today(config)
    ds, findings = load_dataset(root, config, today)
    return root, config, today, ds, findings


def _new(args) -> int:
    from .scaffold import new_record

    root, config, today, ds, _ = _load(args)
    if args.kind == "blacklist-entry":
        return _new_entry(args, root, config, today, ds)
    try:
        rel, text = new_record(ds, args.kind, today, args.department, args.when)
    except ValueError as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return 2
    if args.department and ds.departments and args.department not in ds.departments:
        print(f"錯誤：部門「{args.department}」不存在；可用：{'、'.join(ds.departments)}", file=sys.stderr)
        return 2
    path = root / config.data_path / rel
    if path.exists():
        hint = (
            f"；要在名單中加一項，用 invoke new blacklist-entry {args.when or '<季度>'} --department {args.department}"
            if args.kind == "blacklist"
            else ""
        )
        print(f"錯誤：{path.relative_to(root)} 已存在，未覆蓋{hint}", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已建立 {path.relative_to(root)}：填好各欄，執行 invoke check，刪除 draft: true 後提交即公示。")
    return 0


def _new_entry(args, root, config, today, ds) -> int:
    """One blacklist entry, appended to the quarter's list (started from its template when missing)."""
    from .scaffold import append_entry, blacklist_entry, new_record

    if args.department and ds.departments and args.department not in ds.departments:
        print(f"錯誤：部門「{args.department}」不存在；可用：{'、'.join(ds.departments)}", file=sys.stderr)
        return 2
    try:
        rel, entry = blacklist_entry(today, args.department, args.when)
        existing = (root / config.data_path / rel).exists()
        text = None if existing else new_record(ds, "blacklist", today, args.department, args.when)[1]
    except ValueError as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return 2
    path = root / config.data_path / rel
    shown = path.relative_to(root)
    merged = append_entry(path.read_text(encoding="utf-8") if existing else text, entry)
    if merged is None:
        print(entry, end="")
        print(
            f"以上條目未寫入：{shown} 的最後一項不是 entries；修正：把它複製到 entries: 下面，"
            "「  - party:」與其他條目對齊",
            file=sys.stderr,
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(merged, encoding="utf-8")
    made = "" if existing else "（新建的季度名單，draft: true）"
    print(f"已在 {shown}{made} 末尾添加一個條目：填好各字段，執行 invoke check 後提交。")
    return 0


def _import(args) -> int:
    from .importer import RowError, import_decisions

    root, _, _, ds, _ = _load(args)
    try:
        outcomes = import_decisions(Path(args.file), ds, root)
    except OSError as exc:
        print(f"錯誤：無法讀取 {args.file}（{exc}）", file=sys.stderr)
        return 2
    except RowError as exc:
        print(f"錯誤：{args.file}：{exc}", file=sys.stderr)
        return 2
    done = [o for o in outcomes if o.path]
    failed = [o for o in outcomes if o.problem]
    for o in done:
        print(f"第 {o.row} 行 → {o.path}" + (f"（注意：{o.note}）" if o.note else ""))
    for o in failed:
        for problem in o.problems:  # 第 7 行「決定日期」列（C 列）：…, each problem of the row
            place, _, rest = problem.partition("：")
            print(f"{place} 未匯入：{rest}")
    print(f"匯入 {len(done)} 行，未匯入 {len(failed)} 行。匯入的記錄請先執行 invoke check 再提交。")
    return 1 if failed else 0


def _export(args) -> int:
    from . import credit

    root, _, _, ds, findings = _load(args)
    broken = sorted({f.path for f in findings if f.is_error and f.rule.startswith("V")})
    # The same rows as the site's /data/credit/: a taken-down decision is never exported.
    table = credit.rows(ds.published_decisions, ds.departments, ds.config, ds.today)
    out = root / args.out
    credit.write_csv(out / "xzcf.csv", table)
    credit.write_xlsx(out / "xzcf.xlsx", table)
    print(
        f"已導出 {len(table) - 1} 條處罰決定到 {args.out}/xzcf.csv 和 {args.out}/xzcf.xlsx"
        "（全國雙公示格式，與網站 /data/credit/ 下的文件相同；公示截止期按失信程度計算，公示期滿或信用修復的決定不導出）。"
    )
    if broken:
        print(
            f"注意：{len(broken)} 個檔案有錯誤，其中的記錄可能缺失或不全（先執行 invoke check 修正）：{'、'.join(broken)}"
        )
    return 0


def _deadlines(args) -> int:
    from . import compliance

    _, _, today, ds, findings = _load(args)
    broken = sorted({f.path for f in findings if f.is_error and f.rule.startswith("V")})
    upcoming = compliance.upcoming(ds, args.days)
    if broken:
        print(
            f"注意：{len(broken)} 個檔案有錯誤，期限未能計入（先執行 invoke check 修正）：{'、'.join(broken)}"
        )
    if not upcoming:
        print(f"今後 {args.days} 日內沒有到期的公示義務。")
        return 0
    print(f"今後 {args.days} 日內到期（今天 {today}）：")
    for item in upcoming:
        left = (item.due - today).days
        when = "今天到期" if left == 0 else f"還有 {left} 日"
        note = f"，{item.note}" if item.note else ""
        print(f"{item.due}（{when}）{item.label}：{item.subject}（{item.owner}）{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
