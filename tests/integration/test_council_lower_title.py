"""Ballots "agree to a lower title": a nominee failing its title passes at the lower one when
the agree votes plus the votes for that lower title reach its threshold at the school's council;
the result carries the passed title, which the quota, the decision, the proposal, the minutes
and the session page read."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import make_person
from tests.helpers.council import make_eligible
from tests.helpers.council import members as council_members
from tests.helpers.council import nominate as council_nominate
from thidua.awards.models import Award
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    do_add_member,
    do_cast_ballot,
    do_close_session,
    do_open_session,
    do_put_on_agenda,
    do_rank_results,
    do_set_attendance,
)
from thidua.council.minutes import build_minutes_context
from thidua.council.results import (
    LOWER_TITLES,
    compute_seal,
    passed_title,
    session_ballot_rows,
    verify_seal,
)
from thidua.decisions.actions import do_draft_decision_from_session
from thidua.proposals.actions import (
    do_draft_proposal_from_session,
    passed_nominations,
    routes_of,
)

pytestmark = pytest.mark.django_db
YEAR = 2022
CSTD_CS_NAME = "Chiến sĩ thi đua cơ sở"


@pytest.fixture
def eligible(org, units, people):
    """Three eligible people, and ten LĐTT of 2022 in the register: room for one CSTĐCS
    (15% × 10, NĐ 91 Điều 9.3)."""
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    for index in range(10):
        holder = make_person(org, units["a"], "Lý Văn", "Số {}".format(index))
        Award.objects.create(organization=org, person=holder, year=YEAR, code="LDTT",
                             source="own", decision_number="1-QĐ/TCTTP",
                             decided_on=date(2022, 12, 28), issued_by="Trường")  # fmt: skip
    return people


@pytest.fixture
def members(org, personas):
    """The four voters, seated without a role (as plain members)."""
    return [user for user, _ in council_members(org, personas)]


def nominate(personas, person, title, **extra):
    extra.setdefault("justification", "Đề nghị của đơn vị.")
    return council_nominate(personas, person, title, **extra)


def open_session(personas, members, nominations):
    """Open the 2022 review's session in December 2022, under the procedure then in force."""
    secretary = personas["secretary"]
    with time_machine.travel("2022-12-20 09:00 +07:00", tick=True):
        session = do_open_session(name="Phiên họp cuối năm", year=YEAR, acting_user=secretary)
    for user in members:
        member = do_add_member(session, user, acting_user=secretary)
        do_set_attendance(member, present=True, acting_user=secretary)
    do_put_on_agenda(session, nominations, acting_user=secretary)
    return session


def vote(session, nomination, papers, members):
    """Cast one paper per member: "agree", "disagree", or a lower title's code."""
    item = session.items.get(nomination=nomination)
    for user, paper in zip(members, papers, strict=True):
        if paper in ("agree", "disagree"):
            do_cast_ballot(session, item, paper, acting_user=user)
        else:
            do_cast_ballot(session, item, "lower_title", lower_title=paper, acting_user=user)


def close(session, personas):
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    return {row["nomination"]: row for row in session.results["items"]}


