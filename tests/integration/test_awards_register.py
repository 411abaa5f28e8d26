"""The award register ("Sổ khen thưởng"): the actions by role, their refusals (nothing written),
the engine reading an entered award, the screens, the spreadsheet kind `awards` and the
document `award_history` (issue 13, items 1 and 2)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua import rules
from thidua.attachments.models import Attachment
from thidua.awards.actions import (
    AwardData,
    AwardRefused,
    do_add_award,
    do_correct_award,
    do_revoke_award,
)
from thidua.awards.models import Award, AwardSource
from thidua.evaluation.facts import assemble_facts, person_id
from thidua.evidence.models import YearGrade

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def coded(people):
    """Give the people staff codes with leading zeros."""
    for index, key in enumerate(("staff", "head", "dat", "other", "secretary"), start=1):
        people[key].staff_code = "00{}".format(index)
        people[key].save()
    return people


def data(person=None, unit=None, *, year=2021, code="CSTD_CS", number="12/QĐ-TCTTN",
         decided_on=date(2021, 12, 20), issued_by=""):  # fmt: skip
    return AwardData(person=person, unit=unit, year=year, code=code, decision_number=number,
                     decided_on=decided_on, issued_by=issued_by)  # fmt: skip


def own_award(org, person, year=2021, code="LDTT"):
    return Award.objects.create(
        organization=org, person=person, year=year, code=code, source=AwardSource.OWN_DECISION,
        decision_number="5/QĐ-TCTTN", decided_on=date(year, 12, 28), issued_by="Hiệu trưởng",
    )  # fmt: skip


def entries(award):
    return list(LogEntry.objects.get_for_object(award).order_by("timestamp", "pk"))


def snapshot():
    return sorted(
        Award.objects.values_list(
            "pk", "person_id", "unit_id", "year", "code", "decision_number", "decided_on",
            "issued_by", "revoked_on",
        )
    )  # fmt: skip


# Actions by role ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "admin"])
def test_secretary_and_admin_add_correct_and_revoke(org, personas, people, role):
    user = personas[role]
    award = do_add_award(org, data(people["staff"]), acting_user=user)
    assert award.source == AwardSource.REGISTER
    assert award.issued_by == "Hiệu trưởng Trường Chính trị Thử nghiệm"  # from rules.authority
    assert entries(award)[-1].actor == user  # audited with its actor
    award = do_correct_award(award, data(people["staff"], number="13/QĐ-TCTTN"), acting_user=user)
    assert Award.objects.get(pk=award.pk).decision_number == "13/QĐ-TCTTN"
    do_revoke_award(award, reason="Nhầm đối tượng", acting_user=user)
    award.refresh_from_db()
    assert award.revoked_on == date.today() and award.revocation_reason == "Nhầm đối tượng"
    assert len(entries(award)) == 3


@pytest.mark.parametrize("role", ["unit_head", "staff", "principal", "council_member", "leader"])
def test_other_roles_may_not_write_the_register(org, personas, people, role):
    with pytest.raises(PermissionDenied):
        do_add_award(org, data(people["staff"]), acting_user=personas[role])
    award = do_add_award(org, data(people["staff"]), acting_user=personas["secretary"])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        do_correct_award(award, data(people["staff"], number="9"), acting_user=personas[role])
    with pytest.raises(PermissionDenied):
        do_revoke_award(award, reason="x", acting_user=personas[role])
    assert snapshot() == before


def test_an_outsider_writes_nothing_and_sees_nothing_of_another_organisation(
    client, org, personas, people
):
    outsider = personas["outsider"]
    with pytest.raises(PermissionDenied):
        do_add_award(org, data(people["staff"]), acting_user=outsider)
    award = do_add_award(org, data(people["staff"]), acting_user=personas["secretary"])
    with pytest.raises(PermissionDenied):
        do_revoke_award(award, reason="x", acting_user=outsider)
    assert not Award.objects.visible_to(outsider).exists()


def test_scope_of_reading(org, personas, people, units):
    secretary = personas["secretary"]
    mine = do_add_award(org, data(people["staff"]), acting_user=secretary)
    other = do_add_award(org, data(people["other"]), acting_user=secretary)
    faculty = do_add_award(org, data(unit=units["a"], code="TTLDTT"), acting_user=secretary)
    school = do_add_award(org, data(code="TTLDXS", issued_by=""), acting_user=secretary)
    assert school.issued_by == "Chủ tịch UBND tỉnh Hà Tĩnh"
    visible = {role: set(Award.objects.visible_to(personas[role])) for role in personas}
    assert visible["principal"] == visible["leader"] == {mine, other, faculty, school}
    assert visible["unit_head"] == {mine, faculty}
    assert visible["staff"] == {mine}
    assert visible["outsider"] == set()


# Refusals: each names its field, and nothing is written -----------------------------------


def refused(org, user, payload, field, *words):
    before = snapshot()
    with pytest.raises(AwardRefused) as error:
        do_add_award(org, payload, acting_user=user)
    assert error.value.field == field
    for word in words:
        assert word in str(error.value)
    assert snapshot() == before
    return str(error.value)


def test_a_duplicate_is_refused(org, personas, people):
    secretary = personas["secretary"]
    do_add_award(org, data(people["staff"]), acting_user=secretary)
    refused(org, secretary, data(people["staff"], number="99/QĐ"), "code",
            "Danh hiệu, hình thức:", "đã có", "Chiến sĩ thi đua cơ sở", "2021", "12/QĐ-TCTTN")
    # Also against an award written by one of thidua's own decisions.
    own_award(org, people["dat"])
    refused(org, secretary, data(people["dat"], code="LDTT"), "code", "5/QĐ-TCTTN")


def test_a_person_not_yet_joined_or_already_gone_is_refused(org, personas, people):
    secretary = personas["secretary"]
    newcomer = people["dat"]
    newcomer.hired_on = date(2022, 3, 1)
    newcomer.save()
    refused(org, secretary, data(newcomer), "person", "Cán bộ:", "vào làm việc ngày 01/03/2022")
    gone = people["other"]
    gone.left_on = date(2021, 10, 1)
    gone.save()
    refused(org, secretary, data(gone), "person", "đã thôi việc từ ngày 01/10/2021")


def test_dates_in_the_future_or_before_the_year_are_refused(org, personas, people):
    secretary = personas["secretary"]
    early = data(people["staff"], year=2022, decided_on=date(2021, 12, 30))
    message = refused(org, secretary, early, "decided_on", "Ngày quyết định:", "năm 2022",
                      "30/12/2021", "trước năm")  # fmt: skip
    assert "chỉ được xét khen từ năm đó" in message
    refused(org, secretary, data(people["staff"], year=2021, decided_on=date(2099, 1, 5)),
            "decided_on", "ở tương lai")  # fmt: skip


def test_a_title_for_the_wrong_subject_and_missing_fields_are_refused(org, personas, people, units):
    secretary = personas["secretary"]
    refused(org, secretary, data(unit=units["a"], code="LDTT"), "code", "của cá nhân")
    refused(org, secretary, data(people["staff"], code="TTLDXS"), "code", "của tập thể")
    refused(org, secretary, data(people["staff"], number="  "), "decision_number", "Số quyết định")


def test_an_award_written_by_thidua_changes_only_through_its_decision(org, personas, people):
    secretary = personas["secretary"]
    award = own_award(org, people["staff"])
    answered = Award.objects.create(
        organization=award.organization, person=people["dat"], year=2021, code="CSTD_TINH",
        source=AwardSource.HIGHER_BODY, decision_number="3421/QĐ-UBND",
        decided_on=date(2022, 1, 20), issued_by="Chủ tịch UBND tỉnh Hà Tĩnh",
    )  # fmt: skip
    before = snapshot()
    with pytest.raises(AwardRefused, match="chỉ sửa hoặc thu hồi được qua quyết định đó"):
        do_correct_award(award, data(people["staff"], code="LDTT"), acting_user=secretary)
    with pytest.raises(AwardRefused, match="5/QĐ-TCTTN"):
        do_revoke_award(award, reason="x", acting_user=secretary)
    with pytest.raises(AwardRefused, match="tờ trình đó"):
        do_revoke_award(answered, reason="x", acting_user=secretary)
    assert snapshot() == before


def test_revocation_needs_a_reason_and_a_date_in_order(org, personas, people):
    secretary = personas["secretary"]
    award = do_add_award(org, data(people["staff"]), acting_user=secretary)
    before = snapshot()
    with pytest.raises(AwardRefused) as error:
        do_revoke_award(award, reason=" ", acting_user=secretary)
    assert error.value.field == "reason"
    with pytest.raises(AwardRefused) as error:
        do_revoke_award(award, reason="x", revoked_on=date(2021, 1, 1), acting_user=secretary)
    assert error.value.field == "revoked_on"
    assert snapshot() == before


def test_the_scanned_decision_is_attached_and_a_bad_file_writes_nothing(org, personas, people):
    secretary = personas["secretary"]
    scan = SimpleUploadedFile("qd-12.pdf", PDF, content_type="application/pdf")
    award = do_add_award(org, data(people["staff"]), acting_user=secretary, attachment=scan)
    assert [a.name for a in award.attachments.all()] == ["qd-12.pdf"]
    before = snapshot()
    fake = SimpleUploadedFile("qd.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(AwardRefused) as error:
        do_add_award(org, data(people["dat"]), acting_user=secretary, attachment=fake)
    assert error.value.field == "attachment"
    assert snapshot() == before and Attachment.objects.count() == 1


# The engine reads what the register holds ------------------------------------------------


def test_three_entered_cstdcs_move_the_cstd_tinh_verdict_past_the_chain(org, personas, people):
    staff = people["staff"]
    for year in range(2019, 2023):
        YearGrade.objects.create(organization=org, person=staff, year=year, grade="HTXS",
                                 verification="verified")  # fmt: skip

    def chain():
        evaluation = rules.evaluate(assemble_facts(org, 2022), 2022)
        verdict = evaluation.verdicts(person_id(staff.pk))["CSTD_TINH"]
        [found] = [c for c in verdict.criteria if c.code == "cstd_cs_consecutive"]
        return found

    before = chain()
    assert before.passed is False
    for year in (2019, 2020, 2021):
        do_add_award(org, data(staff, year=year, decided_on=date(year, 12, 20),
                               number="{}/QĐ-TCTTN".format(year)),
                     acting_user=personas["secretary"])  # fmt: skip
    # The chain for 2022 is 2020, 2021 and the year's own CSTĐCS, which the engine judges with
    # it: the criterion no longer fails, it waits on the 2022 CSTĐCS.
    after = chain()
    assert after.passed is not False, after.detail
    assert "CSTĐCS các năm 2020, 2021" in after.detail
