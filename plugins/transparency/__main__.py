"""`python -m transparency check`: every rule, no rendering (for invoke check and pre-commit)."""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from .dataset import load_dataset
from .findings import RULES, sort_findings, summary, to_json
from .settings import load_config, resolve_today


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="transparency", description="檢查公示記錄，不生成網站")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="載入、驗證並執行全部規則")
    check.add_argument("--root", default=".", help="專案根目錄（含 pelicanconf.py 與 data/）")
    check.add_argument("--settings", default="pelicanconf.py", help="設定檔")
    check.add_argument("--json", action="store_true", help="以 JSON 輸出")
    check.add_argument("--rule", action="append", default=[], help="只執行指定規則，如 D1（可重複）")
    sub.add_parser("rules", help="列出全部規則")
    args = parser.parse_args(argv)

    if args.command == "rules":
        for rule, meaning in RULES.items():
            print(f"{rule}\t{meaning}")
        return 0

    root = Path(args.root).resolve()
    settings_path = root / args.settings
    values = runpy.run_path(str(settings_path)).get("TRANSPARENCY") if settings_path.exists() else None
    config, findings = load_config(values)
    unknown = [r for r in args.rule if r not in RULES]
    if unknown:
        parser.error(f"未知規則 {', '.join(unknown)}；可用：{', '.join(RULES)}")
    _, more = load_dataset(root, config, resolve_today(config), set(args.rule) or None)
    findings = sort_findings(findings + more)
    if args.json:
        print(to_json(findings))
    else:
        for f in findings:
            print(f.format())
        print(summary(findings), file=sys.stderr)
    return 1 if any(f.is_error for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
