"""Spreadsheets made the way Vietnamese offices keep them (issue 14): a title block with merged
cells, an empty row, the header on row 6 in the office's own words, an STT column, dates typed as
text, names typed with stray spaces or in decomposed Unicode, hyphens for en dashes, and a total,
a place and date and signatures below the table.
"""

import io
import unicodedata
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from thidua.evidence.models import Initiative, Verification, YearGrade
from thidua.organization.models import Person, Unit
from thidua.spreadsheets.engine import HEADER_SCAN_ROWS, ImportRefused, parse_date, run_import
from thidua.spreadsheets.kinds import KINDS, export_bytes

from .test_spreadsheets import give_staff_codes, read_back, snapshot

TITLE = "DANH SÁCH CÁN BỘ, VIÊN CHỨC NĂM 2022"


def office_file(header, rows, *, title=TITLE, footer=True, numbering=False) -> bytes:
    """Return an XLSX laid out as an office types it: title block on rows 1–4 (merged), row 5
    empty, the header on row 6, the data, then a total, a place and date and signatures."""
    book = Workbook()
    sheet = book.active
    width = len(header)
    last = sheet.cell(row=1, column=width).column_letter
    sheet["A1"] = "TỈNH ỦY HÀ TĨNH"
    sheet["A2"] = "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ"
    sheet["A3"] = title
    sheet["A4"] = "(Kèm theo Công văn số 12/TCT ngày 05/01/2023)"
    for line in range(1, 5):
        sheet.merge_cells("A{0}:{1}{0}".format(line, last))
    sheet.append([])  # the cursor is on row 4 after the merged cells; row 5 stays empty
    for index, value in enumerate(header, start=1):
        sheet.cell(row=6, column=index, value=value)
    line = 7
    if numbering:
        for index in range(1, width + 1):
            sheet.cell(row=line, column=index, value="({})".format(index))
        line += 1
    for row in rows:
        for index, value in enumerate(row, start=1):
            sheet.cell(row=line, column=index, value=value)
        line += 1
    if footer:
        sheet.cell(row=line, column=1, value="Tổng cộng: {} người".format(len(rows)))
        sheet.cell(row=line + 2, column=width - 1, value="Hà Tĩnh, ngày 20 tháng 12 năm 2022")
        sheet.cell(row=line + 3, column=2, value="NGƯỜI LẬP BIỂU")
        sheet.cell(row=line + 3, column=width - 1, value="THỦ TRƯỞNG ĐƠN VỊ")
        sheet.cell(row=line + 4, column=2, value="(Ký, ghi rõ họ tên)")
        sheet.cell(row=line + 7, column=2, value="Hoàng Minh Quang")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def refused(kind, data, org, user=None, **options) -> ImportRefused:
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        run_import(KINDS[kind], data, organization=org, user=user, **options)
    assert snapshot() == before
    return caught.value


@pytest.fixture
def coded(people):
    return give_staff_codes(people)


# People ----------------------------------------------------------------------------------------

STAFF_HEADER = [
    "STT", "Mã số cán bộ", "Họ và tên", "Nam/Nữ", "Ngày, tháng, năm sinh", "Ngạch",
    "Ngày tuyển dụng", "Đơn vị công tác", "Ghi chú",
]  # fmt: skip


