"""The file interface: ``python -m thidua.rules evaluate FACTS.json`` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

EXAMPLE = {  # the input example of eligibility-interface.md
    "year": 2022,
    "regime": "auto",
    "people": [
        {
            "id": "p1", "unit": "u1", "gender": "F", "lecturer": True, "hired_on": "2019-09-01",
            "grades": {"2020": "HTXS", "2021": "HTXS", "2022": "HTT"},
            "titles": {"2020": ["LDTT", "CSTD_CS"], "2021": ["LDTT", "CSTD_CS"]},
            "initiatives": [{"year": 2022, "level": "co_so"}, {"year": 2021, "level": "tinh"}],
            "research": [{"year": 2022, "level": "co_so", "accepted": True}],
            "discipline": [{"year": 2022, "form": "khien_trach"}],
            "leave": [{"year": 2022, "kind": "maternity", "days": 180}],
            "registered": ["LDTT", "CSTD_CS"],
        }
    ],
    "units": [{"id": "u1", "grades": {"2022": "HTXS"}, "titles": {"2021": ["TTLDTT"]},
               "registered": ["TTLDXS"]}],
}


def cli(tmp_path: Path, content: str | dict, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "facts.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "thidua.rules", "evaluate", str(path), *extra],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env,
                          timeout=60)


def test_valid_file_gives_verdicts_per_interface(tmp_path):
    done = cli(tmp_path, EXAMPLE)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["year"] == 2022 and out["regime"] == "2017"
    ldtt = out["people"]["p1"]["LDTT"]
    assert ldtt["verdict"] == "ineligible"  # khiển trách in 2022 (NĐ 91 Điều 10.5)
    for title in ("LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_HV",
                  "BK_TTG", "GVT_DVN"):
        assert out["people"]["p1"][title]["verdict"] in ("eligible", "ineligible", "review")
    for title in ("TTLDTT", "TTLDXS", "CO_TINH", "CO_HV", "CO_CP"):
        assert title in out["units"]["u1"]
    for c in ldtt["criteria"]:
        assert {"code", "passed", "detail", "source"} <= set(c)
    assert out["quotas"]["CSTD_CS"]["source"] == "Nghị định 91/2017/NĐ-CP, Điều 9, khoản 3"
    assert out["rule_set"]["to_confirm"]


def test_missing_option_adds_next_steps(tmp_path):
    done = cli(tmp_path, EXAMPLE, "--missing")
    assert done.returncode == 0
    steps = json.loads(done.stdout)["missing"]["p1"]
    assert steps and all(s["summary"] for s in steps)


def test_unknown_fields_are_ignored(tmp_path):
    data = json.loads(json.dumps(EXAMPLE))
    data["people"][0]["shoe_size"] = 42
    data["comment"] = "x"
    assert cli(tmp_path, data).returncode == 0


def _broken(path: str, value: object) -> dict:
    data = json.loads(json.dumps(EXAMPLE))
    data["people"] += [dict(data["people"][0], id=f"p{i}") for i in range(2, 5)]
    target = data
    keys = path.split(".")
    for k in keys[:-1]:
        target = target[int(k)] if k.isdigit() else target[k]
    target[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("people.3.grades", {"2022": "GOOD"}, "people[3].grades.2022"),
        ("people.0.grades", ["HTT"], "people[0].grades"),
        ("people.0.hired_on", "2019-13-01", "people[0].hired_on"),
        ("people.0.hired_on", "01/09/2019", "people[0].hired_on"),
        ("people.1.titles", {"2021": ["LDTT", "NOBEL"]}, "people[1].titles.2021[1]"),
        ("people.0.discipline", [{"year": 2022, "form": "scolding"}],
         "people[0].discipline[0].form"),
        ("people.0.leave", [{"year": 2022, "kind": "maternity", "days": "180"}],
         "people[0].leave[0].days"),
        ("people.2.id", "p1", "people[2].id"),
        ("year", "2022", "year"),
        ("regime", "2030", "regime"),
        ("units.0.registered", "TTLDXS", "units[0].registered"),
    ],
)
def test_malformed_input_exits_2_naming_the_field(tmp_path, path, value, field):
    done = cli(tmp_path, _broken(path, value))
    assert done.returncode == 2
    assert field in done.stderr
    assert "không hợp lệ" in done.stderr or "phải" in done.stderr
    assert done.stdout == ""


def test_bad_json_exits_2(tmp_path):
    done = cli(tmp_path, '{"year": 2022, "people": [}')
    assert done.returncode == 2
    assert "JSON" in done.stderr and "dòng 1" in done.stderr


def test_missing_file_exits_2(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "thidua.rules", "evaluate",
                           str(tmp_path / "none.json")], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 2 and "Không đọc được tệp" in done.stderr
