"""Nominations beyond unit heads and in bulk (issue 13, items 4 and 6): the secretary nominates
the organisation itself, the leadership and units without a head; a unit's list in one form."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import make_person, make_user
from tests.helpers.council import YEAR, choices, make_eligible, run_session
from tests.helpers.council import members as council_members
from tests.integration.test_council import open_session
from thidua.accounts.models import Role
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    NominationRow,
    NominationsRefused,
    do_cast_ballot,
    do_cast_ballots,
    do_nominate,
    do_nominate_many,
    do_withdraw_nomination,
)
from thidua.council.forms import BallotForm
from thidua.council.models import Nomination
from thidua.organization.models import Unit, UnitKind
from thidua.proposals.actions import do_draft_proposal_from_session

pytestmark = pytest.mark.django_db

MEETING = "2022-12-20 09:00 +07:00"


@pytest.fixture
def eligible(org, people):
    for key in ("staff", "dat", "other"):
        make_eligible(org, people[key])
    return people


@pytest.fixture
def board(org):
    """The Ban Giám hiệu with the principal and a vice-principal, none of them with a head
    account (the principal's account is no unit head)."""
    unit = Unit.objects.create(organization=org, name="Ban Giám hiệu", kind=UnitKind.BOARD)
    principal = make_person(org, unit, "Nguyễn Hữu", "Hiệu", position="Hiệu trưởng")
    vice = make_person(org, unit, "Đặng Thị", "Phó", gender="F", position="Phó Hiệu trưởng")
    for person in (principal, vice):
        make_eligible(org, person)
    return {"unit": unit, "principal": principal, "vice": vice}


def organization_nomination(personas, title="TTLDXS", **extra):
    extra.setdefault("justification", "Cơ quan hoàn thành xuất sắc nhiệm vụ.")
    return do_nominate(year=YEAR, title=title, acting_user=personas["secretary"], **extra)


# --- the organisation, the leadership, units without a head --------------------------------------


def test_secretary_nominates_the_organisation_itself(personas, org):
    nomination = organization_nomination(personas)
    assert (nomination.person, nomination.unit, nomination.organization) == (None, None, org)
    assert nomination.is_organization and nomination.subject_name == org.name
    assert nomination.explanation["title"] == "TTLDXS" and nomination.explanation["criteria"]
    assert str(nomination) == "{}: Tập thể lao động xuất sắc (2022)".format(org.name)
    # Its flags too; a title the head of the school gives (TTLĐTT) is not the organisation's.
    flag = organization_nomination(personas, "CO_TINH")
    assert flag.title == "CO_TINH"
    with pytest.raises(ActionRefused, match="không xét cho cơ quan"):
        organization_nomination(personas, "TTLDTT")
    with pytest.raises(ActionRefused, match="đã được đề nghị"):
        organization_nomination(personas)
    # Withdrawn, it may be nominated again.
    do_withdraw_nomination(nomination, acting_user=personas["secretary"])
    assert organization_nomination(personas).pk != nomination.pk


def test_the_admin_nominates_the_organisation_too(personas, org):
    nomination = do_nominate(year=YEAR, title="CO_HV", justification="Đề xuất của kế hoạch.",
                             acting_user=personas["admin"])  # fmt: skip
    assert nomination.is_organization and nomination.proposed_by == personas["admin"]


@pytest.mark.parametrize("persona", ["unit_head", "principal", "council_member", "staff", "leader"])
def test_only_the_secretary_nominates_the_organisation(personas, persona):
    with pytest.raises(ActionRefused, match="Chỉ thường trực Hội đồng"):
        do_nominate(year=YEAR, title="TTLDXS", justification="x", acting_user=personas[persona])
    assert not Nomination.objects.exists()


def test_outsider_cannot_nominate_this_organisation(personas, eligible, units):
    with pytest.raises(ActionRefused, match="cơ quan mình"):
        do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                    acting_user=personas["outsider"])  # fmt: skip
    with pytest.raises(ActionRefused, match="cơ quan mình"):
        do_nominate(year=YEAR, title="TTLDTT", unit=units["a"], justification="x",
                    acting_user=personas["outsider"])  # fmt: skip
    # Their own organisation's nomination is theirs, never this one's.
    theirs = do_nominate(year=YEAR, title="TTLDXS", justification="x",
                         acting_user=personas["outsider"])  # fmt: skip
    assert theirs.organization_id == personas["outsider"].organization_id
    assert not Nomination.objects.filter(organization=personas["secretary"].organization).exists()


