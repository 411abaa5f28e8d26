"""Plans: every target kind measured on a small hand-computed data set, bad input, the
dashboard's scope and query count, copying a plan, and the seed's plan in the demo."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_person
from thidua.awards.models import Award
from thidua.evidence.models import (
    Authorship,
    Discipline,
    Initiative,
    Research,
    ResearchMember,
    Work,
    WorkAuthorship,
    YearGrade,
)
from thidua.organization.models import Unit
from thidua.plans import measures
from thidua.plans.actions import do_copy_plan
from thidua.plans.forms import PhaseForm, PlanForm, TargetForm
from thidua.plans.models import Phase, Plan, Target
from thidua.registrations.models import Registration

pytestmark = pytest.mark.django_db
MID_YEAR, AFTER = date(2022, 6, 1), date(2023, 6, 1)


def award(org, code, *, person=None, unit=None, year=2022):
    Award.objects.create(organization=org, person=person, unit=unit, year=year, code=code,
                         source="own", decision_number="9/QĐ", decided_on=date(year, 12, 28),
                         issued_by="Hiệu trưởng")  # fmt: skip


def target(plan, position, measure, **fields):
    fields.setdefault("text", "Chỉ tiêu {}".format(position))
    item = Target(plan=plan, position=position, measure=measure, **fields)
    item.full_clean()
    item.save()
    return item


@pytest.fixture
def plan(org):
    plan = Plan.objects.create(
        organization=org, year=2022, number="3", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(2022, 3, 8), title="Triển khai phong trào thi đua năm 2022",
        purposes="Mục đích", theme="Chủ đề",
    )  # fmt: skip
    Phase.objects.create(plan=plan, name="Cả năm", starts_on=date(2022, 1, 1),
                         ends_on=date(2022, 12, 30), review_on=date(2022, 12, 30))  # fmt: skip
    return plan


@pytest.fixture
def data(org, units, people, plan):
    """Five people (four lecturers, two women), three staff units and a year's records."""
    for key in ("staff", "head", "dat"):
        award(org, "LDTT", person=people[key])
    award(org, "GVT_DVN", person=people["staff"])
    award(org, "TTLDXS", unit=units["a"])
    award(org, "TTLDXS")  # the organisation itself
    party = Unit.objects.create(organization=org, name="Đảng bộ", kind="party_committee")
    YearGrade.objects.create(organization=org, unit=party, year=2022, grade="HTXS",
                             verification="verified")  # fmt: skip
    for author, state in ((people["dat"], "verified"), (people["head"], "proposed")):
        initiative = Initiative.objects.create(organization=org, title="SK", year=2022,
                                               level="co_so", verification=state)  # fmt: skip
        Authorship.objects.create(initiative=initiative, person=author)
    for person, state in ((people["staff"], "accepted"), (people["head"], "submitted"),
                          (people["dat"], "draft")):  # fmt: skip
        Registration.objects.create(organization=org, person=person, year=2022,
                                    titles=["LDTT"], state=state)  # fmt: skip
    Registration.objects.create(organization=org, unit=units["a"], year=2022,
                                titles=["TTLDTT"], state="accepted")  # fmt: skip
    Discipline.objects.create(organization=org, person=people["other"], form="khien_trach",
                              decided_on=date(2022, 4, 1), verification="verified")  # fmt: skip
    return {
        "ldtt": target(plan, 1, "title_share", population="staff", title="LDTT",
                       comparison="gte", goal=90),
        "gvt": target(plan, 2, "title_share", population="women", title="GVT_DVN",
                      comparison="gte", goal=50),
        "ttldxs": target(plan, 3, "title_count", population="units", title="TTLDXS",
                         comparison="gte", goal=1),
        "cstd_tinh": target(plan, 4, "title_count", population="staff", title="CSTD_TINH",
                            comparison="range", goal=1, goal_max=2),
        "school": target(plan, 5, "title_held", population="organization", title="TTLDXS"),
        "union": target(plan, 6, "title_held", population="union", title="CDCS_VM"),
        "party": target(plan, 7, "grade", population="party_committee", grade="HTXS"),
        "works": target(plan, 8, "evidence_share", population="lecturers", comparison="gte",
                        goal=100),
        "registered": target(plan, 9, "registered_share", population="collectives",
                             comparison="gte", goal=100),
        "clean": target(plan, 10, "no_discipline_share", population="collectives",
                        comparison="gte", goal=100),
        "entered": target(plan, 11, "entered_share", population="units", comparison="gte",
                          goal=60, entered_count=2),
        "done": target(plan, 12, "qualitative", done=True, evidence="Báo cáo tổng kết"),
        "open": target(plan, 13, "qualitative"),
        "cstd_cs": target(plan, 14, "title_share", population="staff", title="CSTD_CS",
                          comparison="gt", goal=15),
    }  # fmt: skip


