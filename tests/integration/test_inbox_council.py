"""The province's own council on received entries (issue 19, item 2): the officer puts entries
of a tờ trình received in the inbox on the agenda of the province's council, which votes on
them with its own members and rule set (the provincial council's ballot rule) and closes; the
receipt page, the council's pages and documents show each nominee with its agency; every
refusal writes nothing; an agency never reaches the province's session."""

# The inbox's fixtures (province, receipt, session) are imported and taken as arguments.
# ruff: noqa: F811

from datetime import date, time, timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.helpers.documents import docx_text
from tests.integration.test_inbox import (  # noqa: F401 (fixtures)
    DECISION_DAY,
    ISSUER,
    SENT_DAY,
    province,
    receipt,
    rows,
    session,
)
from thidua.accounts.models import Role
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    do_add_member,
    do_annul_session,
    do_cast_ballot,
    do_close_session,
    do_open_session,
    do_set_attendance,
)
from thidua.council.ballot_count import BALLOT_COUNT
from thidua.council.documents import SESSION_NOMINATIONS
from thidua.council.minutes import MINUTES
from thidua.council.models import AgendaItem, Nomination, NominationState
from thidua.decisions.actions import do_draft_decision_from_session
from thidua.documents.render import render
from thidua.proposals.actions import EntryAnswer, passed_nominations
from thidua.proposals.inbox import (
    council_outcomes,
    council_passed,
    do_answer_received,
    do_put_received_on_agenda,
    do_return_entry,
    do_return_receipt,
)
from thidua.proposals.models import ReceivedEntry

pytestmark = pytest.mark.django_db
YEAR = 2022
PROVINCE_MEETING = date(2022, 12, 28)
AGENCY = "Trường Chính trị Thử nghiệm"


def open_province_session(province, *, year=YEAR, meeting_on=PROVINCE_MEETING, name=None):
    """The province's officer opens a session of the province's council with four members
    present: the officer as its secretary and three members of the province's office."""
    officer = province["officer"]
    council = make_council(province)
    opened = do_open_session(
        name=name or "Phiên họp Hội đồng TĐ-KT tỉnh tháng 12/2022", year=year,
        meeting_on=meeting_on, starts_at=time(8, 0), acting_user=officer,
    )  # fmt: skip
    for user, role in council:
        member = do_add_member(opened, user, role=role, acting_user=officer)
        do_set_attendance(member, present=True, acting_user=officer)
    return opened


def make_council(province):
    office = province["office"]
    if "council" not in province:
        province["council"] = [
            (province["officer"], "secretary"),
            (make_user("tinh.chutich", office, Role.COUNCIL_MEMBER), "chair"),
            (make_user("tinh.uyvien1", office, Role.COUNCIL_MEMBER), "member"),
            (make_user("tinh.uyvien2", office, Role.COUNCIL_MEMBER), "member"),
        ]
    return province["council"]


@pytest.fixture
def province_session(province):
    return open_province_session(province)


def written():
    """What the action writes: the province's nominations, agenda items, linked rows."""
    return (
        Nomination.objects.filter(outside_organization__isnull=False).count(),
        AgendaItem.objects.count(),
        ReceivedEntry.objects.filter(nomination__isnull=False).count(),
    )


