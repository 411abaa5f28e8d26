"""The API's remaining reads (issue 20) over the demo school, persona by persona: the year-end
report, the award register and the eligibility overview as files (each compared with the
screen's own download link); council sessions (counts once closed, never ballots), clusters,
reward money and the fund, the organisation's own eligibility; bounded query counts."""

from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.helpers.api import api_get, token_for
from thidua.accounts.models import User
from thidua.clusters.models import Cluster
from thidua.council.models import Ballot, BallotEnvelope, CouncilSession, VoteRecord
from thidua.council.subjects import organization_titles
from thidua.decisions.models import Decision
from thidua.evaluation.facts import organization_unit_id
from thidua.evaluation.services import evaluate_organization
from thidua.organization.models import Organization, Unit
from thidua.rewards import lists
from thidua.rewards.actions import fund_years
from thidua.rewards.models import FundEntry

pytestmark = pytest.mark.django_db

WHOLE = ("admin", "thuky", "uyvien", "hieutruong", "lanhdao")
READERS = (*WHOLE, "truongkhoa", "canbo", "ketoan", "cumtruong")
FACULTY = "Khoa Xây dựng Đảng"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def demo(demo_school, db):
    users = {name: User.objects.get(username=name) for name in READERS}
    return {
        "users": users,
        "tokens": {name: token_for(user) for name, user in users.items()},
        "faculty": Unit.objects.get(name=FACULTY),
    }


def cells(content: bytes) -> list[tuple]:
    book = load_workbook(BytesIO(content), read_only=True)
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_documents_are_the_screens_downloads(demo, monkeypatch, settings):
    """Each download, persona by persona: the API answers as the screen's link does for the same
    account (the same file and name, or the refusal)."""
    # The demo's whole register is longer than a link makes at once (it queues a job: see
    # test_export_jobs); the API always answers with the file, compared here with the link's.
    settings.BACKGROUND_DOCUMENT_ROWS = 100_000
    tokens, users, faculty = demo["tokens"], demo["users"], demo["faculty"]
    register = reverse("awards:register_document", kwargs={"fmt": "docx"})
    overview = reverse("evaluation:eligibility_document", kwargs={"fmt": "docx"})
    documents = [
        # (the API's path, the screen's link)
        ("years/2021/report.docx",
         reverse("closing:year_report_document", kwargs={"year": 2021, "fmt": "docx"})),
        ("years/2021/report.docx?layout=state",
         reverse("closing:year_report_document", kwargs={"year": 2021, "fmt": "docx"})
         + "?layout=state"),
        ("award-register/document.docx", register),
        ("award-register/document.docx?year=2021&code=CSTD_CS", register
         + "?year=2021&code=CSTD_CS"),
        ("award-register/document.docx?unit={}&subject=person".format(faculty.pk),
         register + "?unit={}&subject=person".format(faculty.pk)),
        ("eligibility-overview/document.docx?year=2022", overview + "?year=2022"),
        ("eligibility-overview/document.docx?year=2022&unit={}&sort=-name".format(faculty.pk),
         overview + "?year=2022&unit={}&sort=-name".format(faculty.pk)),
        ("eligibility-overview/document.xlsx?year=2022",
         reverse("evaluation:eligibility_document", kwargs={"fmt": "xlsx"}) + "?year=2022"),
    ]  # fmt: skip
    statuses, wrong = {}, []
    rendered = b"PK rendered"
    with monkeypatch.context() as patched:
        patched.setattr("thidua.documents.views.render",
                        lambda kind, record, fmt, layout=None: rendered)  # fmt: skip
        for persona in READERS:
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
                    assert response["Content-Type"] == expected["Content-Type"], path
                    assert response["Content-Disposition"] == expected["Content-Disposition"]
                    if ".xlsx" not in path:
                        assert response.content == rendered
                    else:  # the same rows (the zip's own timestamps differ)
                        assert cells(response.content) == cells(expected.content)
                else:
                    assert response["Content-Type"] == "application/problem+json"
    assert not wrong, "\n".join(wrong)
    # Allowed, constrained, denied: the year-end report is the leaders' and the council's.
    year_report = "years/2021/report.docx"
    assert {statuses[year_report, who] for who in WHOLE} == {200}
    assert statuses[year_report, "canbo"] == 403 and statuses[year_report, "cumtruong"] == 404
    assert statuses["award-register/document.docx", "canbo"] == 200
    assert statuses["award-register/document.docx", "cumtruong"] == 404