def test_secretary_nominates_the_leadership_and_any_unit(personas, eligible, board, units):
    secretary = personas["secretary"]
    for person in (board["principal"], board["vice"], eligible["other"]):
        nomination = do_nominate(year=YEAR, title="LDTT", person=person, acting_user=secretary)
        assert (nomination.person, nomination.verdict) == (person, "eligible")
    unit = do_nominate(year=YEAR, title="TTLDTT", unit=units["office"], justification="Tốt.",
                       acting_user=secretary)  # fmt: skip
    assert unit.unit == units["office"]
    # Someone in no unit at all (the leadership outside any unit) too.
    loose = make_person(personas["secretary"].organization, units["a"], "Võ Văn", "Tự")
    loose.assignments.update(ended_on=date(2021, 12, 31))
    make_eligible(loose.organization, loose)
    with pytest.raises(ActionRefused, match="cán bộ của đơn vị mình"):
        do_nominate(year=YEAR, title="LDTT", person=loose, acting_user=personas["unit_head"])
    assert do_nominate(year=YEAR, title="LDTT", person=loose, justification="Lãnh đạo.",
                       acting_user=secretary).person == loose  # fmt: skip


def test_unit_head_keeps_to_their_units(personas, eligible, board, units):
    head = personas["unit_head"]
    assert do_nominate(year=YEAR, title="LDTT", person=eligible["dat"], acting_user=head)
    for person in (board["vice"], eligible["other"]):
        with pytest.raises(ActionRefused, match="cán bộ của đơn vị mình"):
            do_nominate(year=YEAR, title="LDTT", person=person, acting_user=head)
    with pytest.raises(ActionRefused, match="tập thể đơn vị mình"):
        do_nominate(year=YEAR, title="TTLDTT", unit=units["b"], justification="x",
                    acting_user=head)  # fmt: skip


@pytest.mark.parametrize("persona", ["principal", "council_member", "staff", "leader"])
def test_other_roles_nominate_no_one(personas, eligible, board, persona):
    with pytest.raises(ActionRefused, match="cán bộ của đơn vị mình"):
        do_nominate(year=YEAR, title="LDTT", person=board["vice"], acting_user=personas[persona])


def test_meeting_dates_are_real(personas, eligible):
    head = personas["unit_head"]
    with pytest.raises(ActionRefused, match="trước năm xét 2022"):
        do_nominate(year=YEAR, title="LDTT", person=eligible["dat"], acting_user=head,
                    meeting_on=date(2021, 12, 28))  # fmt: skip
    with pytest.raises(ActionRefused, match="chưa đến"):
        do_nominate(year=YEAR, title="LDTT", person=eligible["dat"], acting_user=head,
                    meeting_on=date.today() + timedelta(days=1))  # fmt: skip
    assert not Nomination.objects.exists()


def test_the_organisations_ttldxs_passes_the_council_end_to_end(personas, org, eligible):
    voters = council_members(org, personas)
    with time_machine.travel(MEETING, tick=True):
        flag = organization_nomination(personas)
        person = do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
        session = run_session(personas, voters, [flag, person])
    rows = {r["nomination"]: r for r in session.results["items"]}
    assert rows[flag.pk]["subject"] == org.name and rows[flag.pk]["passed"] is True
    flag.refresh_from_db()
    assert flag.state == "passed"
    # The tờ trình to the province lists the organisation itself (a line with neither person
    # nor unit).
    with time_machine.travel("2023-01-05 09:00 +07:00", tick=True):
        proposal = do_draft_proposal_from_session(
            session, body="province", acting_user=personas["secretary"]
        )
    [entry] = proposal.entries.all()
    assert (entry.person, entry.unit, entry.title) == (None, None, "TTLDXS")
    assert entry.subject_name == org.name


# --- the nominate screen ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretary", "admin"])
def test_the_secretarys_screen_offers_the_organisation_leadership_and_units(
    client, personas, eligible, board, org, persona
):
    client.force_login(personas[persona])
    url = "{}?year={}".format(reverse("council:nominate"), YEAR)
    page = client.get(url)
    assert page.status_code == 200
    choices = dict(page.context["form"].fields["subject"].choices)
    assert choices["Cơ quan"] == [("o", org.name)]
    assert {name for _, name in choices["Tập thể"]} >= {"Ban Giám hiệu", "Khoa Dân vận"}
    assert ("p{}".format(board["vice"].pk), "Đặng Thị Phó") in choices["Cán bộ – Ban Giám hiệu"]
    body = page.content.decode()
    assert 'id="organization-eligibility"' in body and "Cờ thi đua của UBND tỉnh" in body
    response = client.post(url, {"subject": "o", "title": "TTLDXS", "justification": "Kế hoạch."})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert nomination.is_organization
    assert org.name in client.get(nomination.get_absolute_url()).content.decode()


