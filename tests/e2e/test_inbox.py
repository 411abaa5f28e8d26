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


def test_the_office_puts_a_received_entry_before_its_council(page, sign_in):
    """The office ticks the entry still waiting (the Bằng khen the province refused in the
    demo, taken back to be decided again), chooses its council's open session and puts it
    there; the session's agenda names the nominee with the school beside it."""
    from datetime import date, time

    from thidua.accounts.models import User
    from thidua.council.actions import do_open_session
    from thidua.proposals.models import EntryOutcome, ProposalEntry, ReceiptState

    school = Organization.objects.get(abbreviation="TCTTP")
    receipt = Receipt.objects.get(proposal__organization=school, proposal__number=52)
    refused = ProposalEntry.objects.filter(proposal=receipt.proposal, outcome=EntryOutcome.REFUSED)
    refused.update(outcome=EntryOutcome.PENDING, refusal_reason="", answered_on=None)
    Receipt.objects.filter(pk=receipt.pk).update(state=ReceiptState.RECEIVED)
    officer = User.objects.get(username="tinh_thuky")
    session = do_open_session(name="Phiên họp Hội đồng TĐ-KT tỉnh tháng 01/2022", year=2021,
                              meeting_on=date(2022, 1, 10), starts_at=time(8, 0),
                              acting_user=officer)  # fmt: skip
    row = receipt.entries.get(entry__outcome=EntryOutcome.PENDING)
    sign_in("tinh_thuky")
    page.goto(receipt.get_absolute_url())
    page.get_by_label("Đưa ra Hội đồng: {}".format(row.subject_name), exact=False).check()
    page.get_by_label("Phiên họp Hội đồng").select_option(str(session.pk))
    assert_accessible(page)
    page.get_by_role("button", name="Đưa ra Hội đồng").click()
    expect(page.get_by_text("Đã đưa 1 dòng ra Hội đồng")).to_be_visible()
    status = page.locator("#received-{} .council-status".format(row.pk))
    expect(status).to_contain_text("Đưa ra Hội đồng")
    status.get_by_role("link", name=session.name).click()
    expect(page.locator("main")).to_contain_text("{} ({})".format(row.subject_name, school.name))
    assert_accessible(page)
