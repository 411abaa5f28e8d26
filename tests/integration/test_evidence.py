"""Evidence: who proposes, verifies, rejects, changes and deletes it, and what a closed year locks.

Each state change is tried with the persona allowed to make it, one constrained (a unit head on
their own or another unit's record) and one denied (staff, an outsider); a refused request must
leave the database as it was.
"""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from thidua.core.actions import ActionRefused
from thidua.evidence.actions import (
    do_close_year,
    do_delete_evidence,
    do_reject_evidence,
    do_reopen_year,
    do_save_evidence,
    do_verify_evidence,
)
from thidua.evidence.models import (
    Leave,
    Verification,
    Work,
    WorkAuthorship,
    YearClosure,
    YearGrade,
)

pytestmark = pytest.mark.django_db

YEAR = 2022


def grade_of(person, *, year=YEAR, grade="HTT", state=Verification.PROPOSED, by=None):
    return YearGrade.objects.create(
        organization=person.organization, person=person, year=year, grade=grade,
        verification=state, proposed_by=by,
    )  # fmt: skip


def url(name, record, kind="grades"):
    return reverse("achievements:" + name, args=[kind, record.pk])


def entries(record):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).order_by("timestamp", "pk")


# Proposing and saving ----------------------------------------------------------------------


def test_staff_proposes_their_own_grade(client, personas, people):
    client.force_login(personas["staff"])
    response = client.post(
        reverse("achievements:evidence_add", args=["grades"]), {"year": YEAR, "grade": "HTXS"}
    )
    grade = YearGrade.objects.get()
    assert response.status_code == 302 and response["Location"] == url("evidence", grade)
    assert grade.person == people["staff"]
    assert grade.verification == Verification.PROPOSED
    assert grade.proposed_by == personas["staff"] and grade.verified_by is None
    assert entries(grade).get().actor == personas["staff"]


def test_staff_cannot_propose_for_someone_else(client, personas, people):
    client.force_login(personas["staff"])
    client.post(
        reverse("achievements:evidence_add", args=["grades"]),
        {"person": people["dat"].pk, "year": YEAR, "grade": "HTXS"},
    )
    # The person field is fixed for staff: the forged value is ignored.
    assert list(YearGrade.objects.values_list("person", flat=True)) == [people["staff"].pk]


def test_action_refuses_a_record_about_someone_else(personas, people, org):
    record = YearGrade(organization=org, person=people["dat"], year=YEAR, grade="HTT")
    with pytest.raises(ActionRefused, match="chính mình"):
        do_save_evidence(record, acting_user=personas["staff"])
    assert not YearGrade.objects.exists()


@pytest.mark.parametrize(
    "role, subject, state",
    [
        ("secretary", "dat", Verification.VERIFIED),
        ("secretary", "other", Verification.VERIFIED),
        ("admin", "other", Verification.VERIFIED),
        ("unit_head", "dat", Verification.VERIFIED),
        ("unit_head", "head", Verification.PROPOSED),  # their own: someone else verifies it
        ("staff", "staff", Verification.PROPOSED),
    ],
)
def test_saved_verified_only_by_someone_who_may_verify(personas, people, org, role, subject, state):
    record = YearGrade(organization=org, person=people[subject], year=YEAR, grade="HTT")
    do_save_evidence(record, acting_user=personas[role])
    record.refresh_from_db()
    assert record.verification == state
    assert (record.verified_by == personas[role]) is (state == Verification.VERIFIED)
    assert record.proposed_by == personas[role]


def test_unit_head_cannot_record_evidence_of_another_unit(personas, people, org):
    record = YearGrade(organization=org, person=people["other"], year=YEAR, grade="HTT")
    with pytest.raises(ActionRefused):
        do_save_evidence(record, acting_user=personas["unit_head"])
    assert not YearGrade.objects.exists()


