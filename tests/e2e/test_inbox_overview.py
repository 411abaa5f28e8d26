"""Browser (issue 19, item 3): the province office's officer opens the overview of the tờ trình
received (the demo school's 52-TTr/TCTTP, answered in part) from the menu, at 390 px wide, by
keyboard; axe on the page."""

import re

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import Role, RoleGrant, User
from thidua.organization.models import Organization
from thidua.proposals.inbox import arrive
from thidua.proposals.models import Proposal


def test_the_office_reads_its_overview_on_a_phone(page, sign_in):
    school = Organization.objects.get(abbreviation="TCTTP")
    office = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh Hà Tĩnh", abbreviation="BTĐKT",
        place_name="Hà Tĩnh", receives_for=["province"],
    )  # fmt: skip
    school.parent = office
    school.save()
    proposal = Proposal.objects.get(organization=school, year=2021, number=52)
    arrive(proposal, acting_user=proposal.signer)
    secretary = User.objects.get(username="thuky")
    RoleGrant.objects.create(user=secretary, organization=office, role=Role.SECRETARY)
    secretary.organization = office
    secretary.save()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("thuky")
    page.goto("/proposals/inbox/overview/")
    expect(page.get_by_role("heading", name="Tổng hợp tờ trình các cơ quan cấp dưới gửi đến"))\
        .to_be_visible()  # fmt: skip
    expect(page.locator("#overview-agencies")).to_contain_text(school.name)
    # 2021 is judged under NĐ 91/2017: the Cờ thi đua của Chính phủ's share, with its article.
    expect(page.locator("#overview-quotas")).to_contain_text("Điều 11")
    expect(page.locator("#overview-quotas")).to_contain_text(
        "không quy định tỷ lệ hoặc số lượng tối đa chung"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    # The filter by keyboard alone: the agency chosen, the form sent with Enter.
    page.locator("#id_sender").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Xem")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?year=2021&sender={}$".format(school.pk)))
    expect(page.locator("#overview-agencies tbody tr")).to_have_count(1)
    assert_accessible(page)
