"""Project commands (invoke --list): check, new, deadlines, import, serve, build, publish, test…

Each task's first docstring line is what `invoke --list` shows staff: Chinese, short.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task
from invoke.parser import parser as _parser

# `invoke new warning 2026-06` and `invoke new decision --department yjj`: invoke requires every
# positional argument, so the optional second one (`when`) is filled with "" when it is absent.
_complete = _parser.ParseMachine.complete_context


def _complete_optional_when(self) -> None:
    if self.context and self.context.name == "new":
        for arg in self.context.missing_positional_args:
            if arg.name == "when":
                arg.value = ""
    _complete(self)


_parser.ParseMachine.complete_context = _complete_optional_when

ROOT = Path(__file__).resolve().parent
PY = sys.executable
ENV = {"PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")])}


def _run(c, command: str, env: dict | None = None, warn: bool = False, **_ignored) -> int:
    """Run a command in the project folder; on failure exit with its code (unless `warn`).

    The child writes straight to this terminal or pipe (inherited stdout and stderr), never through
    invoke's `c.run`, which decodes output in 1000-byte chunks and turns a Chinese character split
    across two chunks into U+FFFD. Python children run unbuffered, so a finding (stdout) and the
    summary (stderr) reach a shared pipe in the order they were printed, each on its own line.
    """
    full_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        code = subprocess.run(command, shell=True, cwd=ROOT, env=full_env).returncode
    except KeyboardInterrupt:  # Ctrl+C (invoke serve): the child got it too
        if warn:
            return 130
        raise Exit(code=130) from None
    if code < 0:  # killed by a signal: the shell's convention
        code = 128 - code
    if code and not warn:
        raise Exit(code=code)
    return code


def _pagefind_ready() -> bool:
    ready = any((ROOT / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended"))
    return ready and (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists()


def ensure_pagefind(c) -> None:
    """Install the pinned Pagefind binary (and axe-core for the tests) from the npm registry when missing."""
    if os.environ.get("PAGEFIND_BINARY") or _pagefind_ready():
        return
    if not shutil.which("npm"):
        sys.exit("需要 npm 來安裝 Pagefind 1.6.0（擴展版）；請先安裝 Node.js，或設定 PAGEFIND_BINARY")
    print("安裝 Pagefind 1.6.0（npm ci）……", file=sys.stderr)
    _run(c, "npm ci --no-audit --no-fund --loglevel=error")


def ensure_chromium(c) -> None:
    """Debian's Chromium for the browser tests; installed with apt when running as root."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("安裝 Chromium（apt-get）以執行瀏覽器測試……", file=sys.stderr)
        _run(
            c,
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk",
        )
    else:
        print("找不到 /usr/bin/chromium：瀏覽器測試會失敗。請安裝 Debian 套件 chromium。", file=sys.stderr)


@task
def setup(c):
    """安裝構建和測試所需的軟件（pip 包、Pagefind、Chromium）。"""
    _run(c, f"{PY} -m pip install -q -r requirements.txt")
    ensure_pagefind(c)
    ensure_chromium(c)


@task(help={"settings": "設置文件（pelicanconf.py 或 publishconf.py）"})
def build(c, settings="pelicanconf.py"):
    """生成網站到 output/ 並建立搜索索引；有錯誤時不生成。"""
    ensure_pagefind(c)
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pelican content -s {settings}", env=ENV)


@task(help={"json": "以 JSON 輸出", "rule": "只檢查這條規則，如 D1（可重複）"}, iterable=["rule"])
def check(c, json=False, rule=None):
    """檢查全部記錄（不生成網站）；有錯誤時退出碼為 1。"""
    args = " --json" if json else ""
    args += "".join(f" --rule {r}" for r in rule or [])
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency check{args}", env=ENV)


