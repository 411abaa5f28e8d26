"""The demo's 2021 year, run through thidua: nominations, a council session held on paper, the
union's decision, the principal's decision and a tờ trình the province answered in part, each
on the date its paper carries, each written by the action a user runs (so audited)."""

import io
from collections import Counter
from datetime import date, time

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import Count

from thidua.awards.models import Award
from thidua.closing.models import PhaseSummary, YearReport
from thidua.closing.report import year_report_data
from thidua.council.models import CouncilSession, Nomination
from thidua.decisions.models import Decision
from thidua.organization.models import Organization
from thidua.plans.models import Plan
from thidua.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_school, db):
    return Organization.objects.get(abbreviation="TCTTP")


@pytest.fixture
def session(demo):
    return CouncilSession.objects.get(organization=demo, year=2021)


def test_the_2021_council_met_on_paper_and_closed_sealed(demo, session):
    assert session.state == "closed" and session.on_paper
    assert session.meeting_on == date(2021, 12, 14)
    assert (session.starts_at, session.ends_at) == (time(8, 0), time(10, 45))
    assert session.place and session.seal
    items = list(session.items.select_related("nomination"))
    assert items and all(i.paper_counted for i in items)
    assert all(i.nomination.state == "passed" for i in items)
    # The units met before the council: every nomination a unit sent carries its meeting day.
    days = set(
        Nomination.objects.filter(organization=demo, year=2021, meeting_on__isnull=False)
        .values_list("meeting_on", flat=True)
    )
    assert days and max(days) < session.meeting_on
    # The seal verifies (the command raises CommandError on a mismatch).
    out = io.StringIO()
    call_command("verify_council_seal", "--session", str(session.pk), stdout=out)
    assert "Phiên {} «{}»: OK".format(session.pk, session.name) in out.getvalue()


def test_the_2021_council_elected_its_counting_committee(demo, session):
    from tests.helpers.documents import docx_text
    from thidua.council.ballot_count import BALLOT_COUNT, COUNTER_BLANK
    from thidua.documents.render import render

    counters = list(session.members.exclude(counting="").order_by("counting", "pk"))
    assert [m.counting for m in counters] == ["head", "member"]
    assert all(m.present for m in counters)
    assert session.starts_at <= session.counting_elected_at <= session.ends_at
    text = docx_text(render(BALLOT_COUNT, session, "docx"))
    assert "Trưởng ban kiểm phiếu" in text and COUNTER_BLANK not in text


