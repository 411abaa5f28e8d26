"""The evidence journey: a lecturer proposes an article, the unit head verifies it from the
queue, the secretary closes the year, and the lecturer can no longer change it."""

import re

from playwright.sync_api import expect

TITLE = "Nâng cao chất lượng giảng dạy lý luận chính trị ở cơ sở"


def sign_out(page, username):
    page.get_by_role("button", name="Đăng xuất ({})".format(username)).click()


def test_article_is_proposed_verified_and_locked(page, sign_in):
    sign_in("canbo")
    page.get_by_role("link", name="Minh chứng", exact=True).click()
    page.get_by_role("link", name="Minh chứng của tôi").click()
    page.locator("#mine-works").get_by_role("link", name="Đề nghị mới").click()
    page.get_by_label("Tên công trình").fill(TITLE)
    page.locator("#id_kind").select_option(label="Bài báo, bài viết")
    page.get_by_label("Nơi đăng, xuất bản").fill("Thông tin Lý luận và Thực tiễn, số 3/2022")
    page.locator("#id_year").fill("2022")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã gửi minh chứng, chờ xác nhận.")
    expect(page.locator("#evidence-state")).to_contain_text("Chờ xác nhận")
    expect(page.get_by_role("link", name="Sửa")).to_be_visible()
    sign_out(page, "canbo")

    sign_in("truongkhoa")
    page.get_by_role("link", name="Minh chứng", exact=True).click()
    page.get_by_role("link", name="Chờ xác nhận").click()
    row = page.locator("#pending-works tr", has_text=TITLE)
    # The button names its record and whose it is (the staff member's), not only «Xác nhận».
    row.get_by_role(
        "button", name=re.compile("^Xác nhận bài báo, giáo trình «{}» của .+".format(TITLE))
    ).click()
    expect(row.locator(".badge")).to_have_text("Đã xác nhận")
    expect(row.get_by_role("button")).to_have_count(0)
    sign_out(page, "truongkhoa")

    sign_in("thuky")
    page.get_by_role("link", name="Minh chứng", exact=True).click()
    page.get_by_role("link", name="Khóa năm").click()
    page.get_by_label("Năm").fill("2022")
    page.get_by_role("button", name="Khóa năm").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã khóa năm 2022")
    expect(page.locator("#closed-years")).to_contain_text("2022")
    sign_out(page, "thuky")

    sign_in("canbo")
    page.get_by_role("link", name="Minh chứng", exact=True).click()
    page.get_by_role("link", name="Minh chứng của tôi").click()
    page.locator("#mine-works").get_by_role("link", name=TITLE).click()
    expect(page.locator("#evidence-state")).to_contain_text("Đã xác nhận")
    expect(page.locator("#closed-year")).to_have_text("Năm 2022 đã khóa")
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    expect(page.get_by_role("link", name="Xoá")).to_have_count(0)


# One line per menu entry at 1366 px; an htmx answer without the page's earlier messages ------

ONE_LINE = """() => [...document.querySelectorAll('.thidua-nav :is(.nav-link, .navbar-brand)')]
  .map((link) => {
    const range = document.createRange();
    range.selectNodeContents(link);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return [link.textContent.trim(), lines.size];
  })"""


def test_secretarys_menu_keeps_each_entry_on_one_line_at_1366(page, sign_in):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in("thuky")
    entries = page.evaluate(ONE_LINE)
    assert ["Trang chủ", 1] in entries and ["Xét điều kiện", 1] in entries
    assert [name for name, lines in entries if lines != 1] == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366


def test_upload_error_is_not_shown_beside_an_earlier_success(page, sign_in):
    sign_in("canbo")
    page.goto("/evidence/works/add/")
    page.get_by_label("Tên công trình").fill("Bài giảng có tệp")
    page.locator("#id_kind").select_option(label="Bài giảng")
    page.locator("#id_year").fill("2022")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main > .alert-success")).to_have_text("Đã gửi minh chứng, chờ xác nhận.")
    page.locator("section.attachments input[type=file]").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("section.attachments .invalid-feedback")).to_contain_text("không phải PDF")
    expect(page.locator(".alert-success")).to_have_count(0)
