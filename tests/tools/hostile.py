"""The hostile-input corpus: each case changes a copy of the fixture site, then `check` and a build run on it.

A case is a folder `tests/fixtures/hostile/<class>/<case>/` with a `case.yaml`:

    title: 身分證號中間有空格           # what the case tries
    expect: caught                      # caught | safe
    rule: PII                           # caught: the rule of an ERROR line, in check's output and the build's
    place: data/decisions/2026/x.yaml:7 # optional: the file:line that line must name
    phrase: 身分證號                     # optional: a phrase that line must contain
    build_only: false                   # caught by the build only (check need not see it)
    harm: ["430521 19900307 1235"]      # strings that must be in no output file, whatever the verdict
    present: ["示範縣"]                  # safe: strings the output must hold (the page was rendered)
    files: {data/decisions/2026/x.yaml: "number: …"}   # files to write (text; ${repeat:ab:3} → ababab)
    remove: [content/pages/about.md]    # files or folders of the fixture site to delete
    symlinks: {content/attachments/x.pdf: /etc/passwd}  # links to make
    settings: {max_string_chars: 1000}  # TRANSPARENCY keys for this case
    git:                                # optional history: each step writes/removes, then commits all
      - {commit: 初始, date: "2026-03-01T10:00:00+08:00"}
      - {files: {…}, remove: […], commit: 改, date: "…"}

A folder `files/` beside case.yaml is copied over the site first (for bytes a YAML string cannot hold).

The verdicts:
- caught: the build failed, and check and the build each printed `ERROR <rule> <place> …` in Chinese with a fix
- safe: the build passed and no output file holds a `harm` string (and every `present` one is there)
- harm: the build passed and published a `harm` string, or published what should have been caught
- crash: a traceback, a signal, an exit code other than 0 or 1, or no answer within the time limit
- misleading: the build failed, but not with the expected rule, place or phrase, or without Chinese

`python tests/tools/hostile.py [--code DIR] [CLASS or CLASS/CASE …]` prints each case's verdict and the counts per class;
`--code` runs another checkout's plugin and settings over this corpus (to measure before and after).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "hostile"
SITE = ROOT / "tests" / "fixtures" / "site"
TODAY = "2026-11-30"
TIMEOUT = 120  # seconds for each of check and build: a bounded run takes a few
VERDICTS = ("caught", "safe", "harm", "crash", "misleading")
_REPEAT = re.compile(r"\$\{repeat:(.*?):(\d+)\}", re.S)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Result:
    case: str
    verdict: str
    expected: str
    why: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict == self.expected


def cases(selected: list[str] | None = None) -> list[Path]:
    """Every case folder, sorted; optionally only some classes (`pii`) or cases (`pii/id-spaced`)."""
    found = sorted(p.parent for p in CORPUS.glob("*/*/case.yaml"))
    return [p for p in found if not selected or {p.parent.name, f"{p.parent.name}/{p.name}"} & set(selected)]


def _expand(text: str) -> str:
    return _REPEAT.sub(lambda m: m[1] * int(m[2]), text)


def _write(site: Path, files: dict, remove: list) -> None:
    for rel in remove or ():
        target = site / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    for rel, text in (files or {}).items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        with open(target, "w", encoding="utf-8", newline="") as fh:
            fh.write(_expand(text))


def _git(site: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "staff",
        "GIT_AUTHOR_EMAIL": "staff@example.gov.cn",
        "GIT_COMMITTER_NAME": "staff",
        "GIT_COMMITTER_EMAIL": "staff@example.gov.cn",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)


def prepare(case: Path, dest: Path, code: Path = ROOT) -> tuple[Path, dict]:
    """Lay out the case's site in `dest`; returns the site and the case's description."""
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    site = dest / "site"
    shutil.copytree(SITE, site, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    if (case / "files").is_dir():
        shutil.copytree(case / "files", site, dirs_exist_ok=True, symlinks=True)
    _write(site, spec.get("files"), spec.get("remove"))
    for rel, target in (spec.get("symlinks") or {}).items():
        link = site / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink() if not link.is_dir() or link.is_symlink() else shutil.rmtree(link)
        link.symlink_to(target)
    settings = {"pagefind": False, **(spec.get("settings") or {})}
    (site / "hostile_settings.py").write_text(
        f"import sys\nsys.path.insert(0, {str(code)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"THEME = {str(code / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(code / 'plugins')!r}]\n"
        f"TRANSPARENCY = {{**TRANSPARENCY, **{settings!r}}}  # noqa: F405\n",
        encoding="utf-8",
    )
    if spec.get("git"):
        _git(site, "init", "-q", "-b", "main")
        for step in spec["git"]:
            _write(site, step.get("files"), step.get("remove"))
            _git(site, "add", "-A")
            _git(
                site,
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                step.get("commit", "change"),
                date=step.get("date"),
            )
    return site, spec


def _run(cmd: list[str], site: Path, code: Path) -> tuple[int | None, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(code / "plugins"),
        "TRANSPARENCY_TODAY": TODAY,
        "PYTHONHASHSEED": "random",
    }
    try:
        done = subprocess.run(
            cmd, cwd=site, env=env, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return None, f"no answer within {TIMEOUT} s"
    text = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    return done.returncode, text


def _harm_found(output: Path, harms: list[str]) -> str:
    if not harms or not output.exists():
        return ""
    wanted = [h.encode("utf-8") for h in harms]
    for path in output.rglob("*"):
        if path.is_symlink():
            return f"{path.relative_to(output)} is a symlink in the output"
        if not path.is_file():
            continue
        data = path.read_bytes()
        for h, raw in zip(harms, wanted, strict=True):
            if raw in data:
                return f"{path.relative_to(output)} holds {h!r}"
    return ""


def _error_line(text: str, spec: dict) -> str | None:
    """The ERROR line that matches the case's rule, place and phrase, if any."""
    for line in text.splitlines():
        if not line.startswith(f"ERROR {spec.get('rule', '')} "):
            continue
        if spec.get("place") and f" {spec['place']} " not in line:
            continue
        if spec.get("phrase") and str(spec["phrase"]) not in line:
            continue
        if not _HAN.search(line) or "修正" not in line:
            continue
        return line
    return None


