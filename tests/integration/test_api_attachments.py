"""The API's reads of issue 20 beyond the records: an evidence record's attachments (the list its
page shows, each file the screen's own download), the token owner's to-do list (the home page's)
and the audit log (its screen's readers and filters); no leak (404 outside), bounded queries."""

import pytest
import rules
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from tests.helpers.api import api_get, ids, token_for
from thidua.accounts.models import Role
from thidua.attachments.actions import do_attach
from thidua.attachments.models import Attachment
from thidua.evidence.models import YearGrade
from thidua.todo.items import todo_for

from .test_attachments import PDF, body, image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def grade(org, people, personas):
    return YearGrade.objects.create(organization=org, person=people["staff"], year=2022,
                                    grade="HTXS", proposed_by=personas["staff"])  # fmt: skip


@pytest.fixture
def colleague(org, people):
    """Another staff member of the same unit, who sees only their own evidence."""
    return make_user("dongnghiep", org, Role.STAFF, person=people["dat"])


def attach(record, user, name="Quyết định số 12.pdf", content=PDF):
    return do_attach(record, upload(name, content), acting_user=user)


def listing(grade) -> str:
    return "evidence/grades/{}/attachments".format(grade.pk)


def screen_download(user, attachment):
    client = Client()
    client.force_login(user)
    return client.get(reverse("attachments:attachment_download", args=[attachment.pk]))


# Attachments -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "unit_head", "secretary"])
def test_the_record_s_readers_list_its_files_and_get_the_screen_s_bytes(personas, grade, role):
    first = attach(grade, personas["staff"])
    second = attach(grade, personas["secretary"], name="giay-khen.png",
                    content=image_bytes("PNG"))  # fmt: skip
    secret = token_for(personas[role])
    response = api_get(listing(grade), secret)
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert rows[0]["name"] == "Quyết định số 12.pdf"
    assert rows[0]["size"] == len(PDF)
    assert rows[0]["mime_type"] == "application/pdf"
    assert rows[0]["uploaded_by_id"] == personas["staff"].pk
    assert rows[0]["uploaded_by_name"] == str(personas["staff"].person)
    assert rows[1]["mime_type"] == "image/png"
    assert rows[0]["file"] == "/api/v1/attachments/{}/file".format(first.pk)
    for attachment in (first, second):
        got = api_get("attachments/{}/file".format(attachment.pk), secret)
        screen = screen_download(personas[role], attachment)
        assert got.status_code == screen.status_code == 200
        assert body(got) == body(screen)
        for header in ("Content-Type", "Content-Disposition", "Content-Length",
                       "X-Content-Type-Options"):  # fmt: skip
            assert got[header] == screen[header]
    assert body(api_get("attachments/{}/file".format(first.pk), secret)) == PDF


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_no_leak_outside_the_record_s_scope(personas, colleague, grade, who):
    attachment = attach(grade, personas["staff"])
    user = colleague if who == "colleague" else personas["outsider"]
    secret = token_for(user)
    listed = api_get(listing(grade), secret)
    assert listed.status_code == 404
    assert "Quyết định" not in listed.content.decode()
    got = api_get("attachments/{}/file".format(attachment.pk), secret)
    assert got.status_code == 404 == screen_download(user, attachment).status_code
    assert PDF not in body(got)


def test_a_record_of_another_kind_or_none_is_404(personas, grade):
    attach(grade, personas["staff"])
    secret = token_for(personas["secretary"])
    assert api_get("evidence/unit_grades/{}/attachments".format(grade.pk), secret).status_code \
        == 404  # fmt: skip
    assert api_get("evidence/grades/999999/attachments", secret).status_code == 404
    assert api_get("attachments/999999/file", secret).status_code == 404
    refused = api_get("evidence/khac/{}/attachments".format(grade.pk), secret)
    assert refused.status_code == 422
    assert "Loại minh chứng" in refused.json()["detail"]


def test_seen_but_not_allowed_is_403_as_the_download(personas, grade, monkeypatch):
    attachment = attach(grade, personas["staff"])
    monkeypatch.setitem(rules.permissions.permissions, "achievements.view_yeargrade",
                        rules.always_deny)  # fmt: skip
    secret = token_for(personas["secretary"])
    assert api_get(listing(grade), secret).status_code == 403
    got = api_get("attachments/{}/file".format(attachment.pk), secret)
    assert got.status_code == 403 == screen_download(personas["secretary"], attachment).status_code
    assert PDF not in body(got)


def test_a_file_gone_from_the_disk_is_404(personas, grade):
    attachment = attach(grade, personas["staff"])
    attachment.file.storage.delete(attachment.file.name)
    assert api_get("attachments/{}/file".format(attachment.pk),
                   token_for(personas["staff"])).status_code == 404  # fmt: skip


