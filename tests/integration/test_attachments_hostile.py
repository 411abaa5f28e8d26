"""Hostile attachments (issue 15, item 8): active content refused, and uploads over the limit
refused without being read to the end. Every file is built here, as an attacker would."""

import io
import zipfile
import zlib

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from thidua.attachments.models import Attachment
from thidua.attachments.uploads import SLACK_BYTES, LimitedUploadHandler, upload_refusal
from thidua.attachments.validators import check_upload
from thidua.evidence.models import YearGrade

pytestmark = pytest.mark.django_db

ACTIVE = "chứa nội dung tự chạy"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def grade(org, people, personas):
    return YearGrade.objects.create(
        organization=org, person=people["staff"], year=2022, grade="HTXS",
        proposed_by=personas["staff"],
    )  # fmt: skip


def upload_url(record):
    meta = record._meta
    return reverse(
        "attachments:attachment_upload", args=[meta.app_label, meta.model_name, record.pk]
    )


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- building the files -------------------------------------------------------------------------


def pdf_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_document_javascript() -> bytes:
    """Document-level JavaScript: the catalog's /Names /JavaScript tree, run on opening."""
    writer = pdf_writer()
    action = writer._add_object(
        DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Xin chào');"),
        })
    )  # fmt: skip
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return written(writer)


def pdf_with_open_action(action: dict) -> bytes:
    writer = pdf_writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject(k): v for k, v in action.items()}
    )
    return written(writer)


def pdf_with_embedded_file() -> bytes:
    writer = pdf_writer()
    writer.add_attachment("hoa-don.exe", b"MZ\x90\x00" + b"\x00" * 60)
    return written(writer)


def pdf_opening_at_first_page() -> bytes:
    """A harmless /OpenAction: a destination, as LaTeX and office suites write it."""
    writer = pdf_writer()
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])
    return written(writer)


def raw_pdf(objects: list[bytes], *, xref: bool = True) -> bytes:
    """Write numbered objects (1…n) by hand, with a classic xref table unless told not to."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if not xref:
        return bytes(out + b"trailer<</Root 1 0 R>>\n%%EOF\n")
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def pdf_with_escaped_names() -> bytes:
    """/S /JavaScript /JS written with #-escapes: no byte of the file reads "/JS"."""
    return raw_pdf([
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>",
        b"<</Type/Pages/Kids[]/Count 0>>",
        b"<</S/J#61vaScript/J#53(app.alert\\(1\\))>>",
    ])  # fmt: skip


