"""Browser journey (issue 14, item 3): the secretary imports an office's staff list that has no
staff code and no category but the CCCD; the preview says which codes will be given; the people
list then shows what each new person still lacks, filters them, and their page tells the
secretary (and only those who keep people) the personal identification number. axe on each."""

import io

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.organization.models import Person


def office_staff() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ"
    sheet["A2"] = "DANH SÁCH CÁN BỘ MỚI TUYỂN NĂM 2023"
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:F2")
    header = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Đơn vị công tác"]
    for index, value in enumerate(header, 1):
        sheet.cell(row=6, column=index, value=value)
    rows = [
        (1, "Lương Thị Ánh Tuyết", "Nữ", "12/05/1995", "042195001234", "Khoa Xây dựng Đảng"),
        (2, "Phan Văn Khải Hoàn", "Nam", "03/02/1996", "042096004321", "Khoa Dân vận"),
    ]
    for line, row in enumerate(rows, start=7):
        for index, value in enumerate(row, 1):
            sheet.cell(row=line, column=index, value=value)
    sheet.cell(row=9, column=1, value="Tổng cộng: 2 người")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_secretary_imports_people_without_codes_and_completes_them_later(page, sign_in):
    sign_in("thuky")
    page.goto("/spreadsheets/")
    page.get_by_label("Loại dữ liệu").select_option("staff")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        files=[{"name": "can-bo-moi.xlsx", "mimeType": "application/octet-stream",
                "buffer": office_staff()}]
    )  # fmt: skip
    page.get_by_role("button", name="Kiểm tra tệp").click()
    codes = page.locator("#import-generated-codes")
    expect(codes).to_contain_text("Dòng 7, Lương Thị Ánh Tuyết: mã")
    expect(codes.locator("li")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("2 thêm mới")).to_be_visible()
    tuyet = Person.objects.get(personal_id="042195001234")
    assert tuyet.staff_code and tuyet.category == ""

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/people/")
    page.get_by_label("Hồ sơ").select_option(label="Thiếu thông tin")
    table = page.locator("#people")
    expect(table).to_contain_text("Lương Thị Ánh Tuyết")
    expect(table).to_contain_text("Thiếu: ngạch, loại, ngày vào làm việc")
    assert_accessible(page)
    page.get_by_role("link", name="Lương Thị Ánh Tuyết").click()
    expect(page.locator("#missing-facts")).to_contain_text("Hồ sơ còn thiếu: ngạch, loại")
    expect(page.locator("#personal-id")).to_have_text("042195001234")
    assert_accessible(page)
