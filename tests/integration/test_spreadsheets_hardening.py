"""Spreadsheets under attack and under clumsy hands (issue 15): invisible characters, formula
injection in exports, a sheet that declares a huge dimension, oversized error lists, staff codes
typed as numbers.

Each test is written as the input that found the problem.
"""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.integration.test_spreadsheets import (
    fill_template,
    give_staff_codes,
    headers,
    refused,
    snapshot,
    with_cached_values,
    xlsx,
)
from thidua.evidence.models import Initiative, YearGrade
from thidua.organization.models import Person
from thidua.spreadsheets import engine
from thidua.spreadsheets.engine import Column, ImportRefused, build_workbook, read_rows, run_import
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture(name="coded")
def coded_fixture(people):
    return give_staff_codes(people)


# Invisible characters (15.6) -----------------------------------------------------------------


def test_title_with_a_zero_width_space_imports_as_the_existing_initiative(coded, personas, org):
    user = personas["secretary"]
    authors = "{}:100".format(coded["dat"])
    row = ["Giải pháp A", 2022, "Cấp cơ sở", "", "", "", authors, "Toàn trường"]
    run_import(KINDS["initiatives"], fill_template("initiatives", [row]), organization=org,
               user=user)  # fmt: skip
    # The same title pasted from a web page: a zero-width space, a BOM and a bidi mark in it.
    pasted = ["Giải\u200b pháp\ufeff A\u200e", 2022, "Cấp tỉnh", *row[3:]]
    result = run_import(
        KINDS["initiatives"], fill_template("initiatives", [pasted]), organization=org, user=user
    )
    assert (result.created, result.updated) == (0, 1)
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.level) == ("Giải pháp A", "tinh")


# A sheet that declares a huge dimension (15.1) -----------------------------------------------


def declaring(data: bytes, ref: str) -> bytes:
    """Return the file with its first sheet's `<dimension ref=…>` replaced, as a forger (or
    Excel after formatting whole rows) writes it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % ref.encode(), content
                )
                assert count == 1
            target.writestr(item, content)
    return buffer.getvalue()


def bomb(coded) -> bytes:
    """Five grades (one year typed as a formula Excel calculated), then 3,000 rows formatted but
    never filled, in a sheet that says it is A1:XFD200000: 16,384 columns × 200,000 rows."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers("grades"))
    for key in ("staff", "head", "dat", "other", "secretary"):
        sheet.append([coded[key], "", 2022, "HTT"])
    sheet["C2"] = "=2000+22"
    for line in range(8, 3008):
        sheet.cell(row=line, column=1).number_format = "@"  # a styled, empty cell
    buffer = io.BytesIO()
    book.save(buffer)
    data = with_cached_values(buffer.getvalue(), {"2000+22": "2022"})
    return declaring(data, "A1:XFD200000")


def peak_megabytes(function):
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def test_a_sheet_declaring_a_huge_dimension_is_read_in_bounded_memory(coded, personas, org):
    data = bomb(coded)
    assert len(data) < 100 * 1024  # a small file…
    rows, peak = peak_megabytes(lambda: read_rows(data))
    # …that once took 16,384 cells a row: 3,000 rows held 390 MB (1.4 GB in the file).
    assert peak < 20, peak
    assert max(len(row) for row in rows) == 4
    # And it imports as what it is: five grades, the formatted rows read as empty.
    result = run_import(KINDS["grades"], data, organization=org, user=personas["secretary"])
    assert (result.rows, result.created) == (5, 5)
    assert YearGrade.objects.filter(year=2022).count() == 5
    assert "Bỏ qua dòng 8–3007: dòng trống." in result.reading


def test_a_row_far_below_the_table_is_not_a_million_empty_rows(coded, org):
    # One signature line at row 1,000,000 of a sheet declaring XFD1048576.
    book = Workbook()
    sheet = book.active
    sheet.append(headers("grades"))
    sheet.append([coded["dat"], "", 2022, "HTT"])
    sheet.cell(row=200_000, column=1, value="Người lập biểu")
    buffer = io.BytesIO()
    book.save(buffer)
    data = declaring(buffer.getvalue(), "A1:XFD1048576")
    rows, peak = peak_megabytes(lambda: read_rows(data))
    assert peak < 20, peak
    assert len(rows) == 200_000 and rows[-1] == ("Người lập biểu",)
    assert run_import(KINDS["grades"], data, organization=org).created == 1


