"""The page a user meets when a form is refused for its anti-forgery token (a login page left
open too long, cookies blocked): Vietnamese, in the site's style, with a way back, and accessible
(axe-core, WCAG 2.1 AA). The suite's `page` fixture fails on any HTTP error, so this test opens
its own page in the same browser context."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible

# What a page shows does not depend on the database engine: .ci/run checks it on SQLite only.
pytestmark = pytest.mark.any_engine


def test_a_refused_form_shows_the_vietnamese_csrf_page(context, demo):
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("thuky")
    page.get_by_label("Mật khẩu").fill(demo)
    context.clear_cookies()  # the CSRF cookie is gone, as when cookies are blocked
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Đăng nhập").click()
    assert answer.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không gửi được biểu mẫu")
    expect(page.locator("main")).to_contain_text("Dữ liệu chưa được lưu")
    body = page.locator("body").inner_text()
    for english in ("Forbidden", "CSRF verification failed", "DEBUG"):
        assert english not in body
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_accessible(page)
    page.get_by_role("link", name="Về trang chủ").click()
    # Signed out, the home page leads to the login page.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
