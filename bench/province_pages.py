"""Benchmark: a 5,000-person agency's pages alone and inside a 100,000-person province, side by
side in one run (issue 19, item 4).

    createdb -h 127.0.0.1 -U postgres thidua_alone    # the agency alone
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
        .venv/bin/python bench/province_db.py --runs 1   # the province, once (≈ 5–20 minutes)
    .venv/bin/python bench/province_pages.py \\
        --alone postgres://postgres@127.0.0.1:5432/thidua_alone \\
        --province postgres://postgres@127.0.0.1:5432/thidua_bench

Adds the agency of bench/dashboard_data.py (5,000 people, a year of records, the seed's plan) to
both databases, starts gunicorn as production would (DEBUG off, 2 workers) on each — and a third
on the province with PostgreSQL's JIT allowed (POSTGRES_JIT=1) — then asks each server in turn,
one request at a time, for the plan dashboard, its forecast (the htmx request) and the first page
of the eligibility overview; the floor is /health/. Prints medians and 95th percentiles per
server, the ratio province / alone, the page's size, and requests a second under --clients
concurrent clients. Standard library only on the client side (no wrk on these machines).
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def prepare(url: str) -> dict:
    out = subprocess.run(
        [PYTHON, "bench/dashboard_data.py", "--people", "5000"], cwd=ROOT, check=True,
        capture_output=True, text=True, env={**os.environ, "DATABASE_URL": url},
    )  # fmt: skip
    return json.loads(out.stdout)


def serve(url: str, port: int, root=ROOT, **extra) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECURE_COOKIES": "0",
           "ALLOWED_HOSTS": "127.0.0.1", **extra}  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "thidua.wsgi", "--bind",
         "127.0.0.1:{}".format(port), "--workers", "2", "--log-level", "warning"],
        cwd=root, env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            get(port, "/health/", "")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn on port {} did not start".format(port))


def get(port: int, path: str, cookie: str, connection=None, htmx=False):
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": cookie}
    if htmx:
        headers["HX-Request"] = "true"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError("{} {} on port {}".format(response.status, path, port))
    return body


def latencies(port, path, cookie, seconds, htmx):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    get(port, path, cookie, conn, htmx)  # warm the worker and the connection
    found, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end or len(found) < 5:
        start = time.perf_counter()
        get(port, path, cookie, conn, htmx)
        found.append((time.perf_counter() - start) * 1000)
    return found


def throughput(port, path, cookie, seconds, clients, htmx) -> float:
    done = [0] * clients
    end = time.perf_counter() + seconds

    def client(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.perf_counter() < end:
            get(port, path, cookie, conn, htmx)
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start)


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def load() -> str:
    return "{:.1f}".format(os.getloadavg()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alone", required=True, help="DATABASE_URL of the agency alone")
    parser.add_argument("--province", required=True, help="DATABASE_URL of the province")
    parser.add_argument("--seconds", type=float, default=10, help="per page, server and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--throughput-seconds", type=float, default=10)
    parser.add_argument("--no-jit-server", action="store_true")
    parser.add_argument("--before", type=Path, help="a checkout of the code before a change: "
                        "served too, alone and inside the province (its own settings)")
    args = parser.parse_args()
    alone, province = prepare(args.alone), prepare(args.province)
    # (name, port, agency, database, code, environment)
    servers = [("alone", 8791, alone, args.alone, ROOT, {}),
               ("province", 8792, province, args.province, ROOT, {})]  # fmt: skip
    if not args.no_jit_server:
        servers.append(("province, JIT on", 8793, province, args.province, ROOT,
                        {"POSTGRES_JIT": "1"}))  # fmt: skip
    if args.before:
        servers.append(("before: alone", 8794, alone, args.alone, args.before, {}))
        servers.append(("before: province", 8795, province, args.province, args.before, {}))
    processes = [serve(url, port, root, **extra) for _, port, _, url, root, extra in servers]
    servers = [(name, port, info, extra) for name, port, info, _, _, extra in servers]
    try:
        pages = [
            ("floor /health/", lambda info: "/health/", False),
            ("dashboard", lambda info: "/plans/{}/dashboard/".format(info["plan"]), False),
            ("forecast (htmx)", lambda info: "/plans/{}/dashboard/?forecast=1".format(
                info["plan"]), True),
            ("overview, first page", lambda info: "/eligibility/?year=2022", False),
            ("overview's summary (htmx)", lambda info: "/eligibility/?year=2022&part=summary",
             True),
        ]  # fmt: skip
        print("people: alone {}, the agency inside the province {}; load average {}".format(
            alone["people"], province["people"], load()))  # fmt: skip
        times = {}
        for _ in range(args.rounds):
            for label, path, htmx in pages:
                for name, port, info, _ in servers:
                    found = latencies(port, path(info), info["cookie"], args.seconds, htmx)
                    times.setdefault((label, name), []).extend(found)
        print("load average after the latencies: {}".format(load()))
        print("{:<27} {:<17} {:>6} {:>9} {:>9} {:>9} {:>10}".format(
            "page", "server", "n", "p50 ms", "p95 ms", "×alone", "KB"))  # fmt: skip
        for label, path, htmx in pages:
            base = statistics.median(times[(label, "alone")])
            for name, port, info, _ in servers:
                values = times[(label, name)]
                size = len(get(port, path(info), info["cookie"], htmx=htmx)) / 1024
                print("{:<27} {:<17} {:>6} {:>9.1f} {:>9.1f} {:>9.2f} {:>10.1f}".format(
                    label, name, len(values), statistics.median(values), p95(values),
                    statistics.median(values) / base, size))  # fmt: skip
        if args.clients:
            print("throughput, {} clients, {} s each, 2 gunicorn workers per server, {} cores"
                  .format(args.clients, args.throughput_seconds, os.cpu_count()))
            for label, path, htmx in pages[1:]:
                for name, port, info, _ in servers[:2]:
                    rate = throughput(port, path(info), info["cookie"],
                                      args.throughput_seconds, args.clients, htmx)  # fmt: skip
                    print("{:<27} {:<17} {:>8.1f} req/s  (load {})".format(
                        label, name, rate, load()))  # fmt: skip
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
