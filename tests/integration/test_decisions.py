"""Award decisions: drafting from a closed session, issuing (number, register, initiative claims),
revocation, roles, the documents, the screens, and issuing at the same instant."""

import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.concurrency import run_together
from tests.conftest import make_person
from tests.helpers.council import make_eligible, run_session
from tests.helpers.council import members as council_members
from tests.helpers.documents import docx_text, pdf_text
from thidua.awards.models import Award
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    do_annul_session,
    do_close_session,
    do_nominate,
)
from thidua.decisions.actions import (
    default_legal_bases,
    do_add_entry,
    do_delete_draft,
    do_draft_decision_from_session,
    do_issue_decision,
    do_revoke_decision,
    parse_number,
)
from thidua.decisions.models import Decision, DecisionEntry
from thidua.evaluation.facts import assemble_facts, person_id
from thidua.evidence.models import Authorship, Initiative, InitiativeClaim
from thidua.plans import measures
from thidua.plans.models import Phase, Plan, Target
from thidua.rules import instruments

YEAR = 2022
DAY = date(2022, 12, 28)
ISSUER = "Hiệu trưởng Trường Chính trị Thử nghiệm"


# The session meets on 27/12/2022, the day before the decisions are signed (DAY).
MEETING = "2022-12-27 09:00 +07:00"


@pytest.fixture
def members(org, personas):
    return council_members(org, personas)


@pytest.fixture
def session(db, org, units, people, personas, members):
    """A closed session that passed LĐTT for three people, TTLĐTT for a unit and CSTĐ tỉnh
    (outside the school's authority) for one."""
    head = personas["unit_head"]
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    people["staff"].staff_code = "0042"
    people["staff"].position = "Giảng viên"
    people["staff"].save()
    nominations = [
        do_nominate(year=YEAR, title="LDTT", person=people[key], acting_user=head)
        for key in ("staff", "dat", "head")
    ]
    nominations.append(
        do_nominate(year=YEAR, title="TTLDTT", unit=units["a"], justification="Đơn vị tốt.",
                    acting_user=head)
    )  # fmt: skip
    nominations.append(
        do_nominate(year=YEAR, title="CSTD_TINH", person=people["head"],
                    justification="Đề nghị cấp tỉnh.", acting_user=head)
    )  # fmt: skip
    return run_session(personas, members, nominations, on=MEETING)


def draft(session, personas, persona="secretary", **kwargs):
    return do_draft_decision_from_session(session, acting_user=personas[persona], **kwargs)


def issue(decision, personas, **kwargs):
    kwargs.setdefault("decided_on", DAY)
    return do_issue_decision(decision, acting_user=personas["principal"], **kwargs)


def manual_draft(org, personas, title="GIAY_KHEN", person=None, year=YEAR):
    """A draft outside a session, with one line (as the council's drafting writes them)."""
    decision = Decision.objects.create(organization=org, year=year, symbol="QĐ/TCTTN",
                                       legal_bases="Căn cứ Quy chế.", titles=[title],
                                       created_by=personas["secretary"])  # fmt: skip
    if person is not None:
        DecisionEntry.objects.create(decision=decision, person=person, title=title, position=1)
    return decision


# --- drafting -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_draft_lists_what_the_session_passed_within_the_schools_authority(
    session, personas, people, units
):
    decision = draft(session, personas)
    assert (decision.state, decision.number, decision.session_id) == ("draft", None, session.pk)
    entries = list(decision.entries.order_by("position"))
    assert [(e.title, e.person_id or e.unit_id) for e in entries] == [
        ("LDTT", people["dat"].pk),
        ("LDTT", people["staff"].pk),
        ("LDTT", people["head"].pk),
        ("TTLDTT", units["a"].pk),
    ]  # fmt: skip  (people by given name, in Vietnamese order: Đạt, Hoa, Sơn)
    assert decision.titles == ["LDTT", "TTLDTT"]
    assert all(e.nomination_id for e in entries)
    assert "Căn cứ Luật Thi đua, khen thưởng" in decision.legal_bases
    assert not Award.objects.exists()
    # The same results cannot be drafted twice while this draft lives.
    with pytest.raises(ActionRefused, match="chưa có quyết định"):
        draft(session, personas, persona="principal")
    do_delete_draft(decision, acting_user=personas["principal"])
    assert draft(session, personas, persona="principal", titles=["TTLDTT"]).entries.count() == 1


