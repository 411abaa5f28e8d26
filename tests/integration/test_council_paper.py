"""A council session on its real date, time and place, and a session counted on paper
(issue 13, item 3): the meeting details, the paper count, their refusals by persona and by
value, the same thresholds as a vote on screen, the seal, the minutes and the data migration."""

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.helpers.council import MEETING_ON, make_eligible, nominate, papers
from tests.helpers.council import members as council_members
from tests.helpers.documents import docx_text, normalise, pdf_text
from thidua.core.actions import ActionRefused
from thidua.council.actions import (
    PaperCount,
    do_add_member,
    do_annul_session,
    do_cast_ballot,
    do_close_session,
    do_open_session,
    do_put_on_agenda,
    do_record_paper_counts,
    do_set_attendance,
    do_set_meeting_details,
)
from thidua.council.ballot_count import BALLOT_COUNT
from thidua.council.minutes import MINUTES
from thidua.council.models import AgendaItem, Ballot, CouncilSession
from thidua.council.results import session_day, verify_seal
from thidua.documents.render import render

pytestmark = pytest.mark.django_db
YEAR = 2022
# "Today" for these tests: the council met on 20 December 2022 and is entered on the 21st.
TODAY = "2022-12-21 10:00 +07:00"
REFUSED = ("principal", "council_member", "unit_head", "staff", "leader", "outsider")


@pytest.fixture
def members(org, personas):
    return council_members(org, personas)


@pytest.fixture
def eligible(org, people):
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    return people


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def paper_session(personas, members, nominations, *, present=None, name="Phiên họp trên giấy"):
    """A session held yesterday on paper, its members present, the nominations on its agenda."""
    secretary = personas["secretary"]
    session = do_open_session(
        name=name, year=YEAR, meeting_on=date(2022, 12, 20), starts_at=time(8, 30),
        place="Hội trường tầng 2", on_paper=True, acting_user=secretary,
    )  # fmt: skip
    for index, (user, role) in enumerate(members):
        member = do_add_member(session, user, role=role, acting_user=secretary)
        if present is None or index < present:
            do_set_attendance(member, present=True, acting_user=secretary)
    do_put_on_agenda(session, nominations, acting_user=secretary)
    return session


def count(issued=4, returned=4, valid=4, agree=4, disagree=0, lower=None):
    return PaperCount(issued=issued, returned=returned, valid=valid, agree=agree,
                      disagree=disagree, lower=lower or {})  # fmt: skip


# --- the meeting's date, time and place ---------------------------------------------------------


def test_a_session_opens_on_the_meeting_day_and_session_day_is_it(personas, today):
    session = do_open_session(
        name="Phiên họp cuối năm", year=YEAR, meeting_on=date(2022, 12, 20),
        starts_at=time(8, 30), place="Hội trường tầng 2", acting_user=personas["secretary"],
    )  # fmt: skip
    session.refresh_from_db()
    assert (session.meeting_on, session.starts_at, session.ends_at, session.place) == (
        date(2022, 12, 20), time(8, 30), None, "Hội trường tầng 2",
    )
    # Opened on the 21st, the council met on the 20th: that is the day its procedure reads.
    assert session_day(session) == date(2022, 12, 20)
    # Left to the defaults: today, now (to the minute), at the organisation.
    default = do_open_session(name="Phiên 2", year=YEAR, acting_user=personas["admin"])
    assert (default.meeting_on, default.starts_at, default.place) == (
        date(2022, 12, 21), time(10, 0), personas["admin"].organization.name,
    )


@pytest.mark.parametrize(
    ("meeting_on", "starts_at", "message"),
    [
        (date(2022, 12, 22), time(8, 0), "Ngày họp 22/12/2022 ở sau hôm nay"),
        (date(2021, 12, 30), time(8, 0), "Ngày họp 30/12/2021 trước năm 2022 được xét"),
        (date(2022, 12, 21), time(11, 0), "Giờ bắt đầu 11:00 ở sau thời điểm hiện tại"),
    ],
)
def test_opening_refuses_a_meeting_day_that_cannot_be(personas, today, meeting_on, starts_at,
                                                      message):  # fmt: skip
    with pytest.raises(ActionRefused, match=message):
        do_open_session(name="Phiên", year=YEAR, meeting_on=meeting_on, starts_at=starts_at,
                        acting_user=personas["secretary"])  # fmt: skip
    assert not CouncilSession.objects.exists()


