"""The registration lists: one unit's and the consolidated, as DOCX and PDF; the command; downloads.

Only registrations that were sent or accepted are listed; the DOCX and the PDF show every listed
person with an "x" under each title they registered.
"""

import io
import re
from html.parser import HTMLParser

import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from docx import Document

from tests.helpers.documents import docx_text, normalise
from thidua.core.choices import TitleCode
from thidua.documents.registry import CONTENT_TYPES, KINDS
from thidua.documents.render import TEMPLATES_DOCX, render, render_html
from thidua.organization.models import Assignment, Organization, Unit
from thidua.registrations.actions import PERSON_REGISTRABLE, UNIT_REGISTRABLE
from thidua.registrations.documents import (
    FOOTNOTE,
    REGISTRATIONS,
    build_registrations_context,
    find_list,
)
from thidua.registrations.models import Registration, RegistrationState

pytestmark = pytest.mark.django_db

NAMES = dict(TitleCode.choices)
UNIT = "Khoa Xây dựng Đảng"


def docx_rows(data: bytes) -> dict[str, list[str]]:
    """Every person's row of the list tables: name -> [position, marks…, note]."""
    rows = {}
    for table in Document(io.BytesIO(data)).tables:
        cells = [c.text for c in table.rows[0].cells] if table.rows else []
        if cells[:3] != ["STT", "Họ và tên", "Chức vụ"]:
            continue
        for row in table.rows[1:]:
            texts = [normalise(c.text) for c in row.cells]
            if texts[0].isdigit():
                assert texts[1] not in rows, "listed twice: {}".format(texts[1])
                rows[texts[1]] = texts[2:]
    return rows


def docx_columns(data: bytes) -> list[str]:
    for table in Document(io.BytesIO(data)).tables:
        cells = [normalise(c.text) for c in table.rows[0].cells] if table.rows else []
        if cells[:3] == ["STT", "Họ và tên", "Chức vụ"]:
            return cells
    raise AssertionError("no list table")


