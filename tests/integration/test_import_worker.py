"""A big staff import run by a real background worker (issue 19, item 5): the secretary uploads
a file past BACKGROUND_IMPORT_ROWS, a worker checks it and the job's page offers the import; a
`manage.py db_worker` process imports it and is killed (SIGKILL) while it checks the rows, once
its progress shows some; nothing is written, the job's page says it was interrupted and offers
"Chạy lại"; a new worker runs it again and every person is written once.

On PostgreSQL the worker uses the test database itself; on SQLite a file copy of the in-memory
test database, copied back once the worker has stopped (tests/integration/test_reminder_worker.py).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.helpers.tasks import run_queued
from tests.integration.test_reminder_worker import ROOT, WorkerDatabase
from tests.integration.test_spreadsheets import headers, xlsx
from thidua.core import jobs
from thidua.organization.models import Person

ROWS = 12_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đình", "Minh", "Thu", "Quang", "Hữu", "Ngọc", "Xuân", "Thanh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hải", "Khánh", "Lan", "Mai", "Nam"]


def staff_file(count: int = ROWS) -> bytes:
    rows = [headers("staff")]
    for n in range(count):
        name = "{} {} {} {}".format(
            FAMILY[n % 10], MIDDLE[n // 10 % 10], GIVEN[n // 100 % 10], GIVEN[n // 1000 % 10]
        )
        gender = "Nam" if n % 2 else "Nữ"
        rows.append(["{:05d}".format(20000 + n), name, gender, "", "", "", "Giảng viên", "", "",
                     date(2012, 1, 1), "", "", "", "Khoa Dân vận"])  # fmt: skip
    return xlsx(rows)


def worker(database, media, *args):
    # Progress written every 20 ms rather than every second: the rows' check lasts a second or
    # two, and the test must see it mid-way to kill the worker there.
    env = {**os.environ, "DATABASE_URL": database.url, "TASKS_BACKEND": "database",
           "DEBUG": "0", "MEDIA_ROOT": str(media), "JOB_PROGRESS_MS": "20"}  # fmt: skip
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
               "--interval", "0.1", *args]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def imported() -> int:
    return Person.objects.filter(staff_code__gte="20000").count()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_writes_nothing_and_the_job_runs_again_once(
    org, units, personas, client, settings, tmp_path
):
    settings.MEDIA_ROOT = media = tmp_path / "media"
    settings.BACKGROUND_IMPORT_ROWS = 100
    client.force_login(personas["secretary"])
    upload = SimpleUploadedFile("can-bo.xlsx", staff_file())
    response = client.post(reverse("spreadsheets:import"),
                           {"action": "preview", "kind": "staff", "file": upload})  # fmt: skip
    assert response.status_code == 302
    check = response["Location"]
    assert "Đang chờ tiến trình nền nhận việc" in client.get(check).content.decode()

    # The check (a dry run) offers the import; nothing is written yet.
    run_queued()
    page = client.get(check).content.decode()
    assert "Kiểm tra xong, tệp hợp lệ: {} dòng — {} thêm mới".format(ROWS, ROWS) in page
    assert "Xác nhận nhập" in page and imported() == 0
    response = client.post(reverse("spreadsheets:import"),
                           {"action": "confirm_job", "job": check.split("/")[-2]})  # fmt: skip
    assert response.status_code == 302
    job_id = response["Location"].split("/")[-2]
    assert response["Location"] == reverse("core:job", args=[job_id])

    # A real worker imports; it is killed while checking the rows, once some are checked.
    database = WorkerDatabase(tmp_path)
    database.to_worker()
    process = worker(database, media)
    seen = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        seen, _ = jobs.read_progress(job_id)
        if 0 < seen.get("done", 0) < ROWS:
            break
        time.sleep(0.005)
    else:
        process.kill()
        pytest.fail("no progress seen mid-way: {} {}".format(seen, process.communicate()[0]))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    database.from_worker()
    assert seen["total"] == ROWS and seen["step"] == "kiểm tra các dòng"
    assert imported() == 0  # the transaction died with the worker
    assert DBTaskResult.objects.get(pk=job_id).status == "RUNNING"

    # While its heartbeat is fresh the page shows the progress; silent too long, interrupted.
    page = client.get(response["Location"]).content.decode()
    assert "Đang thực hiện" in page
    assert "{} / {} dòng".format(seen["done"], ROWS) in page
    stale = time.time() - settings.JOB_STALE_SECONDS - 5
    os.utime(jobs.progress_path(job_id), (stale, stale))
    status = client.get(response["Location"], headers={"HX-Request": "true"})
    assert status.status_code == 286
    html = status.content.decode()
    assert "bị gián đoạn" in html and "Chưa có gì được ghi" in html and "Chạy lại" in html

    # Run again: a new job with the same file; a new worker writes every person once.
    again = client.post(reverse("core:job_again", args=[job_id]))
    assert again.status_code == 302 and job_id not in again["Location"]
    database.to_worker()
    second = worker(database, media, "--batch")
    output = second.communicate(timeout=300)[0]
    assert second.returncode == 0, output
    database.from_worker()
    assert imported() == ROWS
    assert Person.objects.filter(staff_code__gte="20000").values("staff_code").distinct().count() \
        == ROWS  # fmt: skip
    page = client.get(again["Location"]).content.decode()
    assert "Đã nhập: {} dòng — {} thêm mới, 0 cập nhật, 0 không đổi.".format(ROWS, ROWS) in page
    # The stored upload is removed once imported.
    assert not list((media / "generated" / "imports").glob("*.xlsx"))
