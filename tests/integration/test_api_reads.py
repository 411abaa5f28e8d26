"""The API's reads beyond people and awards (issue 20): evidence of every kind, registrations,
eligibility, plans, decisions, proposals and documents — persona by persona over the demo school
(allowed, constrained to a scope, denied), each checked against what the screens show."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers.api import api_get, token_for
from thidua.accounts.models import User
from thidua.closing.models import PhaseSummary
from thidua.decisions.models import Decision, DecisionState
from thidua.evaluation.services import evaluate_organization
from thidua.evidence.kinds import KINDS
from thidua.evidence.models import YearGrade
from thidua.organization.models import Person, Unit
from thidua.plans.models import Plan
from thidua.proposals.models import Proposal, ProposalEntry
from thidua.registrations.models import Registration

pytestmark = pytest.mark.django_db

WHOLE = ("admin", "thuky", "uyvien", "hieutruong", "lanhdao")
READERS = (*WHOLE, "truongkhoa", "canbo", "cumtruong")  # cumtruong: of no organisation here
FACULTY = "Khoa Xây dựng Đảng"


@pytest.fixture
def demo(demo_school, db):
    users = {name: User.objects.get(username=name) for name in READERS}
    return {
        "users": users,
        "tokens": {name: token_for(user) for name, user in users.items()},
        "faculty": Unit.objects.get(name=FACULTY),
        "other_faculty": Unit.objects.filter(kind="faculty").exclude(name=FACULTY)
        .order_by("pk").first(),
    }  # fmt: skip


def every(path: str, secret: str, client=None) -> list[dict]:
    """Every item of a list, page after page (the largest page, to keep the test short)."""
    items, cursor = [], None
    joiner = "&" if "?" in path else "?"
    while True:
        page = "{}{}limit=200{}".format(path, joiner, "&cursor=" + cursor if cursor else "")
        response = api_get(page, secret, client)
        assert response.status_code == 200, (page, response.content)
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def ids(items) -> set[int]:
    return {item["id"] for item in items}


def test_every_list_is_scoped_as_its_screen(demo):
    """Each list, persona by persona, holds exactly what the screen's `visible_to` gives; a
    unit head's is a part of the whole, a staff member's is about themself, an account of no
    organisation here reads nothing."""
    users, tokens, client = demo["users"], demo["tokens"], Client()
    lists = {"evidence/" + slug: kind.queryset for slug, kind in KINDS.items()}
    lists.update({
        "registrations": Registration.objects.visible_to,
        "plans": Plan.objects.visible_to,
        "decisions": Decision.objects.visible_to,
        "proposals": Proposal.objects.visible_to,
    })  # fmt: skip
    wrong, seen = [], {}
    for path, scoped in lists.items():
        for persona in READERS:
            got = every(path, tokens[persona], client)
            want = set(scoped(users[persona]).values_list("pk", flat=True))
            seen[path, persona] = got
            if ids(got) != want:
                wrong.append("{} {}: {} thay vì {}".format(path, persona, len(got), len(want)))
    assert not wrong, "\n".join(wrong)
    for path in lists:
        whole = ids(seen[path, "thuky"])
        assert all(ids(seen[path, persona]) == whole for persona in WHOLE), path
        assert seen[path, "cumtruong"] == [], path
        assert ids(seen[path, "truongkhoa"]) <= whole and ids(seen[path, "canbo"]) <= whole
    # Constrained, not empty: the faculty's part, the staff member's own.
    for path in ("evidence/grades", "registrations"):
        head, whole = ids(seen[path, "truongkhoa"]), ids(seen[path, "thuky"])
        assert head and head < whole, path
    staff = users["canbo"].person_id
    grades = seen["evidence/grades", "canbo"]
    assert grades and {item["person_id"] for item in grades} == {staff}
    assert {item["person_id"] for item in seen["registrations", "canbo"]} == {staff}
    for item in seen["evidence/initiatives", "canbo"]:
        assert staff in {member["person_id"] for member in item["team"]}
    assert ids(seen["plans", "canbo"]) == ids(seen["plans", "thuky"])  # plans are everyone's


def test_a_record_outside_the_scope_is_404_like_one_that_does_not_exist(demo):
    tokens, users = demo["tokens"], demo["users"]
    grades = KINDS["grades"]
    records = (
        ("evidence/grades", grades.model.objects.filter(grades.subject), grades.queryset),
        ("registrations", Registration.objects.all(), Registration.objects.visible_to),
        ("proposals", Proposal.objects.all(), Proposal.objects.visible_to),
        ("decisions", Decision.objects.all(), Decision.objects.visible_to),
    )
    checked = []
    for persona in ("canbo", "truongkhoa", "cumtruong"):
        for path, everything, visible in records:
            outside = everything.exclude(pk__in=visible(users[persona]).values("pk"))
            record = outside.order_by("pk").first()
            if record is None:  # every one is theirs to read (the demo's decisions are issued)
                continue
            url = "{}/{}".format(path, record.pk)
            assert api_get(url, tokens["thuky"]).status_code == 200, url
            response = api_get(url, tokens[persona])
            assert response.status_code == 404, (url, persona)
            assert response.json()["detail"] == "Không có bản ghi này, hoặc bạn không được xem."
            checked.append((path, persona))
    assert {path for path, _ in checked} == {"evidence/grades", "registrations", "proposals",
                                             "decisions"}  # fmt: skip
    assert {persona for _, persona in checked} == {"canbo", "truongkhoa", "cumtruong"}
    assert api_get("evidence/grades/{}".format(10**9), tokens["thuky"]).status_code == 404
    # A record of one kind is not found under another kind's path.
    grade = grades.queryset(users["thuky"]).order_by("pk").first()
    assert api_get("evidence/unit_grades/{}".format(grade.pk), tokens["thuky"]).status_code == 404
    plan = Plan.objects.order_by("pk").first()
    assert api_get("plans/{}".format(plan.pk), tokens["cumtruong"]).status_code == 404


def test_evidence_filters_are_the_screens(demo):
    tokens, faculty = demo["tokens"], demo["faculty"]
    secret = tokens["thuky"]
    year = every("evidence/grades?year=2021", secret)
    assert year and {item["year"] for item in year} == {2021}
    assert len(year) == YearGrade.objects.filter(year=2021, person__isnull=False).count()
    in_faculty = set(Person.objects.in_unit([faculty.pk]).values_list("pk", flat=True))
    by_unit = every("evidence/grades?unit={}".format(faculty.pk), secret)
    assert by_unit and {item["person_id"] for item in by_unit} <= in_faculty
    someone = year[0]["person_id"]
    mine = every("evidence/grades?person={}".format(someone), secret)
    assert mine and {item["person_id"] for item in mine} == {someone}
    authored = every("evidence/initiatives", secret)[0]["team"][0]["person_id"]
    for item in every("evidence/initiatives?person={}".format(authored), secret):
        assert authored in {member["person_id"] for member in item["team"]}
    assert {i["verification"] for i in every("evidence/grades?verification=verified", secret)} \
        == {"verified"}  # fmt: skip
    units = every("evidence/unit_grades?unit={}".format(faculty.pk), secret)
    assert units and {item["unit_id"] for item in units} == {faculty.pk}
    assert units[0]["subject_name"] == FACULTY and units[0]["grade_name"]
    # Every unit of the school is a unit to filter by (as on screen); a unit head filtering by
    # another faculty gets none of its people's records, and an unknown unit is refused.
    head = tokens["truongkhoa"]
    assert every("evidence/grades?unit={}".format(demo["other_faculty"].pk), head) == []
    refused = api_get("evidence/grades?unit={}".format(10**9), head)
    assert refused.status_code == 422
    assert refused.json()["errors"][0] == {
        "field": "unit",
        "message": "«unit» (Đơn vị): không có đơn vị này.",
    }
    bad = api_get("evidence/leave?verification=maybe&year=1800", secret)
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["errors"]} == {"verification", "year"}
    scores = every("evidence/union_scores", secret)
    assert scores and all(isinstance(item["score"], str) for item in scores)


def test_registrations_filter_by_year_unit_person_and_state(demo):
    secret, faculty = demo["tokens"]["thuky"], demo["faculty"]
    rows = every("registrations?year=2022&unit={}".format(faculty.pk), secret)
    members = set(Person.objects.in_unit([faculty.pk]).values_list("pk", flat=True))
    assert rows and {row["year"] for row in rows} == {2022}
    assert all(row["person_id"] in members or row["unit_id"] == faculty.pk for row in rows)
    unit_row = next(row for row in rows if row["unit_id"] == faculty.pk)
    stored = Registration.objects.get(pk=unit_row["id"])
    assert [title["code"] for title in unit_row["titles"]] == stored.titles
    assert unit_row["state"] == stored.state and unit_row["state_name"]
    accepted = every("registrations?state=accepted", secret)
    assert len(accepted) == Registration.objects.filter(state="accepted").count()


def test_eligibility_is_the_screen_s(demo):
    """The person's verdicts and criteria, as the eligibility fragment of their page builds
    them; a unit's, as the overview's collectives judge them; scoped like those screens."""
    tokens, users, faculty = demo["tokens"], demo["users"], demo["faculty"]
    person = Person.objects.get(staff_code="00022")
    client = Client()
    client.force_login(users["thuky"])
    for year in ("2021", ""):
        path = "people/{}/eligibility?year={}".format(person.pk, year).removesuffix("?year=")
        answer = api_get(path, tokens["thuky"]).json()
        screen = client.get("/eligibility/people/{}/?year={}".format(person.pk, year)).context
        assert answer["year"] == screen["year"] and answer["judged"]
        assert answer["instruments"] == list(screen["rule_set"].instruments)
        assert answer["to_confirm"] == screen["to_confirm"]
        assert [(v["code"], v["verdict"]) for v in answer["verdicts"]] == [
            (row["code"], row["verdict"]) for row in screen["rows"]
        ]
        assert [[(c["code"], c["passed"], c["detail"], c["source"]) for c in v["criteria"]]
                for v in answer["verdicts"]] == [
            [(c.code, c.passed, c.detail, c.source) for c in row["criteria"]]
            for row in screen["rows"]]  # fmt: skip
        assert answer["next_steps"] == [step.summary for step in screen["next_steps"]]
    criterion = answer["verdicts"][0]["criteria"][0]
    assert criterion["result"] in ("Đạt", "Không đạt", "Hội đồng xem xét")
    assert "Điều" in " ".join(c["source"] for v in answer["verdicts"] for c in v["criteria"])
    # The staff member reads their own, not a colleague's.
    own = users["canbo"].person_id
    assert api_get("people/{}/eligibility".format(own), tokens["canbo"]).status_code == 200
    assert api_get("people/{}/eligibility".format(person.pk), tokens["canbo"]).status_code == 404
    # A unit: the school's readers any faculty, its head their own only, staff none.
    unit = api_get("units/{}/eligibility?year=2021".format(faculty.pk), tokens["thuky"]).json()
    result = evaluate_organization(faculty.organization, 2021)
    assert unit["verdicts"] and unit["subject_name"] == FACULTY
    for verdict in unit["verdicts"]:
        assert verdict["verdict"] == result.unit_status(faculty.pk, verdict["code"])
    assert unit["verdicts"][0]["code"] == "TTLDTT"
    other = demo["other_faculty"].pk
    for persona, path, status in (("truongkhoa", faculty.pk, 200), ("truongkhoa", other, 404),
                                  ("canbo", faculty.pk, 404), ("uyvien", other, 200),
                                  ("cumtruong", faculty.pk, 404)):  # fmt: skip
        response = api_get("units/{}/eligibility".format(path), tokens[persona])
        assert response.status_code == status, (persona, path)
    too_early = api_get("people/{}/eligibility?year=2014".format(person.pk), tokens["thuky"])
    assert too_early.status_code == 422 and too_early.json()["errors"][0]["field"] == "year"


def test_a_plan_s_targets_carry_the_dashboard_s_live_values(demo):
    tokens, users = demo["tokens"], demo["users"]
    plan = Plan.objects.get(year=2022)
    client = Client()
    for persona in ("thuky", "truongkhoa"):
        answer = api_get("plans/{}".format(plan.pk), tokens[persona]).json()
        client.force_login(users[persona])
        dashboard = client.get("/plans/{}/dashboard/".format(plan.pk)).context
        assert answer["scope"] == dashboard["scope"]
        live = {target["id"]: target["live"] for target in answer["targets"]}
        assert len(live) == len(dashboard["results"]) > 3
        for result in dashboard["results"]:
            value = live[result.target.pk]
            assert value["status"] == result.status and value["reason"] == result.reason
            assert (value["awarded"]["count"], value["awarded"]["total"],
                    value["awarded"]["held"]) == (result.awarded.count, result.awarded.total,
                                                  result.awarded.held)  # fmt: skip
            assert value["forecast"] is None
            assert [u["unit_name"] for u in value["by_unit"]] == [n for n, _ in result.by_unit]
    assert answer["scope"] == FACULTY
    assert [target["text"] for target in answer["targets"]] == list(
        plan.targets.values_list("text", flat=True))  # fmt: skip
    assert answer["document_number"] == plan.document_number and answer["phases"]
    # Staff read the plan, without the dashboard (they have none on screen).
    staff = api_get("plans/{}".format(plan.pk), tokens["canbo"]).json()
    assert staff["scope"] is None and {t["live"] for t in staff["targets"]} == {None}
    forecast = api_get("plans/{}?forecast=true".format(plan.pk), tokens["thuky"]).json()
    assert any(target["live"]["forecast"] for target in forecast["targets"])


def test_decisions_and_proposals_come_with_their_entries_and_statuses(demo):
    tokens = demo["tokens"]
    decision = Decision.objects.get(year=2021, number=141)
    answer = api_get("decisions/{}".format(decision.pk), tokens["canbo"]).json()
    assert answer["document_number"] == decision.document_number
    assert answer["state"] == "issued" and answer["state_name"] == "Đã ban hành"
    entries = list(decision.entries.order_by("position", "pk"))
    assert [(e["id"], e["title"], e["person_id"], e["unit_id"], e["award_id"])
            for e in answer["entries"]] == [
        (e.pk, e.title, e.person_id, e.unit_id, e.award_id) for e in entries]  # fmt: skip
    assert {e["certificate"] for e in answer["entries"]} >= {"Giấy khen"}
    issued = every("decisions?state=issued&year=2021", tokens["thuky"])
    assert decision.pk in ids(issued) and {d["state"] for d in issued} == {"issued"}
    # A draft is the leaders' and the council's only.
    draft = Decision.objects.create(organization=decision.organization, year=2022, symbol="QĐ/X",
                                    legal_bases="Căn cứ.", created_by=demo["users"]["thuky"],
                                    state=DecisionState.DRAFT)  # fmt: skip
    assert api_get("decisions/{}".format(draft.pk), tokens["uyvien"]).status_code == 200
    assert api_get("decisions/{}".format(draft.pk), tokens["canbo"]).status_code == 404
    proposal = Proposal.objects.get(year=2021, number=52)
    body = api_get("proposals/{}".format(proposal.pk), tokens["thuky"]).json()
    assert body["state"] == "partial" and body["body"] == "province"
    outcomes = {e["id"]: (e["outcome"], e["decision_number"]) for e in body["entries"]}
    assert outcomes == {e.pk: (e.outcome, e.decision_number) for e in proposal.entries.all()}
    assert {"granted", "refused"} <= {outcome for outcome, _ in outcomes.values()}
    named = ProposalEntry.objects.filter(proposal=proposal, person__isnull=False).first()
    assert every("proposals?body=province&year=2021", tokens["thuky"])
    assert every("proposals?body=academy&year=1999", tokens["thuky"]) == []
    assert body["entries"][[e["id"] for e in body["entries"]].index(named.pk)][
        "subject_name"] == named.person.full_name  # fmt: skip


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_documents_are_the_screens_downloads(demo, monkeypatch):
    """Each document, persona by persona: the API answers as the screen's download link does
    for the same account (the file, or the refusal: 404 out of scope, 403 beyond the role)."""
    tokens, users = demo["tokens"], demo["users"]
    faculty, other = demo["faculty"], demo["other_faculty"]
    plan = Plan.objects.get(year=2022)
    decision = Decision.objects.get(year=2021, number=141)
    certified = decision.entries.filter(title="GIAY_KHEN").first()
    proposal = Proposal.objects.get(year=2021, number=52)
    someone_else = proposal.entries.exclude(person_id=users["canbo"].person_id).filter(
        person__isnull=False).first()  # fmt: skip
    person = Person.objects.get(staff_code="00022")
    session = decision.session
    phase = PhaseSummary.objects.select_related("phase").order_by("pk").first().phase
    docx = {"fmt": "docx"}
    documents = [
        # (the API's path, the screen's link)
        ("plans/{}/document.docx".format(plan.pk), reverse("documents:plan_docx", args=[plan.pk])),
        ("decisions/{}/document.docx".format(decision.pk),
         reverse("decisions:decision_docx", args=[decision.pk])),
        ("decisions/{}/entries/{}/certificate.docx".format(decision.pk, certified.pk),
         reverse("decisions:certificate_docx", kwargs={"pk": decision.pk, "entry": certified.pk})),
        ("decisions/{}/reward-list.docx".format(decision.pk),
         reverse("rewards:reward_list_docx", args=[decision.pk])),
        ("proposals/{}/document.docx?layout=state".format(proposal.pk),
         reverse("proposals:proposal_docx", args=[proposal.pk]) + "?layout=state"),
        ("proposals/{}/entries/{}/report.docx".format(proposal.pk, someone_else.pk),
         reverse("proposals:report_docx", kwargs={"pk": proposal.pk,
                                                  "entry_pk": someone_else.pk})),
        ("registration-lists/2022/document.docx",
         reverse("documents:registrations_docx", args=[2022])),
        ("registration-lists/2022/document.docx?unit={}".format(faculty.pk),
         reverse("documents:registrations_docx", args=[2022]) + "?unit={}".format(faculty.pk)),
        ("registration-lists/2022/document.docx?unit={}".format(other.pk),
         reverse("documents:registrations_docx", args=[2022]) + "?unit={}".format(other.pk)),
        ("people/{}/award-history.docx".format(person.pk),
         reverse("awards:person_history_document", kwargs={"pk": person.pk, **docx})),
        ("units/{}/award-history.docx".format(faculty.pk),
         reverse("awards:unit_history_document", kwargs={"pk": faculty.pk, **docx})),
        ("council-sessions/{}/minutes.docx".format(session.pk),
         reverse("council:session_document", kwargs={"pk": session.pk, "kind": "minutes",
                                                     **docx})),
        ("phases/{}/report.docx".format(phase.pk),
         reverse("closing:phase_report_document", kwargs={"pk": phase.pk, **docx})),
    ]  # fmt: skip
    statuses, wrong = {}, []
    # Rendering is the documents' own tests' (and checked below once for real): here, who gets
    # which file.
    rendered = b"PK rendered"
    with monkeypatch.context() as patched:
        patched.setattr("thidua.documents.views.render",
                        lambda kind, record, fmt, layout=None: rendered)  # fmt: skip
        for persona in ("thuky", "truongkhoa", "canbo", "cumtruong"):
            screen = Client()
            screen.force_login(users[persona])
            for path, link in documents:
                expected = screen.get(link)
                response = api_get(path, tokens[persona])
                statuses[path, persona] = response.status_code
                if response.status_code != expected.status_code:
                    wrong.append("{} {}: {} (màn hình: {})".format(
                        path, persona, response.status_code, expected.status_code))  # fmt: skip
                elif response.status_code == 200:
                    assert response["Content-Type"] == DOCX and response.content == rendered
                    assert response["Content-Disposition"] == expected["Content-Disposition"]
                else:
                    assert response["Content-Type"] == "application/problem+json"
    assert not wrong, "\n".join(wrong)
    # Allowed, constrained, denied: the secretary gets every one; the others part of them.
    assert {status for (_, persona), status in statuses.items() if persona == "thuky"} == {200}
    for persona, refused in (("truongkhoa", 403), ("canbo", 403), ("cumtruong", 404)):
        got = {status for (_, who), status in statuses.items() if who == persona}
        assert refused in got, persona
    assert statuses["plans/{}/document.docx".format(plan.pk), "canbo"] == 200
    assert statuses["decisions/{}/reward-list.docx".format(decision.pk), "canbo"] == 403
    head_list = "registration-lists/2022/document.docx?unit={}".format(faculty.pk)
    assert statuses[head_list, "truongkhoa"] == 200 and statuses[head_list, "canbo"] == 403
    for path in ("decisions/{}/document.odt".format(decision.pk),
                 "council-sessions/{}/agenda.docx".format(session.pk)):  # fmt: skip
        refused = api_get(path, tokens["thuky"])
        assert refused.status_code == 422, path
    assert api_get("registration-lists/2022/document.docx?unit={}".format(10**9),
                   tokens["thuky"]).status_code == 404  # fmt: skip
    pdf = api_get("decisions/{}/document.pdf".format(decision.pk), tokens["hieutruong"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    real = api_get("proposals/{}/document.docx".format(proposal.pk), tokens["thuky"])
    assert real["Content-Type"] == DOCX and real.content[:2] == b"PK" and len(real.content) > 5000


@pytest.mark.parametrize("path", [
    "evidence/initiatives", "evidence/research", "evidence/grades", "evidence/unit_grades",
    "registrations", "decisions", "proposals", "plans",
])  # fmt: skip
def test_a_page_costs_a_bounded_number_of_queries(demo, path, django_assert_max_num_queries):
    """The token, the rate limit's count, its use (two writes), the account's grants, the page,
    its related rows: the same few queries for a page of 5 as for a page of 200."""
    secret = demo["tokens"]["thuky"]
    for limit in (5, 200):
        with django_assert_max_num_queries(7):
            response = api_get("{}?limit={}".format(path, limit), secret)
        assert response.status_code == 200 and response.json()["items"]


def test_one_record_costs_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    secret = demo["tokens"]["thuky"]
    plan = Plan.objects.get(year=2022)
    proposal = Proposal.objects.get(year=2021, number=52)
    with django_assert_max_num_queries(8):  # the page's 7 and the proposal's entries
        assert api_get("proposals/{}".format(proposal.pk), secret).status_code == 200
    with django_assert_max_num_queries(25):
        assert api_get("plans/{}".format(plan.pk), secret).status_code == 200


def test_reads_answer_304_and_refuse_a_cursor_of_another_kind(demo):
    secret = demo["tokens"]["thuky"]
    first = api_get("evidence/grades?limit=2", secret)
    again = api_get("evidence/grades?limit=2", secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    cursor = first.json()["next_cursor"]
    assert api_get("evidence/grades?limit=2&cursor=" + cursor, secret).status_code == 200
    other = api_get("evidence/grades?limit=2&year=2021&cursor=" + cursor, secret)
    assert other.status_code == 400 and other.json()["errors"][0]["field"] == "cursor"


def test_the_kinds_of_evidence_are_the_registry_s(demo):
    kinds = api_get("evidence", demo["tokens"]["canbo"]).json()
    assert [kind["slug"] for kind in kinds] == list(KINDS)
    assert {kind["subject"] for kind in kinds} == {"person", "unit", "team"}
    schema = Client().get("/api/v1/openapi.json").json()
    for slug in KINDS:
        assert "/api/v1/evidence/{}".format(slug) in schema["paths"]
        assert "/api/v1/evidence/{}/{{record_id}}".format(slug) in schema["paths"]
