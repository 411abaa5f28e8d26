"""The demo's cluster 5 (issue 17 item 4): 2021 complete, 2022 awaiting the leader's check of
the school and the vote; the leader's officer (an account of no organisation) reaches no broken
or refused page; the 2022 review run through the actions makes Trần Phú the leader and its Cờ
thi đua Học viện criterion follows."""

from datetime import date

import pytest

from tests.integration.test_link_crawl import crawl
from thidua import rules
from thidua.accounts.models import User
from thidua.clusters.actions import do_cast_vote, do_check_scores, do_close_review
from thidua.clusters.demo import NAME, NGHE_AN, THANH_HOA
from thidua.clusters.models import Cluster
from thidua.clusters.results import standings
from thidua.evaluation.facts import assemble_facts, organization_unit_id
from thidua.organization.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(demo_school):
    return Organization.objects.get(abbreviation="TCTTP")


def cluster_criterion(org, year):
    evaluation = rules.evaluate(assemble_facts(org, year), year)
    verdict = evaluation.verdicts(organization_unit_id(org.pk), unit=True)["CO_HV"]
    return next(c for c in verdict.criteria if c.code == "cluster_leader"), verdict


def test_the_demo_has_cluster_5_in_2021_and_2022(school, client):
    done, running = Cluster.objects.get(name=NAME, year=2021), Cluster.objects.get(name=NAME,
                                                                                   year=2022)
    assert done.members.count() == running.members.count() == 6
    assert done.voted_leader.name == THANH_HOA and running.voted_leader is None
    assert running.leader.name == NGHE_AN and running.leader.account.username == "cumtruong"
    own = running.members.get(organization=school)
    assert own.self_scored_on and own.checked_on is None
    assert all(m.checked_on for m in running.members.exclude(pk=own.pk))
    assert [s.rank for s in standings(done)][0] == 1
    # 2021: Thanh Hóa led, so the school's criterion fails; 2022: not voted yet, the council.
    assert cluster_criterion(school, 2021)[0].passed is False
    assert cluster_criterion(school, 2022)[0].passed is None
    client.force_login(User.objects.get(username="canbo"))
    page = client.get("/clusters/{}/".format(running.pk)).content.decode()
    assert "Dữ liệu minh họa" in page and "suy luận" in page


def test_the_2022_review_makes_tran_phu_the_leader(school):
    cluster = Cluster.objects.get(name=NAME, year=2022)
    leader = User.objects.get(username="cumtruong")
    secretary = User.objects.get(username="thuky")
    own = cluster.members.get(organization=school)
    do_check_scores(own, checks={}, checked_on=date(2022, 12, 8), acting_user=leader)
    for member in cluster.members.all():
        do_cast_vote(cluster, chosen=own, voter=member,
                     acting_user=secretary if member == own else leader)  # fmt: skip
    do_close_review(cluster, reviewed_on=date(2022, 12, 20), acting_user=leader)
    criterion, verdict = cluster_criterion(school, 2022)
    assert criterion.passed is True
    assert "cluster_leader" not in verdict.to_review


@pytest.mark.parametrize("username", ["cumtruong", "thuky"])
def test_no_page_the_cluster_accounts_reach_breaks_or_refuses(client, school, username):
    client.raise_request_exception = False
    client.force_login(User.objects.get(username=username))
    found = crawl(client)
    assert any(url.startswith("/clusters/") for url in found)
    bad = {url: status for url, (status, _) in found.items() if status == 403 or status >= 500}
    assert bad == {}