@task(
    help={
        "port": "本機端口（默認 8000）",
        "drafts": "連草稿一起生成（標明「草稿預覽」），寫入 preview/，不會發布",
    }
)
def serve(c, port=8000, drafts=False):
    """在本機預覽網站 http://localhost:8000/（--drafts：連草稿一起預覽，不會發布）。"""
    if drafts:
        build(c, settings="previewconf.py")
        folder = ROOT / "preview"
        print(f"草稿預覽已生成：http://localhost:{port}/ （寫入 preview/，不會發布；Ctrl+C 結束）")
    else:
        build(c)
        folder = ROOT / "output"
        print(f"網站已生成：http://localhost:{port}/ （Ctrl+C 結束）")
    server = site_server(folder, int(port))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def site_server(folder: Path, port: int = 0):
    """A local server of a built site that answers as the README's nginx/Apache rules do: an old
    長者模式 address (/large/…, /zh-hans/large/…) is a permanent redirect to the same page with the mode
    on (…#elder), and a missing page gets the site's 404.html. Port 0: any free port."""
    import functools
    import http.server

    sys.path.insert(0, str(ROOT / "plugins"))
    from transparency.variants import ELDER, legacy_large

    class Handler(http.server.SimpleHTTPRequestHandler):
        def send_head(self):
            path, _, query = self.path.partition("?")
            target = legacy_large(path.partition("#")[0], elder=False)
            if target is None:
                return super().send_head()
            self.send_response(301)
            self.send_header("Location", target + (f"?{query}" if query else "") + ELDER)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None

        def send_error(self, code, message=None, explain=None):
            page = Path(self.directory) / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    handler = functools.partial(Handler, directory=str(folder))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


@task(
    help={
        "port": "本機端口（默認 8000）",
        "settings": "設置文件（默認 pelicanconf.py）",
    }
)
def livereload(c, port=8000, settings="pelicanconf.py"):
    """邊改邊看：保存 data/、content/、theme/ 或設置後自動重新生成，預覽 http://localhost:8000/。"""
    # As pelican-quickstart's livereload task, without its `livereload` package: watchfiles (which Pelican
    # itself requires) watches, and every rebuild runs in this one process, on one Pelican object, as
    # `pelican --autoreload` does. Unlike --autoreload it watches data/, and a failed build (a finding,
    # a record with an error) keeps watching: staff fix the file, save, and the site is rebuilt.
    import threading
    import traceback
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from watchfiles import watch

    ensure_pagefind(c)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican import get_instance, parse_arguments

    settings_file = (ROOT / settings).resolve()
    args = parse_arguments(["content", "-s", str(settings_file)])
    output = ROOT / "output"

    def rebuild(pelican) -> None:
        try:
            pelican.run()
        except SystemExit:  # BuildFailed: the findings are printed; output/ is untouched
            print("（已保留上次成功生成的網站；修正後保存，會自動重新生成）", file=sys.stderr)
        except Exception:  # a watcher keeps watching
            traceback.print_exc()

    pelican, _ = get_instance(args)
    rebuild(pelican)
    # output/ is replaced by a rename on each successful build: the handler resolves the folder by
    # name on every request, so it always serves the newest site.
    handler = partial(SimpleHTTPRequestHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"網站已生成：http://localhost:{port}/ （保存文件後自動重新生成；Ctrl+C 結束）", flush=True)
    watched = [str(ROOT / d) for d in ("data", "content", "theme") if (ROOT / d).exists()]
    try:
        for changes in watch(*watched, str(settings_file)):
            changed = sorted({Path(path).relative_to(ROOT).as_posix() for _, path in changes})
            print(f"已修改：{'、'.join(changed)}；重新生成……", flush=True)
            if str(settings_file) in {path for _, path in changes}:
                pelican, _ = get_instance(args)  # new settings: a new Pelican, as --autoreload does
            rebuild(pelican)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@task(help={"k": "只運行名稱匹配這個表達式的測試"})