def test_a_filter_the_screen_would_drop_is_refused_naming_it(demo, monkeypatch):
    secret = demo["tokens"]["thuky"]
    head = demo["tokens"]["truongkhoa"]
    cases = [
        ("award-register/document.docx?unit={}".format(10**9), secret, "unit"),
        ("award-register/document.docx?code=NOPE", secret, "code"),
        ("eligibility-overview/document.pdf?verdict=nope", secret, "verdict"),
        ("eligibility-overview/document.pdf?sort=salary", secret, "sort"),
        ("eligibility-overview/document.pdf?unit={}".format(10**9), head, "unit"),
        ("years/2021/report.odt", secret, "fmt"),
    ]
    for path, token, field in cases:
        response = api_get(path, token)
        assert response.status_code == 422, (path, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert [error["field"] for error in response.json()["errors"]] == [field], path
    # More rows than a printed register holds: the screen's own words, not its redirect.
    monkeypatch.setattr("thidua.awards.documents.REGISTER_PRINT_LIMIT", 3)
    many = api_get("award-register/document.pdf", secret)
    assert many.status_code == 422 and many["Content-Type"] == "application/problem+json"
    assert many.json()["detail"].startswith("Danh sách có hơn 3 khen thưởng"), many.content
    # No year-end report for a year without a plan: 404, as on screen.
    assert api_get("years/1999/report.docx", secret).status_code == 404
    real = api_get("years/2021/report.pdf", secret)
    assert real["Content-Type"] == "application/pdf" and real.content[:5] == b"%PDF-"


# Council sessions --------------------------------------------------------------------------------


def test_council_sessions_are_scoped_and_show_counts_never_ballots(demo):
    users, tokens = demo["users"], demo["tokens"]
    for persona in READERS:
        got = every("council-sessions", tokens[persona])
        want = set(CouncilSession.objects.visible_to(users[persona]).values_list("pk", flat=True))
        assert {item["id"] for item in got} == want, persona
    assert every("council-sessions", tokens["canbo"]) == []  # sits on none
    session = CouncilSession.objects.get(year=2021, name__isnull=False, closed_at__isnull=False)
    response = api_get("council-sessions/{}".format(session.pk), tokens["uyvien"])
    body = response.json()
    assert body["state"] == "closed" and body["meeting_on"] == "2021-12-14"
    assert [item["id"] for item in body["agenda"]] == list(
        session.items.order_by("position", "pk").values_list("pk", flat=True))
    sealed = {row["item"]: row for row in session.results["items"]}
    assert len(body["results"]["items"]) == len(sealed) > 0
    for row in body["results"]["items"]:
        stored = sealed[row["item_id"]]
        assert (row["agree"], row["disagree"], row["passed"]) == (
            stored["agree"], stored["disagree"], stored["passed"])
    # No ballot, envelope or record of who voted on what, by id, anywhere in the answer.
    text = response.content.decode()
    secret_ids = [str(pk) for model in (Ballot, BallotEnvelope, VoteRecord)
                  for pk in model.objects.filter(item__session=session).values_list("pk",
                                                                                    flat=True)]
    assert secret_ids and not any(pk in text for pk in secret_ids)
    assert "choice" not in text and "voter" not in text
    # While a session is open, not even the counts.
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=None)
    reopened = api_get("council-sessions/{}".format(session.pk), tokens["thuky"]).json()
    assert reopened["state"] == "open" and reopened["results"] is None
    assert api_get("council-sessions/{}".format(session.pk), tokens["canbo"]).status_code == 404


# Clusters ----------------------------------------------------------------------------------------


