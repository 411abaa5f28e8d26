"""The Chủ tịch UBND tỉnh's decision issued in thidua (issue 19, item 2): the province's office
drafts one decision from entries of two agencies' tờ trình, marks one not granted, records the
signed number and date; issuing writes both agencies' award registers, each agency sees its
entries' outcome and downloads the decision; refusals write nothing; only the office opens the
decision's pages."""

import io
from datetime import date, datetime, time, timedelta

import pypdf
import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.helpers.council import members as council_members
from tests.helpers.council import nominate, run_session
from tests.helpers.office import office_pdfs
from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardSource
from thidua.core.actions import ActionRefused, FieldRefused
from thidua.council.models import CouncilSession
from thidua.documents.render import build_context, render
from thidua.evidence.models import YearGrade
from thidua.organization.models import Organization
from thidua.proposals.actions import (
    EntryAnswer,
    do_draft_proposal_from_session,
    do_send_proposal,
)
from thidua.proposals.inbox import do_answer_received, do_return_entry
from thidua.proposals.models import (
    EntryOutcome,
    Proposal,
    ProposalEntry,
    ProposalState,
    Receipt,
    ReceiptState,
    ReceivedDecision,
    ReceivedDecisionState,
    ReceivedEntry,
)
from thidua.proposals.received_decision_document import RECEIVED_DECISION
from thidua.proposals.received_decisions import (
    decidable_entries,
    do_add_to_received_decision,
    do_delete_received_decision_draft,
    do_draft_received_decision,
    do_issue_received_decision,
    do_remove_from_received_decision,
    do_set_received_outcome,
)
from thidua.proposals.routing import HigherBody

pytestmark = pytest.mark.django_db
SENT_DAY = date(2022, 12, 20)
OTHER_SENT_DAY = date(2022, 12, 26)
SIGNED = date(2023, 1, 20)
MEETING = "2022-12-20 09:00 +07:00"
ISSUER = "Chủ tịch UBND tỉnh Hà Tĩnh"


@pytest.fixture
def province(org, personas):
    """The province's office receiving for the Chủ tịch UBND tỉnh above both agencies (the
    personas' school and the outsider's), its secretary, a leader of no inbox role, and a second
    receiving office above neither."""
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
def school_receipt(province, org, personas, people):
    """The school's tờ trình to the province, sent on 20/12/2022: Hoa for CSTĐ tỉnh, Đạt and
    Sơn for the Bằng khen."""
    for key in ("staff", "dat", "head"):
        for year in (2020, 2021, 2022):
            YearGrade.objects.create(organization=org, person=people[key], year=year,
                                     grade="HTXS", verification="verified")  # fmt: skip
    nominations = [
        nominate(personas, people["staff"], "CSTD_TINH", justification="Thành tích nổi bật."),
        nominate(personas, people["dat"], "BK_TINH", justification="Thành tích nổi bật."),
        nominate(personas, people["head"], "BK_TINH", justification="Thành tích nổi bật."),
    ]
    session = run_session(personas, council_members(org, personas), nominations, on=MEETING)
    proposal = do_draft_proposal_from_session(session, body=HigherBody.PROVINCE,
                                              acting_user=personas["secretary"])  # fmt: skip
    do_send_proposal(proposal, sent_on=SENT_DAY, acting_user=personas["principal"])
    return Receipt.objects.get(proposal=proposal)


