"""Browser (issue 19, item 2): the province office's officer drafts the Chủ tịch UBND tỉnh's
decision by ticking received entries, marks one not granted, records the signed number and
date; the school's register holds the granted one. axe on every page, at a phone's width too."""

from datetime import date

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.awards.models import Award
from thidua.organization.models import Organization, Person
from thidua.proposals.models import Proposal, ProposalEntry, Receipt, ReceivedEntry

SENT = date(2022, 1, 5)


def _pending_receipt(school, office):
    """A second tờ trình of the demo school to the province, as it arrived: two Bằng khen of
    2021 for people who hold none that year."""
    earlier = Proposal.objects.get(organization=school, year=2021, number=52)
    proposal = Proposal.objects.create(
        organization=school, year=2021, body="province", number=3, number_year=2022,
        dated_on=SENT, session=earlier.session, drafted_by=earlier.drafted_by, state="sent",
        signer=earlier.signer, sent_on=SENT,
    )  # fmt: skip
    holders = Award.objects.filter(organization=school, year=2021, code="BK_TINH").exclude(
        person=None).values("person_id")  # fmt: skip
    people = list(Person.objects.filter(organization=school).exclude(pk__in=holders)
                  .order_by("pk")[:2])  # fmt: skip
    assert len(people) == 2
    receipt = Receipt.objects.create(
        proposal=proposal, receiver=office, sender=school,
        document_number=proposal.document_number, received_on=SENT, dossier=b"", entry_count=2,
    )  # fmt: skip
    for position, person in enumerate(people, 1):
        entry = ProposalEntry.objects.create(proposal=proposal, person=person, title="BK_TINH",
                                             position=position)  # fmt: skip
        ReceivedEntry.objects.create(receipt=receipt, entry=entry, position=position,
                                     subject_name=entry.subject_name, title="BK_TINH")
    return receipt, people


def test_the_office_issues_the_chủ_tịch_s_decision(page, sign_in):
    # The demo's province office (thidua/demo/province.py) and its officer.
    school = Organization.objects.get(abbreviation="TCTTP")
    office = Organization.objects.get(abbreviation="BTĐKT")
    receipt, people = _pending_receipt(school, office)
    sign_in("tinh_thuky")
    page.get_by_role("link", name="Tờ trình đã nhận").click()
    page.get_by_role("link", name="Quyết định khen thưởng theo các tờ trình đã nhận").click()
    expect(page.locator("#waiting")).to_contain_text("Còn 2 dòng")
    assert_accessible(page)
    page.get_by_role("link", name="Lập dự thảo quyết định").click()
    for person in people:
        page.get_by_label(person.full_name).check()
    assert_accessible(page)
    page.get_by_role("button", name="Lập dự thảo với các dòng đã chọn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lập dự thảo quyết định với 2")
    second = people[1].full_name
    page.get_by_label("Kết quả của {}".format(second)).select_option("no")
    page.get_by_label("Lý do không khen thưởng {}".format(second)).fill("Vượt tỷ lệ của tỉnh.")
    page.get_by_role("button", name="Lưu kết quả của {}".format(second)).click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi kết quả")
    assert_accessible(page)
    page.get_by_label("Số quyết định").fill("215/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("10/02/2022")
    page.get_by_label("Họ và tên người ký").fill("Đặng Quốc Khánh")
    page.get_by_role("button", name="Ghi quyết định đã ký").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ban hành Quyết định số 215")
    expect(page.locator("#decision-entries")).to_contain_text("Vượt tỷ lệ của tỉnh.")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    award = Award.objects.get(organization=school, decision_number="215/QĐ-UBND")
    assert award.person == people[0] and award.code == "BK_TINH"
    receipt.refresh_from_db()
    assert receipt.state == "answered"
