"""Council screens by persona: allowed, constrained and denied; forged and repeated posts."""

from datetime import date, time

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.helpers.council import MEETING_ON, choices, papers
from tests.integration.test_council import YEAR, make_eligible
from thidua.accounts.models import Role
from thidua.council.actions import (
    do_add_member,
    do_cast_ballot,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.council.models import CouncilSession, Nomination, VoteRecord

pytestmark = pytest.mark.django_db


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def eligible(org, people):
    for key in ("staff", "dat"):
        make_eligible(org, people[key])
    return people


@pytest.fixture
def session(personas, eligible):
    """An open session: the principal chairs, the secretary and the council member sit on it."""
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên cuối năm", year=YEAR, meeting_on=MEETING_ON,
                               acting_user=secretary)
    for persona, role in (("principal", "chair"), ("secretary", "secretary"),
                          ("council_member", "member")):  # fmt: skip
        member = do_add_member(session, personas[persona], role=role, acting_user=secretary)
        do_set_attendance(member, present=True, acting_user=secretary)
    nomination = do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    do_put_on_agenda(session, [nomination], acting_user=secretary)
    return session


def session_url(session, suffix=""):
    return reverse("council:session" + suffix, args=[session.pk])


# --- nominations --------------------------------------------------------------------------------


def test_unit_head_nominates_from_the_eligibility_list(client, personas, eligible):
    client.force_login(personas["unit_head"])
    url = "{}?year={}".format(reverse("council:nominate"), YEAR)
    page = client.get(url + "&subject=p{}&title=LDTT".format(eligible["dat"].pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn Đạt" in body and "Phạm Thị Lan" not in body  # another unit's person
    response = client.post(url, {"subject": "p{}".format(eligible["dat"].pk), "title": "LDTT"})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert (nomination.person, nomination.verdict) == (eligible["dat"], "eligible")
    # A review case without a reason comes back with the message, nothing stored.
    response = client.post(url, {"subject": "p{}".format(eligible["dat"].pk), "title": "CSTD_CS"})
    assert response.status_code == 200 and "cần ghi lý do" in response.content.decode()
    assert Nomination.objects.count() == 1


def test_only_unit_heads_and_the_secretary_nominate(client, personas, eligible):
    for persona in ("staff", "principal", "council_member", "leader"):
        client.force_login(personas[persona])
        assert client.get(reverse("council:nominate")).status_code == 403
        response = client.post(
            reverse("council:nominate"), {"subject": "p{}".format(eligible["staff"].pk),
                                          "title": "LDTT"}
        )  # fmt: skip
        assert response.status_code == 403
    # Another organisation's secretary nominates in their own organisation only: this one's
    # people are no choice of theirs, and nothing is stored.
    client.force_login(personas["outsider"])
    page = client.get(reverse("council:nominate"))
    assert page.status_code == 200 and "Trần Thị Hoa" not in page.content.decode()
    response = client.post(
        reverse("council:nominate"), {"subject": "p{}".format(eligible["staff"].pk),
                                      "title": "LDTT"}
    )  # fmt: skip
    assert response.status_code == 200 and not Nomination.objects.exists()
    # A forged subject outside the head's units is not a choice of the form.
    client.force_login(personas["unit_head"])
    response = client.post(
        "{}?year={}".format(reverse("council:nominate"), YEAR),
        {"subject": "p{}".format(eligible["other"].pk), "title": "LDTT"},
    )
    assert response.status_code == 200 and not Nomination.objects.exists()


def test_nomination_lists_are_scoped(client, personas, eligible, org, units):
    mine = do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                       acting_user=personas["unit_head"])  # fmt: skip
    head_b = make_user("truongkhoab", org, Role.UNIT_HEAD, unit=units["b"])
    other = do_nominate(year=YEAR, title="TTLDTT", unit=units["b"], justification="Tốt.",
                        acting_user=head_b)  # fmt: skip
    seen = {}
    for persona in ("secretary", "unit_head", "staff", "outsider"):
        client.force_login(personas[persona])
        response = client.get(reverse("council:nomination_list"))
        assert response.status_code == 200
        seen[persona] = {n.pk for n in response.context["table"].data}
    assert seen == {
        "secretary": {mine.pk, other.pk}, "unit_head": {mine.pk}, "staff": {mine.pk},
        "outsider": set(),
    }  # fmt: skip
    client.force_login(personas["outsider"])
    assert client.get(mine.get_absolute_url()).status_code == 404
    client.force_login(personas["unit_head"])
    assert client.get(other.get_absolute_url()).status_code == 404
    page = client.get(mine.get_absolute_url())
    assert page.status_code == 200 and "Giải trình của hệ thống" in page.content.decode()


def test_withdraw_by_the_proposer_only(client, personas, eligible):
    nomination = do_nominate(year=YEAR, title="LDTT", person=eligible["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    client.force_login(personas["secretary"])
    response = client.post(nomination.get_absolute_url(), {"reason": "x"})
    assert "Chỉ đơn vị đề nghị" in texts(response)[0]
    client.force_login(personas["unit_head"])
    client.post(nomination.get_absolute_url(), {"reason": "Đổi người"})
    nomination.refresh_from_db()
    assert nomination.state == "withdrawn"


# --- sessions -----------------------------------------------------------------------------------


def test_secretary_opens_a_session_and_others_cannot(client, personas):
    client.force_login(personas["principal"])
    assert client.get(reverse("council:session_add")).status_code == 403
    assert client.post(reverse("council:session_add"), {"name": "X", "year": YEAR}).status_code \
        == 403  # fmt: skip
    client.force_login(personas["secretary"])
    form = client.get(reverse("council:session_add")).context["form"]
    # The meeting defaults to today and now, at the organisation; a past meeting is entered.
    assert form["meeting_on"].value() == timezone.localdate()
    assert form["place"].value() == personas["secretary"].organization.name
    response = client.post(reverse("council:session_add"), {
        "name": "Phiên 1", "year": YEAR, "meeting_on": "20/12/2022", "starts_at": "08:30",
        "place": "Hội trường A",
    })  # fmt: skip
    session = CouncilSession.objects.get()
    assert response.url == session.get_absolute_url() and session.opened_by == personas["secretary"]
    assert (session.meeting_on, session.starts_at, session.place, session.on_paper) == (
        date(2022, 12, 20), time(8, 30), "Hội trường A", False,
    )
    # A date the 2022 review cannot have met on is refused beside the field, nothing opened.
    response = client.post(reverse("council:session_add"), {
        "name": "Phiên 2", "year": YEAR, "meeting_on": "15/12/2021", "starts_at": "08:30",
        "place": "Hội trường A",
    })  # fmt: skip
    assert "trước năm 2022 được xét" in response.context["form"].errors["meeting_on"][0]
    assert CouncilSession.objects.count() == 1


def test_session_pages_by_persona(client, personas, session):
    for persona, status in (("secretary", 200), ("principal", 200), ("council_member", 200),
                            ("leader", 200), ("unit_head", 404), ("staff", 404),
                            ("outsider", 404)):  # fmt: skip
        client.force_login(personas[persona])
        assert client.get(session_url(session)).status_code == status, persona
        assert client.get(session_url(session, "_tally")).status_code == status, persona
    client.force_login(personas["council_member"])
    assert client.post(session_url(session), {"action": "close"}).status_code == 403
    client.force_login(personas["secretary"])
    listed = client.get(reverse("council:session_list"))
    assert [s.pk for s in listed.context["table"].data] == [session.pk]


def test_secretary_runs_the_session_on_its_page(client, personas, session, eligible, org):
    client.force_login(personas["secretary"])
    leader = personas["leader"]
    client.post(session_url(session), {"action": "add_member", "user": leader.pk,
                                       "role": "member"})  # fmt: skip
    seat = session.members.get(user=leader)
    data = {"action": "attendance", "present_{}".format(seat.pk): "on"}
    for member in session.members.exclude(pk=seat.pk):
        data["present_{}".format(member.pk)] = "on"
    client.post(session_url(session), data)
    seat.refresh_from_db()
    assert seat.present
    second = do_nominate(year=YEAR, title="LDTT", person=eligible["dat"],
                         acting_user=personas["unit_head"])  # fmt: skip
    client.post(session_url(session), {"action": "agenda", "nominations": [second.pk]})
    assert session.items.count() == 2
    response = client.post(session_url(session), {"action": "explode"})
    assert texts(response)[-1] == "Thao tác không hợp lệ."
    for item in session.items.all():
        for persona in ("principal", "secretary", "council_member"):
            do_cast_ballot(session, item, "agree", acting_user=personas[persona])
    # Closing asks when the meeting ended (the session met on an earlier day: no "now").
    response = client.post(session_url(session), {"action": "close", "close-ends_at": "23:59"})
    session.refresh_from_db()
    assert session.state == "closed", texts(response)
    assert session.ends_at == time(23, 59)
    page = client.get(session_url(session)).content.decode()
    assert "Kết quả bỏ phiếu" in page and "3/4" in page and session.seal in page


def test_rank_and_annul_on_the_page(client, personas, session, eligible):
    client.force_login(personas["secretary"])
    nomination = do_nominate(
        year=YEAR,
        title="CSTD_CS",
        person=eligible["dat"],
        justification="Sáng kiến.",
        acting_user=personas["unit_head"],
    )
    do_put_on_agenda(session, [nomination], acting_user=personas["secretary"])
    item = session.items.get(nomination=nomination)
    page = client.get(session_url(session)).content.decode()
    assert 'id="rank-CSTD_CS"' in page
    client.post(session_url(session), {"action": "rank", "title": "CSTD_CS",
                                       "rank_{}".format(item.pk): "1"})  # fmt: skip
    item.refresh_from_db()
    assert item.rank == 1
    response = client.post(session_url(session), {"action": "annul", "reason": ""})
    assert response.status_code == 200 and CouncilSession.objects.get().state == "open"
    client.post(session_url(session), {"action": "annul", "reason": "Sai thành phần."})
    assert CouncilSession.objects.get().state == "annulled"


def test_live_tally_counts_only(client, personas, session):
    item = session.items.get()
    do_cast_ballot(session, item, "disagree", acting_user=personas["council_member"])
    do_cast_ballot(session, item, "agree", acting_user=personas["principal"])
    client.force_login(personas["secretary"])
    fragment = client.get(session_url(session, "_tally"), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in body and "2/3" in body
    for leak in ("uyvien", "hieutruong", "Không đồng ý", "disagree", "agree"):
        assert leak not in body


# --- the ballot page ----------------------------------------------------------------------------


def test_member_votes_on_the_ballot_page_once(client, personas, session):
    item = session.items.get()
    client.force_login(personas["council_member"])
    page = client.get(reverse("council:ballot"))
    assert [r["item"] for r in page.context["rows"]] == [item]
    response = client.post(reverse("council:ballot"),
                           {"item": item.pk, "item{}-choice".format(item.pk): "agree"})  # fmt: skip
    assert response.status_code == 302
    assert texts(response) == ["Đã ghi phiếu cho «Trần Thị Hoa»."]
    again = client.post(reverse("council:ballot"),
                        {"item": item.pk, "item{}-choice".format(item.pk): "disagree"})  # fmt: skip
    assert texts(again)[-1] == "Đồng chí đã bỏ phiếu cho «Trần Thị Hoa» rồi."
    assert choices() == ["agree"]
    assert client.get(reverse("council:ballot")).context["rows"] == []


def test_ballot_page_refuses_outsiders_and_forgeries(client, personas, session, org):
    item = session.items.get()
    payload = {"item": item.pk, "item{}-choice".format(item.pk): "agree"}
    # Another organisation's secretary forging the item id: not found, nothing counted.
    client.force_login(personas["outsider"])
    assert client.post(reverse("council:ballot"), payload).status_code == 404
    # A member of the organisation not seated on this council.
    client.force_login(personas["leader"])
    assert client.get(reverse("council:ballot")).context["rows"] == []
    response = client.post(reverse("council:ballot"), payload)
    assert "không phải thành viên" in texts(response)[0]
    # Without the CSRF token the post is refused before any view code runs.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas["council_member"])
    assert strict.post(reverse("council:ballot"), payload).status_code == 403
    assert len(papers()) == VoteRecord.objects.count() == 0


def test_absent_member_sees_the_paper_but_cannot_vote(client, personas, session):
    seat = session.members.get(user=personas["council_member"])
    do_set_attendance(seat, present=False, acting_user=personas["secretary"])
    client.force_login(personas["council_member"])
    page = client.get(reverse("council:ballot"))
    assert page.context["rows"][0]["may_vote"] is False
    assert "chưa được ghi có mặt" in page.content.decode()


# --- the secret while open, confirmations -------------------------------------------------------


def test_the_open_session_page_shows_who_voted_how_many_never_pass_or_fail(
    client, personas, eligible, session
):
    """Two CSTĐCS with every vote agreeing are over the quota (15% of two): the page must not
    say so, nor any count of agreeing ballots, before the session closes."""
    secretary = personas["secretary"]
    nominations = [
        do_nominate(year=YEAR, title="CSTD_CS", person=eligible[key], justification="Sáng kiến.",
                    acting_user=personas["unit_head"])
        for key in ("staff", "dat")
    ]  # fmt: skip
    do_put_on_agenda(session, nominations, acting_user=secretary)
    for item in session.items.all():
        for persona in ("principal", "secretary", "council_member"):
            do_cast_ballot(session, item, "agree", acting_user=personas[persona])
    client.force_login(secretary)
    body = client.get(session_url(session)).content.decode()
    assert 'id="tally-section"' in body and body.count(">3/3<") == 3
    for leak in ("đạt ngưỡng,", "trường hợp đạt", "quota-issue", "vượt chỉ tiêu:", ">Đạt<",
                 "Không đạt", 'id="results"'):  # fmt: skip
        assert leak not in body, leak
    # The ranking stays available before closing, blind to the choices.
    assert 'id="rank-CSTD_CS"' in body


def test_closing_and_annulling_ask_for_confirmation_and_the_tally_goes(client, personas, session):
    secretary = personas["secretary"]
    item = session.items.get()
    for persona in ("principal", "secretary"):
        do_cast_ballot(session, item, "agree", acting_user=personas[persona])
    client.force_login(secretary)
    body = client.get(session_url(session)).content.decode()
    assert (
        'hx-confirm="Kết thúc phiên họp «Phiên cuối năm» và chốt kết quả? Còn 1 thành viên được '
        "biểu quyết chưa bỏ phiếu đủ các nội dung (1 lượt còn thiếu)."
    ) in body
    assert 'id="annul-form" hx-boost="true" hx-confirm="Huỷ kết quả phiên họp' in body
    tally = client.get(session_url(session, "_tally")).content.decode()
    # The close button is outside the polled tally (focus survives its refresh); the tally
    # carries the confirmation's question with the counts of now, for static/js/live.js.
    assert 'id="close-form"' not in tally and "<button" not in tally and "<input" not in tally
    assert 'data-close-confirm="Kết thúc phiên họp «Phiên cuối năm» và chốt kết quả? Còn 1' in tally
    assert 'id="not-voted"' in tally
    assert "onclick" not in body and "onsubmit" not in body  # no inline script
    # The end time sits outside the polled tally, tied to its close form.
    assert 'form="close-form"' in body and 'form="close-form"' not in tally
    response = client.post(session_url(session), {"action": "close", "close-ends_at": "23:59"})
    assert response.status_code == 302
    body = client.get(session_url(session)).content.decode()
    assert 'id="tally-section"' not in body and 'id="tally"' not in body
    assert 'class="small rule-source">Quy chế hoạt động của Hội đồng Thi đua' in body
    assert 'id="annul-form" hx-boost="true" hx-confirm=' in body


def test_the_attendance_sheet_is_saved_whole_or_not_at_all(client, personas, session):
    """The council member has voted, so marking them absent is refused; the principal's line,
    saved before it on the same sheet, must not stay changed."""
    do_cast_ballot(session, session.items.get(), "agree", acting_user=personas["council_member"])
    principal, secretary, member = session.members.order_by("pk")
    client.force_login(personas["secretary"])
    response = client.post(session_url(session), {
        "action": "attendance", "written_{}".format(principal.pk): "on",
        "present_{}".format(secretary.pk): "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert texts(response) == ["Thành viên đã bỏ phiếu; không ghi vắng mặt được."]
    assert list(session.members.order_by("pk").values_list("present", "written_vote")) == [
        (True, False), (True, False), (True, False),
    ]  # fmt: skip


# --- "chọn tất cả" on the agenda ----------------------------------------------------------------


def test_select_all_of_a_title_or_a_unit_then_put_on_agenda(client, personas, eligible, org,
                                                            units):  # fmt: skip
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên chọn tất cả", year=YEAR, meeting_on=MEETING_ON,
                              acting_user=secretary)  # fmt: skip
    make_eligible(org, eligible["other"])
    ldtt = [do_nominate(year=YEAR, title="LDTT", person=eligible[key], acting_user=secretary)
            for key in ("staff", "dat", "other")]  # fmt: skip
    cstd = do_nominate(year=YEAR, title="CSTD_CS", person=eligible["dat"], justification="x",
                       acting_user=secretary)  # fmt: skip
    flag = do_nominate(year=YEAR, title="TTLDXS", justification="x", acting_user=secretary)
    url = session_url(session)

    def ticked(response):
        assert response.status_code == 200
        return {int(v) for v in response.context["agenda_form"]["nominations"].value() or []}

    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert "Chọn tất cả danh hiệu Lao động tiên tiến" in page
    assert "Chọn tất cả của Khoa Dân vận (1)" in page and "Chọn tất cả của {} (1)".format(
        org.name) in page  # fmt: skip
    response = client.post(url, {"action": "agenda", "select": "title:LDTT"})
    assert ticked(response) == {n.pk for n in ldtt}
    assert "Đã chọn 3 đề nghị" in response.content.decode()
    # A unit's group adds to what is ticked; nothing is on the agenda until confirmed.
    response = client.post(url, {"action": "agenda", "select": "unit:{}".format(units["a"].pk),
                                 "nominations": [flag.pk]})  # fmt: skip
    assert ticked(response) == {ldtt[0].pk, ldtt[1].pk, cstd.pk, flag.pk}
    assert ticked(client.post(url, {"action": "agenda", "select": "organization"})) == {flag.pk}
    assert ticked(client.post(url, {"action": "agenda", "select": "all"})) == {
        n.pk for n in [*ldtt, cstd, flag]
    }
    assert ticked(client.post(url, {"action": "agenda", "select": "none",
                                    "nominations": [flag.pk]})) == set()  # fmt: skip
    assert not session.items.exists()
    client.post(url, {"action": "agenda", "nominations": [n.pk for n in ldtt]})
    assert set(session.items.values_list("nomination_id", flat=True)) == {n.pk for n in ldtt}
    # Not the secretary: the buttons are not theirs.
    client.force_login(personas["council_member"])
    assert client.post(url, {"action": "agenda", "select": "all"}).status_code == 403


def test_the_end_time_is_now_only_for_a_meeting_held_today(personas, session):
    """Closing a session: a meeting held today offers now as its end time; one of an earlier
    day offers none (now's time of day is not when it ended) and the end time must be typed."""
    from thidua.council.forms import CloseForm

    assert session.meeting_on < timezone.localdate()
    assert CloseForm(session=session).initial["ends_at"] is None
    assert "ends_at" in CloseForm({}, session=session).errors
    session.meeting_on = timezone.localdate()
    now = timezone.localtime().time().replace(second=0, microsecond=0)
    offered = CloseForm(session=session).initial["ends_at"]
    assert offered is not None and abs(
        (offered.hour * 60 + offered.minute) - (now.hour * 60 + now.minute)
    ) <= 1
    session.ends_at = time(10, 30)
    assert CloseForm(session=session).initial["ends_at"] == time(10, 30)
