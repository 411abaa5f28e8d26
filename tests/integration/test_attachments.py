"""Attachments: files checked by their content, kept outside the static files, and served only
to those who may see the record (owner, unit head, secretary), never to another staff member
or another organisation."""

import io
import zipfile
from pathlib import Path

import docx
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import make_user
from thidua import settings as project_settings
from thidua.accounts.models import Role
from thidua.attachments.actions import do_attach, do_remove_attachment
from thidua.attachments.models import Attachment
from thidua.attachments.validators import DOCX_MIME, check_upload
from thidua.evidence.models import Authorship, Initiative, Verification, YearGrade

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Quyết định công nhận sáng kiến")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(**entries: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def grade(org, people, personas):
    return YearGrade.objects.create(
        organization=org,
        person=people["staff"],
        year=2022,
        grade="HTXS",
        proposed_by=personas["staff"],
    )


@pytest.fixture
def colleague(org, people):
    """Another staff member of the same unit, who sees only their own evidence."""
    return make_user("dongnghiep", org, Role.STAFF, person=people["dat"])


def upload_url(record):
    meta = record._meta
    return reverse(
        "attachments:attachment_upload", args=[meta.app_label, meta.model_name, record.pk]
    )


def download_url(attachment):
    return reverse("attachments:attachment_download", args=[attachment.pk])


def remove_url(attachment):
    return reverse("attachments:attachment_remove", args=[attachment.pk])


def attach(record, user, name="quyet-dinh.pdf", content=PDF):
    return do_attach(record, upload(name, content), acting_user=user)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# Upload ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("Quyết định khen thưởng.pdf", PDF, "application/pdf"),
        ("Báo cáo sáng kiến.docx", docx_bytes(), DOCX_MIME),
        ("Giấy khen.png", image_bytes("PNG"), "image/png"),
        ("Ảnh chụp.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("Ảnh.webp", image_bytes("WEBP"), "image/webp"),
    ],
)
def test_owner_uploads_pdf_docx_and_images(
    client, personas, grade, media_root, name, content, mime_type
):
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade),
        {"file": upload(name, content, "application/octet-stream")},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.record == grade
    assert attachment.organization == grade.organization
    assert (attachment.name, attachment.mime_type, attachment.size) == (
        name,
        mime_type,
        len(content),
    )
    assert attachment.uploaded_by == personas["staff"]
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == content
    assert stored.is_relative_to(media_root)
    # Stored under a random name: nothing of the original name reaches the disk.
    assert stored.name != name and "." not in stored.name
    html = response.content.decode()
    assert name in html and download_url(attachment) in html
    assert "Đã đính kèm" in html


def test_plain_post_redirects_back_to_the_page(client, personas, grade):
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload("a.pdf", PDF), "next": "/people/1/?tab=x"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/people/1/?tab=x"
    assert Attachment.objects.count() == 1


def test_plain_post_does_not_redirect_to_another_site(client, personas, grade):
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload("a.pdf", PDF), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


REFUSED = {
    "fake_pdf": ("bao-cao.pdf", "Chỉ là một tệp văn bản.\n".encode() * 20),
    "renamed_exe": ("giay-khen.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 400),
    "zip_as_docx": ("bao-cao.docx", zip_bytes(**{"a.txt": "xin chào"})),
    "xlsx_as_docx": ("bao-cao.docx", xlsx_bytes()),
    "zip_posing_as_word": (
        "bao-cao.docx",
        zip_bytes(**{"[Content_Types].xml": "<x/>", "word/x.xml": "<y/>"}),
    ),
    "png_header_then_garbage": ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50),
    "html": ("trang.pdf", b"<!doctype html><script>alert(1)</script>"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_files_that_are_not_pdf_docx_or_images_are_refused(
    client, personas, grade, media_root, case
):
    name, content = REFUSED[case]
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload(name, content)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    expected = "Tệp «{}» không phải PDF, DOCX hay ảnh (PNG, JPEG, WebP).".format(name)
    assert expected in response.content.decode()
    assert not Attachment.objects.exists()
    assert not [path for path in Path(media_root).rglob("*") if path.is_file()]


def test_empty_file_is_refused(client, personas, grade):
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload("trong.pdf", b"")}, HTTP_HX_REQUEST="true"
    )
    assert "Tệp «trong.pdf» rỗng." in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversize_file_is_refused_with_both_sizes(client, settings, personas, grade):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    content = PDF + b"%" * (1536 * 1024 - len(PDF))
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload("lon.pdf", content)}, HTTP_HX_REQUEST="true"
    )
    assert "Tệp «lon.pdf» quá lớn: 1,5 MB; tối đa 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_file_at_the_limit_is_accepted(settings, personas, grade):
    content = PDF + b"%" * 1000
    settings.ATTACHMENT_MAX_BYTES = len(content)
    assert attach(grade, personas["staff"], content=content).size == len(content)


