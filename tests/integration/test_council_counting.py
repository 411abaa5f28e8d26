"""The counting committee (ban kiểm phiếu): elected by the meeting from its members present,
recorded by the council's secretary, printed as elected on the vote-count sheet and the minutes;
a dotted blank where none was recorded."""

from datetime import time

import pytest
from django.urls import reverse

from tests.helpers.documents import docx_text, pdf_text
from tests.integration import test_council_documents as documents_tests
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    FieldRefused,
    do_close_session,
    do_elect_counting_committee,
    do_open_session,
    do_set_attendance,
    do_set_meeting_details,
)
from thidua.council.ballot_count import BALLOT_COUNT, COUNTER_BLANK
from thidua.council.minutes import MINUTES
from thidua.council.models import CouncilMember
from thidua.documents.render import render

pytestmark = pytest.mark.django_db
# The vote-count tests' council and voted session (fixtures).
council = documents_tests.council
voted = documents_tests.voted
open_with = documents_tests.open_with


def seat(session, username) -> CouncilMember:
    return session.members.get(user__username=username)


def elect(session, personas, head="uyvien", members=("uyvien2",), at=time(9, 10), **kwargs):
    return do_elect_counting_committee(
        session, head=seat(session, head), members=[seat(session, m) for m in members],
        elected_at=at, acting_user=kwargs.get("acting_user", personas["secretary"]),
    )  # fmt: skip


def test_the_secretary_records_the_committee_and_both_papers_print_it(voted, personas):
    elect(voted, personas)
    duties = dict(voted.members.exclude(counting="").values_list("user__username", "counting"))
    assert duties == {"uyvien": "head", "uyvien2": "member"}
    voted.refresh_from_db()
    assert voted.counting_elected_at == time(9, 10)
    closed = do_close_session(voted, ends_at=time(11, 0), acting_user=personas["secretary"])
    text = docx_text(render(BALLOT_COUNT, closed, "docx"))
    assert "1. uyvien – Ủy viên, Trưởng ban kiểm phiếu." in text
    assert "2. Bùi Thị Mai – Ủy viên, Thành viên ban kiểm phiếu." in text
    assert COUNTER_BLANK not in text
    # The secretary is no longer named as a counter by default.
    assert "Thư ký Hội đồng, Trưởng ban kiểm phiếu" not in text
    pdf = pdf_text(render(BALLOT_COUNT, closed, "pdf"))
    assert "Bùi Thị Mai – Ủy viên, Thành viên ban kiểm phiếu" in pdf
    assert COUNTER_BLANK not in pdf
    line = "Hồi 9 giờ 10 phút, Hội đồng bầu Ban kiểm phiếu gồm: uyvien (Trưởng ban), Bùi Thị Mai."
    assert line in docx_text(render(MINUTES, closed, "docx"))
    assert "Ban kiểm phiếu gồm: uyvien (Trưởng ban), Bùi Thị Mai" in pdf_text(
        render(MINUTES, closed, "pdf")
    )


def test_without_a_recorded_committee_the_names_are_marked_blanks(voted, personas):
    closed = do_close_session(voted, ends_at=time(11, 0), acting_user=personas["secretary"])
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        text = read(render(BALLOT_COUNT, closed, fmt))
        assert "{} – thành viên Hội đồng có mặt, Trưởng ban kiểm phiếu".format(COUNTER_BLANK) in (
            text
        )
        assert "Thư ký Hội đồng, Trưởng ban kiểm phiếu" not in text
        minutes = read(render(MINUTES, closed, fmt))
        assert "Ban kiểm phiếu gồm: {} (Trưởng ban)".format(COUNTER_BLANK) in minutes


def test_electing_again_replaces_the_committee(voted, personas):
    elect(voted, personas)
    elect(voted, personas, head="uyvien2", members=("thuky", "hieutruong"))
    duties = dict(voted.members.exclude(counting="").values_list("user__username", "counting"))
    assert duties == {"uyvien2": "head", "thuky": "member", "hieutruong": "member"}


def test_an_absent_member_cannot_be_elected(voted, personas):
    # uyvien3 votes in writing, away from the meeting.
    with pytest.raises(FieldRefused, match="vắng mặt") as refused:
        elect(voted, personas, members=("uyvien3",))
    assert refused.value.field == "members"
    with pytest.raises(FieldRefused, match="vắng mặt"):
        elect(voted, personas, head="uyvien3", members=())
    assert not voted.members.exclude(counting="").exists()