@pytest.fixture
def other_receipt(province, personas):
    """The other agency's tờ trình, as it arrived (its council is not this test's): one Bằng
    khen for its lecturer Vũ Văn Khách and one CSTĐ tỉnh, received on 26/12/2022."""
    outsider = personas["outsider"]
    agency = outsider.organization
    opened = timezone.make_aware(datetime.combine(date(2022, 12, 22), time(8)))
    session = CouncilSession.objects.create(
        organization=agency, year=2022, name="Phiên họp cuối năm", meeting_on=date(2022, 12, 22),
        starts_at=time(8), opened_at=opened, opened_by=outsider,
        closed_at=opened + timedelta(hours=2), closed_by=outsider,
    )  # fmt: skip
    proposal = Proposal.objects.create(
        organization=agency, year=2022, body=HigherBody.PROVINCE, number=7, number_year=2022,
        dated_on=OTHER_SENT_DAY, session=session, drafted_by=outsider,
        state=ProposalState.SENT, sent_on=OTHER_SENT_DAY, signer=outsider,
    )  # fmt: skip
    receipt = Receipt.objects.create(
        proposal=proposal, receiver=province["office"], sender=agency,
        document_number=proposal.document_number, received_on=OTHER_SENT_DAY, dossier=b"",
        entry_count=2,
    )  # fmt: skip
    for position, title in enumerate(("BK_TINH", "CSTD_TINH"), 1):
        entry = ProposalEntry.objects.create(proposal=proposal, person=outsider.person,
                                             title=title, position=position)  # fmt: skip
        ReceivedEntry.objects.create(receipt=receipt, entry=entry, position=position,
                                     subject_name="Vũ Văn Khách", title=title)  # fmt: skip
    return receipt


def rows(receipt):
    return {(row.subject_name.split()[-1], row.title): row for row in receipt.entries.all()}


@pytest.fixture
def draft(province, school_receipt, other_receipt):
    """A draft of the Bằng khen of both agencies: Đạt and Sơn of the school, Khách of the other."""
    mine, theirs = rows(school_receipt), rows(other_receipt)
    chosen = [mine[("Đạt", "BK_TINH")], mine[("Sơn", "BK_TINH")], theirs[("Khách", "BK_TINH")]]
    return do_draft_received_decision(province["office"], chosen,
                                      acting_user=province["officer"])  # fmt: skip


def son_name(receipt, given):
    return next(r.subject_name for r in receipt.entries.all() if r.subject_name.endswith(given))


def issue(decision, officer, **changes):
    values = {"number": "1234/QĐ-UBND", "signed_on": SIGNED, "signer_name": "Võ Trọng Hải"}
    values.update(changes)
    return do_issue_received_decision(decision, acting_user=officer, **values)


def test_one_decision_writes_both_agencies_registers(draft, province, org, personas,
                                                     school_receipt, other_receipt):  # fmt: skip
    officer = province["officer"]
    assert (draft.body, draft.family, draft.year) == ("province", "forms", 2022)
    assert draft.signer_position == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert draft.entries.count() == 3
    son = rows(school_receipt)[("Sơn", "BK_TINH")]
    do_set_received_outcome(draft, son, granted=False, reason="Vượt tỷ lệ của tỉnh.",
                            acting_user=officer)  # fmt: skip
    issue(draft, officer)
    draft.refresh_from_db()
    assert draft.state == ReceivedDecisionState.ISSUED and draft.issued_by == officer
    school = Award.objects.get(organization=org, source=AwardSource.HIGHER_BODY)
    other = Award.objects.get(organization=personas["outsider"].organization)
    for award in (school, other):
        assert (award.code, award.decision_number, award.decided_on, award.issued_by) == (
            "BK_TINH", "1234/QĐ-UBND", SIGNED, ISSUER)
    assert school.person.given == "Đạt" and other.person.given == "Khách"
    son.entry.refresh_from_db()
    assert (son.entry.outcome, son.entry.refusal_reason) == (EntryOutcome.REFUSED,
                                                             "Vượt tỷ lệ của tỉnh.")
    # Every entry of the school's tờ trình but Hoa's is answered; the other's CSTĐ still waits.
    school_receipt.refresh_from_db()
    other_receipt.refresh_from_db()
    assert school_receipt.state == other_receipt.state == ReceiptState.RECEIVED
    assert set(decidable_entries(province["office"]).values_list("title", flat=True)) == {
        "CSTD_TINH"}
    # Audited under the office's officer.
    assert LogEntry.objects.get_for_object(draft).first().actor == officer
    assert LogEntry.objects.get_for_object(school).first().actor == officer


