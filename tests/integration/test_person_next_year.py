"""A person's page says at the top, in one sentence, what they still need next year for the next
title of the ladder (issue 14, a stumble), from the criteria the evaluation engine finds unmet."""

import re

import pytest
from django.urls import reverse

from tests.helpers.council import make_eligible
from thidua.evaluation.services import next_year_missing
from thidua.evidence.models import YearGrade

pytestmark = pytest.mark.django_db


def sentence(page: str) -> str:
    found = re.search(r'<p[^>]*id="next-year-missing"[^>]*>(.*?)</p>', page, flags=re.S)
    return found.group(1).strip() if found else ""


def test_an_ldtt_of_the_year_is_told_what_cstd_cs_needs_next_year(client, org, people, personas):
    make_eligible(org, people["staff"])  # LĐTT reached in 2022, the year under review
    client.force_login(personas["staff"])  # their own page
    page = client.get(reverse("organization:person", args=[people["staff"].pk])).content.decode()
    text = sentence(page)
    assert text.startswith("Để đạt Chiến sĩ thi đua cơ sở năm 2023, còn thiếu: ")
    assert "đạt LĐTT năm 2023" in text and "sáng kiến" in text
    assert text.endswith(".") and "\n" not in text
    # The council's own judgement (qualities, the movement) is not something one lacks.
    assert "Hội đồng" not in text


def test_without_the_year_s_title_the_aim_is_ldtt(client, org, people, personas):
    YearGrade.objects.create(organization=org, person=people["dat"], year=2022, grade="HTT",
                             verification="verified")  # fmt: skip
    text = next_year_missing(people["dat"])
    assert text.startswith("Để đạt Lao động tiên tiến năm 2023, còn thiếu: ")
    assert "đăng ký thi đua danh hiệu LĐTT" in text
    client.force_login(personas["secretary"])
    page = client.get(reverse("organization:person", args=[people["dat"].pk])).content.decode()
    assert sentence(page) == text