def test_office_staff_list_is_read_as_the_office_typed_it(units, personas, org):
    rows = [
        (1, "00301", nfd("  Đặng  Thị Thu "), "Nữ", "12/05/1975", "Giảng viên", "01-09-2010",
         "Phòng Tổ chức - Hành chính", ""),
        (2, "00302", "Bùi Văn An", "Nam", date(1980, 3, 2), "Viên chức, nhân viên",
         "ngày 5 tháng 1 năm 2012", "khoa dan van", "mới chuyển đến"),
        (3, "00303", nfd("Nguyễn Thị Mỹ Hạnh"), "Nữ", "3.4.1990", "Giảng viên", "1/2/15",
         "Khoa Xây dựng Đảng", None),
    ]  # fmt: skip
    data = office_file(STAFF_HEADER, rows, numbering=True)
    result = run_import(KINDS["staff"], data, organization=org, user=personas["secretary"])
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    thu = Person.objects.get(staff_code="00301")
    assert (thu.family_and_middle, thu.given) == ("Đặng Thị", "Thu")
    assert unicodedata.is_normalized("NFC", thu.family_and_middle)
    assert (thu.birth_date, thu.hired_on, thu.gender) == (date(1975, 5, 12), date(2010, 9, 1), "F")
    assert thu.assignments.current().get().unit == units["office"]
    assert Unit.objects.filter(name__contains="Tổ chức").count() == 1  # no second unit
    an = Person.objects.get(staff_code="00302")
    assert (an.birth_date, an.hired_on, an.category) == (
        date(1980, 3, 2),
        date(2012, 1, 5),
        "staff",
    )
    assert an.assignments.current().get().unit == units["b"]
    hanh = Person.objects.get(staff_code="00303")
    assert (hanh.family_and_middle, hanh.given) == ("Nguyễn Thị Mỹ", "Hạnh")
    assert (hanh.birth_date, hanh.hired_on) == (date(1990, 4, 3), date(2015, 2, 1))
    assert result.reading == [
        "Dòng tiêu đề cột: dòng 6.",
        "Đã đọc 3 dòng dữ liệu, từ dòng 8 đến dòng 10.",
        "Cột A («STT»): bỏ qua (số thứ tự).",
        "Cột I («Ghi chú»): bỏ qua (ghi chú).",
        "Bỏ qua dòng 1–5: tiêu đề của văn bản.",
        "Bỏ qua dòng 7: dòng đánh số cột.",
        "Bỏ qua dòng 11: dòng tổng cộng.",
        "Bỏ qua dòng 12: dòng trống.",
        "Bỏ qua dòng 13–15: phần ký tên cuối văn bản.",
        "Bỏ qua dòng 16–17: dòng trống.",
        "Bỏ qua dòng 18: phần cuối văn bản, sau bảng.",
    ]


def test_columns_an_office_list_leaves_out_keep_what_is_stored(coded, people, personas, org):
    people["dat"].email, people["dat"].phone = "dat@example.vn", "0912000111"
    people["dat"].save()
    rows = [(1, coded["dat"], "Nguyễn Văn Đạt", "Nam", "", "Giảng viên", "", "Khoa Xây dựng Đảng")]
    result = run_import(
        KINDS["staff"], office_file(STAFF_HEADER[:-1], rows), organization=org,
        user=personas["secretary"],
    )  # fmt: skip
    assert (result.created, result.updated) == (0, 1)
    dat = Person.objects.get(pk=people["dat"].pk)
    # Absent columns keep what is stored; a column present with an empty cell empties it.
    assert (dat.email, dat.phone, dat.hired_on) == ("dat@example.vn", "0912000111", None)