def test_a_cstd_tinh_nominee_failing_its_threshold_passes_at_cstd_cs(personas, members, eligible):
    """1 of 4 agree to CSTĐ tỉnh (25% < 70%); 1 agree + 2 for CSTĐCS = 3 of 4 (75% ≥ 70%):
    passed at CSTĐCS, which the school decides itself: into the decision, not a proposal."""
    tinh = nominate(personas, eligible["head"], "CSTD_TINH")
    session = open_session(personas, members, [tinh])
    vote(session, tinh, ["agree", "CSTD_CS", "CSTD_CS", "disagree"], members)
    row = close(session, personas)[tinh.pk]
    assert (row["percent"], row["passed"], row["passed_title"]) == (25.0, True, "CSTD_CS")
    assert row["passed_title_name"] == CSTD_CS_NAME and passed_title(row) == "CSTD_CS"
    lower = row["lower_result"]
    assert (lower["title"], lower["agree"], lower["denominator"], lower["percent"]) == (
        "CSTD_CS", 3, 4, 75.0,
    )  # fmt: skip
    tinh.refresh_from_db()
    assert tinh.state == "passed"
    assert verify_seal(session) == []

    assert passed_nominations(session) == [] and routes_of(session) == []
    with pytest.raises(ActionRefused, match="không còn kết quả nào cần trình"):
        do_draft_proposal_from_session(session, body="province", acting_user=personas["secretary"])
    decision = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    [entry] = decision.entries.all()
    assert (entry.title, entry.person_id, entry.nomination_id) == (
        "CSTD_CS", eligible["head"].pk, tinh.pk,
    )  # fmt: skip
    assert decision.titles == ["CSTD_CS"]

    minutes = build_minutes_context(session)
    [result] = minutes["results"]
    assert result["title_name"] == "Chiến sĩ thi đua cấp tỉnh"
    assert result["verdict"] == (
        "Đạt ở mức: Chiến sĩ thi đua cơ sở (3/4 đồng ý ở mức này, 75%; ngưỡng ≥ 70%)"
    )
    assert minutes["conclusions"][0] == (
        "Hội đồng thống nhất đề nghị danh hiệu, hình thức “Chiến sĩ thi đua cơ sở” cho 1 trường "
        "hợp: Lê Văn Sơn (đề nghị Chiến sĩ thi đua cấp tỉnh, đạt ở mức thấp hơn)."
    )
    assert not any(line.startswith("Không đề nghị") for line in minutes["conclusions"])


def test_the_session_page_says_at_which_level_it_passed(client, personas, members, eligible):
    tinh = nominate(personas, eligible["head"], "CSTD_TINH")
    session = open_session(personas, members, [tinh])
    vote(session, tinh, ["agree", "CSTD_CS", "CSTD_CS", "disagree"], members)
    close(session, personas)
    client.force_login(personas["secretary"])
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    assert "Đạt ở mức: {}".format(CSTD_CS_NAME) in page
    assert "3/4 đồng ý ở mức này" in page


def test_a_nominee_failing_both_titles_fails(personas, members, eligible):
    """1 agree + 1 for CSTĐCS = 2 of 4 (50%): below CSTĐCS's 70% as well."""
    tinh = nominate(personas, eligible["head"], "CSTD_TINH")
    session = open_session(personas, members, [tinh])
    vote(session, tinh, ["agree", "CSTD_CS", "disagree", "disagree"], members)
    row = close(session, personas)[tinh.pk]
    assert (row["passed"], row["passed_title"], row["passed_title_name"]) == (False, None, "")
    assert "lower_result" not in row and passed_title(row) is None
    tinh.refresh_from_db()
    assert tinh.state == "failed"
    with pytest.raises(ActionRefused, match="không còn kết quả"):
        do_draft_decision_from_session(session, acting_user=personas["secretary"])
    [result] = build_minutes_context(session)["results"]
    assert result["verdict"] == "Không đạt"


def test_a_subject_with_its_own_lower_nomination_is_not_doubled(personas, members, eligible):
    """Lê Văn Sơn is nominated for CSTĐ tỉnh and CSTĐCS at the same session: the lower-title
    votes on the first do not make a second CSTĐCS; his own CSTĐCS nomination decides it."""
    tinh = nominate(personas, eligible["head"], "CSTD_TINH")
    own = nominate(personas, eligible["head"], "CSTD_CS")
    session = open_session(personas, members, [tinh, own])
    vote(session, tinh, ["CSTD_CS", "CSTD_CS", "CSTD_CS", "disagree"], members)
    vote(session, own, ["agree"] * 4, members)
    rows = close(session, personas)
    assert (rows[tinh.pk]["passed"], rows[tinh.pk]["passed_title"]) == (False, None)
    assert (rows[own.pk]["passed"], rows[own.pk]["passed_title"]) == (True, "CSTD_CS")
    decision = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    assert list(decision.entries.values_list("title", "nomination_id")) == [("CSTD_CS", own.pk)]