def test_form_errors_are_shown_in_vietnamese(client, personas):
    client.force_login(personas["staff"])
    response = client.post(
        reverse("achievements:evidence_add", args=["leave"]),
        {"kind": "sick", "started_on": "10/03/2022", "ended_on": "01/03/2022"},
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not Leave.objects.exists()


def test_dates_are_typed_day_first(client, personas, people):
    client.force_login(personas["staff"])
    client.post(
        reverse("achievements:evidence_add", args=["leave"]),
        {"kind": "sick", "started_on": "03/04/2022", "ended_on": "05/04/2022"},
    )
    leave = Leave.objects.get()
    assert (leave.started_on, leave.ended_on) == (date(2022, 4, 3), date(2022, 4, 5))
    assert leave.person == people["staff"] and leave.verification == Verification.PROPOSED


def test_duplicate_grade_reads_as_a_message(client, personas, people):
    grade_of(people["dat"])
    client.force_login(personas["secretary"])
    response = client.post(
        reverse("achievements:evidence_add", args=["grades"]),
        {"person": people["dat"].pk, "year": YEAR, "grade": "HTXS"},
    )
    assert response.status_code == 200
    assert "Cán bộ đã có xếp loại năm này." in response.content.decode()
    assert YearGrade.objects.count() == 1


# Verifying and rejecting -------------------------------------------------------------------


def test_staff_cannot_verify_their_own(client, personas, people):
    grade = grade_of(people["staff"], by=personas["staff"])
    client.force_login(personas["staff"])
    assert client.post(url("evidence_verify", grade)).status_code == 403
    with pytest.raises(ActionRefused, match="chính mình"):
        do_verify_evidence(grade, acting_user=personas["staff"])
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED


def test_unit_head_verifies_their_people(client, personas, people):
    grade = grade_of(people["staff"], by=personas["staff"])
    client.force_login(personas["unit_head"])
    response = client.post(url("evidence_verify", grade))
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.verification == Verification.VERIFIED
    assert grade.verified_by == personas["unit_head"] and grade.verified_at is not None
    assert entries(grade).last().actor == personas["unit_head"]


def test_unit_head_cannot_verify_their_own(client, personas, people):
    grade = grade_of(people["head"], by=personas["unit_head"])
    client.force_login(personas["unit_head"])
    assert client.post(url("evidence_verify", grade)).status_code == 403
    with pytest.raises(ActionRefused, match="Không tự xác nhận"):
        do_verify_evidence(grade, acting_user=personas["unit_head"])
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED


def test_unit_head_cannot_verify_another_units_record(client, personas, people):
    grade = grade_of(people["other"])
    client.force_login(personas["unit_head"])
    # Outside their scope: not even its existence is revealed.
    assert client.post(url("evidence_verify", grade)).status_code == 404
    assert client.get(url("evidence", grade)).status_code == 404
    with pytest.raises(ActionRefused):
        do_verify_evidence(grade, acting_user=personas["unit_head"])
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED


@pytest.mark.parametrize("subject", ["staff", "head", "other", "secretary"])
def test_secretary_verifies_everything(personas, people, subject):
    grade = grade_of(people[subject])
    do_verify_evidence(grade, acting_user=personas["secretary"])
    grade.refresh_from_db()
    assert grade.verification == Verification.VERIFIED


@pytest.mark.parametrize("role", ["council_member", "principal", "leader", "staff"])
def test_readers_cannot_verify(client, personas, people, role):
    grade = grade_of(people["dat"])
    client.force_login(personas[role])
    assert client.post(url("evidence_verify", grade)).status_code in (403, 404)
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED


def test_verifying_twice_is_refused(personas, people):
    grade = grade_of(people["dat"], state=Verification.VERIFIED)
    with pytest.raises(ActionRefused, match="đã được xác nhận"):
        do_verify_evidence(grade, acting_user=personas["secretary"])


def test_rejection_needs_a_reason(client, personas, people):
    grade = grade_of(people["staff"])
    with pytest.raises(ActionRefused, match="Cần ghi lý do"):
        do_reject_evidence(grade, reason="   ", acting_user=personas["unit_head"])
    client.force_login(personas["unit_head"])
    response = client.post(url("evidence_reject", grade), {"reason": ""}, follow=True)
    assert "Cần ghi lý do không xác nhận." in response.content.decode()
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED and grade.rejection_reason == ""


def test_rejection_with_a_reason_and_a_new_proposal(client, personas, people):
    grade = grade_of(people["staff"], by=personas["staff"])
    client.force_login(personas["unit_head"])
    client.post(url("evidence_reject", grade), {"reason": "Chưa có biên bản họp khoa."})
    grade.refresh_from_db()
    assert grade.verification == Verification.REJECTED
    assert grade.rejection_reason == "Chưa có biên bản họp khoa."
    assert grade.verified_by == personas["unit_head"]

    client.force_login(personas["staff"])
    page = client.get(url("evidence", grade)).content.decode()
    assert "Chưa có biên bản họp khoa." in page
    client.post(url("evidence_edit", grade), {"year": YEAR, "grade": "HTT"})
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED
    assert grade.rejection_reason == "" and grade.verified_by is None


def test_staff_cannot_change_a_verified_record(client, personas, people):
    grade = grade_of(people["staff"], state=Verification.VERIFIED, grade="HTT")
    client.force_login(personas["staff"])
    assert client.get(url("evidence_edit", grade)).status_code == 403
    response = client.post(url("evidence_edit", grade), {"year": YEAR, "grade": "HTXS"})
    assert response.status_code == 403
    with pytest.raises(ActionRefused, match="đã được xác nhận"):
        grade.grade = "HTXS"
        do_save_evidence(grade, acting_user=personas["staff"])
    grade.refresh_from_db()
    assert grade.grade == "HTT"


# Closed years ------------------------------------------------------------------------------


def test_only_the_secretary_closes_and_reopens_a_year(client, personas):
    for role in ("unit_head", "staff", "principal"):
        client.force_login(personas[role])
        assert client.get(reverse("achievements:year_closures")).status_code == 403
        assert client.post(reverse("achievements:year_closures"), {"year": YEAR}).status_code == 403
        with pytest.raises(ActionRefused, match="Thường trực"):
            do_close_year(YEAR, acting_user=personas[role])
    assert not YearClosure.objects.exists()

    client.force_login(personas["secretary"])
    client.post(reverse("achievements:year_closures"), {"action": "close", "year": YEAR})
    closure = YearClosure.objects.get()
    assert (closure.year, closure.closed_by) == (YEAR, personas["secretary"])
    page = client.get(reverse("achievements:year_closures")).content.decode()
    assert "Mở lại năm 2022" in page
    with pytest.raises(ActionRefused, match="đã khóa"):
        do_close_year(YEAR, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="Thường trực"):
        do_reopen_year(YEAR, acting_user=personas["unit_head"])
    client.post(reverse("achievements:year_closures"), {"action": "reopen", "year": YEAR})
    assert not YearClosure.objects.exists()
    with pytest.raises(ActionRefused, match="chưa khóa"):
        do_reopen_year(YEAR, acting_user=personas["secretary"])


def test_closed_year_locks_evidence_for_staff_and_unit_heads(client, personas, people):
    own = grade_of(people["staff"], by=personas["staff"])
    do_close_year(YEAR, acting_user=personas["secretary"])

    own.grade = "HTXS"
    with pytest.raises(ActionRefused, match="Năm 2022 đã khóa minh chứng"):
        do_save_evidence(own, acting_user=personas["staff"])
    with pytest.raises(ActionRefused, match="Năm 2022 đã khóa minh chứng"):
        do_verify_evidence(own, acting_user=personas["unit_head"])
    with pytest.raises(ActionRefused, match="Năm 2022 đã khóa minh chứng"):
        do_delete_evidence(own, acting_user=personas["staff"])
    new = YearGrade(organization=own.organization, person=people["dat"], year=YEAR, grade="HTT")
    with pytest.raises(ActionRefused, match="Năm 2022 đã khóa minh chứng"):
        do_save_evidence(new, acting_user=personas["unit_head"])

    client.force_login(personas["staff"])
    assert client.get(url("evidence_edit", own)).status_code == 403
    page = client.get(url("evidence", own)).content.decode()
    assert "Năm 2022 đã khóa" in page and url("evidence_edit", own) not in page
    client.force_login(personas["unit_head"])
    assert client.post(url("evidence_verify", own)).status_code == 403
    own.refresh_from_db()
    assert (own.grade, own.verification) == ("HTT", Verification.PROPOSED)
    assert YearGrade.objects.count() == 1


def test_secretary_changes_a_closed_year_and_the_log_says_so(client, personas, people):
    grade = grade_of(people["staff"], state=Verification.VERIFIED)
    do_close_year(YEAR, acting_user=personas["secretary"])
    client.force_login(personas["secretary"])
    response = client.post(
        url("evidence_edit", grade), {"person": people["staff"].pk, "year": YEAR, "grade": "HTXS"}
    )
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.grade == "HTXS" and grade.verification == Verification.VERIFIED
    entry = entries(grade).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == personas["secretary"]
    assert entry.additional_data["closed_years"] == [YEAR]
    assert "grade" in entry.changes_dict


def test_a_record_moved_out_of_a_closed_year_is_locked(personas, people):
    grade = grade_of(people["staff"], by=personas["staff"])
    do_close_year(YEAR, acting_user=personas["secretary"])
    grade.year = YEAR + 1
    with pytest.raises(ActionRefused, match="đã khóa"):
        do_save_evidence(grade, acting_user=personas["staff"])
    grade.refresh_from_db()
    assert grade.year == YEAR


def test_reopened_year_is_open_again(personas, people):
    grade = grade_of(people["staff"], by=personas["staff"])
    do_close_year(YEAR, acting_user=personas["secretary"])
    do_reopen_year(YEAR, acting_user=personas["secretary"])
    do_verify_evidence(grade, acting_user=personas["unit_head"])
    grade.refresh_from_db()
    assert grade.verification == Verification.VERIFIED


# Deleting ----------------------------------------------------------------------------------


def test_deleting(client, personas, people):
    proposed = grade_of(people["staff"], year=2021)
    verified = grade_of(people["staff"], state=Verification.VERIFIED)
    client.force_login(personas["staff"])
    assert client.post(url("evidence_delete", verified)).status_code == 403
    assert client.post(url("evidence_delete", proposed)).status_code == 302
    assert list(YearGrade.objects.all()) == [verified]
    client.force_login(personas["secretary"])
    assert client.get(url("evidence_delete", verified)).status_code == 200
    client.post(url("evidence_delete", verified))
    assert not YearGrade.objects.exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE).count() == 2