def test_unit_heads_screen_offers_no_organisation(client, personas, eligible, board):
    client.force_login(personas["unit_head"])
    page = client.get(reverse("council:nominate"))
    choices = dict(page.context["form"].fields["subject"].choices)
    assert "Cơ quan" not in choices and 'id="organization-eligibility"' not in page.content.decode()
    assert "Đặng Thị Phó" not in page.content.decode()
    response = client.post(reverse("council:nominate"), {"subject": "o", "title": "TTLDXS",
                                                         "justification": "x"})  # fmt: skip
    assert response.status_code == 200 and not Nomination.objects.exists()


# --- a unit's list in one form ------------------------------------------------------------------


def bulk(personas, units, rows, persona="unit_head", unit="a", **meeting):
    meeting = {"meeting_on": date(2022, 12, 10), "meeting_attendance": 9,
               "meeting_votes": 8} | meeting  # fmt: skip
    return do_nominate_many(year=YEAR, unit=units[unit], rows=rows,
                            acting_user=personas[persona], **meeting)  # fmt: skip


def test_unit_head_nominates_people_and_the_unit_at_once(personas, eligible, units):
    done = bulk(personas, units, [
        NominationRow(eligible["staff"], "LDTT"), NominationRow(eligible["dat"], "LDTT"),
        NominationRow(None, "TTLDTT", "Đơn vị hoàn thành tốt."),
    ])  # fmt: skip
    assert [(n.person, n.unit, n.title) for n in done] == [
        (eligible["staff"], None, "LDTT"), (eligible["dat"], None, "LDTT"),
        (None, units["a"], "TTLDTT"),
    ]  # fmt: skip
    assert {(n.meeting_on, n.meeting_attendance, n.meeting_votes) for n in done} == {
        (date(2022, 12, 10), 9, 8)
    }
    assert {n.proposed_by for n in done} == {personas["unit_head"]}


def test_the_secretary_nominates_a_unit_without_a_head(personas, eligible, units, org):
    other_head = make_user("truongkhoab", org, Role.UNIT_HEAD, unit=units["b"])
    done = bulk(personas, units, [NominationRow(eligible["other"], "LDTT")], persona="secretary",
                unit="b")  # fmt: skip
    assert done[0].person == eligible["other"]
    # The head of another unit may not.
    with pytest.raises(ActionRefused, match="tập thể đơn vị mình"):
        bulk(personas, units, [NominationRow(eligible["staff"], "LDTT")], persona="unit_head",
             unit="b")  # fmt: skip
    assert other_head.headed_unit_ids == {units["b"].pk}


@pytest.mark.parametrize("persona", ["principal", "council_member", "staff", "leader", "outsider"])
def test_bulk_nomination_refused_to_other_roles(personas, eligible, units, persona):
    with pytest.raises(ActionRefused):
        bulk(personas, units, [NominationRow(eligible["staff"], "LDTT")], persona=persona)
    assert not Nomination.objects.exists()


def test_bulk_nomination_is_all_or_nothing_with_errors_by_row(personas, eligible, units):
    do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                acting_user=personas["unit_head"])  # fmt: skip
    left = eligible["head"]
    make_eligible(left.organization, left)
    left.left_on = date.today() - timedelta(days=1)
    left.save()
    with pytest.raises(NominationsRefused) as refused:
        bulk(personas, units, [
            NominationRow(eligible["dat"], "LDTT"),  # fine alone
            NominationRow(eligible["staff"], "LDTT"),  # already nominated
            NominationRow(left, "LDTT"),  # has left
            NominationRow(None, "TTLDTT"),  # review, no justification
            NominationRow(eligible["other"], "LDTT"),  # another unit's
        ])  # fmt: skip
    errors = refused.value.errors
    assert set(errors) == {eligible["staff"].pk, left.pk, "unit", eligible["other"].pk}
    assert "đã được đề nghị" in errors[eligible["staff"].pk]
    assert "đã thôi việc" in errors[left.pk]
    assert "cần ghi lý do" in errors["unit"]
    assert "không thuộc Khoa Xây dựng Đảng" in errors[eligible["other"].pk]
    assert Nomination.objects.count() == 1  # the one made before; Đạt's rolled back
    with pytest.raises(ActionRefused, match="không vượt số người dự họp"):
        bulk(personas, units, [NominationRow(eligible["dat"], "LDTT")], meeting_votes=10)
    with pytest.raises(ActionRefused, match="chọn hai lần"):
        bulk(personas, units, [NominationRow(eligible["dat"], "LDTT"),
                               NominationRow(eligible["dat"], "CSTD_CS", "x")])  # fmt: skip
    assert Nomination.objects.count() == 1


