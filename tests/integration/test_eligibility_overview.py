"""The eligibility overview of the demo school a page at a time: filters, order, pages, exports
(issue 19, item 4; the PDF of the same rows: test_review_lists_print.py)."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.organization.models import Person

pytestmark = pytest.mark.django_db
URL = "/eligibility/"


@pytest.fixture
def secretary(demo_school, db, client):
    client.force_login(User.objects.get(username="thuky"))
    return client


def names(response):
    return [row["person"].full_name for row in response.context["people"]]


def verdicts(response, index=0):
    return [row["cells"][index][1] for row in response.context["people"]]


def test_the_list_comes_a_page_at_a_time_in_vietnamese(secretary):
    total = Person.objects.filter(organization__abbreviation="TCTTP").count()
    assert total > 25
    first = secretary.get(URL, {"year": 2022})
    assert len(first.context["people"]) == 25 and first.context["people_count"] <= total
    body = first.content.decode()
    pages = -(-first.context["people_count"] // 25)
    assert "trang 1/{}".format(pages) in body and "Trang sau" in body
    assert 'aria-label="Phân trang danh sách cá nhân"' in body
    assert 'aria-sort="ascending"' in body  # by name, the default
    second = secretary.get(URL, {"year": 2022, "page": 2})
    assert not set(names(first)) & set(names(second))
    wide = secretary.get(URL, {"year": 2022, "per_page": 100})
    assert names(wide)[:25] == names(first) and names(wide)[25:50] == names(second)
    # A page size not offered falls back to 25; a page past the end shows the last one.
    assert len(secretary.get(URL, {"year": 2022, "per_page": 7}).context["people"]) == 25
    assert secretary.get(URL, {"year": 2022, "page": 999}).context["page_obj"].number == pages


def test_search_without_diacritics_and_by_unit(secretary):
    found = secretary.get(URL, {"year": 2022, "q": "vo dinh hai"})
    assert names(found) == ["Võ Đình Hải"]
    unit = found.context["form"].fields["unit"].queryset.get(name="Khoa Xây dựng Đảng")
    narrowed = secretary.get(URL, {"year": 2022, "unit": unit.pk})
    assert {row["person"].current_unit_name for row in narrowed.context["people"]} == {
        "Khoa Xây dựng Đảng"
    }


def test_title_and_verdict_filter_match_the_counts(secretary):
    summary = secretary.get(URL, {"year": 2022, "part": "summary"}).context["summary"]
    ldtt = next(s for s in summary if s["code"] == "LDTT")["counts"]
    for verdict in ("eligible", "review", "ineligible"):
        response = secretary.get(
            URL, {"year": 2022, "title": "LDTT", "verdict": verdict, "per_page": 100}
        )
        assert response.context["person_titles"] == [("LDTT", "Lao động tiên tiến")]
        assert response.context["people_count"] == ldtt[verdict]
        assert set(verdicts(response)) <= {verdict}
    assert sum(ldtt.values()) == secretary.get(URL, {"year": 2022}).context["people_count"]


def test_sorting_by_a_title_and_by_name_both_ways(secretary):
    by_verdict = secretary.get(URL, {"year": 2022, "sort": "LDTT", "per_page": 100})
    order = {"eligible": 0, "review": 1, "ineligible": 2}
    ranks = [order[v] for v in verdicts(by_verdict)]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    body = by_verdict.content.decode()
    assert re.search(r'data-column="LDTT" aria-sort="ascending"', body)
    assert "xếp theo «Lao động tiên tiến» tăng dần" in body
    # The header's link now reverses the order.
    assert re.search(r'data-column="LDTT" aria-sort="ascending"><a href="[^"]*sort=-LDTT[&"]', body)
    reverse_ranks = [
        order[v] for v in verdicts(
            secretary.get(URL, {"year": 2022, "sort": "-LDTT", "per_page": 100})
        )
    ]  # fmt: skip
    assert reverse_ranks == sorted(ranks, reverse=True)
    ascending = names(secretary.get(URL, {"year": 2022, "per_page": 100}))
    descending = names(secretary.get(URL, {"year": 2022, "per_page": 100, "sort": "-name"}))
    assert descending == ascending[::-1]


def test_the_exports_hold_every_page_as_filtered(secretary):
    filters = {"year": 2022, "title": "LDTT", "verdict": "eligible"}
    count = secretary.get(URL, filters).context["people_count"]
    assert count > 25  # more than one screen page
    response = secretary.get(reverse("evaluation:eligibility_document", args=["xlsx"]), filters)
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.values)
    numbered = [row for row in rows if row and str(row[0]).isdigit()]
    assert len(numbered) == count
    assert all(row[3] == "Lao động tiên tiến" for row in numbered)  # the eligible column
    assert any("Kết quả: Đủ điều kiện" in str(c) for row in rows for c in row if c)


def test_the_first_page_judges_only_its_people(secretary, django_assert_max_num_queries,
                                               monkeypatch):
    from thidua.evaluation import overview

    judged = []
    real = overview.assemble_facts

    def spy(organization, year, *, person_pks=None):
        judged.append(person_pks)
        return real(organization, year, person_pks=person_pks)

    monkeypatch.setattr(overview, "assemble_facts", spy)
    with django_assert_max_num_queries(30):
        response = secretary.get(URL, {"year": 2022})
    assert judged == [[row["person"].pk for row in response.context["people"]]]