def test_drafting_refuses_what_a_decision_cannot_take(province, school_receipt, other_receipt,
                                                      personas, org):  # fmt: skip
    officer, office = province["officer"], province["office"]
    mine, theirs = rows(school_receipt), rows(other_receipt)
    before = (LogEntry.objects.count(), ReceivedDecision.objects.count())
    with pytest.raises(ActionRefused, match="hai quyết định riêng"):
        do_draft_received_decision(office, [mine[("Hoa", "CSTD_TINH")], mine[("Đạt", "BK_TINH")]],
                                   acting_user=officer)  # fmt: skip
    with pytest.raises(ActionRefused, match="Chưa chọn dòng nào"):
        do_draft_received_decision(office, [], acting_user=officer)
    # Another office's officer, the agency's secretary, the office's leader: not theirs.
    for user in (province["elsewhere"], personas["secretary"], province["reader"]):
        with pytest.raises(ActionRefused):
            do_draft_received_decision(office, [mine[("Đạt", "BK_TINH")]], acting_user=user)
    # Through another office: the entries were never received there.
    other_office = Organization.objects.get(abbreviation="BTĐKTK")
    with pytest.raises(ActionRefused, match="không có trong các tờ trình"):
        do_draft_received_decision(other_office, [mine[("Đạt", "BK_TINH")]],
                                   acting_user=province["elsewhere"])  # fmt: skip
    # An entry never received: the agency's own entry of a tờ trình not sent to the province.
    never = ReceivedEntry(pk=10**6, subject_name="Không có", title="BK_TINH")
    with pytest.raises(ActionRefused, match="không còn trong các tờ trình đã nhận"):
        do_draft_received_decision(office, [never], acting_user=officer)
    assert (LogEntry.objects.count(), ReceivedDecision.objects.count()) == before
    # Returned, answered, already in a decision.
    do_return_entry(theirs[("Khách", "CSTD_TINH")], reason="Thiếu hồ sơ.",
                    returned_on=OTHER_SENT_DAY, acting_user=officer)  # fmt: skip
    with pytest.raises(ActionRefused, match="đã trả lại ngày 26/12/2022"):
        do_draft_received_decision(office, [theirs[("Khách", "CSTD_TINH")]], acting_user=officer)
    hoa = mine[("Hoa", "CSTD_TINH")]
    do_answer_received(school_receipt, [EntryAnswer(hoa.entry, False, reason="Chưa đủ.")],
                       acting_user=officer)  # fmt: skip
    with pytest.raises(ActionRefused, match="đã có kết quả «không được khen thưởng»"):
        do_draft_received_decision(office, [mine[("Hoa", "CSTD_TINH")]], acting_user=officer)
    do_draft_received_decision(office, [mine[("Đạt", "BK_TINH")]], acting_user=officer)
    with pytest.raises(ActionRefused, match="đã có trong Dự thảo quyết định"):
        do_draft_received_decision(office, [mine[("Đạt", "BK_TINH")]], acting_user=officer)


def test_issuing_refuses_bad_input_and_writes_nothing(draft, province, school_receipt):
    officer = province["officer"]
    before = (LogEntry.objects.count(), Award.objects.count())
    tomorrow = timezone.localdate() + timedelta(days=1)
    cases = [
        ({"number": "  "}, "number", "Cần số quyết định"),
        ({"signed_on": None}, "signed_on", "Cần ngày ký"),
        ({"signed_on": tomorrow}, "signed_on", "ở tương lai"),
        # Before the other agency's tờ trình arrived (26/12/2022), after the school's.
        ({"signed_on": date(2022, 12, 24)}, "signed_on", "trước ngày nhận tờ trình 7/TTr-TCTNK"),
        ({"signer_name": ""}, "signer_name", "Cần họ và tên người ký"),
    ]
    for changes, field, message in cases:
        with pytest.raises(FieldRefused, match=message) as refused:
            issue(draft, officer, **changes)
        assert refused.value.field == field
    for user in (province["reader"], province["elsewhere"]):
        with pytest.raises(ActionRefused):
            issue(draft, user)
    # An entry answered behind the draft's back stops the whole decision: nothing is written.
    son = rows(school_receipt)[("Sơn", "BK_TINH")]
    do_return_entry(son, reason="Thiếu xác nhận.", returned_on=SENT_DAY, acting_user=officer)
    before = (LogEntry.objects.count(), Award.objects.count())
    with pytest.raises(ActionRefused, match="bỏ dòng này khỏi dự thảo"):
        issue(draft, officer)
    assert (LogEntry.objects.count(), Award.objects.count()) == before
    draft.refresh_from_db()
    assert draft.state == ReceivedDecisionState.DRAFT and draft.number == ""
    # Removed, it issues; its number is then taken.
    do_remove_from_received_decision(draft, son, acting_user=officer)
    issue(draft, officer)
    assert Award.objects.filter(decision_number="1234/QĐ-UBND").count() == 2
    with pytest.raises(ActionRefused, match="không ban hành lại được"):
        issue(draft, officer)
    with pytest.raises(ActionRefused, match="đã ban hành; không sửa được"):
        do_delete_received_decision_draft(draft, acting_user=officer)