def pdf_lines(data: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return [normalise(line) for line in text.splitlines() if line.strip()]


class RowParser(HTMLParser):
    """The HTML (the PDF's source) table rows, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(normalise(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def html_rows(context) -> dict[str, list[str]]:
    parser = RowParser()
    parser.feed(render_html(REGISTRATIONS, context))
    return {row[1]: row[2:] for row in parser.rows if len(row) > 3 and row[0].isdigit()}


def expected_marks(titles) -> list[str]:
    return ["x" if code in titles else "" for code in PERSON_REGISTRABLE]


# --- the demo's 2022 lists ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_lists(demo_copy, django_db_blocker):
    """The demo's 2022 unit list and consolidated list, rendered once; then rolled back."""
    with django_db_blocker.unblock(), demo_copy.in_database(), transaction.atomic():
        organization = Organization.objects.get(abbreviation="TCTTP")
        unit = Unit.objects.get(organization=organization, name=UNIT)
        listed = Registration.objects.filter(
            organization=organization,
            year=2022,
            person__isnull=False,
            state__in=(RegistrationState.SUBMITTED, RegistrationState.ACCEPTED),
        ).select_related("person")
        members = set(
            Assignment.objects.current().filter(unit=unit).values_list("person_id", flat=True)
        )
        unit_record = find_list(organization, 2022, unit=UNIT)
        whole = find_list(organization, 2022)
        lists = {
            "everyone": {r.person.full_name: r.titles for r in listed},
            "members": {r.person.full_name: r.titles for r in listed if r.person_id in members},
            "units": [
                u.name
                for u in Unit.objects.filter(
                    organization=organization, kind__in=("board", "faculty", "office", "other")
                ).order_by("position", "name")
            ],
            "unit_titles": {
                r.unit.name: r.titles
                for r in Registration.objects.filter(
                    organization=organization, year=2022, unit__isnull=False
                ).select_related("unit")
            },
            "unit_context": build_registrations_context(unit_record),
            "whole_context": build_registrations_context(whole),
            "filename": (REGISTRATIONS.filename(unit_record), REGISTRATIONS.filename(whole)),
        }
        for name, record in (("unit", unit_record), ("whole", whole)):
            for fmt in ("docx", "pdf"):
                lists["{}_{}".format(name, fmt)] = render(REGISTRATIONS, record, fmt)
        transaction.set_rollback(True)
    return lists


def test_the_demo_has_registrations_to_list(demo_lists):
    assert len(demo_lists["members"]) >= 5
    assert len(demo_lists["everyone"]) > len(demo_lists["members"])
    assert any("CSTD_CS" in titles for titles in demo_lists["members"].values())


def test_unit_docx_lists_every_member_with_the_right_marks(demo_lists):
    data = demo_lists["unit_docx"]
    assert data.startswith(b"PK")
    rows = docx_rows(data)
    assert set(rows) == set(demo_lists["members"])
    for name, titles in demo_lists["members"].items():
        assert rows[name][1 : 1 + len(PERSON_REGISTRABLE)] == expected_marks(titles), name
    text = docx_text(data)
    for line in (
        "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ",
        "KHOA XÂY DỰNG ĐẢNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "DANH SÁCH",
        "ĐĂNG KÝ THI ĐUA NĂM 2022",
        "Danh hiệu tập thể đăng ký: Tập thể lao động tiên tiến; Tập thể lao động xuất sắc",
        "TRƯỞNG ĐƠN VỊ",
        FOOTNOTE,
        "Cộng: {} người".format(len(demo_lists["members"])),
    ):
        assert line in text, line
    assert "TM. HỘI ĐỒNG" not in text
    # Signed by the unit head (the demo's account truongkhoa heads this unit).
    assert demo_lists["unit_context"]["signer_name"]
    assert demo_lists["unit_context"]["signer_name"] in text


def test_docx_title_columns_follow_the_registrable_titles(demo_lists):
    columns = docx_columns(demo_lists["unit_docx"])
    assert columns[0:3] == ["STT", "Họ và tên", "Chức vụ"]
    assert columns[-1] == "Ghi chú"
    assert columns[3:-1] == demo_lists["unit_context"]["columns"]
    assert len(columns[3:-1]) == len(PERSON_REGISTRABLE)


def test_docx_template_variables_are_in_the_context(demo_lists):
    from docxtpl import DocxTemplate

    for name in ("registrations_party.docx", "registrations_state.docx"):
        undeclared = DocxTemplate(TEMPLATES_DOCX / name).get_undeclared_template_variables()
        assert undeclared <= set(demo_lists["whole_context"]), name


def test_unit_pdf_lists_every_member_with_the_right_marks(demo_lists):
    data = demo_lists["unit_pdf"]
    assert data.startswith(b"%PDF-")
    lines = pdf_lines(data)
    text = "\n".join(lines)
    for name, titles in demo_lists["members"].items():
        line = next((line for line in lines if re.match(r"\d+ {} ".format(name), line)), None)
        assert line is not None, name
        assert line.split(name, 1)[1].split().count("x") == len(titles), line
    for expected in ("KHOA XÂY DỰNG ĐẢNG", "ĐĂNG KÝ THI ĐUA NĂM 2022", "TRƯỞNG ĐƠN VỊ", FOOTNOTE):
        assert expected in text, expected
    # The PDF's source puts each "x" in its title's column.
    rows = html_rows(demo_lists["unit_context"])
    for name, titles in demo_lists["members"].items():
        assert rows[name][1 : 1 + len(PERSON_REGISTRABLE)] == expected_marks(titles), name


def test_consolidated_docx_lists_everyone_by_unit_with_totals(demo_lists):
    data = demo_lists["whole_docx"]
    rows = docx_rows(data)
    assert set(rows) == set(demo_lists["everyone"])
    for name, titles in demo_lists["everyone"].items():
        assert rows[name][1 : 1 + len(PERSON_REGISTRABLE)] == expected_marks(titles), name
    text = docx_text(data)
    # One section per unit, in the units' order.
    positions = [text.find(". {}\n".format(unit)) for unit in demo_lists["units"]]
    assert all(p >= 0 for p in positions), demo_lists["units"]
    assert positions == sorted(positions)
    assert "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\nTHƯỜNG TRỰC" in text
    assert "TRƯỞNG ĐƠN VỊ" not in text
    assert FOOTNOTE in text
    assert "Số cán bộ trong danh sách: {}".format(len(demo_lists["everyone"])) in text


def test_consolidated_totals_count_each_title(demo_lists):
    totals = {(row["label"], row["subject"]): row["count"]
              for row in demo_lists["whole_context"]["totals"]}  # fmt: skip
    for code in PERSON_REGISTRABLE:
        count = sum(code in titles for titles in demo_lists["everyone"].values())
        assert totals[(NAMES[code], "Cá nhân")] == str(count), code
    for code in UNIT_REGISTRABLE:
        count = sum(code in titles for titles in demo_lists["unit_titles"].values())
        assert totals[(NAMES[code], "Tập thể")] == str(count), code
    lines = pdf_lines(demo_lists["whole_pdf"])
    ldtt = sum("LDTT" in titles for titles in demo_lists["everyone"].values())
    assert "3 Lao động tiên tiến Cá nhân {}".format(ldtt) in lines


def test_consolidated_pdf_lists_everyone(demo_lists):
    data = demo_lists["whole_pdf"]
    assert data.startswith(b"%PDF-")
    lines = pdf_lines(data)
    for name, titles in demo_lists["everyone"].items():
        line = next((line for line in lines if re.match(r"\d+ {} ".format(name), line)), None)
        assert line is not None, name
        assert line.split(name, 1)[1].split().count("x") == len(titles), line
    text = "\n".join(lines)
    assert "TỔNG HỢP" in text
    assert "THƯỜNG TRỰC" in text
    rows = html_rows(demo_lists["whole_context"])
    for name, titles in demo_lists["everyone"].items():
        assert rows[name][1 : 1 + len(PERSON_REGISTRABLE)] == expected_marks(titles), name


def test_filenames_are_ascii(demo_lists):
    assert demo_lists["filename"] == ("DK-TCTTP-Khoa-Xay-dung-Dang-2022", "DK-TCTTP-2022")


def test_registrations_is_registered():
    assert KINDS["registrations"] is REGISTRATIONS
    assert KINDS["registrations"].options == ("unit",)


# --- a small organisation: states, escaping, layouts -------------------------------------------


def register(person_or_unit, year, titles, state, **extra):
    subject = {"unit": person_or_unit} if isinstance(person_or_unit, Unit) else {
        "person": person_or_unit}  # fmt: skip
    return Registration.objects.create(
        organization=person_or_unit.organization, year=year, titles=titles, state=state,
        **subject, **extra,
    )  # fmt: skip


@pytest.fixture
def registered(org, units, people):
    """2022 in the small organisation: unit A sent; Đạt's row is still a draft, Lan's returned."""
    register(units["a"], 2022, ["TTLDTT"], RegistrationState.SUBMITTED)
    register(people["head"], 2022, ["LDTT", "CSTD_CS"], RegistrationState.ACCEPTED)
    register(people["staff"], 2022, ["CSTD_TINH", "LDTT"], RegistrationState.SUBMITTED)
    register(people["dat"], 2022, ["LDTT"], RegistrationState.DRAFT)
    register(people["other"], 2022, ["LDTT"], RegistrationState.RETURNED)
    register(units["b"], 2022, ["TTLDXS"], RegistrationState.RETURNED)
    register(people["secretary"], 2022, ["GVT_DVN"], RegistrationState.ACCEPTED)
    return people


def test_draft_and_returned_registrations_are_not_listed(org, units, registered):
    unit_list = render(REGISTRATIONS, find_list(org, 2022, unit=units["a"]), "docx")
    rows = docx_rows(unit_list)
    assert set(rows) == {"Lê Văn Sơn", "Trần Thị Hoa"}
    assert rows["Trần Thị Hoa"][1:6] == ["x", "", "x", "", ""]
    assert rows["Trần Thị Hoa"][-1] == "Chưa duyệt"
    assert rows["Lê Văn Sơn"][1:6] == ["x", "x", "", "", ""]
    whole = render(REGISTRATIONS, find_list(org, 2022), "docx")
    rows = docx_rows(whole)
    assert set(rows) == {"Lê Văn Sơn", "Trần Thị Hoa", "Hoàng Minh Quang"}
    assert rows["Hoàng Minh Quang"][1:6] == ["", "", "", "", "x"]
    text = docx_text(whole)
    assert "Nguyễn Văn Đạt" not in text and "Phạm Thị Lan" not in text
    assert "Danh hiệu tập thể đăng ký: Tập thể lao động tiên tiến (chưa duyệt)" in text
    # Unit B's registration was returned: its section says nothing was sent.
    assert "Khoa Dân vận\nDanh hiệu tập thể đăng ký: chưa gửi đăng ký\nChưa có cán bộ đăng ký." in (
        text
    )
    # The office has no registration of its own: no collective line, its people's table.
    assert "Phòng Tổ chức – Hành chính\nSTT" in text
    totals = build_registrations_context(find_list(org, 2022))["totals"]
    counts = {row["label"]: row["count"] for row in totals}
    assert counts["Tập thể lao động tiên tiến"] == "1"
    assert counts["Tập thể lao động xuất sắc"] == "0"  # unit B's was returned
    assert counts["Lao động tiên tiến"] == "2"  # Đạt's draft and Lan's returned are not counted
    pdf = "\n".join(pdf_lines(render(REGISTRATIONS, find_list(org, 2022), "pdf")))
    assert "Trần Thị Hoa" in pdf and "Nguyễn Văn Đạt" not in pdf and "Phạm Thị Lan" not in pdf


def test_unit_list_is_signed_by_its_head(org, units, personas, registered):
    context = build_registrations_context(find_list(org, 2022, unit=units["a"]))
    assert context["signer_lines"] == ["TRƯỞNG ĐƠN VỊ"]
    assert context["signer_name"] == "Lê Văn Sơn"
    assert context["layout"] == "party"
    assert (context["parent_body"], context["issuer"]) == (
        "TRƯỜNG CHÍNH TRỊ THỬ NGHIỆM",
        "KHOA XÂY DỰNG ĐẢNG",
    )
    whole = build_registrations_context(find_list(org, 2022))
    assert whole["signer_lines"] == ["TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "THƯỜNG TRỰC"]
    assert whole["signer_name"] == "Hoàng Minh Quang"  # the secretary's account


def test_state_layout(org, units, registered):
    Organization.objects.filter(pk=org.pk).update(document_style="state")
    org.refresh_from_db()
    text = docx_text(render(REGISTRATIONS, find_list(org, 2022), "docx"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "Số" not in text.split("DANH SÁCH")[0]  # a list has no number


TRICKY_FAMILY, TRICKY_GIVEN = "Lê & <Văn>", "A&B"


def test_ampersand_and_angle_brackets_survive(org, units, people):
    person = people["staff"]
    person.family_and_middle, person.given = TRICKY_FAMILY, TRICKY_GIVEN
    person.position = "Giảng viên <chính> & tổ trưởng"
    person.save()
    Unit.objects.filter(pk=units["a"].pk).update(name="Khoa <Xây dựng> & Đảng")
    register(person, 2022, ["LDTT"], RegistrationState.SUBMITTED)
    record = find_list(org, 2022, unit=Unit.objects.get(pk=units["a"].pk))
    name = "{} {}".format(TRICKY_FAMILY, TRICKY_GIVEN)
    docx = render(REGISTRATIONS, record, "docx")
    rows = docx_rows(docx)
    assert rows[name][0] == "Giảng viên <chính> & tổ trưởng"
    assert "KHOA <XÂY DỰNG> & ĐẢNG" in docx_text(docx)
    # Joined with spaces: a narrow cell wraps the position over lines.
    pdf = " ".join(pdf_lines(render(REGISTRATIONS, record, "pdf")))
    assert name in pdf
    assert "Khoa <Xây dựng> & Đảng" in pdf
    assert "<chính> & tổ trưởng" in pdf


# --- the command -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("unit", [None, "Khoa Xây dựng Đảng", "khoa xay dung dang"])
def test_command_writes_the_lists(org, units, registered, tmp_path, fmt, unit):
    output = tmp_path / "dk.{}".format(fmt)
    arguments = ["registrations", "--year", "2022", "--format", fmt, "--output", str(output)]
    if unit:
        arguments += ["--unit", unit]
    out = io.StringIO()
    call_command("make_document", *arguments, stdout=out)
    data = output.read_bytes()
    assert data.startswith(b"PK" if fmt == "docx" else b"%PDF-")
    assert "Đã ghi" in out.getvalue() and "danh sách đăng ký thi đua" in out.getvalue()
    if fmt == "docx":
        names = set(docx_rows(data))
        assert ("Hoàng Minh Quang" in names) is (unit is None)
        assert "Trần Thị Hoa" in names


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--year", "2022", "--unit", "Khoa Không Có"], "không có đơn vị “Khoa Không Có”"),
        (["--year", "2021"], "chưa có bản đăng ký thi đua nào đã gửi năm 2021"),
        (["--year", "2022", "--unit", "Khoa Dân vận"], "Khoa Dân vận chưa có bản đăng ký"),
        (["--unit", "Khoa Dân vận"], "Cần năm của danh sách đăng ký"),
        (["--year", "2022", "--format", "odt"], "Định dạng “odt” không hỗ trợ"),
    ],
)
def test_command_errors(org, units, registered, tmp_path, arguments, message):
    output = tmp_path / "out.docx"
    with pytest.raises(CommandError, match=message) as error:
        call_command("make_document", "registrations", *arguments, "--output", str(output))
    assert error.value.returncode == 1
    assert not output.exists()


def test_command_refuses_unit_for_the_plan(org, tmp_path):
    output = tmp_path / "out.docx"
    with pytest.raises(CommandError, match="không dùng --unit") as error:
        call_command(
            "make_document", "plan", "--year", "2022", "--unit", "Khoa Dân vận",
            "--output", str(output),
        )  # fmt: skip
    assert error.value.returncode == 1


def test_command_unit_of_another_organisation(org, units, registered, personas, tmp_path):
    with pytest.raises(CommandError, match="không có đơn vị “Khoa Khác”"):
        call_command(
            "make_document", "registrations", "--year", "2022", "--unit", "Khoa Khác",
            "--organization", "TCTTN", "--output", str(tmp_path / "x.docx"),
        )  # fmt: skip


# --- downloads ---------------------------------------------------------------------------------


def url(name, year=2022, unit=None):
    path = reverse(name, args=[year])
    return "{}?unit={}".format(path, unit.pk) if unit else path


@pytest.mark.parametrize(("name", "fmt"), [("documents:registrations_docx", "docx"),
                                           ("documents:registrations_pdf", "pdf")])  # fmt: skip
def test_secretary_downloads_both_lists(client, units, personas, registered, name, fmt):
    client.force_login(personas["secretary"])
    assert reverse(name, args=[2022]) == "/documents/registrations/2022/document.{}".format(fmt)
    for unit, filename in (
        (None, "DK-TCTTN-2022"),
        (units["a"], "DK-TCTTN-Khoa-Xay-dung-Dang-2022"),
    ):
        response = client.get(url(name, unit=unit))
        assert response.status_code == 200
        assert response["Content-Type"] == CONTENT_TYPES[fmt]
        assert response["Content-Disposition"] == 'attachment; filename="{}.{}"'.format(
            filename, fmt
        )
        assert response.content.startswith(b"PK" if fmt == "docx" else b"%PDF-")


def test_unit_head_downloads_only_the_own_units_list(client, units, personas, registered):
    client.force_login(personas["unit_head"])
    response = client.get(url("documents:registrations_docx", unit=units["a"]))
    assert response.status_code == 200
    assert set(docx_rows(response.content)) == {"Lê Văn Sơn", "Trần Thị Hoa"}
    assert client.get(url("documents:registrations_pdf", unit=units["a"])).status_code == 200
    for name in ("documents:registrations_docx", "documents:registrations_pdf"):
        assert client.get(url(name, unit=units["b"])).status_code in (403, 404)
        assert client.get(url(name)).status_code == 403


@pytest.mark.parametrize("persona", ["principal", "leader", "council_member", "admin"])
def test_organisation_wide_roles_download_the_consolidated_list(
    client, personas, registered, persona
):
    client.force_login(personas[persona])
    assert client.get(url("documents:registrations_docx")).status_code == 200


def test_staff_is_refused(client, units, personas, registered):
    client.force_login(personas["staff"])
    for name in ("documents:registrations_docx", "documents:registrations_pdf"):
        assert client.get(url(name)).status_code == 403
        assert client.get(url(name, unit=units["a"])).status_code == 403


def test_outsider_sees_nothing(client, units, personas, registered):
    client.force_login(personas["outsider"])
    for name in ("documents:registrations_docx", "documents:registrations_pdf"):
        assert client.get(url(name, unit=units["a"])).status_code == 404
        # The consolidated list is of the outsider's own organisation, which has none.
        assert client.get(url(name)).status_code == 404


def test_download_needs_sign_in(client, units, registered):
    response = client.get(url("documents:registrations_docx", unit=units["a"]))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_empty_year_and_bad_unit_are_not_found(client, units, personas, registered):
    client.force_login(personas["secretary"])
    assert client.get(url("documents:registrations_docx", year=2021)).status_code == 404
    assert client.get(url("documents:registrations_docx") + "?unit=abc").status_code == 404
    assert client.get(url("documents:registrations_docx") + "?unit=999999").status_code == 404
    union = Unit.objects.create(organization=units["a"].organization, name="CĐ", kind="union")
    assert client.get(url("documents:registrations_docx", unit=union)).status_code == 404


# --- links -------------------------------------------------------------------------------------


def test_board_links_to_the_consolidated_list(client, personas, registered):
    client.force_login(personas["secretary"])
    page = client.get(reverse("registrations:board") + "?year=2022").content.decode()
    assert 'href="/documents/registrations/2022/document.docx"' in page
    assert 'href="/documents/registrations/2022/document.pdf"' in page
    assert "Tải danh sách (DOCX)" in page


def test_unit_page_links_to_the_units_list_once_sent(client, units, personas, registered):
    client.force_login(personas["unit_head"])
    page_url = reverse("registrations:unit", args=[units["a"].pk]) + "?year=2022"
    page = client.get(page_url).content.decode()
    assert 'href="/documents/registrations/2022/document.docx?unit={}"'.format(units["a"].pk) in (
        page
    )
    assert "/documents/registrations/2022/document.pdf?unit={}".format(units["a"].pk) in page
    Registration.objects.filter(unit=units["a"]).update(state=RegistrationState.DRAFT)
    assert "/documents/registrations/" not in client.get(page_url).content.decode()


def test_lists_are_dated_by_their_last_change_not_the_printing_day(org, units, registered):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from thidua.registrations.documents import list_day

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    sent = datetime(2022, 1, 20, 9, 0, tzinfo=tz)
    approved = datetime(2022, 1, 27, 15, 0, tzinfo=tz)
    Registration.objects.filter(organization=org, year=2022).update(submitted_at=sent)
    Registration.objects.filter(person=registered["head"]).update(decided_at=approved)
    later = datetime(2022, 1, 22, 8, 0, tzinfo=tz)
    Registration.objects.filter(person=registered["staff"]).update(submitted_at=later)
    # The unit's list: the day it last sent (the board's approval changes nothing it signed).
    assert list_day(find_list(org, 2022, unit=units["a"])).isoformat() == "2022-01-22"
    # The consolidated list: its last change, an approval included.
    assert list_day(find_list(org, 2022)).isoformat() == "2022-01-27"
    text = docx_text(render(REGISTRATIONS, find_list(org, 2022), "docx"))
    assert "ngày 27 tháng 01 năm 2022" in text
