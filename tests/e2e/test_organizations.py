"""Browser journey (issue 19, item 1): the installation's administrator creates a receiving office
(the Học viện's: the demo has the province's already) with its first administrator, whom the
demo's secretary then also is; the secretary, now holding roles in two organisations, chooses in
the header which one they are working in, and sees only that one's people. axe on each page."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import Role, RoleGrant, User
from thidua.organization.models import Organization


def test_the_administrator_creates_an_organisation_and_the_secretary_switches_to_it(
    page, sign_in
):
    sign_in("admin")
    page.get_by_role("link", name="Cơ quan", exact=True).click()
    expect(page.get_by_role("heading", name="Cơ quan trong hệ thống")).to_be_visible()
    page.get_by_role("link", name="Thêm cơ quan").click()
    page.get_by_label("Tên cơ quan").fill("Ban Thi đua – Khen thưởng Học viện Chính trị quốc gia")
    page.get_by_label("Tên viết tắt").fill("BTĐKT-HV")
    page.get_by_label("Địa danh ghi ngày tháng").fill("Hà Nội")
    page.get_by_label("Nhận tờ trình đề nghị cấp").select_option("academy")
    page.get_by_label("Tên đăng nhập").fill("quantri.hocvien")
    page.get_by_label("Họ và tên").fill("Trần Văn Viện")
    page.get_by_label("Thư điện tử").fill("hocvien@example.vn")
    assert_accessible(page)
    page.get_by_role("button", name="Tạo cơ quan").click()
    expect(page.get_by_role("heading", name="Đã tạo cơ quan")).to_be_visible()
    password = page.locator("#initial-password").inner_text()
    assert User.objects.get(username="quantri.hocvien").check_password(password)
    assert_accessible(page)

    office = Organization.objects.get(abbreviation="BTĐKT-HV")
    assert office.receives_for == ["academy"]
    # The demo's secretary is also the new office's secretary; the school's chooser shows.
    secretary = User.objects.get(username="thuky")
    RoleGrant.objects.create(user=secretary, organization=office, role=Role.SECRETARY)
    page.get_by_role("button", name="Đăng xuất (admin)").click()
    sign_in("thuky")
    chooser = page.get_by_label("Đang làm việc tại")
    expect(chooser).to_have_value(str(secretary.organization_id))
    page.goto("/people/")
    expect(page.locator("#people tbody tr").first).to_be_visible()
    assert_accessible(page)

    chooser.select_option(label=office.name)
    page.get_by_role("button", name="Chuyển").click()
    expect(page.get_by_text("Đang làm việc tại {}.".format(office.name))).to_be_visible()
    expect(page.get_by_label("Đang làm việc tại")).to_have_value(str(office.pk))
    page.goto("/people/")
    expect(page.locator("#people")).to_contain_text("Không có cán bộ nào phù hợp.")
    assert_accessible(page)
