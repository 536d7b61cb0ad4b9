"""A build is an object: no module of the plugin holds state that a second build in the same process
would inherit (the set of pages written, the leaks, the recycled manifest, the folders made, the pool).

`pelican --autoreload` broke on its second run because such state survived the first
(FileNotFoundError …/.staging-output-PID/feeds/decisions.atom.xml). test_livereload.py runs the builds;
this file keeps new module-level state from appearing.
"""

from __future__ import annotations

import ast
import importlib
import types
from pathlib import Path

from conftest import ROOT

PLUGIN = ROOT / "plugins" / "transparency"

# Read-only tables written as dict/list/set literals before this rule. Each is a constant: nothing
# assigns to it or mutates it (test_livereload.py compares them before and after builds in one
# process). A new one fails this test: write it as a tuple, a frozenset or a MappingProxyType.
READ_ONLY_TABLES = {
    "__main__": {"RULES"},
    "content": {"IGNORE_FILES", "MAGIC", "MARKDOWN_WAY", "DANGER"},
    "credit": {"PARTY_CATEGORIES", "CATEGORIES", "LABELS"},
    "dataset": {"RULE_GROUPS"},
    "exports": {"HIDDEN", "TABLE_TYPES", "DIALECT", "_GIT_EVENTS"},
    "findings": {"RULES", "_CHAR_NAMES"},
    "gitdates": {"CHANGE_LABELS", "_TAKE_DOWN"},
    "identifiers": {"CREDIT_AUTHORITIES", "_LOOKALIKES", "_DIGIT_LOOKALIKES"},
    "importer": {
        "COLUMNS",
        "REQUIRED",
        "NATIONAL",
        "PARTY_TYPES",
        "PENALTY_WORDS",
        "_PARTY_TYPES",
        "_PENALTY_WORDS",
        "_CATEGORIES",
        "_PATHS",
    },
    "jsonschema": {"_PATTERNS"},
    "kinds": {"SCHEMAS"},
    "kinds.accident": {"LEVEL_RANK"},
    "lateness": {"SOURCES"},
    "load": {"_YAML_PROBLEMS", "_ALLOWED_TAGS"},
    "models": {"LEVEL_RANK"},
    "publicity": {"DEFAULT_PERIODS"},
    "records": {"LAYOUT", "_EMPTY_LIST"},
    "scaffold": {"PARTY_BLANK"},
    "schema": {"SCHEMAS"},
    "settings": {"LICENSES", "KEYS"},
    "variants": {"PREFIX", "NAMES", "MODES", "LABEL"},
}
# Memos of pure functions (same input, same answer, in any build): they may grow, never go stale.
PURE_MEMOS = {
    "privacy": {"_FOLD"},  # a character's folded digit, from unicodedata
    "__main__": {"_SETTINGS"},  # the CLI's settings file, read once per command (one command a process)
    "kinds.base": {"_PLANS"},  # a model's build steps by (model, field); the entry keeps both alive
}


def _module_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for t in targets:
            names |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def mutable_module_state() -> dict[str, set[str]]:
    """Module-level names of the plugin, defined in that module, whose value is a dict, list or set."""
    found: dict[str, set[str]] = {}
    for path in sorted(PLUGIN.rglob("*.py")):  # the kinds/ package too
        parts = path.relative_to(PLUGIN).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        module = importlib.import_module(".".join(("transparency", name)) if name else "transparency")
        name = name or "__init__"
        for attr in _module_level_names(path) - {"__all__"}:
            value = getattr(module, attr, None)
            if isinstance(value, dict | list | set | bytearray) and not isinstance(
                value, types.MappingProxyType
            ):
                found.setdefault(name, set()).add(attr)
    return found


def global_statements(folder: Path = PLUGIN) -> list[str]:
    return [
        f"{path.name}:{node.lineno} global {', '.join(node.names)}"
        for path in sorted(folder.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    ]


def test_no_module_level_mutable_state_in_the_plugin():
    found = mutable_module_state()
    allowed = {m: READ_ONLY_TABLES.get(m, set()) | PURE_MEMOS.get(m, set()) for m in found}
    new = {m: sorted(names - allowed[m]) for m, names in found.items() if names - allowed[m]}
    assert not new, (
        f"模塊級可變狀態（應放進 build.Build，或寫成 tuple/frozenset/MappingProxyType 常量）：{new}"
    )
    assert not global_statements(), global_statements()


def test_the_scan_sees_the_state_it_forbids(tmp_path):
    """The scan would have caught generator.HANDLED and pagecache's `global _JOBS`."""
    bad = tmp_path / "transparency_probe.py"
    bad.write_text("HANDLED: set[str] = set()\nX = (1, 2)\n\ndef f():\n    global X\n", encoding="utf-8")
    assert _module_level_names(bad) == {"HANDLED", "X"}
    assert global_statements(tmp_path) == ["transparency_probe.py:5 global X"]


def test_the_build_state_lives_on_the_build():
    """Nothing a run makes is in a module: the names the old code kept state under are gone."""
    from transparency import generator, pagecache

    for module, name in (
        (generator, "HANDLED"),
        (generator, "LEAKS"),
        (generator, "RECYCLED"),
        (generator, "MANIFEST"),
        (pagecache, "_created"),
        (pagecache, "_JOBS"),
        (pagecache, "_RENDER"),
    ):
        assert not hasattr(module, name), f"{module.__name__}.{name}"
    from transparency.build import Build

    one, two = Build(Path("o"), Path("s"), True), Build(Path("o"), Path("s"), True)
    one.handled.add("index.html")
    one.folders.ensure(ROOT / "plugins")
    assert not two.handled and not two.folders.made


def test_run_parallel_returns_every_result_and_raises_a_workers_error():
    import pytest

    from transparency.pagecache import run_parallel

    jobs = [(i,) for i in range(400)]
    assert sorted(run_parallel(jobs, lambda i: [i] if i % 7 == 0 else [], 2)) == [
        [i] for i in range(0, 400, 7)
    ]

    def boom(i):
        if i == 333:
            raise ValueError("第 333 頁")
        return []

    with pytest.raises(RuntimeError, match="第 333 頁"):
        run_parallel(jobs, boom, 2)
