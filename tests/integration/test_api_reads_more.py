"""The API's remaining reads (issue 20) over the demo school, persona by persona: the year-end
report, the award register and the eligibility overview as files (each compared with the
screen's own download link)."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.helpers.api import api_get, token_for
from thidua.accounts.models import User
from thidua.organization.models import Unit

pytestmark = pytest.mark.django_db

WHOLE = ("admin", "thuky", "uyvien", "hieutruong", "lanhdao")
READERS = (*WHOLE, "truongkhoa", "canbo", "ketoan", "cumtruong")
FACULTY = "Khoa Xây dựng Đảng"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def demo(demo_school, db):
    users = {name: User.objects.get(username=name) for name in READERS}
    return {
        "users": users,
        "tokens": {name: token_for(user) for name, user in users.items()},
        "faculty": Unit.objects.get(name=FACULTY),
    }


def cells(content: bytes) -> list[tuple]:
    book = load_workbook(BytesIO(content), read_only=True)
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_documents_are_the_screens_downloads(demo, monkeypatch):
    """Each download, persona by persona: the API answers as the screen's link does for the same
    account (the same file and name, or the refusal)."""
    tokens, users, faculty = demo["tokens"], demo["users"], demo["faculty"]
    register = reverse("awards:register_document", kwargs={"fmt": "docx"})
    overview = reverse("evaluation:eligibility_document", kwargs={"fmt": "docx"})
    documents = [
        # (the API's path, the screen's link)
        ("years/2021/report.docx",
         reverse("closing:year_report_document", kwargs={"year": 2021, "fmt": "docx"})),
        ("years/2021/report.docx?layout=state",
         reverse("closing:year_report_document", kwargs={"year": 2021, "fmt": "docx"})
         + "?layout=state"),
        ("award-register/document.docx", register),
        ("award-register/document.docx?year=2021&code=CSTD_CS", register
         + "?year=2021&code=CSTD_CS"),
        ("award-register/document.docx?unit={}&subject=person".format(faculty.pk),
         register + "?unit={}&subject=person".format(faculty.pk)),
        ("eligibility-overview/document.docx?year=2022", overview + "?year=2022"),
        ("eligibility-overview/document.docx?year=2022&unit={}&sort=-name".format(faculty.pk),
         overview + "?year=2022&unit={}&sort=-name".format(faculty.pk)),
        ("eligibility-overview/document.xlsx?year=2022",
         reverse("evaluation:eligibility_document", kwargs={"fmt": "xlsx"}) + "?year=2022"),
    ]  # fmt: skip
    statuses, wrong = {}, []
    rendered = b"PK rendered"
    with monkeypatch.context() as patched:
        patched.setattr("thidua.documents.views.render",
                        lambda kind, record, fmt, layout=None: rendered)  # fmt: skip
        for persona in READERS:
            screen = Client()
            screen.force_login(users[persona])
            for path, link in documents:
                expected = screen.get(link)
                response = api_get(path, tokens[persona])
                statuses[path, persona] = response.status_code
                if response.status_code != expected.status_code:
                    wrong.append("{} {}: {} (màn hình: {})".format(
                        path, persona, response.status_code, expected.status_code))  # fmt: skip
                elif response.status_code == 200:
                    assert response["Content-Type"] == expected["Content-Type"], path
                    assert response["Content-Disposition"] == expected["Content-Disposition"]
                    if ".xlsx" not in path:
                        assert response.content == rendered
                    else:  # the same rows (the zip's own timestamps differ)
                        assert cells(response.content) == cells(expected.content)
                else:
                    assert response["Content-Type"] == "application/problem+json"
    assert not wrong, "\n".join(wrong)
    # Allowed, constrained, denied: the year-end report is the leaders' and the council's.
    year_report = "years/2021/report.docx"
    assert {statuses[year_report, who] for who in WHOLE} == {200}
    assert statuses[year_report, "canbo"] == 403 and statuses[year_report, "cumtruong"] == 404
    assert statuses["award-register/document.docx", "canbo"] == 200
    assert statuses["award-register/document.docx", "cumtruong"] == 404


def test_a_filter_the_screen_would_drop_is_refused_naming_it(demo, monkeypatch):
    secret = demo["tokens"]["thuky"]
    head = demo["tokens"]["truongkhoa"]
    cases = [
        ("award-register/document.docx?unit={}".format(10**9), secret, "unit"),
        ("award-register/document.docx?code=NOPE", secret, "code"),
        ("eligibility-overview/document.pdf?verdict=nope", secret, "verdict"),
        ("eligibility-overview/document.pdf?sort=salary", secret, "sort"),
        ("eligibility-overview/document.pdf?unit={}".format(10**9), head, "unit"),
        ("years/2021/report.odt", secret, "fmt"),
    ]
    for path, token, field in cases:
        response = api_get(path, token)
        assert response.status_code == 422, (path, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert [error["field"] for error in response.json()["errors"]] == [field], path
    # More rows than a printed register holds: the screen's own words, not its redirect.
    monkeypatch.setattr("thidua.awards.documents.REGISTER_PRINT_LIMIT", 3)
    many = api_get("award-register/document.pdf", secret)
    assert many.status_code == 422 and many["Content-Type"] == "application/problem+json"
    assert many.json()["detail"].startswith("Danh sách có hơn 3 khen thưởng"), many.content
    # No year-end report for a year without a plan: 404, as on screen.
    assert api_get("years/1999/report.docx", secret).status_code == 404
    real = api_get("years/2021/report.pdf", secret)
    assert real["Content-Type"] == "application/pdf" and real.content[:5] == b"%PDF-"
