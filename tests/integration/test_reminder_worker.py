"""The daily digests sent by a real background worker (issue 19 item 5, issue 18's reminders):
`send_reminders` enqueues one task per person in the database (django-tasks-db), a
`manage.py db_worker` process sends them to a real SMTP server (aiosmtpd on 127.0.0.1), it is
killed (SIGKILL) in the middle of a message and run again.

On PostgreSQL the worker uses the test database itself. SQLite's test database lives in this
process's memory: it is copied to a file for the worker and back once the worker has stopped.
"""

import asyncio
import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.helpers.smtp import Inbox, free_port
from tests.helpers.todo import todo_world
from thidua.todo.models import ReminderSent

ROOT = Path(__file__).resolve().parents[2]
MORNING = "2023-01-25 06:30 +07:00"  # the day tests/helpers/todo.py sets every role's items
WITH_ITEMS = {"admin", "secretary", "principal", "council_member", "unit_head"}


class StallingInbox(Inbox):
    """Takes messages, but holds the third one unanswered until released (then refuses it):
    the worker is stopped in the middle of sending it."""

    def __init__(self):
        super().__init__()
        self.stalled, self.release, self.seen = threading.Event(), threading.Event(), 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.seen == 3:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Người gửi đã ngắt kết nối"
        return await super().handle_DATA(server, session, envelope)


class WorkerDatabase:
    """The database a worker process uses: the test database (PostgreSQL), or a file copy of
    SQLite's in-memory one, copied back when the worker stops."""

    def __init__(self, tmp_path):
        connection.ensure_connection()
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.file = tmp_path / "worker.sqlite3"
            self.url = "sqlite:///{}".format(self.file)
        else:
            db = connection.settings_dict
            self.url = "postgres://{}@{}:{}/{}".format(
                db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
            )

    def to_worker(self):
        if self.sqlite:
            self.file.unlink(missing_ok=True)
            with sqlite3.connect(self.file) as copy:
                connection.connection.backup(copy)
            copy.close()

    def from_worker(self):
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()


def worker(database, port, *args):
    """Start `manage.py db_worker` with the installation's variables pointing at the test's
    database and SMTP server."""
    env = {
        **os.environ, "DATABASE_URL": database.url, "TASKS_BACKEND": "database", "DEBUG": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "EMAIL_TIMEOUT": "20",
        "SITE_URL": "https://thiduakhenthuong.example.vn",
    }  # fmt: skip
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
               "--interval", "0.1", *args]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def send_reminders() -> str:
    out = io.StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_message_and_run_again_sends_each_digest_once(
    org, units, people, personas, tmp_path
):
    for name, user in personas.items():
        user.email = "{}@example.vn".format(name.replace("_", "."))
        user.save()
    todo_world(org, units, people, personas)
    addresses = sorted("{}@example.vn".format(name.replace("_", ".")) for name in WITH_ITEMS)
    inbox = StallingInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=free_port())
    server.start()
    database = WorkerDatabase(tmp_path)
    try:
        # The command only enqueues: nothing is sent until a worker runs.
        assert "đã xếp 5 thư nhắc việc vào hàng đợi" in send_reminders()
        assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 5

        # A worker sends two digests and is killed while the server takes the third.
        database.to_worker()
        process = worker(database, server.port)
        if not inbox.stalled.wait(timeout=60):
            process.kill()
            pytest.fail("the worker sent no third message: " + process.communicate()[0])
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        inbox.release.set()
        database.from_worker()
        assert len(inbox.messages) == 2
        statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
        assert statuses == {"SUCCESSFUL": 2, "RUNNING": 1, "READY": 2}
        # The digest being sent is claimed, not marked sent: a run soon after leaves it alone.
        killed = ReminderSent.objects.get(sent_at__isnull=True)
        assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 2
        assert killed.user.email not in [m["To"] for m in inbox.messages]

        # Half an hour later the claim is a dead worker's: the next run enqueues it again, with
        # the two never sent (their first tasks are still queued too).
        hour = datetime(2023, 1, 25, 5, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        ReminderSent.objects.filter(pk=killed.pk).update(claimed_at=hour)
        assert "đã xếp 3 thư nhắc việc vào hàng đợi" in send_reminders()

        # A worker run again sends the three remaining digests once each; the duplicate tasks
        # find theirs sent and send nothing.
        database.to_worker()
        again = worker(database, server.port, "--batch")
        output = again.communicate(timeout=60)[0]
        assert again.returncode == 0, output
        database.from_worker()
        assert sorted(m["To"] for m in inbox.messages) == addresses  # each exactly once
        assert all("việc cần làm ngày 25/01/2023" in m["Subject"] for m in inbox.messages)
        assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 5
        results = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
        said = Counter(result.return_value.split(":")[0].split(" ")[0] for result in results)
        assert said == {"Đã": 5, "Không": 2}
        # The killed worker's task stays "running" in the record: it is not run twice.
        assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1
    finally:
        inbox.release.set()
        server.stop()
