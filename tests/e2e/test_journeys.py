"""Journeys through every page, in Vietnamese, in a real browser, with no console error."""

import re

from playwright.sync_api import expect

from thidua.organization.models import Person, Unit


def test_newcomer_signs_in_searches_without_diacritics_and_opens_the_person(page, sign_in):
    sign_in("thuky")
    expect(page.get_by_role("heading", name="Trường Chính trị Trần Phú")).to_be_visible()
    page.get_by_role("link", name="Cán bộ", exact=True).click()
    expect(page.get_by_role("heading", name="Danh sách cán bộ")).to_be_visible()
    page.get_by_placeholder("Gõ tên, có dấu hoặc không").fill("nguyen van dat")
    # htmx swaps the table in place, without reloading the page.
    expect(page.locator("#person-count")).to_have_text("1 cán bộ")
    expect(page).to_have_url(re.compile(r"q=nguyen(\+|%20)van(\+|%20)dat"))
    page.get_by_role("link", name="Nguyễn Văn Đạt").click()
    expect(page.get_by_role("heading", name="ThS Nguyễn Văn Đạt")).to_be_visible()
    expect(page.locator("#grades")).to_contain_text("2022")
    expect(page.locator("#awards")).to_contain_text("Lao động tiên tiến")


def test_people_list_filters_sorts_and_pages(page, sign_in):
    sign_in("thuky")
    page.goto("/people/")
    total = Person.objects.filter(organization__abbreviation="TCTTP").count()
    expect(page.locator("#person-count")).to_have_text("{} cán bộ".format(total))
    first = page.locator("#people tbody tr").first
    expect(first).to_contain_text("Ánh")  # given names sorted, Vietnamese order
    page.get_by_label("Đơn vị").select_option(label="Khoa Dân vận")
    expect(page.locator("#person-count")).not_to_have_text("{} cán bộ".format(total))
    faculty = Unit.objects.get(name="Khoa Dân vận")
    expect(page.locator("#person-count")).to_have_text(
        "{} cán bộ".format(Person.objects.in_unit([faculty.pk]).count())
    )
    for cell in page.locator("#people tbody td:nth-child(3)").all():
        expect(cell).to_have_text("Khoa Dân vận")
    page.get_by_label("Đơn vị").select_option(label="Tất cả đơn vị")
    page.get_by_label("Ngạch, loại").select_option(label="Lao động hợp đồng")
    expect(page.locator("#person-count")).to_have_text("2 cán bộ")
    page.get_by_label("Ngạch, loại").select_option(label="Tất cả")
    expect(page.locator("#person-count")).to_have_text("{} cán bộ".format(total))
    page.get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    page.get_by_role("link", name="Họ và tên").click()
    expect(page).to_have_url(re.compile(r"sort=-full_name"))


def test_unit_tree_and_unit_page(page, sign_in):
    sign_in("lanhdao")
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    expect(page.locator("#unit-tree")).to_contain_text("Tổ công đoàn Khoa Dân vận")
    page.get_by_role("link", name="Khoa Xây dựng Đảng", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Khoa Xây dựng Đảng"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"Cán bộ hiện tại \(9\)"))).to_be_visible()


def test_secretary_adds_renames_and_deletes_a_unit(page, sign_in):
    """The secretary keeps the units on screen, as by spreadsheet (issue 12, item 3)."""
    sign_in("thuky")
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_role("link", name="Thêm đơn vị").click()
    page.get_by_label("Tên đơn vị").fill("Tổ Lý luận cơ sở")
    page.get_by_label("Loại").select_option(label="Khác")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm đơn vị «Tổ Lý luận cơ sở»")
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Tên đơn vị").fill("Tổ Lý luận chính trị")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=re.compile("Tổ Lý luận chính trị"))).to_be_visible()
    page.get_by_role("link", name="Xoá").click()
    page.get_by_role("button", name="Xoá").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xoá đơn vị «Tổ Lý luận chính trị»")
    assert not Unit.objects.filter(name__startswith="Tổ Lý luận").exists()


def test_secretary_edits_a_person_and_sees_a_vietnamese_date_error(page, sign_in):
    sign_in("thuky")
    person = Person.objects.get(family_and_middle="Nguyễn Văn", given="Đạt")
    page.goto("/people/{}/".format(person.pk))
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Ngày sinh").fill("31/02/1985")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator('[data-field="birth_date"]')).to_have_text(
        "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."
    )
    page.get_by_label("Ngày sinh").fill("28/02/1985")
    page.get_by_label("Chức vụ").fill("Giảng viên chính")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu hồ sơ")
    expect(page.locator("dl")).to_contain_text("28/02/1985")


def test_secretary_adds_then_deletes_a_person(page, sign_in):
    sign_in("thuky")
    page.goto("/people/")
    page.get_by_role("link", name="Thêm cán bộ").click()
    page.get_by_label("Họ và tên đệm").fill("Hồ Thị")
    page.locator("#id_given").fill("Ưng")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Ngạch, loại").select_option(label="Viên chức, nhân viên")
    page.get_by_label("Đơn vị công tác").select_option(label="Phòng Quản lý đào tạo")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Hồ Thị Ưng")).to_be_visible()
    page.get_by_role("link", name="Xoá").click()
    page.get_by_role("button", name="Xoá").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xoá hồ sơ của Hồ Thị Ưng")


def test_unit_head_is_refused_another_units_person(page, sign_in):
    sign_in("truongkhoa")
    page.goto("/people/")
    expect(page.locator("#person-count")).to_have_text("9 cán bộ")
    outsider = Person.objects.in_unit([Unit.objects.get(name="Khoa Dân vận").pk]).first()
    # Asked with the page's own session, so the expected 404 does not show as a console error;
    # the forged POST carries a valid CSRF token, so only access control can refuse it.
    response = page.context.request.get("/people/{}/edit/".format(outsider.pk))
    assert response.status == 404
    assert "Không tìm thấy trang" in response.text()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.context.request.post(
        "/people/{}/edit/".format(outsider.pk),
        form={"unit": str(outsider.assignments.get().unit_id), "phone": "0999"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 404
    outsider.refresh_from_db()
    assert outsider.phone != "0999"


def test_staff_sees_own_record_and_changes_password(page, sign_in, demo):
    sign_in("canbo")
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.locator("#id_old_password").fill(demo)
    page.locator("#id_new_password1").fill("Sen-hong-2023!")
    page.locator("#id_new_password2").fill("Sen-hong-2023!")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã đổi mật khẩu.")
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def test_admin_reads_the_audit_log_and_the_admin_site(page, sign_in):
    sign_in("admin")
    page.get_by_role("link", name="Nhật ký").click()
    expect(page.get_by_role("heading", name="Nhật ký hệ thống")).to_be_visible()
    page.get_by_label("Loại dữ liệu").select_option(label="Cán bộ")
    expect(page.locator("#log-table tbody tr").first).to_contain_text("Cán bộ")
    expect(page.locator("#log-table tbody")).not_to_contain_text("Vai trò")
    expect(page.locator("#log-table tbody tr").first).to_contain_text("họ và tên đệm: — →")
    page.get_by_role("link", name="Quản trị").click()
    expect(page.get_by_role("heading", name="Dữ liệu hệ thống")).to_be_visible()


def test_wrong_password_is_refused_in_vietnamese(page, demo):
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill("thuky")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".alert-danger")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
