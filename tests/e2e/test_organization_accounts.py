"""Browser journey (issue 19, point 1): the school's administrator keeps its accounts on a
phone (390 px): finds an account by typing (the result read out), creates one with its roles by
keyboard, hands over the password shown once, grants a unit head's role, locks the account and
opens it again. axe on each page; no sideways scroll."""

import re

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import Role, SuspendedGrant, User

PHONE = {"width": 390, "height": 844}
FITS = "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"


def test_the_administrator_keeps_the_schools_accounts_on_a_phone(page, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("admin")
    page.goto("/accounts/users/")
    expect(page.get_by_role("heading", name="Tài khoản của cơ quan")).to_be_visible()
    expect(page.locator("#accounts")).to_contain_text("thuky")
    assert page.evaluate(FITS)
    assert_accessible(page)

    # Typing filters the table in place; the count is read out in the live region.
    page.get_by_label("Tìm tài khoản").fill("truongkhoa")
    expect(page.locator("#accounts tbody tr")).to_have_count(1)
    expect(page.locator("#live-status")).to_have_text(re.compile(r"^1 kết quả"))
    expect(page.get_by_label("Tìm tài khoản")).to_be_focused()

    # A new account by keyboard alone.
    page.get_by_role("link", name="Thêm tài khoản").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thêm tài khoản")).to_be_visible()
    page.get_by_label("Tên đăng nhập").focus()
    page.keyboard.type("ketoan.hai")
    page.keyboard.press("Tab")
    page.keyboard.type("Nguyễn Thị Hải")
    page.get_by_label("Kế toán").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Kế toán")).to_be_checked()
    assert page.evaluate(FITS)
    assert_accessible(page)
    page.get_by_role("button", name="Tạo tài khoản").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Đã tạo tài khoản «ketoan.hai»")).to_be_visible()
    password = page.locator("#initial-password").inner_text()
    account = User.objects.get(username="ketoan.hai")
    assert account.check_password(password)
    assert [g.role for g in account.grants.all()] == [Role.ACCOUNTANT]
    assert page.evaluate(FITS)
    assert_accessible(page)

    # Its page: a unit head's role over a unit of the school, then locked and opened again.
    page.get_by_role("link", name="Xem tài khoản").click()
    page.locator("#id_role").select_option(Role.UNIT_HEAD.value)
    page.locator("#id_unit").select_option(label="Khoa Xây dựng Đảng")
    page.get_by_role("button", name="Giao vai trò").click()
    expect(page.get_by_text("Đã giao vai trò cho tài khoản «ketoan.hai».")).to_be_visible()
    expect(page.locator("#roles")).to_contain_text("Trưởng đơn vị – Khoa Xây dựng Đảng")
    assert page.evaluate(FITS)
    assert_accessible(page)

    page.get_by_role("button", name="Khoá tài khoản tại cơ quan").click()
    expect(page.locator("#account-status")).to_have_text("Đã khoá")
    account.refresh_from_db()
    assert not account.is_active and not account.grants.exists()
    assert SuspendedGrant.objects.filter(user=account).count() == 2
    assert_accessible(page)
    page.get_by_role("button", name="Mở khoá tài khoản tại cơ quan").click()
    expect(page.locator("#account-status")).to_have_text("Đang làm việc")
    account.refresh_from_db()
    assert account.is_active and account.grants.count() == 2
