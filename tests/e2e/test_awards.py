"""Browser journey of the award register ("Sổ khen thưởng", issue 13): the secretary enters a
Bằng khen the Học viện decided outside thidua, then finds it in the person's history ("tra cứu"),
reached from the person's page. The `page` fixture fails on any console error, failed response or
CSP violation; axe-core checks WCAG 2.1 AA on each screen."""

from datetime import date

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.awards.models import Award
from thidua.organization.models import Person


def test_secretary_adds_an_award_and_finds_it_in_the_persons_history(page, sign_in):
    person = (
        Person.objects.filter(hired_on__lt=date(2019, 1, 1), left_on__isnull=True)
        .exclude(awards__code="BK_HV", awards__year=2020)
        .order_by("pk")
        .first()
    )
    sign_in("thuky")
    page.get_by_role("link", name="Sổ khen thưởng", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sổ khen thưởng")
    expect(page.locator("#award-count")).not_to_have_text("0 khen thưởng")
    assert_accessible(page)

    page.get_by_role("link", name="Ghi khen thưởng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi khen thưởng vào sổ")
    page.get_by_label("Khen cho").select_option("person")
    page.get_by_label("Cán bộ").select_option(str(person.pk))
    page.get_by_label("Năm được khen").fill("2020")
    page.get_by_label("Danh hiệu, hình thức").select_option("BK_HV")
    page.get_by_label("Số quyết định").fill("1234-QĐ/HVCTQG")
    page.get_by_label("Ngày quyết định").fill("10/03/2021")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("năm 2020")
    expect(page.locator("main")).to_contain_text("Giám đốc Học viện")
    award = Award.objects.get(person=person, code="BK_HV", year=2020)
    assert award.decision_number == "1234-QĐ/HVCTQG"

    # The same award again is refused on the form, nothing written.
    page.goto("/awards/add/?person={}".format(person.pk))
    page.get_by_label("Năm được khen").fill("2020")
    page.get_by_label("Danh hiệu, hình thức").select_option("BK_HV")
    page.get_by_label("Số quyết định").fill("99/QĐ")
    page.get_by_label("Ngày quyết định").fill("11/03/2021")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("[data-field=code]")).to_contain_text("đã có")
    assert Award.objects.filter(person=person, code="BK_HV", year=2020).count() == 1

    page.goto("/people/{}/".format(person.pk))
    page.get_by_role("link", name="Tra cứu khen thưởng qua các năm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
    row = page.locator("#history tbody tr").filter(has_text="1234-QĐ/HVCTQG")
    expect(row).to_contain_text("2020")
    expect(row).to_contain_text("Bằng khen của Giám đốc Học viện")
    assert_accessible(page)


def test_the_register_pages_through_prints_and_leads_to_a_units_history(page, sign_in):
    """The pager in Vietnamese, the filtered list's downloads, and a unit's history reached from
    the unit's page (issue 13, item 1; issue 14, the pager)."""
    sign_in("thuky")
    page.goto("/awards/?year=2021")
    expect(page.get_by_role("navigation", name="Phân trang")).to_be_visible()
    page.get_by_role("link", name="Trang sau").click()
    expect(page.get_by_role("link", name="Trang trước")).to_be_visible()
    assert_accessible(page)
    export = page.locator("#register-export")
    assert "year=2021" in export.get_attribute("href")
    with page.expect_download() as download:
        export.click()
    assert download.value.suggested_filename.endswith("-2021.xlsx")
    with page.expect_download() as download:
        page.get_by_role("link", name="In danh sách (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.goto("/units/")
    page.get_by_role("link", name="Khoa Xây dựng Đảng").first.click()
    page.locator("#award-history-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khoa Xây dựng Đảng")
    assert_accessible(page)