def test_no_2021_award_is_entered_twice(demo):
    subjects = (
        Award.objects.filter(organization=demo, year=2021)
        .values("person", "unit", "code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(subjects) == []


def test_the_principals_decision_wrote_the_schools_titles(demo, session):
    decision = Decision.objects.get(organization=demo, year=2021)
    assert decision.state == "issued" and decision.session == session
    assert decision.document_number == "141-QĐ/TCTTP"
    assert decision.decided_on == date(2021, 12, 28) > session.meeting_on
    own = Award.objects.filter(organization=demo, year=2021, source="own")
    assert set(own.values_list("decision_number", "decided_on")) == {
        ("141-QĐ/TCTTP", date(2021, 12, 28))
    }
    assert set(own.values_list("code", flat=True)) == {"LDTT", "CSTD_CS", "TTLDTT", "GIAY_KHEN"}
    assert own.count() == decision.entries.count()
    # Giấy khen needs no ballot: added to the decision by hand, not from the council.
    assert not decision.entries.filter(title="GIAY_KHEN", nomination__isnull=False).exists()
    assert LogEntry.objects.filter(actor__username="hieutruong").exists()


def test_the_union_decided_its_titles_after_the_council(demo, session):
    union = Award.objects.filter(organization=demo, year=2021, code="GVT_DVN")
    assert union.exists()
    assert set(union.values_list("decision_number", "decided_on")) == {
        ("31/QĐ-CĐ", date(2021, 12, 15))
    }
    passed = session.items.filter(nomination__title="GVT_DVN").count()
    assert union.count() == passed
    # Recorded by the secretary on the union page's action: audited with its actor.
    assert LogEntry.objects.filter(
        actor__username="thuky", content_type__model="award", object_id__in=union.values("pk")
    ).count() == union.count()


def test_the_province_answered_the_2021_proposal_in_part(demo, session):
    proposal = Proposal.objects.get(organization=demo, year=2021)
    assert proposal.document_number == "52/TTr-TCTTP"  # to the province: state style
    assert proposal.state == "partial" and proposal.body == "province"
    assert proposal.dated_on == proposal.sent_on == date(2021, 12, 30)
    outcomes = Counter(proposal.entries.values_list("outcome", flat=True))
    assert outcomes["granted"] >= 1 and outcomes["refused"] >= 1
    for entry in proposal.entries.filter(outcome="granted").select_related("award"):
        assert entry.decided_on > proposal.dated_on
        assert entry.award.source == "higher"
        assert entry.award.decision_number == entry.decision_number
    refused = proposal.entries.get(outcome="refused")
    assert refused.refusal_reason and refused.award_id is None
    assert set(
        Award.objects.filter(organization=demo, year=2021, source="higher").values_list(
            "code", flat=True
        )
    ) == {"CSTD_TINH", "TTLDXS", "BK_TINH"}


def test_2022_is_still_at_the_council_stage(demo):
    assert not CouncilSession.objects.filter(organization=demo, year=2022).exists()
    assert not Nomination.objects.filter(organization=demo, year=2022).exists()
    # The only 2022 decision is the phase's Giấy khen (closing/demo.py), not the council's.
    assert not Decision.objects.filter(organization=demo, year=2022, session__isnull=False).exists()
    assert Decision.objects.get(organization=demo, year=2022).entries.count() == 2


def test_the_results_were_published_for_comments_before_the_decision(demo, session):
    publication = session.publication
    decision = Decision.objects.get(organization=demo, year=2021)
    assert (publication.starts_on, publication.ends_on) == (date(2021, 12, 15), date(2021, 12, 24))
    assert session.meeting_on < publication.starts_on and publication.ends_on < decision.decided_on
    assert publication.published_by.username == "thuky"


def test_the_2021_year_end_report_is_complete(demo):
    """The demo's 2021 plan against its year: every target measured, every section written, the
    phase summed up, the awards, the tờ trình's answers and cluster 5's vote (issue 17)."""
    plan = Plan.objects.get(organization=demo, year=2021)
    data = year_report_data(plan)
    results = [row["result"] for row in data["targets"]]
    assert len(results) == plan.targets.count() == 12
    assert not [r for r in results if r.startswith("Chưa")]
    assert data["targets_summary"] == "Đạt 11/12 chỉ tiêu của kế hoạch."
    report = YearReport.objects.get(organization=demo, year=2021)
    assert report.updated_by.username == "thuky"
    assert all(getattr(report, name) for name in YearReport.SECTIONS)
    # The officer's figures are the report's own.
    for figure in ("61/61", "14,8%", "xếp thứ 3/6", "Đạt 11/12"):
        assert figure in report.assessment
    assert "61/61 (100%)" in results and "9/61 (14,8%)" in results
    assert data["phases"] == ["Phong trào thi đua năm 2021: tổng kết ngày 30/12/2021"]
    assert data["school_awards"] and data["higher_awards"] and data["proposals"]
    assert "Được chấp thuận một phần" in data["proposals"][0]["answer"]
    assert data["clusters"] and "xếp thứ 3/6" in data["clusters"][0]["standing"]
    assert "Thanh Hóa được suy tôn dẫn đầu cụm" in data["clusters"][0]["vote"]
    # Every section written: none left as the dotted line an empty one prints.
    assert all("……" not in " ".join(section["paragraphs"]) for section in data["sections"])
    assert data["report_date"] == date(2021, 12, 30)


def test_the_2022_phase_commendations_were_decided_after_the_summary(demo):
    summary = PhaseSummary.objects.get(phase__plan__organization=demo, phase__plan__year=2022)
    decision = summary.decision
    assert decision.state == "issued" and decision.issued_by.username == "hieutruong"
    assert decision.decided_on == date(2023, 1, 6) > summary.summed_up_on == date(2022, 12, 30)
    awarded = Award.objects.filter(decision_entry__decision=decision)
    assert sorted(awarded.values_list("person__staff_code", flat=True)) == ["00005", "00022"]