def test_refused_plain_post_reports_the_error_as_a_message(client, personas, grade):
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload("x.pdf", b"text"), "next": "/"}, follow=True
    )
    assert "Tệp «x.pdf» không phải PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_name_gets_the_extension_of_the_real_type():
    checked = check_upload(upload("quyet-dinh.exe", PDF))
    assert (checked.name, checked.mime_type) == ("quyet-dinh.exe.pdf", "application/pdf")
    assert check_upload(upload("anh.JPEG", image_bytes("JPEG"))).name == "anh.JPEG"


def test_folders_and_control_characters_leave_the_name():
    assert check_upload(upload("../../etc/giay\x00khen.pdf", PDF)).name == "giaykhen.pdf"


def test_do_attach_checks_the_file_itself(personas, grade):
    with pytest.raises(ValidationError, match="không phải PDF"):
        attach(grade, personas["staff"], name="a.pdf", content=b"not a pdf")
    assert not Attachment.objects.exists()


def test_upload_writes_an_audit_entry_with_the_actor(personas, grade):
    attachment = attach(grade, personas["staff"])
    entry = LogEntry.objects.get_for_object(attachment).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == personas["staff"]


@pytest.mark.parametrize("role", ["unit_head", "secretary"])
def test_unit_head_and_secretary_upload_to_the_staff_members_record(client, personas, grade, role):
    client.force_login(personas[role])
    response = client.post(upload_url(grade), {"file": upload("a.pdf", PDF)})
    assert response.status_code == 302
    assert Attachment.objects.get().uploaded_by == personas[role]


def test_upload_to_an_initiative_of_its_author(client, org, people, personas):
    initiative = Initiative.objects.create(
        organization=org, title="Sổ tay", year=2022, level="co_so"
    )
    Authorship.objects.create(initiative=initiative, person=people["staff"])
    client.force_login(personas["staff"])
    response = client.post(upload_url(initiative), {"file": upload("a.pdf", PDF)})
    assert response.status_code == 302
    assert list(initiative.attachments.all()) == [Attachment.objects.get()]


@pytest.mark.parametrize(
    ("role", "status"), [("council_member", 403), ("colleague", 404), ("outsider", 404)]
)
def test_who_may_not_change_the_record_cannot_upload(
    client, personas, colleague, grade, role, status
):
    user = colleague if role == "colleague" else personas[role]
    client.force_login(user)
    response = client.post(upload_url(grade), {"file": upload("a.pdf", PDF)})
    assert response.status_code == status
    assert not Attachment.objects.exists()


def test_verified_record_is_closed_to_its_owner(personas, grade):
    grade.verification = Verification.VERIFIED
    grade.save()
    with pytest.raises(PermissionDenied):
        attach(grade, personas["staff"])
    assert attach(grade, personas["secretary"]).record == grade


def test_upload_to_a_model_without_attachments_is_404(client, personas, people):
    client.force_login(personas["secretary"])
    url = reverse(
        "attachments:attachment_upload", args=["organization", "person", people["staff"].pk]
    )
    assert client.post(url, {"file": upload("a.pdf", PDF)}).status_code == 404
    url = reverse("attachments:attachment_upload", args=["nothing", "here", 1])
    assert client.post(url, {"file": upload("a.pdf", PDF)}).status_code == 404


def test_anonymous_upload_goes_to_login(client, grade):
    response = client.post(upload_url(grade), {"file": upload("a.pdf", PDF)})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Attachment.objects.exists()


# Download ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "unit_head", "secretary"])
def test_download_by_owner_unit_head_and_secretary(client, personas, grade, role):
    attachment = attach(grade, personas["staff"], name="Quyết định số 12.pdf")
    client.force_login(personas[role])
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%2012.pdf"
    )
    assert response["Content-Length"] == str(len(PDF))


def test_download_keeps_the_type_found_at_upload(client, personas, grade):
    attachment = attach(grade, personas["staff"], name="giay-khen.png", content=image_bytes("PNG"))
    client.force_login(personas["staff"])
    response = client.get(download_url(attachment))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="giay-khen.png"'


@pytest.mark.parametrize(("role", "status"), [("colleague", 404), ("outsider", 404)])
def test_download_refused_to_other_staff_and_other_organisation(
    client, personas, colleague, grade, role, status
):
    attachment = attach(grade, personas["staff"])
    client.force_login(colleague if role == "colleague" else personas[role])
    response = client.get(download_url(attachment))
    assert response.status_code == status
    assert PDF not in body(response)


