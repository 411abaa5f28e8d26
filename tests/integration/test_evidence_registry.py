"""One registry entry makes a kind (issue 12, item 4), and the import writes through the evidence
action's bulk variant, `do_save_evidence_many` (item 3): by role, all or nothing."""

import io
from dataclasses import replace
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.integration.test_spreadsheets import fill_template, give_staff_codes, refused
from thidua.evidence.actions import (
    ActionRefused,
    EvidenceRow,
    do_close_year,
    do_save_evidence_many,
)
from thidua.evidence.kinds import KINDS
from thidua.evidence.models import Authorship, Initiative, Verification, YearGrade
from thidua.evidence.spreadsheet import register_spreadsheets
from thidua.spreadsheets.engine import run_import
from thidua.spreadsheets.kinds import KINDS as SPREADSHEET_KINDS
from thidua.spreadsheets.kinds import template_bytes


@pytest.fixture(name="coded")
def coded_fixture(people):
    return give_staff_codes(people)


# A new kind: one registry entry ----------------------------------------------------------------


@pytest.fixture
def fake_kind(monkeypatch):
    """A kind added to the registry only: the excellent grades, on the grades' own model."""
    fake = replace(
        KINDS["grades"], slug="excellent_grades", label="Xếp loại xuất sắc (thử)",
        sheet_label="xếp loại xuất sắc", subset={"person__isnull": False, "grade": "HTXS"},
        # No table or filterset class: both are made from the entry's list fields and filters.
        table=None, filterset=None, list_fields=("grade", "year"), list_order=("-year",),
        filters=("grade",),
    )  # fmt: skip
    monkeypatch.setitem(KINDS, fake.slug, fake)
    monkeypatch.setitem(SPREADSHEET_KINDS, fake.slug, None)  # removed again after the test
    register_spreadsheets({fake.slug: fake})  # what the app's ready() does for every entry
    return fake, SPREADSHEET_KINDS


def test_a_registry_entry_is_a_list_a_form_and_a_spreadsheet(
    fake_kind, client, personas, people, org, coded
):
    fake, spreadsheet_kinds = fake_kind
    YearGrade.objects.create(organization=org, person=people["dat"], year=2022, grade="HTXS")
    YearGrade.objects.create(organization=org, person=people["other"], year=2022, grade="HTT")
    client.force_login(personas["secretary"])
    page = client.get(reverse("achievements:evidence_list", args=[fake.slug]))
    assert page.status_code == 200
    assert "Xếp loại xuất sắc (thử)" in page.content.decode()
    assert [r.person for r in page.context["table"].data] == [people["dat"]]
    table = page.context["table"]
    assert [(c.name, str(c.header)) for c in table.columns] == [
        ("person", "Cán bộ"), ("current_unit_name", "Đơn vị"), ("grade", "Xếp loại"),
        ("year", "Năm"), ("verification", "Xác nhận"),
    ]  # fmt: skip
    html = page.content.decode()
    assert ">2022</td>" in html and "2.022" not in html  # a year as written
    assert "grade" in page.context["filter"].form.fields
    # Its tab sits among the others' on every list.
    other_list = client.get(reverse("achievements:evidence_list", args=["grades"])).content
    assert reverse("achievements:evidence_list", args=[fake.slug]) in other_list.decode()
    assert client.get(reverse("achievements:evidence_add", args=[fake.slug])).status_code == 200
    # Its spreadsheet: a template with its columns, and an import through the action.
    sheet = spreadsheet_kinds[fake.slug]
    book = load_workbook(io.BytesIO(template_bytes(sheet)))
    assert [c.value for c in book.worksheets[0][1]] == [c.header for c in fake.columns]
    result = run_import(
        sheet, _filled(sheet, [(coded["staff"], "", 2021, "HTXS")]), organization=org,
        user=personas["secretary"],
    )  # fmt: skip
    assert (result.created, result.updated) == (1, 0)
    grade = YearGrade.objects.get(person=people["staff"])
    assert grade.verification == Verification.VERIFIED
    assert LogEntry.objects.filter(additional_data__kind=fake.slug).count() == 1


def _filled(sheet, rows) -> bytes:
    book = load_workbook(io.BytesIO(template_bytes(sheet)))
    for row in rows:
        book.worksheets[0].append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The year range: one rule on screen and in a file ----------------------------------------------


def test_screen_and_import_accept_and_refuse_the_same_years(client, personas, people, org, coded):
    client.force_login(personas["secretary"])
    add = reverse("achievements:evidence_add", args=["grades"])
    form = client.get(add).content.decode()
    assert 'min="1975"' in form and 'max="2100"' in form
    # A school loading its history enters grades of the 1980s, on screen and from a file.
    assert (
        client.post(add, {"person": people["dat"].pk, "year": 1985, "grade": "HTT"}).status_code
        == 302
    )
    run_import(
        SPREADSHEET_KINDS["grades"], fill_template("grades", [(coded["staff"], "", 1985, "HTT")]),
        organization=org, user=personas["secretary"],
    )  # fmt: skip
    assert set(YearGrade.objects.values_list("year", flat=True)) == {1985}
    response = client.post(add, {"person": people["other"].pk, "year": 1974, "grade": "HTT"})
    assert response.status_code == 200
    assert "Năm 1974 nằm ngoài khoảng 1975–2100." in response.context["form"].errors["year"]
    errors = refused(
        "grades", fill_template("grades", [(coded["other"], "", 1974, "HTT")]), org,
        personas["secretary"],
    )  # fmt: skip
    assert errors == ["dòng 2, cột C (Năm): năm 1974 nằm ngoài khoảng 1975–2100."]


# do_save_evidence_many by role -----------------------------------------------------------------


