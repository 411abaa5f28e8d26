"""The job page of long work (issue 19, item 5; thidua.core.jobs) in the browser: the year-end
report asked from its page, the progress bar waiting then done (polled every second), the
outcome read out by the live region, the file downloaded; at 390 px wide, axe-clean at each
step, by the keyboard alone."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.tasks import run_queued


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
