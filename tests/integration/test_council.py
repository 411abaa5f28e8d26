"""Council actions: nominations, sessions, the secret ballot, thresholds, quotas and the seal."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.urls import reverse

from tests.conftest import make_person
from tests.helpers.council import MEETING_ON, choices, make_eligible, nominate, papers
from tests.helpers.council import members as council_members
from thidua import rules
from thidua.awards.models import Award
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    do_add_member,
    do_annul_session,
    do_cast_ballot,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_rank_results,
    do_set_attendance,
    do_withdraw_nomination,
)
from thidua.council.ballot_box import SEALED_BYTES
from thidua.council.models import (
    AgendaItem,
    Ballot,
    BallotEnvelope,
    CouncilMember,
    CouncilSession,
    Nomination,
    VoteRecord,
)
from thidua.evidence.models import YearGrade

pytestmark = pytest.mark.django_db
YEAR = 2022


@pytest.fixture
def members(org, personas):
    return council_members(org, personas)


@pytest.fixture
def eligible(org, people):
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    return people


# The 2022 reviews meet in December 2022: their council follows the procedure then in force.
MEETING = "2022-12-20 09:00 +07:00"


def open_session(personas, members, nominations=(), *, present=None, name="Phiên họp cuối năm",
                 on=MEETING):  # fmt: skip
    """Open a session on `on` (None: now, inside the caller's own time travel)."""
    secretary = personas["secretary"]
    if on is None:
        session = do_open_session(name=name, year=YEAR, acting_user=secretary)
    else:
        with time_machine.travel(on, tick=True):
            session = do_open_session(name=name, year=YEAR, acting_user=secretary)
    for index, (user, role) in enumerate(members):
        member = do_add_member(session, user, role=role, acting_user=secretary)
        if present is None or index < present:
            do_set_attendance(member, present=True, acting_user=secretary)
    if nominations:
        do_put_on_agenda(session, nominations, acting_user=secretary)
    return session


def vote_all(session, item, choices, members):
    for (user, _), choice in zip(members, choices, strict=False):
        do_cast_ballot(session, item, choice, acting_user=user)


# --- nominations --------------------------------------------------------------------------------


def test_unit_head_nominates_with_a_frozen_explanation(personas, eligible):
    nomination = nominate(personas, eligible["staff"])
    assert (nomination.state, nomination.verdict, nomination.organization_id) == (
        "proposed", "eligible", personas["unit_head"].organization_id,
    )  # fmt: skip
    snapshot = nomination.explanation
    assert snapshot["title"] == "LDTT" and snapshot["verdict"] == "eligible"
    assert snapshot["rule_set"] == "2017" and snapshot["criteria"]
    assert all({"code", "passed", "detail", "source"} <= set(c) for c in snapshot["criteria"])
    # Evidence changing later does not change what the unit proposed on.
    YearGrade.objects.filter(person=eligible["staff"]).update(grade="HTNV")
    nomination.refresh_from_db()
    assert nomination.explanation == snapshot
    entry = LogEntry.objects.get_for_object(nomination).get()
    assert entry.actor == personas["unit_head"]


def test_review_or_ineligible_needs_a_justification(personas, eligible):
    with pytest.raises(ActionRefused, match="cần ghi lý do"):
        nominate(personas, eligible["staff"], "CSTD_CS")
    with pytest.raises(ActionRefused, match="chưa đủ điều kiện"):
        nominate(personas, eligible["staff"], "CSTD_TINH")
    nomination = nominate(personas, eligible["staff"], "CSTD_CS", justification="Có sáng kiến.")
    assert (nomination.verdict, nomination.justification) == ("review", "Có sáng kiến.")


def test_unit_nomination_and_unit_meeting(personas, eligible, units):
    nomination = do_nominate(
        year=YEAR, title="TTLDTT", unit=units["a"], justification="Đơn vị hoàn thành tốt.",
        meeting_on=date(2022, 12, 10), meeting_attendance=12, meeting_votes=11,
        acting_user=personas["unit_head"],
    )  # fmt: skip
    assert nomination.unit == units["a"] and nomination.meeting_votes == 11
    with pytest.raises(ActionRefused, match="không vượt số người dự họp"):
        nominate(personas, eligible["dat"], meeting_attendance=3, meeting_votes=4)


def test_refuses_a_person_who_has_left(personas, eligible):
    person = eligible["dat"]
    person.left_on = date.today() - timedelta(days=1)
    person.save()
    with pytest.raises(ActionRefused, match="đã thôi việc"):
        nominate(personas, person)
    assert not Nomination.objects.exists()


def test_refuses_people_of_other_units_and_other_roles(personas, people, eligible):
    with pytest.raises(ActionRefused, match="cán bộ của đơn vị mình"):
        nominate(personas, people["other"])
    # The secretary nominates anyone of the organisation (tests/integration/test_nominations.py).
    for persona in ("staff", "council_member", "principal"):
        with pytest.raises(ActionRefused):
            do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                        acting_user=personas[persona])  # fmt: skip
    with pytest.raises(ActionRefused, match="cơ quan mình"):
        do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                    acting_user=personas["outsider"])  # fmt: skip
    assert not Nomination.objects.exists()


