"""Browser journey of the spreadsheet page: template, upload, preview with errors, fix, confirm."""

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.evidence.models import Verification, YearGrade
from thidua.organization.models import Person


def grades(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã cán bộ", "Họ và tên", "Năm", "Xếp loại"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def choose(page, data: bytes):
    page.get_by_label("Loại dữ liệu").select_option("grades")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        files=[{"name": "xep-loai.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_secretary_previews_fixes_and_imports_grades(page, sign_in):
    sign_in("thuky")
    page.goto("/spreadsheets/")
    expect(page.get_by_role("heading", name="Nhập, xuất Excel")).to_be_visible()
    with page.expect_download() as template:
        page.get_by_role("link", name="Mẫu xếp loại chất lượng cán bộ").click()
    header = next(
        load_workbook(io.BytesIO(Path(template.value.path()).read_bytes()), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert header == ("Mã cán bộ", "Họ và tên", "Năm", "Xếp loại")
    with page.expect_download() as template:
        page.get_by_role("link", name="Mẫu đề tài, đề án").click()
    header = next(
        load_workbook(io.BytesIO(Path(template.value.path()).read_bytes()), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert header[-2:] == ("Chủ nhiệm", "Thành viên")

    codes = list(
        Person.objects.filter(organization__abbreviation="TCTTP")
        .exclude(staff_code="")
        .order_by("staff_code")
        .values_list("staff_code", flat=True)[:2]
    )
    before = YearGrade.objects.count()
    choose(page, grades([[codes[0], "", 2030, "HTT"], ["99999", "", 2030, "XS"]]))
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(2)
    expect(errors.first).to_contain_text("dòng 3, cột A (Mã cán bộ): không có cán bộ mã «99999»")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    assert YearGrade.objects.count() == before

    choose(page, grades([[codes[0], "", 2030, "HTT"], [codes[1], "", 2030, "HTXS"]]))
    expect(page.locator("#import-preview")).to_contain_text("Sẽ thêm mới")
    assert YearGrade.objects.count() == before
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("Đã nhập xếp loại chất lượng cán bộ")).to_be_visible()
    imported = YearGrade.objects.filter(year=2030)
    assert imported.count() == 2
    assert {g.verification for g in imported} == {Verification.VERIFIED}


def office_grades(codes) -> bytes:
    """A list as an office types it: title block, header on row 6 in its own words, a total."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ"
    sheet["A2"] = "KẾT QUẢ XẾP LOẠI NĂM 2031"
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A2:E2")
    for index, value in enumerate(["STT", "Mã CBVC", "Họ tên", "Năm", "Kết quả thi đua"], 1):
        sheet.cell(row=6, column=index, value=value)
    for line, code in enumerate(codes, start=7):
        for index, value in enumerate([line - 6, code, "", 2031, "HTT"], 1):
            sheet.cell(row=line, column=index, value=value)
    sheet.cell(row=7 + len(codes), column=1, value="Tổng cộng: {} người".format(len(codes)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_secretary_maps_an_office_file_and_imports_it(page, sign_in):
    sign_in("thuky")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/spreadsheets/")
    codes = list(
        Person.objects.filter(organization__abbreviation="TCTTP")
        .exclude(staff_code="")
        .order_by("staff_code")
        .values_list("staff_code", flat=True)[:2]
    )
    choose(page, office_grades(codes))
    expect(page.locator("#import-errors")).to_contain_text(
        "dòng 6, cột E: tiêu đề «Kết quả thi đua» không có trong mẫu."
    )
    expect(page.locator("#import-reading")).to_have_count(0)  # refused at the header row
    assert_accessible(page)
    page.get_by_label("Cột E «Kết quả thi đua» là").select_option(label="Xếp loại")
    page.get_by_role("button", name="Kiểm tra lại với các cột đã chọn").click()
    reading = page.locator("#import-preview #import-reading")
    expect(reading).to_contain_text("Bỏ qua dòng 1–5: tiêu đề của văn bản.")
    expect(reading).to_contain_text("Bỏ qua dòng 9: dòng tổng cộng.")
    assert_accessible(page)
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("Đã nhập xếp loại chất lượng cán bộ")).to_be_visible()
    assert YearGrade.objects.filter(year=2031, person__staff_code__in=codes).count() == 2
