"""What an agency does with an entry the receiving office returned (issue 19, item 2): the entry
is closed for its tờ trình (the agency's tờ trình settles), its page says when, why and who,
the secretary is told, and a supplementary tờ trình sends it again through the drafting action."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.integration import test_inbox as inbox
from tests.integration.test_inbox import DECISION_DAY, ISSUER, SENT_DAY, rows
from thidua.core.actions import ActionRefused
from thidua.proposals.actions import (
    EntryAnswer,
    do_draft_proposal_from_session,
    do_send_proposal,
    returned_entries,
)
from thidua.proposals.documents import build_proposal_context
from thidua.proposals.inbox import do_answer_received, do_return_entry, do_return_receipt
from thidua.proposals.models import Proposal, ProposalState, Receipt
from thidua.proposals.routing import HigherBody
from thidua.todo.items import todo_for

pytestmark = pytest.mark.django_db
# The inbox tests' fixtures: the province's office, the school's session and its tờ trình received.
province, session, receipt = inbox.province, inbox.session, inbox.receipt
REASON = "Thiếu báo cáo thành tích có xác nhận của cấp ủy."


def state(receipt):
    return Proposal.objects.get(pk=receipt.proposal_id).state


def test_a_returned_entry_is_closed_for_its_tờ_trình(receipt, province):
    officer, received = province["officer"], rows(receipt)
    do_return_entry(received["Đạt"], reason=REASON, returned_on=SENT_DAY, acting_user=officer)
    assert state(receipt) == ProposalState.SENT  # two entries still wait
    do_answer_received(receipt, [
        EntryAnswer(received["Hoa"].entry, True, "3422/QĐ-UBND", DECISION_DAY, ISSUER),
        EntryAnswer(received["Sơn"].entry, True, "3422/QĐ-UBND", DECISION_DAY, ISSUER),
    ], acting_user=officer)  # fmt: skip
    proposal = Proposal.objects.get(pk=receipt.proposal_id)
    # Not "approved": one entry of the tờ trình was not granted but returned.
    assert proposal.state == ProposalState.PARTIAL
    assert proposal.decision_number == "3422/QĐ-UBND"


def test_returned_and_refused_entries_settle_as_rejected(receipt, province):
    officer, received = province["officer"], rows(receipt)
    do_return_entry(received["Đạt"], reason=REASON, returned_on=SENT_DAY, acting_user=officer)
    do_answer_received(receipt, [
        EntryAnswer(received["Hoa"].entry, False, reason="Chưa đủ."),
        EntryAnswer(received["Sơn"].entry, False, reason="Chưa đủ."),
    ], acting_user=officer)  # fmt: skip
    assert state(receipt) == ProposalState.REJECTED


def test_the_last_waiting_entry_returned_settles_the_tờ_trình(receipt, province):
    officer, received = province["officer"], rows(receipt)
    do_answer_received(
        receipt,
        [EntryAnswer(received["Hoa"].entry, True, "3422/QĐ-UBND", DECISION_DAY, ISSUER)],
        acting_user=officer,
    )
    do_return_entry(received["Đạt"], reason=REASON, returned_on=SENT_DAY, acting_user=officer)
    assert state(receipt) == ProposalState.SENT
    do_return_entry(received["Sơn"], reason=REASON, returned_on=SENT_DAY, acting_user=officer)
    assert state(receipt) == ProposalState.PARTIAL
    # Returning after the answer is still refused.
    with pytest.raises(ActionRefused, match="đã có kết quả «được khen thưởng»"):
        do_return_entry(received["Hoa"], reason=REASON, returned_on=SENT_DAY, acting_user=officer)


def test_the_whole_tờ_trình_returned_is_returned(receipt, province, personas):
    do_return_receipt(receipt, reason="Hồ sơ không đúng mẫu.", returned_on=SENT_DAY,
                      acting_user=province["officer"])  # fmt: skip
    proposal = Proposal.objects.get(pk=receipt.proposal_id)
    assert proposal.state == ProposalState.RETURNED and proposal.answered_on is not None
    assert len(returned_entries(proposal.session)) == 3
    client = Client()
    client.force_login(personas["secretary"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Cấp trên trả lại" in page and "Mọi dòng của tờ trình đã bị trả lại" in page
    assert "ngày 20/12/2022 (tinh.thuky" in page and page.count("người trả lại: tinh.thuky") == 3
    assert "3 dòng bị trả lại chưa được trình lại" in page


def test_the_agency_sees_who_returned_is_told_and_sends_it_again(receipt, province, personas):
    officer, received = province["officer"], rows(receipt)
    secretary = personas["secretary"]
    day = SENT_DAY + timedelta(days=3)
    do_return_entry(received["Đạt"], reason=REASON, returned_on=day, acting_user=officer)
    client = Client()
    client.force_login(secretary)
    url = reverse("proposals:proposal", args=[receipt.proposal_id])
    page = client.get(url).content.decode()
    assert "ngày 23/12/2022, người trả lại: tinh.thuky" in page and REASON in page
    assert "Lập dự thảo tờ trình bổ sung" in page
    told = [item for item in todo_for(secretary) if "bị" in item.text]
    assert [item.text for item in told] == [
        "Tờ trình {}: 1 dòng bị Ban Thi đua – Khen thưởng tỉnh Thử nghiệm trả lại (ngày "
        "23/12/2022); bổ sung hồ sơ và lập tờ trình bổ sung".format(receipt.document_number)
    ]
    assert told[0].url == url
    # The staff member reads the page but drafts nothing.
    staff = Client()
    staff.force_login(personas["principal"])
    assert "Lập dự thảo tờ trình bổ sung" not in staff.get(url).content.decode()
    # The draft page offers the returned entry; drafting pre-fills it.
    draft_page = client.get(reverse("proposals:proposal_draft")).content.decode()
    assert "Trình lại 1 dòng bị trả lại" in draft_page and REASON in draft_page
    response = client.post(
        reverse("proposals:proposal_draft"),
        {"session": receipt.proposal.session_id, "body": "province"},
    )
    supplementary = Proposal.objects.exclude(pk=receipt.proposal_id).get()
    assert response.url == supplementary.get_absolute_url()
    [entry] = supplementary.entries.all()
    assert entry.replaces == received["Đạt"].entry and entry.nomination is None
    assert entry.council_nomination_id == received["Đạt"].entry.nomination_id
    assert (entry.person, entry.title) == (received["Đạt"].entry.person, "BK_TINH")
    new_page = client.get(supplementary.get_absolute_url()).content.decode()
    assert "trình lại" in new_page and "%)" in new_page  # the council's vote, read through it
    [row] = build_proposal_context(supplementary)["rows"]
    assert row["vote"].endswith("%)") and row["title"]
    # Sent again once: no second supplementary, nothing left to tell.
    assert not [item for item in todo_for(secretary) if "bị" in item.text]
    assert "Đã trình lại trong" in client.get(url).content.decode()
    with pytest.raises(ActionRefused, match="không còn kết quả nào cần trình"):
        do_draft_proposal_from_session(receipt.proposal.session, body=HigherBody.PROVINCE,
                                       acting_user=secretary)  # fmt: skip
    # Signed and sent, it arrives in the province's inbox as a tờ trình of its own.
    do_send_proposal(supplementary, sent_on=day, acting_user=personas["principal"])
    again = Receipt.objects.get(proposal=supplementary)
    assert again.receiver == province["office"] and again.entry_count == 1