def test_nominating_twice_is_refused_until_withdrawn(personas, eligible):
    first = nominate(personas, eligible["staff"])
    with pytest.raises(ActionRefused, match="đã được đề nghị"):
        nominate(personas, eligible["staff"])
    with pytest.raises(ActionRefused, match="Chỉ đơn vị đề nghị"):
        do_withdraw_nomination(first, acting_user=personas["secretary"])
    do_withdraw_nomination(first, reason="Nhầm", acting_user=personas["unit_head"])
    first.refresh_from_db()
    assert (first.state, first.withdraw_reason) == ("withdrawn", "Nhầm")
    assert nominate(personas, eligible["staff"]).pk != first.pk


# --- sessions -----------------------------------------------------------------------------------


def test_only_the_secretary_runs_a_session(personas, members, eligible):
    for persona in ("principal", "council_member", "unit_head", "staff", "leader"):
        with pytest.raises(ActionRefused, match="thường trực"):
            do_open_session(name="X", year=YEAR, acting_user=personas[persona])
    session = do_open_session(name="Phiên 1", year=YEAR, meeting_on=MEETING_ON,
                              acting_user=personas["secretary"])  # fmt: skip
    assert session.state == "open"
    with pytest.raises(ActionRefused):
        do_add_member(session, personas["council_member"], acting_user=personas["principal"])
    with pytest.raises(ActionRefused, match="tài khoản của cơ quan"):
        do_add_member(session, personas["outsider"], acting_user=personas["secretary"])
    # The outsider is a secretary, but of another organisation.
    with pytest.raises(ActionRefused):
        do_close_session(session, acting_user=personas["outsider"])


def test_agenda_takes_proposed_nominations_of_the_year(personas, members, eligible, org):
    good = nominate(personas, eligible["staff"])
    withdrawn = nominate(personas, eligible["dat"])
    do_withdraw_nomination(withdrawn, acting_user=personas["unit_head"])
    session = open_session(personas, members)
    with pytest.raises(ActionRefused, match="Đã rút"):
        do_put_on_agenda(session, [withdrawn], acting_user=personas["secretary"])
    other_year = do_open_session(name="2021", year=2021, meeting_on=date(2022, 1, 15),
                                 acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="năm 2022"):
        do_put_on_agenda(other_year, [good], acting_user=personas["secretary"])
    [item] = do_put_on_agenda(session, [good], acting_user=personas["secretary"])
    good.refresh_from_db()
    assert (good.state, item.position) == ("on_agenda", 1)
    with pytest.raises(ActionRefused):
        do_put_on_agenda(session, [good], acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="Không rút"):
        do_withdraw_nomination(good, acting_user=personas["unit_head"])


# --- the ballot ---------------------------------------------------------------------------------


def test_a_member_votes_once_per_item(personas, members, eligible):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    member = personas["council_member"]
    do_cast_ballot(session, item, "agree", acting_user=member)
    with pytest.raises(ActionRefused) as refused:
        do_cast_ballot(session, item, "disagree", acting_user=member)
    assert str(refused.value) == "Đồng chí đã bỏ phiếu cho «Trần Thị Hoa» rồi."
    assert choices() == ["agree"]
    assert VoteRecord.objects.count() == 1


def test_who_may_not_vote(personas, members, eligible, org):
    nomination = nominate(personas, eligible["staff"])
    session = open_session(personas, members[:3], [nomination], present=2)
    item = session.items.get()
    # Not a member of this session (a council member elsewhere), another organisation, absent.
    elsewhere = open_session(personas, members[3:], name="Phiên khác")
    with pytest.raises(ActionRefused, match="không phải thành viên"):
        do_cast_ballot(session, item, "agree", acting_user=members[3][0])
    with pytest.raises(ActionRefused, match="không thuộc phiên họp"):
        do_cast_ballot(elsewhere, item, "agree", acting_user=members[3][0])
    with pytest.raises(ActionRefused, match="không thuộc cơ quan"):
        do_cast_ballot(session, item, "agree", acting_user=personas["outsider"])
    absent = personas["council_member"]
    with pytest.raises(ActionRefused, match="chưa được ghi có mặt"):
        do_cast_ballot(session, item, "agree", acting_user=absent)
    do_set_attendance(session.members.get(user=absent), present=False, written_vote=True,
                      acting_user=personas["secretary"])  # fmt: skip
    do_cast_ballot(session, item, "agree", acting_user=absent)
    with pytest.raises(ActionRefused, match="Lựa chọn không hợp lệ"):
        do_cast_ballot(session, item, "maybe", acting_user=members[0][0])
    with pytest.raises(ActionRefused, match="thấp hơn hợp lệ"):
        do_cast_ballot(session, item, "lower_title", lower_title="CSTD_CS",
                       acting_user=members[0][0])  # fmt: skip
    assert len(papers()) == VoteRecord.objects.count() == 1


