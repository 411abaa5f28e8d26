"""The job page of long work (issue 19, item 5; thidua.core.jobs) in the browser: the year-end
report asked from its page, the progress bar waiting then done (polled every second), the
outcome read out by the live region, the file downloaded; a long import checked then imported
by two jobs; at 390 px wide, axe-clean at each step."""

from playwright.sync_api import expect

from tests.e2e.test_spreadsheets import choose, grades
from tests.helpers.axe import assert_accessible
from tests.helpers.tasks import run_queued
from thidua.evidence.models import YearGrade
from thidua.organization.models import Person


def test_the_secretary_follows_a_report_made_in_the_background(page, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("thuky")
    page.goto("/closing/years/2021/")
    button = page.get_by_role("button", name="Tạo báo cáo tổng kết (PDF) ở tiến trình nền")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tổng kết năm 2021 (PDF)")
    progress = page.get_by_role("progressbar", name="Tiến độ")
    expect(progress).to_have_attribute("value", "0")
    expect(page.locator("#job-status")).to_contain_text("Đang chờ tiến trình nền nhận việc")
    assert_accessible(page)

    run_queued()  # what a `db_worker` beside the server does
    expect(page.locator("#job-outcome")).to_have_text("Đã xong. Có thể tải về.", timeout=10_000)
    expect(progress).to_have_attribute("value", "100")
    expect(page.locator("#live-status")).to_have_text(
        "Báo cáo tổng kết năm 2021 (PDF): Đã xong. Có thể tải về."
    )
    assert_accessible(page)
    link = page.locator("#job-status a[download]")
    expect(link).to_contain_text("Tải ")
    link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_long_grades_file_is_checked_and_imported_by_jobs(page, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BACKGROUND_IMPORT_ROWS = 2
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("thuky")
    page.goto("/spreadsheets/")
    codes = list(
        Person.objects.filter(organization__abbreviation="TCTTP")
        .exclude(staff_code="")
        .order_by("staff_code")
        .values_list("staff_code", flat=True)[:3]
    )
    before = YearGrade.objects.count()
    # One unknown code: the check's page lists the row error, as the page does for a short file.
    choose(page, grades([[codes[0], "", 2030, "HTT"], [codes[1], "", 2030, "HTT"],
                         ["99999", "", 2030, "HTT"]]))  # fmt: skip
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kiểm tra tệp «xep-loai.xlsx»")
    run_queued()
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(1, timeout=10_000)
    expect(errors.first).to_contain_text("dòng 4, cột A (Mã cán bộ): không có cán bộ mã «99999»")
    expect(page.locator("#live-status")).to_contain_text("1 lỗi; không dòng nào được ghi.")
    assert_accessible(page)

    page.goto("/spreadsheets/")
    choose(page, grades([[code, "", 2030, "HTT"] for code in codes]))
    run_queued()
    confirm = page.get_by_role("button", name="Xác nhận nhập")
    expect(confirm).to_be_visible(timeout=10_000)
    assert_accessible(page)
    assert YearGrade.objects.count() == before
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập tệp «xep-loai.xlsx»")
    run_queued()
    expect(page.locator("#job-outcome")).to_have_text(
        "Đã nhập: 3 dòng — 3 thêm mới, 0 cập nhật, 0 không đổi.", timeout=10_000
    )
    assert YearGrade.objects.filter(year=2030).count() == 3