def test_the_officer_puts_received_entries_on_the_province_agenda(
    receipt, province, province_session, org
):
    officer = province["officer"]
    received = rows(receipt)
    items = do_put_received_on_agenda(
        province_session, [received["Hoa"], received["Sơn"]], acting_user=officer
    )
    assert [i.nomination.subject_name for i in items] == [
        "Trần Thị Hoa ({})".format(AGENCY), "Lê Văn Sơn ({})".format(AGENCY),
    ]  # fmt: skip
    hoa = Nomination.objects.get(received_entry=received["Hoa"])
    assert (hoa.organization, hoa.outside_organization, hoa.outside_name) == (
        province["office"], org, "Trần Thị Hoa")
    assert (hoa.person, hoa.unit, hoa.is_organization, hoa.is_outside) == (None, None, False, True)
    assert (hoa.year, hoa.title, hoa.state) == (YEAR, "CSTD_TINH", NominationState.ON_AGENDA)
    # The engine's verdict on the agency's facts, under the province's rule parameters.
    assert hoa.verdict in ("eligible", "review", "ineligible")
    assert hoa.explanation["criteria"] and hoa.explanation["rule_set"]
    assert all(c["detail"] for c in hoa.explanation["criteria"])
    assert hoa.justification == "Theo Tờ trình số {} ngày 20/12/2022 của {}.".format(
        receipt.document_number, AGENCY)
    # Audited under the officer; the third row still waits for the council or an answer.
    assert LogEntry.objects.get_for_object(hoa).first().actor == officer
    assert LogEntry.objects.get_for_object(received["Hoa"]).first().actor == officer
    assert ReceivedEntry.objects.get(pk=received["Đạt"].pk).nomination is None
    outcomes = council_outcomes(ReceivedEntry.objects.filter(receipt=receipt))
    assert set(outcomes) == {received["Hoa"].pk, received["Sơn"].pk}
    assert outcomes[received["Hoa"].pk]["session"] == province_session
    assert outcomes[received["Hoa"].pk]["result"] is None


def test_two_agencies_may_send_the_same_name_and_title(receipt, province, province_session):
    """The organisation's unique titles never fire for outside nominees: the constraint on
    "the organisation itself" would have refused a second nominee with no person or unit."""
    received = rows(receipt)
    do_put_received_on_agenda(province_session, [received["Đạt"], received["Sơn"]],
                              acting_user=province["officer"])  # fmt: skip
    assert Nomination.objects.filter(title="BK_TINH", outside_organization__isnull=False,
                                     state=NominationState.ON_AGENDA).count() == 2  # fmt: skip


def vote(province_session, province, against=None):
    """Every member agrees to every item, except the members in `against` for items whose
    nominee's name is in `against[member]`."""
    for item in province_session.items.select_related("nomination"):
        for index, (user, _) in enumerate(make_council(province)):
            refused = item.nomination.outside_name in (against or {}).get(index, ())
            choice = "disagree" if refused else "agree"
            do_cast_ballot(province_session, item, choice, acting_user=user)


def test_the_province_council_votes_closes_and_each_entry_shows_its_result(
    receipt, province, province_session, personas
):
    officer = province["officer"]
    received = rows(receipt)
    do_put_received_on_agenda(province_session, list(received.values()), acting_user=officer)
    # One member of four against Hoa's CSTĐ tỉnh: 75% would pass at an agency's own council
    # (70% of those voting), not at the province's (NĐ 91 Điều 45.8: 90% of all members).
    vote(province_session, province, against={3: ("Trần Thị Hoa",)})
    do_close_session(province_session, acting_user=officer)
    province_session.refresh_from_db()
    results = {r["subject"]: r for r in province_session.results["items"]}
    hoa = results["Trần Thị Hoa ({})".format(AGENCY)]
    assert (hoa["agree"], hoa["denominator_kind"], hoa["threshold"]) == (3, "total_members", 0.9)
    assert hoa["passed"] is False  # and not at CSTĐCS, the agency's own title
    son = results["Lê Văn Sơn ({})".format(AGENCY)]
    assert son["passed"] is True and son["passed_title"] == "BK_TINH"
    fresh = list(ReceivedEntry.objects.filter(receipt=receipt).select_related("nomination"))
    assert {r.subject_name for r in council_passed(fresh)} == {"Lê Văn Sơn", "Nguyễn Văn Đạt"}
    outcomes = council_outcomes(fresh)
    assert outcomes[received["Hoa"].pk]["state"] == NominationState.FAILED
    passed = outcomes[received["Sơn"].pk]["result"]["passed_title_name"]
    assert passed == "Bằng khen của Chủ tịch UBND tỉnh"
    # The province's own decision and tờ trình never take another organisation's nominee.
    assert passed_nominations(province_session) == []
    with pytest.raises(ActionRefused):
        do_draft_decision_from_session(province_session, acting_user=officer)
    # The receipt page shows each entry's council result, and now takes the answers.
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("proposals:receipt", args=[receipt.pk])).content.decode()
    assert page.count("Hội đồng thông qua") == 2 and "Không được thông qua" in page
    assert "3/4 phiếu đồng ý" in page and province_session.name in page
    assert 'id="answers-form"' in page
    # The agency reads where the province's council stands on each entry, never its session.
    agency = Client()
    agency.force_login(personas["secretary"])
    page = agency.get(receipt.proposal.get_absolute_url()).content.decode()
    office = province["office"].name
    assert page.count("Hội đồng Thi đua – Khen thưởng của {} đã thông qua".format(office)) == 2
    assert "Hội đồng Thi đua – Khen thưởng của {} không thông qua".format(office) in page
    assert province_session.name not in page
    # Answering the passed ones writes the agency's register as before.
    awards = do_answer_received(receipt, [
        EntryAnswer(r.entry, True, "3422/QĐ-UBND", DECISION_DAY, ISSUER)
        for r in council_passed(fresh)
    ], acting_user=officer)  # fmt: skip
    assert len(awards) == 2