def results(plan, today):
    out = measures.measure_plan(plan, measures.load_population(plan), today=today)
    return {r.target.pk: r for r in out}


def test_articles_textbooks_and_research_count_as_a_lecturers_work(org, plan, people, data):
    def works():
        fig = results(plan, MID_YEAR)[data["works"].pk].awarded
        return fig.count, fig.total

    assert works() == (1, 4)
    article = Work.objects.create(organization=org, title="Bài viết", kind="article",
                                  venue="Thông tin Lý luận và Thực tiễn", year=2022,
                                  verification="proposed")  # fmt: skip
    WorkAuthorship.objects.create(work=article, person=people["staff"])
    assert works() == (1, 4)  # proposed only
    article.verification = "verified"
    article.save()
    assert works() == (2, 4)
    # Research under way in 2022 (accepted in 2023) is the seed's "giải pháp khoa học".
    research = Research.objects.create(organization=org, title="Đề tài", level="co_so",
                                       started_year=2022, accepted_on=date(2023, 5, 1),
                                       result="dat", verification="verified")  # fmt: skip
    ResearchMember.objects.create(research=research, person=people["head"], role="member")
    assert works() == (3, 4)
    research.accepted_on, research.result = date(2022, 12, 1), "khong_dat"
    research.save()
    assert works() == (2, 4)  # research that failed its acceptance is no work
    research.result, research.started_year = "dat", 2023
    research.save()
    assert works() == (2, 4)


def test_every_target_kind_against_hand_computed_figures(plan, data):
    got = results(plan, MID_YEAR)

    def figure(key):
        fig = got[data[key].pk].awarded
        return (fig.count, fig.total) if fig.held is None else fig.held

    assert figure("ldtt") == (3, 5)  # staff, head, dat of five
    assert got[data["ldtt"].pk].awarded.percent == Decimal("60.0")
    assert figure("gvt") == (1, 2)  # one of the two women
    assert figure("ttldxs") == (1, None)  # unit A, not the organisation's own award
    assert figure("cstd_tinh") == (0, None)
    assert figure("school") is True
    assert figure("union") is False  # no union unit, so no union award
    assert figure("party") is True
    assert figure("works") == (1, 4)  # dat's verified initiative; head's is only proposed
    assert figure("registered") == (3, 8)  # staff, head (submitted), unit A of 5 + 3 units
    assert figure("clean") == (6, 8)  # four people and units A and office
    assert figure("entered") == (2, 3)
    assert figure("done") is True and figure("open") is False
    assert figure("cstd_cs") == (0, 5)


def test_statuses_mid_year_and_after_the_review(plan, data):
    got = results(plan, MID_YEAR)
    status = {key: got[item.pk].status for key, item in data.items()}
    assert status["gvt"] == status["ttldxs"] == status["school"] == measures.MET
    assert status["entered"] == status["done"] == status["party"] == measures.MET
    assert status["ldtt"] == measures.AT_RISK
    assert status["open"] == measures.PENDING
    # The legal cap makes "> 15% of staff are CSTĐCS" impossible in 2022, with the reason.
    assert status["cstd_cs"] == measures.IMPOSSIBLE
    assert "Nghị định 91/2017/NĐ-CP" in got[data["cstd_cs"].pk].reason
    final = results(plan, AFTER)
    assert final[data["ldtt"].pk].status == measures.NOT_MET
    assert final[data["open"].pk].status == measures.NOT_MET


def test_breakdown_by_unit(plan, data, units):
    got = results(plan, MID_YEAR)
    by_unit = {name: (f.count, f.total) for name, f in got[data["ldtt"].pk].by_unit}
    assert by_unit == {
        "Khoa Xây dựng Đảng": (3, 3), "Khoa Dân vận": (0, 1), "Phòng Tổ chức – Hành chính": (0, 1),
    }  # fmt: skip


