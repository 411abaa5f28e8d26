"""Browser (issue 19, item 2): the province office's officer opens the inbox and a received
tờ trình (the demo school's 52-TTr/TCTTP, sent to the Chủ tịch UBND tỉnh); axe on both pages."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import Role, RoleGrant, User
from thidua.organization.models import Organization
from thidua.proposals.inbox import arrive
from thidua.proposals.models import Proposal


def test_the_office_reads_its_inbox_and_a_received_tờ_trình(page, sign_in):
    school = Organization.objects.get(abbreviation="TCTTP")
    office = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh Hà Tĩnh", abbreviation="BTĐKT",
        place_name="Hà Tĩnh", receives_for=["province"],
    )  # fmt: skip
    school.parent = office
    school.save()
    proposal = Proposal.objects.get(organization=school, year=2021, number=52)
    receipt = arrive(proposal, acting_user=proposal.signer)
    # The demo's secretary also works for the province's office, and is working there now.
    secretary = User.objects.get(username="thuky")
    RoleGrant.objects.create(user=secretary, organization=office, role=Role.SECRETARY)
    secretary.organization = office
    secretary.save()
    sign_in("thuky")
    page.get_by_role("link", name="Tờ trình đã nhận").click()
    heading = page.get_by_role("heading", name="Tờ trình các cơ quan cấp dưới gửi đến")
    expect(heading).to_be_visible()
    expect(page.locator("#receipts")).to_contain_text(school.name)
    assert_accessible(page)
    page.get_by_role("link", name=receipt.document_number).click()
    expect(page.locator("#received-entries")).to_contain_text("Được khen thưởng")
    expect(page.locator("#received-dossier")).to_contain_text("Toàn bộ hồ sơ")
    assert_accessible(page)
