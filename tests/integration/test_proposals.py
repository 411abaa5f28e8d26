"""Proposals to higher bodies: drafting from a closed session, sending, the higher level's
answer into the award register, roles and forged requests, and the dossier's documents."""

import io
import re
import zipfile
from datetime import date, timedelta

import pypdf
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.conftest import make_person
from tests.helpers.council import MEETING_ON, run_session
from tests.helpers.council import members as council_members
from tests.helpers.council import nominate as council_nominate
from tests.helpers.documents import docx_paragraphs, docx_text, pdf_text
from thidua.awards.models import Award
from thidua.core.actions import ActionRefused
from thidua.core.choices import TitleCode
from thidua.council.actions import (
    do_add_member,
    do_annul_session,
    do_cast_ballot,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.evaluation.facts import assemble_facts, person_id
from thidua.evidence.models import Authorship, Initiative, YearGrade
from thidua.proposals.achievement_report import (
    AchievementReport,
    build_achievement_report_context,
)
from thidua.proposals.actions import (
    EntryAnswer,
    do_draft_proposal_from_session,
    do_record_answers,
    do_record_approval,
    do_record_rejection,
    do_send_proposal,
)
from thidua.proposals.models import Proposal, ProposalEntry
from thidua.proposals.routing import HigherBody, body_for, route_source
from thidua.rules import authority

pytestmark = pytest.mark.django_db
YEAR = 2022
SENT_DAY = date(2022, 12, 20)
DECISION_DAY = date(2023, 1, 20)
# The council meets on the morning the tờ trình is signed (SENT_DAY): a tờ trình is not dated
# before the meeting day.
MEETING = "2022-12-20 09:00 +07:00"


@pytest.fixture
def members(org, personas):
    return council_members(org, personas)


def nominate(personas, person, title):
    return council_nominate(personas, person, title, justification="Thành tích nổi bật.")


@pytest.fixture
def nominees(org, people):
    """Three years of HTXS and an initiative for the staff member (the CSTĐ tỉnh nominee)."""
    people["staff"].staff_code = "0042"
    people["staff"].birth_date = date(1980, 5, 7)
    people["staff"].save()
    for key in ("staff", "dat", "head"):
        for year in (2020, 2021, 2022):
            YearGrade.objects.create(organization=org, person=people[key], year=year,
                                     grade="HTXS", verification="verified")  # fmt: skip
    initiative = Initiative.objects.create(
        organization=org, title="Đổi mới phương pháp giảng dạy lý luận", year=2021,
        level="co_so", recognized_by="Hội đồng Khoa học Trường", decision_number="61/QĐ-TCTTN",
        decided_on=date(2021, 11, 20), verification="verified",
    )  # fmt: skip
    Authorship.objects.create(initiative=initiative, person=people["staff"], share=100)
    Award.objects.create(
        organization=org, person=people["staff"], year=2021, code="CSTD_CS", source="own",
        decision_number="121/QĐ-TCTTN", decided_on=date(2021, 12, 28), issued_by="Hiệu trưởng",
    )  # fmt: skip
    return people


@pytest.fixture
def session(personas, members, nominees):
    nominations = [
        nominate(personas, nominees["staff"], "CSTD_TINH"),
        nominate(personas, nominees["dat"], "BK_TINH"),
        nominate(personas, nominees["head"], "BK_HV"),
        nominate(personas, nominees["head"], "LDTT"),
    ]
    return run_session(personas, members, nominations, on=MEETING)


def draft(session, personas, body=HigherBody.PROVINCE):
    return do_draft_proposal_from_session(session, body=body, acting_user=personas["secretary"])


def sent(session, personas, body=HigherBody.PROVINCE):
    proposal = draft(session, personas, body)
    return do_send_proposal(proposal, sent_on=SENT_DAY, acting_user=personas["principal"])


def approve(proposal, personas, number="3422/QĐ-UBND", **extra):
    return do_record_approval(
        proposal, decision_number=number, decided_on=extra.pop("decided_on", DECISION_DAY),
        issued_by=extra.pop("issued_by", "Chủ tịch UBND tỉnh Hà Tĩnh"),
        acting_user=extra.pop("acting_user", personas["secretary"]),
    )  # fmt: skip


def make(kind, *args):
    call_command("make_document", kind, "--organization", "TCTTN", *args)


# --- the routing table -------------------------------------------------------------------------


def test_routing_covers_every_title_above_the_school_with_a_source():
    # One source of authority (thidua.rules.authority): the proposals ask it.
    day = date(2022, 12, 20)
    above = {"TTLDXS", "CSTD_TINH", "BK_TINH", "CO_TINH", "BK_HV", "CO_HV", "CSTD_TQ", "BK_TTG",
             "CO_CP"}  # fmt: skip
    assert {t for t in TitleCode.values if body_for(t, day)} == above
    assert not above & set(authority.own_titles("2017"))
    assert {body_for(t, day) for t in ("BK_HV", "CO_HV")} == {HigherBody.ACADEMY}
    assert {body_for(t, day) for t in ("CSTD_TQ", "BK_TTG", "CO_CP")} == {HigherBody.GOVERNMENT}
    for title in above:
        source = route_source(title, day)
        assert source["text"] and "[" not in source["text"] and "law" not in source["text"]
    assert route_source("LDTT", day) is None
    # The source follows the law in force on the tờ trình's date.
    assert "2003" in route_source("TTLDXS", day)["text"]
    assert "06/2022/QH15" in route_source("TTLDXS", date(2024, 1, 10))["text"]


def test_a_tờ_trình_cites_the_law_of_its_own_date_not_of_the_award_year():
    from thidua.proposals.documents import legal_bases

    # A 2023 tờ trình signed in January 2024: Luật 2022 and NĐ 98/2023, nothing repealed.
    january = "\n".join(legal_bases(date(2024, 1, 10)))
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in january
    assert "Nghị định số 98/2023/NĐ-CP" in january
    assert "2003" not in january and "91/2017" not in january and "12/2019" not in january
    # Signed in December 2022: Luật 2003/2013, NĐ 91/2017 and TT 12/2019/TT-BNV.
    december = "\n".join(legal_bases(date(2022, 12, 20)))
    assert "91/2017/NĐ-CP" in december and "12/2019/TT-BNV" in december
    assert "152/2025" in "\n".join(legal_bases(date(2025, 7, 1)))


# --- drafting ----------------------------------------------------------------------------------


def test_draft_takes_only_passed_titles_above_the_school(session, personas, nominees):
    province = draft(session, personas)
    assert (province.number, province.state, province.year) == (1, "draft", YEAR)
    assert province.document_number == "1/TTr-TCTTN"  # to the province: state style (NĐ 30)
    assert [(e.person, e.title) for e in province.entries.all()] == [
        (nominees["staff"], "CSTD_TINH"), (nominees["dat"], "BK_TINH"),
    ]  # fmt: skip
    academy = draft(session, personas, HigherBody.ACADEMY)
    assert academy.number == 2
    assert [e.title for e in academy.entries.all()] == ["BK_HV"]
    # LĐTT is the principal's own decision: it never goes up.
    assert not ProposalEntry.objects.filter(title="LDTT").exists()
    assert LogEntry.objects.get_for_object(province).get().actor == personas["secretary"]
    # The same results cannot go up twice.
    with pytest.raises(ActionRefused, match="không còn kết quả"):
        draft(session, personas)
    with pytest.raises(ActionRefused, match="không còn kết quả"):
        draft(session, personas, HigherBody.GOVERNMENT)


def test_draft_refuses_open_and_annulled_sessions_and_other_roles(personas, members, nominees):
    open_one = run_session(personas, members, [nominate(personas, nominees["staff"], "CSTD_TINH")],
                           close=False)  # fmt: skip
    with pytest.raises(ActionRefused, match="chưa kết thúc"):
        draft(open_one, personas)
    do_close_session(open_one, acting_user=personas["secretary"])
    for persona in ("principal", "unit_head", "staff", "council_member", "leader", "outsider"):
        with pytest.raises(ActionRefused, match="thường trực"):
            do_draft_proposal_from_session(open_one, body="province",
                                           acting_user=personas[persona])  # fmt: skip
    do_annul_session(open_one, reason="Sai thành phần", acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã bị huỷ"):
        draft(open_one, personas)
    with pytest.raises(ActionRefused, match="Cấp trình không hợp lệ"):
        draft(open_one, personas, "ministry")
    assert not Proposal.objects.exists()


def test_a_proposal_of_an_annulled_session_is_neither_sent_nor_approved(session, personas):
    drafted = draft(session, personas)
    academy = draft(session, personas, HigherBody.ACADEMY)
    do_annul_session(session, reason="Thiếu thành viên bỏ phiếu", acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match=r"đã bị huỷ \(Thiếu thành viên bỏ phiếu\)"):
        do_send_proposal(drafted, sent_on=SENT_DAY, acting_user=personas["principal"])
    # One sent before its session was annulled (older data, or annulled by other means).
    Proposal.objects.filter(pk=academy.pk).update(state="sent", sent_on=SENT_DAY)
    with pytest.raises(ActionRefused, match="đã bị huỷ"):
        approve(academy, personas)
    assert [p.state for p in Proposal.objects.order_by("pk")] == ["draft", "sent"]
    assert not Award.objects.filter(source="higher").exists()
    # A rejection may still be recorded: it writes nothing into the register.
    do_record_rejection(academy, reason="Kết quả bình xét bị huỷ.",
                        acting_user=personas["secretary"])  # fmt: skip


def test_failed_results_do_not_go_up(personas, members, nominees):
    nomination = nominate(personas, nominees["staff"], "CSTD_TINH")
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên", year=YEAR, meeting_on=MEETING_ON, acting_user=secretary)
    for user, role in members:
        member = do_add_member(session, user, role=role, acting_user=secretary)
        do_set_attendance(member, present=True, acting_user=secretary)
    [item] = do_put_on_agenda(session, [nomination], acting_user=secretary)
    # 1 of 4 members: 25%, under any threshold the school's council applies.
    for (user, _), choice in zip(members, ("agree", "disagree", "disagree", "disagree"),
                                 strict=True):  # fmt: skip
        do_cast_ballot(session, item, choice, acting_user=user)
    do_close_session(session, acting_user=secretary)
    with pytest.raises(ActionRefused, match="không còn kết quả"):
        draft(session, personas)


# --- sending and answers -----------------------------------------------------------------------


def test_only_the_principal_signs_and_sends_once(session, personas):
    proposal = draft(session, personas)
    for persona in ("secretary", "unit_head", "council_member", "outsider"):
        with pytest.raises(ActionRefused, match="Hiệu trưởng"):
            do_send_proposal(proposal, acting_user=personas[persona])
    with pytest.raises(ActionRefused, match="chỉ ghi kết quả cho tờ trình đã gửi"):
        approve(proposal, personas)
    do_send_proposal(proposal, sent_on=date(2022, 12, 20), acting_user=personas["principal"])
    proposal.refresh_from_db()
    assert (proposal.state, proposal.signer, proposal.sent_on, proposal.dated_on) == (
        "sent", personas["principal"], date(2022, 12, 20), date(2022, 12, 20),
    )  # fmt: skip
    with pytest.raises(ActionRefused, match="không gửi lại"):
        do_send_proposal(proposal, acting_user=personas["principal"])


def test_approval_writes_the_register_once_and_next_year_sees_it(session, personas, nominees, org):
    proposal = sent(session, personas)
    with pytest.raises(ActionRefused, match="thường trực"):
        approve(proposal, personas, acting_user=personas["principal"])
    with pytest.raises(ActionRefused, match="Cần số"):
        approve(proposal, personas, number="  ")
    awards = approve(proposal, personas)
    assert {(a.person, a.code, a.source, a.year) for a in awards} == {
        (nominees["staff"], "CSTD_TINH", "higher", YEAR),
        (nominees["dat"], "BK_TINH", "higher", YEAR),
    }  # fmt: skip
    assert {a.decision_number for a in awards} == {"3422/QĐ-UBND"}
    assert LogEntry.objects.get_for_object(awards[0]).get().actor == personas["secretary"]
    with pytest.raises(ActionRefused, match="chỉ ghi kết quả cho tờ trình đã gửi"):
        approve(proposal, personas)
    with pytest.raises(ActionRefused, match="chỉ ghi kết quả"):
        do_record_rejection(proposal, reason="Nhầm", acting_user=personas["secretary"])
    assert Award.objects.filter(code="CSTD_TINH", year=YEAR).count() == 1
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_on) == ("approved", DECISION_DAY)
    # The next year's evaluation reads the title from the register.
    facts = assemble_facts(org, YEAR + 1)
    staff = next(p for p in facts.people if p.id == person_id(nominees["staff"].pk))
    assert "CSTD_TINH" in staff.titles[YEAR]


def test_a_decision_number_is_recorded_once_per_body_and_year(session, personas, members,
                                                              nominees, org, units):  # fmt: skip
    first = sent(session, personas)
    academy = sent(session, personas, HigherBody.ACADEMY)
    extra = make_person(org, units["a"], "Đỗ Văn", "Hùng")
    YearGrade.objects.create(organization=org, person=extra, year=YEAR, grade="HTXS",
                             verification="verified")  # fmt: skip
    again = run_session(personas, members, [nominate(personas, extra, "CSTD_TINH")],
                        name="Bổ sung", on=MEETING)  # fmt: skip
    second = sent(again, personas)
    assert (first.number, academy.number, second.number) == (1, 2, 3)
    approve(first, personas, number="3422/QĐ-UBND")
    with pytest.raises(ActionRefused, match="đã được ghi cho tờ trình 1/TTr-TCTTN"):
        approve(second, personas, number="3422/qđ-ubnd")
    assert not Award.objects.filter(person=extra).exists()
    approve(second, personas, number="3500/QĐ-UBND")
    # Another body may use the same number for its own decision.
    approve(academy, personas, number="3422/QĐ-UBND", issued_by="Giám đốc Học viện")
    assert Award.objects.filter(source="higher").count() == 4


def test_approval_refuses_an_award_already_in_the_register(session, personas, nominees, org):
    proposal = sent(session, personas)
    Award.objects.create(organization=org, person=nominees["staff"], year=YEAR, code="CSTD_TINH",
                         source="higher", decision_number="1/QĐ-UBND", decided_on=DECISION_DAY,
                         issued_by="UBND tỉnh")  # fmt: skip
    with pytest.raises(
        ActionRefused,
        match=r"Sổ khen thưởng đã có: Trần Thị Hoa – Chiến sĩ thi "
        r"đua cấp tỉnh năm 2022 \(Quyết định số 1/QĐ-UBND ngày 20/01/2023",
    ):
        approve(proposal, personas)
    assert Award.objects.filter(person=nominees["dat"]).count() == 0
    with pytest.raises(ActionRefused, match="tương lai"):
        approve(proposal, personas, decided_on=timezone.localdate() + timedelta(days=1))


def test_rejection_needs_a_reason_and_writes_nothing(session, personas):
    proposal = sent(session, personas)
    with pytest.raises(ActionRefused, match="lý do"):
        do_record_rejection(proposal, reason=" ", acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="thường trực"):
        do_record_rejection(proposal, reason="x", acting_user=personas["principal"])
    do_record_rejection(proposal, reason="Chưa đủ 90% phiếu tại Hội đồng tỉnh.",
                        acting_user=personas["secretary"])  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.state, proposal.rejection_reason) == (
        "rejected", "Chưa đủ 90% phiếu tại Hội đồng tỉnh.",
    )  # fmt: skip
    with pytest.raises(ActionRefused):
        approve(proposal, personas)
    assert not Award.objects.filter(source="higher").exists()


