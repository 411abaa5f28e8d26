"""scripts/serve, `make run`'s server: the development server and one worker beside it; a signal
stops both, and a server that stops by itself stops the worker. Driven here with a stand-in
interpreter that logs what it was asked to run and how it was stopped."""

import signal
import subprocess
import sys
import time
from pathlib import Path

SERVE = Path(__file__).resolve().parents[2] / "scripts" / "serve"
FAKE = """#!/bin/sh
trap 'echo "$2 stopped" >> "{log}"; exit 0' INT TERM
echo "$2 started" >> "{log}"
[ "$2" = runserver ] && [ -n "{server_exit}" ] && sleep 0.3 && exit {server_exit}
while :; do sleep 0.05; done
"""


def serve(tmp_path, server_exit=""):
    log = tmp_path / "log"
    python = tmp_path / "python"
    python.write_text(FAKE.format(log=log, server_exit=server_exit))
    python.chmod(0o755)
    process = subprocess.Popen([sys.executable, SERVE, python, "127.0.0.1:8000"])
    return process, log


def lines(log):
    return sorted(log.read_text().splitlines()) if log.exists() else []


def test_a_signal_stops_the_server_and_the_worker(tmp_path):
    process, log = serve(tmp_path)
    deadline = time.monotonic() + 10
    while len(lines(log)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lines(log) == ["db_worker started", "runserver started"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert lines(log) == [
        "db_worker started", "db_worker stopped", "runserver started", "runserver stopped",
    ]  # fmt: skip


def test_a_server_that_stops_by_itself_stops_the_worker(tmp_path):
    process, log = serve(tmp_path, server_exit="3")
    assert process.wait(timeout=10) == 3
    assert lines(log) == ["db_worker started", "db_worker stopped", "runserver started"]