def test_data_beyond_the_columns_read_is_refused_naming_row_and_column(coded, org):
    book = Workbook()
    sheet = book.active
    sheet.append(headers("grades"))
    sheet.append([coded["dat"], "", 2022, "HTT"])
    sheet.cell(row=2, column=16384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    assert refused("grades", buffer.getvalue(), org) == [
        "dòng 2: có dữ liệu ở cột XFD, ngoài 200 cột đầu mà bảng tính được đọc; hãy xoá các ô "
        "thừa ở bên phải bảng."
    ]


def test_a_file_longer_than_the_limit_is_refused_blank_lines_past_it_are_not(
    coded, org, monkeypatch
):
    monkeypatch.setattr(engine, "MAX_ROWS", 4)
    rows = [headers("grades"), [coded["dat"], "", 2022, "HTT"], [coded["head"], "", 2022, "HTT"]]

    # Blank lines past the limit (rows formatted, never filled) are no reason to refuse.
    def formatted(sheet):
        for line in range(4, 40):
            sheet.cell(row=line, column=2).number_format = "@"

    assert (
        run_import(KINDS["grades"], xlsx(rows, sheet_setup=formatted), organization=org).created
        == 2
    )
    YearGrade.objects.all().delete()
    longer = rows + [[coded["staff"], "", 2022, "HTT"]] * 3
    assert refused("grades", xlsx(longer), org) == [
        "Tệp có dữ liệu ở dòng 5, quá giới hạn 4 dòng của một lần nhập; hãy chia thành nhiều "
        "tệp nhỏ hơn."
    ]


def test_running_out_of_memory_is_not_called_a_bad_file(coded, org, monkeypatch):
    data = xlsx([headers("grades"), [coded["dat"], "", 2022, "HTT"]])

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(engine, "open_book", exhausted)
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        run_import(KINDS["grades"], data, organization=org)
    assert snapshot() == before
    assert caught.value.errors == [engine.out_of_memory_message()]
    assert "không phải bảng tính" not in str(caught.value)


# Formula injection in exports (15.3) ---------------------------------------------------------

ATTACKS = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+84 912 345 678",
    "-5",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("title", ATTACKS)
def test_text_that_looks_like_a_formula_is_exported_as_text_and_reads_back_the_same(title):
    columns = [Column("Tên", "title"), Column("Điểm", "score", type="decimal")]
    data = build_workbook("Thử", columns, [(title, -5), ("Bình thường", 3)])
    assert "<f>" not in sheet_xml(data)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cell = sheet["A2"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", title, True)
    # A real number stays a number, and ordinary text carries no quote prefix.
    assert (sheet["B2"].data_type, sheet["B2"].value) == ("n", -5)
    assert sheet["A3"].quotePrefix is False
    assert read_rows(data)[1:] == [(title, -5), ("Bình thường", 3)]


def test_initiative_titled_as_a_formula_round_trips_through_the_secretarys_export(
    client, coded, people, personas, org
):
    title = '=HYPERLINK("http://x","y")'
    # A staff member proposes an initiative with that title through the screen…
    client.force_login(personas["staff"])
    response = client.post(
        reverse("achievements:evidence_add", args=["initiatives"]),
        {"team-TOTAL_FORMS": "1", "team-INITIAL_FORMS": "0", "team-MIN_NUM_FORMS": "0",
         "team-MAX_NUM_FORMS": "1000", "team-0-person": people["staff"].pk,
         "team-0-share": 100, "title": title, "year": 2022, "level": "co_so"},
    )  # fmt: skip
    assert response.status_code == 302
    # …the secretary downloads the list: the title is a text cell, not a live formula…
    client.force_login(personas["secretary"])
    exported = client.get(
        reverse("achievements:evidence_export", args=["initiatives"]), {"year": 2022}
    )
    assert exported["Cache-Control"] == "private, no-store"
    assert "<f>" not in sheet_xml(exported.content)
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == title)
    assert cell.data_type == "s" and cell.quotePrefix
    # …and imports it back as the same initiative, its title unchanged.
    result = run_import(
        KINDS["initiatives"], exported.content, organization=org, user=personas["secretary"]
    )
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Initiative.objects.get().title == title


def test_award_register_export_neutralises_formulas(client, coded, people, personas, org):
    from datetime import date

    from thidua.awards.actions import AwardData, do_add_award

    secretary = personas["secretary"]
    award = AwardData(person=people["dat"], unit=None, year=2021, code="CSTD_CS",
                      decision_number="=1+1", decided_on=date(2021, 12, 20),
                      issued_by="@Hiệu trưởng")  # fmt: skip
    do_add_award(org, award, acting_user=secretary)
    client.force_login(secretary)
    exported = client.get(reverse("awards:register_export"), {"year": 2021})
    assert exported["Cache-Control"] == "private, no-store"
    assert "<f>" not in sheet_xml(exported.content)
    values = [v for row in read_rows(exported.content) for v in row]
    assert "=1+1" in values and "@Hiệu trưởng" in values


# Import at scale: the error list, the staff code's format (15.7) -----------------------------


def duplicates(coded, count: int) -> bytes:
    return xlsx([headers("grades"), *([[coded["dat"], "", 2022, "HTT"]] * count)])


def test_a_file_of_duplicates_lists_200_errors_and_says_how_many_more(
    client, coded, personas, org, tmp_path
):
    data = duplicates(coded, 251)  # 250 duplicates of the first row
    client.force_login(personas["secretary"])
    response = client.post(
        reverse("spreadsheets:import"),
        {"kind": "grades", "file": _upload(data)},
    )
    assert response.status_code == 200
    shown = response.context["errors"]
    assert len(shown) == 201
    assert shown[0] == "dòng 3: trùng với dòng 2 (cùng cán bộ và năm)."
    assert shown[-1].startswith("… và 50 lỗi khác (chỉ hiện 200 lỗi đầu;")
    page = response.content.decode()
    assert "250 lỗi</h2>" in page and "dòng 202:" in page and "dòng 203:" not in page
    assert not YearGrade.objects.exists()
    # The command line says the same.
    path = tmp_path / "trung.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_xlsx", "grades", str(path), organization=org.abbreviation,
            stdout=io.StringIO(),
        )  # fmt: skip
    message = str(caught.value)
    assert message.startswith("Không nhập dòng nào; 250 lỗi:")
    assert message.count("\n") == 201 and "… và 50 lỗi khác" in message


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("danh-sach.xlsx", data, content_type=engine.XLSX_CONTENT_TYPE)