def judge(case: Path, code: Path = ROOT) -> Result:
    """Run check and build over the case and give the verdict."""
    name = f"{case.parent.name}/{case.name}"
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        site, spec = prepare(case, Path(tmp), code)
        expected = spec["expect"]
        check_rc, check_out = _run(
            [
                sys.executable,
                "-m",
                "transparency",
                "check",
                "--root",
                ".",
                "--settings",
                "hostile_settings.py",
            ],
            site,
            code,
        )
        build_rc, build_out = _run(
            [sys.executable, "-m", "pelican", "content", "-s", "hostile_settings.py", "-o", "output"],
            site,
            code,
        )
        output = site / "output"
        for rc, out, what in ((check_rc, check_out, "check"), (build_rc, build_out, "build")):
            if rc is None or rc not in (0, 1) or "Traceback (most recent call last)" in out:
                return Result(name, "crash", expected, f"{what}: exit {rc}: {out[-600:]}")
        harm = _harm_found(output, spec.get("harm") or [])
        if build_rc == 0:
            if harm:
                return Result(name, "harm", expected, harm)
            if expected == "caught":
                return Result(name, "harm", expected, "the build passed: " + build_out[-400:])
            missing = [p for p in spec.get("present") or [] if not _harm_found(output, [p])]
            if missing:
                return Result(name, "misleading", expected, f"output lacks {missing}")
            return Result(name, "safe", expected)
        if expected == "safe":
            return Result(name, "misleading", expected, "the build failed: " + build_out[-600:])
        if _error_line(build_out, spec) is None:
            return Result(name, "misleading", expected, "build: " + build_out[-600:])
        if not spec.get("build_only") and _error_line(check_out, spec) is None:
            return Result(name, "misleading", expected, "check: " + check_out[-600:])
        return Result(name, "caught", expected)


def judge_all(selected: list[Path], code: Path = ROOT, workers: int = 2) -> list[Result]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: judge(c, code), selected))


def report(results: list[Result]) -> str:
    """The counts per class and verdict, as a Markdown table."""
    counts: dict[str, Counter] = {}
    for r in results:
        counts.setdefault(r.case.split("/")[0], Counter())[r.verdict] += 1
    rows = ["| class | cases | " + " | ".join(VERDICTS) + " |", "|---|---|" + "---|" * len(VERDICTS)]
    total: Counter = Counter()
    for cls, c in sorted(counts.items()):
        total += c
        rows.append(f"| {cls} | {sum(c.values())} | " + " | ".join(str(c[v]) for v in VERDICTS) + " |")
    rows.append(f"| all | {sum(total.values())} | " + " | ".join(str(total[v]) for v in VERDICTS) + " |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("classes", nargs="*", help="classes (pii) or cases (pii/id-spaced); all when none")
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose plugin and settings run")
    parser.add_argument("--json", type=Path, help="write the verdicts here")
    args = parser.parse_args()
    results = judge_all(cases(args.classes), args.code.resolve())
    for r in results:
        mark = "ok " if r.ok else "BAD"
        print(
            f"{mark} {r.verdict:<10} (expected {r.expected:<6}) {r.case}  {r.why[:300]!r}"
            if r.why
            else f"{mark} {r.verdict:<10} {r.case}"
        )
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