def test(c, k=""):
    """運行全部測試（單元、構建、無頭 Chromium）。"""
    ensure_pagefind(c)
    ensure_chromium(c)
    selector = f" -k '{k}'" if k else ""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pytest{selector}", env=ENV)


@task
def lint(c):
    """代碼風格檢查（ruff check、ruff format --check）。"""
    with c.cd(str(ROOT)):
        _run(c, "ruff check . && ruff format --check .")


def _public_address() -> str:
    """SITEURL as publishconf.py sets it: from the environment, or written in the file."""
    import runpy

    cwd = os.getcwd()
    sys.path.insert(0, str(ROOT))
    try:
        os.chdir(ROOT)
        return str(runpy.run_path(str(ROOT / "publishconf.py")).get("SITEURL") or "")
    finally:
        os.chdir(cwd)
        sys.path.remove(str(ROOT))


@task(help={"target": "部署到這個文件夾（整體替換）", "rsync": "用 rsync 部署到 user@host:/path"})
def publish(c, target="", rsync=""):
    """正式發布：需要 SITEURL（公開地址），正式構建後部署到文件夾或用 rsync 上傳。"""
    sys.path.insert(0, str(ROOT / "plugins"))
    from transparency import deploy, public_address_problem

    problem = public_address_problem(_public_address())
    if problem:  # before anything is built: no http://localhost links in a published site
        print(problem, file=sys.stderr)
        raise Exit(code=2)
    build(c, settings="publishconf.py")
    # The public test of honesty: every figure on the pages recomputed from output/data/ alone.
    _run(c, f"{PY} -m transparency audit output", env=ENV)

    if target:
        deploy.to_folder(ROOT / "output", Path(target))
        print(f"已部署到 {target}")
    if rsync:
        deploy.over_rsync(ROOT / "output", rsync)
        print(f"已以 rsync 部署到 {rsync}")
    if not target and not rsync:
        print("只生成了 output/，未部署；部署請加 --target 文件夾 或 --rsync 用戶@主機:/路徑")


@task
def golden(c):
    """從測試網站重新生成 tests/golden/ 下的標準頁面。"""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pytest tests/test_build.py -k golden", env={**ENV, "UPDATE_GOLDEN": "1"})


@task
def measure(c):
    """構建示範網站並計時，測量搜索索引的大小和準確率。"""
    import time

    ensure_pagefind(c)
    start = time.perf_counter()
    build(c)
    print(f"demo build (pelican + Pagefind): {time.perf_counter() - start:.2f} s")
    with c.cd(str(ROOT)):
        _run(c, f"{PY} tests/tools/search_quality.py output 2>/dev/null", env=ENV)


@task
def screenshots(c):
    """構建示範網站，把每類頁面在手機（360 px）和電腦（1366 px）上的截圖存到 screenshots/。"""
    build(c)
    with c.cd(str(ROOT)):
        _run(c, f"{PY} tests/tools/phone.py output screenshots", env=ENV)


@task
def permalinks(c):
    """把示範網站的新網址加入 tests/permalinks.txt（只增不減）。"""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m pytest tests/test_site.py -k permalinks", env={**ENV, "UPDATE_PERMALINKS": "1"})


@task(
    positional=["kind", "when"],
    help={
        "kind": "decision | blacklist | blacklist-entry | warning | action | plan | accident",
        "when": "季度 2026-Q4、月份 2026-06 或年度 2027（可省略）",
        "department": "部門代號，如 yjj",
        "quarter": "季度，如 2026-Q4（同 when）",
        "month": "月份，如 2026-06（同 when）",
        "year": "年度，如 2027（同 when）",
    },
)
def new(c, kind, when=None, department="", quarter="", month="", year=""):
    """按模板新建一條記錄：文件名、位置和部分字段已填好，每個字段都有注釋。"""
    when = when or quarter or month or year
    args = f" {kind}" + (f" {when}" if when else "") + (f" --department {department}" if department else "")
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency new{args}", env=ENV)