def test_after_closing_nothing_changes(personas, members, eligible):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    vote_all(session, item, ["agree"] * 3, members)
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    assert session.state == "closed" and session.seal
    with pytest.raises(ActionRefused, match="không nhận phiếu"):
        do_cast_ballot(session, item, "agree", acting_user=members[3][0])
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        do_add_member(session, personas["leader"], acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        do_close_session(session, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        do_rank_results(session, "LDTT", [item], acting_user=personas["secretary"])
    assert Ballot.objects.count() == VoteRecord.objects.count() == 3


def test_results_with_the_default_threshold_of_those_voting(personas, members, eligible):
    noms = [nominate(personas, eligible[key]) for key in ("staff", "dat", "head")]
    session = open_session(personas, members, noms)
    first, second, third = session.items.order_by("position")
    vote_all(session, first, ["agree", "agree", "agree", "disagree"], members)  # 75% ≥ 70%
    vote_all(session, second, ["agree", "agree", "disagree", "disagree"], members)  # 50%
    vote_all(session, third, ["agree", "agree", "agree", "lower_title"], members[:3])
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    rows = {r["item"]: r for r in session.results["items"]}
    assert (rows[first.pk]["agree"], rows[first.pk]["denominator"]) == (3, 4)
    assert (rows[first.pk]["percent"], rows[first.pk]["passed"]) == (75.0, True)
    assert (rows[second.pk]["percent"], rows[second.pk]["passed"]) == (50.0, False)
    assert rows[first.pk]["denominator_kind"] == "present" and rows[first.pk]["secret"] is True
    assert rows[third.pk]["votes"] == 3 and rows[third.pk]["passed"] is True
    states = dict(Nomination.objects.values_list("pk", "state"))
    assert [states[n.pk] for n in noms] == ["passed", "failed", "passed"]


def test_lower_title_ballot(personas, members, eligible):
    nomination = nominate(personas, eligible["staff"], "CSTD_CS", justification="Sáng kiến.")
    session = open_session(personas, members, [nomination])
    item = session.items.get()
    do_cast_ballot(session, item, "lower_title", lower_title="LDTT", acting_user=members[0][0])
    do_cast_ballot(session, item, "agree", acting_user=members[1][0])
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    [row] = session.results["items"]
    assert (row["agree"], row["lower"], row["ballots"]) == (1, {"LDTT": 1}, 2)


def test_thresholds_over_total_members_or_those_present(personas, members, eligible, org):
    """The organisation's own rule for its council's CSTĐ tỉnh vote: 90% of all members, absent
    ones included."""
    org.rule_overrides = {
        "2017": {
            "ballots": {
                "LDTT": {"threshold": 0.9, "denominator": "present", "secret": False,
                         "council": "co_so"},
                "CSTD_TINH": {"threshold": 0.9, "denominator": "total_members", "secret": True,
                              "council": "co_so"},
                # The agree votes count for CSTĐCS too (the lower title): held to 90% of all
                # members as well, the nominee fails both.
                "CSTD_CS": {"threshold": 0.9, "denominator": "total_members", "secret": True,
                            "council": "co_so"},
            }
        }
    }  # fmt: skip
    org.save()
    ldtt = nominate(personas, eligible["staff"])
    tinh = nominate(personas, eligible["dat"], "CSTD_TINH", justification="Đề nghị cấp tỉnh.")
    session = open_session(personas, members, [ldtt, tinh], present=3)
    for item in session.items.all():
        vote_all(session, item, ["agree"] * 3, members[:3])
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    rows = {r["title"]: r for r in session.results["items"]}
    assert (rows["LDTT"]["denominator"], rows["LDTT"]["passed"], rows["LDTT"]["secret"]) == (
        3, True, False,
    )  # fmt: skip
    assert (rows["CSTD_TINH"]["denominator"], rows["CSTD_TINH"]["percent"]) == (4, 75.0)
    assert rows["CSTD_TINH"]["passed"] is False
    assert rows["CSTD_TINH"]["passed_title"] is None and "lower_result" not in rows["CSTD_TINH"]


def test_the_schools_council_uses_only_its_own_level_of_rule(personas, members, eligible):
    """The 2017 rule set's CSTĐ tỉnh ballot (90% of all members, NĐ 91 Điều 45.8) is the
    provincial council's; the school's council votes on the proposal by its own threshold."""
    from thidua.council.minutes import build_minutes_context

    tinh = nominate(personas, eligible["dat"], "CSTD_TINH", justification="Đề nghị cấp tỉnh.")
    session = open_session(personas, members, [tinh], present=3)
    vote_all(session, session.items.get(), ["agree"] * 3, members[:3])
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    [row] = session.results["items"]
    assert (row["denominator_kind"], row["denominator"], row["threshold"]) == ("present", 3, 0.7)
    assert row["passed"] is True  # 3 of the 3 voting; 3 of all 4 would be 75% < 90%
    # The national texts set no threshold for the school's own council: its own regulation does.
    source = "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị"
    assert row["rule_source"] == source
    minutes = build_minutes_context(session)
    assert minutes["results"][0]["rule_source"] == source and minutes["sources"] == [source]


def test_the_ballot_type_says_what_happened_a_secret_ballot(client, personas, members, eligible,
                                                             org):  # fmt: skip
    """The rule may not require secrecy; thidua's ballot is secret all the same, and says so."""
    from thidua.council.minutes import build_minutes_context

    org.rule_overrides = {"2017": {"ballots": {
        "LDTT": {"threshold": 0.7, "denominator": "present", "secret": False, "council": "co_so"},
    }}}  # fmt: skip
    org.save()
    ldtt = nominate(personas, eligible["staff"])
    tinh = nominate(personas, eligible["dat"], "CSTD_TINH", justification="Cấp tỉnh.")
    session = open_session(personas, members, [ldtt, tinh])
    for item in session.items.all():
        vote_all(session, item, ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    types = [r["ballot_type"] for r in build_minutes_context(session)["results"]]
    assert types == [
        "Bỏ phiếu kín (theo quy định: biểu quyết, không bắt buộc bỏ phiếu kín)",
        "Bỏ phiếu kín",
    ]
    client.force_login(personas["secretary"])
    body = client.get(session.get_absolute_url()).content.decode()
    assert "Biểu quyết công khai" not in body
    assert body.count('<td class="ballot-type">Bỏ phiếu kín') == 2


def test_closing_needs_a_quorum(personas, members, eligible):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])], present=2)
    with pytest.raises(ActionRefused,
                       match=r"Chưa đủ 2/3 thành viên có mặt \(2/4; Quy chế hoạt động"):
        do_close_session(session, acting_user=personas["secretary"])
    assert CouncilSession.objects.get().state == "open"


