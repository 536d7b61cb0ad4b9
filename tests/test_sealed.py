"""Caches in the project folder never run code: parse cache sealed with a key outside the repo, manifest as JSON."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

from conftest import ROOT, decision_yaml, write_project

from transparency import sealed, staging


class _Payload:
    """Unpickling this writes a marker file: proof that a pickle was trusted."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_sealed_round_trip_and_a_forged_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    file = tmp_path / "c.pickle"
    assert sealed.dump({"a": (1, [2])}, file)
    assert sealed.load(file) == {"a": (1, [2])}
    marker = tmp_path / "ran"
    file.write_bytes(pickle.dumps(_Payload(str(marker))))  # what a force-committed cache would hold
    assert sealed.load(file) is None
    body = pickle.dumps(_Payload(str(marker)))
    file.write_bytes(b"\0" * 32 + body)  # a guessed seal
    assert sealed.load(file) is None
    assert not marker.exists()


def test_check_does_not_unpickle_a_committed_parse_cache(tmp_path):
    root = write_project(tmp_path / "p", {"decisions/2026/yjj-2026-012.yaml": decision_yaml()})
    marker = tmp_path / "ran"
    (root / ".cache").mkdir()
    (root / ".cache" / "parsed.pickle").write_bytes(pickle.dumps(_Payload(str(marker))))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "plugins"),
        "TRANSPARENCY_TODAY": "2026-11-30",
        "XDG_CACHE_HOME": str(tmp_path / "home-cache"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "transparency", "check", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists()


def test_a_manifest_naming_paths_outside_the_site_is_not_used(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    spare = staging.spare_dir(output)
    spare.mkdir()
    (spare / "index.html").write_text("x", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (spare / staging.MANIFEST).write_text(
        json.dumps({"../victim.txt": "k", "index.html": "k"}), encoding="utf-8"
    )
    stage = tmp_path / ".staging-output-1"
    assert staging.recycle(output, stage) == {}
    assert victim.read_text(encoding="utf-8") == "keep"
