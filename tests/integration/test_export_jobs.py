"""Long list exports made by a worker (issue 19, item 5; thidua.core.exports): the receiving
office's overview XLSX, the eligibility overview's full list and the award register's files.
Past BACKGROUND_DOCUMENT_ROWS rows the download link queues a job and opens its page; the job's
file is the file the link gives below the threshold; only the user who asked finds the job; a
right lost before the worker runs refuses it, and a failed job says why. The API still gets the
file itself. The tasks run here as `db_worker` runs them."""

import io
import re
import zipfile
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from tests.helpers.api import api_get, token_for
from tests.helpers.tasks import run_queued
from tests.integration import test_inbox_overview
from thidua.accounts.models import Role, RoleGrant
from thidua.awards.actions import AwardData, do_add_award
from thidua.core import jobs

pytestmark = pytest.mark.django_db

# The receiving office and its hand-counted tờ trình (12 entries of 2022).
office, received = test_inbox_overview.office, test_inbox_overview.received

# The files of both paths are made at the same frozen instant: their bytes can be compared
# (XLSX and DOCX carry the time they were made).
INSTANT = "2026-12-05 10:00 +07:00"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BACKGROUND_DOCUMENT_ROWS = 2


def ask(client, url, query=None) -> str:
    """Follow the download link; return the job page it leads to."""
    response = client.get(url, query or {})
    assert response.status_code == 302, response.status_code
    assert re.fullmatch(r"/jobs/[0-9a-f-]{36}/", response["Location"]), response["Location"]
    return response["Location"]


def job_id(page: str) -> str:
    return page.rstrip("/").split("/")[-1]