# Forged requests ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["evidence", "evidence_edit", "evidence_delete"])
def test_outsider_gets_404_for_another_organisations_record(client, personas, people, name):
    grade = grade_of(people["staff"])
    client.force_login(personas["outsider"])
    assert client.get(url(name, grade)).status_code == 404


def test_forged_posts_change_nothing(client, personas, people):
    grade = grade_of(people["other"], grade="HTT")
    client.force_login(personas["outsider"])
    for name in ("evidence_verify", "evidence_reject", "evidence_delete"):
        assert client.post(url(name, grade), {"reason": "x"}).status_code == 404
    payload = {"person": people["other"].pk, "year": YEAR, "grade": "KHTNV"}
    assert client.post(url("evidence_edit", grade), payload).status_code == 404
    client.force_login(personas["unit_head"])
    assert client.post(url("evidence_edit", grade), payload).status_code == 404
    assert client.post(url("evidence_delete", grade)).status_code == 404
    # The same record under another kind's URL is not found either.
    assert client.post(url("evidence_verify", grade, kind="leave")).status_code == 404
    grade.refresh_from_db()
    assert (grade.grade, grade.verification) == ("HTT", Verification.PROPOSED)
    assert not entries(grade).filter(action=LogEntry.Action.UPDATE).exists()