def test_a_decision_granting_nobody_and_a_reused_number_are_refused(draft, province,
                                                                    school_receipt):  # fmt: skip
    officer = province["officer"]
    for row in draft.entries.all():
        with pytest.raises(FieldRefused, match="cần ghi lý do"):
            do_set_received_outcome(draft, row, granted=False, reason=" ", acting_user=officer)
        do_set_received_outcome(draft, row, granted=False, reason="Không đủ tiêu chuẩn.",
                                acting_user=officer)  # fmt: skip
    with pytest.raises(ActionRefused, match="không khen thưởng dòng nào"):
        issue(draft, officer)
    do_set_received_outcome(draft, draft.entries.first(), granted=True, acting_user=officer)
    issue(draft, officer)
    hoa = rows(school_receipt)[("Hoa", "CSTD_TINH")]
    second = do_draft_received_decision(province["office"], [hoa], acting_user=officer)
    with pytest.raises(FieldRefused, match="Quyết định số 1234/qđ-ubnd đã được ghi"):
        issue(second, officer, number="1234/qđ-ubnd")


def test_a_draft_is_changed_and_discarded(draft, province, other_receipt, school_receipt):
    officer = province["officer"]
    theirs = rows(other_receipt)
    with pytest.raises(ActionRefused, match="hai quyết định riêng"):
        do_add_to_received_decision(draft, [theirs[("Khách", "CSTD_TINH")]], acting_user=officer)
    son = rows(school_receipt)[("Sơn", "BK_TINH")]
    do_remove_from_received_decision(draft, son, acting_user=officer)
    assert draft.entries.count() == 2
    do_add_to_received_decision(draft, [son], acting_user=officer)
    assert draft.entries.count() == 3
    do_delete_received_decision_draft(draft, acting_user=officer)
    assert not ReceivedDecision.objects.exists()
    assert decidable_entries(province["office"]).count() == 5