def test_a_2022_review_meets_in_2022_or_2023_never_later(personas):
    with time_machine.travel("2024-02-01 10:00 +07:00", tick=False):
        with pytest.raises(ActionRefused, match="Ngày họp 02/01/2024 quá xa năm 2022 được xét: "
                                                "Hội đồng xét năm 2022 chậm nhất trong năm 2023"):
            do_open_session(name="Phiên", year=YEAR, meeting_on=date(2024, 1, 2),
                            acting_user=personas["secretary"])  # fmt: skip
        assert not CouncilSession.objects.exists()
        late = do_open_session(name="Phiên", year=YEAR, meeting_on=date(2023, 12, 31),
                               acting_user=personas["secretary"])  # fmt: skip
    assert late.meeting_on == date(2023, 12, 31)


def test_a_day_before_the_law_thidua_knows_is_refused(personas):
    before = "Ngày họp 20/12/2010 trước ngày .* có hiệu lực"
    with time_machine.travel("2010-12-21 10:00 +07:00", tick=False), pytest.raises(
        ActionRefused, match=before
    ):
        do_open_session(name="Phiên", year=2010, meeting_on=date(2010, 12, 20),
                        acting_user=personas["secretary"])  # fmt: skip
    assert not CouncilSession.objects.exists()


@pytest.mark.parametrize("persona", ["secretary", "admin"])
def test_secretary_and_admin_correct_the_meeting_details(personas, today, persona):
    session = do_open_session(name="Phiên", year=YEAR, acting_user=personas["secretary"])
    do_set_meeting_details(
        session, meeting_on=date(2022, 12, 19), starts_at=time(14, 0), ends_at=time(16, 30),
        place="Phòng họp số 1", acting_user=personas[persona],
    )  # fmt: skip
    session.refresh_from_db()
    assert (session.meeting_on, session.starts_at, session.ends_at, session.place) == (
        date(2022, 12, 19), time(14, 0), time(16, 30), "Phòng họp số 1",
    )


def test_others_may_not_correct_the_meeting_details(personas, today):
    session = do_open_session(name="Phiên", year=YEAR, meeting_on=date(2022, 12, 20),
                              acting_user=personas["secretary"])  # fmt: skip
    for persona in REFUSED:
        with pytest.raises(ActionRefused, match="thường trực"):
            do_set_meeting_details(session, meeting_on=date(2022, 12, 19), starts_at=time(8, 0),
                                   place="X", acting_user=personas[persona])  # fmt: skip
    session.refresh_from_db()
    assert session.meeting_on == date(2022, 12, 20)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meeting_on": date(2021, 12, 1)}, "trước năm 2022 được xét"),
        ({"meeting_on": date(2022, 12, 25)}, "ở sau hôm nay"),
        ({"ends_at": time(8, 0)}, "Giờ kết thúc 08:00 trước giờ bắt đầu 09:00"),
        ({"place": "  "}, "Cần ghi địa điểm họp"),
    ],
)
def test_meeting_details_refusals_write_nothing(personas, today, changes, message):
    session = do_open_session(name="Phiên", year=YEAR, meeting_on=date(2022, 12, 20),
                              starts_at=time(9, 0), place="Hội trường",
                              acting_user=personas["secretary"])  # fmt: skip
    values = {"meeting_on": date(2022, 12, 20), "starts_at": time(9, 0), "ends_at": None,
              "place": "Hội trường", **changes}  # fmt: skip
    with pytest.raises(ActionRefused, match=message):
        do_set_meeting_details(session, acting_user=personas["secretary"], **values)
    session.refresh_from_db()
    assert (session.meeting_on, session.starts_at, session.ends_at, session.place) == (
        date(2022, 12, 20), time(9, 0), None, "Hội trường",
    )


