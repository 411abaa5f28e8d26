"""The file interface is documented in the project (docs/rules-file-interface.md): its example
runs through the command line with the verdicts the page describes, and every field the reader
accepts is named on the page."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "rules-file-interface.md"
EXAMPLE = ROOT / "docs" / "examples" / "facts-2024.json"


def test_the_documented_example_runs_with_the_verdicts_the_page_describes():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "thidua.rules", "evaluate", str(EXAMPLE)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["year"], out["regime"]) == (2024, "2023/nd98")
    people, units = out["people"], out["units"]
    assert people["hoa"]["CSTD_TINH"]["verdict"] == "eligible"
    assert people["dat"]["LDTT"]["verdict"] == "eligible"
    assert {t: v["verdict"] for t, v in people["binh"].items()} == dict.fromkeys(
        people["binh"], "ineligible"
    )
    [pending] = [c for c in people["binh"]["LDTT"]["criteria"] if c["passed"] is False]
    assert "xem xét kỷ luật" in pending["detail"] and "Điều 4, khoản 4" in pending["source"]
    assert units["xdd"]["TTLDXS"]["verdict"] == "eligible"
    assert units["xdd"]["BK_TINH"]["verdict"] == "eligible"
    assert out["quotas"]["CO_CP"]["informational"] is True
    for section in ("hoa", "dat", "binh", "xdd"):
        assert f"`{section}`" in DOC.read_text(encoding="utf-8")


def _fields_read_by_the_reader() -> set[str]:
    """Every key facts.py reads from the JSON: get("x"), obj.get("x") and _opt_bool(obj, "x")."""
    tree = ast.parse((ROOT / "thidua" / "rules" / "facts.py").read_text(encoding="utf-8"))
    keys = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        index = 1 if name == "_opt_bool" else 0 if name in ("get",) else None
        if index is not None and len(node.args) > index:
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                keys.add(arg.value)
    return keys


def test_every_field_the_reader_accepts_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    fields = _fields_read_by_the_reader()
    assert {"until", "pending", "certified", "claims", "course_months"} <= fields
    missing = sorted(f for f in fields if f"`{f}`" not in doc)
    assert not missing, missing
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    used = set()

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if not key.isdigit():
                    used.add(key)
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(example)
    # The example shows the fields a reader most needs to see used, the new ones included.
    assert {"until", "pending", "certified", "claims", "transfers", "cluster_leader"} <= used
    assert used <= fields | {"year", "regime", "people", "units"}
