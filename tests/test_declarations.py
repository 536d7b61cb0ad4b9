"""One declaration per record kind (issue 14): a model field, a label or a column declared anywhere
but the kind modules (plugins/transparency/kinds/) fails here.

(a) every model attribute is a declared field (or a named exception: META, the model's DERIVED);
(b) theme/strings.yaml never copies a declared field title (it writes "@kind.field" instead);
(c) exports.py, importer.py and credit.py never write a declared column title as a literal;
(d) no module outside kinds/ declares a Field.

Each checker is a plain function; the tests below also feed it a stray declaration to show it fails.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import yaml

from transparency import kinds
from transparency.kinds import base
from transparency.kinds.base import META, Field, model_attributes, obj
from transparency.kinds.labels import theme_strings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "transparency"
# Modules whose CSV or importer columns must come from the declarations (check c).
COLUMN_MODULES = ("exports.py", "importer.py", "credit.py")
# Keys of strings.yaml whose text happens to equal a field title but that label something else: the
# columns and type names of the /data/ field tables, the enterprise timeline's date, the compliance
# table's department column, the year filter and the exposure table's category column.
NOT_FIELD_LABELS = frozenset(
    {
        "field_title",
        "field_description",
        "type_date",
        "type_ref",
        "type_quarter",
        "type_month",
        "type_id",
        "date",
        "owner",
        "filter_year",
        "exposure_kind",
    }
)
# Dataclasses of the kind modules that are no record model (kinds/base.py's aside).
NOT_MODELS = frozenset({"ImportColumn", "NationalColumn"})


def kind_modules() -> list:
    return [
        importlib.import_module(f"transparency.kinds.{m.name}") for m in pkgutil.iter_modules(kinds.__path__)
    ]


def walk(fld: Field):
    yield fld
    for child in fld.fields:
        yield from walk(child)
    if fld.item is not None:
        yield from walk(fld.item)


def exports() -> list[base.Export]:
    return kinds.open_datasets()


def declared_fields() -> list[Field]:
    roots = [*kinds.SCHEMAS.values(), *(e.schema for e in exports())]
    return [f for root in roots for f in walk(root)]


def column_titles() -> set[str]:
    """The titles of every declared field that is a column or a cell (a kind's or dataset's own
    title is not a column)."""
    roots = {id(r) for r in kinds.SCHEMAS.values()} | {id(e.schema) for e in exports()}
    national = {c.header for c in kinds.decision.NATIONAL_COLUMNS}  # the national upload file's headers
    return {f.title for f in declared_fields() if id(f) not in roots} | national


# -- the checkers -------------------------------------------------------------------


def undeclared_attributes(model: type, fld: Field) -> set[str]:
    """(a) Attributes of `model` that `fld` does not declare (META and model.DERIVED aside)."""
    names = {f.name for f in dataclasses.fields(model)}
    return names - model_attributes(fld) - META - set(getattr(model, "DERIVED", ()))


def missing_attributes(model: type, fld: Field) -> set[str]:
    """(a) Declared fields the model has no attribute for (building it would fail)."""
    return model_attributes(fld) - {f.name for f in dataclasses.fields(model)}


def copied_labels(strings: dict, titles: set[str], prefix: str = "") -> list[str]:
    """(b) Keys of strings.yaml whose text is a declared field title."""
    out = []
    for key, value in strings.items():
        if isinstance(value, dict):
            out += copied_labels(value, titles, f"{prefix}{key}.")
        elif isinstance(value, str) and value in titles and f"{prefix}{key}" not in NOT_FIELD_LABELS:
            out.append(f"{prefix}{key}: {value}")
    return out


def literal_titles(source: str, titles: set[str]) -> list[tuple[int, str]]:
    """(c) String literals of the source that are declared column titles."""
    tree = ast.parse(source)
    return sorted(
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in titles
    )


def field_calls(source: str) -> list[int]:
    """(d) Lines that call Field(…) or obj(…): a declaration."""
    tree = ast.parse(source)
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            name = n.func.id if isinstance(n.func, ast.Name) else getattr(n.func, "attr", "")
            if name in ("Field", "obj"):
                out.append(n.lineno)
    return sorted(out)


# -- (a) models ---------------------------------------------------------------------


def bound_models() -> list[tuple[type, Field]]:
    seen: dict[type, Field] = {}
    for fld in declared_fields():
        if fld.model is not None:
            seen.setdefault(fld.model, fld)
    return list(seen.items())


@pytest.mark.parametrize("model,fld", bound_models(), ids=lambda x: getattr(x, "__name__", ""))
def test_every_model_attribute_is_declared_in_its_kind_module(model, fld):
    assert not undeclared_attributes(model, fld), (
        f"{model.__name__} 的屬性沒有在 kinds/ 中聲明為字段；修正：在字段上寫 attr=…，或列入 {model.__name__}.DERIVED"
    )
    assert not missing_attributes(model, fld)


def test_every_model_of_a_kind_module_is_built_from_a_declaration():
    bound = {m for m, _ in bound_models()}
    stray = [
        f"{module.__name__}.{name}"
        for module in kind_modules()
        for name, value in vars(module).items()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == module.__name__
        and module is not base
        and name not in NOT_MODELS
        and value not in bound
    ]
    assert not stray, f"模型沒有對應的字段聲明（Field(model=…)）：{stray}"


def test_every_declared_dataset_is_an_open_dataset():
    listed = {e.id for e in kinds.open_datasets()}
    declared = {v.id for m in kind_modules() for v in vars(m).values() if isinstance(v, base.Export)}
    assert declared <= listed, declared - listed


def test_the_models_are_the_kind_modules_models():
    from transparency import models

    for name in ("Decision", "Blacklist", "BlacklistEntry", "Accident", "MonthlyWarning", "Action", "Plan"):
        assert getattr(models, name).__module__.startswith("transparency.kinds."), name


def test_a_model_attribute_declared_nowhere_is_found():
    @dataclasses.dataclass(frozen=True)
    class Stray:
        name: str
        late_reason: str | None = None
        nickname: str | None = None  # declared nowhere

    fld = obj(
        "stray",
        "測試",
        Field("name", "str", "名稱"),
        obj("late", "逾期", Field("reason", "str", "原因", attr="late_reason"), flatten=True),
    )
    assert undeclared_attributes(Stray, fld) == {"nickname"}
    assert missing_attributes(Stray, replace_fields(fld, Field("extra", "str", "多餘"))) == {"extra"}


def replace_fields(fld: Field, *more: Field) -> Field:
    return dataclasses.replace(fld, fields=(*fld.fields, *more))


# -- (b) labels ---------------------------------------------------------------------


def test_strings_yaml_copies_no_field_title():
    raw = yaml.safe_load((ROOT / "theme" / "strings.yaml").read_text(encoding="utf-8"))
    titles = {f.title for f in declared_fields()}
    assert not copied_labels(raw, titles), '修正：寫成 "@<記錄類別>.<字段>"，如 "@decision.party.name"'


def test_every_label_reference_resolves_to_its_title():
    raw = yaml.safe_load((ROOT / "theme" / "strings.yaml").read_text(encoding="utf-8"))
    strings = theme_strings(ROOT / "theme")
    assert raw["party_name"] == "@decision.party.name"
    assert strings["party_name"] == kinds.decision.DECISION.at("party.name").title == "名稱或姓名"
    assert strings["withdrawn_late"] == "撤回逾期原因"
    assert not [k for k, v in strings.items() if isinstance(v, str) and v.startswith("@")]


def test_a_copied_label_is_found():
    titles = {f.title for f in declared_fields()}
    assert copied_labels({"home": "首頁", "nested": {"violation": "違法行為"}}, titles) == [
        "nested.violation: 違法行為"
    ]
    assert copied_labels({"owner": "部門"}, titles) == []  # a named exception


def test_a_reference_to_an_undeclared_field_stops_the_build():
    from transparency.kinds.labels import resolve

    with pytest.raises(KeyError, match=r"decision\.nickname"):
        resolve({"x": "@decision.nickname"})


# -- (c) columns --------------------------------------------------------------------


@pytest.mark.parametrize("name", COLUMN_MODULES)
def test_no_column_title_is_written_outside_the_kind_modules(name):
    found = literal_titles((PACKAGE / name).read_text(encoding="utf-8"), column_titles())
    assert not found, f"{name} 寫了字段標題（應取自 kinds/ 的聲明）：{found}"


def test_the_importer_columns_are_the_declared_titles():
    from transparency import importer

    assert importer.COLUMNS["決定書文號"] == "number"
    assert importer.COLUMNS["當事人名稱"] == "party_name"  # a title the spreadsheet names otherwise
    assert set(importer.REQUIRED) == {c.key for c in kinds.decision.IMPORT_COLUMNS if c.required}


def test_a_stray_column_title_is_found():
    source = 'COLUMNS = {"決定書文號": "number", "備註": "note"}\nNATIONAL = {"处罚依据": "basis"}\n'
    assert literal_titles(source, column_titles()) == [(1, "決定書文號"), (2, "处罚依据")]


# -- (d) Field declarations ---------------------------------------------------------


def test_no_module_outside_kinds_declares_a_field():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if "kinds" not in path.relative_to(PACKAGE).parts
        and (lines := field_calls(path.read_text(encoding="utf-8")))
    }
    assert not found, f"字段只在 plugins/transparency/kinds/ 中聲明：{found}"


def test_a_stray_field_declaration_is_found():
    source = 'from .schema import Field\nEXTRA = Field("note", "str", "備註")\nX = schema.obj("x", "X")\n'
    assert field_calls(source) == [2, 3]


def test_field_is_defined_once():
    from transparency import schema

    assert schema.Field is base.Field
    assert schema.DECISION is kinds.decision.DECISION


def test_every_kind_module_declares_its_editor_schema():
    from transparency.jsonschema import editor_schemas

    assert [m.EDITOR.name for m in kinds.MODULES] == list(editor_schemas())
    assert {m.EDITOR.schema.name for m in kinds.MODULES} == {f.name for f in kinds.SCHEMAS.values()}


def test_every_kind_kept_in_a_folder_declares_its_rules_and_model():
    from transparency.records import LAYOUT

    assert list(LAYOUT) == [m.FILES.folder for m in kinds.FOLDERS]
    for module in kinds.FOLDERS:
        if module is not kinds.holidays:  # merged into one calendar by records.Loader.read_calendar
            assert callable(module.check) and callable(module.model_of), module.__name__


def test_the_builder_follows_renames_flattening_and_nested_models():
    from transparency.load import parse_text

    text = (
        "number: ' 示應急罰〔2026〕1號 '\n"
        "party: {type: organization, name: 甲公司, credit_code: ''}\n"
        "penalties: [{type: fine, amount: 100}]\n"
        "late: {reason: 系統故障}\n"
        "revoked: {date: 2026-02-01, reason: 復議撤銷, late: {reason: 遲了}}\n"
    )
    data, _ = parse_text(text)
    fields = ("number", "party", "penalties", "late", "revoked")
    decl = dataclasses.replace(
        kinds.decision.DECISION, fields=tuple(kinds.decision.DECISION.child(n) for n in fields)
    )

    @dataclasses.dataclass(frozen=True)
    class Small:
        number: str
        party: kinds.common.Party
        penalties: tuple
        late_reason: str | None = None
        revoked: kinds.decision.Revocation | None = None
        line: int = 0

    small = base.build(Small, decl, data)
    assert small.number == "示應急罰〔2026〕1號"
    assert small.party.credit_code is None  # an empty optional text is absent
    assert small.penalties == (kinds.decision.Penalty("fine", 100),)
    assert small.late_reason == "系統故障"
    assert small.revoked.late_reason == "遲了"
    assert small.line == 1


def test_every_dataset_but_the_changelog_declares_its_rows():
    without = [e.id for e in kinds.open_datasets() if e.rows is None]
    assert without == ["changelog"]  # built by exports.changelog from the git history


# -- deadline rules (wave 2): each kind's due dates, owed periods and checks live in its module --------

# Modules that keep only the generic machinery of the deadline rules.
DEADLINE_MACHINERY = ("checks.py", "compliance.py")
# The generic functions whose names look like a kind's rule: one obligation's lateness, a periodic
# publication, the unfinished drafts, a periodic record's one deadline, a draft's deadline.
GENERIC_DEADLINE_FUNCTIONS = frozenset(
    {
        "check_deadline",
        "check_periodic",
        "check_incomplete_drafts",
        "record_deadline",
        "incomplete_draft_deadline",
    }
)


def is_deadline_rule_name(name: str) -> bool:
    """check_*, owed_*, …_due, …_deadline(s): public or private, the generic machinery apart."""
    name = name.lstrip("_")
    if name in GENERIC_DEADLINE_FUNCTIONS:
        return False
    return name.startswith(("check_", "owed_")) or name.endswith(("_due", "_deadline", "_deadlines"))


def stray_deadline_rules(source: str, name: str) -> list[str]:
    """Functions of a module outside kinds/ named like a kind's deadline rule (check_*, …_due, owed_*,
    …_deadline(s)), the generic machinery apart."""
    return [
        f"{name}:{node.lineno} {node.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and is_deadline_rule_name(node.name)
    ]


def test_no_deadline_rule_is_defined_outside_the_kind_modules():
    stray = [
        s for name in DEADLINE_MACHINERY for s in stray_deadline_rules((PACKAGE / name).read_text(), name)
    ]
    assert stray == [], "每類記錄的期限規則應寫在 plugins/transparency/kinds/<類>.py 的「Deadline rules」段"


def test_the_deadline_rule_scan_finds_a_stray_rule():
    fake = (
        "def check_deadline(ob, pub):\n    pass\n\n"
        "def plan_due(year, calendar, config):\n    pass\n\n"
        "def owed_weeks(periods):\n    pass\n\n"
        "class X:\n    def check_things(self):\n        pass\n"
    )
    assert stray_deadline_rules(fake, "fake.py") == [
        "fake.py:4 plan_due",
        "fake.py:7 owed_weeks",
        "fake.py:11 check_things",
    ]


def test_the_moved_rules_are_the_kind_modules_own_and_still_importable_from_checks():
    from transparency import checks

    for name, module in checks.MOVED.items():
        owner = getattr(kinds, module)
        assert getattr(checks, name) is getattr(owner, name), name
        assert name not in vars(checks), f"{name} is defined in checks.py again"
    with pytest.raises(AttributeError):
        _ = checks.check_nothing


def test_every_rule_group_and_compliance_kind_comes_from_one_declaration():
    from transparency import compliance
    from transparency.dataset import RULE_GROUPS, deadline_rules
    from transparency.settings import Config

    declared = [m for m in kinds.MODULES if hasattr(m, "DEADLINES")]
    assert [m.__name__.rsplit(".", 1)[1] for m in declared] == [
        "decision",
        "blacklist",
        "warning",
        "accident",
        "action",
        "plan",
    ]
    rules = [r for dl in deadline_rules() for r in dl.rules]
    assert len(rules) == len(set(rules)) and set(rules) == set(RULE_GROUPS)
    assert RULE_GROUPS["W2"] == "warnings" and RULE_GROUPS["R1"] == "decisions"
    labels = compliance.kind_labels(Config())
    assert tuple(labels) == compliance.KINDS
    assert labels["blacklist"] == kinds.blacklist.BLACKLIST.title
    assert labels["warning"] == kinds.warning.WARNING.title
    models = [dl.model for dl in deadline_rules() if dl.deadlines]
    assert models == [
        kinds.decision.Decision,
        kinds.blacklist.Blacklist,
        kinds.warning.MonthlyWarning,
        kinds.action.Action,
        kinds.plan.Plan,
    ]


def test_load_dataset_runs_the_declared_checks_of_the_chosen_group(tmp_path, monkeypatch):
    """A kind's declared `check` is what load_dataset runs, and only for the group --rule chose."""
    from transparency import dataset
    from transparency.findings import error
    from transparency.settings import Config

    calls = []

    def fake(ds):
        calls.append("ran")
        return [error("P1", "data/plans/x.yaml", 1, "假的期限規則")]

    monkeypatch.setattr(kinds.plan, "DEADLINES", dataclasses.replace(kinds.plan.DEADLINES, check=fake))
    config = Config(use_git=False)
    import datetime as dt

    _, found = dataset.load_dataset(ROOT, config, dt.date(2026, 5, 1), rules={"P1"})
    assert calls == ["ran"] and any(f.message == "假的期限規則" for f in found)
    calls.clear()
    _, found = dataset.load_dataset(ROOT, config, dt.date(2026, 5, 1), rules={"B1"})
    assert calls == [] and not any(f.message == "假的期限規則" for f in found)