def test_details_are_locked_once_the_session_closes(personas, members, eligible, today):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"])])
    do_record_paper_counts(session, {session.items.get(): count()},
                           acting_user=personas["secretary"])  # fmt: skip
    do_close_session(session, ends_at=time(10, 15), acting_user=personas["secretary"])
    session.refresh_from_db()
    assert session.ends_at == time(10, 15) and session.state == "closed"
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        do_set_meeting_details(session, meeting_on=date(2022, 12, 19), starts_at=time(8, 0),
                               place="X", acting_user=personas["secretary"])  # fmt: skip


def test_closing_refuses_an_end_before_the_start(personas, members, eligible, today):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"])])
    do_record_paper_counts(session, {session.items.get(): count()},
                           acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="Giờ kết thúc 07:00 trước giờ bắt đầu 08:30"):
        do_close_session(session, ends_at=time(7, 0), acting_user=personas["secretary"])
    session.refresh_from_db()
    assert session.state == "open" and session.ends_at is None and not session.seal


# --- counts held on paper -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretary", "admin"])
def test_secretary_and_admin_enter_the_paper_count(personas, members, eligible, today, persona):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    do_record_paper_counts(session, {item: count(agree=3, disagree=1)},
                           acting_user=personas[persona])  # fmt: skip
    item.refresh_from_db()
    assert (item.paper_issued, item.paper_returned, item.paper_valid) == (4, 4, 4)
    assert sorted(Ballot.objects.filter(item=item).values_list("choice", flat=True)) == [
        "agree", "agree", "agree", "disagree",
    ]
    # Entered again, the count replaces the first one.
    do_record_paper_counts(session, {item: count(valid=3, agree=2, disagree=1)},
                           acting_user=personas[persona])  # fmt: skip
    assert Ballot.objects.filter(item=item).count() == 3


def test_others_may_not_enter_the_paper_count(personas, members, eligible, today):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    for persona in REFUSED:
        with pytest.raises(ActionRefused, match="thường trực"):
            do_record_paper_counts(session, {item: count()}, acting_user=personas[persona])
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        ({"agree": 3, "disagree": 2}, "agree", r"cộng lại \(5\) vượt số phiếu hợp lệ \(4\)"),
        ({"valid": 4, "returned": 3}, "valid", r"số phiếu hợp lệ \(4\) vượt số phiếu thu về \(3\)"),
        ({"issued": 3, "returned": 4, "valid": 3, "agree": 3}, "returned",
         r"số phiếu thu về \(4\) vượt số phiếu phát ra \(3\)"),
        ({"issued": 5, "returned": 5, "valid": 5, "agree": 5}, "issued",
         r"số phiếu phát ra \(5\) vượt số thành viên biểu quyết của phiên họp \(4"),
        ({"disagree": -1, "agree": 3}, "disagree", "Số phiếu không đồng ý phải là số không âm"),
        ({"agree": 2, "lower": {"LDTT": 1}}, "lower", "không có mức thấp hơn «Lao động tiên tiến»"),
    ],
)
def test_paper_counts_that_cannot_be_are_refused_and_nothing_is_written(
    personas, members, eligible, today, figures, field, message
):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"]),
                                                nominate(personas, eligible["dat"])])  # fmt: skip
    first, second = session.items.order_by("position")
    with pytest.raises(ActionRefused, match=message) as refused:
        do_record_paper_counts(session, {first: count(), second: count(**figures)},
                               acting_user=personas["secretary"])  # fmt: skip
    assert (refused.value.field, refused.value.row) == (field, second.pk)
    assert str(refused.value).startswith(second.nomination.subject_name)  # names the row
    # All rows or none: the valid first row is not written either.
    assert not Ballot.objects.exists()
    assert not AgendaItem.objects.filter(paper_issued__isnull=False).exists()


def test_the_lower_title_count_goes_where_the_title_has_one(personas, members, eligible, today):
    cstd = nominate(personas, eligible["dat"], "CSTD_CS", justification="Có sáng kiến.")
    session = paper_session(personas, members, [cstd])
    item = session.items.get()
    do_record_paper_counts(session, {item: count(agree=2, disagree=1, lower={"LDTT": 1})},
                           acting_user=personas["secretary"])  # fmt: skip
    assert list(Ballot.objects.filter(choice="lower_title").values_list("lower_title", flat=True)) \
        == ["LDTT"]  # fmt: skip


