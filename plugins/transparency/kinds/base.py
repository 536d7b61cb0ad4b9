"""What every kind module is made of: the Field declaration, the calendar types and the generic
builder that turns a validated mapping into a kind's model, driven by its declaration.

A kind module (decision.py, blacklist.py …) declares its fields once; the validator, the models, the
editor JSON Schema, the CSV columns, the importer's columns and the labels on pages follow from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Model attributes that say where a record came from, not what it holds: no field declares them.
META = frozenset({"id", "path", "line", "lines"})


@dataclass(frozen=True)
class Field:
    """One field of a record: its type, whether it is required, its Chinese title.

    `attr` names the model attribute the field fills when it differs from the key (late.reason →
    late_reason); `model` is the dataclass an object field becomes; `flatten` puts an object's
    fields on the record itself (late, circular, random_checks); `convert` turns the value into the
    model's type; `aliases` are other column titles the importer accepts for it.
    """

    name: str
    kind: (
        str  # str | md | date | int | number | bool | enum | list | object | url | ref | id | quarter | month
    )
    title: str
    required: bool = False
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label) for enum
    item: Field | None = None  # for list
    fields: tuple[Field, ...] = ()  # for object
    minimum: int | None = None
    maximum: float | None = None
    # The setting that bounds an int field from above (V13): "amount" (max_amount, yuan), "count"
    # (max_count) or "year" (earliest_year .. this year + years_ahead, like every date).
    bound: str = ""
    attr: str = ""
    model: type | None = dataclasses.field(default=None, compare=False, repr=False)
    flatten: bool = False
    convert: Callable[[Any], Any] | None = dataclasses.field(default=None, compare=False, repr=False)
    aliases: tuple[str, ...] = ()

    def child(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def label(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    def at(self, dotted: str) -> Field:
        """The field at a dotted path below this one ("party.name", "penalties.type")."""
        fld = self
        for name in dotted.split("."):
            if fld.kind == "list":
                fld = fld.item
            found = fld.child(name)
            if found is None:
                raise KeyError(f"{self.name}.{dotted}")
            fld = found
        return fld

    @property
    def attribute(self) -> str:
        return self.attr or self.name


def obj(
    name: str, title: str, *fields: Field, required: bool = False, description: str = "", **more
) -> Field:
    return Field(name, "object", title, required, description, fields=fields, **more)


def model_attributes(fld: Field) -> set[str]:
    """The model attributes an object field's declaration fills (flattened objects included)."""
    out: set[str] = set()
    for f in fld.fields:
        if f.kind == "object" and f.flatten:
            out |= model_attributes(f)
        else:
            out.add(f.attribute)
    return out


def build(model: type, fld: Field, data: Any, **extra: Any) -> Any:
    """`model` from a validated mapping, each declared field converted by its declaration.

    An absent value leaves the model's default; `line` and `lines` (where the mapping starts, and
    each key's line) are filled when the model has them; `extra` gives what the file's place says
    (id, path) or what is computed. The steps are worked out once per model and declaration.
    """
    steps, has_line, has_lines, _, _ = _PLANS.get((id(model), id(fld))) or _plan(model, fld)
    kwargs: dict[str, Any] = {}
    if data:
        get = data.get
        for outer, inner, attr, conv in steps:
            value = get(outer)
            if value is None:
                continue
            if inner is not None:  # a field of a flattened object (late.reason → late_reason)
                value = value.get(inner)
                if value is None:
                    continue
            if conv is not None:
                value = conv(value)
                if value is None:
                    continue
            kwargs[attr] = value
    if has_line:
        kwargs["line"] = getattr(data, "line", 0)
    if has_lines:
        kwargs["lines"] = dict(getattr(data, "lines", {}))
    if extra:
        kwargs.update(extra)
    return model(**kwargs)


# (id of the model, id of the declaration) → (its steps, has line, has lines); the model and
# declaration are kept with it, so that an id is never reused while its entry lives.
_PLANS: dict[tuple[int, int], tuple[tuple, bool, bool, type, Field]] = {}


def _plan(model: type, fld: Field) -> tuple[tuple, bool, bool, type, Field]:
    key = (id(model), id(fld))
    plan = _PLANS.get(key)
    if plan is None:
        steps = []
        for f in fld.fields:
            if f.kind == "object" and f.flatten:
                steps += [(f.name, c.name, c.attribute, _converter(c)) for c in f.fields]
            else:
                steps.append((f.name, None, f.attribute, _converter(f)))
        names = {f.name for f in dataclasses.fields(model)}
        plan = _PLANS[key] = (tuple(steps), "line" in names, "lines" in names, model, fld)
    return plan


