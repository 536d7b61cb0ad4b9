"""UI labels from the declarations: a string of theme/strings.yaml written as "@<kind>.<field path>"
(e.g. "@decision.party.name") or "@data.<dataset>.<column>" (e.g. "@data.compliance.subject") is
that field's title, so no title is ever copied into the theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import SCHEMAS, open_datasets

REF = "@"


def title_of(path: str) -> str:
    """The declared title of "decision.party.name" (a kind alone: the kind's title), or of an open
    dataset's column, "data.compliance.subject"."""
    kind, _, rest = path.partition(".")
    if kind == "data":
        dataset, _, rest = rest.partition(".")
        roots = {e.id: e.schema for e in open_datasets()}
        where = f"kinds/ 中數據集 {dataset} 的聲明"
    else:
        dataset, roots, where = kind, SCHEMAS, f"kinds/{kind}.py 的字段名"
    if dataset not in roots:
        raise KeyError(f"theme/strings.yaml 引用了不存在的「{path}」；可用：{'、'.join(roots)}")
    try:
        return roots[dataset].at(rest).title if rest else roots[dataset].title
    except KeyError:
        raise KeyError(f"theme/strings.yaml 引用了不存在的字段「{path}」；修正：對照{where}") from None


def resolve(tree: Any) -> Any:
    """The strings with every "@…" reference replaced by the field's title."""
    if isinstance(tree, dict):
        return {k: resolve(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [resolve(v) for v in tree]
    if isinstance(tree, str) and tree.startswith(REF):
        return title_of(tree[len(REF) :])
    return tree


def theme_strings(theme: str | Path) -> dict:
    """Every UI string of the theme (theme/strings.yaml), field labels taken from the declarations."""
    import yaml

    with open(Path(theme) / "strings.yaml", encoding="utf-8") as fh:
        return resolve(yaml.safe_load(fh))