def test_the_quorum_is_the_rule_sets_and_an_organisation_may_change_it(
    personas, members, eligible, org
):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])], present=3)
    vote_all(session, session.items.get(), ["agree"] * 3, members[:3])
    org.rule_overrides = {"2017": {"council_quorum": 0.8}}
    org.save()
    with pytest.raises(ActionRefused) as refused:
        do_close_session(session, acting_user=personas["secretary"])
    assert str(refused.value) == (
        "Chưa đủ 4/5 thành viên có mặt (3/4; Quy định của cơ quan, đơn vị); "
        "không kết thúc được phiên họp."
    )
    org.rule_overrides = {"2017": {"council_quorum": 0.75}}
    org.save()
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    assert (session.results["quorum"], session.results["quorum_met"]) == ("3/4", True)


@pytest.fixture
def many(org, units, eligible):
    """Ten people of unit A with LĐTT in reach (CSTĐCS quota: 15% × 10 → 1)."""
    extra = [make_person(org, units["a"], "Đỗ Văn", name) for name in
             ("An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh")]  # fmt: skip
    for person in extra:
        make_eligible(org, person)
    return [eligible["staff"], eligible["dat"], eligible["head"], *extra]


def test_quota_over_limit_needs_ranking(personas, members, many):
    ldtt = [nominate(personas, p) for p in many]
    cstd = [nominate(personas, p, "CSTD_CS", justification="Sáng kiến.") for p in many[:2]]
    session = open_session(personas, members, ldtt + cstd)
    for item in session.items.all():
        vote_all(session, item, ["agree"] * 4, members)
    with pytest.raises(ActionRefused) as refused:
        do_close_session(session, acting_user=personas["secretary"])
    assert "2 trường hợp đạt ngưỡng, tối đa 1" in str(refused.value)
    assert "thừa 1" in str(refused.value)
    first, second = session.items.filter(nomination__title="CSTD_CS").order_by("position")
    with pytest.raises(ActionRefused):
        do_rank_results(session, "CSTD_CS", [first, first], acting_user=personas["secretary"])
    do_rank_results(session, "CSTD_CS", [second, first], acting_user=personas["secretary"])
    do_close_session(session, acting_user=personas["secretary"])
    cstd[0].refresh_from_db()
    cstd[1].refresh_from_db()
    assert (cstd[0].state, cstd[1].state) == ("failed", "passed")
    session.refresh_from_db()
    over = {r["nomination"]: r["over_quota"] for r in session.results["items"]}
    assert over[cstd[0].pk] is True and over[cstd[1].pk] is False