def test_unit_head_cannot_move_a_record_to_another_units_person(client, personas, people):
    grade = grade_of(people["staff"])
    client.force_login(personas["unit_head"])
    response = client.post(
        url("evidence_edit", grade), {"person": people["other"].pk, "year": YEAR, "grade": "HTT"}
    )
    assert response.status_code == 200  # the person is not among the choices
    grade.refresh_from_db()
    assert grade.person == people["staff"]


def test_verify_and_reject_answer_only_to_post(client, personas, people):
    grade = grade_of(people["staff"])
    client.force_login(personas["secretary"])
    assert client.get(url("evidence_verify", grade)).status_code == 405
    assert client.get(url("evidence_reject", grade)).status_code == 405


def test_unknown_kind_is_404(client, personas):
    client.force_login(personas["secretary"])
    assert client.get("/evidence/awards/").status_code == 404
    assert client.get("/evidence/awards/add/").status_code == 404


def test_anonymous_is_sent_to_login(client, people):
    grade = grade_of(people["staff"])
    targets = (reverse("achievements:hub"), url("evidence", grade), url("evidence_edit", grade))
    for target in targets:
        response = client.get(target)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(url("evidence_verify", grade)).status_code == 302
    grade.refresh_from_db()
    assert grade.verification == Verification.PROPOSED


