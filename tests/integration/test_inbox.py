"""The province's inbox (issue 19, item 2, first slice): a tờ trình sent by an agency to the
Chủ tịch UBND tỉnh arrives in the inbox of the province's office with its dossier frozen; the
office returns entries or the whole tờ trình, or answers entries into the agency's register;
every inbox URL × the personas of two agencies and two receiving offices: no leak, no write."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.helpers.council import members as council_members
from tests.helpers.council import nominate, run_session
from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardSource
from thidua.core.actions import ActionRefused, FieldRefused
from thidua.evidence.models import YearGrade
from thidua.organization.models import Organization
from thidua.proposals.actions import (
    EntryAnswer,
    do_draft_proposal_from_session,
    do_record_answers,
    do_send_proposal,
)
from thidua.proposals.inbox import (
    arrive,
    do_answer_received,
    do_return_entry,
    do_return_receipt,
)
from thidua.proposals.models import EntryOutcome, Receipt, ReceiptState, ReceivedEntry
from thidua.proposals.routing import HigherBody

pytestmark = pytest.mark.django_db
SENT_DAY = date(2022, 12, 20)
DECISION_DAY = date(2023, 1, 20)
MEETING = "2022-12-20 09:00 +07:00"
ISSUER = "Chủ tịch UBND tỉnh Hà Tĩnh"


@pytest.fixture
def province(org, personas):
    """The province's office receiving for the Chủ tịch UBND tỉnh, above both agencies (the
    personas' school and the outsider's), with its secretary and a leader of no inbox role;
    and a second receiving office, above neither."""
    office = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh Thử nghiệm", abbreviation="BTĐKT",
        place_name="Hà Tĩnh", receives_for=["province"],
    )  # fmt: skip
    for agency in (org, personas["outsider"].organization):
        agency.parent = office
        agency.save()
    other = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh Khác", abbreviation="BTĐKTK",
        place_name="Nghệ An", receives_for=["province"],
    )  # fmt: skip
    return {
        "office": office,
        "officer": make_user("tinh.thuky", office, Role.SECRETARY),
        "reader": make_user("tinh.lanhdao", office, Role.LEADER),
        "elsewhere": make_user("khac.thuky", other, Role.SECRETARY),
    }


@pytest.fixture
def session(org, personas, people):
    for key in ("staff", "dat", "head"):
        for year in (2020, 2021, 2022):
            YearGrade.objects.create(organization=org, person=people[key], year=year,
                                     grade="HTXS", verification="verified")  # fmt: skip
    nominations = [
        nominate(personas, people["staff"], "CSTD_TINH", justification="Thành tích nổi bật."),
        nominate(personas, people["dat"], "BK_TINH", justification="Thành tích nổi bật."),
        nominate(personas, people["head"], "BK_TINH", justification="Thành tích nổi bật."),
        nominate(personas, people["head"], "BK_HV", justification="Thành tích nổi bật."),
    ]
    return run_session(personas, council_members(org, personas), nominations, on=MEETING)


@pytest.fixture
def receipt(province, session, personas):
    proposal = do_draft_proposal_from_session(session, body=HigherBody.PROVINCE,
                                              acting_user=personas["secretary"])  # fmt: skip
    do_send_proposal(proposal, sent_on=SENT_DAY, acting_user=personas["principal"])
    return Receipt.objects.get(proposal=proposal)


def rows(receipt):
    return {row.entry.person.given: row for row in receipt.entries.select_related(
        "entry__person")}  # fmt: skip


def test_a_sent_tờ_trình_arrives_with_its_dossier_frozen(receipt, province, org, people):
    assert receipt.receiver == province["office"] and receipt.sender == org
    assert receipt.received_on == SENT_DAY and receipt.state == ReceiptState.RECEIVED
    assert receipt.document_number == receipt.proposal.document_number
    received = rows(receipt)
    assert sorted(received) == ["Hoa", "Sơn", "Đạt"] and receipt.entry_count == 3
    assert {r.title for r in received.values()} == {"CSTD_TINH", "BK_TINH"}
    explanation = received["Hoa"].explanation
    assert explanation["label"] and explanation["criteria"]
    assert all(c["detail"] and c["source"] for c in explanation["criteria"])
    names = zipfile.ZipFile(io.BytesIO(bytes(receipt.dossier))).namelist()
    assert names == receipt.dossier_files and len(names) == 3 + 3  # tờ trình, BB, KP, 3 reports
    # The agency's later edits change nothing of what was received.
    frozen = bytes(receipt.dossier)
    people["staff"].given = "Hồng"
    people["staff"].save()
    receipt.refresh_from_db()
    assert bytes(receipt.dossier) == frozen
    assert ReceivedEntry.objects.get(pk=received["Hoa"].pk).subject_name.endswith("Hoa")


def test_a_tờ_trình_to_a_body_outside_the_installation_arrives_nowhere(session, personas):
    proposal = do_draft_proposal_from_session(session, body=HigherBody.ACADEMY,
                                              acting_user=personas["secretary"])  # fmt: skip
    do_send_proposal(proposal, sent_on=SENT_DAY, acting_user=personas["principal"])
    assert not Receipt.objects.exists()


def test_sending_twice_is_refused(receipt, personas):
    proposal = receipt.proposal
    with pytest.raises(ActionRefused, match="không gửi lại được"):
        do_send_proposal(proposal, sent_on=SENT_DAY, acting_user=personas["principal"])
    with pytest.raises(ActionRefused, match="đã được gửi đến Ban Thi đua"):
        arrive(proposal, acting_user=personas["principal"])
    assert Receipt.objects.count() == 1 and ReceivedEntry.objects.count() == 3


def test_the_office_returns_one_entry_and_answers_the_others_into_the_agency_register(
    receipt, province, org
):
    officer = province["officer"]
    received = rows(receipt)
    do_return_entry(received["Đạt"], reason="Thiếu báo cáo thành tích có xác nhận.",
                    returned_on=SENT_DAY + timedelta(days=5), acting_user=officer)  # fmt: skip
    awards = do_answer_received(receipt, [
        EntryAnswer(received["Hoa"].entry, True, "3422/QĐ-UBND", DECISION_DAY, ISSUER),
        EntryAnswer(received["Sơn"].entry, False, reason="Vượt tỷ lệ của tỉnh."),
    ], acting_user=officer)  # fmt: skip
    [award] = awards
    assert (award.organization, award.code, award.source) == (org, "CSTD_TINH",
                                                              AwardSource.HIGHER_BODY)
    assert (award.decision_number, award.decided_on, award.issued_by) == (
        "3422/QĐ-UBND", DECISION_DAY, ISSUER)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.ANSWERED
    entry = received["Sơn"].entry
    entry.refresh_from_db()
    assert (entry.outcome, entry.refusal_reason) == (EntryOutcome.REFUSED, "Vượt tỷ lệ của tỉnh.")
    # Audited under the province's officer.
    logged = LogEntry.objects.get_for_object(received["Đạt"]).first()
    assert logged.actor == officer and "return_reason" in logged.changes_dict
    assert LogEntry.objects.get_for_object(award).first().actor == officer


def test_the_agency_page_shows_each_entry_status_live(receipt, province, personas):
    officer = province["officer"]
    received = rows(receipt)
    client = Client()
    client.force_login(personas["secretary"])
    url = reverse("proposals:proposal", args=[receipt.proposal_id])
    page = client.get(url).content.decode()
    assert "Đã đến Ban Thi đua – Khen thưởng tỉnh Thử nghiệm" in page
    assert "Ghi kết quả của cấp trên" not in page  # the province answers, not the agency
    do_return_entry(received["Đạt"], reason="Thiếu xác nhận của cấp ủy.",
                    returned_on=SENT_DAY, acting_user=officer)  # fmt: skip
    do_answer_received(receipt, [
        EntryAnswer(received["Hoa"].entry, True, "3422/QĐ-UBND", DECISION_DAY, ISSUER),
        EntryAnswer(received["Sơn"].entry, False, reason="Vượt tỷ lệ của tỉnh."),
    ], acting_user=officer)  # fmt: skip
    page = client.get(url).content.decode()
    assert "Bị trả lại" in page and "Thiếu xác nhận của cấp ủy." in page
    assert "Quyết định số 3422/QĐ-UBND ngày 20/01/2023" in page
    assert "Vượt tỷ lệ của tỉnh." in page


def test_bad_input_is_refused_and_nothing_is_written(receipt, province, personas, session):
    officer = province["officer"]
    received = rows(receipt)
    do_answer_received(receipt, [EntryAnswer(received["Sơn"].entry, False, reason="Chưa đủ.")],
                       acting_user=officer)  # fmt: skip
    # An entry never received: the same session's tờ trình to the Học viện.
    academy = do_draft_proposal_from_session(session, body=HigherBody.ACADEMY,
                                             acting_user=personas["secretary"])  # fmt: skip
    before = (LogEntry.objects.count(), Award.objects.count())
    with pytest.raises(ActionRefused, match="đã có kết quả «không được khen thưởng»"):
        do_return_entry(received["Sơn"], reason="Muộn.", returned_on=SENT_DAY,
                        acting_user=officer)  # fmt: skip
    with pytest.raises(FieldRefused, match="trước ngày nhận tờ trình") as refused:
        do_return_entry(received["Đạt"], reason="Thiếu hồ sơ.",
                        returned_on=SENT_DAY - timedelta(days=1), acting_user=officer)
    assert refused.value.field == "returned_on"
    with pytest.raises(FieldRefused, match="ở tương lai"):
        do_return_entry(received["Đạt"], reason="Thiếu hồ sơ.",
                        returned_on=timezone.localdate() + timedelta(days=1), acting_user=officer)
    with pytest.raises(FieldRefused, match="Cần ghi lý do trả lại"):
        do_return_entry(received["Đạt"], reason="  ", returned_on=SENT_DAY, acting_user=officer)
    with pytest.raises(ActionRefused, match="không có trong tờ trình .* đã nhận"):
        do_answer_received(receipt, [EntryAnswer(academy.entries.get(), True, "1/QĐ-UBND",
                                                 DECISION_DAY, ISSUER)], acting_user=officer)
    with pytest.raises(FieldRefused, match="Cần ghi lý do không khen thưởng"):
        do_answer_received(receipt, [EntryAnswer(received["Hoa"].entry, False)],
                           acting_user=officer)  # fmt: skip
    # Neither the agency's secretary nor an officer of another office acts on a received one.
    for user in (personas["secretary"], province["elsewhere"], province["reader"]):
        with pytest.raises(ActionRefused):
            do_return_receipt(receipt, reason="Sai mẫu.", returned_on=SENT_DAY, acting_user=user)
    with pytest.raises(ActionRefused, match="đã đến Ban Thi đua – Khen thưởng tỉnh Thử nghiệm"):
        do_record_answers(receipt.proposal, [EntryAnswer(received["Hoa"].entry, False)],
                          acting_user=personas["secretary"])  # fmt: skip
    assert (LogEntry.objects.count(), Award.objects.count()) == before
    assert not ReceivedEntry.objects.filter(returned_on__isnull=False).exists()


def test_a_returned_tờ_trình_takes_no_answer(receipt, province):
    officer = province["officer"]
    received = rows(receipt)
    do_return_receipt(receipt, reason="Hồ sơ không đúng mẫu.", returned_on=SENT_DAY,
                      acting_user=officer)  # fmt: skip
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.RETURNED
    assert receipt.entries.filter(return_reason="Hồ sơ không đúng mẫu.").count() == 3
    with pytest.raises(ActionRefused, match="đã được trả lại ngày 20/12/2022"):
        do_answer_received(receipt, [EntryAnswer(received["Hoa"].entry, True, "3422/QĐ-UBND",
                                                 DECISION_DAY, ISSUER)], acting_user=officer)
    assert not Award.objects.filter(source=AwardSource.HIGHER_BODY).exists()


# Every inbox URL × persona: the agency's, the other agency's, the office's, another office's.
INBOX_URLS = ("proposals:inbox", "proposals:receipt", "proposals:receipt_dossier",
              "proposals:receipt_file")  # fmt: skip


def _url(name, receipt):
    if name == "proposals:inbox":
        return reverse(name)
    if name == "proposals:receipt_file":
        return reverse(name, args=[receipt.pk, 0])
    return reverse(name, args=[receipt.pk])


def test_only_the_receiving_office_opens_the_inbox_and_its_dossier(receipt, province, personas):
    users = {**personas, "officer": province["officer"], "reader": province["reader"],
             "elsewhere": province["elsewhere"]}  # fmt: skip
    expected = {"officer": 200, "elsewhere": 404}  # everyone else: 403
    wrong = []
    for key, user in users.items():
        client = Client()
        client.force_login(user)
        for name in INBOX_URLS:
            status = client.get(_url(name, receipt)).status_code
            want = expected.get(key, 403)
            if name == "proposals:inbox" and key == "elsewhere":
                want = 200
            if status != want:
                wrong.append("{} {}: {} (cần {})".format(name, key, status, want))
    assert not wrong, "\n".join(wrong)
    # The other office's inbox is empty; the agencies' own pages stay theirs.
    client = Client()
    client.force_login(province["elsewhere"])
    assert receipt.document_number not in client.get(reverse("proposals:inbox")).content.decode()
    client.force_login(province["officer"])
    inbox = client.get(reverse("proposals:inbox")).content.decode()
    assert receipt.document_number in inbox and "Trường Chính trị Thử nghiệm" in inbox
    # The agency's own proposal pages and documents: only through the receipt.
    entry = receipt.entries.first().entry
    for name, args in (("proposals:proposal", []), ("proposals:proposal_docx", []),
                       ("proposals:dossier_zip", []), ("proposals:report_docx", [entry.pk])):
        url = reverse(name, args=[receipt.proposal_id, *args])
        assert client.get(url).status_code == 404, name
    people = client.get(reverse("organization:person_list")).content.decode()
    assert "Trần Thị Hoa" not in people
    person = receipt.entries.first().entry.person
    assert client.get(reverse("organization:person", args=[person.pk])).status_code == 404
    evidence = client.get(reverse("achievements:evidence_list", args=["grades"]))
    assert "Trần Thị Hoa" not in evidence.content.decode()


def test_no_one_but_the_office_writes_through_the_inbox(receipt, province, personas):
    url = reverse("proposals:receipt", args=[receipt.pk])
    row = receipt.entries.first()
    post = {"action": "return_entry", "entry": row.pk, "return_entry-reason": "Thiếu.",
            "return_entry-returned_on": "20/12/2022"}  # fmt: skip
    for user in (*personas.values(), province["reader"], province["elsewhere"]):
        client = Client()
        client.force_login(user)
        assert client.post(url, post).status_code in (403, 404)
    assert not ReceivedEntry.objects.filter(returned_on__isnull=False).exists()
    client = Client()
    client.force_login(province["officer"])
    response = client.post(url, post, follow=True)
    assert "Đã trả lại dòng" in response.content.decode()
    row.refresh_from_db()
    assert (row.returned_on, row.return_reason) == (SENT_DAY, "Thiếu.")


def test_the_office_answers_on_the_receipt_page(receipt, province, org):
    client = Client()
    client.force_login(province["officer"])
    url = reverse("proposals:receipt", args=[receipt.pk])
    page = client.get(url).content.decode()
    assert "Xét điều kiện khi gửi" in page and "Hồ sơ khi gửi" in page
    received = rows(receipt)
    hoa, son = received["Hoa"].entry_id, received["Sơn"].entry_id
    response = client.post(url, {
        "action": "answer", "decision_number": "3422/QĐ-UBND", "decided_on": "20/01/2023",
        "issued_by": ISSUER, "outcome_{}".format(hoa): "granted",
        "outcome_{}".format(son): "refused", "reason_{}".format(son): "Vượt tỷ lệ.",
    }, follow=True)  # fmt: skip
    assert "Đã ghi kết quả 2 dòng; 1 khen thưởng vào sổ" in response.content.decode()
    assert Award.objects.get(organization=org, source=AwardSource.HIGHER_BODY).code == "CSTD_TINH"
    # The list filters by agency, title and status.
    inbox = reverse("proposals:inbox")
    assert receipt.document_number in client.get(inbox, {"title": "BK_TINH"}).content.decode()
    assert receipt.document_number not in client.get(inbox, {"title": "BK_HV"}).content.decode()
    assert receipt.document_number not in client.get(inbox, {"state": "returned"}).content.decode()
    assert receipt.document_number in client.get(inbox, {"sender": org.pk}).content.decode()


def test_the_inbox_list_reads_a_bounded_number_of_queries(receipt, province, org, people):
    """The list's queries do not grow with the tờ trình received (bench/ measures its time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.proposals.models import Proposal, ProposalEntry

    client = Client()
    client.force_login(province["officer"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("proposals:inbox")).status_code == 200
        return len(queries)

    few = count()
    sent = receipt.proposal
    for number in range(2, 14):
        proposal = Proposal.objects.create(
            organization=org, year=sent.year, body=sent.body, number=number,
            number_year=sent.number_year, dated_on=sent.dated_on, session=sent.session,
            drafted_by=sent.drafted_by, state="sent", sent_on=sent.sent_on,
        )  # fmt: skip
        entry = ProposalEntry.objects.create(proposal=proposal, person=people["other"],
                                             title="BK_TINH")  # fmt: skip
        copy = Receipt.objects.create(
            proposal=proposal, receiver=province["office"], sender=org,
            document_number=proposal.document_number, received_on=sent.sent_on, dossier=b"",
            entry_count=1,
        )  # fmt: skip
        ReceivedEntry.objects.create(receipt=copy, entry=entry, subject_name="Phạm Thị Lan",
                                     title="BK_TINH")  # fmt: skip
    assert Receipt.objects.count() == 13
    assert count() == few


def test_a_return_dated_before_arrival_is_refused_on_the_page(receipt, province):
    client = Client()
    client.force_login(province["officer"])
    url = reverse("proposals:receipt", args=[receipt.pk])
    response = client.post(url, {"action": "return_all", "return_all-reason": "Sai mẫu.",
                                  "return_all-returned_on": "19/12/2022"}, follow=True)
    assert "Ngày trả lại 19/12/2022 trước ngày nhận tờ trình (20/12/2022)." in (
        response.content.decode())
    response = client.post(url, {"action": "return_all", "return_all-reason": "",
                                 "return_all-returned_on": "31/02/2022"})
    page = response.content.decode()
    assert "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy." in page
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.RECEIVED and receipt.returned_on is None
