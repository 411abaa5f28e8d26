"""Imports past BACKGROUND_IMPORT_ROWS run as jobs (issue 19, item 5; thidua.spreadsheets.tasks):
the job's page lists the row errors as the immediate import does, refuses an import whose file
or records changed since the check (saying so, nothing written), and only the user who asked
finds the job. The tasks run here as `db_worker` runs them (tests/helpers/tasks.py);
tests/integration/test_import_worker.py runs a real worker, killed mid-way."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.helpers.tasks import run_queued
from tests.integration.test_import_worker import staff_file
from tests.integration.test_spreadsheets import headers, xlsx
from thidua.organization.models import Person
from thidua.spreadsheets.engine import run_import
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db

ROWS = 150


@pytest.fixture
def big(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BACKGROUND_IMPORT_ROWS = 100


def upload(client, data: bytes) -> str:
    response = client.post(reverse("spreadsheets:import"), {
        "action": "preview", "kind": "staff",
        "file": SimpleUploadedFile("can-bo.xlsx", data),
    })  # fmt: skip
    assert response.status_code == 302
    return response["Location"]


def job_id(url: str) -> str:
    return url.split("/")[-2]


def checked(client, personas) -> str:
    """Upload the staff file, let a worker check it; return the check job's page."""
    client.force_login(personas["secretary"])
    check = upload(client, staff_file(ROWS))
    run_queued()
    return check


def confirm(client, check: str) -> str:
    response = client.post(reverse("spreadsheets:import"),
                           {"action": "confirm_job", "job": job_id(check)})  # fmt: skip
    assert response.status_code == 302
    return response["Location"]


def imported() -> int:
    return Person.objects.filter(staff_code__gte="20000").count()


def test_a_small_file_is_still_checked_in_the_request(big, client, personas):
    client.force_login(personas["secretary"])
    data = xlsx([headers("staff"), *([["20001", "Lê Văn An", "Nam"]] * 3)])
    response = client.post(reverse("spreadsheets:import"), {
        "action": "preview", "kind": "staff", "file": SimpleUploadedFile("a.xlsx", data),
    })  # fmt: skip
    assert response.status_code == 200 and not DBTaskResult.objects.exists()


def test_the_row_errors_of_a_big_file_are_listed_on_its_jobs_page(big, client, personas, units):
    client.force_login(personas["secretary"])
    rows = [headers("staff"), *([["20001", "Lê Văn An", "Nam", "", "", "", "Giảng viên", "",
                                   "", "", "", "", "", "Khoa Dân vận"]] * ROWS)]  # fmt: skip
    check = upload(client, xlsx(rows))
    run_queued()
    status = client.get(check, headers={"HX-Request": "true"})
    assert status.status_code == 286
    html = status.content.decode()
    assert "{} lỗi; không dòng nào được ghi.".format(ROWS - 1) in html
    assert "Không dòng nào được ghi. Hãy sửa các lỗi sau" in html
    assert "dòng 3: " in html and "Xác nhận nhập" not in html
    assert imported() == 0


def test_a_checked_file_is_imported_by_a_second_job(big, client, personas, units):
    check = checked(client, personas)
    page = client.get(check).content.decode()
    assert "Kiểm tra tệp «can-bo.xlsx» (" in page and "{} / {}".format(ROWS, ROWS) not in page
    assert "Kiểm tra xong, tệp hợp lệ: {} dòng — {} thêm mới".format(ROWS, ROWS) in page
    done = confirm(client, check)
    run_queued()
    page = client.get(done).content.decode()
    assert "Nhập tệp «can-bo.xlsx»" in page
    assert "Đã nhập: {} dòng — {} thêm mới, 0 cập nhật, 0 không đổi.".format(ROWS, ROWS) in page
    assert imported() == ROWS


def test_records_changed_since_the_check_refuse_the_import(big, client, personas, units, org):
    check = checked(client, personas)
    # Meanwhile someone imports one of the file's people.
    row = ["20000", "Nguyễn Văn An An", "Nữ", "", "", "", "Giảng viên", "", "", "", "", "", "",
           "Khoa Dân vận"]  # fmt: skip
    first = xlsx([headers("staff"), row])
    run_import(KINDS["staff"], first, organization=org, user=personas["secretary"])
    done = confirm(client, check)
    run_queued()
    page = client.get(done).content.decode()
    assert "Không thực hiện được: Dữ liệu đã thay đổi từ lúc kiểm tra tệp «can-bo.xlsx»" in page
    assert "lúc kiểm tra {} thêm mới, 0 cập nhật".format(ROWS) in page
    assert "lúc nhập {} thêm mới, ".format(ROWS - 1) in page
    assert imported() == 1  # only the one imported meanwhile


def test_a_stored_file_changed_since_the_upload_is_refused(big, client, personas, units):
    check = checked(client, personas)
    stored = DBTaskResult.objects.get().args_kwargs["args"][2]
    with default_storage.open(stored, "wb") as handle:
        handle.write(b"PK\x03\x04 something else")
    done = confirm(client, check)
    run_queued()
    page = client.get(done).content.decode()
    assert "Tệp «can-bo.xlsx» đã thay đổi từ lúc tải lên; hãy tải tệp lên lại." in page
    assert 'role="alert"' in page and imported() == 0


def test_another_user_finds_no_job_and_cannot_import_it(big, client, personas, units):
    check = checked(client, personas)
    client.force_login(personas["admin"])
    job = job_id(check)
    for name in ("core:job", "core:job_file"):
        assert client.get(reverse(name, args=[job])).status_code == 404
    assert client.post(reverse("core:job_again", args=[job])).status_code == 404
    response = client.post(reverse("spreadsheets:import"), {"action": "confirm_job", "job": job})
    assert response.status_code == 404
    assert DBTaskResult.objects.count() == 1 and imported() == 0
