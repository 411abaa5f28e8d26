"""Facts assembly from the database and the eligibility screens, by persona."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_person
from thidua import rules
from thidua.awards.models import Award
from thidua.evaluation.facts import assemble_facts, organization_unit_id, person_id, unit_id
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
    YearGrade,
)
from thidua.registrations.models import Registration

pytestmark = pytest.mark.django_db


def grade(org, year, value, *, person=None, unit=None, verification="verified"):
    return YearGrade.objects.create(
        organization=org,
        person=person,
        unit=unit,
        year=year,
        grade=value,
        verification=verification,
    )


def award(org, person, year, code):
    return Award.objects.create(
        organization=org,
        person=person,
        year=year,
        code=code,
        source="own",
        decision_number="{}/QĐ".format(year),
        decided_on=date(year, 12, 28),
        issued_by="Hiệu trưởng",
    )


@pytest.fixture
def history(org, people, units):
    staff = people["staff"]
    for year, value in [(2020, "HTXS"), (2021, "HTXS"), (2022, "HTT")]:
        grade(org, year, value, person=staff)
    grade(org, 2022, "HTXS", person=people["dat"], verification="proposed")
    award(org, staff, 2021, "LDTT")
    award(org, staff, 2021, "CSTD_CS")
    award(org, staff, 2022, "LDTT")  # the evaluated year's own award is not history
    initiative = Initiative.objects.create(
        organization=org, title="Sáng kiến A", year=2022, level="co_so", verification="verified"
    )
    Authorship.objects.create(initiative=initiative, person=staff)
    Discipline.objects.create(
        organization=org,
        person=people["other"],
        form="khien_trach",
        decided_on=date(2022, 4, 1),
        verification="verified",
    )
    Leave.objects.create(
        organization=org,
        person=staff,
        kind="maternity",
        started_on=date(2021, 10, 1),
        ended_on=date(2022, 3, 31),
        verification="verified",
    )
    Registration.objects.create(
        organization=org, person=staff, year=2022, titles=["LDTT"], state="accepted"
    )
    grade(org, 2022, "HTXS", unit=units["a"])
    return staff


def test_facts_carry_only_verified_evidence_and_earlier_titles(org, people, history):
    facts = assemble_facts(org, 2022)
    by_id = {p.id: p for p in facts.people}
    staff = by_id[person_id(history.pk)]
    assert staff.grades == {2020: "HTXS", 2021: "HTXS", 2022: "HTT"}
    assert staff.titles == {2021: frozenset({"LDTT", "CSTD_CS"})}
    assert staff.initiatives == (rules.Initiative(year=2022, level="co_so"),)
    # Leave is counted inside the year only: 1 January to 31 March 2022.
    assert staff.leave == (rules.Leave(year=2022, kind="maternity", days=90),)
    assert staff.registered == frozenset({"LDTT"})
    assert staff.unit == unit_id(people["staff"].assignments.get().unit_id)
    assert staff.lecturer is True and staff.gender == "F"
    # A proposed (unverified) grade is not a fact; registrations exist, so none means "none".
    dat = by_id[person_id(people["dat"].pk)]
    assert dat.grades == {} and dat.registered == frozenset()
    assert by_id[person_id(people["other"].pk)].discipline == (
        rules.Discipline(year=2022, form="khien_trach", until=None),
    )


def _facts_of(org, person, year=2022):
    return next(p for p in assemble_facts(org, year).people if p.id == person_id(person.pk))


def test_research_is_unknown_until_the_organisation_records_any(org, people):
    assert _facts_of(org, people["staff"]).research is None
    research = Research.objects.create(
        organization=org,
        title="Đề tài khoa học cấp cơ sở",
        level="co_so",
        started_year=2021,
        accepted_on=date(2022, 11, 20),
        result="kha",
        verification="verified",
    )
    ResearchMember.objects.create(research=research, person=people["staff"], role="lead")
    ResearchMember.objects.create(research=research, person=people["dat"], role="member")
    # Dated by its acceptance (nghiệm thu); "không đạt" is not accepted; every member counts.
    assert _facts_of(org, people["staff"]).research == (
        rules.Research(year=2022, level="co_so", accepted=True),
    )
    assert _facts_of(org, people["dat"]).research == (
        rules.Research(year=2022, level="co_so", accepted=True),
    )
    assert _facts_of(org, people["other"]).research == ()
    research.result = "khong_dat"
    research.save()
    assert _facts_of(org, people["staff"]).research == (
        rules.Research(year=2022, level="co_so", accepted=False),
    )
    research.verification = "proposed"
    research.save()
    assert _facts_of(org, people["staff"]).research == ()


def test_union_scores_feed_the_gvt_dvn_title(org, people):
    UnionScore.objects.create(
        organization=org, person=people["staff"], year=2022, score=92, verification="verified"
    )
    UnionScore.objects.create(
        organization=org, person=people["dat"], year=2022, score=95, verification="proposed"
    )
    assert _facts_of(org, people["staff"]).union_scores == {2022: 92.0}
    assert _facts_of(org, people["dat"]).union_scores == {}


def test_full_time_training_is_study_leave_with_its_length_and_result(org, people):
    staff = people["staff"]
    Training.objects.create(
        organization=org,
        person=staff,
        kind="political_theory",
        started_on=date(2022, 3, 1),
        ended_on=date(2022, 8, 31),
        full_time=True,
        result="gioi",
        verification="verified",
    )
    # A part-time course is not an absence; a "study" leave over the same days is not doubled.
    Training.objects.create(
        organization=org,
        person=staff,
        kind="course",
        started_on=date(2022, 9, 5),
        ended_on=date(2022, 9, 9),
        verification="verified",
    )
    Leave.objects.create(
        organization=org,
        person=staff,
        kind="study",
        started_on=date(2022, 3, 1),
        ended_on=date(2022, 8, 31),
        verification="verified",
    )
    assert _facts_of(org, staff).leave == (
        rules.Leave(year=2022, kind="study", days=184, course_months=6, result="gioi"),
    )


def test_an_initiative_carries_each_authors_own_claims(org, people):
    initiative = Initiative.objects.create(
        organization=org,
        title="Đổi mới giảng dạy",
        year=2021,
        level="co_so",
        verification="verified",
    )
    Authorship.objects.create(initiative=initiative, person=people["staff"], share=60)
    Authorship.objects.create(initiative=initiative, person=people["dat"], share=40)
    InitiativeClaim.objects.create(
        initiative=initiative, person=people["staff"], title="CSTD_CS", year=2021
    )
    assert _facts_of(org, people["staff"]).initiatives == (
        rules.Initiative(year=2021, level="co_so", claims=frozenset({("CSTD_CS", 2021)})),
    )
    # A co-author's claim is theirs: the other author's proposal is free to use it.
    assert _facts_of(org, people["dat"]).initiatives == (
        rules.Initiative(year=2021, level="co_so"),
    )


def test_registration_is_unknown_when_none_was_recorded(org, people):
    facts = assemble_facts(org, 2022)
    assert {p.registered for p in facts.people} == {None}


def test_units_hang_under_the_organisation(org, units, history):
    facts = assemble_facts(org, 2022)
    by_id = {u.id: u for u in facts.units}
    assert by_id[organization_unit_id(org.pk)].kind == "organisation"
    assert by_id[unit_id(units["a"].pk)].parent == organization_unit_id(org.pk)
    assert by_id[unit_id(units["a"].pk)].grades == {2022: "HTXS"}


def test_transfer_in_the_year_is_a_fact(org, people, units):
    person = people["other"]
    current = person.assignments.get()
    current.ended_on = date(2022, 6, 1)
    current.save()
    person.assignments.create(unit=units["a"], started_on=date(2022, 6, 1))
    facts = assemble_facts(org, 2022)
    moved = next(p for p in facts.people if p.id == person_id(person.pk))
    assert moved.unit == unit_id(units["a"].pk)
    assert moved.transfers == (
        rules.Transfer(on=date(2022, 6, 1), from_unit=unit_id(units["b"].pk)),
    )


def test_people_hired_after_or_gone_before_the_year_are_left_out(org, units):
    make_person(org, units["a"], "Mới", "Vào", hired_on=date(2023, 2, 1))
    gone = make_person(org, units["a"], "Đã", "Nghỉ", hired_on=date(2010, 1, 1))
    gone.left_on = date(2021, 6, 30)
    gone.save()
    assert assemble_facts(org, 2022).people == ()


def test_assembly_query_count_does_not_grow_with_people(org, units, history):
    with CaptureQueriesContext(connection) as few:
        assemble_facts(org, 2022)
    for index in range(30):
        person = make_person(org, units["b"], "Nguyễn Văn", "Số{}".format(index))
        grade(org, 2022, "HTT", person=person)
        award(org, person, 2021, "LDTT")
    with CaptureQueriesContext(connection) as many:
        facts = assemble_facts(org, 2022)
    assert len(facts.people) == 35
    assert len(many) == len(few) <= 20  # one query per kind of evidence, never per person


def test_engine_verdict_from_database_facts(org, history):
    evaluation = rules.evaluate(assemble_facts(org, 2022), 2022)
    assert evaluation.rule_set.name == "2017"
    assert evaluation.status(person_id(history.pk), "LDTT") == "eligible"


# Screens ---------------------------------------------------------------------------------


def test_person_eligibility_lists_every_criterion_with_its_source(client, personas, history):
    client.force_login(personas["staff"])
    response = client.get(
        reverse("evaluation:person_eligibility", args=[history.pk]), {"year": 2022}
    )
    assert response.status_code == 200
    body = response.content.decode()
    ldtt = next(r for r in response.context["rows"] if r["code"] == "LDTT")
    assert ldtt["verdict"] == "eligible"
    assert all(c.source for c in ldtt["criteria"])
    assert "Nghị định 91/2017/NĐ-CP" in body and "Xếp loại 2022: HTT" in body
    assert {r["code"] for r in response.context["rows"]} == set(rules.PERSON_TITLES)


def test_person_eligibility_fragment_for_htmx(client, personas, history):
    client.force_login(personas["secretary"])
    response = client.get(
        reverse("evaluation:person_eligibility", args=[history.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="eligibility"' in body and "<html" not in body
    assert response.context["year"] == 2022  # the latest graded year


def test_year_under_the_2023_regime_cites_the_2022_law(client, personas, history, org):
    grade(org, 2024, "HTXS", person=history)
    client.force_login(personas["secretary"])
    response = client.get(
        reverse("evaluation:person_eligibility", args=[history.pk]), {"year": 2024}
    )
    assert response.context["rule_set"].regime == "2023"
    assert "06/2022/QH15" in response.content.decode()


@pytest.mark.parametrize("role, target, status", [
    ("unit_head", "staff", 200), ("unit_head", "other", 404), ("staff", "dat", 404),
    ("outsider", "staff", 404),
])  # fmt: skip
def test_person_eligibility_by_role(client, personas, people, role, target, status):
    client.force_login(personas[role])
    url = reverse("evaluation:person_eligibility", args=[people[target].pk])
    assert client.get(url).status_code == status


def test_overview_for_the_secretary_shows_everyone_units_and_quotas(client, personas, history):
    client.force_login(personas["secretary"])
    page = client.get(reverse("evaluation:eligibility"), {"year": 2022})
    assert len(page.context["people"]) == 5 and "quotas" not in page.context
    # The counts, quotas and collectives judge the whole organisation: a second request (htmx),
    # also the whole page with them for a browser without scripts.
    assert 'hx-get="?year=2022&amp;part=summary"' in page.content.decode()
    fragment = client.get(reverse("evaluation:eligibility"), {"year": 2022, "part": "summary"},
                          HTTP_HX_REQUEST="true")  # fmt: skip
    assert "<html" not in fragment.content.decode() and "Khoa Dân vận" in fragment.content.decode()
    response = client.get(reverse("evaluation:eligibility"), {"year": 2022, "part": "summary"})
    assert response.status_code == 200
    assert len(response.context["people"]) == 5
    assert [s["counts"]["eligible"] for s in response.context["summary"]] == [
        sum(row["cells"][i][1] == "eligible" for row in response.context["people"])
        for i in range(len(response.context["person_titles"]))
    ]
    assert [q["use"].quota.title for q in response.context["quotas"]] == ["CSTD_CS", "CO_CP"]
    names = [row["name"] for row in response.context["units"]]
    assert names[0] == "Trường Chính trị Thử nghiệm" and "Khoa Dân vận" in names
    body = response.content.decode()
    assert "Tỷ lệ tối đa Chiến sĩ thi đua cơ sở" in body
    assert "Nghị định 91/2017/NĐ-CP, Điều 9" in body


def test_overview_is_scoped_for_a_unit_head_and_for_staff(client, personas, people, history):
    client.force_login(personas["unit_head"])
    response = client.get(reverse("evaluation:eligibility"), {"year": 2022, "part": "summary"})
    shown = {row["person"].pk for row in response.context["people"]}
    assert shown == {people["staff"].pk, people["head"].pk, people["dat"].pk}
    assert [row["name"] for row in response.context["units"]] == ["Khoa Xây dựng Đảng"]
    assert response.context["quotas"] == []
    client.force_login(personas["staff"])
    response = client.get(reverse("evaluation:eligibility"), {"year": 2022, "part": "summary"})
    assert [row["person"].pk for row in response.context["people"]] == [people["staff"].pk]
    assert response.context["units"] == []


def test_overview_filters_by_unit(client, personas, people, units, history):
    client.force_login(personas["secretary"])
    response = client.get(reverse("evaluation:eligibility"), {"year": 2022, "unit": units["b"].pk})
    assert [row["person"].pk for row in response.context["people"]] == [people["other"].pk]


def test_overview_ignores_a_malformed_year(client, personas, history):
    client.force_login(personas["secretary"])
    response = client.get(reverse("evaluation:eligibility"), {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] == 2022


def test_organisation_overrides_a_legal_parameter(client, personas, org, units):
    newcomer = make_person(org, units["a"], "Lê Thị", "Mới", hired_on=date(2022, 5, 1))
    grade(org, 2022, "HTT", person=newcomer)
    client.force_login(personas["secretary"])
    url = reverse("evaluation:person_eligibility", args=[newcomer.pk])

    def service(response):
        ldtt = next(r for r in response.context["rows"] if r["code"] == "LDTT")
        return next(c for c in ldtt["criteria"] if c.code == "service")

    assert service(client.get(url, {"year": 2022})).passed is False  # 8 months < 10
    org.rule_overrides = {"2017": {"new_hire_months": 6}}
    org.full_clean()
    org.save()
    criterion = service(client.get(url, {"year": 2022}))
    assert criterion.passed is True
    assert "cần từ 6 tháng" in criterion.detail


@pytest.mark.parametrize(
    "overrides",
    [{"1999": {}}, {"2017": {"khong_co": 1}}, {"2017": {"new_hire_months": "mười"}}, ["x"]],
)
def test_malformed_overrides_are_refused_in_vietnamese(org, overrides):
    from django.core.exceptions import ValidationError

    org.rule_overrides = overrides
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "rule_overrides" in error.value.message_dict


def test_person_without_hiring_date_is_judged_for_review(client, personas, org, units):
    person = make_person(org, units["a"], "Chưa Rõ", "Ngày", hired_on=None)
    client.force_login(personas["secretary"])
    response = client.get(reverse("evaluation:person_eligibility", args=[person.pk]))
    assert response.status_code == 200
    ldtt = next(r for r in response.context["rows"] if r["code"] == "LDTT")
    service = next(c for c in ldtt["criteria"] if c.code == "service")
    assert service.passed is None


def test_person_outside_the_year_is_not_judged(client, personas, org, units):
    person = make_person(org, units["a"], "Mới", "Đến", hired_on=date(2025, 1, 2))
    client.force_login(personas["secretary"])
    response = client.get(
        reverse("evaluation:person_eligibility", args=[person.pk]), {"year": 2022}
    )
    assert response.status_code == 200
    assert response.context["not_working"] is True
    assert "không công tác trong năm 2022" in response.content.decode()


def test_unit_registrations_alone_leave_people_unknown(org, people, units):
    Registration.objects.create(organization=org, unit=units["a"], year=2022,
                                titles=["TTLDTT"], state="accepted")  # fmt: skip
    facts = assemble_facts(org, 2022)
    assert {p.registered for p in facts.people} == {None}
    unit = next(u for u in facts.units if u.id == unit_id(units["a"].pk))
    assert unit.registered == frozenset({"TTLDTT"})


def test_someone_who_left_on_new_years_day_is_not_judged(org, units):
    gone = make_person(org, units["a"], "Đã", "Đi", hired_on=date(2010, 1, 1))
    gone.left_on = date(2022, 1, 1)
    gone.save()
    assert person_id(gone.pk) not in {p.id for p in assemble_facts(org, 2022).people}


def test_a_pending_discipline_review_and_a_certified_injury_reach_the_engine(org, people):
    """A review opened in 2023 and still under way bars every award of 2024 (NĐ 98/2023 Điều 4
    khoản 4); injury treatment counts once a health facility certified it (TT 01/2024/TT-BNV)."""
    staff, dat = people["staff"], people["dat"]
    for person in (staff, dat):
        grade(org, 2024, "HTT", person=person)
    Discipline.objects.create(organization=org, person=staff, form="canh_cao",
                              decided_on=date(2023, 11, 20), pending=True,
                              verification="verified")  # fmt: skip
    Leave.objects.create(organization=org, person=dat, kind="injury", started_on=date(2024, 3, 1),
                         ended_on=date(2024, 3, 20), certified=True,
                         verification="verified")  # fmt: skip
    facts = assemble_facts(org, 2024)
    by_id = {p.id: p for p in facts.people}
    [review] = by_id[person_id(staff.pk)].discipline
    assert review.pending and review.year == 2023
    [injury] = by_id[person_id(dat.pk)].leave
    assert (injury.kind, injury.days, injury.certified) == ("injury", 20, True)
    evaluation = rules.evaluate(facts)
    assert evaluation.status(person_id(staff.pk), "LDTT") == "ineligible"
    detail = [c for c in evaluation.verdicts(person_id(staff.pk))["LDTT"].criteria
              if c.passed is False]  # fmt: skip
    assert any("Điều 4, khoản 4" in c.source for c in detail)
    assert evaluation.status(person_id(dat.pk), "LDTT") == "eligible"
    # Uncertified, the same treatment leaves the verdict to the council.
    Leave.objects.update(certified=None)
    evaluation = rules.evaluate(assemble_facts(org, 2024))
    assert evaluation.status(person_id(dat.pk), "LDTT") == "review"


def test_a_review_opened_after_the_year_still_blocks_its_awards_while_pending(org, people):
    """NĐ 98/2023 and NĐ 152/2025 Điều 4 khoản 4: no award while a discipline review is under
    way. The awards for 2024 are decided in 2025; a review opened in March 2025 and still
    pending when they are decided blocks them: the clause speaks of the time of the award, not
    of the evaluated year. A closed decision of 2025 does not reach 2024."""
    staff, dat = people["staff"], people["dat"]
    for person in (staff, dat):
        grade(org, 2024, "HTT", person=person)
    Discipline.objects.create(organization=org, person=staff, form="canh_cao",
                              decided_on=date(2025, 3, 10), pending=True,
                              verification="verified")  # fmt: skip
    Discipline.objects.create(organization=org, person=dat, form="khien_trach",
                              decided_on=date(2025, 3, 10), effective_until=date(2025, 9, 10),
                              verification="verified")  # fmt: skip
    facts = assemble_facts(org, 2024)
    by_id = {p.id: p for p in facts.people}
    [review] = by_id[person_id(staff.pk)].discipline
    assert review.pending and review.year == 2025
    assert by_id[person_id(dat.pk)].discipline == ()
    evaluation = rules.evaluate(facts)
    assert evaluation.status(person_id(staff.pk), "LDTT") == "ineligible"
    [c] = [c for c in evaluation.verdicts(person_id(staff.pk))["LDTT"].criteria
           if c.code == "discipline"]  # fmt: skip
    assert c.source == "Nghị định 98/2023/NĐ-CP, Điều 4, khoản 4"
    assert "Đang trong thời gian xem xét kỷ luật" in c.detail
    assert evaluation.status(person_id(dat.pk), "LDTT") == "eligible"
    # Closed (no longer pending), the review no longer reaches the 2024 evaluation.
    Discipline.objects.filter(person=staff).update(pending=False)
    assert _facts_of(org, staff, 2024).discipline == ()


def _plan(org, year, titles):
    from thidua.plans.models import Plan

    return Plan.objects.create(
        organization=org, year=year, number="3", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(year, 3, 8), title="Triển khai phong trào thi đua năm {}".format(year),
        purposes="Mục đích", theme="Chủ đề", proposed_titles=titles,
    )  # fmt: skip


def test_the_organisation_registers_its_flags_in_its_plan(org, units):
    """Luật Thi đua, khen thưởng 2003, Điều 10: registration is a basis of every emulation
    title, the organisation's flags included; the organisation registers its own collective
    titles in its yearly plan (đề xuất danh hiệu). No plan for the year: unknown (review)."""
    own = organization_unit_id(org.pk)

    def organisation(year):
        return next(u for u in assemble_facts(org, year).units if u.id == own)

    assert organisation(2022).registered is None
    _plan(org, 2022, ["CO_HV", "CO_CP"])
    _plan(org, 2023, [])
    assert organisation(2022).registered == frozenset({"CO_HV", "CO_CP"})
    assert organisation(2023).registered == frozenset()  # a plan proposing none: not registered
    evaluation = rules.evaluate(assemble_facts(org, 2022))
    verdicts = evaluation.verdicts(own, unit=True)
    for code in ("CO_HV", "CO_CP"):
        [c] = [c for c in verdicts[code].criteria if c.code == "registration"]
        assert c.passed is True and c.source_key == "L2003.10"
    # Departments still register through their own registrations, not the plan.
    assert all(u.registered is None for u in assemble_facts(org, 2022).units if u.id != own)
