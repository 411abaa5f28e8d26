"""Try the deployment of docs/deploy.md on one machine: two gunicorn processes behind a reverse
proxy, two background workers, one PostgreSQL, attachments and generated files in one shared
folder, sessions in the database.

    createdb -h 127.0.0.1 -U postgres thidua_trial
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_trial
    .venv/bin/python bench/province_db.py --people 5000 --organizations 25 --runs 1
    .venv/bin/python bench/dashboard_data.py --people 500 > /tmp/dash.json
    .venv/bin/python bench/deploy_trial.py --info /tmp/dash.json

Starts gunicorn on 8801 and 8802 (TRUSTED_PROXY_COUNT=1, the same MEDIA_ROOT), the tiny proxy
of bench/tiny_proxy.py on 8800 in front of them, and two `manage.py db_worker` processes; queues
--tasks year-end reports (DOCX) for the benchmark's secretary and waits for the workers, then
downloads each file through the proxy (whichever web process answers reads what a worker
wrote); then measures the pages of bench/province_pages.py through the proxy and on one web
process directly, one client at a time and under --clients clients. Standard library only on
the client side.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from province_pages import PYTHON, ROOT, get, latencies, load, p95, throughput  # noqa: E402

PROXY, WEB = 8800, (8801, 8802)


def environment(media: str) -> dict:
    return {**os.environ, "DEBUG": "0", "SECURE_COOKIES": "0", "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXY_COUNT": "1", "MEDIA_ROOT": media,
            "TASKS_BACKEND": "database"}  # fmt: skip


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            get(port, "/health/", "")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("nothing answers on port {}".format(port))


def queue_reports(count: int) -> list[str]:
    """Queue `count` year-end reports for the benchmark's secretary; return the task ids."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from thidua.accounts.models import User
    from thidua.closing.tasks import make_year_report

    user = User.objects.get(username="bench-thuky")
    return [str(make_year_report.enqueue(user.pk, 2022, "docx", None).id) for _ in range(count)]


def wait_for_tasks(ids: list[str], timeout: float) -> list:
    from django_tasks_db.models import DBTaskResult

    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        rows = list(DBTaskResult.objects.filter(pk__in=ids))
        if all(row.status in ("SUCCESSFUL", "FAILED") for row in rows):
            return rows
        time.sleep(0.5)
    sys.exit("the workers did not finish the tasks in {} s".format(timeout))


def client_address_seen() -> str:
    """Fail a login through the proxy with a forged X-Forwarded-For; return the address the
    login throttle recorded (TRUSTED_PROXY_COUNT=1: the one the proxy appended)."""
    import http.client
    import re
    from urllib.parse import urlencode

    from axes.models import AccessAttempt

    conn = http.client.HTTPConnection("127.0.0.1", PROXY, timeout=60)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    body = urlencode({"csrfmiddlewaretoken": token, "username": "bench-nobody",
                      "password": "sai"})  # fmt: skip
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "csrftoken=" + cookie,
        "X-Forwarded-For": "203.0.113.9"})  # fmt: skip
    conn.getresponse().read()  # the login form again, with its error
    return AccessAttempt.objects.filter(username="bench-nobody").latest("pk").ip_address


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--info", type=Path, required=True, help="bench/dashboard_data.py's JSON")
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=5, help="per page and target")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--throughput-seconds", type=float, default=10)
    parser.add_argument("--web-workers", type=int, default=1, help="gunicorn workers each")
    args = parser.parse_args()
    info = json.loads(args.info.read_text())
    media = tempfile.mkdtemp(prefix="thidua-shared-media-")
    env = environment(media)
    processes = []
    try:
        for port in WEB:
            processes.append(subprocess.Popen(
                [str(ROOT / ".venv" / "bin" / "gunicorn"), "thidua.wsgi", "--bind",
                 "127.0.0.1:{}".format(port), "--workers", str(args.web_workers),
                 "--log-level", "warning"], cwd=ROOT, env=env))  # fmt: skip
        processes.append(subprocess.Popen(
            [PYTHON, "bench/tiny_proxy.py", "--listen", str(PROXY)]
            + [arg for port in WEB for arg in ("--backend", "127.0.0.1:{}".format(port))],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True))  # fmt: skip
        proxy = processes[-1]
        for port in (*WEB, PROXY):
            wait_for(port)
        workers = [subprocess.Popen([PYTHON, "manage.py", "db_worker", "--no-reload"],
                                    cwd=ROOT, env=env) for _ in range(2)]  # fmt: skip
        processes += workers
        print("load average at start: {}; {} cores".format(load(), os.cpu_count()))

        start = time.perf_counter()
        ids = queue_reports(args.tasks)
        rows = wait_for_tasks(ids, 600)
        took = time.perf_counter() - start
        by_worker = {}
        for row in rows:
            for worker in row.worker_ids:
                by_worker[worker] = by_worker.get(worker, 0) + 1
        print("{} year-end reports (DOCX) by 2 workers in {:.1f} s: {}; runs per worker {}".format(
            len(rows), took, sorted({row.status for row in rows}),
            sorted(by_worker.values())))  # fmt: skip
        for task_id in ids:  # through the proxy: either web process reads the worker's file
            body = get(PROXY, "/closing/years/2022/jobs/{}/file".format(task_id), info["cookie"])
            assert body[:2] == b"PK", "not a DOCX"
        print("each file downloaded through the proxy ({} downloads)".format(len(ids)))
        print("a failed login sent with X-Forwarded-For: 203.0.113.9 through the proxy was"
              " counted against {}".format(client_address_seen()))

        pages = [
            ("floor /health/", "/health/", False),
            ("dashboard", "/plans/{}/dashboard/".format(info["plan"]), False),
            ("forecast (htmx)", "/plans/{}/dashboard/?forecast=1".format(info["plan"]), True),
            ("overview, first page", "/eligibility/?year=2022", False),
        ]
        targets = [("proxy → 2 web", PROXY), ("one web direct", WEB[0])]
        print("{:<22} {:<16} {:>5} {:>8} {:>8} {:>9}".format(
            "page", "through", "n", "p50 ms", "p95 ms", "req/s"))  # fmt: skip
        for label, path, htmx in pages:
            for name, port in targets:
                found = latencies(port, path, info["cookie"], args.seconds, htmx)
                rate = throughput(port, path, info["cookie"], args.throughput_seconds,
                                  args.clients, htmx) if args.clients else 0.0  # fmt: skip
                print("{:<22} {:<16} {:>5} {:>8.1f} {:>8.1f} {:>9.1f}".format(
                    label, name, len(found), statistics.median(found), p95(found),
                    rate))  # fmt: skip
        print("load average at the end: {}".format(load()))
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        print(proxy.stdout.read().strip())


if __name__ == "__main__":
    main()
