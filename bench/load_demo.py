"""Time `load_demo` on a fresh SQLite database, with and without the 2021 year run through the
council, the decisions and the tờ trình (thidua/demo/year2021.py).

    .venv/bin/python bench/load_demo.py [--runs 5]

Migrates one template database, then for each run copies it and loads the demo in a fresh
process: once as it is ("full"), once with the 2021 run left out ("floor": the demo as it was
before that run existed). The two alternate, so the machine's load weighs on both alike.
Prints medians of wall-clock and CPU seconds and the ratio full / floor.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

LOAD = """
import os, time, resource, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
django.setup()
from thidua.demo import loader
if os.environ["BENCH_MODE"] == "floor":
    loader.run_2021 = lambda organization: None
start, cpu = time.perf_counter(), time.process_time()
loader.load_demo()
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def run(database: Path, mode: str) -> tuple[float, float]:
    env = {**os.environ, "DATABASE_URL": "sqlite:///{}".format(database), "BENCH_MODE": mode}
    out = subprocess.run(
        [PYTHON, "-c", LOAD], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.sqlite3"
        env = {**os.environ, "DATABASE_URL": "sqlite:///{}".format(template)}
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        times = {"floor": [], "full": []}
        for index in range(args.runs):
            for mode in ("floor", "full"):
                database = Path(folder) / "{}-{}.sqlite3".format(mode, index)
                shutil.copy(template, database)
                times[mode].append(run(database, mode))
                database.unlink()
    print("{:<6} {:>10} {:>10}".format("", "wall s", "cpu s"))
    medians = {}
    for mode, values in times.items():
        medians[mode] = [statistics.median(v[i] for v in values) for i in (0, 1)]
        print("{:<6} {:>10.2f} {:>10.2f}".format(mode, *medians[mode]))
    print("full / floor: wall {:.2f}×, cpu {:.2f}×".format(
        medians["full"][0] / medians["floor"][0], medians["full"][1] / medians["floor"][1]
    ))  # fmt: skip
    print("load average:", " ".join("{:.1f}".format(x) for x in os.getloadavg()))


if __name__ == "__main__":
    main()