def test_forecast_from_the_engine(plan, data, org, people):
    from thidua.evaluation.services import evaluate_organization

    for person in people.values():
        YearGrade.objects.create(organization=org, person=person, year=2022, grade="HTT",
                                 verification="verified")  # fmt: skip
    evaluation = evaluate_organization(org, 2022)
    out = measures.measure_plan(plan, measures.load_population(plan), evaluation=evaluation,
                                today=MID_YEAR)  # fmt: skip
    ldtt = next(r for r in out if r.target.pk == data["ldtt"].pk)
    eligible = sum(evaluation.person_status(p.pk, "LDTT") == "eligible" for p in people.values())
    assert ldtt.forecast.count == eligible and ldtt.forecast.total == 5


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"measure": "title_share", "population": "staff", "title": "LDTT", "comparison": "gte",
          "goal": "120"}, "goal", "Tỷ lệ phải từ 0 đến 100%."),
        ({"measure": "title_share", "population": "staff", "title": "XYZ", "comparison": "gte",
          "goal": "50"}, "title", None),
        ({"measure": "title_count", "population": "staff", "title": "CSTD_TINH",
          "comparison": "range", "goal": "3", "goal_max": "1"}, "goal_max",
         "Khoảng mục tiêu phải có giá trị tối đa không nhỏ hơn tối thiểu."),
        ({"measure": "title_share", "population": "staff", "comparison": "gte", "goal": "50"},
         "title", "Chỉ tiêu này cần danh hiệu hoặc hình thức khen thưởng."),
    ],
)  # fmt: skip
def test_target_form_refuses_bad_goals(plan, fields, field, message):
    form = TargetForm(data={"position": 1, "text": "Chỉ tiêu", **fields},
                      instance=Target(plan=plan))  # fmt: skip
    assert not form.is_valid()
    assert field in form.errors
    if message:
        assert message in form.errors[field]
    assert not Target.objects.filter(plan=plan).exists()


def test_phase_that_ends_before_it_starts_is_refused(plan):
    form = PhaseForm(data={"position": 2, "name": "Đợt 2", "starts_on": "01/06/2022",
                           "ends_on": "01/05/2022", "review_on": "02/05/2022"},
                     instance=Phase(plan=plan))  # fmt: skip
    assert not form.is_valid()
    assert "Đợt thi đua phải kết thúc sau khi bắt đầu." in str(form.errors)


def test_duplicate_plan_for_the_year_is_refused(plan, personas):
    form = PlanForm(
        data={"year": 2022, "number": "3", "symbol": "KH/TCTTN", "place": "Hà Tĩnh",
              "issued_on": "08/03/2022", "title": "Bản trùng", "purposes": "x", "theme": "y",
              "signer_title": "HIỆU TRƯỞNG"},
        user=personas["secretary"],
    )  # fmt: skip
    assert not form.is_valid()
    assert "Cơ quan đã có kế hoạch thi đua năm này." in str(form.errors)


# Screens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [
    ("secretary", 200), ("principal", 200), ("unit_head", 200), ("staff", 403),
    ("outsider", 404),
])  # fmt: skip
def test_dashboard_by_role(client, personas, plan, data, role, status):
    client.force_login(personas[role])
    assert client.get(reverse("plans:dashboard", args=[plan.pk])).status_code == status


def test_unit_head_dashboard_counts_only_their_unit(client, personas, plan, data):
    client.force_login(personas["unit_head"])
    response = client.get(reverse("plans:dashboard", args=[plan.pk]))
    ldtt = next(r for r in response.context["results"] if r.target.pk == data["ldtt"].pk)
    assert (ldtt.awarded.count, ldtt.awarded.total) == (3, 3)
    assert response.context["scope"] == "Khoa Xây dựng Đảng"


def test_dashboard_queries_do_not_grow_with_people(client, personas, plan, data, org, units):
    client.force_login(personas["secretary"])
    url = reverse("plans:dashboard", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(40):
        person = make_person(org, units["b"], "Nguyễn Văn", "Số{}".format(index))
        award(org, "LDTT", person=person)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few) <= 20