def staff_row(code, name="Đặng Thị Thu"):
    from datetime import date

    return (code, name, "Nữ", date(1985, 3, 1), "ThS", "Giảng viên", "Giảng viên", "Có", "Có",
            date(2010, 9, 1), None, None, None, "Khoa Dân vận")  # fmt: skip


def test_new_staff_code_typed_as_a_number_is_written_in_the_organisations_format(
    coded, people, units, personas, org
):
    # The organisation's codes are "00101"…"00105"; Excel turned a new person's "00206" into 206.
    before = Person.objects.count()
    result = run_import(
        KINDS["staff"],
        fill_template("staff", [staff_row(206, "Bùi Văn An"), staff_row("00207")]),
        organization=org,
        user=personas["secretary"],
    )
    assert (result.created, result.updated) == (2, 0)
    assert Person.objects.count() == before + 2
    assert Person.objects.get(staff_code="00206").given == "An"
    assert not Person.objects.filter(staff_code="206").exists()
    assert (
        "Mã cán bộ mới ghi thiếu số 0 ở đầu được viết theo định dạng mã của cơ quan (5 chữ số): "
        "dòng 2 «206» → «00206»."
    ) in result.reading


def test_a_new_person_twice_once_with_zeros_once_without_is_a_duplicate(coded, org):
    data = fill_template("staff", [staff_row("00206"), staff_row(206)])
    assert refused("staff", data, org) == ["dòng 3: trùng với dòng 2 (cùng mã cán bộ)."]


@pytest.mark.parametrize("mixed", [False, True], ids=["one format", "mixed formats"])
def test_a_stored_persons_code_that_lost_its_zeros_is_refused_not_a_second_person(
    coded, people, org, mixed
):
    if mixed:  # no format to learn: still refused, never a second person
        people["other"].staff_code = "CB7"
        people["other"].save()
    before = Person.objects.count()
    errors = refused("staff", fill_template("staff", [staff_row(102, "Lê Văn Sơn")]), org)
    assert len(errors) == 1
    assert errors[0].startswith(
        "dòng 2, cột A (Mã cán bộ): mã «102» chưa có, nhưng đã có cán bộ mã «00102» (Lê Văn Sơn)"
    )
    assert Person.objects.count() == before


def test_where_codes_have_no_one_format_a_new_numeric_code_stays_as_typed(
    coded, people, personas, org
):
    people["other"].staff_code = "CB7"
    people["other"].save()
    result = run_import(KINDS["staff"], fill_template("staff", [staff_row(206)]),
                        organization=org, user=personas["secretary"])  # fmt: skip
    assert result.created == 1 and Person.objects.filter(staff_code="206").exists()
    assert not any("định dạng mã" in line for line in result.reading)
