"""The year-end report made by a background worker (issue 19, item 5; thidua.core.jobs): the
page asks for it, the job's page shows its progress (htmx polling, stopped by status 286 once
finished, the outcome announced), the file is offered when ready, a failure says why in
Vietnamese, and only the user who asked finds the job. The task is run here as `db_worker` runs
it (tests/helpers/tasks.py; tests/integration/test_import_worker.py runs a real worker process)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.helpers.tasks import run_queued
from thidua.documents.registry import DocumentError
from thidua.plans.demo import load_plan_2022

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(org, client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_plan_2022(org)
    client.force_login(personas["secretary"])
    response = client.post(reverse("closing:year_report_background", args=[2022, "pdf"]))
    assert response.status_code == 302
    return response["Location"]


def test_the_report_is_made_by_a_worker_and_offered_when_ready(client, asked, personas):
    page = client.get(asked).content.decode()
    assert "Đang chờ tiến trình nền nhận việc" in page
    assert "Báo cáo tổng kết năm 2022 (PDF)" in page
    assert 'hx-trigger="every 1s"' in page and '<progress id="job-progress"' in page
    assert client.get(asked, headers={"HX-Request": "true"}).status_code == 200  # still polling
    run_queued()
    status = client.get(asked, headers={"HX-Request": "true"})
    assert status.status_code == 286  # htmx stops polling
    html = status.content.decode()
    assert 'data-announce="Báo cáo tổng kết năm 2022 (PDF): Đã xong. Có thể tải về."' in html
    assert "3 / 3 bước (100%)" not in html and "100%" in html
    assert "hx-get" not in html
    file = client.get(reverse("core:job_file", args=[asked.split("/")[-2]]))
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    assert file["Content-Disposition"].startswith("attachment;")
    # Another reader of the report does not find the secretary's job.
    client.force_login(personas["principal"])
    assert client.get(asked).status_code == 404


def test_a_job_no_worker_takes_says_so(client, asked, settings):
    assert "chưa tiến trình nền nào nhận" not in client.get(asked).content.decode()
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    )
    page = client.get(asked).content.decode()
    assert "Việc này đã chờ lâu mà chưa tiến trình nền nào nhận" in page
    assert 'hx-trigger="every 1s"' in page  # a worker started now would still take it


def test_a_failed_job_says_why(client, asked, monkeypatch, caplog):
    def broken(*args):
        raise DocumentError("Không có mẫu văn bản cho thể thức này.")

    monkeypatch.setattr("thidua.closing.tasks.render", broken)
    with caplog.at_level("WARNING", logger="thidua.jobs"):
        run_queued()
    # The worker's log says which job failed and why, with the traceback.
    (record,) = [r for r in caplog.records if r.name == "thidua.jobs"]
    assert "make_year_report" in record.getMessage()
    assert "Không có mẫu văn bản cho thể thức này." in record.getMessage() and record.exc_info
    page = client.get(asked).content.decode()
    assert "Không thực hiện được: Không có mẫu văn bản cho thể thức này." in page
    assert 'role="alert"' in page and "hx-get" not in page


def test_without_workers_the_report_is_downloaded_at_once(org, client, personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load_plan_2022(org)
    client.force_login(personas["secretary"])
    response = client.post(reverse("closing:year_report_background", args=[2022, "pdf"]))
    assert response["Location"] == reverse("closing:year_report_document", args=[2022, "pdf"])
    assert not DBTaskResult.objects.exists()


def test_a_job_left_running_by_a_stopped_worker_is_interrupted_and_run_again(
    client, asked, settings
):
    job = DBTaskResult.objects.get()
    job.claim("killed")
    page = client.get(asked).content.decode()
    assert "Đang thực hiện" in page and 'hx-trigger="every 1s"' in page  # a live worker
    # Silent past JOB_STALE_SECONDS: the worker stopped mid-way.
    DBTaskResult.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    )
    status = client.get(asked, headers={"HX-Request": "true"})
    assert status.status_code == 286
    html = status.content.decode()
    assert "bị gián đoạn" in html and "Chạy lại" in html and "hx-get" not in html
    again = client.post(reverse("core:job_again", args=[job.pk]))
    assert again.status_code == 302 and again["Location"] != asked
    run_queued()
    assert "Đã xong." in client.get(again["Location"]).content.decode()