def test_no_mixing_a_vote_on_screen_with_a_paper_count(personas, members, eligible, today):
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên", year=YEAR, meeting_on=date(2022, 12, 20),
                              acting_user=secretary)  # fmt: skip
    for user, role in members:
        do_set_attendance(do_add_member(session, user, role=role, acting_user=secretary),
                          present=True, acting_user=secretary)  # fmt: skip
    [item] = do_put_on_agenda(session, [nominate(personas, eligible["staff"])],
                              acting_user=secretary)  # fmt: skip
    # A session voting on screen takes no paper count.
    with pytest.raises(ActionRefused, match="bỏ phiếu trên hệ thống, không kiểm phiếu bằng"):
        do_record_paper_counts(session, {item: count()}, acting_user=secretary)
    do_cast_ballot(session, item, "agree", acting_user=members[0][0])
    # Once a member voted here, it cannot turn into a paper session, nor take a paper count.
    with pytest.raises(ActionRefused, match="không trộn hai cách bỏ phiếu"):
        do_set_meeting_details(session, meeting_on=date(2022, 12, 20), starts_at=session.starts_at,
                               place="Hội trường", on_paper=True,
                               acting_user=secretary)  # fmt: skip
    CouncilSession.objects.filter(pk=session.pk).update(on_paper=True)  # forced past the screen
    with pytest.raises(ActionRefused, match="không trộn hai cách bỏ phiếu"):
        do_record_paper_counts(session, {item: count()}, acting_user=secretary)
    assert len(papers(item)) == 1
    # And a paper session takes no vote on screen.
    paper = paper_session(personas, [], [nominate(personas, eligible["dat"])], name="Giấy")
    with pytest.raises(ActionRefused, match="kiểm phiếu bằng phiếu giấy"):
        do_cast_ballot(paper, paper.items.get(), "agree", acting_user=secretary)