@pytest.mark.django_db
def test_only_the_secretary_or_the_principal_drafts(session, personas):
    for persona in ("council_member", "unit_head", "staff", "leader", "admin", "outsider"):
        with pytest.raises(ActionRefused, match="soạn được quyết định"):
            draft(session, personas, persona=persona)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_draft_refuses_open_and_annulled_sessions(org, units, people, personas, members):
    make_eligible(org, people["staff"])
    nomination = do_nominate(year=YEAR, title="LDTT", person=people["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    session = run_session(personas, members, [nomination], close=False, on=MEETING)
    with pytest.raises(ActionRefused, match="chưa kết thúc"):
        draft(session, personas)
    do_close_session(session, acting_user=personas["secretary"])
    decision = draft(session, personas)
    do_annul_session(session, reason="Sai thành phần", acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã bị huỷ"):
        draft(session, personas)
    with pytest.raises(ActionRefused, match="đã bị huỷ"):
        issue(decision, personas)


@pytest.mark.django_db
def test_titles_outside_the_authority_are_refused_naming_who_awards_them(session, personas,
                                                                         people, org):  # fmt: skip
    with pytest.raises(ActionRefused, match="Chủ tịch UBND tỉnh"):
        draft(session, personas, titles=["CSTD_TINH"])
    decision = draft(session, personas)
    with pytest.raises(ActionRefused, match="Thủ tướng Chính phủ"):
        do_add_entry(decision, "BK_TTG", person=people["dat"], acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="Giám đốc Học viện"):
        do_add_entry(decision, "CO_HV", acting_user=personas["secretary"])
    entry = DecisionEntry(decision=decision, person=people["dat"], title="CSTD_TINH")
    with pytest.raises(Exception, match="không thuộc thẩm quyền của Hiệu trưởng"):
        entry.full_clean()
    assert not decision.entries.filter(title__in=["CSTD_TINH", "BK_TTG", "CO_HV"]).exists()


# --- issuing ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_issuing_takes_a_number_and_writes_the_register(session, personas, people, units):
    decision = issue(draft(session, personas), personas)
    assert (decision.state, decision.number, decision.decided_on) == ("issued", 1, DAY)
    assert decision.document_number == "1-QĐ/TCTTN"  # the organisation writes Party style
    awards = Award.objects.order_by("code", "person__sort_key")
    assert [(a.code, a.person_id, a.unit_id) for a in awards] == [
        ("LDTT", people["dat"].pk, None), ("LDTT", people["staff"].pk, None),
        ("LDTT", people["head"].pk, None), ("TTLDTT", None, units["a"].pk),
    ]  # fmt: skip
    assert {(a.source, a.decision_number, a.decided_on, a.issued_by, a.year) for a in awards} == {
        ("own", "1-QĐ/TCTTN", DAY, ISSUER, YEAR)
    }
    assert all(e.award_id for e in decision.entries.all())
    # Signed in 2022: the bases in force that day (Luật 2003, NĐ 91/2017).
    assert "Nghị định số 91/2017/NĐ-CP" in decision.legal_bases
    assert "ngày 15 tháng 6 năm 2022" not in decision.legal_bases
    assert LogEntry.objects.get_for_object(decision).filter(actor=personas["principal"]).exists()
    with pytest.raises(ActionRefused, match="không ban hành lại"):
        issue(decision, personas)
    assert Award.objects.count() == 4


@pytest.mark.django_db
def test_only_the_principal_issues_and_revokes(session, personas):
    decision = draft(session, personas)
    for persona in ("secretary", "council_member", "unit_head", "staff", "leader", "admin",
                    "outsider"):  # fmt: skip
        with pytest.raises(ActionRefused, match="Chỉ Hiệu trưởng"):
            do_issue_decision(decision, decided_on=DAY, acting_user=personas[persona])
    issue(decision, personas)
    for persona in ("secretary", "admin", "outsider"):
        with pytest.raises(ActionRefused, match="Chỉ Hiệu trưởng"):
            do_revoke_decision(decision, reason="x", acting_user=personas[persona])
    decision.refresh_from_db()
    assert decision.state == "issued"


@pytest.mark.django_db
def test_number_sequence_and_a_number_already_used(org, personas, people):
    first = issue(manual_draft(org, personas, person=people["staff"]), personas)
    assert first.number == 1
    second = manual_draft(org, personas, person=people["dat"])
    with pytest.raises(
        ActionRefused, match=r"Số 1-QĐ/TCTTN đã được dùng cho quyết định ngày 28/12/2022"
    ):
        issue(second, personas, number="1")
    with pytest.raises(ActionRefused, match="không hợp lệ"):
        issue(second, personas, number="QĐ-15")
    assert issue(second, personas, number="15/QĐ-TCTTN").number == 15
    third = issue(manual_draft(org, personas, person=people["head"]), personas)
    assert third.number == 16
    # Numbers run per year: 2023's first decision is number 1 again.
    other = Decision.objects.create(
        organization=org, year=2023, symbol="QĐ/TCTTN", legal_bases="Căn cứ.",
        created_by=personas["secretary"],
    )  # fmt: skip
    do_add_entry(other, "GIAY_KHEN", person=people["staff"], acting_user=personas["secretary"])
    assert issue(other, personas, decided_on=date(2023, 12, 20)).number == 1
    assert parse_number("15/QĐ-TCTTN") == parse_number("15-QĐ/TCTTN") == 15


@pytest.mark.django_db
def test_a_person_who_left_before_the_decision_date_is_refused(session, personas, people):
    decision = draft(session, personas)
    people["dat"].left_on = date(2022, 11, 30)
    people["dat"].save()
    with pytest.raises(ActionRefused, match=r"Nguyễn Văn Đạt \(thôi việc từ 30/11/2022\)"):
        issue(decision, personas)
    decision.refresh_from_db()
    assert (decision.state, decision.number) == ("draft", None)
    assert not Award.objects.exists()
    # Leaving after the decision date is no obstacle.
    people["dat"].left_on = date(2023, 1, 31)
    people["dat"].save()
    assert issue(decision, personas).number == 1


# --- what the register feeds --------------------------------------------------------------------


@pytest.fixture
def plan(org):
    plan = Plan.objects.create(
        organization=org, year=YEAR, number="3", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(2022, 3, 8), title="Phong trào thi đua năm 2022", purposes="Mục đích",
        theme="Chủ đề",
    )  # fmt: skip
    Phase.objects.create(plan=plan, name="Cả năm", starts_on=date(2022, 1, 1),
                         ends_on=date(2022, 12, 30), review_on=date(2022, 12, 30))  # fmt: skip
    target = Target(plan=plan, position=1, measure="title_share", population="staff",
                    title="LDTT", comparison="gte", goal=50, text="Trên 50% đạt LĐTT")  # fmt: skip
    target.full_clean()
    target.save()
    return plan


def ldtt_share(plan):
    [result] = measures.measure_plan(plan, measures.load_population(plan), today=DAY)
    return (result.awarded.count, result.awarded.total)


def next_year_titles(org, person):
    facts = assemble_facts(org, YEAR + 1)
    [found] = [p for p in facts.people if p.id == person_id(person.pk)]
    return found.titles.get(YEAR, frozenset())


@pytest.mark.django_db
def test_issuing_changes_the_dashboard_and_next_years_facts_revoking_undoes_it(
    session, personas, people, plan, org
):
    assert ldtt_share(plan) == (0, 5)
    assert next_year_titles(org, people["staff"]) == frozenset()
    decision = issue(draft(session, personas), personas)
    assert ldtt_share(plan) == (3, 5)
    assert next_year_titles(org, people["staff"]) == {"LDTT"}
    do_revoke_decision(decision, reason="Phát hiện sai sót hồ sơ.", revoked_on=date(2023, 2, 1),
                       acting_user=personas["principal"])  # fmt: skip
    assert ldtt_share(plan) == (0, 5)
    assert next_year_titles(org, people["staff"]) == frozenset()


@pytest.mark.django_db
def test_revocation_marks_the_awards_and_deletes_nothing(session, personas):
    decision = issue(draft(session, personas), personas)
    with pytest.raises(ActionRefused, match="lý do"):
        do_revoke_decision(decision, reason="  ", acting_user=personas["principal"])
    with pytest.raises(ActionRefused, match="trước ngày quyết định"):
        do_revoke_decision(decision, reason="Sai", revoked_on=date(2022, 1, 1),
                           acting_user=personas["principal"])  # fmt: skip
    do_revoke_decision(decision, reason="Sai sót hồ sơ", revoked_on=date(2023, 1, 5),
                       acting_user=personas["principal"])  # fmt: skip
    decision.refresh_from_db()
    assert (decision.state, decision.revoked_on, decision.revoked_reason) == (
        "revoked", date(2023, 1, 5), "Sai sót hồ sơ",
    )  # fmt: skip
    assert Award.objects.count() == 4 and not Award.objects.in_force().exists()
    assert set(Award.objects.values_list("revoked_on", "revocation_reason")) == {
        (date(2023, 1, 5), "Sai sót hồ sơ")
    }
    with pytest.raises(ActionRefused, match="Chỉ thu hồi được quyết định đã ban hành"):
        do_revoke_decision(decision, reason="Lần nữa", acting_user=personas["principal"])
    with pytest.raises(ActionRefused, match="Chỉ bỏ được dự thảo"):
        do_delete_draft(decision, acting_user=personas["principal"])
    # The session's results may be decided again by a new decision.
    again = issue(draft(session, personas), personas)
    assert again.number == 2 and Award.objects.in_force().count() == 4


@pytest.mark.django_db
def test_a_cstd_cs_claims_the_initiatives_it_relied_on(org, personas, people):
    staff = people["staff"]

    def initiative(title, year=YEAR, verification="verified"):
        item = Initiative.objects.create(organization=org, title=title, year=year,
                                         level="co_so", verification=verification)  # fmt: skip
        Authorship.objects.create(initiative=item, person=staff)
        return item

    fresh, older, pending = (
        initiative("Mới"),
        initiative("Năm trước", 2021),
        initiative("Chờ xác nhận", verification="proposed"),
    )
    used = initiative("Đã dùng")
    InitiativeClaim.objects.create(initiative=used, person=staff, title="CSTD_CS", year=2021)
    decision = manual_draft(org, personas, "CSTD_CS", person=staff)
    DecisionEntry.objects.create(decision=decision, person=staff, title="LDTT", position=2)
    issue(decision, personas)
    claims = InitiativeClaim.objects.filter(year=YEAR)
    assert list(claims.values_list("initiative_id", "title", "person_id")) == [
        (fresh.pk, "CSTD_CS", staff.pk)
    ]
    assert decision.entries.get(title="CSTD_CS").claimed_initiatives == [fresh.pk]
    assert not InitiativeClaim.objects.filter(initiative__in=[older, pending]).exists()
    # The same title twice in a year is refused by the register, and claims nothing new.
    second = manual_draft(org, personas, "CSTD_CS", person=staff)
    with pytest.raises(ActionRefused, match="Sổ khen thưởng đã có"):
        issue(second, personas)
    assert claims.count() == 1


def authored(org, person, title, year=YEAR):
    item = Initiative.objects.create(organization=org, title=title, year=year, level="co_so",
                                     verification="verified")  # fmt: skip
    Authorship.objects.create(initiative=item, person=person)
    return item


@pytest.mark.django_db
def test_claims_are_the_persons_own_and_follow_the_engines_rule(org, personas, people):
    staff, dat = people["staff"], people["dat"]
    shared = authored(org, staff, "Đồng tác giả")
    Authorship.objects.create(initiative=shared, person=dat)
    # A co-author's CSTĐCS claim does not use up this person's (claims are per person).
    InitiativeClaim.objects.create(initiative=shared, person=dat, title="CSTD_CS", year=YEAR)
    # One used for a form of commendation is not used for a title (CV 5007/BNV-TĐKT 2023).
    for_form = authored(org, staff, "Đã dùng cho Giấy khen")
    InitiativeClaim.objects.create(initiative=for_form, person=staff, title="GIAY_KHEN",
                                   year=YEAR)  # fmt: skip
    # A claim of the same title and year recorded by hand stays as it is.
    by_hand = authored(org, staff, "Ghi tay")
    InitiativeClaim.objects.create(initiative=by_hand, person=staff, title="CSTD_CS", year=YEAR)
    decision = issue(manual_draft(org, personas, "CSTD_CS", person=staff), personas)
    entry = decision.entries.get()
    assert entry.claimed_initiatives == [shared.pk]
    mine = InitiativeClaim.objects.filter(person=staff)
    assert set(mine.values_list("initiative_id", "title")) == {
        (shared.pk, "CSTD_CS"), (for_form.pk, "GIAY_KHEN"), (by_hand.pk, "CSTD_CS"),
    }  # fmt: skip
    # Revoking deletes the claims the decision wrote, and only those.
    do_revoke_decision(decision, reason="Sai sót", revoked_on=date(2023, 1, 5),
                       acting_user=personas["principal"])  # fmt: skip
    assert set(mine.values_list("initiative_id", flat=True)) == {for_form.pk, by_hand.pk}
    assert InitiativeClaim.objects.filter(person=dat, initiative=shared).exists()
    # The initiative is free again: a new decision claims it again.
    again = issue(manual_draft(org, personas, "CSTD_CS", person=staff), personas)
    assert again.entries.get().claimed_initiatives == [shared.pk]


# --- issuing at the same instant ----------------------------------------------------------------




@pytest.mark.django_db(transaction=True)
def test_decisions_issued_at_the_same_instant_get_distinct_numbers(org, personas, people, units):
    # Six people: the register refuses a second Giấy khen of the year to the same person.
    six = [*(people[k] for k in ("staff", "head", "dat", "other", "secretary")),
           make_person(org, units["b"], "Võ Văn", "Tám")]  # fmt: skip
    drafts = [manual_draft(org, personas, person=person) for person in six]
    principal = personas["principal"]
    outcomes = run_together([
        (lambda d=d: do_issue_decision(d, decided_on=DAY, acting_user=principal).number)
        for d in drafts
    ])  # fmt: skip
    assert [kind for kind, _ in outcomes] == ["ok"] * 6, outcomes
    assert sorted(value for _, value in outcomes) == [1, 2, 3, 4, 5, 6]
    assert sorted(Decision.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Award.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_issue_writes_once(org, personas, people):
    decision = manual_draft(org, personas, person=people["staff"])
    principal = personas["principal"]
    outcomes = run_together(
        [lambda: do_issue_decision(decision, decided_on=DAY, acting_user=principal).number] * 2
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    assert "không ban hành lại" in [v for k, v in outcomes if k == "refused"][0]
    assert Award.objects.count() == 1 and Decision.objects.get().number == 1


# --- documents ----------------------------------------------------------------------------------


def make_document(tmp_path, *args):
    out = tmp_path / "out"
    call_command("make_document", *args, "--output", str(out), "--organization", "TCTTN",
                 stdout=io.StringIO())  # fmt: skip
    return out.read_bytes()


@pytest.mark.django_db
def test_the_decision_document_in_docx_and_pdf(session, personas, people, tmp_path):
    decision = issue(draft(session, personas, signer_name="TS Nguyễn Trọng Tứ"), personas,
                     number="15")  # fmt: skip
    assert decision.document_number == "15-QĐ/TCTTN"
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        text = read(make_document(tmp_path, "decision", "--year", "2022", "--number",
                                  "15/QĐ-TCTTN", "--format", fmt))  # fmt: skip
        flat = " ".join(text.split())
        for expected in (
            "Số 15-QĐ/TCTTN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Tĩnh, ngày 28 tháng 12 năm 2022",
            "QUYẾT ĐỊNH",
            "Về việc tặng danh hiệu “Lao động tiên tiến”, “Tập thể lao động tiên tiến”",
            "Căn cứ Nghị định số 91/2017/NĐ-CP", "Điều 1.", "Điều 2.", "Điều 3.",
            "Tặng danh hiệu “Lao động tiên tiến” năm 2022 cho 3 cá nhân",
            "HIỆU TRƯỞNG", "TS Nguyễn Trọng Tứ", "DANH SÁCH", "Chức vụ, đơn vị",
            "Trần Thị Hoa", "Giảng viên, Khoa Xây dựng Đảng", "Nguyễn Văn Đạt", "Lê Văn Sơn",
            "Khoa Xây dựng Đảng", "Tập thể lao động tiên tiến",
            "Kèm theo Quyết định Số 15-QĐ/TCTTN ngày 28 tháng 12 năm 2022",
            # The annex has one numbered list per title, each under its heading.
            "I. Danh hiệu “Lao động tiên tiến” (3 cá nhân)",
            "II. Danh hiệu “Tập thể lao động tiên tiến” (1 tập thể)", "Tên tập thể",
        ):  # fmt: skip
            assert expected in flat, (fmt, expected)
        assert "Chiến sĩ thi đua cấp tỉnh" not in flat


@pytest.mark.django_db
def test_the_state_layout_and_bad_arguments(session, personas, org, tmp_path):
    org.document_style = "state"
    org.save()
    issue(draft(session, personas), personas)
    text = " ".join(docx_text(make_document(tmp_path, "decision", "--year", "2022",
                                            "--number", "1")).split())  # fmt: skip
    assert "Số: 01/QĐ-TCTTN" in text and "Độc lập - Tự do - Hạnh phúc" in text
    with pytest.raises(CommandError, match="không có quyết định số 7"):
        make_document(tmp_path, "decision", "--year", "2022", "--number", "7")
    with pytest.raises(CommandError, match="--number"):
        make_document(tmp_path, "decision", "--year", "2022")


@pytest.mark.django_db
def test_the_certificate_of_one_line(session, personas, people, tmp_path):
    issue(draft(session, personas), personas)
    # LĐTT has no certificate (law-2.md §1.3): refused, saying what can be printed.
    with pytest.raises(CommandError, match="“Lao động tiên tiến” không có giấy chứng nhận"):
        make_document(tmp_path, "certificate", "--year", "2022", "--number", "1", "--person",
                      "0042")  # fmt: skip
    issue(manual_draft(session.organization, personas, "CSTD_CS", person=people["staff"]),
          personas)  # fmt: skip
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        flat = " ".join(read(make_document(tmp_path, "certificate", "--year", "2022", "--number",
                                           "2-QĐ/TCTTN", "--person", "0042", "--format",
                                           fmt)).split())  # fmt: skip
        for expected in ("GIẤY CHỨNG NHẬN", "Trần Thị Hoa", "Giảng viên, Khoa Xây dựng Đảng",
                         "Đã đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2022",
                         "Quyết định số 2-QĐ/TCTTN ngày 28 tháng 12 năm 2022"):  # fmt: skip
            assert expected in flat, (fmt, expected)
    from pypdf import PdfReader

    data = make_document(tmp_path, "certificate", "--year", "2022", "--number", "2",
                         "--person", "0042", "--format", "pdf")  # fmt: skip
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    with pytest.raises(CommandError, match="không có cán bộ mã 9999"):
        make_document(tmp_path, "certificate", "--year", "2022", "--number", "1", "--person",
                      "9999")  # fmt: skip


@pytest.mark.django_db
def test_a_giay_khen_certificate(org, personas, people, tmp_path):
    people["staff"].staff_code = "0042"
    people["staff"].save()
    issue(manual_draft(org, personas, person=people["staff"]), personas)
    data = make_document(tmp_path, "certificate", "--year", "2022", "--number", "1", "--person",
                         "0042", "--format", "pdf")  # fmt: skip
    flat = " ".join(pdf_text(data).split())
    assert "GIẤY KHEN" in flat and "TẶNG" in flat and "Trần Thị Hoa" in flat


# --- screens ------------------------------------------------------------------------------------


def assert_strict_csp(html: str):
    assert " style=" not in html and "<style" not in html
    for tag in html.split("<script")[1:]:
        assert tag.split(">")[0].strip().startswith("src=") or " src=" in tag.split(">")[0]


@pytest.mark.django_db
def test_list_and_page_by_persona(client, session, personas):
    drafted = draft(session, personas)
    person = session.items.first().nomination.person
    issued = issue(manual_draft(session.organization, personas, person=person), personas)
    page = reverse("decisions:decision", args=[drafted.pk])
    for persona, sees_draft in (("principal", True), ("secretary", True), ("leader", True),
                                ("council_member", True), ("unit_head", False),
                                ("staff", False)):  # fmt: skip
        client.force_login(personas[persona])
        listing = client.get(reverse("decisions:decision_list"))
        assert listing.status_code == 200
        html = listing.content.decode()
        assert_strict_csp(html)
        assert ("Dự thảo #{}".format(drafted.pk) in html) == sees_draft, persona
        assert issued.document_number in html
        assert client.get(page).status_code == (200 if sees_draft else 404), persona
        assert client.get(reverse("decisions:decision", args=[issued.pk])).status_code == 200
    client.force_login(personas["outsider"])
    assert (
        issued.document_number
        not in client.get(reverse("decisions:decision_list")).content.decode()
    )
    assert client.get(reverse("decisions:decision", args=[issued.pk])).status_code == 404
    assert client.get(reverse("decisions:decision_pdf", args=[issued.pk])).status_code == 404


@pytest.mark.django_db
def test_draft_issue_and_revoke_on_screen(client, session, personas):
    client.force_login(personas["staff"])
    assert client.get(reverse("decisions:decision_draft")).status_code == 403
    client.force_login(personas["unit_head"])
    assert (
        client.post(reverse("decisions:decision_draft"), {"session": session.pk}).status_code == 403
    )
    client.force_login(personas["secretary"])
    form = client.get(reverse("decisions:decision_draft"))
    assert form.status_code == 200 and session.name in form.content.decode()
    assert_strict_csp(form.content.decode())
    answer = client.post(reverse("decisions:decision_draft"),
                         {"session": session.pk, "signer_position": "Hiệu trưởng"})  # fmt: skip
    decision = Decision.objects.get()
    assert answer.status_code == 302 and answer["Location"] == decision.get_absolute_url()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Ban hành quyết định" not in page and "Trần Thị Hoa" in page
    # The secretary may not issue, nor see the last look; the principal does.
    url = decision.get_absolute_url()
    issue_url = reverse("decisions:decision_issue", args=[decision.pk])
    values = {"decided_on": "28/12/2022", "number": "", "confirm": "1"}
    assert client.post(issue_url, values).status_code == 403
    assert client.get(issue_url).status_code == 403
    # Issuing is no longer one click on the decision's page (issue 13, item 3).
    client.force_login(personas["principal"])
    client.post(url, {"action": "issue", "decided_on": "28/12/2022", "number": ""})
    decision.refresh_from_db()
    assert decision.state == "draft"
    page = client.get(url).content.decode()
    assert_strict_csp(page)
    assert "Xem lại để ban hành" in page and issue_url in page and "Tải quyết định (Word)" in page
    # The last look: number, date, signer, the list, the bases and the previews.
    look = client.get(issue_url).content.decode()
    assert_strict_csp(look)
    for expected in ("1-QĐ/TCTTN", timezone.localdate().strftime("%d/%m/%Y"), "Trần Thị Hoa",
                     "Căn cứ Luật Thi đua, khen thưởng", "Hội đồng họp ngày 27/12/2022",
                     reverse("decisions:decision_pdf", args=[decision.pk]),
                     "Ban hành quyết định"):  # fmt: skip
        assert expected in look, expected
    # Reviewing other values shows them and changes nothing.
    look = client.post(issue_url, {"decided_on": "28/12/2022", "number": "7"}).content.decode()
    assert "7-QĐ/TCTTN" in look and "28/12/2022" in look and "Nghị định số 91/2017" in look
    decision.refresh_from_db()
    assert decision.state == "draft" and not Award.objects.exists()
    # A date before the council met is told on the look, with no button to issue.
    look = client.post(issue_url, {"decided_on": "20/12/2022", "number": ""}).content.decode()
    assert "họp phiên «Phiên họp cuối năm» ngày 27/12/2022" in look
    assert 'id="issue-confirm"' not in look
    answer = client.post(issue_url, values)
    assert answer.status_code == 302 and answer["Location"] == url
    decision.refresh_from_db()
    assert (decision.state, decision.number) == ("issued", 1) and Award.objects.count() == 4
    # LĐTT and TTLĐTT lines have no certificate: no link, and the address is not found.
    page = client.get(url).content.decode()
    assert "Giấy khen (PDF)" not in page and "Giấy chứng nhận (PDF)" not in page
    entry = decision.entries.filter(person__isnull=False).first()
    pdf = client.get(reverse("decisions:certificate_pdf", args=[decision.pk, entry.pk]))
    assert pdf.status_code == 404
    giay_khen = issue(manual_draft(decision.organization, personas, person=entry.person),
                      personas)  # fmt: skip
    page = client.get(giay_khen.get_absolute_url()).content.decode()
    assert "Giấy khen (PDF)" in page
    line = giay_khen.entries.get()
    pdf = client.get(reverse("decisions:certificate_pdf", args=[giay_khen.pk, line.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    docx = client.get(reverse("decisions:decision_docx", args=[decision.pk]))
    assert docx.status_code == 200 and "Số 1-QĐ/TCTTN" in docx_text(docx.content)
    answer = client.post(url, {"action": "revoke", "revoked_on": "05/01/2023", "reason": ""})
    assert answer.status_code == 200 and "bắt buộc" in answer.content.decode()
    client.post(url, {"action": "revoke", "revoked_on": "05/01/2023", "reason": "Sai sót"})
    decision.refresh_from_db()
    assert decision.state == "revoked"
    assert list(Award.objects.in_force().values_list("code", flat=True)) == ["GIAY_KHEN"]
    assert "Sai sót" in client.get(url).content.decode()


# --- the register's check, shared with proposals --------------------------------------------


@pytest.mark.django_db
def test_issuing_refuses_an_award_already_in_force_naming_who_and_by_which_decision(
    session, personas, people, org
):
    decision = draft(session, personas)
    Award.objects.create(organization=org, person=people["dat"], year=YEAR, code="LDTT",
                         source="own", decision_number="9-QĐ/TCTTN", decided_on=date(2022, 12, 1),
                         issued_by=ISSUER)  # fmt: skip
    with pytest.raises(
        ActionRefused, match=r"Nguyễn Văn Đạt – Lao động tiên tiến năm 2022 \(Quyết định số "
        r"9-QĐ/TCTTN ngày 01/12/2022"
    ):  # fmt: skip
        issue(decision, personas)
    decision.refresh_from_db()
    assert (decision.state, decision.number) == ("draft", None)
    assert Award.objects.count() == 1
    # A revoked award is no longer in force: the decision goes through.
    Award.objects.update(revoked_on=date(2022, 12, 5), revocation_reason="Sai sót")
    assert issue(decision, personas).state == "issued"


@pytest.mark.django_db
def test_legal_bases_are_those_in_force_on_the_signing_day_unless_edited(org, personas, people):
    decision = manual_draft(org, personas, person=people["staff"], year=2023)
    decision.legal_bases = default_legal_bases(org, date(2023, 12, 20))  # drafted in 2023
    decision.save()
    issue(decision, personas, decided_on=date(2024, 1, 10))
    decision.refresh_from_db()
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in decision.legal_bases
    assert "Nghị định số 98/2023/NĐ-CP" in decision.legal_bases
    assert "2003" not in decision.legal_bases and "91/2017" not in decision.legal_bases
    later = manual_draft(org, personas, person=people["dat"], year=2024)
    later.legal_bases = default_legal_bases(org, date(2024, 12, 20))
    later.save()
    issue(later, personas, decided_on=date(2025, 7, 1))
    later.refresh_from_db()
    assert "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in later.legal_bases
    assert "98/2023" not in later.legal_bases
    # Bases written by hand are the user's: issuing keeps them.
    edited = manual_draft(org, personas, person=people["head"], year=2023)
    issue(edited, personas, decided_on=date(2024, 1, 10))
    edited.refresh_from_db()
    assert edited.legal_bases == "Căn cứ Quy chế."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signed", "decree", "repealed"),
    [
        # NĐ 98/2023 until 30/06/2025; NĐ 152/2025 from 01/07/2025 (its Điều 59 repeals NĐ 98).
        (date(2025, 6, 30), "Nghị định số 98/2023/NĐ-CP", "152/2025"),
        (date(2025, 7, 1), "Nghị định số 152/2025/NĐ-CP", "98/2023"),
    ],
)
def test_a_decision_cites_and_pays_under_the_decree_of_its_signing_day_in_every_part(
    org, personas, people, signed, decree, repealed
):
    from thidua.decisions.documents import build_decision_context

    decision = manual_draft(org, personas, person=people["staff"], year=2024)
    decision.legal_bases = default_legal_bases(org, date(2024, 12, 20))
    decision.save()
    issue(decision, personas, decided_on=signed)
    context = build_decision_context(Decision.objects.get(pk=decision.pk))
    bases = "\n".join(context["bases"])
    assert decree in bases and decree in context["article_two"]
    assert repealed not in bases and repealed not in context["article_two"]
    assert "91/2017" not in bases + context["article_two"]


@pytest.mark.django_db
def test_a_2022_decision_signed_in_2026_pays_under_the_law_it_cites(org, personas, people):
    from thidua.decisions.documents import build_decision_context

    decision = manual_draft(org, personas, person=people["staff"], year=2022)
    decision.legal_bases = default_legal_bases(org, date(2022, 12, 20))
    decision.save()
    issue(decision, personas, decided_on=date(2026, 1, 5))
    context = build_decision_context(Decision.objects.get(pk=decision.pk))
    bases = "\n".join(context["bases"])
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in bases
    assert "Nghị định số 152/2025/NĐ-CP" in bases
    assert "Nghị định số 152/2025/NĐ-CP" in context["article_two"]
    assert "91/2017" not in bases + context["article_two"]


@pytest.mark.django_db
def test_the_decision_date_is_neither_in_the_future_nor_before_the_session_closed(
    session, personas
):
    decision = draft(session, personas)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ActionRefused, match="ở tương lai"):
        issue(decision, personas, decided_on=tomorrow)
    # Not before the day the council met (issue 13, item 3: the meeting day, not the closing).
    with pytest.raises(
        ActionRefused, match=r"26/12/2022 trước ngày Hội đồng họp: Hội đồng Thi đua – Khen "
        r"thưởng năm 2022 họp phiên «Phiên họp cuối năm» ngày 27/12/2022"
    ):  # fmt: skip
        issue(decision, personas, decided_on=date(2022, 12, 26))
    # A 2021 date for the 2022 decision says why: the council of 2022 met on 27/12/2022.
    with pytest.raises(
        ActionRefused, match=r"Ngày quyết định 15/12/2021 trước ngày Hội đồng họp: Hội đồng Thi "
        r"đua – Khen thưởng năm 2022 họp phiên «Phiên họp cuối năm» ngày 27/12/2022"
    ):  # fmt: skip
        issue(decision, personas, decided_on=date(2021, 12, 15))
    decision.refresh_from_db()
    assert (decision.state, decision.number) == ("draft", None) and not Award.objects.exists()
    assert issue(decision, personas, decided_on=date(2022, 12, 27)).number == 1


@pytest.mark.django_db
def test_a_line_added_by_hand_is_a_giay_khen_for_a_person_or_a_unit(
    session, org, personas, people, units
):
    decision = draft(session, personas)
    secretary = personas["secretary"]
    for title in ("LDTT", "CSTD_CS", "TTLDTT"):
        with pytest.raises(ActionRefused, match="chỉ thêm được Giấy khen"):
            do_add_entry(decision, title, person=people["other"], unit=None,
                         acting_user=secretary)  # fmt: skip
    with pytest.raises(ActionRefused, match="một cán bộ hoặc một tập thể"):
        do_add_entry(decision, "GIAY_KHEN", acting_user=secretary)  # the organisation itself
    with pytest.raises(ActionRefused, match="Chỉ thường trực"):
        do_add_entry(decision, "GIAY_KHEN", person=people["other"],
                     acting_user=personas["council_member"])  # fmt: skip
    do_add_entry(decision, "GIAY_KHEN", person=people["other"], acting_user=secretary)
    do_add_entry(decision, "GIAY_KHEN", unit=units["b"], acting_user=secretary)
    with pytest.raises(ActionRefused, match="đã có trong danh sách"):
        do_add_entry(decision, "GIAY_KHEN", unit=units["b"], acting_user=secretary)
    decision.refresh_from_db()
    assert decision.titles == ["LDTT", "TTLDTT", "GIAY_KHEN"]
    assert decision.entries.filter(title="GIAY_KHEN").count() == 2
    assert not decision.entries.filter(person=people["other"]).exclude(title="GIAY_KHEN").exists()


@pytest.mark.django_db
def test_numbers_run_per_calendar_year_of_signing_not_per_award_year(org, personas, people):
    december = issue(manual_draft(org, personas, person=people["staff"]), personas)
    # 2022's awards signed in January 2023 take 2023's first number …
    january = issue(manual_draft(org, personas, person=people["dat"]), personas,
                    decided_on=date(2023, 1, 10))  # fmt: skip
    # … and 2023's awards signed in December 2023 the next one of that year.
    later = issue(manual_draft(org, personas, person=people["staff"], year=2023), personas,
                  decided_on=date(2023, 12, 20))  # fmt: skip
    assert [(d.year, d.number_year, d.number) for d in (december, january, later)] == [
        (2022, 2022, 1), (2022, 2023, 1), (2023, 2023, 2),
    ]  # fmt: skip
    with pytest.raises(ActionRefused, match="Số 2-QĐ/TCTTN đã được dùng"):
        issue(manual_draft(org, personas, person=people["head"]), personas, number="2",
              decided_on=date(2023, 12, 21))  # fmt: skip
    assert issue(manual_draft(org, personas, person=people["head"]), personas,
                 number="2").number == 2  # 2022 still has number 2 free  # fmt: skip


@pytest.mark.django_db
def test_a_draft_reads_as_if_signed_today_in_its_bases_and_its_article_two(org, personas, people):
    """Drafted on 30/06/2025 (bases of NĐ 98/2023), previewed later: the draft cites and pays
    under the same decree, the one in force on the day it is read (NĐ 152/2025 from 01/07/2025)."""
    from thidua.decisions.documents import build_decision_context

    decision = manual_draft(org, personas, person=people["staff"], year=2024)
    decision.legal_bases = default_legal_bases(org, date(2025, 6, 30))
    decision.save()
    context = build_decision_context(decision)
    today = instruments.reward_decree_on(timezone.localdate()).reference
    assert today in context["article_two"] and today in "\n".join(context["bases"])
    assert "98/2023" not in "\n".join(context["bases"]) + context["article_two"]
    # Bases written by hand stay the user's.
    decision.legal_bases = "Căn cứ Quy chế."
    decision.save()
    assert build_decision_context(decision)["bases"] == ["Căn cứ Quy chế."]


@pytest.mark.django_db
def test_a_decision_dated_before_the_known_law_is_refused_in_words(org, personas, people):
    decision = manual_draft(org, personas, person=people["staff"], year=2016)
    with pytest.raises(ActionRefused, match="trước ngày Nghị định 91/2017/NĐ-CP có hiệu lực"):
        issue(decision, personas, decided_on=date(2016, 12, 20))
    assert Decision.objects.get(pk=decision.pk).state == "draft"


@pytest.mark.django_db
def test_a_decision_outside_a_session_is_not_dated_before_its_year(org, personas, people):
    decision = manual_draft(org, personas, person=people["staff"])
    with pytest.raises(
        ActionRefused, match=r"Ngày quyết định 20/12/2021 thuộc năm 2021, trước năm xét khen "
        r"thưởng 2022: quyết định khen thưởng năm 2022 chỉ ký từ năm 2022 trở đi"
    ):  # fmt: skip
        issue(decision, personas, decided_on=date(2021, 12, 20))
    decision.refresh_from_db()
    assert (decision.state, decision.number) == ("draft", None) and not Award.objects.exists()
    assert issue(decision, personas, decided_on=date(2022, 1, 3)).decided_on == date(2022, 1, 3)


@pytest.mark.django_db
def test_the_last_look_refuses_other_personas_and_tells_a_used_number(client, org, personas,
                                                                      people):  # fmt: skip
    issued = issue(manual_draft(org, personas, person=people["staff"]), personas)
    decision = manual_draft(org, personas, person=people["dat"])
    url = reverse("decisions:decision_issue", args=[decision.pk])
    for persona in ("secretary", "council_member", "unit_head", "leader"):
        client.force_login(personas[persona])
        assert client.get(url).status_code in (403, 404), persona
        assert client.post(url, {"decided_on": "28/12/2022", "confirm": "1"}).status_code in (
            403, 404,
        ), persona  # fmt: skip
    # The administrator passes every permission check but the action still refuses to issue.
    client.force_login(personas["admin"])
    answer = client.post(url, {"decided_on": "29/12/2022", "confirm": "1"})
    assert "Chỉ Hiệu trưởng ký ban hành" in answer.content.decode()
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    decision.refresh_from_db()
    assert decision.state == "draft"
    client.force_login(personas["principal"])
    look = client.post(url, {"decided_on": "29/12/2022", "number": "1"}).content.decode()
    assert "Số 1-QĐ/TCTTN đã được dùng cho quyết định ngày 28/12/2022" in look
    assert 'id="issue-confirm"' not in look
    # Confirmed anyway (a forged request): the action refuses and nothing is written.
    answer = client.post(url, {"decided_on": "29/12/2022", "number": "1", "confirm": "1"})
    assert answer.status_code == 200 and "đã được dùng" in answer.content.decode()
    decision.refresh_from_db()
    assert decision.state == "draft" and Award.objects.count() == 1
    # An issued decision has no last look any more.
    assert client.get(reverse("decisions:decision_issue", args=[issued.pk])).status_code == 403


# --- the union's titles (issue 13, item 6) ------------------------------------------------------


@pytest.fixture
def union_session(db, org, units, people, personas, members):
    """A closed session that passed LĐTT and the union's "Giỏi việc trường, đảm việc nhà"."""
    head = personas["unit_head"]
    make_eligible(org, people["staff"], titles=("LDTT", "GVT_DVN"))
    nominations = [
        do_nominate(year=YEAR, title="LDTT", person=people["staff"], acting_user=head),
        do_nominate(year=YEAR, title="GVT_DVN", person=people["staff"],
                    justification="Giỏi việc trường, đảm việc nhà.", acting_user=head),
    ]  # fmt: skip
    return run_session(personas, members, nominations, on=MEETING)


@pytest.mark.django_db
def test_union_titles_stay_out_of_the_decision_and_the_secretary_records_the_unions(
    union_session, personas, people, org
):
    from thidua.decisions.actions import do_record_union_decision, union_results

    decision = draft(union_session, personas)
    assert [e.title for e in decision.entries.all()] == ["LDTT"]
    [waiting] = union_results(union_session)
    assert (waiting.passed_title, waiting.award) == ("GVT_DVN", None)
    for persona in ("principal", "council_member", "unit_head", "staff", "outsider"):
        with pytest.raises(ActionRefused, match="Chỉ thường trực Hội đồng ghi quyết định"):
            do_record_union_decision(union_session, [waiting], decision_number="12/QĐ-CĐ",
                                     decided_on=DAY, acting_user=personas[persona])  # fmt: skip
    secretary = personas["secretary"]
    with pytest.raises(ActionRefused, match=r"trước ngày Hội đồng họp: .* ngày 27/12/2022"):
        do_record_union_decision(union_session, [waiting], decision_number="12/QĐ-CĐ",
                                 decided_on=date(2022, 12, 1), acting_user=secretary)  # fmt: skip
    with pytest.raises(ActionRefused, match="ở tương lai"):
        do_record_union_decision(union_session, [waiting], decision_number="12/QĐ-CĐ",
                                 decided_on=timezone.localdate() + timedelta(days=1),
                                 acting_user=secretary)  # fmt: skip
    with pytest.raises(ActionRefused, match="Số quyết định của Công đoàn: bắt buộc"):
        do_record_union_decision(union_session, [waiting], decision_number=" ", decided_on=DAY,
                                 acting_user=secretary)  # fmt: skip
    assert not Award.objects.exists()
    [award] = do_record_union_decision(union_session, [waiting], decision_number="12/QĐ-CĐ",
                                       decided_on=DAY, acting_user=secretary)  # fmt: skip
    assert (award.person, award.code, award.year, award.decision_number, award.issued_by,
            award.source) == (people["staff"], "GVT_DVN", YEAR, "12/QĐ-CĐ",
                              "Công đoàn cấp trên", "register")  # fmt: skip
    assert LogEntry.objects.get_for_object(award).get().actor == secretary
    [recorded] = union_results(union_session)
    assert recorded.award == award
    with pytest.raises(ActionRefused, match="không phải kết quả chờ quyết định của Công đoàn"):
        do_record_union_decision(union_session, [waiting], decision_number="13/QĐ-CĐ",
                                 decided_on=DAY, acting_user=secretary)  # fmt: skip
    # The LĐTT line is the principal's, and is not the union's to record.
    ldtt = decision.entries.get().nomination
    with pytest.raises(ActionRefused, match="không phải kết quả chờ quyết định của Công đoàn"):
        do_record_union_decision(union_session, [ldtt], decision_number="13/QĐ-CĐ",
                                 decided_on=DAY, acting_user=secretary)  # fmt: skip
    assert Award.objects.count() == 1


@pytest.mark.django_db
def test_the_union_decisions_page(client, union_session, personas, people):
    url = reverse("decisions:union_decisions")
    for persona in ("principal", "staff", "unit_head"):
        client.force_login(personas[persona])
        assert client.get(url).status_code == 403, persona
    client.force_login(personas["secretary"])
    listing = client.get(reverse("decisions:decision_list")).content.decode()
    assert url in listing
    page = client.get(url)
    html = page.content.decode()
    assert_strict_csp(html)
    assert "Chờ quyết định của Công đoàn" in html and "Giỏi việc trường, đảm việc nhà" in html
    nomination = union_session.items.get(nomination__title="GVT_DVN").nomination
    prefix = "s{}-".format(union_session.pk)
    bad = client.post(url, {"session": union_session.pk, prefix + "decision_number": "12/QĐ-CĐ",
                            prefix + "decided_on": "01/12/2022",
                            prefix + "nominations": [str(nomination.pk)]})  # fmt: skip
    assert bad.status_code == 200 and "trước ngày Hội đồng họp" in bad.content.decode()
    assert not Award.objects.exists()
    answer = client.post(url, {"session": union_session.pk, prefix + "decision_number": "12/QĐ-CĐ",
                               prefix + "decided_on": "28/12/2022",
                               prefix + "nominations": [str(nomination.pk)]})  # fmt: skip
    assert answer.status_code == 302
    assert list(Award.objects.values_list("code", "decision_number")) == [("GVT_DVN", "12/QĐ-CĐ")]
    html = client.get(url).content.decode()
    assert "Đã ghi sổ" in html and "union-form" not in html
    client.force_login(personas["outsider"])
    assert client.post(url, {"session": union_session.pk}).status_code in (403, 404)


# --- issue 16: the authority line, the head's instrument, the officer's choice of format ----


@pytest.mark.django_db
def test_a_deputy_signs_for_the_principal_and_the_decision_stays_the_heads(
    session, personas, org, tmp_path
):
    decision = issue(draft(session, personas, signer_name="Phạm Văn Phó",
                           signer_position="Phó Hiệu trưởng"), personas)  # fmt: skip
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        flat = " ".join(read(make_document(tmp_path, "decision", "--year", "2022", "--number",
                                           str(decision.number), "--format", fmt)).split())
        # Party format (the organisation's): "K/T"; the body names the head's authority.
        assert "K/T HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG" in flat, fmt
        assert "HIỆU TRƯỞNG TRƯỜNG CHÍNH TRỊ THỬ NGHIỆM" in flat, fmt
        assert "PHÓ HIỆU TRƯỞNG TRƯỜNG CHÍNH TRỊ" not in flat, fmt
    state = " ".join(docx_text(make_document(tmp_path, "decision", "--year", "2022", "--number",
                                             str(decision.number), "--layout", "state")).split())
    assert "KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG" in state
    assert "Số: 01/QĐ-TCTTN" in state and "Kèm theo Quyết định Số 01/QĐ-TCTTN" in state


@pytest.mark.django_db
def test_the_bases_begin_with_the_heads_instrument_or_a_marked_blank(org):
    first = default_legal_bases(org, DAY).splitlines()[0]
    assert first.startswith("Căn cứ ………") and "chức năng, nhiệm vụ, quyền hạn của" in first
    assert "thidua" not in first.lower()
    org.authority_instrument = ("Quyết định số 12-QĐ/TU ngày 01/6/2018 của Ban Thường vụ Tỉnh ủy "
                                "quy định chức năng, nhiệm vụ của Trường Chính trị Thử nghiệm.")
    org.save()
    lines = default_legal_bases(org, DAY).splitlines()
    assert lines[0] == ("Căn cứ Quyết định số 12-QĐ/TU ngày 01/6/2018 của Ban Thường vụ Tỉnh ủy "
                        "quy định chức năng, nhiệm vụ của Trường Chính trị Thử nghiệm;")
    assert lines[1].startswith("Căn cứ Luật Thi đua, khen thưởng")


@pytest.mark.django_db
def test_the_decision_page_offers_the_other_format(session, personas, client):
    decision = issue(draft(session, personas), personas)
    client.force_login(personas["secretary"])
    page = client.get(decision.get_absolute_url()).content.decode()
    assert 'id="decision-layout"' in page and "?layout=state" in page
    url = reverse("decisions:decision_docx", args=[decision.pk])
    text = docx_text(client.get(url + "?layout=state").content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ĐẢNG CỘNG SẢN" not in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_text(client.get(url).content)
    assert client.get(url + "?layout=x").status_code == 404