def test_someone_not_seated_at_the_session_cannot_be_elected(voted, personas):
    other = do_open_session(name="Phiên khác", year=2026, acting_user=personas["secretary"])
    stranger = other.members.first() or CouncilMember.objects.create(
        session=other, user=personas["leader"], present=True
    )
    with pytest.raises(FieldRefused, match="không phải thành viên Hội đồng của phiên họp"):
        do_elect_counting_committee(
            voted, head=seat(voted, "uyvien"), members=[stranger],
            acting_user=personas["secretary"],
        )  # fmt: skip


def test_a_head_is_required(voted, personas):
    with pytest.raises(FieldRefused, match="Trưởng ban"):
        do_elect_counting_committee(voted, head=None, acting_user=personas["secretary"])


@pytest.mark.parametrize(
    "at, message", [(time(8, 59), "trước giờ bắt đầu"), (time(23, 0), "sau giờ kết thúc")]
)
def test_the_election_falls_within_the_meeting(voted, personas, at, message):
    do_set_meeting_details(
        voted, meeting_on=voted.meeting_on, starts_at=time(9, 0), ends_at=time(12, 0),
        place="Phòng họp", acting_user=personas["secretary"],
    )  # fmt: skip
    with pytest.raises(FieldRefused, match=message) as refused:
        elect(voted, personas, at=at)
    assert refused.value.field == "elected_at"


def test_the_meeting_hours_and_the_close_keep_the_election_inside(voted, personas):
    elect(voted, personas, at=time(9, 30))
    with pytest.raises(FieldRefused, match="Ban kiểm phiếu") as refused:
        do_set_meeting_details(
            voted, meeting_on=voted.meeting_on, starts_at=time(10, 0), place="Phòng họp",
            acting_user=personas["secretary"],
        )  # fmt: skip
    assert refused.value.field == "starts_at"
    with pytest.raises(FieldRefused, match="trước giờ bầu Ban kiểm phiếu"):
        do_close_session(voted, ends_at=time(9, 20), acting_user=personas["secretary"])


def test_a_counter_cannot_be_marked_absent(personas, council):
    session = open_with(personas, council, [])  # no vote yet: attendance may still change
    elect(session, personas)
    with pytest.raises(ActionRefused, match="thuộc Ban kiểm phiếu"):
        do_set_attendance(seat(session, "uyvien2"), present=False,
                          acting_user=personas["secretary"])  # fmt: skip
    assert seat(session, "uyvien2").present


def test_a_closed_session_keeps_its_committee(voted, personas):
    closed = do_close_session(voted, ends_at=time(11, 0), acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        elect(closed, personas)


@pytest.mark.parametrize("role", ["principal", "leader", "council_member", "unit_head", "staff"])
def test_only_the_secretary_records_it(voted, personas, role):
    with pytest.raises(ActionRefused):
        elect(voted, personas, acting_user=personas[role])
    assert not voted.members.exclude(counting="").exists()


def post(client, session, **data):
    return client.post(
        reverse("council:session", args=[session.pk]), {"action": "counting", **data}
    )


def test_the_session_screen_records_it(client, voted, personas):
    client.force_login(personas["secretary"])
    page = client.get(reverse("council:session", args=[voted.pk])).content.decode()
    assert 'id="counting-form"' in page and "Chưa ghi Ban kiểm phiếu" in page
    # Only the members present are offered (uyvien3 voted in writing).
    assert 'value="{}"'.format(seat(voted, "uyvien3").pk) not in page.split('id="counting-form"')[1]
    response = post(
        client, voted, **{"counting-head": seat(voted, "uyvien").pk,
                          "counting-members": [seat(voted, "uyvien2").pk],
                          "counting-elected_at": "09:05"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("council:session", args=[voted.pk])).content.decode()
    assert "Hội đồng bầu lúc 09:05" in page
    assert "Bùi Thị Mai – Thành viên ban kiểm phiếu" in page


def test_the_screen_shows_a_refusal_beside_the_field(client, voted, personas):
    client.force_login(personas["secretary"])
    response = post(
        client, voted, **{"counting-head": seat(voted, "uyvien3").pk,
                          "counting-elected_at": "09:05"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "vắng mặt; Ban kiểm phiếu được bầu trong số thành viên có mặt" in (
        response.content.decode()
    )
    assert not voted.members.exclude(counting="").exists()


@pytest.mark.parametrize("role", ["principal", "council_member", "unit_head"])
def test_readers_of_the_session_cannot_post_it(client, voted, personas, role):
    client.force_login(personas[role])
    response = post(
        client, voted, **{"counting-head": seat(voted, "uyvien").pk,
                          "counting-elected_at": "09:05"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not voted.members.exclude(counting="").exists()
