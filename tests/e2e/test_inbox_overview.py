"""Browser (issue 19, item 3): the province office's officer opens the overview of the tờ trình
received (the demo school's 52-TTr/TCTTP, answered in part) from the menu, at 390 px wide, by
keyboard; axe on the page."""

import re

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.organization.models import Organization


def test_the_office_reads_its_overview_on_a_phone(page, sign_in):
    # The demo's province office received the school's 2021 tờ trình (thidua/demo/province.py).
    school = Organization.objects.get(abbreviation="TCTTP")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("tinh_thuky")
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