def test_results_minutes_and_vote_count_show_the_agency_beside_each_nominee(
    receipt, province, province_session
):
    officer = province["officer"]
    do_put_received_on_agenda(province_session, list(rows(receipt).values()),
                              acting_user=officer)  # fmt: skip
    listed = docx_text(render(SESSION_NOMINATIONS, province_session, "docx"))
    assert "Trần Thị Hoa ({})".format(AGENCY) in listed and listed.count(AGENCY) >= 6
    vote(province_session, province)
    do_close_session(province_session, acting_user=officer)
    province_session.refresh_from_db()
    for kind in (MINUTES, BALLOT_COUNT):
        text = docx_text(render(kind, province_session, "docx"))
        for name in ("Trần Thị Hoa", "Lê Văn Sơn", "Nguyễn Văn Đạt"):
            assert "{} ({})".format(name, AGENCY) in text, (kind, name)
        assert "{{" not in text
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("council:session", args=[province_session.pk])).content.decode()
    assert "Lê Văn Sơn ({})".format(AGENCY) in page
    nomination = Nomination.objects.filter(outside_name="Lê Văn Sơn").get()
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert 'id="nomination-agency"' in page and AGENCY in page
    listing = client.get(reverse("council:nomination_list")).content.decode()
    assert "Nguyễn Văn Đạt ({})".format(AGENCY) in listing


def test_an_annulled_session_sends_the_entries_back_to_be_put_again(
    receipt, province, province_session
):
    officer = province["officer"]
    received = rows(receipt)
    do_put_received_on_agenda(province_session, [received["Sơn"]], acting_user=officer)
    vote(province_session, province)
    do_close_session(province_session, acting_user=officer)
    row = ReceivedEntry.objects.get(pk=received["Sơn"].pk)
    again = open_province_session(province, name="Phiên họp lại")
    with pytest.raises(ActionRefused, match="Hội đồng đã xét .*, kết quả «hội đồng thông qua»"):
        do_put_received_on_agenda(again, [row], acting_user=officer)
    do_annul_session(province_session, reason="Sai thành phần.", acting_user=officer)
    row.refresh_from_db()
    # Back among the nominations waiting on the session page, grouped by its agency.
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("council:session", args=[again.pk])).content.decode()
    assert "Lê Văn Sơn ({})".format(AGENCY) in page and "agency:{}".format(
        row.receipt.sender_id) in page
    [item] = do_put_received_on_agenda(again, [row], acting_user=officer)
    assert item.nomination.pk == row.nomination_id  # the same nomination, put again