def _queries(path, secret) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api_get(path, secret).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_2_files_as_for_20(personas, people, grade):
    uploaders = [personas["staff"], personas["secretary"], personas["unit_head"]]
    for number in range(2):
        attach(grade, uploaders[number % 3], name="tep-{}.pdf".format(number))
    secret = token_for(personas["secretary"])
    api_get(listing(grade), secret)  # the content type's cache, the token's first use
    few = _queries(listing(grade), secret)
    for number in range(2, 20):
        attach(grade, uploaders[number % 3], name="tep-{}.pdf".format(number))
    assert len(api_get(listing(grade), secret).json()) == 20
    assert _queries(listing(grade), secret) == few


# The to-do list ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "secretary", "unit_head", "principal", "outsider"])
def test_the_todo_list_is_the_home_page_s_for_the_token_s_owner(personas, grade, role):
    user = personas[role]
    response = api_get("todo", token_for(user))
    assert response.status_code == 200, response.content
    expected = todo_for(user)
    assert [(row["kind"], row["text"], row["url"], row["when"]) for row in response.json()] == [
        (item.kind, item.text, item.url, item.when) for item in expected
    ]
    home = Client()
    home.force_login(user)
    page = home.get("/").content.decode()
    for row in response.json():
        assert row["text"] in page


def test_the_secretary_s_todo_names_the_evidence_waiting(personas, grade):
    rows = api_get("todo", token_for(personas["secretary"])).json()
    assert any(row["kind"] == "evidence" and row["text"].startswith("1 minh chứng")
               for row in rows)  # fmt: skip
    assert not any(row["kind"] == "evidence"
                   for row in api_get("todo", token_for(personas["staff"])).json())  # fmt: skip


# The audit log -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "principal", "leader", "unit_head", "staff"])
def test_the_audit_log_is_refused_to_those_its_screen_refuses(personas, role):
    response = api_get("audit", token_for(personas[role]))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_administrator_reads_the_audit_log_with_the_screen_s_filters(personas, grade):
    secret = token_for(personas["admin"])
    attach(grade, personas["staff"], name="Bằng khen.pdf")
    everything = api_get("audit?limit=200", secret)
    assert everything.status_code == 200, everything.content
    assert len(everything.json()["items"]) == LogEntry.objects.count()
    kind = ContentType.objects.get_for_model(Attachment)
    found = api_get("audit?content_type={}&action=0&object_repr=b%E1%BA%B1ng".format(kind.pk),
                    secret)  # fmt: skip
    assert found.status_code == 200, found.content
    rows = found.json()["items"]
    assert [row["id"] for row in rows] == list(
        LogEntry.objects.filter(content_type=kind, action=0, object_repr__icontains="bằng")
        .order_by("pk").values_list("pk", flat=True))  # fmt: skip
    assert len(rows) == 1
    row = rows[0]
    assert row["action_name"] == "Thêm"
    assert row["content_type_name"] == "Tệp đính kèm"
    assert row["actor_name"] == personas["staff"].get_username()
    assert "tên tệp: — → Bằng khen.pdf" in row["changes"]
    admin = Client()
    admin.force_login(personas["admin"])
    screen = admin.get(reverse("audit:logentry_list"),
                       {"content_type": kind.pk, "action": 0, "object_repr": "bằng"})  # fmt: skip
    assert "Bằng khen.pdf" in screen.content.decode()


def test_the_audit_log_pages_with_a_cursor_and_refuses_a_bad_filter(personas, grade):
    secret = token_for(personas["admin"])
    for number in range(3):
        attach(grade, personas["staff"], name="tep-{}.pdf".format(number))
    first = api_get("audit?limit=2", secret).json()
    second = api_get("audit?limit=2&cursor=" + first["next_cursor"], secret)
    assert ids(second).isdisjoint({row["id"] for row in first["items"]})
    assert min(ids(second)) > max(row["id"] for row in first["items"])
    moved = api_get("audit?limit=2&action=1&cursor=" + first["next_cursor"], secret)
    assert moved.status_code == 400
    refused = api_get("audit?content_type=999999", secret)
    assert refused.status_code == 422
    assert "Loại dữ liệu" in refused.json()["detail"]


def test_an_audit_page_costs_the_same_queries_for_2_entries_as_for_20(personas, grade):
    secret = token_for(personas["admin"])
    kind = ContentType.objects.get_for_model(Attachment)
    path = "audit?content_type={}".format(kind.pk)
    for number in range(2):
        attach(grade, personas["staff"], name="tep-{}.pdf".format(number))
    api_get(path, secret)
    few = _queries(path, secret)
    for number in range(2, 20):
        attach(grade, personas["staff" if number % 2 else "secretary"],
               name="tep-{}.pdf".format(number))  # fmt: skip
    assert len(api_get(path, secret).json()["items"]) == 20
    assert _queries(path, secret) == few