def pdf_with_javascript_in_an_object_stream() -> bytes:
    """The action sits compressed in an object stream (PDF 1.5): only a parser sees it."""
    hidden = b"<</S/JavaScript/JS(app.launchURL\\('http://example.invalid'\\))>>"
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    plain = {
        1: b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        2: b"<</Type/Pages/Kids[]/Count 0>>",
    }
    for number, body in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[3] = len(out)
    out += (
        b"3 0 obj\n<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    offsets[5] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in (1, 2, 3):
        rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x02" + (3).to_bytes(4, "big") + (0).to_bytes(2, "big"))
    rows.append(b"\x01" + offsets[5].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5]
    )
    return bytes(out)


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Báo cáo sáng kiến")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docm_renamed(*, vba_part: bool, macro_type: bool) -> bytes:
    """A Word document with macros, as Word saves a .docm, renamed .docx."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml" and macro_type:
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    b".main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            archive.writestr(info, data)
        if vba_part:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 508)
    return buffer.getvalue()


# --- active content -----------------------------------------------------------------------------

HOSTILE_PDFS = {
    "javascript-of-the-document": (pdf_with_document_javascript, "JavaScript"),
    "javascript-on-opening": (
        lambda: pdf_with_open_action(
            {
                "/S": NameObject("/JavaScript"),
                "/JS": TextStringObject("app.alert(1)"),
            }
        ),  # fmt: skip
        "JavaScript",
    ),
    "launch-on-opening": (
        lambda: pdf_with_open_action(
            {
                "/S": NameObject("/Launch"),
                "/F": TextStringObject("cmd.exe"),
            }
        ),  # fmt: skip
        "Launch",
    ),
    "embedded-file": (pdf_with_embedded_file, "EmbeddedFile"),
    "escaped-names": (pdf_with_escaped_names, "JavaScript"),
    "object-stream": (pdf_with_javascript_in_an_object_stream, "JavaScript"),
    "damaged-with-javascript": (
        lambda: raw_pdf(
            [
                b"<</Type/Catalog/Pages 2 0 R/Names<</JavaScript 3 0 R>>>>",
                b"<</Type/Pages/Kids[]/Count 0>>",
                b"<</S/JavaScript/JS(x)>>",
            ],
            xref=False,
        ),  # fmt: skip
        "JavaScript",
    ),
    "damaged-with-an-object-stream": (
        lambda: raw_pdf([b"<</Type/ObjStm/N 1/First 4/Length 0>>"], xref=False),
        "đối tượng nén",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_PDFS))
def test_a_pdf_with_active_content_is_refused_naming_the_file(client, personas, grade, case):
    build, named = HOSTILE_PDFS[case]
    client.force_login(personas["staff"])
    response = client.post(
        upload_url(grade), {"file": upload("Quyết định {}.pdf".format(case), build())},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200
    assert "Tệp «Quyết định {}.pdf» {}".format(case, ACTIVE) in text
    assert named in text
    assert not Attachment.objects.exists()


def test_the_object_stream_hides_the_javascript_from_a_byte_scan():
    """Why the check parses: the compressed action's names are not in the file's bytes."""
    data = pdf_with_javascript_in_an_object_stream()
    assert b"/JS" not in data and b"JavaScript" not in data
    data = pdf_with_escaped_names()
    assert b"/JS" not in data and b"/JavaScript" not in data


@pytest.mark.parametrize(
    "build",
    [
        pdf_opening_at_first_page,
        lambda: written(pdf_writer()),
        lambda: raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]),
        # Damaged (no xref, as a truncated download): readers repair it; nothing active in it.
        lambda: raw_pdf(
            [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"], xref=False
        ),  # fmt: skip
    ],
    ids=["open-at-first-page", "blank-page", "hand-written", "damaged"],
)
def test_plain_pdfs_are_accepted(build):
    assert check_upload(upload("Quyết định.pdf", build())).mime_type == "application/pdf"


def test_a_pdf_printed_by_weasyprint_is_accepted():
    from weasyprint import HTML

    data = HTML(string="<h1>Biên bản họp Hội đồng</h1><p><a href='#x'>mục</a></p>").write_pdf()
    assert check_upload(upload("Biên bản.pdf", data)).mime_type == "application/pdf"


@pytest.mark.parametrize(
    "vba_part, macro_type", [(True, True), (True, False), (False, True)],
    ids=["as-word-saves-it", "macro-part-only", "content-type-only"],
)  # fmt: skip
def test_a_word_file_with_macros_renamed_docx_is_refused(
    client, personas, grade, vba_part, macro_type
):
    client.force_login(personas["staff"])
    content = docm_renamed(vba_part=vba_part, macro_type=macro_type)
    response = client.post(
        upload_url(grade),
        {"file": SimpleUploadedFile("Báo cáo.docx", content, content_type="application/msword")},
        HTTP_HX_REQUEST="true",
    )
    assert "Tệp «Báo cáo.docx» là tài liệu Word có macro" in response.content.decode()
    assert not Attachment.objects.exists()
    # The same document without macros is accepted.
    assert check_upload(SimpleUploadedFile("Báo cáo.docx", docx_bytes())).name == "Báo cáo.docx"


# --- size: stop reading at the limit ------------------------------------------------------------

BOUNDARY = "ranh-gioi-thu-nghiem"


class HugeUpload:
    """A multipart body of `size` bytes made on the fly, counting what the server reads."""

    def __init__(self, size: int, file_name: str = "lon.pdf", *, field="file", fields=None):
        fields = {"next": "/", **(fields or {})}
        self.head = (
            "".join(
                '--{b}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{v}\r\n'.format(
                    b=BOUNDARY, n=name, v=value
                )
                for name, value in fields.items()
            )
            + '--{b}\r\nContent-Disposition: form-data; name="{n}"; filename="{f}"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n".format(
                b=BOUNDARY, n=field, f=file_name
            )
        ).encode()
        self.tail = "\r\n--{}--\r\n".format(BOUNDARY).encode()
        self.size = size
        self.position = 0

    def read(self, count: int = -1) -> bytes:
        remaining = self.size - self.position
        count = remaining if count is None or count < 0 else min(count, remaining)
        chunk = bytearray()
        while len(chunk) < count:
            offset = self.position + len(chunk)
            if offset < len(self.head):
                chunk += self.head[offset : offset + count - len(chunk)]
            elif offset >= self.size - len(self.tail):
                start = offset - (self.size - len(self.tail))
                chunk += self.tail[start : start + count - len(chunk)]
            else:
                stop = min(self.size - len(self.tail), offset + count - len(chunk))
                chunk += b"%" * (stop - offset)
        self.position += len(chunk)
        return bytes(chunk)

    def readline(self, *args) -> bytes:  # not used by the multipart parser
        raise AssertionError("readline")


def post_huge(client, url: str, body: HugeUpload):
    return client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=url,
        CONTENT_TYPE="multipart/form-data; boundary={}".format(BOUNDARY),
        CONTENT_LENGTH=str(body.size),
        HTTP_HX_REQUEST="true",
        **{"wsgi.input": body},
    )


def test_a_300_mb_upload_is_refused_without_reading_it(client, personas, grade):
    client.force_login(personas["staff"])
    body = HugeUpload(300 * 1024 * 1024)
    response = post_huge(client, upload_url(grade), body)
    assert response.status_code == 200
    assert "Tệp «lon.pdf» quá lớn: 300 MB; tối đa 10 MB." in response.content.decode()
    # Only the form's first fields and the file's first chunk were read, not 300 MB.
    assert body.position < 1024 * 1024
    assert not Attachment.objects.exists()


def test_a_file_passing_the_limit_is_cut_off_as_it_arrives(client, settings, personas, grade):
    """Content-Length within the margin for form fields: the bytes counted stop it."""
    settings.ATTACHMENT_MAX_BYTES = settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(personas["staff"])
    body = HugeUpload(2 * 1024 * 1024 + 48 * 1024)  # the limit, the 1 MB margin, 48 KB
    response = post_huge(client, upload_url(grade), body)
    assert "Tệp «lon.pdf» quá lớn: hơn 1 MB; tối đa 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_handler_stops_an_endless_upload_at_the_limit(settings):
    """A body whose length is not declared (a chunked upload) is cut off once past the limit."""
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    request = RequestFactory().post("/")
    handler = LimitedUploadHandler(request)
    handler.handle_raw_input(None, request.META, None, BOUNDARY)
    handler.new_file("file", "vô tận.pdf", "application/pdf", None)
    fed = 0
    with pytest.raises(StopUpload) as stopped:
        while fed < 300 * 1024 * 1024:
            handler.receive_data_chunk(b"%" * handler.chunk_size, fed)
            fed += handler.chunk_size
    assert stopped.value.connection_reset  # Django reads no further
    assert fed <= 1024 * 1024 + SLACK_BYTES + handler.chunk_size
    assert upload_refusal(request) == "Tệp «vô tận.pdf» quá lớn: hơn 1 MB; tối đa 1 MB."


def test_an_upload_within_the_limit_goes_through_the_handler(client, settings, personas, grade):
    settings.ATTACHMENT_MAX_BYTES = settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(personas["staff"])
    content = raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"])
    content += b"%" * (1024 * 1024 - len(content))
    response = client.post(
        upload_url(grade), {"file": upload("vua-du.pdf", content)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert Attachment.objects.get().size == 1024 * 1024


def test_a_300_mb_spreadsheet_is_not_read_either(client, personas):
    """The handler guards every upload of the site, the Excel import's too."""
    client.force_login(personas["secretary"])
    body = HugeUpload(300 * 1024 * 1024, file_name="bang-tinh.xlsx", fields={"kind": "staff"})
    response = post_huge(client, "/spreadsheets/", body)
    assert response.status_code == 200
    assert body.position < 1024 * 1024
    page = response.content.decode()
    # Said on the file's field, by its name, not "choose a file" (the file never arrived).
    assert "«tệp Excel (.xlsx)»: Tệp «bang-tinh.xlsx» quá lớn: 300 MB; tối đa 10 MB." in page
    assert "Hãy chọn một tệp." not in page