def test_the_quota_base_is_the_years_ldtt_from_the_register_and_every_valid_session(
    personas, members, many, org, units
):
    """The register holds 14 LĐTT for 2022 (four of them people the engine does not find
    eligible): 15% × 14 → two CSTĐCS, though no LĐTT is voted at this session."""
    others = [
        make_person(org, units["a"], "Lý Văn", name) for name in ("Phúc", "Quân", "Sơn", "Tú")
    ]
    for person in [*many, *others]:
        Award.objects.create(organization=org, person=person, year=YEAR, code="LDTT",
                             source="own", decision_number="1-QĐ/TCTTP",
                             decided_on=date(2022, 12, 28), issued_by="Trường")  # fmt: skip
    # A revoked award does not count.
    revoked = make_person(org, units["a"], "Lý Văn", "Vinh")
    Award.objects.create(organization=org, person=revoked, year=YEAR, code="LDTT", source="own",
                         decision_number="2-QĐ/TCTTP", decided_on=date(2022, 12, 28),
                         issued_by="Trường", revoked_on=date(2022, 12, 30))  # fmt: skip
    cstd = [nominate(personas, p, "CSTD_CS", justification="Sáng kiến.") for p in many[:2]]
    session = open_session(personas, members, cstd)
    for item in session.items.all():
        vote_all(session, item, ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    assert {n.state for n in Nomination.objects.filter(pk__in=[n.pk for n in cstd])} == {"passed"}


def test_earlier_sessions_of_the_year_are_charged_against_the_quota(personas, members, many):
    """Session one: 10 LĐTT and one CSTĐCS (15% of 10 → 1). Session two: no room is left."""
    ldtt = [nominate(personas, p) for p in many]
    first_cstd = nominate(personas, many[0], "CSTD_CS", justification="Sáng kiến.")
    first = open_session(personas, members, [*ldtt, first_cstd])
    for item in first.items.all():
        vote_all(first, item, ["agree"] * 4, members)
    do_close_session(first, acting_user=personas["secretary"])
    second_cstd = nominate(personas, many[1], "CSTD_CS", justification="Sáng kiến.")
    second = open_session(personas, members, [second_cstd], name="Phiên bổ sung")
    vote_all(second, second.items.get(), ["agree"] * 4, members)
    with pytest.raises(ActionRefused) as refused:
        do_close_session(second, acting_user=personas["secretary"])
    assert "1 trường hợp đạt ngưỡng, tối đa 1 (15% × 10 LĐTT" in str(refused.value)
    assert "đã có 1 trường hợp trong năm, còn 0), thừa 1" in str(refused.value)
    do_rank_results(second, "CSTD_CS", [second.items.get()], acting_user=personas["secretary"])
    do_close_session(second, acting_user=personas["secretary"])
    second_cstd.refresh_from_db()
    assert second_cstd.state == "failed"
    # Once the first session is annulled its CSTĐCS no longer takes the room.
    third_cstd = nominate(personas, many[2], "CSTD_CS", justification="Sáng kiến.")
    do_annul_session(first, reason="Sai thành phần.", acting_user=personas["secretary"])
    third = open_session(personas, members, [*ldtt, third_cstd], name="Phiên bỏ phiếu lại")
    for item in third.items.all():
        vote_all(third, item, ["agree"] * 4, members)
    do_close_session(third, acting_user=personas["secretary"])
    third_cstd.refresh_from_db()
    assert third_cstd.state == "passed"


def test_annulled_results_are_void_and_voted_again(personas, members, eligible):
    nomination = nominate(personas, eligible["staff"])
    session = open_session(personas, members, [nomination])
    vote_all(session, session.items.get(), ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="lý do"):
        do_annul_session(session, reason="  ", acting_user=personas["secretary"])
    with pytest.raises(ActionRefused):
        do_annul_session(session, reason="Sai", acting_user=personas["principal"])
    do_annul_session(session, reason="Thành phần Hội đồng sai quy chế.",
                     acting_user=personas["secretary"])  # fmt: skip
    session.refresh_from_db()
    nomination.refresh_from_db()
    assert (session.state, nomination.state) == ("annulled", "proposed")
    with pytest.raises(ActionRefused, match="đã bị huỷ"):
        do_annul_session(session, reason="Lần nữa", acting_user=personas["secretary"])
    again = open_session(personas, members, [nomination], name="Phiên bỏ phiếu lại")
    vote_all(again, again.items.get(), ["disagree"] * 4, members)
    do_close_session(again, acting_user=personas["secretary"])
    nomination.refresh_from_db()
    assert nomination.state == "failed"
    assert Ballot.objects.filter(item__session=session).count() == 4  # kept on record


def test_annulling_is_refused_once_a_decision_is_issued(personas, members, eligible):
    from thidua.decisions.actions import do_draft_decision_from_session, do_issue_decision

    nomination = nominate(personas, eligible["staff"])
    session = open_session(personas, members, [nomination])
    vote_all(session, session.items.get(), ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    decision = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    do_issue_decision(decision, decided_on=date.today(), acting_user=personas["principal"])
    decision.refresh_from_db()
    with pytest.raises(ActionRefused) as refused:
        do_annul_session(session, reason="Sai quy chế.", acting_user=personas["secretary"])
    assert str(refused.value) == (
        "Không huỷ được kết quả phiên họp «Phiên họp cuối năm»: đã ban hành quyết định số {} "
        "theo kết quả này. Cần thu hồi quyết định trước.".format(decision.document_number)
    )
    session.refresh_from_db()
    nomination.refresh_from_db()
    assert (session.state, nomination.state) == ("closed", "passed")


def test_annulling_is_refused_once_a_proposal_is_sent(personas, members, eligible):
    from thidua.proposals.actions import do_draft_proposal_from_session, do_send_proposal

    nomination = nominate(personas, eligible["staff"], "CSTD_TINH", justification="Cấp tỉnh.")
    session = open_session(personas, members, [nomination])
    vote_all(session, session.items.get(), ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    proposal = do_draft_proposal_from_session(session, body="province",
                                              acting_user=personas["secretary"])  # fmt: skip
    do_send_proposal(proposal, acting_user=personas["principal"])
    proposal.refresh_from_db()
    with pytest.raises(ActionRefused, match="đã gửi cấp trên") as refused:
        do_annul_session(session, reason="Sai quy chế.", acting_user=personas["secretary"])
    assert "tờ trình số {}".format(proposal.document_number) in str(refused.value)
    session.refresh_from_db()
    assert session.state == "closed"


def test_annulling_an_open_session_closes_and_seals_it(personas, members, eligible):
    nomination = nominate(personas, eligible["staff"])
    session = open_session(personas, members, [nomination])
    do_cast_ballot(session, session.items.get(), "agree", acting_user=members[0][0])
    do_annul_session(session, reason="Mở nhầm.", acting_user=personas["secretary"])
    session.refresh_from_db()
    assert session.closed_at and session.seal and session.state == "annulled"
    call_command("verify_council_seal", "--session", str(session.pk), stdout=_Sink())


# --- the secret ---------------------------------------------------------------------------------


def test_no_column_or_relation_links_a_ballot_to_a_member():
    fields = Ballot._meta.get_fields()
    related = {f.related_model for f in fields if f.is_relation}
    assert related == {AgendaItem}
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    # The item links to the session and the nomination, never to who voted.
    assert CouncilMember not in {f.related_model for f in AgendaItem._meta.get_fields()
                                 if f.is_relation and not f.auto_created}  # fmt: skip
    vote_fields = {f.name for f in VoteRecord._meta.get_fields()}
    assert "choice" not in vote_fields and "ballot" not in vote_fields
    assert not auditlog.contains(Ballot)
    assert Ballot not in admin.site._registry and VoteRecord not in admin.site._registry
    # The envelope of an open session's paper: its item (shown by who voted too), nothing else.
    fields = BallotEnvelope._meta.get_fields()
    assert {f.related_model for f in fields if f.is_relation} == {AgendaItem}
    assert {f.name for f in fields} == {"id", "item", "nonce", "sealed"}
    assert isinstance(BallotEnvelope._meta.pk, models.UUIDField)
    assert not auditlog.contains(BallotEnvelope) and BallotEnvelope not in admin.site._registry


def test_the_audit_log_holds_no_actor_for_a_ballot(personas, members, eligible):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    before = set(LogEntry.objects.values_list("pk", flat=True))
    do_cast_ballot(session, item, "disagree", acting_user=personas["council_member"])
    new = LogEntry.objects.exclude(pk__in=before)
    ballot_type = ContentType.objects.get_for_model(Ballot)
    assert not new.filter(content_type=ballot_type).exists()
    envelope_type = ContentType.objects.get_for_model(BallotEnvelope)
    assert not new.filter(content_type=envelope_type).exists()
    [entry] = new  # only the who-has-voted row
    assert entry.content_type == ContentType.objects.get_for_model(VoteRecord)
    assert "disagree" not in str(entry.changes) and "choice" not in str(entry.changes)
    assert str(BallotEnvelope.objects.get().pk) not in str(entry.changes)


def stored_ballots(item_ids=None) -> list[tuple]:
    """Return (item_id, choice, lower_title, id) in the order the database stores the rows:
    SQLite's rowid, PostgreSQL's physical position (ctid) — what a raw copy of the table shows."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT item_id, choice, lower_title, id FROM {} ORDER BY {}".format(table, position)
        )
        rows = cursor.fetchall()
    return [r for r in rows if item_ids is None or r[0] in item_ids]


def test_no_paper_is_readable_in_the_database_while_the_session_is_open(
    personas, members, eligible
):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    sequence = ["disagree", "agree", "disagree", "agree"]
    for count, ((user, _), choice) in enumerate(zip(members, sequence, strict=True), 1):
        do_cast_ballot(session, item, choice, acting_user=user)
        # No ballot row: each paper is an envelope, every one the same size, no choice in clear.
        assert stored_ballots() == []
        sealed = [bytes(s) for s in BallotEnvelope.objects.values_list("sealed", flat=True)]
        assert len(sealed) == count and {len(s) for s in sealed} == {SEALED_BYTES}
        assert not any(b"agree" in s for s in sealed)
        assert choices(item) == sorted(sequence[:count])
    assert VoteRecord.objects.count() == BallotEnvelope.objects.count() == 4


def test_ballots_are_rewritten_in_a_canonical_order_at_closing(personas, members, eligible):
    noms = [nominate(personas, eligible[key]) for key in ("staff", "dat")]
    session = open_session(personas, members, noms)
    for item in session.items.all():
        vote_all(session, item, ["disagree", "agree", "disagree", "agree"], members)
    cast = set(BallotEnvelope.objects.values_list("pk", flat=True))
    do_close_session(session, acting_user=personas["secretary"])
    assert len(cast) == 8 and not BallotEnvelope.objects.exists()  # the box is emptied
    after = stored_ballots()
    assert len(after) == 8 and not cast & {uuid.UUID(str(pk)) for *_, pk in after}
    # Stored (not sorted here): item by item, then by choice — nothing of the voting order.
    assert [(item, choice) for item, choice, _, _ in after] == sorted(
        (item, choice) for item, choice, _, _ in after
    )
    assert [c for _, c, _, _ in after] == ["agree", "agree", "disagree", "disagree"] * 2


def test_closing_refuses_a_ballot_box_tampered_with_or_opened_with_another_key(
    personas, members, eligible, settings
):
    noms = [nominate(personas, eligible[key]) for key in ("staff", "dat")]
    session = open_session(personas, members, noms)
    first, second = session.items.order_by("position")
    vote_all(session, first, ["agree", "disagree"], members)
    secretary = personas["secretary"]
    # Another key (SECRET_KEY rotated, a dedicated key set): nothing opens, nothing is closed.
    settings.COUNCIL_BALLOT_KEY = "một khoá khác"
    with pytest.raises(ActionRefused, match="Không mở được 2 phiếu đã bỏ"):
        do_close_session(session, acting_user=secretary)
    settings.COUNCIL_BALLOT_KEY = ""
    one, other = BallotEnvelope.objects.order_by("pk")
    # A database writer copies one paper over another (it cannot read either): refused.
    BallotEnvelope.objects.filter(pk=other.pk).update(nonce=one.nonce, sealed=one.sealed)
    with pytest.raises(ActionRefused, match="Không mở được 1 phiếu"):
        do_close_session(session, acting_user=secretary)
    BallotEnvelope.objects.filter(pk=other.pk).update(nonce=other.nonce, sealed=other.sealed)
    # Moved to another item: it no longer opens.
    BallotEnvelope.objects.filter(pk=one.pk).update(item=second)
    with pytest.raises(ActionRefused, match="Không mở được 1 phiếu"):
        do_close_session(session, acting_user=secretary)
    BallotEnvelope.objects.filter(pk=one.pk).update(item=first)
    # Removed: the papers no longer match who voted.
    BallotEnvelope.objects.filter(pk=one.pk).delete()
    with pytest.raises(ActionRefused, match="1 phiếu trong hòm phiếu nhưng 2 lượt bỏ phiếu"):
        do_close_session(session, acting_user=secretary)
    session.refresh_from_db()
    assert session.state == "open" and not session.seal
    BallotEnvelope.objects.create(pk=one.pk, item=first, nonce=one.nonce, sealed=one.sealed)
    vote_all(session, second, ["agree", "agree"], members)
    do_close_session(session, acting_user=secretary)
    session.refresh_from_db()
    [row] = [r for r in session.results["items"] if r["item"] == first.pk]
    assert (row["agree"], row["disagree"], session.state) == (1, 1, "closed")


# --- the seal -----------------------------------------------------------------------------------


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_seal_verifies_then_catches_a_changed_ballot(personas, members, eligible):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    vote_all(session, session.items.get(), ["agree", "agree", "disagree", "agree"], members)
    do_close_session(session, acting_user=personas["secretary"])
    out = _Sink()
    call_command("verify_council_seal", stdout=out)
    assert "Phiên {} «Phiên họp cuối năm»: OK".format(session.pk) in out.text
    ballot = Ballot.objects.filter(choice="disagree").get()
    Ballot.objects.filter(pk=ballot.pk).update(choice="agree")
    out = _Sink()
    with pytest.raises(CommandError, match=str(session.pk)):
        call_command("verify_council_seal", "--session", str(session.pk), stdout=out)
    assert "BỊ THAY ĐỔI" in out.text
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_council_seal"]).execute()
    assert exited.value.code == 1


def test_seal_catches_changed_results_and_a_removed_ballot(personas, members, eligible):
    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    vote_all(session, session.items.get(), ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    results = session.results
    results["items"][0]["agree"] = 3
    CouncilSession.objects.filter(pk=session.pk).update(results=results)
    with pytest.raises(CommandError):
        call_command("verify_council_seal", stdout=_Sink())
    results["items"][0]["agree"] = 4
    CouncilSession.objects.filter(pk=session.pk).update(results=results)
    call_command("verify_council_seal", stdout=_Sink())
    Ballot.objects.filter(pk=Ballot.objects.first().pk).delete()
    with pytest.raises(CommandError):
        call_command("verify_council_seal", stdout=_Sink())


def test_the_standing_council_sits_at_every_new_session(org, personas):
    from thidua.council.demo import load_council_2022

    seats = load_council_2022(org)
    assert [s.user.username for s in seats] == [
        "hieutruong", "lanhdao", "thuky", "uyvien", "truongkhoa",
    ]  # fmt: skip
    assert load_council_2022(org) == seats  # run again: nothing doubled
    session = do_open_session(name="Phiên 1", year=YEAR, meeting_on=MEETING_ON,
                              acting_user=personas["secretary"])  # fmt: skip
    roles = dict(session.members.values_list("user__username", "role"))
    assert roles == {"hieutruong": "chair", "lanhdao": "standing_vice_chair", "thuky": "secretary",
                     "uyvien": "member", "truongkhoa": "member"}  # fmt: skip
    assert not session.members.filter(present=True).exists()


def _closed(personas, members, nominations, name):
    session = open_session(personas, members, nominations, name=name)
    for item in session.items.all():
        vote_all(session, item, ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    return session


def test_seal_covers_the_members_attendance_after_closing(personas, members, eligible):
    session = _closed(personas, members, [nominate(personas, eligible["staff"])], "Phiên 1")
    assert session.results["members"][0][2:] == ["chair", True, False]
    call_command("verify_council_seal", stdout=_Sink())
    CouncilMember.objects.filter(session=session, role="member").update(present=False)
    out = _Sink()
    with pytest.raises(CommandError):
        call_command("verify_council_seal", stdout=out)
    assert "thành viên" in out.text and "«có mặt» đã chốt True nay là False" in out.text
    # Rewriting the frozen copy to match does not help: the seal covers it.
    session.results["members"] = [[*row[:3], False, row[4]] if row[2] == "member" else row
                                  for row in session.results["members"]]  # fmt: skip
    CouncilSession.objects.filter(pk=session.pk).update(results=session.results)
    out = _Sink()
    with pytest.raises(CommandError):
        call_command("verify_council_seal", stdout=out)
    assert "dấu niêm phong không khớp" in out.text and "đã chốt" not in out.text


def test_seal_covers_the_nominations_states(personas, members, eligible):
    nomination = nominate(personas, eligible["staff"])
    session = _closed(personas, members, [nomination], "Phiên 1")
    Nomination.objects.filter(pk=nomination.pk).update(state="failed")
    out = _Sink()
    with pytest.raises(CommandError):
        call_command("verify_council_seal", "--session", str(session.pk), stdout=out)
    assert "trạng thái đã chốt «passed» nay là «failed»" in out.text


def test_seals_chain_and_a_tampered_earlier_session_breaks_the_chain(personas, members, eligible):
    first = _closed(personas, members, [nominate(personas, eligible["staff"])], "Phiên 1")
    second = _closed(personas, members, [nominate(personas, eligible["dat"])], "Phiên 2")
    third = _closed(personas, members, [nominate(personas, eligible["head"])], "Phiên 3")
    assert len({first.seal, second.seal, third.seal}) == 3
    call_command("verify_council_seal", stdout=_Sink())
    # The same records seal to the same value (deterministic).
    from thidua.council.results import compute_seal, session_ballot_rows

    assert compute_seal(second, second.results, session_ballot_rows(second)) == second.seal
    # Tamper with the first session's results: it and the next one in the chain report.
    results = first.results
    results["items"][0]["percent"] = 50.0
    CouncilSession.objects.filter(pk=first.pk).update(results=results)
    out = _Sink()
    with pytest.raises(CommandError) as failed:
        call_command("verify_council_seal", stdout=out)
    assert "Phiên {} «Phiên 1»: BỊ THAY ĐỔI".format(first.pk) in out.text
    assert "Phiên {} «Phiên 2»: BỊ THAY ĐỔI — chuỗi niêm phong bị đứt".format(second.pk) in (
        out.text
    )
    assert "Phiên {} «Phiên 3»: OK".format(third.pk) in out.text
    assert str(failed.value) == "Niêm phong không khớp ở phiên: {}, {}.".format(first.pk, second.pk)
    # Re-sealing the forged first session does not help: the second's seal started from the
    # first's true seal.
    first.refresh_from_db()
    forged = compute_seal(first, first.results, session_ballot_rows(first))
    CouncilSession.objects.filter(pk=first.pk).update(seal=forged)
    out = _Sink()
    with pytest.raises(CommandError):
        call_command("verify_council_seal", stdout=out)
    assert "Phiên {} «Phiên 1»: OK".format(first.pk) in out.text
    assert "Phiên {} «Phiên 2»: BỊ THAY ĐỔI — dấu niêm phong không khớp".format(second.pk) in (
        out.text
    )


def test_a_council_votes_by_the_procedure_in_force_on_the_day_it_meets(org, personas, members,
                                                                      eligible):  # fmt: skip
    """A 2023 review held in January 2024 votes under NĐ 98/2023 Điều 30 khoản 7, in force that
    day: CSTĐCS needs ≥ 80% of all the council's members, not the 70% of those present that the
    council's own regulation set under the 2017 regime; the title's criteria stay 2023's (the
    2017 regime's). (A 2022 review can no longer meet in 2024: its council meets in 2022 or
    2023, issue 13 item 3.)"""
    from thidua.council.minutes import build_minutes_context

    make_eligible(org, eligible["dat"], year=2023)
    cstd = nominate(personas, eligible["dat"], "CSTD_CS", year=2023, justification="Có sáng kiến.")
    secretary = personas["secretary"]
    with time_machine.travel(datetime(2024, 1, 10, 8, 0, tzinfo=UTC), tick=True):
        session = do_open_session(name="Phiên họp xét năm 2023", year=2023, acting_user=secretary)
        for user, role in members:
            member = do_add_member(session, user, role=role, acting_user=secretary)
            do_set_attendance(member, present=True, acting_user=secretary)
        do_put_on_agenda(session, [cstd], acting_user=secretary)
        vote_all(session, session.items.get(), ["agree"] * 3 + ["disagree"], members)
        do_close_session(session, acting_user=secretary)
    session.refresh_from_db()
    [row] = session.results["items"]
    assert (row["denominator_kind"], row["denominator"], row["threshold"]) == (
        "total_members", 4, 0.8,
    )
    # 3 of 4 = 75% < 80%: not CSTĐCS; the same agree votes reach LĐTT, one step down.
    assert row["percent"] == 75.0 and row["passed_title"] == "LDTT"
    assert "Nghị định 98/2023/NĐ-CP, Điều 30, khoản 7" in row["rule_source"]
    assert session.results["rule_set"] == "2017"  # the criteria of the year 2023
    assert session.results["procedure_rule_set"] == "2023/nd98"
    minutes = build_minutes_context(session)
    assert "Nghị định 91/2017/NĐ-CP" in minutes["rule_set"]
    # Held in December 2022, the council voted by its own regulation: 70% of those voting.
    late = nominate(personas, eligible["staff"])
    with time_machine.travel(datetime(2022, 12, 20, 8, 0, tzinfo=UTC), tick=True):
        earlier = open_session(personas, members, [late], name="Phiên họp tháng 12", on=None)
        vote_all(earlier, earlier.items.get(), ["agree"] * 3 + ["disagree"], members)
        do_close_session(earlier, acting_user=personas["secretary"])
    earlier.refresh_from_db()
    [row] = earlier.results["items"]
    assert (row["denominator_kind"], row["threshold"]) == ("present", 0.7)
    assert row["passed_title"] == "LDTT" and "Quy chế hoạt động" in row["rule_source"]
    assert earlier.results["procedure_rule_set"] == "2017"


def test_sources_frozen_in_old_results_are_shown_in_todays_words(client, personas, members,
                                                                 eligible):  # fmt: skip
    """Results sealed before the law's texts were rewritten keep their stored wording; the
    minutes and the session page show it as the law now reads, never the old working notes."""
    from thidua.council.minutes import build_minutes_context

    session = open_session(personas, members, [nominate(personas, eligible["staff"])])
    vote_all(session, session.items.get(), ["agree"] * 4, members)
    do_close_session(session, acting_user=personas["secretary"])
    session.refresh_from_db()
    old = "Thông tư 35/2015/TT-BGDĐT (ví dụ của ngành; cơ quan có thể tự đặt)"
    results = session.results
    results["items"][0]["rule_source"] = old
    results["quorum_source"] = ("Thông tư 35/2015/TT-BGDĐT (ví dụ của ngành giáo dục: Hội đồng họp"
                                " khi có ít nhất 2/3 thành viên)")  # fmt: skip
    results.pop("procedure_rule_set")
    CouncilSession.objects.filter(pk=session.pk).update(results=results)
    session.refresh_from_db()
    minutes = build_minutes_context(session)
    council_rule = "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng"
    assert minutes["sources"] == [rules.cite("ORG.COUNCIL")]
    assert council_rule in minutes["quorum"] and "35/2015" not in minutes["quorum"]
    assert "Nghị định 91/2017/NĐ-CP" in minutes["rule_set"]
    client.force_login(personas["secretary"])
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    assert "35/2015" not in page and "ví dụ" not in page and council_rule in page
    assert "bộ quy tắc" not in page and "tiêu chuẩn danh hiệu theo Luật Thi đua" in page
