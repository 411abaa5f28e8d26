"""The registration journey: a unit head registers the unit and sends it, the secretary returns
it with a reason, the unit head fixes it and sends it again, and the board shows 100%."""

from playwright.sync_api import expect

from thidua.accounts.models import User
from thidua.plans.actions import do_copy_plan
from thidua.plans.models import Plan


def test_unit_registration_journey(page, sign_in):
    do_copy_plan(Plan.objects.get(year=2022), acting_user=User.objects.get(username="thuky"))
    sign_in("truongkhoa")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(
        page.get_by_role("heading", name="Đăng ký thi đua năm 2023: Khoa Xây dựng Đảng")
    ).to_be_visible()
    page.locator("#registration-form fieldset").get_by_label("Tập thể lao động tiên tiến").check()
    rows = page.locator("#registration-form tbody tr")
    expect(rows).to_have_count(9)
    for index in range(8):  # one member is forgotten at first
        rows.nth(index).get_by_label("Lao động tiên tiến").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.locator(".alert-success")).to_have_text("Đã gửi bản đăng ký thi đua.")
    expect(page.locator("#registration-state")).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Đăng xuất (truongkhoa)").click()

    sign_in("thuky")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", name="Đăng ký thi đua năm 2023")).to_be_visible()
    page.get_by_role("link", name="Khoa Xây dựng Đảng").click()
    page.get_by_label("Lý do trả lại").fill("Còn một giảng viên chưa đăng ký danh hiệu.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator("#return-reason")).to_contain_text("Còn một giảng viên chưa đăng ký")
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    sign_in("truongkhoa")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.locator("#return-reason")).to_contain_text("Còn một giảng viên chưa đăng ký")
    page.locator("#registration-form tbody tr").nth(8).get_by_label("Lao động tiên tiến").check()
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.locator("#registration-state")).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Đăng xuất (truongkhoa)").click()

    sign_in("thuky")
    page.goto("/registrations/")
    row = page.locator("#board tbody tr", has_text="Khoa Xây dựng Đảng")
    expect(row.locator(".percent")).to_have_text("100%")
    row.get_by_role("link").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.locator("#registration-state")).to_contain_text("Đã chấp nhận")


def test_staff_member_registers_themself(page, sign_in):
    do_copy_plan(Plan.objects.get(year=2022), acting_user=User.objects.get(username="thuky"))
    sign_in("canbo")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", name="Đăng ký thi đua năm 2023")).to_be_visible()
    page.get_by_label("Lao động tiên tiến").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã lưu đăng ký của bạn.")
    expect(page.locator("#own-state")).to_have_text("Đang soạn")
