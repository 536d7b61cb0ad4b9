"""The hostile-input corpus (tests/fixtures/hostile/): every case caught or rendered safe, none harmful or crashing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tools"))
import hostile

CASES = hostile.cases()


@pytest.fixture(scope="module")
def verdicts() -> dict[str, hostile.Result]:
    """All cases judged once, two at a time (each is a check and a build of a small site)."""
    return {r.case: r for r in hostile.judge_all(CASES)}


def test_the_corpus_covers_every_class_with_at_least_three_cases():
    classes = {c.parent.name: 0 for c in CASES}
    for c in CASES:
        classes[c.parent.name] += 1
    assert set(classes) >= {"content", "pii", "crash", "switched-off", "open-data", "spoofing"}, classes
    assert min(classes.values()) >= 3, classes


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.name}")
def test_case(case: Path, verdicts):
    result = verdicts[f"{case.parent.name}/{case.name}"]
    assert result.ok, f"{result.case}: {result.verdict}, expected {result.expected}: {result.why}"