@task(help={"code": "用另一份代碼的插件運行這些用例（對比前後）"})
def hostile(c, code=""):
    """運行惡意輸入用例（tests/fixtures/hostile/），列出每個結果和統計。"""
    option = f" --code {code}" if code else ""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} tests/tools/hostile.py{option}", env=ENV)


@task(help={"output": "生成的網站文件夾（默認 output/）"})
def audit(c, output="output"):
    """由 output/data/ 的開放數據重算網站上的數字，與頁面核對；不符時退出碼為 1。"""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency audit {shlex.quote(output)}", env=ENV)


@task(help={"days": "往後看多少天（默認 14）"})
def deadlines(c, days=14):
    """列出今後 14 天內到期的公示義務和剩餘天數。"""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency deadlines --days {days}", env=ENV)


@task
def schemas(c):
    """按字段定義生成 schemas/*.schema.json 和 .vscode/settings.json。"""
    import json

    sys.path.insert(0, str(ROOT / "plugins"))
    from transparency.jsonschema import editor_schemas, vscode_settings

    (ROOT / "schemas").mkdir(exist_ok=True)
    for name, (doc, _) in editor_schemas().items():
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        (ROOT / "schemas" / f"{name}.schema.json").write_text(text, encoding="utf-8")
    (ROOT / ".vscode").mkdir(exist_ok=True)
    settings = json.dumps(vscode_settings(), ensure_ascii=False, indent=2) + "\n"
    (ROOT / ".vscode" / "settings.json").write_text(settings, encoding="utf-8")
    print("已更新 schemas/ 和 .vscode/settings.json")


@task
def guide(c):
    """由繁體版生成簡體版工作人員手冊 docs/staff-guide.zh-Hans.md。"""
    sys.path.insert(0, str(ROOT / "plugins"))
    from transparency.guide import generate

    path = generate(ROOT)
    print(f"已生成 {path.relative_to(ROOT)}（簡體版工作人員手冊）")


@task(name="import", positional=["kind", "file"], help={"kind": "decisions", "file": "CSV 或 XLSX 檔"})
def import_(c, kind, file):
    """從表格（CSV/XLSX）導入處罰決定：每行一個記錄文件，或報告行號和原因。"""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency import {kind} {shlex.quote(file)}", env=ENV)  # a name may have spaces


@task(positional=["kind"], help={"kind": "credit", "out": "輸出文件夾（默認 exports/，已被 git 忽略）"})
def export(c, kind, out="exports"):
    """導出全國雙公示上報格式（CSV 和 XLSX）到 exports/。"""
    with c.cd(str(ROOT)):
        _run(c, f"{PY} -m transparency export {kind} --out {out}", env=ENV)


@task(help={"decisions": "處罰決定件數", "dest": "臨時文件夾", "seed": "隨機種子"})
def generate(c, decisions=1000, dest="bench/scratch/generated", seed=2026):
    """在臨時文件夾生成 N 件虛構的執法記錄（無錯誤，用於性能測試）。"""
    sys.path.insert(0, str(ROOT / "tests"))
    from tools import synth

    path = synth.generate(ROOT / dest, int(decisions), int(seed))
    print(f"已生成 {decisions} 件處罰決定及相關記錄：{path}")


@task(
    help={
        "large": "另測 N = 100,000（耗時長）",
        "peer": "另測原版 Pelican 處理同樣的處罰決定",
        "sizes": "逗號分隔的 N",
    }
)
def bench(c, large=False, peer=True, sizes="1000,10000"):
    """性能測試：檢查、首次構建、重建、搜索索引，輸出數字並寫入 bench/。"""
    ensure_pagefind(c)
    sys.path.insert(0, str(ROOT / "tests"))
    from tools import bench as harness

    ns = [int(x) for x in sizes.split(",") if x] + ([100_000] if large else [])
    harness.main(ns, ROOT / "bench" / "scratch", peer=peer)