def test_bulk_form_by_persona(client, personas, eligible, units):
    url = "{}?year={}".format(reverse("council:nominate_many", args=[units["a"].pk]), YEAR)
    for persona in ("staff", "principal", "council_member"):
        client.force_login(personas[persona])
        assert client.get(url).status_code == 403
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(personas["unit_head"])
    other = reverse("council:nominate_many", args=[units["b"].pk])
    assert client.get(other).status_code == 403
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    # The registered title is the default: the highest the person registered for.
    assert form["title_{}".format(eligible["dat"].pk)].initial == "CSTD_CS"
    body = page.content.decode()
    assert "Nguyễn Văn Đạt" in body and "Phạm Thị Lan" not in body
    staff, dat = eligible["staff"].pk, eligible["dat"].pk
    payload = {
        "meeting_on": "10/12/2022", "meeting_attendance": "9", "meeting_votes": "8",
        "pick_{}".format(staff): "on", "title_{}".format(staff): "LDTT",
        "pick_{}".format(dat): "on", "title_{}".format(dat): "CSTD_CS",
        "pick_unit": "on", "title_unit": "TTLDTT", "justification_unit": "Đơn vị tốt.",
    }  # fmt: skip
    # Đạt's CSTĐCS needs a reason: the error is on his row, and nothing is stored.
    response = client.post(url, payload)
    assert response.status_code == 200 and not Nomination.objects.exists()
    errors = response.context["form"].errors
    assert "cần ghi lý do" in errors["justification_{}".format(dat)][0]
    assert "justification_{}".format(staff) not in errors
    assert 'id="row-{}"'.format(dat) in response.content.decode()
    payload["justification_{}".format(dat)] = "Có sáng kiến được công nhận."
    response = client.post(url, payload)
    assert response.status_code == 302
    assert sorted(Nomination.objects.values_list("title", flat=True)) == [
        "CSTD_CS", "LDTT", "TTLDTT",
    ]  # fmt: skip
    # Nothing ticked, or more votes than people present: errors, nothing stored.
    response = client.post(url, {"meeting_on": "10/12/2022", "meeting_attendance": "3",
                                 "meeting_votes": "4"})  # fmt: skip
    assert "Chọn ít nhất một" in response.content.decode()
    assert "không vượt số người dự họp" in response.content.decode()


def test_the_organisation_is_agreed_only_at_titles_above_the_school(personas, org):
    voters = council_members(org, personas)
    with time_machine.travel(MEETING, tick=True):
        flags = [organization_nomination(personas, code) for code in ("TTLDXS", "CO_CP")]
        session = open_session(personas, voters, flags, on=None)
        ttldxs, co_cp = session.items.order_by("position")
        assert BallotForm(item=ttldxs).fields.get("lower_title") is None
        assert [c for c, _ in BallotForm(item=co_cp).fields["lower_title"].choices][1:] == [
            "CO_TINH", "CO_HV",
        ]  # fmt: skip
        for user, _ in voters[:3]:
            do_cast_ballots(session, [(i, "agree", "") for i in (ttldxs, co_cp)],
                            acting_user=user)  # fmt: skip
        # A member may not agree to the organisation's TTLĐXS as a TTLĐTT (the school's own).
        with pytest.raises(ActionRefused, match="thấp hơn hợp lệ"):
            do_cast_ballot(session, ttldxs, "lower_title", lower_title="TTLDTT",
                           acting_user=voters[3][0])  # fmt: skip
        with pytest.raises(ActionRefused, match="thấp hơn hợp lệ"):
            do_cast_ballots(session, [(ttldxs, "lower_title", "TTLDTT")],
                            acting_user=voters[3][0])  # fmt: skip
        do_cast_ballots(session, [(ttldxs, "agree", ""), (co_cp, "lower_title", "CO_TINH")],
                        acting_user=voters[3][0])  # fmt: skip
    assert choices(co_cp) == [
        "agree", "agree", "agree", "lower_title",
    ]  # fmt: skip


def test_the_bulk_form_prints_a_large_id_as_written(client, org, units, personas):
    """A row's id carries the person's pk as text: 12345, never "12.345" (PostgreSQL's ids grow
    past 999 in a long-lived database; the Vietnamese number format groups thousands)."""
    make_person(org, units["a"], "Đỗ Văn", "Lớn", pk=12345)
    client.force_login(personas["unit_head"])
    url = "{}?year={}".format(reverse("council:nominate_many", args=[units["a"].pk]), YEAR)
    body = client.get(url).content.decode()
    assert 'id="row-12345"' in body and "12.345" not in body