def test_clusters_are_scoped_and_show_the_standings_and_the_vote(demo):
    users, tokens = demo["users"], demo["tokens"]
    for persona in READERS:
        got = every("clusters", tokens[persona])
        want = set(Cluster.objects.visible_to(users[persona]).values_list("pk", flat=True))
        assert {item["id"] for item in got} == want, persona
    cluster = Cluster.objects.filter(year=2021, voted_leader__isnull=False).get()
    body = api_get("clusters/{}".format(cluster.pk), tokens["uyvien"]).json()
    assert body["voted_leader_name"] == cluster.voted_leader.name
    assert [m["id"] for m in body["members"]] == list(
        cluster.members.order_by("order", "pk").values_list("pk", flat=True))
    assert sum(row["votes"] for row in body["standings"]) == cluster.votes.count() > 0
    ranks = [row["rank"] for row in body["standings"] if row["scored"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert "voter" not in response_text(api_get("clusters/{}".format(cluster.pk),
                                                tokens["thuky"]))


def response_text(response) -> str:
    assert response.status_code == 200, response.content
    return response.content.decode()


# Reward money ------------------------------------------------------------------------------------


def test_a_reward_list_is_read_as_its_screen_shows_it(demo):
    users, tokens = demo["users"], demo["tokens"]
    decision = Decision.objects.get(year=2021, number=141)
    link = reverse("rewards:reward_list", args=[decision.pk])
    computed = lists.compute(decision)
    for persona in READERS:
        screen = Client()
        screen.force_login(users[persona])
        expected = screen.get(link).status_code
        response = api_get("decisions/{}/reward-list".format(decision.pk), tokens[persona])
        assert response.status_code == expected, persona
        if expected != 200:
            continue
        body = response.json()
        shown = lists.shown_to(users[persona], decision, computed)
        assert body["complete"] == shown.complete, persona
        assert [line["amount"] for line in body["lines"]] == [p.amount for p in shown.lines]
        if shown.complete:
            assert body["totals"]["total"] == computed.total
            assert body["expense"]["entered_on"] == "2022-01-10"
        else:
            assert body["totals"] is None and body["expense"] is None
    whole = api_get("decisions/{}/reward-list".format(decision.pk), tokens["ketoan"]).json()
    person = users["canbo"].person_id
    own = api_get("decisions/{}/reward-list".format(decision.pk), tokens["canbo"]).json()
    assert {line["person_id"] for line in own["lines"]} <= {person}
    assert len(own["lines"]) < len(whole["lines"])


def test_the_fund_is_its_keepers(demo):
    users, tokens = demo["users"], demo["tokens"]
    for persona in READERS:
        years = api_get("fund/years", tokens[persona])
        entries = api_get("fund/entries?year=2022", tokens[persona])
        keeper = persona in ("thuky", "ketoan")
        assert (years.status_code, entries.status_code) == ((200, 200) if keeper else (403, 403)), (
            persona)  # fmt: skip
        if keeper:
            organization = users[persona].organization
            assert years.json() == fund_years(organization)
            want = FundEntry.objects.filter(organization=organization, year=2022)
            assert [e["id"] for e in entries.json()["items"]] == sorted(
                want.values_list("pk", flat=True))
    got = api_get("fund/entries?year=2022", tokens["ketoan"]).json()["items"]
    assert {e["kind"] for e in got} == {"income", "expense"}
    assert any(e["amount"] == 50_000_000 and e["entered_on"] == "2022-01-05" for e in got)


# The organisation's own eligibility --------------------------------------------------------------


def test_the_organisation_s_own_eligibility_is_the_overview_s_row(demo):
    users, tokens = demo["users"], demo["tokens"]
    organization = users["thuky"].organization
    path = "organizations/{}/eligibility?year=2021".format(organization.pk)
    result = evaluate_organization(organization, 2021)
    key = organization_unit_id(organization.pk)
    for persona in READERS:
        response = api_get(path, tokens[persona])
        if persona not in WHOLE:
            assert response.status_code == 404, persona
            continue
        body = response.json()
        assert body["subject_name"] == organization.name and body["judged"]
        assert body["organization_id"] == organization.pk
        verdicts = {row["code"]: row["verdict"] for row in body["verdicts"]}
        assert verdicts and all(verdicts[code] == result.unit_status(key, code)
                                for code in verdicts)  # fmt: skip
        assert body["nominable"] == list(organization_titles(2021))
        assert all(row["criteria"] for row in body["verdicts"])
        assert all(c["source"] for row in body["verdicts"] for c in row["criteria"])
    other = Organization.objects.exclude(pk=organization.pk).first()
    if other is not None:
        assert api_get("organizations/{}/eligibility".format(other.pk),
                       tokens["thuky"]).status_code == 404  # fmt: skip


# Query counts ------------------------------------------------------------------------------------


def _more_rows(path: str, count: int) -> None:
    """Copies of a record of the list's kind (each with its members, agenda, targets), so a page
    of 200 holds many more rows than one of 5."""
    if path == "council-sessions":
        model, related = CouncilSession, ()
        # Agenda items and members stay with the original: their prefetch is one query whatever
        # the number of sessions.
    elif path == "clusters":
        model, related = Cluster, ("members", "targets")
    else:
        model, related = FundEntry, ()
    original = model.objects.filter(**({"kind": "income"} if model is FundEntry else {})).first()
    for index in range(count):
        children = {name: list(getattr(original, name).all()) for name in related}
        copy = model.objects.get(pk=original.pk)
        copy.pk = None
        if model is Cluster:
            copy.name, copy.voted_leader = "{} ({})".format(original.name, index), None
        copy.save()
        for rows in children.values():
            for row in rows:
                row.pk, row.cluster = None, copy
                row.save()


@pytest.mark.parametrize("path", ["council-sessions", "clusters", "fund/entries"])
def test_a_page_costs_the_same_queries_for_5_rows_as_for_200(demo, path):
    """A page and its prefetches: the same queries however many rows it holds."""
    _more_rows(path, 12)
    secret = demo["tokens"]["thuky"]
    counts = []
    for limit in (5, 200):
        with CaptureQueriesContext(connection) as queries:
            response = api_get("{}?limit={}".format(path, limit), secret)
        assert response.status_code == 200, response.content
        found = len(response.json()["items"])
        assert found == 5 if limit == 5 else found > 12, found
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 9, counts


def every(path: str, secret: str) -> list[dict]:
    items, cursor = [], None
    joiner = "&" if "?" in path else "?"
    while True:
        page = "{}{}limit=2{}".format(path, joiner, "&cursor=" + cursor if cursor else "")
        response = api_get(page, secret)
        assert response.status_code == 200, (page, response.content)
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items
