"""Council nominations through the API (issue 20): each persona reads exactly the nominations
the «Đề nghị» screen lists for them (a unit head their units', a staff member their own, the
outsider none), one as 404 when the screen would not show it; the frozen verdict, no ballot."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers.api import api_get, ids, token_for
from tests.helpers.council import nominate
from thidua.council.actions import do_nominate
from thidua.council.models import Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominations(personas, people):
    return {
        "hoa": nominate(personas, people["staff"], "LDTT", justification="Hoàn thành xuất sắc."),
        "lan": do_nominate(
            year=2022,
            title="LDTT",
            person=people["other"],
            justification="Đề nghị của Hội đồng.",
            acting_user=personas["secretary"],
        ),  # fmt: skip
    }


def on_screen(user, nomination_list) -> set[int]:
    """The nominations the user's «Đề nghị» page links to."""
    client = Client()
    client.force_login(user)
    page = client.get(reverse("council:nomination_list"), {"per_page": 100})
    assert page.status_code == 200
    html = page.content.decode()
    return {n.pk for n in nomination_list
            if 'href="{}"'.format(reverse("council:nomination", args=[n.pk])) in html}  # fmt: skip


def test_each_persona_reads_what_the_screen_lists(personas, nominations):
    every = list(nominations.values())
    seen = {}
    for key, user in personas.items():
        secret = token_for(user)
        listed = ids(api_get("nominations", secret))
        assert listed == on_screen(user, every), key
        for nomination in every:
            status = api_get("nominations/{}".format(nomination.pk), secret).status_code
            assert status == (200 if nomination.pk in listed else 404), (key, nomination)
        seen[key] = listed
    hoa, lan = nominations["hoa"].pk, nominations["lan"].pk
    assert seen["secretary"] == {hoa, lan} and seen["unit_head"] == {hoa}
    assert seen["staff"] == {hoa} and seen["outsider"] == set()


def test_a_nomination_reads_as_proposed(personas, nominations, people):
    secret = token_for(personas["secretary"])
    found = api_get("nominations/{}".format(nominations["hoa"].pk), secret).json()
    stored = Nomination.objects.get(pk=nominations["hoa"].pk)
    assert found["person_id"] == people["staff"].pk and found["title"] == "LDTT"
    assert found["subject_name"] == people["staff"].full_name
    assert found["verdict"] == stored.verdict and found["explanation"] == stored.explanation
    assert found["state"] == "proposed" and found["justification"] == "Hoàn thành xuất sắc."
    assert not {"ballots", "votes", "envelope"} & set(found)
    assert ids(api_get("nominations?state=passed", secret)) == set()
    assert ids(api_get("nominations?year=2022&title=LDTT", secret)) == {
        nominations["hoa"].pk, nominations["lan"].pk}  # fmt: skip
    assert api_get("nominations?title=KHAC", secret).status_code == 422


def test_the_queries_do_not_grow_with_the_rows(personas, nominations, org, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_person

    secret = token_for(personas["secretary"])

    def counted():
        with CaptureQueriesContext(connection) as queries:
            response = api_get("nominations", secret)
        assert response.status_code == 200
        return len(response.json()["items"]), len(queries)

    two = counted()
    for number in range(18):
        person = make_person(org, units["b"], "Cán bộ", "Số {}".format(number + 1))
        Nomination.objects.create(
            organization=org, year=2022, person=person, title="LDTT",
            proposed_by=personas["secretary"], verdict="eligible",
        )  # fmt: skip
    twenty = counted()
    assert (two[0], twenty[0]) == (2, 20) and two[1] == twenty[1]
