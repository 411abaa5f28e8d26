"""Printing the eligibility overview and the nominations put before a council meeting (issue 14,
a stumble): a DOCX and a PDF in the review-list layout, linked from the pages, with the rows the
user sees on screen."""

import io
import re

import pytest
from django.urls import reverse

from tests.helpers.council import MEETING_ON, make_eligible, members, nominate
from tests.helpers.documents import docx_text
from thidua.council.actions import do_add_member, do_open_session, do_put_on_agenda
from thidua.evidence.models import YearGrade

pytestmark = pytest.mark.django_db


def test_overview_prints_what_the_screen_shows(client, org, people, personas, units):
    make_eligible(org, people["staff"])
    YearGrade.objects.create(organization=org, person=people["other"], year=2022, grade="HTT",
                             verification="verified")  # fmt: skip
    client.force_login(personas["secretary"])
    page = client.get(reverse("evaluation:eligibility"), {"year": 2022}).content.decode()
    links = re.findall(r'href="(/eligibility/overview\.(?:docx|pdf)[^"]*)"', page)
    assert len(links) == 2 and all("year=2022" in link for link in links)
    response = client.get(links[0].replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = docx_text(response.content)
    assert "Kết quả xét điều kiện danh hiệu thi đua năm 2022" in text
    assert "Trần Thị Hoa" in text and "Lao động tiên tiến" in text
    assert "Đủ điều kiện" in text and "Hội đồng xem xét" in text
    assert "{{" not in text and "{%" not in text
    # The unit filter narrows the printed list as it narrows the screen.
    narrowed = client.get(
        reverse("evaluation:eligibility_document", args=["docx"]),
        {"year": 2022, "unit": units["b"].pk},
    )
    narrowed_text = docx_text(narrowed.content)
    assert "Phạm Thị Lan" in narrowed_text and "Trần Thị Hoa" not in narrowed_text
    assert "Đơn vị: Khoa Dân vận" in narrowed_text
    pdf = client.get(links[1].replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_staff_member_prints_only_their_own_row(client, org, people, personas):
    make_eligible(org, people["staff"])
    make_eligible(org, people["dat"])
    client.force_login(personas["staff"])
    response = client.get(reverse("evaluation:eligibility_document", args=["docx"]),
                          {"year": 2022})  # fmt: skip
    text = docx_text(response.content)
    assert "Trần Thị Hoa" in text and "Nguyễn Văn Đạt" not in text


def test_session_nominations_print_before_and_on_the_agenda(client, org, people, personas):
    make_eligible(org, people["staff"])
    make_eligible(org, people["dat"])
    first = nominate(personas, people["staff"], "LDTT")
    nominate(personas, people["dat"], "LDTT")
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên họp cuối năm", year=2022, meeting_on=MEETING_ON,
                              acting_user=secretary)
    for user, role in members(org, personas):
        do_add_member(session, user, role=role, acting_user=secretary)
    client.force_login(secretary)
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    url = reverse("council:session_document", args=[session.pk, "session_nominations", "docx"])
    assert url in page
    text = docx_text(client.get(url).content)
    assert "chưa đưa vào chương trình" in text
    assert "Trần Thị Hoa" in text and "Nguyễn Văn Đạt" in text
    assert "Khoa Xây dựng Đảng" in text and "Lao động tiên tiến" in text
    assert "LDTT" not in text
    do_put_on_agenda(session, [first], acting_user=secretary)
    text = docx_text(client.get(url).content)
    assert "Trần Thị Hoa" in text and "Nguyễn Văn Đạt" not in text
    assert "Cộng: 1 trường hợp" in text
    pdf = client.get(url.replace(".docx", ".pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Who may not read the session cannot print its list.
    client.force_login(personas["staff"])
    assert client.get(url).status_code == 404


def test_make_document_prints_both_lists(tmp_path, org, people, personas, units):
    from django.core.management import call_command

    make_eligible(org, people["staff"])
    first = nominate(personas, people["staff"], "LDTT")
    session = do_open_session(name="Phiên họp cuối năm", year=2022, meeting_on=MEETING_ON,
                              acting_user=personas["secretary"])  # fmt: skip
    do_put_on_agenda(session, [first], acting_user=personas["secretary"])
    overview = tmp_path / "xet.docx"
    call_command("make_document", "eligibility_overview", "--year", "2022", "--unit",
                 "Khoa Xây dựng Đảng", "--format", "docx", "--output", str(overview),
                 "--organization", "TCTTN", stdout=io.StringIO())  # fmt: skip
    text = docx_text(overview.read_bytes())
    assert "Trần Thị Hoa" in text and "Phạm Thị Lan" not in text
    agenda = tmp_path / "ds.pdf"
    call_command("make_document", "session_nominations", "--session", str(session.pk),
                 "--format", "pdf", "--output", str(agenda), "--organization", "TCTTN",
                 stdout=io.StringIO())  # fmt: skip
    assert agenda.read_bytes().startswith(b"%PDF")


def test_the_lists_are_dated_and_leave_the_signer_blank(org, people, personas):
    """A past year's overview is not dated years after its facts; the nominations carry the
    meeting day; nobody known signs a list, so the name is a dotted line to fill by hand."""
    from datetime import date

    from thidua.council.documents import build_nominations_context
    from thidua.documents.formatting import vietnamese_date
    from thidua.documents.lists import SIGNER_BLANK
    from thidua.evaluation.documents import Overview, build_overview_context, overview_day

    assert overview_day(2022, date(2022, 12, 5)) == date(2022, 12, 5)
    assert overview_day(2022, date(2023, 2, 10)) == date(2023, 2, 10)  # the year's review
    assert overview_day(2022, date(2026, 12, 4)) == date(2022, 12, 31)  # an archive copy
    assert overview_day(2027, date(2026, 12, 4)) == date(2026, 12, 4)
    overview = build_overview_context(Overview(org, 2022, [], []))
    assert overview["place_date"].endswith(vietnamese_date(overview_day(2022)))
    assert overview["signer_name"] == SIGNER_BLANK and "…" in SIGNER_BLANK
    session = do_open_session(name="Phiên họp cuối năm", year=2022, meeting_on=MEETING_ON,
                              acting_user=personas["secretary"])  # fmt: skip
    nominations = build_nominations_context(session)
    assert nominations["place_date"].endswith("ngày 20 tháng 12 năm 2022")
    assert nominations["signer_name"] == SIGNER_BLANK


def xlsx_rows(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]


def test_the_review_lists_download_as_excel(client, org, people, personas, units):
    """Issue 14: the review lists get an Excel download like the other lists — the same heading,
    columns and rows as the printed list, numbered, with the total and the signature lines."""
    make_eligible(org, people["staff"])
    make_eligible(org, people["dat"])
    client.force_login(personas["secretary"])
    page = client.get(reverse("evaluation:eligibility"), {"year": 2022}).content.decode()
    [link] = re.findall(r'href="(/eligibility/overview\.xlsx[^"]*)"', page)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument"
                                               ".spreadsheetml")  # fmt: skip
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response.content)
    text = "\n".join(" | ".join(str(c) for c in row) for row in rows)
    assert "Kết quả xét điều kiện danh hiệu thi đua năm 2022" in text
    header = next(row for row in rows if row and row[0] == "STT")
    assert len(header) == 5
    assert "Trần Thị Hoa" in text and "Nguyễn Văn Đạt" in text and "Tổng cộng:" in text
    # A staff member downloads only their own row, as on screen.
    client.force_login(personas["staff"])
    mine = xlsx_rows(client.get(reverse("evaluation:eligibility_document", args=["xlsx"]),
                                {"year": 2022}).content)  # fmt: skip
    mine_text = str(mine)
    assert "Trần Thị Hoa" in mine_text and "Nguyễn Văn Đạt" not in mine_text
    assert client.get(reverse("evaluation:eligibility_document", args=["csv"])).status_code == 404

    first = nominate(personas, people["staff"], "LDTT")
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên họp cuối năm", year=2022, meeting_on=MEETING_ON,
                              acting_user=secretary)  # fmt: skip
    do_put_on_agenda(session, [first], acting_user=secretary)
    url = reverse("council:session_document", args=[session.pk, "session_nominations", "xlsx"])
    client.force_login(secretary)
    assert url in client.get(reverse("council:session", args=[session.pk])).content.decode()
    listed = str(xlsx_rows(client.get(url).content))
    assert "Trần Thị Hoa" in listed and "Lao động tiên tiến" in listed and "LDTT" not in listed
    # Only the nominations list comes as Excel; who may not read the session gets nothing.
    minutes = reverse("council:session_document", args=[session.pk, "minutes", "xlsx"])
    assert client.get(minutes).status_code == 404
    client.force_login(personas["staff"])
    assert client.get(url).status_code == 404