def _strip_required(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _strip_optional(value: Any) -> Any:
    text = value.strip() if isinstance(value, str) else value
    return text or None


def _converter(f: Field) -> Callable[[Any], Any] | None:
    """What turns a present value of `f` into the model's value (None: kept as it is)."""
    if f.convert is not None:
        return f.convert
    if f.kind == "object":
        if f.model is None:
            return dict
        model = f.model
        return lambda value: build(model, f, value)
    if f.kind == "list":
        item = _converter(f.item)
        if item is None:
            return tuple
        return lambda value: tuple(None if v is None else item(v) for v in value)
    if f.kind == "str":
        return _strip_required if f.required else _strip_optional
    return {"bool": bool, "quarter": Quarter.parse, "month": Month.parse}.get(f.kind)


def convert(f: Field, value: Any) -> Any:
    """One declared value as the model holds it; None when absent (or an empty optional text)."""
    if value is None:
        return None
    conv = _converter(f)
    return conv(value) if conv is not None else value


# -- calendar types of the declarations (quarter and month fields) ------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    n: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        year, n = text.strip().upper().split("-Q")
        return cls(int(year), int(n))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.n - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.n == 4 else Quarter(self.year, self.n + 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.n == 1 else Quarter(self.year, self.n - 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.n}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.n - 1]}季度"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.n}"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        year, month = text.strip().split("-")
        return cls(int(year), int(month))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return self.slug


@dataclass(frozen=True)
class Export:
    """An open dataset's declaration: its id (data/<id>.csv), title, description, columns (the
    fields of `schema`, nested objects flattened with "_") and how its rows come from the site's
    data (`rows`); exports.py writes it."""

    id: str
    title: str
    description: str
    schema: Field
    primary_key: tuple[str, ...] = ()  # columns whose values name one row (datapackage.json)
    # (column, dataset, its column): every non-empty value is a row of the other dataset
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    # Its rows and the day it last changed, from the site's data (exports.ExportInput); None: built
    # by exports.py itself (the changelog).
    rows: Callable[[Any], tuple[list[dict], dt.date | None]] | None = dataclasses.field(
        default=None, compare=False, repr=False
    )


# --- Deadline rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class Deadlines:
    """A kind's deadline rules, declared once in its module (`DEADLINES`, section "Deadline rules"):
    the rules its checks report and the `group` that `invoke check --rule` runs them by, the checks
    themselves (`check`: the findings, from the dataset), the obligations it adds to /compliance/
    (`items`) under the titles of `labels` (compliance kind → title, with the windows of the
    settings), the deadlines a record's page shows (`deadlines`, for records of `model`) and its
    drafts' due dates for `invoke deadlines` (`drafts`: (due, compliance kind, subject, owner))."""

    group: str
    rules: tuple[str, ...]
    check: Callable[[Any], list] = dataclasses.field(compare=False, repr=False)
    items: Callable[[Any], list] | None = dataclasses.field(default=None, compare=False, repr=False)
    labels: Callable[[Any], dict[str, str]] | None = dataclasses.field(
        default=None, compare=False, repr=False
    )
    model: type | None = None
    deadlines: Callable[[Any, Any], list] | None = dataclasses.field(default=None, compare=False, repr=False)
    drafts: Callable[[Any], list] | None = dataclasses.field(default=None, compare=False, repr=False)


SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"


@dataclass(frozen=True)
class Files:
    """Where a kind's records live: data/<folder>/ files matching `pattern` (named groups give the
    URL), the hint a misplaced file gets (V9), the public URL (None: no page of its own) and how a
    record is named in messages."""

    folder: str
    pattern: str
    hint: str
    url: str | None
    label: Callable[[Any], str] = dataclasses.field(compare=False, repr=False)


@dataclass(frozen=True)
class RecordFile:
    """One record file as the loader reads it (records.Loader.read_kind): where it is, its findings so
    far and how to add one; `loader` gives the departments, the settings and the shared checks."""

    path: Any  # pathlib.Path
    rel: str  # relative to the project root, for messages
    parts: tuple[str, ...]  # the path below data/<folder>/
    found: list  # its findings so far (schema errors included)
    report: Callable[[str, int, str], None]
    loader: Any  # records.Loader


@dataclass(frozen=True)
class Editor:
    """The editor's JSON Schema of a kind: schemas/<name>.schema.json, for the files of `glob`; a file
    holding a list of records (departments.yaml) is an array titled `array_title`."""

    name: str
    glob: str
    schema: Field
    array_title: str = ""


def with_fields(schema: Field, *extra: Field, drop: tuple[str, ...] = ()) -> Field:
    """The record's fields with computed ones in front, some left out."""
    fields = [f for f in schema.fields if f.name not in drop]
    return dataclasses.replace(schema, fields=(*extra, *fields))