def test_download_refused_when_seen_in_scope_but_not_allowed(client, personas, grade, monkeypatch):
    """A record the user sees but may not view (a rule tighter than the scope) is a 403."""
    import rules

    attachment = attach(grade, personas["staff"])
    monkeypatch.setitem(
        rules.permissions.permissions, "achievements.view_yeargrade", rules.always_deny
    )
    client.force_login(personas["secretary"])
    response = client.get(download_url(attachment))
    assert response.status_code == 403
    assert PDF not in body(response)


def test_anonymous_download_goes_to_login(client, personas, grade):
    attachment = attach(grade, personas["staff"])
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert PDF not in body(response)


def test_download_of_a_file_gone_from_disk_is_404(client, personas, grade):
    attachment = attach(grade, personas["staff"])
    Path(attachment.file.path).unlink()
    client.force_login(personas["staff"])
    assert client.get(download_url(attachment)).status_code == 404


def test_files_are_outside_the_static_files_and_have_no_url(client, personas, grade, media_root):
    attachment = attach(grade, personas["staff"])
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(Path(media_root).resolve())
    static_roots = [
        Path(project_settings.STATIC_ROOT),
        *map(Path, project_settings.STATICFILES_DIRS),
    ]
    for root in static_roots:
        assert not stored.is_relative_to(root.resolve())
        # Nor is the project's own media folder inside the static files.
        assert not Path(project_settings.MEDIA_ROOT).resolve().is_relative_to(root.resolve())
    client.force_login(personas["secretary"])
    for url in (
        "/media/" + attachment.file.name,
        "/" + attachment.file.name,
        "/static/" + attachment.file.name,
    ):
        with pytest.raises(Resolver404):
            resolve(url)
        response = client.get(url)
        assert response.status_code == 404, url
        assert PDF not in body(response)


# Removal -----------------------------------------------------------------------------------


def test_removal_deletes_the_file_after_commit(
    client, personas, grade, django_capture_on_commit_callbacks
):
    attachment = attach(grade, personas["staff"])
    stored = Path(attachment.file.path)
    client.force_login(personas["staff"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(remove_url(attachment), HTTP_HX_REQUEST="true")
        # Until the deletion is committed the file stays, so a rollback loses nothing.
        assert stored.exists()
    assert response.status_code == 200
    assert "Đã xoá tệp «quyet-dinh.pdf»." in response.content.decode()
    assert not Attachment.objects.exists()
    for callback in callbacks:
        callback()
    assert not stored.exists()
    entry = LogEntry.objects.get_for_object(attachment).get(action=LogEntry.Action.DELETE)
    assert entry.actor == personas["staff"]


def test_deleting_the_record_deletes_its_files(personas, grade, django_capture_on_commit_callbacks):
    stored = Path(attach(grade, personas["staff"]).file.path)
    with django_capture_on_commit_callbacks(execute=True):
        grade.delete()
    assert not Attachment.objects.exists()
    assert not stored.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("council_member", 403), ("colleague", 404), ("outsider", 404)]
)
def test_who_may_not_change_the_record_cannot_remove(
    client, personas, colleague, grade, role, status
):
    attachment = attach(grade, personas["staff"])
    client.force_login(colleague if role == "colleague" else personas[role])
    assert client.post(remove_url(attachment)).status_code == status
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert Path(attachment.file.path).exists()


def test_do_remove_attachment_checks_the_permission(personas, grade):
    attachment = attach(grade, personas["staff"])
    with pytest.raises(PermissionDenied):
        do_remove_attachment(attachment, acting_user=personas["council_member"])
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_removal_by_plain_post_redirects(client, personas, grade):
    attachment = attach(grade, personas["staff"])
    client.force_login(personas["unit_head"])
    response = client.post(remove_url(attachment), {"next": "/people/"})
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert not Attachment.objects.exists()


def test_remove_needs_post(client, personas, grade):
    attachment = attach(grade, personas["staff"])
    client.force_login(personas["staff"])
    assert client.get(remove_url(attachment)).status_code == 405
    assert Attachment.objects.exists()


# The block on record pages -------------------------------------------------------------------


def render_include(user, record):
    request = RequestFactory().get("/people/1/")
    request.user = user
    template = Template('{% include "attachments/attachment_list.html" with record=object %}')
    return template.render(RequestContext(request, {"object": record}))


