"""Browser journey of the spreadsheet page: template, upload, preview with errors, fix, confirm."""

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

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
