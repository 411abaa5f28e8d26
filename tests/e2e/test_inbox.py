"""Browser (issue 19, item 2): the province office's officer opens the inbox and a received
tờ trình (the demo school's 52-TTr/TCTTP, sent to the Chủ tịch UBND tỉnh and answered there in
the demo: thidua/demo/province.py); axe on both pages."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.demo.year2021 import REFUSED_REASON
from thidua.organization.models import Organization
from thidua.proposals.models import Receipt


def test_the_office_reads_its_inbox_and_a_received_tờ_trình(page, sign_in):
    school = Organization.objects.get(abbreviation="TCTTP")
    receipt = Receipt.objects.get(proposal__organization=school, proposal__number=52)
    sign_in("tinh_thuky")
    page.get_by_role("link", name="Tờ trình đã nhận").click()
    heading = page.get_by_role("heading", name="Tờ trình các cơ quan cấp dưới gửi đến")
    expect(heading).to_be_visible()
    expect(page.locator("#receipts")).to_contain_text(school.name)
    assert_accessible(page)
    page.get_by_role("link", name=receipt.document_number).click()
    expect(page.locator("#received-entries")).to_contain_text("Được khen thưởng")
    expect(page.locator("#received-entries")).to_contain_text(REFUSED_REASON)
    expect(page.locator("#received-dossier")).to_contain_text("Toàn bộ hồ sơ")
    assert_accessible(page)
