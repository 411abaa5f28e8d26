"""Evidence screens: lists scoped by role and filtered, teams of authors and members, an
initiative's claims, the verification queue, one's own evidence and the export of a list."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from thidua.core.actions import NotAllowed
from thidua.evidence.actions import do_save_evidence, do_save_initiative_claims
from thidua.evidence.models import (
    Authorship,
    Discipline,
    Initiative,
    InitiativeClaim,
    Leave,
    Research,
    ResearchMember,
    Training,
    UnionScore,
    Verification,
    Work,
    WorkAuthorship,
    YearClosure,
    YearGrade,
)
from thidua.evidence.views import KINDS

pytestmark = pytest.mark.django_db

YEAR = 2022


def grade_of(person, *, year=YEAR, grade="HTT", state=Verification.PROPOSED, unit=None):
    return YearGrade.objects.create(
        organization=(person or unit).organization, person=person, unit=unit, year=year,
        grade=grade, verification=state,
    )  # fmt: skip


@pytest.fixture
def graded(people):
    """Give everyone of the test organisation a 2022 grade, Đạt a 2021 one as well."""
    rows = {key: grade_of(person) for key, person in people.items()}
    rows["dat_2021"] = grade_of(people["dat"], year=2021, state=Verification.VERIFIED)
    return rows


def names(response):
    return [row.person.full_name for row in response.context["table"].data]


def list_url(kind="grades"):
    return reverse("achievements:evidence_list", args=[kind])


def team_payload(rows, **fields):
    """Return the POST data of a record form with its team formset ("team-" prefix)."""
    data = {
        "team-TOTAL_FORMS": str(len(rows)), "team-INITIAL_FORMS": "0",
        "team-MIN_NUM_FORMS": "0", "team-MAX_NUM_FORMS": "1000", **fields,
    }  # fmt: skip
    for index, row in enumerate(rows):
        for name, value in row.items():
            data["team-{}-{}".format(index, name)] = value
    return data


# Lists -------------------------------------------------------------------------------------


def test_hub_opens_the_first_list(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("achievements:hub"))
    assert response.status_code == 302 and response["Location"] == list_url()


@pytest.mark.parametrize("role", ["secretary", "principal", "leader", "council_member", "admin"])
def test_organisation_wide_roles_see_every_grade(client, personas, people, graded, role):
    client.force_login(personas[role])
    response = client.get(list_url(), {"year": YEAR})
    assert sorted(names(response)) == sorted(p.full_name for p in people.values())
    assert len(names(client.get(list_url()))) == len(people) + 1


def test_unit_head_sees_their_units_grades(client, personas, people, graded):
    client.force_login(personas["unit_head"])
    response = client.get(list_url(), {"year": YEAR})
    assert sorted(names(response)) == ["Lê Văn Sơn", "Nguyễn Văn Đạt", "Trần Thị Hoa"]


def test_staff_sees_only_their_own(client, personas, graded):
    client.force_login(personas["staff"])
    assert names(client.get(list_url())) == ["Trần Thị Hoa"]


def test_outsider_sees_nothing_of_another_organisation(client, personas, graded):
    client.force_login(personas["outsider"])
    assert names(client.get(list_url())) == []


def test_list_is_in_vietnamese_order(client, personas, graded):
    client.force_login(personas["secretary"])
    response = client.get(list_url(), {"year": YEAR})
    # Đạt < Hoa < Lan < Quang < Sơn: given name first, đ after d.
    assert [n.split()[-1] for n in names(response)] == ["Đạt", "Hoa", "Lan", "Quang", "Sơn"]


@pytest.mark.parametrize("query", ["dat", "nguyen van dat", "ĐẠT", "Nguyễn Đạt"])
def test_search_without_diacritics(client, personas, graded, query):
    client.force_login(personas["secretary"])
    response = client.get(list_url(), {"q": query})
    assert names(response) == ["Nguyễn Văn Đạt", "Nguyễn Văn Đạt"]
    assert {g.year for g in response.context["table"].data} == {2021, 2022}


def test_filters_by_year_unit_and_state(client, personas, units, graded):
    client.force_login(personas["secretary"])
    by_unit = client.get(list_url(), {"unit": units["b"].pk})
    assert names(by_unit) == ["Phạm Thị Lan"]
    verified = client.get(list_url(), {"verification": "verified"})
    assert [(g.person.given, g.year) for g in verified.context["table"].data] == [("Đạt", 2021)]
    assert len(names(client.get(list_url(), {"year": 2021}))) == 1


def test_filter_answers_htmx_with_the_table_only(client, personas, graded):
    client.force_login(personas["secretary"])
    response = client.get(list_url(), {"q": "dat"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="evidence-table"')
    assert "<html" not in content and "Nguyễn Văn Đạt" in content
    detail = reverse("achievements:evidence", args=["grades", graded["dat"].pk])
    assert 'href="{}"'.format(detail) in content
    assert 'href="/evidence/grades/export/?q=dat"' in content
    assert "HX-Request" in response["Vary"]


def test_unit_grades_list(client, personas, units, people):
    grade_of(None, unit=units["a"])
    grade_of(None, unit=units["b"])
    client.force_login(personas["unit_head"])
    response = client.get(list_url("unit_grades"))
    assert [g.unit for g in response.context["table"].data] == [units["a"]]
    client.force_login(personas["secretary"])
    response = client.get(list_url("unit_grades"), {"q": "dan van"})
    assert [g.unit for g in response.context["table"].data] == [units["b"]]


def test_team_lists_find_a_record_by_any_author_once(client, personas, people, org):
    initiative = Initiative.objects.create(
        organization=org, title="Đổi mới giảng dạy", year=YEAR, level="co_so"
    )
    Authorship.objects.create(initiative=initiative, person=people["dat"], share=60)
    Authorship.objects.create(initiative=initiative, person=people["other"], share=40)
    client.force_login(personas["secretary"])
    response = client.get(list_url("initiatives"), {"q": "nguyen"})
    assert list(response.context["table"].data) == [initiative]
    content = response.content.decode()
    assert "Nguyễn Văn Đạt, Phạm Thị Lan" in content
    client.force_login(personas["unit_head"])  # Đạt is in their unit, Lan is not
    assert list(client.get(list_url("initiatives")).context["table"].data) == [initiative]
    client.force_login(personas["staff"])
    assert list(client.get(list_url("initiatives")).context["table"].data) == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_a_list_and_a_form(client, personas, kind):
    client.force_login(personas["secretary"])
    response = client.get(list_url(kind))
    assert response.status_code == 200
    assert "Xuất Excel" in response.content.decode()
    assert client.get(reverse("achievements:evidence_add", args=[kind])).status_code == 200


def test_menu_links_to_the_evidence(client, personas):
    client.force_login(personas["staff"])
    page = client.get(reverse("core:home")).content.decode()
    assert 'href="{}">Minh chứng</a>'.format(reverse("achievements:hub")) in page


# Records of every kind, and their pages ----------------------------------------------------


RECORDS = {
    "training": (
        Training,
        {"kind": "course", "program": "Bồi dưỡng giảng viên", "started_on": "01/03/2022",
         "ended_on": "30/03/2022", "result": "gioi"},
        "Bồi dưỡng giảng viên",
    ),
    "union_scores": (UnionScore, {"year": YEAR, "score": "85,5"}, "85,5"),
    "discipline": (
        Discipline, {"form": "khien_trach", "decision_number": "12/QĐ", "decided_on": "05/05/2022"},
        "Khiển trách",
    ),
    "leave": (
        Leave, {"kind": "maternity", "started_on": "01/02/2022", "ended_on": "31/07/2022"},
        "Nghỉ thai sản",
    ),
    "grades": (YearGrade, {"year": YEAR, "grade": "HTXS"}, "Hoàn thành xuất sắc nhiệm vụ"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(RECORDS))
def test_unit_head_records_a_single_person_kind(client, personas, people, kind):
    model, fields, shown = RECORDS[kind]
    client.force_login(personas["unit_head"])
    response = client.post(
        reverse("achievements:evidence_add", args=[kind]), {"person": people["staff"].pk, **fields}
    )
    record = model.objects.get()
    assert response.status_code == 302
    assert record.person == people["staff"] and record.verification == Verification.VERIFIED
    page = client.get(response["Location"]).content.decode()
    assert shown in page and "Đã xác nhận" in page and "Lê Văn Sơn" in page
    assert 'id="attachments' in page


def test_staff_proposes_an_initiative_with_a_co_author(client, personas, people):
    client.force_login(personas["staff"])
    form = client.get(reverse("achievements:evidence_add", args=["initiatives"]))
    assert form.context["formset"].forms[0].initial == {"person": people["staff"].pk}
    data = team_payload(
        [{"person": people["staff"].pk, "share": 70}, {"person": people["dat"].pk, "share": 30}],
        title="Ứng dụng bản đồ tư duy",
        year=YEAR,
        level="co_so",
    )
    response = client.post(reverse("achievements:evidence_add", args=["initiatives"]), data)
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert initiative.verification == Verification.PROPOSED
    assert {(a.person_id, a.share) for a in initiative.authorships.all()} == {
        (people["staff"].pk, 70), (people["dat"].pk, 30),
    }  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "Nguyễn Văn Đạt (30%)" in page and "Chờ xác nhận" in page


def test_the_proposers_own_row_counts_even_left_as_it_was(client, personas, people):
    client.force_login(personas["staff"])
    data = team_payload(
        [{"person": people["staff"].pk}, {"person": ""}],
        title="Bài viết",
        kind="article",
        year=YEAR,
    )
    response = client.post(reverse("achievements:evidence_add", args=["works"]), data)
    assert response.status_code == 302
    assert list(Work.objects.get().authors.all()) == [people["staff"]]


def test_initiative_shares_may_not_exceed_100(client, personas, people):
    client.force_login(personas["secretary"])
    data = team_payload(
        [{"person": people["staff"].pk, "share": 70}, {"person": people["dat"].pk, "share": 40}],
        title="Sáng kiến",
        year=YEAR,
        level="co_so",
    )
    response = client.post(reverse("achievements:evidence_add", args=["initiatives"]), data)
    assert "không được quá 100%" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_person_is_named_once_in_a_team(client, personas, people):
    client.force_login(personas["secretary"])
    data = team_payload(
        [{"person": people["dat"].pk}, {"person": people["dat"].pk}],
        title="Bài viết",
        kind="article",
        year=YEAR,
    )
    response = client.post(reverse("achievements:evidence_add", args=["works"]), data)
    assert "Mỗi cán bộ chỉ ghi một lần" in response.content.decode()
    assert not Work.objects.exists()


def test_staff_may_not_propose_a_work_they_did_not_write(client, personas, people):
    client.force_login(personas["staff"])
    data = team_payload([{"person": people["dat"].pk}], title="Bài viết", kind="article", year=YEAR)
    response = client.post(reverse("achievements:evidence_add", args=["works"]), data)
    assert "chính mình" in response.content.decode()
    assert not Work.objects.exists()


def test_research_members_with_roles_and_a_changed_team(client, personas, people):
    client.force_login(personas["unit_head"])
    data = team_payload(
        [{"person": people["dat"].pk, "role": "lead"}, {"person": people["staff"].pk,
                                                         "role": "member"}],
        title="Đề tài cấp tỉnh", kind="de_tai", level="tinh", started_year=2021,
        accepted_on="15/12/2022", result="kha",
    )  # fmt: skip
    response = client.post(reverse("achievements:evidence_add", args=["research"]), data)
    research = Research.objects.get()
    assert response.status_code == 302 and research.verification == Verification.VERIFIED
    membership = research.memberships.get(person=people["dat"])
    edit = {
        **team_payload([], title="Đề tài cấp tỉnh", kind="de_tai", level="tinh",
                       started_year=2021, accepted_on="15/12/2022", result="kha"),
        "team-TOTAL_FORMS": "1", "team-INITIAL_FORMS": "1",
        "team-0-id": membership.pk, "team-0-research": research.pk,
        "team-0-person": people["dat"].pk, "team-0-role": "member",
    }  # fmt: skip
    url = reverse("achievements:evidence_edit", args=["research", research.pk])
    response = client.post(url, edit)
    assert response.status_code == 302
    assert list(research.memberships.values_list("person_id", "role")) == [
        (people["dat"].pk, "member")
    ]
    assert not ResearchMember.objects.filter(person=people["staff"]).exists()


def test_research_acceptance_needs_date_and_result(client, personas, people):
    client.force_login(personas["secretary"])
    data = team_payload(
        [{"person": people["dat"].pk, "role": "lead"}],
        title="Đề án",
        kind="de_an",
        level="co_so",
        started_year=2022,
        accepted_on="15/12/2022",
    )
    response = client.post(reverse("achievements:evidence_add", args=["research"]), data)
    assert response.status_code == 200
    assert "Nghiệm thu cần cả ngày và kết quả" in response.content.decode()
    assert not Research.objects.exists()


def test_work_detail_shows_its_authors(client, personas, people, org):
    work = Work(organization=org, title="Bài trên Tạp chí", kind="article", year=YEAR)
    do_save_evidence(work, acting_user=personas["secretary"],
                     team=[WorkAuthorship(person=people["dat"])])  # fmt: skip
    client.force_login(personas["unit_head"])
    page = client.get(reverse("achievements:evidence", args=["works", work.pk])).content.decode()
    assert "Bài trên Tạp chí" in page and "Nguyễn Văn Đạt" in page and "Thường trực" not in page


# Claims ------------------------------------------------------------------------------------


@pytest.fixture
def initiative(org, people, personas):
    record = Initiative(organization=org, title="Sổ tay giảng viên", year=2021, level="co_so")
    do_save_evidence(record, acting_user=personas["secretary"],
                     team=[Authorship(person=people["staff"], share=100)])  # fmt: skip
    return record


def claims_payload(rows):
    data = {
        "claims-TOTAL_FORMS": str(len(rows)), "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0", "claims-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, row in enumerate(rows):
        for name, value in row.items():
            data["claims-{}-{}".format(index, name)] = value
    return data


def test_secretary_records_an_initiatives_claims(client, personas, people, initiative):
    url = reverse("achievements:initiative_claims", args=[initiative.pk])
    client.force_login(personas["secretary"])
    response = client.post(
        url, claims_payload([{"person": people["staff"].pk, "title": "CSTD_CS", "year": 2022}])
    )
    assert response.status_code == 302
    claim = InitiativeClaim.objects.get()
    assert (claim.person, claim.title, claim.year) == (people["staff"], "CSTD_CS", 2022)
    page = client.get(response["Location"]).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page


def test_claims_are_refused_twice_for_one_title_or_for_a_non_author(
    client, personas, people, initiative
):
    url = reverse("achievements:initiative_claims", args=[initiative.pk])
    client.force_login(personas["secretary"])
    twice = claims_payload([
        {"person": people["staff"].pk, "title": "CSTD_CS", "year": 2022},
        {"person": people["staff"].pk, "title": "CSTD_CS", "year": 2023},
    ])  # fmt: skip
    assert "đã được dùng để xét danh hiệu này" in client.post(url, twice).content.decode()
    stranger = claims_payload([{"person": people["dat"].pk, "title": "LDTT", "year": 2022}])
    assert client.post(url, stranger).status_code == 200
    assert not InitiativeClaim.objects.exists()


@pytest.mark.parametrize("role, status", [("unit_head", 403), ("staff", 403), ("outsider", 404)])
def test_only_the_secretary_edits_claims(client, personas, people, initiative, role, status):
    url = reverse("achievements:initiative_claims", args=[initiative.pk])
    client.force_login(personas[role])
    payload = claims_payload([{"person": people["staff"].pk, "title": "LDTT", "year": 2022}])
    assert client.post(url, payload).status_code == status
    assert not InitiativeClaim.objects.exists()


@pytest.mark.parametrize("role", ["unit_head", "staff", "principal", "outsider"])
def test_the_claims_action_asks_its_permission(personas, people, initiative, role):
    """`achievements.claim_initiative` (evidence/permissions.py): the action refuses anyone but
    the organisation's secretary, whoever calls it, and writes nothing."""
    claims = [(people["staff"], "LDTT", 2022)]
    assert not personas[role].has_perm("achievements.claim_initiative", initiative)
    with pytest.raises(NotAllowed, match="Chỉ Thường trực Hội đồng"):
        do_save_initiative_claims(initiative, claims, acting_user=personas[role])
    assert not InitiativeClaim.objects.exists()
    do_save_initiative_claims(initiative, claims, acting_user=personas["secretary"])
    assert InitiativeClaim.objects.get().title == "LDTT"


