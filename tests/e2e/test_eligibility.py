"""Browser journeys of the eligibility screens: a person's page and "Xét điều kiện"."""

from playwright.sync_api import expect

from thidua.organization.models import Person


def test_person_page_explains_each_title_criterion_by_criterion(page, sign_in):
    sign_in("thuky")
    person = Person.objects.get(family_and_middle="Nguyễn Văn", given="Đạt")
    page.goto("/people/{}/".format(person.pk))
    # The eligibility section arrives with htmx after the page loads.
    section = page.locator("#eligibility")
    expect(section.get_by_role("heading", name="Xét điều kiện năm 2022")).to_be_visible()
    expect(section).to_contain_text("Nghị định 91/2017/NĐ-CP")
    ldtt = section.locator('[data-title="LDTT"]')
    expect(ldtt.locator(".accordion-button .badge")).to_have_text("Đủ điều kiện")
    ldtt.get_by_role("button").click()
    table = ldtt.locator("table.criteria")
    expect(table).to_be_visible()
    expect(table).to_contain_text("Xếp loại 2022: HTXS")
    expect(table).to_contain_text("Luật Thi đua, khen thưởng 2003")
    # A rule the law leaves uncertain is flagged on screen.
    expect(table.get_by_text("cần xác nhận").first).to_be_visible()
    # Another year is judged by the law in force that year.
    section.get_by_label("Năm xét").select_option("2024")
    expect(page.locator("#eligibility")).to_contain_text(
        "Luật Thi đua, khen thưởng số 06/2022/QH15"
    )
    expect(page.locator("#eligibility").get_by_role("heading")).to_contain_text(
        ["Xét điều kiện năm 2024"]
    )


def test_eligibility_overview_shows_verdicts_quotas_and_links(page, sign_in):
    sign_in("hieutruong")
    page.get_by_role("link", name="Xét điều kiện").click()
    expect(page.get_by_role("heading", name="Xét điều kiện danh hiệu năm 2022")).to_be_visible()
    quota = page.locator('.quota[data-title="CSTD_CS"]')
    expect(quota).to_contain_text("Nghị định 91/2017/NĐ-CP, Điều 9")
    # The first page of 25; the counts, quotas and collectives came in a second request.
    expect(page.locator("#people-verdicts tbody tr")).to_have_count(
        min(25, Person.objects.filter(organization__abbreviation="TCTTP").count())
    )
    expect(page.locator("#unit-verdicts")).to_contain_text("Trường Chính trị Trần Phú")
    page.get_by_label("Đơn vị").select_option(label="Khoa Xây dựng Đảng")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#people-verdicts tbody tr")).to_have_count(9)
    page.locator("#people-verdicts tbody tr a").first.click()
    expect(page.locator("#eligibility")).to_contain_text("Lao động tiên tiến")


def test_staff_sees_only_their_own_verdicts(page, sign_in):
    sign_in("canbo")
    page.goto("/eligibility/")
    expect(page.locator("#people-verdicts tbody tr")).to_have_count(1)
    expect(page.locator(".quota")).to_have_count(0)
    expect(page.locator("#unit-verdicts")).to_have_count(0)