# --- Pages: each kind's pages in its own module (kinds/*.py, section "Pages") -------------------------

# The kinds whose records have pages (record pages and their lists).
KINDS_WITH_PAGES = ("decision", "blacklist", "warning", "accident", "action", "plan")
# Words that name a kind's pages in a method name: _write_warnings, _plan_blacklists, _write_lists…
_PAGE_VERBS = {"write", "plan", "render", "make", "page", "pages"}
_KIND_WORDS = {w for k in (*KINDS_WITH_PAGES, "exposure") for w in (k, k + "s")} | {"lists", "list"}


def _kind_page_functions(source: str) -> list[str]:
    """Functions (methods included) of `source` named as making a kind's pages: a page-making verb, then
    a word naming a kind with pages (`_write_warnings`, `_write_lists`; not `plan_pages`, `_plan_feeds`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            words = node.name.strip("_").split("_")
            if words[0] in _PAGE_VERBS and any(w in _KIND_WORDS for w in words[1:]):
                found.append(node.name)
    return found


def _kinds_without_pages(modules) -> list[str]:
    """Kind modules that declare no `pages(ds, p)` in a `# --- Pages ---` section at their end."""
    missing = []
    for module in modules:
        fn = getattr(module, "pages", None)
        source = (
            Path(module.__file__).read_text(encoding="utf-8") if getattr(module, "__file__", None) else ""
        )
        section = source.rfind("# --- Pages ---")
        ok = (
            callable(fn)
            and list(inspect.signature(fn).parameters) == ["ds", "p"]
            and section != -1
            and source.find("\ndef pages(", section) != -1
        )
        if not ok:
            missing.append(module.__name__)
    return missing


def test_every_kind_with_pages_declares_them_and_the_generator_does_not():
    from transparency import plan

    modules = [getattr(kinds, name) for name in KINDS_WITH_PAGES]
    assert _kinds_without_pages(modules) == []
    # The generator plans exactly these kinds' pages, in the order of the list (no kind left out).
    assert [m.__name__.rsplit(".", 1)[1] for m in plan.KINDS_WITH_PAGES] == list(KINDS_WITH_PAGES)
    # Kinds without pages of their own declare none (their data is shown on other kinds' pages).
    assert [m for m in kinds.MODULES if callable(getattr(m, "pages", None))] == modules
    generator = (PACKAGE / "generator.py").read_text(encoding="utf-8")
    assert _kind_page_functions(generator) == []


def test_the_pages_checkers_catch_a_generator_method_and_a_kind_without_pages(tmp_path):
    import types

    fake = (
        "class G:\n"
        "    def plan_pages(self): ...\n"
        "    def _plan_feeds(self): ...\n"
        "    def _write_enterprises(self): ...\n"
        "    def _write_warnings(self): ...\n"
        "    def _write_lists(self): ...\n"
        "    def _plan_exposures(self): ...\n"
    )
    assert _kind_page_functions(fake) == ["_write_warnings", "_write_lists", "_plan_exposures"]

    bare = types.ModuleType("kinds.fake")  # no pages at all
    path = tmp_path / "late.py"  # pages, but not in the section at the end
    path.write_text("def pages(ds, p):\n    return []\n", encoding="utf-8")
    late = types.ModuleType("kinds.late")
    late.__file__ = str(path)
    exec(path.read_text(encoding="utf-8"), late.__dict__)
    good_path = tmp_path / "good.py"
    good_path.write_text(
        "X = 1\n\n\n# --- Pages ---\n\n\ndef pages(ds, p):\n    return []\n", encoding="utf-8"
    )
    good = types.ModuleType("kinds.good")
    good.__file__ = str(good_path)
    exec(good_path.read_text(encoding="utf-8"), good.__dict__)
    assert _kinds_without_pages([bare, late, good]) == ["kinds.fake", "kinds.late"]


def test_a_kind_plans_its_pages_from_the_planning_context_alone():
    """kinds.plan.pages on a two-year dataset: one page per year, plans/ the latest again; the planning
    context decides which pages get today (footer) and marks a draft's page in a preview."""
    import datetime as dt
    import types

    from transparency.plan import Page, Planning

    Plan = kinds.plan.Plan
    older, newer = (
        Plan("data/plans/2025/yjj.yaml", 1, 2025, "yjj"),
        Plan("data/plans/2026/yjj.yaml", 1, 2026, "yjj"),
    )
    ds = types.SimpleNamespace(published_plans=[older, newer])
    day = dt.date(2026, 11, 30)
    planning = Planning(today=day, page_size=20, preview=frozenset({newer.path}))
    pages = kinds.plan.pages(ds, planning)
    assert all(isinstance(p, Page) for p in pages)
    assert [p.rel for p in pages] == ["plans/2026/index.html", "plans/2025/index.html", "plans/index.html"]
    assert pages[0].context == {"year": 2026, "years": [2026, 2025], "plans_by_dept": {"yjj": newer}}
    assert pages[2].context["alias"] is True and "today" not in pages[0].context
    # A page holding a draft shown by a preview is marked; one that holds none is not.
    both = planning.page("x/index.html", "plans", p=newer)
    assert both.context == {"p": newer, "preview_draft": True}
    assert "preview_draft" not in planning.page("y/index.html", "plans", p=older).context
    dated = planning.page("z/index.html", "blacklist", footer=True).context
    assert dated == {"today": day, "built_on": day}