def grade_rows(org, people, year=2022):
    return [
        EvidenceRow(1, YearGrade(person=people["staff"], year=year, grade="HTT")),
        EvidenceRow(2, YearGrade(person=people["dat"], year=year, grade="HTXS")),
    ]


def test_the_secretary_writes_verified_records_even_in_a_closed_year(org, people, personas):
    secretary = personas["secretary"]
    do_close_year(2022, acting_user=secretary)
    created, updated = do_save_evidence_many(
        KINDS["grades"], org, grade_rows(org, people), acting_user=secretary
    )
    assert (created, updated) == (2, 0)
    for grade in YearGrade.objects.all():
        assert grade.verification == Verification.VERIFIED
        assert grade.verified_by == secretary and grade.proposed_by == secretary
    entry = LogEntry.objects.get(additional_data__kind="grades")
    assert entry.actor == secretary and entry.additional_data["verification"] == "verified"


def test_an_unchanged_row_keeps_its_verifier_a_changed_one_is_vouched_again(org, people, personas):
    do_save_evidence_many(KINDS["grades"], org, grade_rows(org, people), acting_user=None)
    assert set(YearGrade.objects.values_list("verification", flat=True)) == {"proposed"}
    rows = grade_rows(org, people)
    rows[1].record.grade = "HTT"
    created, updated = do_save_evidence_many(
        KINDS["grades"], org, rows, acting_user=personas["secretary"]
    )
    assert (created, updated) == (0, 1)
    dat = YearGrade.objects.get(person=people["dat"])
    assert (dat.grade, dat.verification, dat.verified_by) == (
        "HTT", "verified", personas["secretary"],
    )  # fmt: skip
    # The unchanged row is not written: still proposed, for the secretary to verify on screen.
    assert YearGrade.objects.exclude(person=people["dat"]).get().verification == "proposed"


@pytest.mark.parametrize("role", ["staff", "unit_head"])
def test_anyone_else_proposes_and_may_not_write_a_closed_year(org, people, personas, role):
    user = personas[role]
    do_save_evidence_many(KINDS["grades"], org, grade_rows(org, people, 2021), acting_user=user)
    assert set(YearGrade.objects.values_list("verification", flat=True)) == {"proposed"}
    assert YearGrade.objects.filter(proposed_by=user, verified_by=None).count() == 2
    do_close_year(2022, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused) as refusal:
        do_save_evidence_many(KINDS["grades"], org, grade_rows(org, people), acting_user=user)
    assert str(refusal.value).split("\n") == [
        "dòng 1: năm 2022 đã khóa minh chứng; chỉ Thường trực Hội đồng được nhập, sửa.",
        "dòng 2: năm 2022 đã khóa minh chứng; chỉ Thường trực Hội đồng được nhập, sửa.",
    ]
    assert YearGrade.objects.filter(year=2022).count() == 0


def test_another_organisations_user_is_refused(org, people, personas):
    with pytest.raises(ActionRefused, match="cơ quan của mình"):
        do_save_evidence_many(
            KINDS["grades"], org, grade_rows(org, people), acting_user=personas["outsider"]
        )
    assert not YearGrade.objects.exists()


def test_records_with_a_team_are_saved_with_their_people_and_audited(org, people, personas):
    kind = KINDS["initiatives"]
    values = {"title": "Sổ tay số", "year": 2022, "level": "co_so"}
    team = [
        Authorship(person=people["staff"], share=60),
        Authorship(person=people["dat"], share=40),
    ]
    created, _ = do_save_evidence_many(
        kind, org, [EvidenceRow(1, None, values, team)], acting_user=personas["secretary"]
    )
    initiative = Initiative.objects.get()
    assert created == 1 and initiative.verification == Verification.VERIFIED
    shares = {a.person: a.share for a in initiative.authorships.all()}
    assert shares == {people["staff"]: 60, people["dat"]: 40}
    assert LogEntry.objects.get_for_object(initiative).get().actor == personas["secretary"]
    # The same team again changes nothing; a new one replaces it, each change audited.
    stored = Initiative.objects.prefetch_related("authorships").get()
    do_save_evidence_many(
        kind, org, [EvidenceRow(1, stored, values, [Authorship(person=people["dat"], share=100)])],
        acting_user=personas["secretary"],
    )  # fmt: skip
    assert list(initiative.authorships.values_list("person", "share")) == [(people["dat"].pk, 100)]
    removed = LogEntry.objects.filter(
        content_type__model="authorship", action=LogEntry.Action.DELETE
    )
    assert removed.count() == 1 and removed.get().actor == personas["secretary"]


def test_the_export_command_names_the_state_of_the_kind(org, people, personas, tmp_path):
    YearGrade.objects.create(
        organization=org, person=people["dat"], year=2022, grade="HTT",
        verification=Verification.VERIFIED,
    )  # fmt: skip
    out = io.StringIO()
    path = tmp_path / "grades.xlsx"
    call_command(
        "export_xlsx", "grades", "--year", "2022", "--output", str(path), "--state", "verified",
        "--organization", org.abbreviation, stdout=out,
    )  # fmt: skip
    assert "trạng thái Đã xác nhận" in out.getvalue() and path.exists()


def test_a_leaves_dates_are_checked_by_its_row_form(org, coded, personas):
    errors = refused(
        "leave",
        fill_template("leave", [(coded["dat"], "", "Nghỉ thai sản", date(2022, 5, 1),
                                 date(2022, 4, 1), "")]),
        org, personas["secretary"],
    )  # fmt: skip
    assert errors == ["dòng 2, cột E (Đến ngày): ngày kết thúc phải sau ngày bắt đầu."]
