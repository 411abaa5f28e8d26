"""Every evidence kind's pages in the browser, for the secretary: the tab, its list with the
demo's records, a record's page and the entry form; then the decisions and proposals lists.
The `page` fixture fails on any console error, failed response or CSP violation."""

import pytest
from playwright.sync_api import expect

# What a page shows does not depend on the database engine: .ci/run checks it on SQLite only.
pytestmark = pytest.mark.any_engine

KINDS = (
    ("grades", "Xếp loại cán bộ"),
    ("unit_grades", "Xếp loại đơn vị"),
    ("initiatives", "Sáng kiến"),
    ("research", "Đề tài, đề án"),
    ("works", "Bài báo, giáo trình"),
    ("training", "Đào tạo, bồi dưỡng"),
    ("union_scores", "Điểm Giỏi việc trường"),
    ("discipline", "Kỷ luật"),
    ("leave", "Nghỉ, đi học"),
)


@pytest.mark.parametrize(("slug", "label"), KINDS)
def test_each_evidence_kind_lists_shows_and_offers_its_form(page, sign_in, slug, label):
    sign_in("thuky")
    page.get_by_role("link", name="Minh chứng", exact=True).click()
    page.locator("#evidence-tabs").get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()
    rows = page.locator("#evidence-table tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#evidence-count")).not_to_have_text("0 bản ghi")
    rows.first.get_by_role("link").first.click()
    expect(page.locator("#evidence-state")).to_contain_text("Xác nhận")
    expect(page.locator("#evidence-fields")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Thêm", exact=True).click()
    expect(page.get_by_role("button", name="Lưu")).to_be_visible()


def test_decisions_and_proposals_lists_open_for_the_secretary(page, sign_in):
    sign_in("thuky")
    page.get_by_role("link", name="Quyết định", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quyết định")
    page.get_by_role("link", name="Tờ trình", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tờ trình")
