"""Spreadsheets under attack and under clumsy hands (issue 15): invisible characters, formula
injection in exports, a sheet that declares a huge dimension, oversized error lists, staff codes
typed as numbers.

Each test is written as the input that found the problem.
"""

import pytest

from tests.integration.test_spreadsheets import (
    fill_template,
    give_staff_codes,
)
from thidua.evidence.models import Initiative
from thidua.spreadsheets.engine import run_import
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture(name="coded")
def coded_fixture(people):
    return give_staff_codes(people)


# Invisible characters (15.6) -----------------------------------------------------------------


def test_title_with_a_zero_width_space_imports_as_the_existing_initiative(coded, personas, org):
    user = personas["secretary"]
    authors = "{}:100".format(coded["dat"])
    row = ["Giải pháp A", 2022, "Cấp cơ sở", "", "", "", authors, "Toàn trường"]
    run_import(KINDS["initiatives"], fill_template("initiatives", [row]), organization=org,
               user=user)  # fmt: skip
    # The same title pasted from a web page: a zero-width space, a BOM and a bidi mark in it.
    pasted = ["Giải\u200b pháp\ufeff A\u200e", 2022, "Cấp tỉnh", *row[3:]]
    result = run_import(
        KINDS["initiatives"], fill_template("initiatives", [pasted]), organization=org, user=user
    )
    assert (result.created, result.updated) == (0, 1)
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.level) == ("Giải pháp A", "tinh")