# The queue and one's own evidence ----------------------------------------------------------


def test_queue_shows_what_the_user_may_verify(client, personas, people, units):
    staff = grade_of(people["staff"])
    own = grade_of(people["head"])
    other = grade_of(people["other"])
    unit = grade_of(None, unit=units["a"])
    client.force_login(personas["unit_head"])
    response = client.get(reverse("achievements:pending"))
    shown = [row["record"] for group in response.context["groups"] for row in group["rows"]]
    assert shown == [staff, unit]
    client.force_login(personas["secretary"])
    response = client.get(reverse("achievements:pending"))
    shown = {row["record"] for group in response.context["groups"] for row in group["rows"]}
    assert shown == {staff, own, other, unit}
    client.force_login(personas["staff"])
    assert client.get(reverse("achievements:pending")).context["groups"] == []


def test_list_shows_how_many_wait_for_the_user(client, personas, people):
    grade_of(people["staff"])
    grade_of(people["head"])  # the unit head's own: someone else verifies it
    client.force_login(personas["unit_head"])
    response = client.get(list_url())
    assert response.context["pending_count"] == 1
    assert '<span class="badge text-bg-warning" id="pending-count">1</span>' in (
        response.content.decode()
    )


def test_queue_buttons_answer_htmx_with_the_row(client, personas, people):
    grade = grade_of(people["staff"])
    client.force_login(personas["unit_head"])
    page = client.get(reverse("achievements:pending")).content.decode()
    verify = reverse("achievements:evidence_verify", args=["grades", grade.pk])
    assert 'hx-post="{}"'.format(verify) in page and "csrfmiddlewaretoken" in page
    reject = reverse("achievements:evidence_reject", args=["grades", grade.pk])
    response = client.post(reject, {"reason": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith('<tr id="pending-grades-{}"'.format(grade.pk))
    assert "Cần ghi lý do không xác nhận." in content
    response = client.post(verify, headers={"HX-Request": "true"})
    assert "Đã xác nhận" in response.content.decode() and "<html" not in response.content.decode()
    grade.refresh_from_db()
    assert grade.verification == Verification.VERIFIED


def test_queue_buttons_say_which_record_they_act_on(client, personas, people, org):
    grade = grade_of(people["staff"])
    work = Work.objects.create(organization=org, title="Bài trên Tạp chí", kind="article",
                               year=YEAR, verification=Verification.PROPOSED)  # fmt: skip
    WorkAuthorship.objects.create(work=work, person=people["staff"])
    client.force_login(personas["secretary"])
    page = client.get(reverse("achievements:pending")).content.decode()
    buttons = [
        re.sub(r"<[^>]+>", "", button).strip()
        for button in re.findall(r"<button[^>]*>(.*?)</button>", page, flags=re.S)
    ]
    staff = people["staff"].full_name
    # A grade's text names its person already; a work's does not, so the button says whose.
    for verb in ("Xác nhận", "Không xác nhận"):
        assert "{} xếp loại cán bộ «{}»".format(verb, grade) in buttons
        assert "{} bài báo, giáo trình «Bài trên Tạp chí» của {}".format(verb, staff) in buttons
    assert 'visually-hidden" for="reason-works-{}">Lý do không xác nhận bài báo'.format(
        work.pk
    ) in page


def test_my_evidence(client, personas, people, org):
    grade_of(people["staff"])
    grade_of(people["dat"])
    Leave.objects.create(
        organization=org, person=people["staff"], kind="sick", started_on=date(2022, 3, 1),
        ended_on=date(2022, 3, 3), verification=Verification.REJECTED,
        rejection_reason="Thiếu giấy ốm.",
    )  # fmt: skip
    client.force_login(personas["staff"])
    response = client.get(reverse("achievements:mine"))
    groups = {g["kind"].slug: g for g in response.context["groups"]}
    assert [r["record"].person for r in groups["grades"]["rows"]] == [people["staff"]]
    assert "Thiếu giấy ốm." in response.content.decode()
    assert groups["union_scores"]["proposable"] and not groups["discipline"]["proposable"]
    assert "unit_grades" not in groups
    client.force_login(personas["council_member"])  # an account without a person
    assert client.get(reverse("achievements:mine")).status_code == 403


# Export ------------------------------------------------------------------------------------


def test_export_downloads_the_filtered_rows(client, personas, people, graded):
    people["dat"].staff_code = "0123"
    people["dat"].save()
    client.force_login(personas["secretary"])
    response = client.get(reverse("achievements:evidence_export", args=["grades"]),
                          {"q": "dat", "year": YEAR})  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="grades-TCTTN-2022.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    text = [" ".join(str(cell) for cell in row if cell is not None) for row in values]
    assert sum("0123" in row for row in text) == 1
    assert not any("Trần Thị Hoa" in row or "Phạm Thị Lan" in row for row in text)


def test_export_is_scoped_like_the_list(client, personas, people, graded):
    for person in people.values():
        person.staff_code = "CB{}".format(person.pk)
        person.save()
    client.force_login(personas["staff"])
    response = client.get(reverse("achievements:evidence_export", args=["grades"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert "CB{}".format(people["staff"].pk) in cells
    assert not {"CB{}".format(p.pk) for k, p in people.items() if k != "staff"} & cells


def test_year_filter_follows_the_years_a_record_bears_on(client, personas, people, org):
    leave = Leave.objects.create(
        organization=org, person=people["dat"], kind="study", started_on=date(2021, 12, 1),
        ended_on=date(2022, 1, 31),
    )  # fmt: skip
    research = Research.objects.create(
        organization=org, title="Đề tài", level="co_so", started_year=2020,
        accepted_on=date(2022, 6, 1), result="dat",
    )  # fmt: skip
    ResearchMember.objects.create(research=research, person=people["dat"], role="lead")
    client.force_login(personas["secretary"])
    for year, found in ((2020, False), (2021, True), (2022, True), (2023, False)):
        rows = list(client.get(list_url("leave"), {"year": year}).context["table"].data)
        assert (rows == [leave]) is (year in leave.years())
        rows = list(client.get(list_url("research"), {"year": year}).context["table"].data)
        assert (rows == [research]) is (year in research.years())
        assert (year in leave.years()) is found


@pytest.mark.parametrize("kind", ["training", "discipline"])
def test_list_and_yearly_export_read_the_same_years(client, personas, people, org, kind):
    """Training still under way since 2021, a discipline of 2021 in effect until 2022: both bear
    on 2022, in the list and in the secretary's yearly export alike (one definition)."""
    people["dat"].staff_code = "00777"
    people["dat"].save()
    if kind == "training":
        record = Training.objects.create(
            organization=org, person=people["dat"], kind="doctoral",
            started_on=date(2021, 10, 1),
        )  # fmt: skip
    else:
        record = Discipline.objects.create(
            organization=org, person=people["dat"], form="khien_trach",
            decided_on=date(2021, 6, 1), effective_until=date(2022, 5, 31),
        )  # fmt: skip
    client.force_login(personas["secretary"])
    for year, found in ((2020, False), (2021, True), (2022, True)):
        rows = list(client.get(list_url(kind), {"year": year}).context["table"].data)
        assert (rows == [record]) is found
        response = client.get("/spreadsheets/export/", {"kind": kind, "year": year})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert (codes == ["00777"]) is found


def pending_records(people, org, count, *, start=0):
    """Give Đạt `count` proposed grades (one a year) and as many works written with Hoa."""
    for index in range(start, start + count):
        grade_of(people["dat"], year=2000 + index)
        work = Work.objects.create(
            organization=org, title="Bài {}".format(index), kind="article", year=YEAR
        )
        WorkAuthorship.objects.create(work=work, person=people["dat"])
        WorkAuthorship.objects.create(work=work, person=people["staff"])


@pytest.mark.parametrize("role", ["unit_head", "secretary"])
def test_list_queries_do_not_grow_with_the_pending_records(client, personas, people, org, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas[role])
    pending_records(people, org, 1)
    client.get(list_url("works"))  # warm the session and content types
    with CaptureQueriesContext(connection) as one:
        assert client.get(list_url("works")).context["pending_count"] == 2
    pending_records(people, org, 49, start=1)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(list_url("works")).context["pending_count"] == 100
    assert len(fifty.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("role", ["unit_head", "secretary", "staff", "outsider"])
def test_pending_count_agrees_with_the_rule(personas, people, org, units, role):
    """The count in SQL is the rule asked record by record: own records, other units, shared
    works, a closed year, units' grades."""
    from thidua.evidence.permissions import verifiable_by
    from thidua.evidence.views import pending_count

    user = personas[role]
    for key in ("staff", "head", "dat", "other"):
        grade_of(people[key])
        grade_of(people[key], year=2021)
    grade_of(None, unit=units["a"])
    grade_of(None, unit=units["b"])
    YearClosure.objects.create(organization=org, year=2021)
    for title, authors in (("A", ["dat"]), ("B", ["dat", "other"]), ("C", ["head", "dat"]),
                           ("D", ["staff", "dat"]), ("E", ["other"])):  # fmt: skip
        work = Work.objects.create(organization=org, title=title, kind="article", year=YEAR)
        for key in authors:
            WorkAuthorship.objects.create(work=work, person=people[key])
    Training.objects.create(
        organization=org, person=people["dat"], kind="doctoral", started_on=date(2021, 9, 1)
    )
    Training.objects.create(
        organization=org, person=people["dat"], kind="course", started_on=date(2022, 9, 1)
    )
    expected = 0
    for model in (YearGrade, Work, Training):
        for record in model.objects.pending():
            allowed = user.has_perm("achievements.verify_evidence", record)
            found = verifiable_by(user, model.objects.filter(pk=record.pk)).exists()
            assert found is allowed, (model.__name__, record.pk)
            expected += allowed
    assert pending_count(user) == expected
    assert expected > 0 or role in ("staff", "outsider")


def test_my_evidence_reads_the_kinds_labels_not_codes(client, personas, people, org):
    grade_of(people["staff"])
    Leave.objects.create(
        organization=org, person=people["staff"], kind="sick", started_on=date(2022, 3, 1),
        ended_on=date(2022, 3, 3),
    )  # fmt: skip
    UnionScore.objects.create(organization=org, person=people["staff"], year=2022, score="85.5")
    Training.objects.create(
        organization=org, person=people["staff"], kind="political_theory",
        program="Khóa 2022", started_on=date(2022, 2, 1),
    )  # fmt: skip
    client.force_login(personas["staff"])
    body = client.get(reverse("achievements:mine")).content.decode()
    assert ">Xếp loại 2022: Hoàn thành tốt nhiệm vụ</a>" in body
    assert ">Nghỉ ốm 01/03/2022 – 03/03/2022</a>" in body
    assert ">Điểm Giỏi việc trường, đảm việc nhà 2022: 85,5</a>" in body
    assert ">Cao cấp lý luận chính trị: Khóa 2022</a>" in body
    assert "2022: HTT" not in body and "Trần Thị Hoa" not in body.split("<main")[1]


@pytest.mark.parametrize(
    "share, message",
    [
        (0, "Tỷ lệ đóng góp ít nhất là 1 (phần trăm)."),
        (150, "Tỷ lệ đóng góp nhiều nhất là 100 (phần trăm)."),
    ],
)
def test_author_share_of_0_or_over_100_is_a_field_error_not_a_crash(
    client, personas, people, share, message
):
    # A clumsy secretary types 0 (or 150) for an author's share: a crash page once (issue 15.2).
    client.force_login(personas["secretary"])
    data = team_payload(
        [{"person": people["staff"].pk, "share": share}],
        title="Sáng kiến",
        year=YEAR,
        level="co_so",
    )
    response = client.post(reverse("achievements:evidence_add", args=["initiatives"]), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["share"] == [message]
    assert message in response.content.decode()
    assert not Initiative.objects.exists() and not Authorship.objects.exists()


def test_share_constraint_message_formats_without_error():
    constraint = next(
        c for c in Authorship._meta.constraints if c.name == "achievements_authorship_share_range"
    )
    assert constraint.get_violation_error_message() == (
        "Tỷ lệ đóng góp phải từ 1 đến 100 (phần trăm)."
    )