def test_staff_code_typed_as_a_number_is_not_a_second_person(coded, people, personas, org):
    rows = [(1, 101, "Trần Thị Hoa", "Nữ", "", "Giảng viên", "", "Khoa Xây dựng Đảng")]
    error = refused("staff", office_file(STAFF_HEADER[:-1], rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 7, cột B (Mã cán bộ): mã «101» chưa có, nhưng đã có cán bộ mã «00101» (Trần Thị "
        "Hoa): Excel đã bỏ số 0 ở đầu? Hãy ghi mã dạng chữ «00101»; không tạo thêm một cán bộ mới."
    ]
    assert "Dòng tiêu đề cột: dòng 6." in error.reading


def test_code_with_leading_zeros_stays_text(units, personas, org):
    rows = [(1, "00032", "Võ Văn Bình", "Nam", "", "Giảng viên", "", "Khoa Dân vận")]
    run_import(
        KINDS["staff"], office_file(STAFF_HEADER[:-1], rows), organization=org,
        user=personas["secretary"],
    )  # fmt: skip
    assert Person.objects.filter(staff_code="00032").exists()


def test_near_unit_name_is_suggested(coded, personas, org):
    rows = [(1, "00401", "Lê Thị Mai", "Nữ", "", "Giảng viên", "", "Phòng Tổ chức Hành chánh")]
    error = refused("staff", office_file(STAFF_HEADER[:-1], rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 7, cột H (Đơn vị): không có khoa, phòng nào tên «Phòng Tổ chức Hành chánh» trong "
        "TCTTN. Có phải «Phòng Tổ chức – Hành chính» không?"
    ]


def test_unit_far_from_every_name_has_no_suggestion(coded, personas, org):
    rows = [(1, "00401", "Lê Thị Mai", "Nữ", "", "Giảng viên", "", "Ban Tuyên giáo")]
    error = refused("staff", office_file(STAFF_HEADER[:-1], rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 7, cột H (Đơn vị): không có khoa, phòng nào tên «Ban Tuyên giáo» trong TCTTN."
    ]


# Units -----------------------------------------------------------------------------------------


def test_office_unit_list(units, personas, org):
    header = ["TT", "Tên khoa, phòng", "Loại đơn vị", "Trực thuộc", "Thứ tự"]
    rows = [
        (1, "Phòng Đào tạo - Quản lý khoa học", "Phòng", "", 4),
        (2, " Tổ Lý luận ", "Khác", "Phòng Đào tạo – Quản lý khoa học", 1),
        (3, "Phòng Tổ chức - Hành chính", "Phòng", "", 3),
    ]
    result = run_import(
        KINDS["units"], office_file(header, rows, title="DANH SÁCH ĐƠN VỊ"), organization=org,
        user=personas["secretary"],
    )  # fmt: skip
    assert (result.rows, result.created, result.updated) == (3, 2, 1)
    assert Unit.objects.get(name="Tổ Lý luận").parent.name == "Phòng Đào tạo - Quản lý khoa học"
    # The stored en dash is kept: a hyphen typed for it is the same unit, not a rename.
    assert Unit.objects.get(pk=units["office"].pk).name == "Phòng Tổ chức – Hành chính"
    assert Unit.objects.get(pk=units["office"].pk).position == 3


# Grades and initiatives ------------------------------------------------------------------------


def test_office_grades_list(coded, people, personas, org):
    header = ["Số TT", "Mã CBVC", "Họ tên", "Năm đánh giá", "Kết quả xếp loại"]
    rows = [
        (1, coded["staff"], nfd(" Trần Thị Hoa "), 2022, "Hoàn thành xuất sắc nhiệm vụ"),
        (2, coded["dat"], "Nguyễn Văn Đạt", "2022", "HTT"),
    ]
    data = office_file(header, rows, title="KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2022")
    result = run_import(KINDS["grades"], data, organization=org, user=personas["secretary"])
    assert (result.rows, result.created) == (2, 2)
    assert YearGrade.objects.get(person=people["staff"], year=2022).grade == "HTXS"
    assert YearGrade.objects.get(person=people["dat"]).verification == Verification.VERIFIED
    assert "Bỏ qua dòng 9: dòng tổng cộng." in result.reading


def test_office_initiatives_list(coded, people, personas, org):
    header = [
        "STT", "Tên sáng kiến, giải pháp", "Năm", "Cấp", "Đơn vị công nhận", "Số QĐ",
        "Ngày QĐ", "Tác giả, đồng tác giả",
    ]  # fmt: skip
    rows = [
        (1, nfd("Đổi mới  phương pháp giảng dạy "), 2022, "Cấp cơ sở", "Hội đồng khoa học",
         "15/QĐ-TCT", "15.03.2022", "{}:100".format(coded["head"])),
    ]  # fmt: skip
    data = office_file(header, rows, title="DANH SÁCH SÁNG KIẾN NĂM 2022")
    result = run_import(KINDS["initiatives"], data, organization=org, user=personas["secretary"])
    assert result.created == 1
    initiative = Initiative.objects.get()
    assert initiative.title == "Đổi mới phương pháp giảng dạy"
    assert (initiative.decided_on, initiative.decision_number) == (date(2022, 3, 15), "15/QĐ-TCT")
    assert list(initiative.authorships.values_list("person", flat=True)) == [people["head"].pk]


def test_ambiguous_header_is_reported_not_guessed(coded, personas, org):
    header = ["STT", "Tên sáng kiến", "Năm công nhận", "Cấp công nhận", "Số, ngày quyết định",
              "Tác giả"]  # fmt: skip
    rows = [(1, "Sáng kiến A", 2022, "Cấp cơ sở", "15/QĐ-TCT ngày 15/3/2022",
             "{}:100".format(coded["head"]))]  # fmt: skip
    error = refused("initiatives", office_file(header, rows), org, personas["secretary"])
    assert error.errors[0] == (
        "dòng 6, cột E: tiêu đề «Số, ngày quyết định» có thể là cột «Số quyết định» hoặc «Ngày "
        "quyết định»; không tự đoán: hãy đổi tên cột trong tệp theo mẫu (nhập bằng lệnh: --map "
        '"Số, ngày quyết định=tên cột").'
    )


def test_table_that_cannot_be_found(coded, personas, org):
    header = ["Thứ nhất", "Thứ hai", "Thứ ba"]
    error = refused("grades", office_file(header, [("a", "b", "c")]), org, personas["secretary"])
    assert error.errors == [
        "Không tìm thấy dòng tiêu đề của bảng: trong cả 15 dòng của trang tính thứ nhất không "
        "dòng nào có tên cột của mẫu.",
        "Cần một dòng tiêu đề có các cột: «Mã cán bộ» (hoặc «Mã số cán bộ», «Mã CBVC», «Mã viên "
        "chức», «Mã nhân sự», «Mã số»); «Năm» (hoặc «Năm xét», «Năm đánh giá»); «Xếp loại» (hoặc "
        "«Kết quả xếp loại», «Xếp loại chất lượng», «Mức xếp loại», «Kết quả đánh giá, xếp "
        "loại»).",
    ]


def test_header_beyond_the_scanned_rows_is_not_found(coded, personas, org):
    book = Workbook()
    sheet = book.active
    sheet.cell(row=HEADER_SCAN_ROWS + 1, column=1, value="Mã cán bộ")
    sheet.cell(row=HEADER_SCAN_ROWS + 1, column=2, value="Năm")
    sheet.cell(row=HEADER_SCAN_ROWS + 1, column=3, value="Xếp loại")
    sheet["A1"] = TITLE
    buffer = io.BytesIO()
    book.save(buffer)
    error = refused("grades", buffer.getvalue(), org, personas["secretary"])
    assert error.errors[0] == (
        "Không tìm thấy dòng tiêu đề của bảng: trong {} dòng đầu của trang tính thứ nhất không "
        "dòng nào có tên cột của mẫu.".format(HEADER_SCAN_ROWS)
    )


def test_unknown_header_lists_what_is_accepted(coded, personas, org):
    header = ["STT", "Mã cán bộ", "Năm", "Đánh giá"]
    error = refused("grades", office_file(header, [(1, coded["staff"], 2022, "HTT")]), org)
    assert error.errors == [
        "dòng 6, cột D: tiêu đề «Đánh giá» không có trong mẫu.",
        "dòng 6: thiếu cột «Xếp loại».",
        "Các cột của mẫu: Mã cán bộ, Họ và tên, Năm, Xếp loại.",
        "Tên cột được chấp nhận cho các cột còn thiếu: «Xếp loại» (hoặc «Kết quả xếp loại», "
        "«Xếp loại chất lượng», «Mức xếp loại», «Kết quả đánh giá, xếp loại»).",
    ]


def test_data_after_an_empty_row_is_refused_not_dropped(coded, personas, org):
    book = Workbook()
    sheet = book.active
    for row in (["Mã cán bộ", "Năm", "Xếp loại"], [coded["staff"], 2022, "HTT"], [],
                [coded["dat"], 2022, "HTT"]):  # fmt: skip
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    error = refused("grades", buffer.getvalue(), org, personas["secretary"])
    assert error.errors == [
        "dòng 4: có dữ liệu sau dòng trống ở dòng 3 (bảng kết thúc ở dòng trống); hãy xoá dòng "
        "trống để bảng liền một khối."
    ]


# --map on the command line ---------------------------------------------------------------------


def test_import_command_maps_headers(tmp_path, coded, people, personas, org):
    header = ["STT", "Mã cán bộ", "Năm", "Kết quả thi đua", "Điểm tự chấm"]
    path = tmp_path / "xep-loai.xlsx"
    path.write_bytes(office_file(header, [(1, coded["staff"], 2022, "HTT", 95)]))
    with pytest.raises(CommandError) as caught:
        call_command("import_xlsx", "grades", str(path), "--organization", "TCTTN",
                     stdout=io.StringIO())  # fmt: skip
    assert "dòng 6, cột D: tiêu đề «Kết quả thi đua» không có trong mẫu." in str(caught.value)
    out = io.StringIO()
    call_command(
        "import_xlsx", "grades", str(path), "--organization", "TCTTN", "--dry-run",
        "--map", "Kết quả thi đua=grade", "--map", "điểm tự chấm=bỏ qua", stdout=out,
    )  # fmt: skip
    assert not YearGrade.objects.exists()
    assert "1 dòng — 1 thêm mới" in out.getvalue()
    assert "Cột E («Điểm tự chấm»): bỏ qua (theo lựa chọn «bỏ qua»)." in out.getvalue()
    assert "Bỏ qua dòng 1–5: tiêu đề của văn bản." in out.getvalue()
    call_command(
        "import_xlsx", "grades", str(path), "--organization", "TCTTN",
        "--map", "Kết quả thi đua=Xếp loại", "--map", "Điểm tự chấm=bỏ qua", stdout=io.StringIO(),
    )  # fmt: skip
    assert YearGrade.objects.get(person=people["staff"]).grade == "HTT"


def test_import_command_refuses_a_map_to_no_column(tmp_path, coded, personas, org):
    path = tmp_path / "xep-loai.xlsx"
    path.write_bytes(office_file(["Mã cán bộ", "Năm", "Xếp loại"], [(coded["staff"], 2022, "HTT")]))
    with pytest.raises(CommandError) as caught:
        call_command("import_xlsx", "grades", str(path), "--organization", "TCTTN",
                     "--map", "Kết quả=diem", stdout=io.StringIO())  # fmt: skip
    assert "--map «Kết quả=diem»: không có cột «diem»" in str(caught.value)
    with pytest.raises(CommandError, match="hãy ghi dạng «Tiêu đề trong tệp=cột»"):
        call_command("import_xlsx", "grades", str(path), "--organization", "TCTTN",
                     "--map", "Kết quả", stdout=io.StringIO())  # fmt: skip
    assert not YearGrade.objects.exists()


# The page --------------------------------------------------------------------------------------


def upload(client, kind, data):
    file = io.BytesIO(data)
    file.name = "danh-sach.xlsx"
    return client.post("/spreadsheets/", {"action": "preview", "kind": kind, "file": file})


def test_preview_says_what_was_read_and_skipped(client, coded, personas, org):
    client.force_login(personas["secretary"])
    header = ["STT", "Mã CBVC", "Họ tên", "Năm đánh giá", "Xếp loại"]
    response = upload(client, "grades", office_file(header, [(1, coded["staff"], "", 2022, "HTT")]))
    page = response.content.decode()
    assert 'id="import-preview"' in page
    assert "Dòng tiêu đề cột: dòng 6." in page
    assert "Bỏ qua dòng 1–5: tiêu đề của văn bản." in page
    assert "Bỏ qua dòng 8: dòng tổng cộng." in page
    assert not YearGrade.objects.exists()


def test_refused_file_page_says_where_the_table_was(client, coded, personas, org):
    client.force_login(personas["secretary"])
    header = ["STT", "Mã CBVC", "Họ tên", "Năm đánh giá", "Xếp loại"]
    response = upload(client, "grades", office_file(header, [(1, "09999", "", 2022, "HTT")]))
    page = response.content.decode()
    assert "dòng 7, cột B (Mã cán bộ): không có cán bộ mã «09999» trong TCTTN." in page
    assert 'id="import-reading"' in page and "Dòng tiêu đề cột: dòng 6." in page


# Exports still re-import unchanged ---------------------------------------------------------------


def test_export_reimports_unchanged(coded, people, personas, org):
    before = read_back(export_bytes(KINDS["staff"], org, 2022))
    result = run_import(
        KINDS["staff"], export_bytes(KINDS["staff"], org, 2022), organization=org,
        user=personas["secretary"],
    )  # fmt: skip
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(coded))
    assert read_back(export_bytes(KINDS["staff"], org, 2022)) == before
    assert result.reading == [
        "Dòng tiêu đề cột: dòng 1.",
        "Đã đọc {} dòng dữ liệu, từ dòng 2 đến dòng {}.".format(len(coded), len(coded) + 1),
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_headers_and_synonyms_name_one_column_each(kind):
    """A header or synonym shared by two columns is ambiguous; only the combined «Số, ngày quyết
    định» column offices write is meant to be (it is refused, asking for two columns)."""
    owners = {}
    for column in KINDS[kind].columns:
        for key in column.keys:
            owners.setdefault(key, []).append(column.name)
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert set(shared) <= {"so, ngay quyet dinh"}, shared


# Text dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("12/05/1975", date(1975, 5, 12)),
        ("2/5/1975", date(1975, 5, 2)),
        ("12-05-1975", date(1975, 5, 12)),
        ("12.05.1975", date(1975, 5, 12)),
        ("12/5/75", date(1975, 5, 12)),
        ("1/2/15", date(2015, 2, 1)),
        ("ngày 12 tháng 5 năm 1975", date(1975, 5, 12)),
        ("Ngày 02 tháng 09 năm 2010", date(2010, 9, 2)),
        ("31/02/2022", None),
        ("12/05-1975", None),
        ("năm 1975", None),
    ],
)
def test_text_dates(typed, expected):
    assert parse_date(typed, today=date(2026, 12, 3)) == expected


def test_page_maps_unknown_headers_then_imports(client, coded, people, personas, org):
    client.force_login(personas["secretary"])
    header = ["STT", "Mã cán bộ", "Năm", "Kết quả thi đua", "Điểm tự chấm"]
    response = upload(client, "grades", office_file(header, [(1, coded["staff"], 2022, "HTT", 9)]))
    page = response.content.decode()
    assert "dòng 6, cột D: tiêu đề «Kết quả thi đua» không có trong mẫu." in page
    assert 'id="import-mapping"' in page
    assert '<label class="form-label" for="map_0">Cột D «Kết quả thi đua» là' in page
    # Nothing chosen: asked again, nothing written.
    response = client.post("/spreadsheets/", {"action": "map", "map_0": "grade"})
    page = response.content.decode()
    assert "Hãy chọn một cột của mẫu, hoặc «Bỏ qua cột này»." in page
    assert not YearGrade.objects.exists()
    response = client.post("/spreadsheets/", {"action": "map", "map_0": "grade", "map_1": "skip"})
    page = response.content.decode()
    assert 'id="import-preview"' in page and "Cột E («Điểm tự chấm»): bỏ qua" in page
    assert not YearGrade.objects.exists()
    response = client.post("/spreadsheets/", {"action": "confirm"}, follow=True)
    assert "Đã nhập xếp loại chất lượng cán bộ" in response.content.decode()
    assert YearGrade.objects.get(person=people["staff"], year=2022).grade == "HTT"


def test_page_mapping_needs_a_waiting_file(client, personas):
    client.force_login(personas["secretary"])
    response = client.post("/spreadsheets/", {"action": "map", "map_0": "grade"}, follow=True)
    assert "Không còn tệp đã kiểm tra" in response.content.decode()


@pytest.mark.parametrize("who", ["staff", "unit_head", "principal"])
def test_page_mapping_refused_to_others(client, personas, who):
    client.force_login(personas[who])
    assert client.post("/spreadsheets/", {"action": "map", "map_0": "grade"}).status_code == 403


def test_template_guide_lists_the_accepted_headers():
    from openpyxl import load_workbook

    from thidua.spreadsheets.kinds import template_bytes

    guide = load_workbook(io.BytesIO(template_bytes(KINDS["staff"])))["Hướng dẫn"]
    rows = {row[0]: row[1] for row in guide.iter_rows(values_only=True)}
    assert (
        "tiêu đề khác được chấp nhận: «Ngày tuyển dụng», «Ngày vào cơ quan»"
        in (rows["Ngày vào làm việc"])
    )
    assert "có thể bỏ cả cột" in rows["Thư điện tử"]
    # A staff list may have no code (found by CCCD, or given one); other kinds need it.
    assert "cấp mã mới" in rows["Mã cán bộ"]
    grades = load_workbook(io.BytesIO(template_bytes(KINDS["grades"])))["Hướng dẫn"]
    assert "có thể bỏ cả cột" not in {row[0]: row[1] for row in grades.iter_rows(values_only=True)}[
        "Mã cán bộ"
    ]


# Names in two columns (issue 14, what was left) ------------------------------------------------


def test_family_and_given_name_columns_are_joined(units, personas, org):
    header = ["STT", "Mã số cán bộ", "Họ đệm", "Tên", "Nam/Nữ", "Ngày, tháng, năm sinh",
              "Ngạch", "Ngày tuyển dụng", "Đơn vị công tác"]  # fmt: skip
    rows = [
        (1, "00311", nfd(" Đặng Thị "), "Thu", "Nữ", "12/05/1975", "Giảng viên", "01/09/2010",
         "Khoa Xây dựng Đảng"),
        (2, "00312", "Bùi Văn", " An ", "Nam", "02/03/1980", "Giảng viên", "05/01/2012",
         "Khoa Dân vận"),
    ]  # fmt: skip
    data = office_file(header, rows)
    result = run_import(KINDS["staff"], data, organization=org, user=personas["secretary"])
    assert (result.rows, result.created) == (2, 2)
    thu = Person.objects.get(staff_code="00311")
    assert (thu.family_and_middle, thu.given) == ("Đặng Thị", "Thu")
    assert unicodedata.is_normalized("NFC", thu.family_and_middle)
    an = Person.objects.get(staff_code="00312")
    assert (an.family_and_middle, an.given, an.full_name) == ("Bùi Văn", "An", "Bùi Văn An")
    assert "Cột C («Họ đệm») và cột D («Tên»): ghép thành «Họ và tên»." in result.reading


def test_ho_and_ten_join_in_other_kinds_and_a_lone_ten_is_still_unknown(coded, people, personas,
                                                                        org):  # fmt: skip
    header = ["STT", "Mã CBVC", "Họ", "Tên", "Năm đánh giá", "Kết quả xếp loại"]
    rows = [(1, coded["staff"], "Trần Thị", "Hoa", 2022, "HTXS")]
    data = office_file(header, rows, title="KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2022")
    result = run_import(KINDS["grades"], data, organization=org, user=personas["secretary"])
    assert (result.rows, result.created) == (1, 1)
    assert YearGrade.objects.get(person=people["staff"], year=2022).grade == "HTXS"
    # "Tên" without "Họ" before it is not guessed to be a name.
    lone = office_file(["STT", "Mã CBVC", "Tên", "Năm đánh giá", "Kết quả xếp loại"],
                       [(1, coded["staff"], "Hoa", 2022, "HTXS")])  # fmt: skip
    error = refused("grades", lone, org, personas["secretary"])
    assert any("«Tên» không có trong mẫu" in message for message in error.errors)


def two_row_header_file(top, sub, rows) -> bytes:
    """An office list whose header runs over rows 6 and 7: a group's title merged across its
    columns above their own headers, the other headers merged down both rows."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ"
    sheet["A3"] = TITLE
    for index, (upper, lower) in enumerate(zip(top, sub, strict=True), start=1):
        sheet.cell(row=6, column=index, value=upper)
        sheet.cell(row=7, column=index, value=lower)
    for index, upper in enumerate(top, start=1):
        if upper is not None and sub[index - 1] is None:
            sheet.merge_cells(start_row=6, start_column=index, end_row=7, end_column=index)
        elif upper is not None:  # a group: merged across the columns whose top cell is empty
            end = index
            while end < len(top) and top[end] is None and sub[end] is not None:
                end += 1
            sheet.merge_cells(start_row=6, start_column=index, end_row=6, end_column=end)
    for line, row in enumerate(rows, start=8):
        for index, value in enumerate(row, start=1):
            sheet.cell(row=line, column=index, value=value)
    sheet.cell(row=8 + len(rows), column=1, value="Tổng cộng: {} người".format(len(rows)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_header_over_two_rows_is_found(units, personas, org):
    top = ["STT", "Mã số cán bộ", "Họ và tên", "Nam/Nữ", "Ngày", None, "Ngạch",
           "Đơn vị công tác"]  # fmt: skip
    sub = [None, None, None, None, "Sinh", "Tuyển dụng", None, None]
    rows = [(1, "00321", "Lê Thị Mai", "Nữ", "12/05/1975", "01/09/2010", "Giảng viên",
             "Khoa Xây dựng Đảng")]  # fmt: skip
    result = run_import(KINDS["staff"], two_row_header_file(top, sub, rows), organization=org,
                        user=personas["secretary"])  # fmt: skip
    assert (result.rows, result.created) == (1, 1)
    mai = Person.objects.get(staff_code="00321")
    assert (mai.birth_date, mai.hired_on) == (date(1975, 5, 12), date(2010, 9, 1))
    assert result.reading[0] == "Dòng tiêu đề cột: dòng 6 và 7 (tiêu đề chia hai dòng)."
    assert "Bỏ qua dòng 7: dòng tiêu đề thứ hai (tiêu đề cột chia hai dòng)." in result.reading


def test_a_group_header_over_family_and_given_names(units, personas, org):
    top = ["STT", "Mã số cán bộ", "Họ và tên", None, "Nam/Nữ", "Ngày, tháng, năm sinh",
           "Đơn vị công tác"]  # fmt: skip
    sub = [None, None, "Họ đệm", "Tên", None, None, None]
    rows = [(1, "00322", "Phan Văn", "Lực", "Nam", "02/03/1980", "Khoa Dân vận")]
    result = run_import(KINDS["staff"], two_row_header_file(top, sub, rows), organization=org,
                        user=personas["secretary"])  # fmt: skip
    assert (result.rows, result.created) == (1, 1)
    assert Person.objects.get(staff_code="00322").full_name == "Phan Văn Lực"


def test_a_one_row_header_under_a_title_is_still_one_row(units, personas, org):
    data = office_file(STAFF_HEADER, [(1, "00323", "Võ Văn Hùng", "Nam", "02/03/1980",
                                      "Giảng viên", "01/09/2010", "Khoa Dân vận", "")])
    result = run_import(KINDS["staff"], data, organization=org, user=personas["secretary"])
    assert result.reading[0] == "Dòng tiêu đề cột: dòng 6."