def test_the_decision_document_opens_in_libreoffice(draft, province, school_receipt):
    officer = province["officer"]
    son = rows(school_receipt)[("Sơn", "BK_TINH")]
    do_set_received_outcome(draft, son, granted=False, reason="Vượt tỷ lệ.", acting_user=officer)
    context = build_context(RECEIVED_DECISION, draft)
    assert context["draft"] and context["number_line"].endswith("/QĐ-UBND")
    issue(draft, officer)
    draft.refresh_from_db()
    context = build_context(RECEIVED_DECISION, draft)
    assert context["issuer"] == "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"
    assert context["authority"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"
    assert context["number_line"] == "Số: 1234/QĐ-UBND" and not context["draft"]
    assert context["place_date"] == "Hà Tĩnh, ngày 20 tháng 01 năm 2023"
    assert (context["signer_title"], context["signer_name"]) == ("CHỦ TỊCH", "Võ Trọng Hải")
    # The law in force on the signing day (20/01/2023: Luật 2003 and NĐ 91/2017).
    assert any("91/2017/NĐ-CP" in line for line in context["bases"]), context["bases"]
    assert "Trường Chính trị Nơi khác" in context["bases"][-1]
    # The annex: the two granted, each with its agency; Sơn, not granted, is not in it.
    names = [(r["name"], r["where"]) for r in context["rows"]]
    assert [name for name, _ in names] == ["Vũ Văn Khách", son_name(school_receipt, "Đạt")]
    assert names[0][1].endswith("Khoa Khác, Trường Chính trị Nơi khác")
    assert names[1][1].endswith("Trường Chính trị Thử nghiệm")
    assert context["count"] == "2 cá nhân"
    docx = render(RECEIVED_DECISION, draft, "docx")
    pdf = render(RECEIVED_DECISION, draft, "pdf")
    office = office_pdfs({"received_decision": docx})["received_decision"]
    for data in (pdf, office):
        text = " ".join("".join(p.extract_text() or "" for p in pypdf.PdfReader(
            io.BytesIO(data)).pages).split())  # fmt: skip
        assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" in text
        assert "Số: 1234/QĐ-UBND" in text and "Vũ Văn Khách" in text
        assert son.subject_name not in text


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_office_drafts_changes_and_issues_on_its_pages(
    province, school_receipt, other_receipt, org, personas
):
    client = client_of(province["officer"])
    assert "Quyết định khen thưởng theo các tờ trình đã nhận" in client.get(
        reverse("proposals:inbox")).content.decode()  # fmt: skip
    listing = client.get(reverse("proposals:received_decision_list")).content.decode()
    assert "Còn 5 dòng đề nghị chờ quyết định" in listing
    new = reverse("proposals:received_decision_new")
    page = client.get(new, {"title": "BK_TINH"}).content.decode()
    assert "Vũ Văn Khách" in page and son_name(school_receipt, "Hoa") not in page
    page = client.get(new, {"sender": org.pk}).content.decode()
    assert "Vũ Văn Khách" not in page and son_name(school_receipt, "Hoa") in page
    mine, theirs = rows(school_receipt), rows(other_receipt)
    chosen = [mine[("Đạt", "BK_TINH")], mine[("Sơn", "BK_TINH")], theirs[("Khách", "BK_TINH")]]
    response = client.post(new, {"entries": [r.pk for r in chosen]}, follow=True)
    assert "Đã lập dự thảo quyết định với 3 dòng." in response.content.decode()
    decision = ReceivedDecision.objects.get()
    url = decision.get_absolute_url()
    # The receipt's page says which of its entries wait in the draft.
    page = client.get(school_receipt.get_absolute_url()).content.decode()
    assert "trong dự thảo quyết định hình thức khen thưởng năm 2022" in page and url in page
    # Mixing a title and a form: refused on the page, nothing drafted.
    response = client.post(new, {"entries": [mine[("Hoa", "CSTD_TINH")].pk,
                                             theirs[("Khách", "CSTD_TINH")].pk, 10**6]},
                           follow=True)  # fmt: skip
    assert "không có trong các tờ trình đã nhận" in response.content.decode()
    assert ReceivedDecision.objects.count() == 1
    son = mine[("Sơn", "BK_TINH")]
    prefix = "row{}".format(son.pk)
    response = client.post(url, {"action": "outcome", "entry": son.pk, prefix + "-granted": "no",
                                 prefix + "-reason": ""}, follow=True)  # fmt: skip
    assert "cần ghi lý do không khen thưởng" in response.content.decode()
    client.post(url, {"action": "outcome", "entry": son.pk, prefix + "-granted": "no",
                      prefix + "-reason": "Vượt tỷ lệ của tỉnh."})  # fmt: skip
    client.post(url, {"action": "remove", "entry": mine[("Đạt", "BK_TINH")].pk})
    assert decision.entries.count() == 2
    client.post(url, {"action": "add", "entries": [mine[("Đạt", "BK_TINH")].pk]})
    assert decision.entries.count() == 3
    issue_data = {"action": "issue", "issue-number": "1234/QĐ-UBND",
                  "issue-signed_on": "24/12/2022", "issue-signer_name": "Võ Trọng Hải",
                  "issue-signer_position": "Chủ tịch Ủy ban nhân dân tỉnh"}  # fmt: skip
    page = client.post(url, issue_data).content.decode()
    assert "trước ngày nhận tờ trình 7/TTr-TCTNK" in page and 'data-field="signed_on"' in page
    assert not Award.objects.exists()
    response = client.post(url, dict(issue_data, **{"issue-signed_on": "20/01/2023"}),
                           follow=True)  # fmt: skip
    assert "Đã ban hành Quyết định số 1234/QĐ-UBND ngày 20/01/2023" in response.content.decode()
    assert Award.objects.filter(decision_number="1234/QĐ-UBND").count() == 2
    page = client.get(url).content.decode()
    assert "Vượt tỷ lệ của tỉnh." in page and "Ghi quyết định đã ký" not in page
    # The school's tờ trình page shows each entry's outcome and offers the decision.
    school = client_of(personas["secretary"])
    page = school.get(reverse("proposals:proposal", args=[school_receipt.proposal_id]))
    page = page.content.decode()
    docx = reverse("proposals:received_decision_docx", args=[decision.pk])
    assert "Quyết định số 1234/QĐ-UBND ngày 20/01/2023" in page and docx in page
    assert "Vượt tỷ lệ của tỉnh." in page
    response = school.get(reverse("proposals:received_decision_pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_only_the_office_opens_the_decision_pages(draft, province, personas, school_receipt,
                                                  org, people):  # fmt: skip
    """Every decision URL × the personas of both agencies and both offices: the office's
    pages for its officers only; the documents of an issued decision also for the agencies
    whose entries it answers, through their own scope."""
    users = {**personas, "officer": province["officer"], "reader": province["reader"],
             "elsewhere": province["elsewhere"]}  # fmt: skip
    pages = ("proposals:received_decision_list", "proposals:received_decision_new",
             "proposals:received_decision")  # fmt: skip
    files = ("proposals:received_decision_docx", "proposals:received_decision_pdf")

    def url(name):
        return reverse(name, args=[] if name.endswith(("_list", "_new")) else [draft.pk])

    def walk(names, expected):
        wrong = []
        for key, user in users.items():
            client = client_of(user)
            for name in names:
                status = client.get(url(name)).status_code
                want = expected(key, name)
                if status != want:
                    wrong.append("{} {}: {} (cần {})".format(name, key, status, want))
        return wrong

    def office_pages(key, name):
        if key == "officer":
            return 200
        if key == "elsewhere":  # an office of its own: its lists, not this decision
            return 404 if name == "proposals:received_decision" else 200
        return 403

    wrong = walk(pages, office_pages)
    # A draft's documents: the office only.
    wrong += walk(files, lambda key, name: 200 if key == "officer" else 404)
    issue(draft, province["officer"])
    # Issued: also whoever reads a tờ trình with an entry in it, in each agency's own scope: the
    # school's personas (the staff member and the unit head read the tờ trình that names them)
    # and the other agency's secretary; not a staff member named in none of it, the office's
    # leader nor another office.
    readers = set(personas) | {"officer"}
    users["bystander"] = make_user("canbo2", org, Role.STAFF, person=people["other"])
    wrong += walk(files, lambda key, name: 200 if key in readers else 404)
    assert not wrong, "\n".join(wrong)
    # Nobody but the officer writes: every persona's POST is refused and changes nothing.
    post = {"action": "delete"}
    second = do_draft_received_decision(
        province["office"], [rows(school_receipt)[("Hoa", "CSTD_TINH")]],
        acting_user=province["officer"],
    )  # fmt: skip
    for key, user in users.items():
        if key != "officer":
            status = client_of(user).post(second.get_absolute_url(), post).status_code
            assert status in (403, 404), key
    assert ReceivedDecision.objects.filter(pk=second.pk).exists()


def test_the_document_cites_the_law_of_its_signing_day(draft, province):
    """A 2022 decision signed in 2024 cites Luật 2022 and NĐ 98/2023, not the 2017 decree."""
    issue(draft, province["officer"], signed_on=date(2024, 3, 1))
    draft.refresh_from_db()
    context = build_context(RECEIVED_DECISION, draft)
    bases = " ".join(context["bases"])
    assert "98/2023/NĐ-CP" in bases and "91/2017" not in bases, bases
    assert "98/2023/NĐ-CP" in context["article_two"]
    assert context["place_date"] == "Hà Tĩnh, ngày 01 tháng 3 năm 2024"