def test_a_decision_scan_over_the_limit_refuses_the_award_form(client, org, personas, people):
    """The award form's scan is optional: a file cut off at the limit must not leave an award
    saved without it, and the form says which file was too large."""
    from thidua.awards.models import Award

    client.force_login(personas["secretary"])
    fields = {"subject_kind": "person", "person": people["staff"].pk, "year": 2021,
              "code": "CSTD_CS", "decision_number": "40/QĐ-TCTTN", "decided_on": "20/12/2021",
              "issued_by": ""}  # fmt: skip
    body = HugeUpload(300 * 1024 * 1024, file_name="qd.pdf", field="attachment", fields=fields)
    response = post_huge(client, reverse("awards:award_add"), body)
    assert response.status_code == 200
    assert body.position < 1024 * 1024
    page = response.content.decode()
    assert "«Bản chụp quyết định»: Tệp «qd.pdf» quá lớn: 300 MB; tối đa 10 MB." in page
    assert not Award.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_scan_does_not_correct_an_award_either(client, org, personas, people):
    from datetime import date

    from thidua.awards.models import Award, AwardSource

    award = Award.objects.create(
        organization=org, person=people["staff"], year=2021, code="LDTT",
        source=AwardSource.OWN_DECISION, decision_number="5/QĐ-TCTTN",
        decided_on=date(2021, 12, 28), issued_by="Hiệu trưởng",
    )  # fmt: skip
    client.force_login(personas["secretary"])
    fields = {"subject_kind": "person", "person": people["staff"].pk, "year": 2021,
              "code": "LDTT", "decision_number": "6/QĐ-TCTTN", "decided_on": "28/12/2021",
              "issued_by": "Hiệu trưởng"}  # fmt: skip
    body = HugeUpload(300 * 1024 * 1024, file_name="qd.pdf", field="attachment", fields=fields)
    response = post_huge(client, reverse("awards:award_edit", args=[award.pk]), body)
    assert response.status_code == 200
    assert body.position < 1024 * 1024
    assert "«Bản chụp quyết định»: Tệp «qd.pdf» quá lớn" in response.content.decode()
    award.refresh_from_db()
    assert award.decision_number == "5/QĐ-TCTTN" and not Attachment.objects.exists()