# --- screens -----------------------------------------------------------------------------------


def assert_csp_clean(response):
    html = response.content.decode()
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " on" + "click=" not in html


def test_secretary_drafts_and_records_through_the_screens(client, session, personas, nominees):
    client.force_login(personas["secretary"])
    page = client.get(reverse("proposals:proposal_draft"))
    assert page.status_code == 200 and "Trình Chủ tịch UBND tỉnh" in page.content.decode()
    assert_csp_clean(page)
    response = client.post(reverse("proposals:proposal_draft"),
                           {"session": session.pk, "body": "province"})  # fmt: skip
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    page = client.get(proposal.get_absolute_url())
    html = page.content.decode()
    assert nominees["staff"].full_name in html and 'id="dossier-zip"' in html
    assert 'id="send-form"' not in html  # the secretary does not sign
    assert_csp_clean(page)
    listing = client.get(reverse("proposals:proposal_list"))
    assert "1/TTr-TCTTN" in listing.content.decode()
    assert_csp_clean(listing)
    # The secretary cannot sign, even by forging the request.
    send_url = reverse("proposals:proposal_send", args=[proposal.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert client.get(send_url).status_code == 403
    assert client.post(send_url, {"dated_on": today, "confirm": "1"}).status_code == 403
    client.force_login(personas["principal"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="send-link"' in page and send_url in page
    # No one-click signing any more (issue 13, item 3): the old request changes nothing.
    client.post(proposal.get_absolute_url(), {"action": "send"})
    proposal.refresh_from_db()
    assert proposal.state == "draft"
    # The last look: number, date, addressee, list, bases, previews; GET changes nothing.
    look = client.get(send_url)
    assert_csp_clean(look)
    html = look.content.decode()
    for expected in ("1/TTr-TCTTN", today, "Kính gửi", "Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh",
                     nominees["staff"].full_name, "Hội đồng họp ngày 20/12/2022",
                     reverse("proposals:proposal_pdf", args=[proposal.pk]), 'id="send-confirm"',
                     "Ký và gửi tờ trình"):  # fmt: skip
        assert expected in html, expected
    # Reviewing another date and number shows them and changes nothing.
    html = client.post(send_url, {"dated_on": "21/12/2022", "number": "7"}).content.decode()
    assert "7/TTr-TCTTN" in html and "21/12/2022" in html and "91/2017/NĐ-CP" in html
    # A date before the council met is told on the look, without the signing button.
    html = client.post(send_url, {"dated_on": "19/12/2022", "number": ""}).content.decode()
    assert "họp phiên «Phiên họp cuối năm» ngày 20/12/2022" in html
    assert 'id="send-confirm"' not in html
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number) == ("draft", 1)
    answer = client.post(send_url, {"dated_on": "21/12/2022", "number": "7", "confirm": "1"})
    assert answer.status_code == 302 and answer["Location"] == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number, proposal.dated_on) == (
        "sent", 7, date(2022, 12, 21),
    )  # fmt: skip
    assert client.get(send_url).status_code == 403  # signed: no second signature
    staff, dat = (proposal.entries.get(person=nominees[key]) for key in ("staff", "dat"))
    forged = {"action": "answer", "decision_number": "1", "decided_on": "20/01/2023",
              "issued_by": "x", "outcome_{}".format(staff.pk): "granted"}  # fmt: skip
    assert client.post(proposal.get_absolute_url(), forged).status_code == 403
    client.force_login(personas["secretary"])
    page = client.get(proposal.get_absolute_url())
    assert "Chủ tịch UBND tỉnh Hà Tĩnh" in page.content.decode()  # the issuer, prefilled
    assert_csp_clean(page)
    bad = client.post(proposal.get_absolute_url(), {
        "action": "answer", "decision_number": "", "decided_on": "32/01/2023", "issued_by": "UBND",
        "outcome_{}".format(staff.pk): "granted"})  # fmt: skip
    assert bad.status_code == 200 and "Ngày không hợp lệ" in bad.content.decode()
    none_chosen = client.post(proposal.get_absolute_url(), {
        "action": "answer", "decision_number": "3422/QĐ-UBND", "decided_on": today,
        "issued_by": "UBND"})  # fmt: skip
    assert "Chọn kết quả cho ít nhất một dòng" in none_chosen.content.decode()
    # The province grants the Bằng khen but not the CSTĐ tỉnh: one go, a mixed outcome.
    answer = {"action": "answer", "decision_number": "3422/QĐ-UBND", "decided_on": today,
              "issued_by": "Chủ tịch UBND tỉnh Hà Tĩnh",
              "outcome_{}".format(dat.pk): "granted", "outcome_{}".format(staff.pk): "refused",
              "reason_{}".format(staff.pk): "Chưa đủ sáng kiến cấp tỉnh."}  # fmt: skip
    client.post(proposal.get_absolute_url(), answer)
    assert list(Award.objects.filter(source="higher").values_list("person", "code")) == [
        (nominees["dat"].pk, "BK_TINH")
    ]
    proposal.refresh_from_db()
    assert proposal.state == "partial"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Được chấp thuận một phần" in page and "Chưa đủ sáng kiến cấp tỉnh." in page
    assert page.count('data-outcome="granted"') == 1 and page.count('data-outcome="refused"') == 1
    assert 'id="answers-form"' not in page
    # A double-clicked submit is refused, and writes nothing more.
    response = client.post(proposal.get_absolute_url(), answer, follow=True)
    assert "chỉ ghi kết quả cho tờ trình đã gửi" in response.content.decode()
    assert Award.objects.filter(source="higher").count() == 1


def test_views_are_scoped_by_role_and_organisation(client, session, personas, nominees):
    proposal = draft(session, personas)
    academy = draft(session, personas, HigherBody.ACADEMY)
    url = proposal.get_absolute_url()
    # The nominee sees the proposal naming them and only their own report.
    client.force_login(personas["staff"])
    listing = client.get(reverse("proposals:proposal_list")).content.decode()
    assert proposal.document_number in listing and academy.document_number not in listing
    assert client.get(url).status_code == 200
    assert client.get(academy.get_absolute_url()).status_code == 404
    own = proposal.entries.get(person=nominees["staff"])
    other = proposal.entries.get(person=nominees["dat"])
    assert (
        client.get(reverse("proposals:report_docx", args=[proposal.pk, own.pk])).status_code == 200
    )
    assert (
        client.get(reverse("proposals:report_docx", args=[proposal.pk, other.pk])).status_code
        == 403
    )
    assert client.get(reverse("proposals:dossier_zip", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("proposals:proposal_draft")).status_code == 403
    assert client.get(reverse("proposals:proposal_send", args=[proposal.pk])).status_code == 403
    # The unit head sees the proposals of their unit's people.
    client.force_login(personas["unit_head"])
    assert client.get(academy.get_absolute_url()).status_code == 200
    # An entry of another proposal, forged into this one's URL, is not found.
    assert client.get(reverse("proposals:report_pdf", args=[proposal.pk,
                      academy.entries.get().pk])).status_code == 404  # fmt: skip
    # Another organisation's secretary finds nothing, and cannot draft from our session.
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("proposals:proposal_docx", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposals:proposal_draft"),
                       {"session": session.pk, "body": "province"}).status_code == 404  # fmt: skip
    assert Proposal.objects.count() == 2
    client.logout()
    assert client.get(url).status_code == 302


# --- documents ---------------------------------------------------------------------------------


def test_make_document_proposal_in_docx_and_pdf(session, personas, nominees, tmp_path):
    proposal = sent(session, personas)
    out = tmp_path / "ttr.docx"
    make(
        "proposal",
        "--year",
        "2022",
        "--number",
        "1-TTr/TCTTN",
        "--format",
        "docx",
        "--output",
        str(out),
    )
    text = docx_text(out.read_bytes())
    for expected in (
        # A Party-headed school's tờ trình to the Chủ tịch UBND tỉnh is a state document.
        "TỜ TRÌNH", "Số: 01/TTr-TCTTN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh", "Nghị định số 91/2017/NĐ-CP",
        nominees["staff"].full_name, nominees["dat"].full_name,
        "Chiến sĩ thi đua cấp tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", "4/4 (100,0%)",
        "1 cá nhân", "Đổi mới phương pháp giảng dạy lý luận", "Số 61/QĐ-TCTTN ngày 20/11/2021",
        "2 cá nhân", "Phiên họp cuối năm",
        "ngày {}".format(proposal.dated_on.strftime("%d")),
        # The minutes it rests on are dated the day the council met, as entered.
        "Trường Chính trị Thử nghiệm ngày 20 tháng 12 năm 2022",
    ):  # fmt: skip
        assert expected in text, expected
    assert "DỰ THẢO" not in text and "{{" not in text and "{%" not in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    # The officer may still ask for the Party format of this one document.
    make("proposal", "--year", "2022", "--number", "1", "--layout", "party", "--output", str(out))
    text = docx_text(out.read_bytes())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 1-TTr/TCTTN" in text
    with pytest.raises(CommandError, match="chọn party .* hoặc state"):
        make("proposal", "--year", "2022", "--number", "1", "--layout", "nd30", "--output",
             str(out))  # fmt: skip
    pdf = tmp_path / "ttr.pdf"
    make("proposal", "--year", "2022", "--number", "1", "--format", "pdf", "--output", str(pdf))
    text = pdf_text(pdf.read_bytes())
    assert "TỜ TRÌNH" in text and nominees["staff"].full_name in text and "4/4 (100,0%)" in text
    with pytest.raises(CommandError, match="không có tờ trình số 9"):
        make("proposal", "--year", "2022", "--number", "9/TTr-TCTTN", "--output", str(out))


def test_state_layout_and_draft_mark(session, personas, org, client):
    org.document_style = "state"
    org.save()
    proposal = draft(session, personas)
    assert proposal.document_number == "1/TTr-TCTTN"
    client.force_login(personas["secretary"])
    response = client.get(reverse("proposals:proposal_docx", args=[proposal.pk]))
    assert response["Content-Disposition"].endswith('filename="TTr-1-TTr-TCTTN-2022.docx"')
    text = docx_text(response.content)
    assert "Số: 01/TTr-TCTTN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "DỰ THẢO" in text


def test_make_document_achievement_report(session, personas, nominees, tmp_path):
    sent(session, personas)
    out = tmp_path / "bctt.docx"
    make(
        "achievement_report",
        "--year",
        "2022",
        "--person",
        "0042",
        "--title",
        "CSTD_TINH",
        "--format",
        "docx",
        "--output",
        str(out),
    )
    text = docx_text(out.read_bytes())
    for expected in (
        "BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CẤP TỈNH",
        "Mẫu số 02", "Nghị định số 91/2017/NĐ-CP", "Giai đoạn 2020–2022",
        nominees["staff"].full_name, "07/05/1980", "Nữ", "Khoa Xây dựng Đảng",
        "Hoàn thành xuất sắc nhiệm vụ", "Đổi mới phương pháp giảng dạy lý luận",
        "Chiến sĩ thi đua cơ sở", "Số 121/QĐ-TCTTN ngày 28/12/2021", "IV. KỶ LUẬT: Không",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ):  # fmt: skip
        assert expected in text, expected
    assert text.count("Hoàn thành xuất sắc nhiệm vụ") == 3
    # The report is the office's paper: no word about the software or its data.
    assert "thidua" not in text.lower() and "Ghi chú" not in text
    pdf = tmp_path / "bctt.pdf"
    make(
        "achievement_report",
        "--year",
        "2022",
        "--person",
        "0042",
        "--title",
        "CSTD_TINH",
        "--format",
        "pdf",
        "--output",
        str(pdf),
    )
    text = pdf_text(pdf.read_bytes())
    assert "BÁO CÁO THÀNH TÍCH" in text and nominees["staff"].full_name in text
    assert "Đổi mới phương pháp giảng dạy lý luận" in text
    assert "thidua" not in text.lower() and "Ghi chú" not in text
    for bad, message in (
        (("--person", "9999", "--title", "CSTD_TINH"), "không có cán bộ mã"),
        (("--person", "0042", "--title", "TTLDXS"), "không phải danh hiệu"),
    ):
        with pytest.raises(CommandError, match=message):
            make("achievement_report", "--year", "2022", *bad, "--output", str(out))


def test_later_regimes_mark_the_uncertain_annex(nominees):
    staff = nominees["staff"]
    nd98 = build_achievement_report_context(
        AchievementReport(person=staff, year=2024, title="CSTD_TINH", day=date(2025, 1, 10))
    )
    assert "98/2023/NĐ-CP" in nd98["annex"] and "cần xác nhận" in nd98["annex_note"]
    nd152 = build_achievement_report_context(
        AchievementReport(person=staff, year=2025, title="BK_TINH", day=date(2025, 12, 10))
    )
    assert "Mẫu số 05" in nd152["annex"] and "152/2025/NĐ-CP" in nd152["annex"]
    assert [row["year"] for row in nd152["grades"]] == ["2024", "2025"]
    # The form follows the decree of the report's day, not the achievements' year: a 2023
    # report sent in January 2024 is on NĐ 98/2023's form, a 2022 one sent in 2023 on Mẫu 02.
    crossing = build_achievement_report_context(
        AchievementReport(person=staff, year=2023, title="CSTD_TINH", day=date(2024, 1, 10))
    )
    assert "98/2023/NĐ-CP" in crossing["annex"] and "91/2017" not in crossing["annex"]
    old = build_achievement_report_context(
        AchievementReport(person=staff, year=2022, title="CSTD_TINH", day=date(2023, 1, 10))
    )
    assert "Mẫu số 02" in old["annex"] and "91/2017/NĐ-CP" in old["annex"]
    assert old["annex_note"] == ""


def test_the_dossier_zip_holds_the_proposal_and_each_report(
    client, personas, members, nominees, org, units
):
    YearGrade.objects.create(organization=org, unit=units["a"], year=YEAR, grade="HTXS",
                             verification="verified")  # fmt: skip
    Award.objects.create(organization=org, person=nominees["dat"], year=YEAR, code="LDTT",
                         source="own", decision_number="5-QĐ/TCTTN",
                         decided_on=date(2022, 12, 15), issued_by="Hiệu trưởng")  # fmt: skip
    unit = do_nominate(year=YEAR, title="TTLDXS", unit=units["a"], justification="Tập thể tốt.",
                       acting_user=personas["unit_head"])  # fmt: skip
    session = run_session(personas, members, [
        nominate(personas, nominees["staff"], "CSTD_TINH"),
        nominate(personas, nominees["dat"], "BK_TINH"), unit,
    ])  # fmt: skip
    proposal = draft(session, personas)
    client.force_login(personas["principal"])
    response = client.get(reverse("proposals:dossier_zip", args=[proposal.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == sorted([
        "TTr-1-TTr-TCTTN-2022.docx",
        "BCTT-CSTD-TINH-2022-Tran-Thi-Hoa.docx",
        "BCTT-BK-TINH-2022-Nguyen-Van-Dat.docx",
        "BCTT-TTLDXS-2022-Khoa-Xay-dung-Dang.docx",
        "BB-hop-HDTDKT-TCTTN-2022-phien-{}.docx".format(session.pk),
        "BB-kiem-phieu-TCTTN-2022-phien-{}.docx".format(session.pk),
    ])  # fmt: skip
    minutes = docx_text(archive.read("BB-hop-HDTDKT-TCTTN-2022-phien-{}.docx".format(session.pk)))
    assert "BIÊN BẢN" in minutes and nominees["staff"].full_name in minutes
    count = docx_text(archive.read("BB-kiem-phieu-TCTTN-2022-phien-{}.docx".format(session.pk)))
    assert "KIỂM PHIẾU" in count and "Khoa Xây dựng Đảng" in count
    # The tờ trình lists the nominees' initiative certificates with their decision numbers.
    to_trinh = docx_text(archive.read("TTr-1-TTr-TCTTN-2022.docx"))
    assert "Đổi mới phương pháp giảng dạy lý luận" in to_trinh and "61/QĐ-TCTTN" in to_trinh
    report = docx_text(archive.read("BCTT-BK-TINH-2022-Nguyen-Van-Dat.docx"))
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH" in report
    assert nominees["dat"].full_name in report and "Giai đoạn 2021–2022" in report
    # The collective's report, on the form of the decree in force on the tờ trình's date (drafted
    # today: NĐ 152/2025), with its grade and its members' titles.
    collective = " ".join(docx_text(archive.read("BCTT-TTLDXS-2022-Khoa-Xay-dung-Dang.docx"))
                          .split())  # fmt: skip
    assert proposal.dated_on >= date(2025, 7, 1)
    for expected in ("Mẫu báo cáo thành tích tập thể", "152/2025/NĐ-CP",
                     "ĐỀ NGHỊ TẶNG TẬP THỂ LAO ĐỘNG XUẤT SẮC",
                     "Tên tập thể", "Khoa Xây dựng Đảng", "Hoàn thành xuất sắc",
                     "Danh hiệu thi đua của các thành viên", "Nguyễn Văn Đạt",
                     "THỦ TRƯỞNG TẬP THỂ"):  # fmt: skip
        assert expected in collective, expected
    assert "KỶ LUẬT" not in collective and "Sáng kiến được công nhận" not in collective
    assert "thidua" not in collective.lower() and "cần xác nhận" not in collective
    # Sent in 2023, the same report was on Mẫu 01 of NĐ 91/2017.
    old = build_achievement_report_context(AchievementReport(
        person=None, unit=units["a"], year=2022, title="TTLDXS", day=date(2023, 1, 10)))
    assert "Mẫu số 01" in old["annex"] and "91/2017/NĐ-CP" in old["annex"]
    page = client.get(proposal.get_absolute_url()).content.decode()
    # What the reports leave to their authors is said beside the downloads, with the form.
    assert "để trống cho người báo cáo ghi bổ sung" in page and "Mẫu số 05" in page
    unit_entry = proposal.entries.get(unit=units["a"])
    assert reverse("proposals:report_pdf", args=[proposal.pk, unit_entry.pk]) in page
    pdf = client.get(reverse("proposals:report_pdf", args=[proposal.pk, unit_entry.pk]))
    assert pdf.status_code == 200 and "Khoa Xây dựng Đảng" in "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    )


def test_numbers_run_per_calendar_year_of_the_date(session, personas, members, nominees):
    province = do_draft_proposal_from_session(session, body=HigherBody.PROVINCE,
                                              dated_on=date(2022, 12, 29),
                                              acting_user=personas["secretary"])  # fmt: skip
    academy = do_draft_proposal_from_session(session, body=HigherBody.ACADEMY,
                                             dated_on=date(2022, 12, 29),
                                             acting_user=personas["secretary"])  # fmt: skip
    assert [(p.number_year, p.number) for p in (province, academy)] == [(2022, 1), (2022, 2)]
    # Signed and sent in January 2023: the 2022 award's tờ trình takes 2023's first number.
    do_send_proposal(academy, sent_on=date(2023, 1, 5), acting_user=personas["principal"])
    academy.refresh_from_db()
    assert (academy.year, academy.number_year, academy.number) == (2022, 2023, 1)
    do_send_proposal(province, sent_on=date(2022, 12, 30), acting_user=personas["principal"])
    province.refresh_from_db()
    assert (province.number_year, province.number) == (2022, 1)


# --- signing on a real date and number (issue 13, item 5) ----------------------------------------


def test_the_principal_signs_on_the_date_and_number_entered(session, personas, members, nominees):
    proposal = draft(session, personas)
    academy = draft(session, personas, HigherBody.ACADEMY)
    principal = personas["principal"]
    for persona in ("secretary", "unit_head", "council_member", "leader", "outsider"):
        with pytest.raises(ActionRefused, match="Chỉ Hiệu trưởng ký"):
            do_send_proposal(proposal, sent_on=SENT_DAY, number=5, acting_user=personas[persona])
    with pytest.raises(ActionRefused, match="ở tương lai"):
        do_send_proposal(proposal, sent_on=timezone.localdate() + timedelta(days=1),
                         acting_user=principal)  # fmt: skip
    with pytest.raises(
        ActionRefused, match=r"Ngày tờ trình 19/12/2022 trước ngày Hội đồng họp: Hội đồng Thi đua "
        r"– Khen thưởng năm 2022 họp phiên «Phiên họp cuối năm» ngày 20/12/2022"
    ):  # fmt: skip
        do_send_proposal(proposal, sent_on=date(2022, 12, 19), acting_user=principal)
    # A 2021 date for the 2022 tờ trình says why.
    with pytest.raises(ActionRefused, match=r"Ngày tờ trình 28/12/2021 thuộc năm 2021, trước năm"):
        do_send_proposal(proposal, sent_on=date(2021, 12, 28), acting_user=principal)
    # A number already taken that year (the academy draft holds 2) is refused, naming it.
    with pytest.raises(
        ActionRefused, match=r"Số tờ trình 2 đã được dùng trong năm \d{4} \(tờ trình 2-TTr/TCTTN"
    ):
        do_send_proposal(proposal, sent_on=timezone.localdate(), number=2, acting_user=principal)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number, proposal.sent_on) == ("draft", 1, None)
    do_send_proposal(proposal, sent_on=date(2022, 12, 22), number=12, acting_user=principal)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number, proposal.number_year, proposal.dated_on) == (
        "sent", 12, 2022, date(2022, 12, 22),
    )  # fmt: skip
    assert LogEntry.objects.get_for_object(proposal).filter(actor=principal).exists()
    # 12 is now 2022's: another tờ trình signed that year cannot take it.
    with pytest.raises(ActionRefused, match="Số tờ trình 12 đã được dùng trong năm 2022"):
        do_send_proposal(academy, sent_on=date(2022, 12, 22), number=12, acting_user=principal)


def test_a_date_is_checked_against_the_meeting_day_not_the_drafting(session, personas):
    # The session met on 20/12/2022; a draft made today may still be signed on the meeting day.
    proposal = draft(session, personas)
    assert proposal.dated_on == timezone.localdate()
    do_send_proposal(proposal, sent_on=date(2022, 12, 20), acting_user=personas["principal"])
    proposal.refresh_from_db()
    assert (proposal.dated_on, proposal.number_year, proposal.number) == (
        date(2022, 12, 20), 2022, 1,
    )  # fmt: skip


# --- answers per entry (issue 13, item 6) --------------------------------------------------------


def answer(entry, granted=True, number="3422/QĐ-UBND", day=DECISION_DAY, reason=""):
    return EntryAnswer(entry=entry, granted=granted, decision_number=number if granted else "",
                       decided_on=day if granted else None,
                       issued_by="Chủ tịch UBND tỉnh Hà Tĩnh" if granted else "",
                       reason=reason)  # fmt: skip


def test_a_partial_answer_grants_some_entries_and_writes_only_theirs(session, personas, nominees):
    proposal = sent(session, personas)
    staff = proposal.entries.get(person=nominees["staff"])  # CSTĐ tỉnh
    dat = proposal.entries.get(person=nominees["dat"])  # Bằng khen tỉnh
    for persona in ("principal", "unit_head", "council_member", "staff", "outsider"):
        with pytest.raises(ActionRefused, match="thường trực"):
            do_record_answers(proposal, [answer(dat)], acting_user=personas[persona])
    secretary = personas["secretary"]
    awards = do_record_answers(
        proposal, [answer(dat), answer(staff, granted=False, reason="Chưa đủ sáng kiến.")],
        acting_user=secretary,
    )  # fmt: skip
    assert [(a.person, a.code, a.source, a.decision_number, a.decided_on) for a in awards] == [
        (nominees["dat"], "BK_TINH", "higher", "3422/QĐ-UBND", DECISION_DAY)
    ]
    assert not Award.objects.filter(person=nominees["staff"], year=YEAR).exists()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.get_state_display()) == ("partial", "Được chấp thuận một phần")
    assert (proposal.decision_number, proposal.decided_on) == ("3422/QĐ-UBND", DECISION_DAY)
    staff.refresh_from_db()
    dat.refresh_from_db()
    assert (staff.outcome, staff.refusal_reason, staff.award) == (
        "refused", "Chưa đủ sáng kiến.", None,
    )  # fmt: skip
    assert (dat.outcome, dat.award, dat.decision_number) == ("granted", awards[0], "3422/QĐ-UBND")
    assert LogEntry.objects.get_for_object(dat).filter(actor=secretary).exists()
    with pytest.raises(ActionRefused, match="chỉ ghi kết quả cho tờ trình đã gửi"):
        do_record_answers(proposal, [answer(staff)], acting_user=secretary)
    # What the province granted stands on the council's results: they cannot be annulled now.
    with pytest.raises(ActionRefused, match="đã được cấp trên quyết định khen thưởng"):
        do_annul_session(session, reason="Sai thành phần", acting_user=secretary)


def test_answers_arrive_in_two_goes_under_two_decisions(session, personas, nominees, org):
    proposal = sent(session, personas)
    staff = proposal.entries.get(person=nominees["staff"])
    dat = proposal.entries.get(person=nominees["dat"])
    secretary = personas["secretary"]
    do_record_answers(proposal, [answer(dat)], acting_user=secretary)
    proposal.refresh_from_db()
    # One entry still waits: the tờ trình is not answered yet.
    assert (proposal.state, proposal.answered_on) == ("sent", None)
    assert Award.objects.filter(source="higher").count() == 1
    with pytest.raises(ActionRefused, match=r"Nguyễn Văn Đạt \(Bằng khen .*\): đã ghi kết quả"):
        do_record_answers(proposal, [answer(dat, number="3500/QĐ-UBND")], acting_user=secretary)
    # The same number with another date is another decision's mistake: refused.
    with pytest.raises(ActionRefused, match="đã được ghi với ngày 20/01/2023"):
        do_record_answers(proposal, [answer(staff, day=date(2023, 2, 1))], acting_user=secretary)
    do_record_answers(proposal, [answer(staff, number="3500/QĐ-UBND", day=date(2023, 2, 1))],
                      acting_user=secretary)  # fmt: skip
    proposal.refresh_from_db()
    # Every entry granted, by two decisions: approved, the decisions on the lines.
    assert (proposal.state, proposal.decision_number) == ("approved", "")
    assert set(Award.objects.filter(source="higher").values_list("decision_number", flat=True)) == {
        "3422/QĐ-UBND", "3500/QĐ-UBND",
    }  # fmt: skip


def test_answer_refusals_write_nothing(session, personas, members, nominees, org, units):
    draft_one = draft(session, personas)
    secretary = personas["secretary"]
    entry = draft_one.entries.first()
    # Before sending: no answer.
    with pytest.raises(ActionRefused, match="chỉ ghi kết quả cho tờ trình đã gửi"):
        do_record_answers(draft_one, [answer(entry)], acting_user=secretary)
    do_send_proposal(draft_one, sent_on=date(2022, 12, 22), acting_user=personas["principal"])
    entry = draft_one.entries.get(pk=entry.pk)
    with pytest.raises(ActionRefused, match="Chưa chọn kết quả"):
        do_record_answers(draft_one, [], acting_user=secretary)
    with pytest.raises(ActionRefused, match=r"ngày quyết định 21/12/2022 trước ngày tờ trình "
                                            r"1/TTr-TCTTN \(22/12/2022\)"):  # fmt: skip
        do_record_answers(draft_one, [answer(entry, day=date(2022, 12, 21))],
                          acting_user=secretary)  # fmt: skip
    with pytest.raises(ActionRefused, match="ở tương lai"):
        do_record_answers(draft_one, [answer(entry, day=timezone.localdate() + timedelta(days=1))],
                          acting_user=secretary)  # fmt: skip
    with pytest.raises(ActionRefused, match="cần số quyết định"):
        do_record_answers(draft_one, [answer(entry, number=" ")], acting_user=secretary)
    # A decision number another tờ trình of the province's 2022 holds is refused.
    extra = make_person(org, units["a"], "Đỗ Văn", "Hùng")
    YearGrade.objects.create(organization=org, person=extra, year=YEAR, grade="HTXS",
                             verification="verified")  # fmt: skip
    again = run_session(personas, members, [nominate(personas, extra, "CSTD_TINH")],
                        name="Bổ sung", on=MEETING)  # fmt: skip
    other = sent(again, personas)
    do_record_answers(other, [answer(other.entries.get(), number="3600/QĐ-UBND")],
                      acting_user=secretary)  # fmt: skip
    with pytest.raises(ActionRefused, match=r"Quyết định số 3600/qđ-ubnd của Chủ tịch UBND tỉnh "
                                            r"năm 2022 đã được ghi cho tờ trình 2/TTr-TCTTN"):
        do_record_answers(draft_one, [answer(entry, number="3600/qđ-ubnd")],
                          acting_user=secretary)  # fmt: skip
    # An entry of another tờ trình is not this one's to answer.
    with pytest.raises(ActionRefused, match="không có trong tờ trình 1/TTr-TCTTN"):
        do_record_answers(draft_one, [answer(other.entries.get())], acting_user=secretary)
    draft_one.refresh_from_db()
    assert draft_one.state == "sent"
    assert not draft_one.entries.exclude(outcome="pending").exists()
    assert Award.objects.filter(source="higher").count() == 1  # the other tờ trình's


def test_none_granted_rejects_and_the_shortcuts_answer_only_what_waits(session, personas,
                                                                       nominees):  # fmt: skip
    proposal = sent(session, personas)
    secretary = personas["secretary"]
    staff = proposal.entries.get(person=nominees["staff"])
    dat = proposal.entries.get(person=nominees["dat"])
    do_record_answers(proposal, [answer(staff, granted=False)], acting_user=secretary)
    # "All granted" grants what still waits: the Bằng khen; the tờ trình is partly approved.
    awards = approve(proposal, personas)
    assert [(a.person, a.code) for a in awards] == [(nominees["dat"], "BK_TINH")]
    proposal.refresh_from_db()
    assert proposal.state == "partial"
    academy = sent(session, personas, HigherBody.ACADEMY)
    do_record_answers(academy, [answer(academy.entries.get(), granted=False)],
                      acting_user=secretary)  # fmt: skip
    academy.refresh_from_db()
    # Every entry refused, no reason given: rejected all the same.
    assert (academy.state, academy.rejection_reason) == ("rejected", "")
    dat.refresh_from_db()
    assert dat.outcome == "granted"


def test_the_data_migration_gives_answered_proposals_their_entries_outcomes(session, personas,
                                                                            nominees, org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "thidua.proposals.migrations.0004_answers_of_existing_proposals"
    )
    approved = sent(session, personas)
    rejected = sent(session, personas, HigherBody.ACADEMY)
    # As the rows stood before answers per entry: the decision on the tờ trình only.
    award = Award.objects.create(organization=org, person=nominees["staff"], year=YEAR,
                                 code="CSTD_TINH", source="higher", decision_number="9/QĐ-UBND",
                                 decided_on=DECISION_DAY, issued_by="UBND tỉnh")  # fmt: skip
    Proposal.objects.filter(pk=approved.pk).update(
        state="approved", decision_number="9/QĐ-UBND", decided_on=DECISION_DAY,
        issued_by="UBND tỉnh", answered_on=DECISION_DAY,
    )  # fmt: skip
    Proposal.objects.filter(pk=rejected.pk).update(state="rejected", rejection_reason="Không đủ.",
                                                   answered_on=DECISION_DAY)  # fmt: skip
    migration.forwards(apps, None)
    rows = {
        (e.person_id, e.outcome, e.decision_number, e.decided_on, e.award_id, e.refusal_reason)
        for e in ProposalEntry.objects.all()
    }
    assert rows == {
        (nominees["staff"].pk, "granted", "9/QĐ-UBND", DECISION_DAY, award.pk, ""),
        (nominees["dat"].pk, "granted", "9/QĐ-UBND", DECISION_DAY, None, ""),
        (nominees["head"].pk, "refused", "", None, None, "Không đủ."),
    }


# --- the format per document and recipient, the report's blanks and signing block (issue 16) --


def test_the_layout_follows_the_recipient_and_the_officer_may_override_it(
    session, personas, client, org
):
    assert org.document_style == "party"
    province = draft(session, personas)
    academy = ProposalEntry.objects.filter(proposal__body=HigherBody.ACADEMY).first()
    assert province.layout == "state" and province.layout_choice.verdict == "review"
    assert academy is None or academy.proposal.layout == "party"
    client.force_login(personas["secretary"])
    page = client.get(province.get_absolute_url()).content.decode()
    assert 'id="proposal-layout"' in page and "Nghị định 30/2020/NĐ-CP" in page
    assert "cần xác nhận" in page and "?layout=party" in page
    url = reverse("proposals:proposal_docx", args=[province.pk])
    state = docx_text(client.get(url).content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in state and "Số: 01/TTr-TCTTN" in state
    party = docx_text(client.get(url + "?layout=party").content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in party and "Số 1-TTr/TCTTN" in party
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in party
    pdf = pdf_text(client.get(reverse("proposals:proposal_pdf", args=[province.pk])
                              + "?layout=party").content)  # fmt: skip
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf
    wrong = client.get(url + "?layout=nd30")
    assert wrong.status_code == 404


def test_a_deputy_signs_the_tờ_trình_for_the_principal(session, personas, people, units):
    deputy = make_person(people["staff"].organization, units["a"], "Phạm Văn", "Phó",
                         position="Phó Hiệu trưởng")  # fmt: skip
    personas["principal"].person = deputy
    personas["principal"].save()
    proposal = sent(session, personas)
    proposal.refresh_from_db()
    from thidua.documents.render import render
    from thidua.proposals.documents import PROPOSAL

    for read, fmt in ((docx_text, "docx"), (pdf_text, "pdf")):
        text = " ".join(read(render(PROPOSAL, proposal, fmt)).split())
        assert "KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG" in text, fmt
        assert deputy.display_name in text


def test_the_achievement_report_has_blanks_not_software_text_and_a_whole_signing_block(
    session, personas, nominees, client
):
    proposal = sent(session, personas)
    entry = proposal.entries.get(person=nominees["staff"])
    client.force_login(personas["secretary"])
    url = reverse("proposals:report_docx", args=[proposal.pk, entry.pk])
    data = client.get(url).content
    paragraphs = docx_paragraphs(data)
    text = " ".join(paragraphs)
    # The Government's form is a state document, whatever the organisation's default.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ĐẢNG CỘNG SẢN" not in text
    # Trình độ chuyên môn: a blank to fill, never the staff category.
    where = paragraphs.index("Trình độ chuyên môn, nghiệp vụ")
    assert paragraphs[where + 1] == "………………………………"
    assert nominees["staff"].get_category_display() not in paragraphs[where + 1]
    assert "Chưa có" not in text and "thidua" not in text.lower()
    # The signing block: names on one row (same height), the higher level's confirmation with
    # room to sign, all in one table whose rows never split and keep with the next.
    document = Document(io.BytesIO(data))
    block = document.tables[-1]
    names = [cell.text.strip() for cell in block.rows[1].cells]
    assert names[1] == nominees["staff"].display_name
    assert names[0] == (personas["principal"].person.display_name
                        if personas["principal"].person_id else "")  # fmt: skip
    last = block.rows[2].cells[0].text
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in last and "đóng dấu" in last
    assert sum(1 for p in block.rows[2].cells[0].paragraphs if not p.text.strip()) >= 4
    for row in block.rows[:2]:
        for cell in row.cells:
            assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)
    pdf = pdf_text(client.get(reverse("proposals:report_pdf",
                                      args=[proposal.pk, entry.pk])).content)  # fmt: skip
    assert pdf.index(nominees["staff"].display_name) < pdf.index(
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")
    assert "Trình độ chuyên môn, nghiệp vụ ………………………………" in pdf


def test_the_collective_report_is_signed_by_the_units_head(nominees, units, org):
    context = build_achievement_report_context(
        AchievementReport(person=None, unit=units["a"], year=YEAR, title="TTLDXS",
                          organization=org, day=date(2022, 12, 20))
    )  # fmt: skip
    assert context["reporter"] == "THỦ TRƯỞNG TẬP THỂ"
    assert context["person_name"] == nominees["head"].display_name
    assert context["layout"] == "state"
    assert all(row["grade"] != "Chưa có xếp loại" for row in context["grades"])
