"""The council's results name titles as people read them, never by code (issue 14, a stumble:
"LDTT" was seen in the results): a nominee passed at its own title, one passed at a lower title
by the members' lower-title votes, on the session page, the lists and the nomination."""

import re

import pytest
from django.urls import reverse

from thidua.core.choices import TitleCode

from .test_council_lower_title import (  # noqa: F401 (fixtures)
    close,
    eligible,
    members,
    nominate,
    open_session,
    vote,
)

pytestmark = pytest.mark.django_db
# A title's code in the text of an element (attributes such as data-title may carry codes).
RAW_CODE = re.compile(r">[^<]*\b({})\b[^<]*<".format("|".join(TitleCode.values)))


@pytest.mark.parametrize("who", ["secretary", "council_member"])
def test_results_name_titles_not_codes(client, personas, members, eligible, who):  # noqa: F811
    tinh = nominate(personas, eligible["head"], "CSTD_TINH")
    base = nominate(personas, eligible["dat"], "CSTD_CS")
    session = open_session(personas, members, [tinh, base])
    vote(session, tinh, ["agree", "CSTD_CS", "CSTD_CS", "disagree"], members)
    vote(session, base, ["agree", "LDTT", "LDTT", "disagree"], members)
    close(session, personas)
    client.force_login(personas[who])
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    assert "Đạt ở mức: Lao động tiên tiến" in page
    assert "Đạt ở mức: Chiến sĩ thi đua cơ sở" in page
    for url in (
        reverse("council:session", args=[session.pk]),
        reverse("council:session_list"),
        reverse("council:nomination_list"),
        reverse("council:nomination", args=[base.pk]),
    ):
        text = client.get(url).content.decode()
        assert RAW_CODE.findall(text) == [], url