def test_a_closed_session_takes_no_paper_count(personas, members, eligible, today):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"])])
    item = session.items.get()
    do_record_paper_counts(session, {item: count()}, acting_user=personas["secretary"])
    do_close_session(session, ends_at=time(10, 0), acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã kết thúc"):
        do_record_paper_counts(session, {item: count(agree=1, disagree=3)},
                               acting_user=personas["secretary"])  # fmt: skip
    assert Ballot.objects.filter(item=item, choice="agree").count() == 4


def test_a_paper_session_closes_only_when_every_item_is_counted(personas, members, eligible,
                                                                today):  # fmt: skip
    session = paper_session(personas, members, [nominate(personas, eligible["staff"]),
                                                nominate(personas, eligible["dat"])])  # fmt: skip
    first = session.items.order_by("position").first()
    do_record_paper_counts(session, {first: count()}, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="Chưa nhập kết quả kiểm phiếu giấy cho"):
        do_close_session(session, ends_at=time(10, 0), acting_user=personas["secretary"])
    session.refresh_from_db()
    assert session.state == "open"


KEYS = ("agree", "disagree", "lower", "ballots", "denominator", "denominator_kind", "threshold",
        "percent", "passed", "passed_title", "over_quota")  # fmt: skip


def test_a_paper_count_passes_and_fails_exactly_as_the_same_vote_on_screen(
    personas, members, eligible, today
):
    """LĐTT: 3 of 4 pass (75% ≥ 70%), 2 of 4 fail; CSTĐCS 2 agree + 1 lower reaches LĐTT."""
    staff = nominate(personas, eligible["staff"])
    dat = nominate(personas, eligible["dat"])
    head = nominate(personas, eligible["head"], "CSTD_CS", justification="Có sáng kiến.")
    secretary = personas["secretary"]
    screen = do_open_session(name="Trên hệ thống", year=YEAR, meeting_on=date(2022, 12, 20),
                             starts_at=time(8, 0), acting_user=secretary)  # fmt: skip
    for user, role in members:
        do_set_attendance(do_add_member(screen, user, role=role, acting_user=secretary),
                          present=True, acting_user=secretary)  # fmt: skip
    items = do_put_on_agenda(screen, [staff, dat, head], acting_user=secretary)
    choices = {
        staff.pk: [("agree", "")] * 3 + [("disagree", "")],
        dat.pk: [("agree", "")] * 2 + [("disagree", "")] * 2,
        head.pk: [("agree", "")] * 2 + [("lower_title", "LDTT"), ("disagree", "")],
    }
    for item in items:
        for (user, _), (choice, lower) in zip(members, choices[item.nomination_id], strict=True):
            do_cast_ballot(screen, item, choice, lower_title=lower, acting_user=user)
    do_close_session(screen, ends_at=time(9, 0), acting_user=secretary)
    screen.refresh_from_db()
    do_annul_session(screen, reason="Bỏ phiếu lại trên giấy để đối chiếu.", acting_user=secretary)

    paper = paper_session(personas, members, [staff, dat, head])
    by_nomination = {i.nomination_id: i for i in paper.items.all()}
    do_record_paper_counts(paper, {
        by_nomination[staff.pk]: count(agree=3, disagree=1),
        by_nomination[dat.pk]: count(agree=2, disagree=2),
        by_nomination[head.pk]: count(agree=2, disagree=1, lower={"LDTT": 1}),
    }, acting_user=secretary)  # fmt: skip
    do_close_session(paper, ends_at=time(10, 0), acting_user=secretary)
    paper.refresh_from_db()

    on_screen = {r["nomination"]: r for r in screen.results["items"]}
    on_paper = {r["nomination"]: r for r in paper.results["items"]}
    for pk in (staff.pk, dat.pk, head.pk):
        assert {k: on_paper[pk][k] for k in KEYS} == {k: on_screen[pk][k] for k in KEYS}
    assert [on_paper[pk]["passed_title"] for pk in (staff.pk, dat.pk, head.pk)] == [
        "LDTT", None, "LDTT",
    ]
    assert on_paper[staff.pk]["paper"] == {"issued": 4, "returned": 4, "valid": 4}
    assert paper.results["counted_on_paper"] is True and "counted_on_paper" not in screen.results
    staff.refresh_from_db()
    dat.refresh_from_db()
    assert (staff.state, dat.state) == ("passed", "failed")


def test_a_paper_session_below_quorum_does_not_close(personas, members, eligible, today):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"])], present=2)
    do_record_paper_counts(session, {session.items.get(): count(issued=2, returned=2, valid=2,
                                                               agree=2)},
                           acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="Chưa đủ 2/3 thành viên có mặt"):
        do_close_session(session, ends_at=time(10, 0), acting_user=personas["secretary"])


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def _closed_paper_session(personas, members, eligible):
    session = paper_session(personas, members, [nominate(personas, eligible["staff"]),
                                                nominate(personas, eligible["dat"])])  # fmt: skip
    first, second = session.items.order_by("position")
    do_record_paper_counts(session, {
        first: count(agree=4),
        second: count(issued=4, returned=3, valid=2, agree=1, disagree=1),
    }, acting_user=personas["secretary"])  # fmt: skip
    do_close_session(session, ends_at=time(10, 45), acting_user=personas["secretary"])
    session.refresh_from_db()
    return session


def test_the_seal_verifies_a_paper_session_and_catches_a_changed_figure(
    personas, members, eligible, today
):
    session = _closed_paper_session(personas, members, eligible)
    assert verify_seal(session) == []
    out = _Sink()
    call_command("verify_council_seal", "--session", str(session.pk), stdout=out)
    assert "Phiên {} «Phiên họp trên giấy»: OK".format(session.pk) in out.text
    item = session.items.order_by("position").last()
    AgendaItem.objects.filter(pk=item.pk).update(paper_valid=1)
    assert any("«paper»" in problem for problem in verify_seal(session))
    with pytest.raises(CommandError, match=str(session.pk)):
        call_command("verify_council_seal", "--session", str(session.pk), stdout=_Sink())
    AgendaItem.objects.filter(pk=item.pk).update(paper_valid=2)
    CouncilSession.objects.filter(pk=session.pk).update(place="Nơi khác")
    session.refresh_from_db()
    assert any("thông tin cuộc họp" in problem for problem in verify_seal(session))


def test_the_minutes_and_count_sheet_print_the_meeting_and_the_paper_count(
    personas, members, eligible, today
):
    session = _closed_paper_session(personas, members, eligible)
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        minutes = normalise(read(render(MINUTES, session, fmt)))
        assert "bắt đầu lúc 8 giờ 30 phút, ngày 20 tháng 12 năm 2022" in minutes, fmt
        assert "kết thúc lúc 10 giờ 45 phút, ngày 20 tháng 12 năm 2022" in minutes, fmt
        assert "Địa điểm: Hội trường tầng 2." in minutes, fmt
        assert "kiểm phiếu bằng phiếu giấy" in minutes, fmt
        # Not today's date (the seal's hexadecimal digits may hold any four digits by chance).
        undated = re.sub(r"[0-9a-f]{16,}", "", minutes)
        assert "2026" not in undated and "21 tháng 12" not in undated, fmt
        sheet = normalise(read(render(BALLOT_COUNT, session, fmt)))
        assert "Hồi 10 giờ 45 phút, ngày 20 tháng 12 năm 2022, tại Hội trường tầng 2" in sheet, fmt
        assert "Kết quả kiểm phiếu bằng phiếu giấy được nhập, chốt và niêm phong" in sheet, fmt
    # The second item: 4 issued, 3 returned, 2 valid, so 1 invalid and 1 not returned.
    from thidua.council.ballot_count import build_ballot_count_context

    row = build_ballot_count_context(session)["rows"][1]
    assert {k: row[k] for k in ("issued", "received", "valid", "invalid", "not_returned",
                                "agree", "disagree")} == {
        "issued": "4", "received": "3", "valid": "2", "invalid": "1", "not_returned": "1",
        "agree": "1", "disagree": "1",
    }  # fmt: skip


def test_a_voted_session_s_minutes_say_it_voted_on_screen(personas, members, eligible):
    from tests.helpers.council import run_session

    session = run_session(personas, members, [nominate(personas, eligible["staff"])])
    text = normalise(docx_text(render(MINUTES, session, "docx")))
    assert "bỏ phiếu kín trên hệ thống" in text and "phiếu giấy" not in text
    assert "ngày 20 tháng 12 năm 2022" in text and session.meeting_on == MEETING_ON


# --- the screens --------------------------------------------------------------------------------


def test_the_paper_count_form_saves_all_rows_or_shows_each_error(client, personas, members,
                                                                 eligible, today):  # fmt: skip
    session = paper_session(personas, members, [nominate(personas, eligible["staff"]),
                                                nominate(personas, eligible["dat"])])  # fmt: skip
    first, second = session.items.order_by("position")
    url = reverse("council:session", args=[session.pk])
    client.force_login(personas["secretary"])
    page = client.get(url).content.decode()
    assert 'id="paper-form"' in page and 'id="meeting-place">Hội trường tầng 2' in page
    assert 'id="tally"' not in page  # nothing to poll: no one votes on screen

    def row(item, **values):
        figures = {"issued": 4, "returned": 4, "valid": 4, "agree": 3, "disagree": 1, **values}
        return {"paper{}-{}".format(item.pk, k): v for k, v in figures.items()}

    response = client.post(url, {"action": "paper", **row(first), **row(second, valid=5)})
    assert response.status_code == 200
    [bad] = [f for f in response.context["paper_forms"] if f.errors]
    assert bad.item == second and "vượt số phiếu thu về" in bad.errors["valid"][0]
    assert not Ballot.objects.exists()
    response = client.post(url, {"action": "paper", **row(first), **row(second, agree="-2")})
    [bad] = [f for f in response.context["paper_forms"] if f.errors]
    assert bad.item == second and "agree" in bad.errors
    response = client.post(url, {"action": "paper", **row(first), **row(second)})
    assert response.status_code == 302
    assert Ballot.objects.filter(item__session=session).count() == 8
    # Closing asks for the end time; the page then shows it.
    response = client.post(url, {"action": "close", "close-ends_at": "10:20"})
    session.refresh_from_db()
    assert session.state == "closed" and session.ends_at == time(10, 20)
    page = client.get(url).content.decode()
    assert "từ 08:30 đến 10:20" in page and "Biên bản giấy đã ký" in page


def test_meeting_details_form_ties_errors_to_the_field(client, personas, today):
    session = do_open_session(name="Phiên", year=YEAR, meeting_on=date(2022, 12, 20),
                              starts_at=time(9, 0), acting_user=personas["secretary"])  # fmt: skip
    url = reverse("council:session", args=[session.pk])
    data = {"action": "details", "meeting-meeting_on": "20/12/2022", "meeting-starts_at": "09:00",
            "meeting-ends_at": "08:00", "meeting-place": "Hội trường"}  # fmt: skip
    client.force_login(personas["council_member"])
    assert client.post(url, data).status_code in (403, 404)
    client.force_login(personas["secretary"])
    response = client.post(url, data)
    assert "trước giờ bắt đầu" in response.context["details_form"].errors["ends_at"][0]
    data["meeting-ends_at"] = "11:00"
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.ends_at == time(11, 0) and session.place == "Hội trường"
    listed = client.get(reverse("council:session_list")).content.decode()
    assert "20/12/2022" in listed and "Hội trường" in listed  # the day met, not 21/12 opened


def test_signed_minutes_attach_to_a_paper_session(client, personas, members, eligible, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = paper_session(personas, members, [nominate(personas, eligible["staff"])])
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    upload = reverse("attachments:attachment_upload",
                     args=["council", "councilsession", session.pk])  # fmt: skip
    client.force_login(personas["principal"])
    assert client.post(upload, {"file": SimpleUploadedFile("bb.pdf", pdf)}).status_code == 403
    assert not session.attachments.exists()
    client.force_login(personas["secretary"])
    client.post(upload, {"file": SimpleUploadedFile("bien-ban.pdf", pdf)})
    assert list(session.attachments.values_list("name", flat=True)) == ["bien-ban.pdf"]
    client.force_login(personas["unit_head"])
    assert client.post(upload, {"file": SimpleUploadedFile("x.pdf", pdf)}).status_code == 404


# --- the data migration -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_sessions_their_opening_and_closing_times(org, personas):
    executor = MigrationExecutor(connection)
    executor.migrate([("council", "0003_session_meeting_details_paper_counts")])
    old = executor.loader.project_state(
        ("council", "0003_session_meeting_details_paper_counts")
    ).apps
    session_model = old.get_model("council", "CouncilSession")
    # Opened 01:54 UTC = 08:54 in Hà Tĩnh, closed the same local day; another closed next day.
    same_day = session_model.objects.create(
        organization_id=org.pk, year=2022, name="Cũ", opened_by_id=personas["secretary"].pk,
        opened_at=datetime(2022, 12, 20, 1, 54, 12, tzinfo=UTC),
        closed_at=datetime(2022, 12, 20, 3, 58, tzinfo=UTC),
    )  # fmt: skip
    next_day = session_model.objects.create(
        organization_id=org.pk, year=2022, name="Qua đêm", opened_by_id=personas["secretary"].pk,
        opened_at=datetime(2022, 12, 20, 16, 30, tzinfo=UTC),  # 23:30 local
        closed_at=datetime(2022, 12, 20, 17, 30, tzinfo=UTC),  # 00:30 the next local day
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    same_day = CouncilSession.objects.get(pk=same_day.pk)
    assert (same_day.meeting_on, same_day.starts_at, same_day.ends_at, same_day.place) == (
        date(2022, 12, 20), time(8, 54, 12), time(10, 58), org.name,
    )
    next_day = CouncilSession.objects.get(pk=next_day.pk)
    assert (next_day.meeting_on, next_day.starts_at, next_day.ends_at) == (
        date(2022, 12, 20), time(23, 30), None,
    )
    assert session_day(same_day) == date(2022, 12, 20)