# Records about several people --------------------------------------------------------------


def work_by(*authors, title="Bài giảng chung"):
    work = Work.objects.create(
        organization=authors[0].organization, title=title, kind="lecture", year=YEAR
    )
    for person in authors:
        WorkAuthorship.objects.create(work=work, person=person)
    return work


def test_unit_head_verifies_a_work_only_when_every_author_is_theirs(client, personas, people):
    head = personas["unit_head"]
    mixed = work_by(people["dat"], people["other"])  # units a and b
    ours = work_by(people["dat"], people["staff"], title="Bài của khoa")
    assert head.has_perm("achievements.view_evidence", mixed)
    assert not head.has_perm("achievements.verify_evidence", mixed)
    assert head.has_perm("achievements.verify_evidence", ours)
    with pytest.raises(ActionRefused, match="ngoài đơn vị bạn phụ trách"):
        do_verify_evidence(mixed, acting_user=head)
    client.force_login(head)
    assert client.get(url("evidence", mixed, "works")).status_code == 200
    assert client.post(url("evidence_verify", mixed, "works")).status_code == 403
    queue = client.get(reverse("achievements:pending")).context["groups"]
    assert [row["record"] for group in queue for row in group["rows"]] == [ours]
    mixed.refresh_from_db()
    assert mixed.verification == Verification.PROPOSED
    do_verify_evidence(mixed, acting_user=personas["secretary"])


def test_unit_heads_save_of_a_shared_work_stays_proposed(personas, people, org):
    head = personas["unit_head"]
    team = [WorkAuthorship(person=people["dat"]), WorkAuthorship(person=people["other"])]
    work = Work(organization=org, title="Bài viết chung", kind="article", year=YEAR)
    do_save_evidence(work, acting_user=head, team=team)
    work.refresh_from_db()
    assert work.verification == Verification.PROPOSED and work.verified_by is None
    assert work.proposed_by == head
    team = [WorkAuthorship(person=people["dat"]), WorkAuthorship(person=people["staff"])]
    work = Work(organization=org, title="Bài viết của khoa", kind="article", year=YEAR)
    do_save_evidence(work, acting_user=head, team=team)
    assert work.verification == Verification.VERIFIED and work.verified_by == head