def test_block_lists_files_and_offers_upload_and_remove_to_an_editor(personas, grade):
    attachment = attach(grade, personas["staff"], name="Giấy khen.pdf")
    html = render_include(personas["staff"], grade)
    assert "Giấy khen.pdf" in html
    assert download_url(attachment) in html
    assert str(personas["staff"].person) in html
    assert timezone.localtime(attachment.uploaded_at).strftime("%d/%m/%Y %H:%M") in html
    assert 'enctype="multipart/form-data"' in html
    assert 'hx-encoding="multipart/form-data"' in html
    assert upload_url(grade) in html and remove_url(attachment) in html
    assert "csrfmiddlewaretoken" in html
    assert 'name="next" value="/people/1/"' in html
    # Strict CSP: no inline script or style.
    assert "<script" not in html and "style=" not in html and "<style" not in html


def test_block_is_read_only_for_who_may_only_see(personas, grade):
    attachment = attach(grade, personas["staff"])
    html = render_include(personas["council_member"], grade)
    assert download_url(attachment) in html
    assert upload_url(grade) not in html and remove_url(attachment) not in html


def test_block_is_empty_for_who_may_not_see(personas, colleague, grade):
    attach(grade, personas["staff"])
    assert render_include(colleague, grade).strip() == ""


def test_block_lists_only_this_records_files(personas, people, org, grade):
    other = YearGrade.objects.create(
        organization=org, person=people["staff"], year=2021, grade="HTT"
    )
    attach(other, personas["staff"], name="nam-2021.pdf")
    attach(grade, personas["staff"], name="nam-2022.pdf")
    html = render_include(personas["staff"], grade)
    assert "nam-2022.pdf" in html and "nam-2021.pdf" not in html


# A closed year -------------------------------------------------------------------------------


def test_attaching_to_a_closed_years_record_is_noted_in_the_log(personas, grade):
    from thidua.evidence.actions import do_close_year

    plain = attach(grade, personas["staff"], name="truoc.pdf")
    assert LogEntry.objects.get_for_object(plain).get().additional_data is None
    do_close_year(2022, acting_user=personas["secretary"])
    attachment = attach(grade, personas["secretary"], name="sau.pdf")
    entry = LogEntry.objects.get_for_object(attachment).get()
    assert entry.actor == personas["secretary"]
    assert entry.additional_data == {
        "closed_years": [2022],
        "note": "Thay đổi minh chứng của năm đã khóa.",
    }
    entries = LogEntry.objects.get_for_object(plain)
    do_remove_attachment(plain, acting_user=personas["secretary"])
    entry = entries.filter(action=LogEntry.Action.DELETE).get()
    assert entry.actor == personas["secretary"]
    assert entry.additional_data["closed_years"] == [2022]


def test_htmx_answer_clears_the_pages_earlier_messages(client, personas, people):
    """The record page showed (and consumed) "Đã gửi minh chứng"; the upload's answer removes
    that alert from the page so it cannot read as the upload's outcome."""
    client.force_login(personas["staff"])
    response = client.post(
        reverse("achievements:evidence_add", args=["grades"]),
        {"person": people["staff"].pk, "year": 2022, "grade": "HTT"},
        follow=True,
    )
    assert "Đã gửi minh chứng, chờ xác nhận." in response.content.decode()
    record = YearGrade.objects.get()
    oob = '<div hx-swap-oob="delete:main > .alert[role=alert]"></div>'
    assert oob not in response.content.decode()  # the page itself keeps its messages
    # The page's forms say it shows messages: the htmx answer removes them.
    assert '<input type="hidden" name="page_messages" value="1">' in response.content.decode()
    response = client.post(
        upload_url(record),
        {"file": upload("a.pdf", b"not a pdf"), "page_messages": "1"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "không phải PDF" in content and oob in content
    # A page without messages is not asked to remove any (htmx would log oobErrorNoTarget).
    quiet = client.post(
        upload_url(record), {"file": upload("a.pdf", b"not a pdf")}, headers={"HX-Request": "true"}
    )
    assert "không phải PDF" in quiet.content.decode() and oob not in quiet.content.decode()
    assert "Đã gửi minh chứng" not in content
    page = client.get(reverse("achievements:evidence", args=["grades", record.pk]))
    assert "Đã gửi minh chứng" not in page.content.decode()  # consumed by the page that showed it
    assert 'class="table table-sm align-middle attachments-table"' not in page.content.decode()
    attach(record, personas["staff"])
    page = client.get(reverse("achievements:evidence", args=["grades", record.pk]))
    assert 'class="table table-sm align-middle attachments-table"' in page.content.decode()
    assert '<th scope="col" class="col-name">Tên tệp</th>' in page.content.decode()
