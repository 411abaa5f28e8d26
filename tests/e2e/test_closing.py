"""Browser journey of closing the year (issue 17): the secretary sums up the 2022 phase from the
dashboard and commends two people, then edits a section of the year-end report and downloads it,
and has it made by a background worker (the job page polls until the file is offered).
axe-core checks WCAG 2.1 AA on each new screen."""

import io
import re
from pathlib import Path

from docx import Document
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.documents import docx_text
from tests.helpers.tasks import run_queued
from thidua.closing.models import PhaseSummary
from thidua.closing.report import figure_text
from thidua.organization.models import Person
from thidua.plans.measures import load_population, measure_plan
from thidua.plans.models import Plan


def docx_rows(path) -> list[str]:
    """Every table row of the document, its cells joined by " | "."""
    document = Document(io.BytesIO(Path(path).read_bytes()))
    return [" | ".join(cell.text for cell in row.cells)
            for table in document.tables for row in table.rows]  # fmt: skip


def test_secretary_closes_2022_and_downloads_the_year_report(page, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    PhaseSummary.objects.all().delete()  # the demo's own closing, to do it again by hand
    plan = Plan.objects.get(year=2022)
    hai, giang = (Person.objects.get(staff_code=code) for code in ("00022", "00005"))
    sign_in("thuky")
    page.goto("/plans/{}/dashboard/".format(plan.pk))
    expect(page.locator("#phase-timeline")).to_contain_text("Chờ tổng kết")
    page.locator("#phase-timeline").get_by_role("link", name="Tổng kết đợt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổng kết:")
    assert_accessible(page)
    page.get_by_role("link", name="Ghi tổng kết đợt").click()
    assert_accessible(page)
    page.get_by_label("Ngày tổng kết").fill("2022-12-30")
    page.get_by_label("Kết quả đạt được so với mục đích của đợt").fill(
        "Hoàn thành kế hoạch đào tạo, bồi dưỡng năm 2022."
    )
    page.get_by_label("Kết quả của Khoa Xây dựng Đảng").fill("Vượt kế hoạch giảng dạy.")
    page.get_by_role("button", name="Lưu tổng kết").click()
    expect(page.locator("#summary-state")).to_contain_text("Đã tổng kết")
    for person in (hai, giang):
        page.get_by_label("Loại khen thưởng").select_option("phase")
        page.get_by_label("Cán bộ").select_option(str(person.pk))
        page.get_by_label("Thành tích", exact=True).fill("Xuất sắc trong phong trào năm 2022.")
        page.get_by_role("button", name="Ghi khen thưởng").click()
        expect(page.locator("#commendations")).to_contain_text(person.display_name)
    expect(page.locator("#commendations tbody tr")).to_have_count(2)
    expect(page.locator("#commendations")).to_contain_text("Điều 80, khoản 1")
    assert_accessible(page)

    page.goto("/plans/{}/dashboard/".format(plan.pk))
    expect(page.locator("#phase-timeline")).to_contain_text("Đã tổng kết")
    page.get_by_role("link", name="Báo cáo tổng kết năm 2022").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo tổng kết phong trào thi đua năm 2022"
    )
    assert_accessible(page)
    page.get_by_label("Bài học kinh nghiệm").fill("Lãnh đạo sát sao, phát động kịp thời.")
    page.get_by_role("button", name="Lưu các phần của báo cáo").click()
    expect(page.get_by_label("Bài học kinh nghiệm")).to_have_value(
        "Lãnh đạo sát sao, phát động kịp thời."
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo tổng kết (Word)").click()
    text = docx_text(Path(download.value.path()).read_bytes())
    assert "Lãnh đạo sát sao, phát động kịp thời." in text
    assert "Hà Tĩnh, ngày 30 tháng 12 năm 2022" in text
    # Every target of the seed, in its row with its figure (as the dashboard measures it).
    rows = docx_rows(download.value.path())
    results = measure_plan(plan, load_population(plan))
    assert len(results) == plan.targets.count() == 19
    for result in results:
        words = " ".join(result.target.text.split())
        row = next((r for r in rows if words in r), "")
        assert figure_text(result.target, result.awarded) in row, words
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Tải báo cáo tổng kết (PDF)").click()
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"

    # Made by a background worker: the job's page waits, polls, then offers the file.
    page.get_by_role("button", name="Tạo báo cáo tổng kết (PDF) ở tiến trình nền").click()
    expect(page.locator("#job-status")).to_contain_text("Đang chờ tiến trình nền nhận việc")
    assert_accessible(page)
    run_queued()
    made = page.locator("#job-status").get_by_role("link", name=re.compile(r"^Tải .+\.pdf$"))
    expect(made).to_be_visible()
    expect(page.locator("#live-status")).to_have_text(
        "Báo cáo tổng kết năm 2022 (PDF): Đã xong. Có thể tải về."
    )
    assert_accessible(page)
    with page.expect_download() as background:
        made.click()
    assert Path(background.value.path()).read_bytes()[:5] == b"%PDF-"