def test_an_entry_before_the_council_is_neither_returned_nor_answered(
    receipt, province, province_session
):
    officer = province["officer"]
    received = rows(receipt)
    do_put_received_on_agenda(province_session, [received["Sơn"]], acting_user=officer)
    row = ReceivedEntry.objects.get(pk=received["Sơn"].pk)
    with pytest.raises(ActionRefused, match="đang trong chương trình"):
        do_return_entry(row, reason="Thiếu.", returned_on=SENT_DAY, acting_user=officer)
    with pytest.raises(ActionRefused, match="đang trong chương trình"):
        do_return_receipt(receipt, reason="Thiếu.", returned_on=SENT_DAY, acting_user=officer)
    with pytest.raises(ActionRefused, match="đang trong chương trình"):
        do_answer_received(receipt, [EntryAnswer(row.entry, False, reason="Không.")],
                           acting_user=officer)  # fmt: skip
    row.refresh_from_db()
    assert row.returned_on is None and row.entry.outcome == "pending"


def refusals(receipt, province, province_session, personas, session):
    officer = province["officer"]
    received = rows(receipt)
    hoa, son, dat = received["Hoa"], received["Sơn"], received["Đạt"]
    return {
        "nothing chosen": (province_session, [], officer, "Chưa chọn dòng nào"),
        "agency secretary": (province_session, [hoa], personas["secretary"], "Chỉ thường trực"),
        "another office": (province_session, [hoa], province["elsewhere"], "Chỉ thường trực"),
        "a reader of the office": (province_session, [hoa], province["reader"], "Chỉ thường trực"),
        "the agency's session": (session, [hoa], officer, "là của " + AGENCY),
    }, (hoa, son, dat)


def test_every_refusal_writes_nothing(receipt, province, province_session, personas, session):
    officer = province["officer"]
    cases, (hoa, son, dat) = refusals(receipt, province, province_session, personas, session)
    for name, (target, chosen, user, message) in cases.items():
        with pytest.raises(ActionRefused, match=message):
            do_put_received_on_agenda(target, chosen, acting_user=user)
        assert written() == (0, 4, 0), name  # the agency's own four items only
    # A returned row, refused even beside a good one: nothing half-written.
    do_return_entry(dat, reason="Thiếu hồ sơ.", returned_on=SENT_DAY, acting_user=officer)
    with pytest.raises(ActionRefused, match="đã trả lại ngày 20/12/2022"):
        do_put_received_on_agenda(province_session, [hoa, dat], acting_user=officer)
    assert written() == (0, 4, 0)
    # An answered row.
    do_answer_received(receipt, [EntryAnswer(son.entry, False, reason="Vượt tỷ lệ.")],
                       acting_user=officer)  # fmt: skip
    with pytest.raises(ActionRefused, match="đã có kết quả «không được khen thưởng»"):
        do_put_received_on_agenda(province_session, [hoa, son], acting_user=officer)
    assert written() == (0, 4, 0)
    # Already on an agenda.
    do_put_received_on_agenda(province_session, [hoa], acting_user=officer)
    with pytest.raises(ActionRefused, match="đã có trong chương trình Hội đồng"):
        do_put_received_on_agenda(province_session, [hoa], acting_user=officer)
    assert written() == (1, 5, 1)


def test_the_session_must_be_open_of_the_year_and_after_the_tờ_trình_arrived(
    receipt, province
):
    officer = province["officer"]
    hoa = rows(receipt)["Hoa"]
    later = open_province_session(province, year=2023, meeting_on=date(2023, 1, 10),
                                  name="Phiên họp năm 2023")  # fmt: skip
    with pytest.raises(ActionRefused, match="đề nghị khen thưởng năm 2022; phiên họp"):
        do_put_received_on_agenda(later, [hoa], acting_user=officer)
    early = open_province_session(province, meeting_on=SENT_DAY - timedelta(days=1),
                                  name="Phiên họp sớm")  # fmt: skip
    with pytest.raises(ActionRefused, match="trước ngày nhận tờ trình"):
        do_put_received_on_agenda(early, [hoa], acting_user=officer)
    closed = open_province_session(province, name="Phiên họp đã xong")
    son = rows(receipt)["Sơn"]
    do_put_received_on_agenda(closed, [son], acting_user=officer)
    vote(closed, province)
    do_close_session(closed, acting_user=officer)
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        do_put_received_on_agenda(closed, [hoa], acting_user=officer)
    assert Nomination.objects.filter(outside_name="Trần Thị Hoa").count() == 0
    # A tờ trình returned whole takes nothing to the council.
    do_return_receipt(receipt, reason="Sai mẫu.", returned_on=SENT_DAY, acting_user=officer)
    open_now = open_province_session(province, name="Phiên họp sau")
    with pytest.raises(ActionRefused, match="đã được trả lại"):
        do_put_received_on_agenda(open_now, [hoa], acting_user=officer)
    assert Nomination.objects.filter(outside_name="Trần Thị Hoa").count() == 0