def test_the_quota_counts_those_passed_at_the_capped_title_by_lower_votes(
    personas, members, eligible
):
    """Room for one CSTĐCS: a direct CSTĐCS nominee and a CSTĐ tỉnh nominee passed at CSTĐCS
    are two; the council ranks them together under CSTĐCS."""
    tinh = nominate(personas, eligible["head"], "CSTD_TINH")
    direct = nominate(personas, eligible["dat"], "CSTD_CS")
    session = open_session(personas, members, [tinh, direct])
    vote(session, tinh, ["agree", "CSTD_CS", "CSTD_CS", "CSTD_CS"], members)
    vote(session, direct, ["agree"] * 4, members)
    with pytest.raises(ActionRefused) as refused:
        do_close_session(session, acting_user=personas["secretary"])
    assert "Chiến sĩ thi đua cơ sở vượt chỉ tiêu: 2 trường hợp đạt ngưỡng, tối đa 1" in str(
        refused.value
    )
    items = {i.nomination_id: i for i in session.items.all()}
    do_rank_results(session, "CSTD_CS", [items[tinh.pk], items[direct.pk]],
                    acting_user=personas["secretary"])  # fmt: skip
    rows = close(session, personas)
    assert (rows[tinh.pk]["passed_title"], rows[tinh.pk]["over_quota"]) == ("CSTD_CS", False)
    assert (rows[direct.pk]["passed_title"], rows[direct.pk]["over_quota"]) == ("CSTD_CS", True)
    tinh.refresh_from_db()
    direct.refresh_from_db()
    assert (tinh.state, direct.state) == ("passed", "failed")
    minutes = build_minutes_context(session)
    [group] = minutes["rankings"]
    assert group["title_name"] == CSTD_CS_NAME
    assert [r["verdict"] for r in group["rows"]] == ["Trong chỉ tiêu", "Ngoài chỉ tiêu"]


def test_a_bk_ttg_nominee_passed_at_bk_tinh_goes_to_the_province_as_that(
    client, personas, members, eligible
):
    bk = nominate(personas, eligible["head"], "BK_TTG")
    session = open_session(personas, members, [bk])
    vote(session, bk, ["BK_TINH", "BK_TINH", "BK_TINH", "disagree"], members)
    row = close(session, personas)[bk.pk]
    assert (row["passed"], row["passed_title"]) == (True, "BK_TINH")
    assert [r["body"] for r in routes_of(session)] == ["province"]
    # The draft page names the title it passed at, not the one nominated.
    client.force_login(personas["secretary"])
    page = client.get(reverse("proposals:proposal_draft")).content.decode()
    assert "(Bằng khen của Chủ tịch UBND tỉnh)" in page
    assert "Bằng khen của Thủ tướng Chính phủ" not in page
    proposal = do_draft_proposal_from_session(
        session, body="province", acting_user=personas["secretary"]
    )
    assert list(proposal.entries.values_list("title", "nomination_id")) == [("BK_TINH", bk.pk)]


def test_only_lower_titles_with_a_basis_are_offered(personas, members, eligible):
    """A Giấy khen is two steps below the Bằng khen Thủ tướng: not a lower-title option."""
    assert LOWER_TITLES["BK_TTG"] == ("BK_TINH", "BK_HV")
    assert LOWER_TITLES["CSTD_TINH"] == ("CSTD_CS",)
    bk = nominate(personas, eligible["head"], "BK_TTG")
    session = open_session(personas, members, [bk])
    item = session.items.get()
    with pytest.raises(ActionRefused, match="thấp hơn hợp lệ"):
        do_cast_ballot(session, item, "lower_title", lower_title="GIAY_KHEN",
                       acting_user=members[0])  # fmt: skip


def test_results_sealed_before_lower_titles_counted_still_verify_and_decide(
    personas, members, eligible
):
    """A session closed before rows carried passed_title: its seal still verifies, and a row
    that passed is read as passed at its own title."""
    ldtt = nominate(personas, eligible["staff"], "LDTT")
    session = open_session(personas, members, [ldtt])
    vote(session, ldtt, ["agree"] * 4, members)
    close(session, personas)
    old = dict(session.results)
    old["items"] = [
        {k: v for k, v in row.items() if k not in ("passed_title", "passed_title_name")}
        for row in old["items"]
    ]
    session.results = old
    session.seal = compute_seal(session, old, session_ballot_rows(session))
    session.save()
    session.refresh_from_db()
    assert "passed_title" not in session.results["items"][0]
    assert verify_seal(session) == []
    decision = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    assert list(decision.entries.values_list("title", flat=True)) == ["LDTT"]
    assert build_minutes_context(session)["results"][0]["verdict"] == "Đạt"