def test_forecast_arrives_as_an_htmx_fragment(client, personas, plan, data):
    client.force_login(personas["secretary"])
    response = client.get(reverse("plans:dashboard", args=[plan.pk]), {"forecast": 1},
                          HTTP_HX_REQUEST="true")  # fmt: skip
    body = response.content.decode()
    assert response.context["with_forecast"] is True
    assert 'id="target-table"' in body and "<html" not in body and "hx-get" not in body


def test_secretary_edits_a_target_and_a_staff_member_cannot(client, personas, plan, data):
    url = reverse("plans:target_edit", args=[plan.pk, data["ldtt"].pk])
    payload = {
        "position": 1, "text": "Có từ 95% trở lên đạt LĐTT", "measure": "title_share",
        "population": "staff", "title": "LDTT", "comparison": "gte", "goal": "95",
    }  # fmt: skip
    client.force_login(personas["unit_head"])
    assert client.post(url, payload).status_code == 403
    client.force_login(personas["secretary"])
    assert client.post(url, payload).status_code == 302
    data["ldtt"].refresh_from_db()
    assert data["ldtt"].goal == 95
    response = client.post(url, {**payload, "goal": "101"})
    assert "Tỷ lệ phải từ 0 đến 100%." in response.content.decode()
    data["ldtt"].refresh_from_db()
    assert data["ldtt"].goal == 95


def test_copy_plan_to_next_year(personas, plan, data):
    copy = do_copy_plan(plan, acting_user=personas["secretary"])
    assert copy.year == 2023 and copy.title == "Triển khai phong trào thi đua năm 2023"
    assert copy.targets.count() == plan.targets.count()
    assert not copy.targets.filter(done=True).exists()
    assert copy.phases.get().review_on == date(2023, 12, 30)
    from thidua.core.actions import ActionRefused

    with pytest.raises(ActionRefused, match="Đã có kế hoạch thi đua năm 2023"):
        do_copy_plan(plan, acting_user=personas["secretary"])


def test_copy_over_http_for_the_secretary_only(client, personas, plan):
    client.force_login(personas["principal"])
    assert client.post(reverse("plans:plan_copy", args=[plan.pk])).status_code == 403
    client.force_login(personas["secretary"])
    response = client.post(reverse("plans:plan_copy", args=[plan.pk]))
    assert response.status_code == 302
    assert Plan.objects.filter(year=2023).exists()


# The seed's plan -----------------------------------------------------------------------------


def test_secretary_edits_content_movements_bases_and_proposals(client, personas, plan):
    client.force_login(personas["secretary"])
    client.post(reverse("plans:content_add", args=[plan.pk]), {"position": 1, "text": "Nội dung"})
    client.post(reverse("plans:movement_add", args=[plan.pk]),
                {"position": 1, "name": "Dạy tốt, học tốt", "kind": "regular"})  # fmt: skip
    client.post(reverse("plans:basis_add", args=[plan.pk]), {"position": 1, "text": "Văn bản số 1"})
    assert [i.text for i in plan.content_items.all()] == ["Nội dung"]
    assert [m.name for m in plan.movements.all()] == ["Dạy tốt, học tốt"]
    assert [b.text for b in plan.bases.all()] == ["Văn bản số 1"]
    payload = {"year": 2022, "number": "3", "symbol": "KH/TCTTN", "place": "Hà Tĩnh",
               "issued_on": "08/03/2022", "title": plan.title, "purposes": "Mục đích",
               "theme": "Chủ đề", "signer_title": "HIỆU TRƯỞNG",
               "proposed_titles": ["CO_HV"], "proposed_forms": ["BK_TINH"]}  # fmt: skip
    assert client.post(reverse("plans:plan_edit", args=[plan.pk]), payload).status_code == 302
    plan.refresh_from_db()
    assert (plan.proposed_titles, plan.proposed_forms) == (["CO_HV"], ["BK_TINH"])
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]),
                           {**payload, "proposed_forms": ["CO_HV"]})  # fmt: skip
    assert response.status_code == 200 and "proposed_forms" in response.context["form"].errors


def test_unit_head_cannot_add_content(client, personas, plan):
    client.force_login(personas["unit_head"])
    response = client.post(
        reverse("plans:content_add", args=[plan.pk]), {"position": 1, "text": "x"}
    )
    assert response.status_code == 403
    assert not plan.content_items.exists()
