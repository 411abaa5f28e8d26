"""Spreadsheet import and export: templates, round trips, every bad input, commands and the page.

Every refused file is checked to leave the database exactly as it was: `snapshot()` reads every
row of every table an import may touch, before and after.
"""

import io
import zipfile
from datetime import date, datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from thidua.attachments.models import Attachment
from thidua.evidence.models import (
    Authorship,
    Discipline,
    Initiative,
    InitiativeClaim,
    Leave,
    Research,
    ResearchMember,
    Training,
    UnionScore,
    Verification,
    Work,
    WorkAuthorship,
    YearClosure,
    YearGrade,
)
from thidua.organization.models import Assignment, Person, Unit
from thidua.spreadsheets.engine import MAX_UPLOAD_BYTES, ImportRefused, run_import
from thidua.spreadsheets.kinds import KINDS, export_bytes, template_bytes

TABLES = (
    Person, Assignment, Unit, YearGrade, Initiative, Authorship, InitiativeClaim, Discipline,
    Leave, Research, ResearchMember, Work, WorkAuthorship, Training, UnionScore, YearClosure,
    Attachment, LogEntry,
)  # fmt: skip


def snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def xlsx(rows, *, merge=None, sheet_setup=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    if sheet_setup:
        sheet_setup(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def headers(kind):
    return [c.header for c in KINDS[kind].columns]


def read_back(data: bytes):
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], [tuple(_plain(v) for v in row) for row in rows[1:]]


def _plain(value):
    return value.date() if isinstance(value, datetime) else value


def give_staff_codes(people):
    """Give the personas staff codes with leading zeros, as the demo school's have."""
    for index, key in enumerate(["staff", "head", "dat", "other", "secretary"], start=1):
        person = people[key]
        person.staff_code = "0010{}".format(index)
        person.save()
    return {key: p.staff_code for key, p in people.items()}


@pytest.fixture
def coded(people):
    return give_staff_codes(people)


def grades_file(*rows):
    return xlsx([headers("grades"), *rows])


# Templates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_has_vietnamese_headers_and_text_id_columns(kind):
    data = template_bytes(KINDS[kind])
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == headers(kind)
    for index, column in enumerate(KINDS[kind].columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if column.type == "id":
            assert sheet.column_dimensions[letter].number_format == "@"
    assert book.sheetnames[1] == "Hướng dẫn"


# Grades ---------------------------------------------------------------------------------------


def test_grades_import_verified_by_the_secretary(coded, people, personas, org):
    data = grades_file(
        [coded["staff"], "Trần Thị Hoa", 2022, "HTXS"],
        [coded["dat"], "", "2022", "htt"],
    )
    result = run_import(KINDS["grades"], data, organization=org, user=personas["secretary"])
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    grade = YearGrade.objects.get(person=people["staff"], year=2022)
    assert grade.grade == "HTXS" and grade.verification == Verification.VERIFIED
    assert grade.organization == org
    assert YearGrade.objects.get(person=people["dat"]).grade == "HTT"
    entry = LogEntry.objects.get(additional_data__kind="grades")
    assert entry.actor == personas["secretary"]
    assert entry.additional_data["created"] == 2


@pytest.mark.parametrize("who", ["staff", "unit_head", None])
def test_grades_imported_by_others_are_only_proposed(coded, personas, org, who):
    user = personas[who] if who else None
    run_import(
        KINDS["grades"], grades_file([coded["staff"], "", 2022, "HTT"]), organization=org, user=user
    )
    assert YearGrade.objects.get().verification == Verification.PROPOSED


def test_grades_existing_row_is_updated(coded, people, personas, org):
    YearGrade.objects.create(organization=org, person=people["staff"], year=2022, grade="HTNV")
    data = grades_file([coded["staff"], "", 2022, "HTXS"], [coded["dat"], "", 2022, "HTT"])
    result = run_import(KINDS["grades"], data, organization=org, user=personas["secretary"])
    assert (result.created, result.updated) == (1, 1)
    assert YearGrade.objects.get(person=people["staff"]).grade == "HTXS"
    assert YearGrade.objects.count() == 2


def test_dry_run_counts_and_writes_nothing(coded, people, personas, org):
    YearGrade.objects.create(organization=org, person=people["staff"], year=2022, grade="HTNV")
    before = snapshot()
    data = grades_file([coded["staff"], "", 2022, "HTXS"], [coded["dat"], "", 2022, "HTT"])
    result = run_import(
        KINDS["grades"], data, organization=org, user=personas["secretary"], dry_run=True
    )
    assert (result.rows, result.created, result.updated) == (2, 1, 1)
    assert snapshot() == before


def test_name_column_may_be_left_out(coded, people, org):
    data = xlsx([["Xếp loại", "Năm", "Mã cán bộ"], ["HTT", 2022, coded["dat"]]])
    run_import(KINDS["grades"], data, organization=org)
    assert YearGrade.objects.get().person == people["dat"]


def test_numeric_staff_code_cell_is_read_as_text(org, people, personas):
    people["staff"].staff_code = "123"
    people["staff"].save()
    run_import(KINDS["grades"], grades_file([123, "", 2022, "HTT"]), organization=org)
    assert YearGrade.objects.get().person == people["staff"]


# Round trips: template → fill → import → export gives the same rows ---------------------------


def fill_template(kind, rows) -> bytes:
    book = load_workbook(io.BytesIO(template_bytes(KINDS[kind])))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def round_trip(kind, rows, org, user, year=2022):
    run_import(KINDS[kind], fill_template(kind, rows), organization=org, user=user)
    header, exported = read_back(export_bytes(KINDS[kind], org, year))
    assert list(header) == headers(kind)
    # Importing the export again changes nothing: every row is an update to itself.
    before = snapshot()
    again = run_import(
        KINDS[kind], export_bytes(KINDS[kind], org, year), organization=org, user=user
    )
    assert again.created == 0
    after = snapshot()
    before.pop("LogEntry"), after.pop("LogEntry")
    assert after == before
    return sorted(exported, key=repr)


def same(rows):
    return sorted(rows, key=repr)


def test_round_trip_grades(coded, personas, org):
    rows = [
        (coded["head"], "Lê Văn Sơn", 2022, "HTT"),
        (coded["dat"], "Nguyễn Văn Đạt", 2022, "HTXS"),
        (coded["staff"], "Trần Thị Hoa", 2022, "HTNV"),
    ]
    assert round_trip("grades", rows, org, personas["secretary"]) == same(rows)


def test_round_trip_staff(units, personas, org):
    rows = [
        ("00201", "Đặng Thị Thu", "Nữ", date(1985, 3, 1), "ThS", "Giảng viên", "Giảng viên",
         "Có", "Có", date(2010, 9, 1), None, "thu@example.vn", "0912345678", "Khoa Dân vận",
         "042085001234"),
        ("00202", "Bùi Văn An", "Nam", None, None, None, "Viên chức, nhân viên",
         "Không", "Không", date(2012, 1, 1), None, None, None, "Khoa Xây dựng Đảng", None),
    ]  # fmt: skip
    exported = round_trip("staff", rows, org, personas["secretary"])
    assert exported == same(rows)
    person = Person.objects.get(staff_code="00201")
    assert (person.family_and_middle, person.given) == ("Đặng Thị", "Thu")
    assert person.assignments.current().get().unit == units["b"]


def test_round_trip_units(units, personas, org):
    rows = [("Phòng Đào tạo", "Phòng", None, 5), ("Tổ Lý luận", "Khác", "Phòng Đào tạo", 1)]
    exported = round_trip("units", rows, org, personas["secretary"])
    assert [r for r in exported if r[0] in ("Phòng Đào tạo", "Tổ Lý luận")] == same(rows)
    assert Unit.objects.get(name="Tổ Lý luận").parent.name == "Phòng Đào tạo"


def test_round_trip_initiatives(coded, personas, org):
    rows = [
        ("Giải pháp A", 2022, "Cấp cơ sở", "Hội đồng Khoa học", "12/QĐ", date(2022, 11, 20),
         "{}:60; {}:40".format(coded["staff"], coded["dat"]), "Toàn trường"),
        ("Giải pháp B", 2022, "Cấp tỉnh/bộ", None, None, None, "{}:100".format(coded["head"]),
         None),
    ]  # fmt: skip
    assert round_trip("initiatives", rows, org, personas["secretary"]) == same(rows)
    initiative = Initiative.objects.get(title="Giải pháp A")
    assert initiative.verification == Verification.VERIFIED
    assert sorted(initiative.authorships.values_list("share", flat=True)) == [40, 60]


def test_round_trip_discipline(coded, personas, org):
    rows = [
        (coded["dat"], "Nguyễn Văn Đạt", "Khiển trách", "05/QĐ-KL", date(2022, 3, 1),
         date(2023, 3, 1), "Không"),
        # A review under way: no decision yet, the day it began (NĐ 98/2023 Điều 4 khoản 4).
        (coded["staff"], "Trần Thị Hoa", "Cảnh cáo", None, date(2022, 11, 2), None, "Có"),
    ]  # fmt: skip
    assert round_trip("discipline", rows, org, personas["secretary"]) == same(rows)
    assert Discipline.objects.get(form="canh_cao").pending is True


def test_round_trip_leave(coded, personas, org):
    rows = [
        (coded["staff"], "Trần Thị Hoa", "Nghỉ thai sản", date(2022, 2, 1), date(2022, 7, 31),
         None),
        # Treatment of an injury, certified by a district health facility (TT 01/2024/TT-BNV).
        (coded["dat"], "Nguyễn Văn Đạt", "Điều trị thương", date(2022, 9, 5), date(2022, 9, 20),
         "Có"),
    ]  # fmt: skip
    assert round_trip("leave", rows, org, personas["secretary"]) == same(rows)
    assert Leave.objects.get(kind="injury").certified is True
    assert Leave.objects.get(kind="maternity").certified is None


# Bad input: a clear message, and the database unchanged ---------------------------------------


def refused(kind, data, org, user=None) -> list[str]:
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        run_import(KINDS[kind], data, organization=org, user=user)
    assert snapshot() == before
    return caught.value.errors


def formula_without_value(sheet):
    sheet["C2"] = "=2000+22"


BAD_GRADES = {
    "wrong header": (
        [["Mã CB", "Họ và tên", "Năm", "Xếp loại"], ["00101", "", 2022, "HTT"]],
        {},
        "tiêu đề «Mã CB» không có trong mẫu",
    ),
    "missing header": (
        [["Mã cán bộ", "Năm"], ["00101", 2022]],
        {},
        "thiếu cột «Xếp loại»",
    ),
    "wrong type": (
        [headers("grades"), ["00101", "", "hai nghìn", "HTT"]],
        {},
        "dòng 2, cột C (Năm): phải là số nguyên",
    ),
    "year as a date": (
        [headers("grades"), ["00101", "", datetime(2022, 1, 1), "HTT"]],
        {},
        "dòng 2, cột C (Năm): phải là số, không phải ngày",
    ),
    "merged header": (
        [["Mã cán bộ", "Họ và tên", None, "Năm", "Xếp loại"], ["00101", "", "", 2022, "HTT"]],
        {"merge": "B1:C1"},
        "dòng 1, cột C: ô tiêu đề trống (thường do gộp ô)",
    ),
    "formula without cached value": (
        [headers("grades"), ["00101", "", None, "HTT"]],
        {"sheet_setup": formula_without_value},
        "dòng 2, cột C: ô có công thức «=2000+22» nhưng chưa có giá trị tính sẵn",
    ),
    "unknown person": (
        [headers("grades"), ["09999", "", 2022, "HTT"]],
        {},
        "dòng 2, cột A (Mã cán bộ): không có cán bộ mã «09999» trong TCTTN.",
    ),
    "leading zeros lost": (
        [headers("grades"), [101, "", 2022, "HTT"]],
        {},
        "không có cán bộ mã «101» (mất số 0 ở đầu? hãy ghi mã dạng chữ)",
    ),
    "grade that does not exist": (
        [headers("grades"), ["00101", "", 2022, "XUATSAC"]],
        {},
        "dòng 2, cột D (Xếp loại): «XUATSAC» không có; dùng một trong: HTXS, HTT, HTNV, KHTNV",
    ),
    "duplicate in the file": (
        [headers("grades"), ["00101", "", 2022, "HTT"], ["00101", "", 2022, "HTXS"]],
        {},
        "dòng 3: trùng với dòng 2 (cùng cán bộ và năm).",
    ),
    "another organisation's person": (
        [headers("grades"), ["77777", "", 2022, "HTT"]],
        {},
        "dòng 2, cột A (Mã cán bộ): cán bộ mã «77777» thuộc cơ quan khác, không nhập được vào "
        "TCTTN.",
    ),
    "header only": ([headers("grades")], {}, "không có dòng dữ liệu nào"),
    "year out of range": (
        [headers("grades"), ["00101", "", 20222, "HTT"]],
        {},
        "dòng 2, cột C (Năm): năm 20222 nằm ngoài khoảng",
    ),
}


@pytest.mark.parametrize("case", list(BAD_GRADES))
def test_bad_grades_files_are_refused_without_a_trace(case, coded, personas, org):
    outsider = personas["outsider"].person
    outsider.staff_code = "77777"
    outsider.save()
    rows, options, expected = BAD_GRADES[case]
    errors = refused("grades", xlsx(rows, **options), org, personas["secretary"])
    assert any(expected in error for error in errors), errors


def test_one_bad_row_refuses_the_others_and_every_error_is_listed(coded, personas, org):
    data = grades_file(
        [coded["staff"], "", 2022, "HTT"],
        ["00999", "", 2022, "HTT"],
        [coded["dat"], "", "abc", "HTQ"],
    )
    errors = refused("grades", data, org, personas["secretary"])
    assert errors == [
        "dòng 3, cột A (Mã cán bộ): không có cán bộ mã «00999» trong TCTTN.",
        "dòng 4, cột C (Năm): phải là số nguyên.",
        "dòng 4, cột D (Xếp loại): «HTQ» không có; dùng một trong: HTXS, HTT, HTNV, KHTNV",
    ]


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Write a formula's cached value into the sheet, as Excel does when it saves a file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for formula, value in values.items():
                    content = content.replace(
                        "<f>{}</f><v></v>".format(formula).encode(),
                        "<f>{}</f><v>{}</v>".format(formula, value).encode(),
                    )
            target.writestr(item, content)
    return buffer.getvalue()


def test_formula_cells_are_read_as_their_cached_values(coded, people, org):
    data = xlsx(
        [headers("grades"), [coded["dat"], "", None, "HTT"]], sheet_setup=formula_without_value
    )
    run_import(KINDS["grades"], with_cached_values(data, {"2000+22": "2022"}), organization=org)
    assert YearGrade.objects.get().year == 2022


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "Tệp rỗng"),
        (b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF", "không phải bảng tính Excel"),
        ("Mã cán bộ,Năm\n00101,2022\n".encode(), "không phải bảng tính Excel"),
        (b"PK\x03\x04" + b"\x00garbage" * 100, "không phải bảng tính Excel"),
        (bytes(range(256)) * (MAX_UPLOAD_BYTES // 256), "không phải bảng tính Excel"),
        (b"\x00" * (MAX_UPLOAD_BYTES + 1), "Tệp quá lớn (10.0 MB); giới hạn là 10 MB."),
    ],
    ids=["empty", "pdf", "text", "broken zip", "10 MB of garbage", "over 10 MB"],
)
def test_files_that_are_not_spreadsheets(data, expected, coded, personas, org):
    errors = refused("grades", data, org, personas["secretary"])
    assert len(errors) == 1 and expected in errors[0]


def test_impossible_date(coded, personas, org):
    data = xlsx([headers("leave"), [coded["staff"], "", "Nghỉ ốm", "31/02/2022", "05/03/2022"]])
    errors = refused("leave", data, org, personas["secretary"])
    assert errors == [
        "dòng 2, cột D (Từ ngày): ngày không hợp lệ; ghi theo dạng dd/mm/yyyy (ví dụ 31/12/2022)."
    ]


def test_dates_as_text_are_read_as_day_month_year(coded, people, personas, org):
    data = xlsx([headers("leave"), [coded["staff"], "", "sick", "01/02/2022", "05/02/2022"]])
    run_import(KINDS["leave"], data, organization=org, user=personas["secretary"])
    leave = Leave.objects.get()
    assert (leave.started_on, leave.ended_on, leave.kind) == (
        date(2022, 2, 1),
        date(2022, 2, 5),
        "sick",
    )


def test_initiative_level_that_does_not_exist(coded, personas, org):
    data = xlsx(
        [headers("initiatives"), ["Giải pháp", 2022, "quoc_te", "", "", "", coded["staff"]]]
    )
    errors = refused("initiatives", data, org, personas["secretary"])
    assert errors == [
        "dòng 2, cột C (Cấp công nhận): «quoc_te» không có; dùng một trong: Cấp cơ sở, "
        "Cấp tỉnh/bộ, Toàn quốc"
    ]


def test_initiative_authors_checked(coded, personas, org):
    data = xlsx(
        [
            headers("initiatives"),
            ["A", 2022, "co_so", "", "", "", "{}:70; {}:50".format(coded["staff"], coded["dat"])],
            ["B", 2022, "co_so", "", "", "", "{}; {}".format(coded["staff"], coded["dat"])],
            ["C", 2022, "co_so", "", "", "", ""],
        ]
    )
    errors = refused("initiatives", data, org, personas["secretary"])
    assert errors[0] == "dòng 2, cột G (Tác giả): tổng tỷ lệ các tác giả là 120%, vượt 100%."
    assert errors[1].startswith("dòng 3, cột G (Tác giả): thiếu tỷ lệ của tác giả «00101»")
    assert errors[-1].startswith("dòng 4, cột G (Tác giả): cần ít nhất một tác giả")


def test_staff_unknown_unit_and_bad_name(coded, personas, org):
    data = xlsx(
        [
            headers("staff"),
            ["00301", "Đỗ Văn Bình", "Nam", "", "", "", "Giảng viên", "", "", "", "", "", "",
             "Khoa Không Có"],
            ["00302", "Đỗ", "Nam", "", "", "", "Giảng viên", "", "", "", "", "thư", "",
             "Khoa Dân vận"],
        ]
    )  # fmt: skip
    errors = refused("staff", data, org, personas["secretary"])
    assert (
        "dòng 2, cột N (Đơn vị): không có khoa, phòng nào tên «Khoa Không Có» trong TCTTN."
        in errors
    )
    assert any(e.startswith("dòng 3, cột B (Họ và tên):") for e in errors), errors
    assert "dòng 3, cột L (Thư điện tử): địa chỉ thư điện tử không hợp lệ." in errors


def test_staff_names_are_normalised_to_nfc(units, personas, org):
    decomposed = "Nguye\u0302\u0303n Va\u0306n  Đu\u031b\u0301c"
    data = xlsx(
        [headers("staff"), ["00401", decomposed, "Nam", "", "", "", "Giảng viên", "", "", "", "",
                            "", "", "khoa dân vận"]]
    )  # fmt: skip
    run_import(KINDS["staff"], data, organization=org, user=personas["secretary"])
    person = Person.objects.get(staff_code="00401")
    assert (person.family_and_middle, person.given) == ("Nguyễn Văn", "Đức")


def test_unit_parent_unknown(org, units, personas):
    data = xlsx([headers("units"), ["Tổ A", "Khác", "Phòng Ma", ""]])
    errors = refused("units", data, org, personas["secretary"])
    assert errors[0].startswith("dòng 2, cột C (Đơn vị cấp trên): không có đơn vị «Phòng Ma»")


# Commands -------------------------------------------------------------------------------------


def test_import_command(tmp_path, coded, personas, org):
    path = tmp_path / "grades.xlsx"
    path.write_bytes(grades_file([coded["staff"], "", 2022, "HTT"]))
    out = io.StringIO()
    call_command("import_xlsx", "grades", str(path), "--dry-run", "--user", "thuky", stdout=out)
    assert "1 thêm mới" in out.getvalue() and not YearGrade.objects.exists()
    call_command("import_xlsx", "grades", str(path), "--organization", "TCTTN", stdout=out)
    assert YearGrade.objects.get().verification == Verification.PROPOSED


def test_the_operator_imports_units_without_user_and_a_staff_member_is_refused(tmp_path, org,
                                                                               personas):
    """`import_xlsx KIND FILE` (the README's interface) needs no --user: the server's operator
    writes as the system; a named user is asked their permission like on screen."""
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx([headers("units"), ["Tổ Tin học", "Khác", "", ""]]))
    with pytest.raises(CommandError, match="Chỉ Thường trực Hội đồng"):
        call_command("import_xlsx", "units", str(path), "--user", "canbo", stdout=io.StringIO())
    assert not Unit.objects.filter(name="Tổ Tin học").exists()
    out = io.StringIO()
    call_command("import_xlsx", "units", str(path), "--organization", "TCTTN", stdout=out)
    assert "1 thêm mới" in out.getvalue() and Unit.objects.filter(name="Tổ Tin học").exists()


def test_import_command_errors_exit_1(tmp_path, coded, personas, org):
    path = tmp_path / "grades.xlsx"
    path.write_bytes(grades_file(["00999", "", 2022, "HTT"]))
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_xlsx", "grades", str(path), "--organization", "TCTTN")
    assert "dòng 2, cột A (Mã cán bộ): không có cán bộ mã «00999»" in str(caught.value)
    with pytest.raises(CommandError, match="Loại dữ liệu «diem» không có"):
        call_command("import_xlsx", "diem", str(path), "--organization", "TCTTN")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command(
            "import_xlsx", "grades", str(tmp_path / "none.xlsx"), "--organization", "TCTTN"
        )
    assert snapshot() == before


def test_export_command(tmp_path, coded, people, personas, org):
    YearGrade.objects.create(organization=org, person=people["dat"], year=2022, grade="HTXS")
    output = tmp_path / "out.xlsx"
    call_command(
        "export_xlsx", "grades", "--year", "2022", "--output", str(output),
        "--organization", "TCTTN", stdout=io.StringIO(),
    )  # fmt: skip
    assert read_back(output.read_bytes())[1] == [(coded["dat"], "Nguyễn Văn Đạt", 2022, "HTXS")]


# The page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "unit_head", "council_member", "principal", "leader"])
def test_page_only_for_personnel_editors(client, personas, who):
    client.force_login(personas[who])
    assert client.get("/spreadsheets/").status_code == 403
    assert client.get("/spreadsheets/template/grades.xlsx").status_code == 403
    assert client.get("/spreadsheets/export/?kind=grades&year=2022").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/spreadsheets/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def upload(client, kind, data, name="tep.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post("/spreadsheets/", {"action": "preview", "kind": kind, "file": file})


def test_preview_then_confirm(client, coded, people, personas, org):
    client.force_login(personas["secretary"])
    page = client.get("/spreadsheets/")
    assert page.status_code == 200 and "Nhập từ tệp Excel" in page.content.decode()
    response = upload(client, "grades", grades_file([coded["staff"], "", 2022, "HTT"]))
    body = response.content.decode()
    assert "Kết quả kiểm tra" in body and "Xác nhận nhập" in body
    assert not YearGrade.objects.exists()
    response = client.post("/spreadsheets/", {"action": "confirm"}, follow=True)
    assert "Đã nhập xếp loại chất lượng cán bộ" in response.content.decode()
    assert YearGrade.objects.get().verification == Verification.VERIFIED
    # The kept file is gone: confirming again imports nothing.
    response = client.post("/spreadsheets/", {"action": "confirm"}, follow=True)
    assert "Không còn tệp đã kiểm tra" in response.content.decode()


@pytest.fixture
def pending_dir(tmp_path, monkeypatch):
    """Keep the files waiting for confirmation in this test's own directory."""
    from thidua.spreadsheets import views

    path = tmp_path / "thidua-imports"
    monkeypatch.setattr(views, "PENDING_DIR", path)
    return path


def test_preview_lists_errors_and_offers_no_confirmation(client, coded, personas, org, pending_dir):
    client.force_login(personas["secretary"])
    # A good file previewed first waits on the server; the refused one replaces it, and nothing
    # is left to confirm.
    upload(client, "grades", grades_file([coded["staff"], "", 2022, "HTT"]))
    assert len(list(pending_dir.iterdir())) == 1
    before = snapshot()
    response = upload(client, "grades", grades_file(["00999", "", 2022, "HTT"]))
    body = response.content.decode()
    assert "dòng 2, cột A (Mã cán bộ): không có cán bộ mã «00999» trong TCTTN." in body
    assert "Xác nhận nhập" not in body
    assert snapshot() == before
    assert list(pending_dir.iterdir()) == []
    response = client.post("/spreadsheets/", {"action": "confirm"}, follow=True)
    assert "Không còn tệp đã kiểm tra" in response.content.decode()
    assert snapshot() == before


def test_upload_over_the_limit(client, personas):
    client.force_login(personas["secretary"])
    response = upload(client, "grades", b"\x00" * (MAX_UPLOAD_BYTES + 1))
    assert "Tệp quá lớn (10.0 MB); giới hạn là 10 MB." in response.content.decode()


def test_template_and_export_downloads(client, coded, people, personas, org):
    YearGrade.objects.create(organization=org, person=people["dat"], year=2022, grade="HTXS")
    client.force_login(personas["secretary"])
    response = client.get("/spreadsheets/template/staff.xlsx")
    assert response.status_code == 200
    assert read_back(response.content)[0] == tuple(headers("staff"))
    response = client.get("/spreadsheets/export/?kind=grades&year=2022")
    assert "grades-TCTTN-2022.xlsx" in response["Content-Disposition"]
    assert read_back(response.content)[1] == [(coded["dat"], "Nguyễn Văn Đạt", 2022, "HTXS")]


def test_outsider_secretary_exports_only_their_organisation(client, coded, people, personas, org):
    YearGrade.objects.create(organization=org, person=people["dat"], year=2022, grade="HTXS")
    client.force_login(personas["outsider"])
    response = client.get("/spreadsheets/export/?kind=grades&year=2022")
    assert read_back(response.content)[1] == []


def test_the_staff_import_writes_one_audit_entry_per_person_changed(units, personas, org):
    """Bulk writes bypass django-auditlog's signals: the import writes each person's entry
    itself — one per person created or changed, only the changed fields, the unit move in it
    — and none for a person the file leaves as stored."""
    from thidua.audit.views import LogEntryTable

    def staff_file(position, unit):
        return xlsx([headers("staff"),
                     ["00501", "Đặng Thị Thu", "Nữ", "", "", position, "Giảng viên", "", "",
                      date(2010, 9, 1), "", "", "", unit],
                     ["00502", "Bùi Văn An", "Nam", "", "", "", "Giảng viên", "", "",
                      date(2012, 1, 1), "", "", "", "Khoa Dân vận"]])  # fmt: skip

    secretary = personas["secretary"]
    run_import(KINDS["staff"], staff_file("Giảng viên", "Khoa Dân vận"), organization=org,
               user=secretary)  # fmt: skip
    thu, an = Person.objects.get(staff_code="00501"), Person.objects.get(staff_code="00502")

    def log(person):
        return list(
            LogEntry.objects.get_for_object(person).order_by("pk").values_list(
                "action", "changes", "actor"
            )
        )

    [(action, changes, actor)] = log(thu)
    assert action == LogEntry.Action.CREATE and actor == secretary.pk
    assert changes["position"] == ["None", "Giảng viên"]
    assert changes["unit"] == ["None", str(units["b"])]
    assert "sort_key" not in changes and "search_text" not in changes and "left_on" not in changes
    assert not LogEntry.objects.get_for_objects(
        Assignment.objects.filter(person__in=[thu, an])
    ).exists()  # the move is the person's entry, not a second one

    # Thu is promoted and moves; An is left as stored.
    run_import(KINDS["staff"], staff_file("Trưởng khoa", "Khoa Xây dựng Đảng"),
               organization=org, user=secretary)  # fmt: skip
    assert len(log(an)) == 1
    [_, (action, changes, _)] = log(thu)
    assert action == LogEntry.Action.UPDATE
    assert changes == {
        "position": ["Giảng viên", "Trưởng khoa"],
        "unit": [str(units["b"]), str(units["a"])],
    }
    # The audit log names the move as people read it.
    entry = LogEntry.objects.get_for_object(thu).latest("pk")
    shown = LogEntryTable([]).render_changes(entry)
    assert "đơn vị công tác: {} → {}".format(units["b"], units["a"]) in shown
    assert "chức vụ: Giảng viên → Trưởng khoa" in shown