def job_file(client, page: str):
    response = client.get(reverse("core:job_file", args=[job_id(page)]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def immediate(client, url, query, settings) -> tuple:
    """The file the link gives at once (under the threshold)."""
    settings.BACKGROUND_DOCUMENT_ROWS = 10_000
    response = client.get(url, query)
    assert response.status_code == 200
    settings.BACKGROUND_DOCUMENT_ROWS = 2
    data = response.content if not response.streaming else b"".join(response.streaming_content)
    return response, data


def cells(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def same_package(data: bytes, expected: bytes) -> bool:
    """The same XLSX or DOCX: the same parts, in the same order, each byte for byte. The zip's
    own timestamps are left out: openpyxl's write-only sheets go through temporary files, whose
    times come from the file system's clock, which the frozen instant does not reach."""
    ours, theirs = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(expected))
    names = ours.namelist()
    return names == theirs.namelist() and all(ours.read(n) == theirs.read(n) for n in names)


def failure(page: str) -> str:
    return jobs.failure_reason(DBTaskResult.objects.get(pk=job_id(page)))


# The receiving office's overview ---------------------------------------------------------------


def test_the_overview_xlsx_of_many_entries_is_made_by_a_worker(received, office, settings):
    client = Client()
    client.force_login(office["officer"])
    page = client.get(reverse("proposals:overview"), {"year": "2022"}).content.decode()
    link = reverse("proposals:overview_xlsx") + "?year=2022"
    assert link in page
    with time_machine.travel(INSTANT, tick=False):
        job = ask(client, link)
        assert "Đang chờ tiến trình nền nhận việc" in client.get(job).content.decode()
        run_queued()
        shown = client.get(job).content.decode()
        assert "Tổng hợp tờ trình đã nhận (XLSX)" in shown and "Đã xong: 12 dòng." in shown
        assert reverse("proposals:overview") + "?year=2022" in shown  # back to the filtered page
        response, data = job_file(client, job)
        at_once, expected = immediate(client, reverse("proposals:overview_xlsx"),
                                      {"year": "2022"}, settings)  # fmt: skip
    assert response["Content-Disposition"] == at_once["Content-Disposition"]
    assert same_package(data, expected)
    assert len(cells(data)) > 12


def test_the_overview_job_is_the_officers_alone(received, office, personas):
    client = Client()
    client.force_login(office["officer"])
    job = ask(client, reverse("proposals:overview_xlsx"), {"year": "2022"})
    run_queued()
    for user in (office["elsewhere"], office["reader"], personas["secretary"]):
        client.force_login(user)
        assert client.get(job).status_code == 404, user.username
        assert client.get(reverse("core:job_file", args=[job_id(job)])).status_code == 404
    # Without the right, the link queues nothing.
    before = DBTaskResult.objects.count()
    client.force_login(office["reader"])
    assert client.get(reverse("proposals:overview_xlsx"), {"year": "2022"}).status_code == 403
    assert DBTaskResult.objects.count() == before


def test_a_right_lost_before_the_worker_runs_refuses_the_overview(received, office):
    client = Client()
    client.force_login(office["officer"])
    job = ask(client, reverse("proposals:overview_xlsx"), {"year": "2022"})
    RoleGrant.objects.filter(user=office["officer"]).update(role=Role.LEADER)
    run_queued()
    assert failure(job) == "Tài khoản không còn quyền xem hộp tờ trình đã nhận; không tạo tệp."
    # Its page, too, asks the right again.
    assert client.get(job).status_code == 403


def test_a_short_overview_is_downloaded_at_once(received, office, settings):
    settings.BACKGROUND_DOCUMENT_ROWS = 12
    client = Client()
    client.force_login(office["officer"])
    response = client.get(reverse("proposals:overview_xlsx"), {"year": "2022"})
    assert response.status_code == 200 and not DBTaskResult.objects.exists()


# The eligibility overview ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_the_eligibility_list_of_many_people_is_made_by_a_worker(fmt, personas, people, settings):
    client = Client()
    client.force_login(personas["secretary"])
    page = client.get(reverse("evaluation:eligibility"), {"year": 2022}).content.decode()
    link = reverse("evaluation:eligibility_document", args=[fmt]) + "?year=2022"
    assert link in page.replace("&amp;", "&")
    with time_machine.travel(INSTANT, tick=False):
        job = ask(client, link)
        run_queued()
        shown = client.get(job).content.decode()
        assert "Tổng hợp kết quả xét điều kiện ({})".format(fmt.upper()) in shown
        assert "Đã xong:" in shown
        response, data = job_file(client, job)
        at_once, expected = immediate(
            client, reverse("evaluation:eligibility_document", args=[fmt]), {"year": 2022}, settings
        )
    assert response["Content-Disposition"] == at_once["Content-Disposition"]
    assert same_package(data, expected)
    if fmt == "xlsx":
        assert people["dat"].full_name in {c for row in cells(data) for c in row}


def test_the_eligibility_job_is_its_owners_alone(personas):
    client = Client()
    client.force_login(personas["secretary"])
    job = ask(client, reverse("evaluation:eligibility_document", args=["pdf"]), {"year": 2022})
    client.force_login(personas["principal"])
    assert client.get(job).status_code == 404
    # An account of no organisation has no overview: no job either.
    before = DBTaskResult.objects.count()
    client.force_login(personas["outsider"])
    personas["outsider"].organization = None
    personas["outsider"].save()
    link = reverse("evaluation:eligibility_document", args=["pdf"])
    assert client.get(link, {"year": 2022}).status_code == 404
    assert DBTaskResult.objects.count() == before


# The award register ----------------------------------------------------------------------------


@pytest.fixture
def register(org, people, personas):
    for key in ("dat", "other", "staff"):
        do_add_award(org, AwardData(
            person=people[key], unit=None, year=2021, code="CSTD_CS",
            decision_number="12/QĐ-TCTTN", decided_on=date(2021, 12, 20), issued_by="",
        ), acting_user=personas["secretary"])  # fmt: skip


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_the_register_of_many_awards_is_made_by_a_worker(fmt, register, personas, settings):
    client = Client()
    client.force_login(personas["principal"])
    page = client.get(reverse("awards:award_list"), {"year": 2021}).content.decode()
    url = (reverse("awards:register_export") if fmt == "xlsx"
           else reverse("awards:register_document", args=[fmt]))  # fmt: skip
    assert url + "?year=2021" in page
    with time_machine.travel(INSTANT, tick=False):
        job = ask(client, url, {"year": 2021})
        run_queued()
        shown = client.get(job).content.decode()
        assert "Sổ khen thưởng ({})".format(fmt.upper()) in shown and "Đã xong: 3 dòng." in shown
        response, data = job_file(client, job)
        at_once, expected = immediate(client, url, {"year": 2021}, settings)
    assert response["Content-Disposition"] == at_once["Content-Disposition"]
    assert same_package(data, expected)


def test_a_register_job_that_fails_says_why(register, personas, monkeypatch):
    monkeypatch.setattr("thidua.awards.documents.REGISTER_PRINT_LIMIT", 2)
    client = Client()
    client.force_login(personas["principal"])
    job = ask(client, reverse("awards:register_document", args=["pdf"]))
    run_queued()
    shown = client.get(job).content.decode()
    assert failure(job) in shown and "2" in failure(job)
    assert failure(job) != jobs.UNEXPECTED
    client.force_login(personas["secretary"])
    assert client.get(job).status_code == 404


def test_the_register_sees_only_what_the_user_may_read(register, personas, people):
    # The staff member's list holds their own award alone: under the threshold, at once.
    client = Client()
    client.force_login(personas["staff"])
    response = client.get(reverse("awards:register_export"))
    assert response.status_code == 200 and not DBTaskResult.objects.exists()
    names = {c for row in cells(response.content) for c in row}
    assert people["staff"].full_name in names and people["dat"].full_name not in names


def test_the_api_gets_the_file_itself(register, personas):
    response = api_get("award-register/document.docx", token_for(personas["principal"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not DBTaskResult.objects.exists()