def test_the_receipt_page_puts_ticked_entries_before_the_council(receipt, province):
    client = Client()
    client.force_login(province["officer"])
    url = reverse("proposals:receipt", args=[receipt.pk])
    page = client.get(url).content.decode()
    # No open session: the officer is told to open one, with the link.
    assert 'id="no-session"' in page and reverse("council:session_add") in page
    opened = open_province_session(province)
    page = client.get(url).content.decode()
    assert 'id="agenda-form"' in page and opened.name in page
    received = rows(receipt)
    response = client.post(url, {"action": "agenda", "session": opened.pk}, follow=True)
    assert "Chọn ít nhất một dòng để đưa ra Hội đồng." in response.content.decode()
    chosen = [received["Hoa"].pk, received["Đạt"].pk]
    response = client.post(url, {"action": "agenda", "session": opened.pk, "rows": chosen},
                           follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Đã đưa 2 dòng ra Hội đồng, phiên họp «{}».".format(opened.name) in page
    assert page.count("Đưa ra Hội đồng</strong>") == 2
    assert set(opened.items.values_list("nomination__outside_name", flat=True)) == {
        "Trần Thị Hoa", "Nguyễn Văn Đạt"}
    # The rows on the agenda are no longer offered for the council or for an answer.
    assert 'id="agenda-row-{}"'.format(received["Hoa"].pk) not in page
    assert 'id="agenda-row-{}"'.format(received["Sơn"].pk) in page


def test_no_one_else_puts_entries_on_the_agenda_through_the_page(receipt, province, personas):
    opened = open_province_session(province)
    url = reverse("proposals:receipt", args=[receipt.pk])
    post = {"action": "agenda", "session": opened.pk, "rows": [rows(receipt)["Hoa"].pk]}
    for user in (*personas.values(), province["reader"], province["elsewhere"]):
        client = Client()
        client.force_login(user)
        assert client.post(url, post).status_code in (403, 404)
    assert not opened.items.exists()


def test_an_agency_never_reaches_the_province_session(receipt, province, personas):
    opened = open_province_session(province)
    do_put_received_on_agenda(opened, list(rows(receipt).values()),
                              acting_user=province["officer"])  # fmt: skip
    nomination = Nomination.objects.filter(outside_organization__isnull=False).first()
    urls = [
        reverse("council:session", args=[opened.pk]),
        reverse("council:session_tally", args=[opened.pk]),
        reverse("council:session_document", args=[opened.pk, "session_nominations", "pdf"]),
        nomination.get_absolute_url(),
    ]
    for user in personas.values():
        client = Client()
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (403, 404), (user, url)
        listing = client.get(reverse("council:nomination_list")).content.decode()
        assert "({})".format(AGENCY) not in listing
        ballot = client.get(reverse("council:ballot"))
        assert ballot.status_code in (200, 403) and opened.name not in ballot.content.decode()


def test_a_province_session_counted_on_paper_and_the_members_ballot_page(receipt, province):
    """The paper count and the members' ballot page name the outside nominees with their
    agency; the count is judged by the provincial council's rule (all members, 90%)."""
    from thidua.council.actions import PaperCount, do_record_paper_counts

    officer = province["officer"]
    on_screen = open_province_session(province, name="Phiên họp bỏ phiếu trên màn hình")
    received = rows(receipt)
    do_put_received_on_agenda(on_screen, [received["Đạt"]], acting_user=officer)
    member = make_council(province)[2][0]
    client = Client()
    client.force_login(member)
    page = client.get(reverse("council:ballot")).content.decode()
    assert "Nguyễn Văn Đạt ({})".format(AGENCY) in page
    paper = do_open_session(
        name="Phiên họp trên giấy", year=YEAR, meeting_on=PROVINCE_MEETING,
        starts_at=time(8, 0), on_paper=True, acting_user=officer,
    )  # fmt: skip
    for user, role in make_council(province):
        seat = do_add_member(paper, user, role=role, acting_user=officer)
        do_set_attendance(seat, present=True, acting_user=officer)
    [item] = do_put_received_on_agenda(paper, [received["Hoa"]], acting_user=officer)
    client.force_login(officer)
    page = client.get(reverse("council:session", args=[paper.pk])).content.decode()
    assert "Trần Thị Hoa ({})".format(AGENCY) in page
    do_record_paper_counts(paper, {item: PaperCount(4, 4, 4, 3, 1)}, acting_user=officer)
    do_close_session(paper, acting_user=officer)
    paper.refresh_from_db()
    [result] = paper.results["items"]
    assert (result["subject"], result["passed"]) == ("Trần Thị Hoa ({})".format(AGENCY), False)


def test_the_verdict_is_the_engine_s_under_the_receiver_s_parameters(receipt, province):
    """The agency's explanation at sending asks for a registration for CSTĐ tỉnh; a province
    whose parameters ask registration only for CSTĐCS judges the same facts without it."""
    from thidua.proposals.inbox import judged_by_receiver

    hoa = rows(receipt)["Hoa"]
    sent = [c["detail"] for c in hoa.explanation["criteria"]]
    assert "Chưa có dữ liệu đăng ký thi đua" in sent
    office = province["office"]
    office.rule_overrides = {"2017": {"registration_titles": ["CSTD_CS"]}}
    office.save()
    session = open_province_session(province)
    do_put_received_on_agenda(session, [hoa], acting_user=province["officer"])
    nomination = Nomination.objects.get(received_entry=hoa)
    codes = [c["code"] for c in nomination.explanation["criteria"]]
    assert "registration" not in codes and "cstd_cs_consecutive" in codes
    assert nomination.verdict == "ineligible"  # no CSTĐCS three years running, either way
    assert judged_by_receiver(receipt, [hoa])[hoa.pk][0] == "ineligible"


def test_the_decision_takes_only_what_the_province_council_passed(
    receipt, province, province_session
):
    """An entry put before the province's council waits for its vote; once the session has
    closed, the decision takes the entries the council passed and refuses the others."""
    from thidua.proposals.models import ReceivedDecisionState
    from thidua.proposals.received_decisions import (
        decidable_entries,
        do_draft_received_decision,
        do_issue_received_decision,
    )

    officer, office = province["officer"], province["office"]
    received = rows(receipt)
    do_put_received_on_agenda(province_session, list(received.values()), acting_user=officer)
    assert not decidable_entries(office).exists()
    with pytest.raises(ActionRefused, match="đưa ra Hội đồng"):
        do_draft_received_decision(office, [received["Sơn"]], acting_user=officer)
    vote(province_session, province, against={3: ("Trần Thị Hoa",)})
    do_close_session(province_session, acting_user=officer)
    decidable = {row.subject_name for row in decidable_entries(office)}
    assert decidable == {"Lê Văn Sơn", "Nguyễn Văn Đạt"}
    hoa = ReceivedEntry.objects.get(pk=received["Hoa"].pk)
    with pytest.raises(ActionRefused, match="chỉ trường hợp Hội đồng đã thông qua"):
        do_draft_received_decision(office, [hoa], acting_user=officer)
    passed = [ReceivedEntry.objects.get(pk=received[g].pk) for g in ("Sơn", "Đạt")]
    draft = do_draft_received_decision(office, passed, acting_user=officer)
    issued = do_issue_received_decision(
        draft, number="3422/QĐ-UBND", signed_on=DECISION_DAY, signer_name="Võ Trọng Hải",
        acting_user=officer,
    )  # fmt: skip
    assert issued.state == ReceivedDecisionState.ISSUED
    for row in passed:
        row.entry.refresh_from_db()
        assert (row.entry.outcome, row.entry.decision_number) == ("granted", "3422/QĐ-UBND")
