"""Voting every item on one page (issue 13, item 6): one secret ballot per item in one
transaction, with the same guarantees as one paper at a time — one vote each, who-voted kept
apart from what-was-voted, nothing linkable."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.helpers.council import YEAR, choices, make_eligible, nominate
from tests.helpers.council import members as council_members
from tests.helpers.council import papers as papers_cast
from tests.integration.test_council import open_session, stored_ballots
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.council.actions import (
    do_cast_ballot,
    do_cast_ballots,
    do_close_session,
    do_rank_results,
    do_set_attendance,
)
from thidua.council.ballot_box import SEALED_BYTES
from thidua.council.models import BallotEnvelope, VoteRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(org, personas):
    return council_members(org, personas)


@pytest.fixture
def session(org, people, personas, members):
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    noms = [
        nominate(personas, people["staff"]),
        nominate(personas, people["dat"]),
        nominate(personas, people["head"], "CSTD_CS", justification="Có sáng kiến."),
    ]
    return open_session(personas, members, noms)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def payload(session, choices):
    data = {"session": session.pk}
    for item, choice in zip(session.items.order_by("position"), choices, strict=False):
        if choice:
            data["item{}-choice".format(item.pk)] = choice
    return data


# --- the action ---------------------------------------------------------------------------------


def test_one_call_records_one_ballot_per_item(session, personas):
    items = list(session.items.order_by("position"))
    member = personas["council_member"]
    count = do_cast_ballots(session, [(items[0], "agree", ""), (items[1], "disagree", ""),
                                      (items[2], "lower_title", "LDTT")],
                            acting_user=member)  # fmt: skip
    assert count == 3
    assert VoteRecord.objects.filter(member__user=member).count() == 3
    assert papers_cast() == sorted([
        (items[0].pk, "agree", ""), (items[1].pk, "disagree", ""),
        (items[2].pk, "lower_title", "LDTT"),
    ])  # fmt: skip
    # Once each: the list again, or one of its items alone, is refused; nothing is added.
    with pytest.raises(ActionRefused, match="đã bỏ phiếu cho «Trần Thị Hoa» rồi"):
        do_cast_ballots(session, [(items[0], "agree", "")], acting_user=member)
    with pytest.raises(ActionRefused, match="đã bỏ phiếu"):
        do_cast_ballot(session, items[1], "agree", acting_user=member)
    assert len(papers_cast()) == VoteRecord.objects.count() == 3


def test_all_or_nothing(session, personas):
    items = list(session.items.order_by("position"))
    member = personas["council_member"]
    do_cast_ballot(session, items[1], "agree", acting_user=member)
    with pytest.raises(ActionRefused, match="«Nguyễn Văn Đạt»"):
        do_cast_ballots(session, [(items[0], "agree", ""), (items[1], "agree", "")],
                        acting_user=member)  # fmt: skip
    with pytest.raises(ActionRefused, match="«Lê Văn Sơn»: chọn danh hiệu"):
        do_cast_ballots(session, [(items[0], "agree", ""), (items[2], "lower_title", "CSTD_TINH")],
                        acting_user=member)  # fmt: skip
    with pytest.raises(ActionRefused, match="lựa chọn không hợp lệ"):
        do_cast_ballots(session, [(items[0], "maybe", "")], acting_user=member)
    assert VoteRecord.objects.count() == len(papers_cast()) == 1


def test_who_may_not_vote_in_bulk(session, personas, members, org):
    items = list(session.items.order_by("position"))
    papers = [(item, "agree", "") for item in items]
    with pytest.raises(ActionRefused, match="không thuộc cơ quan"):
        do_cast_ballots(session, papers, acting_user=personas["outsider"])
    for persona in ("leader", "staff", "unit_head"):
        with pytest.raises(ActionRefused, match="không phải thành viên"):
            do_cast_ballots(session, papers, acting_user=personas[persona])
    absent = session.members.get(user=personas["council_member"])
    do_set_attendance(absent, present=False, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="chưa được ghi có mặt"):
        do_cast_ballots(session, papers, acting_user=personas["council_member"])
    other = open_session(personas, members[:1], name="Phiên khác")
    with pytest.raises(ActionRefused, match="không thuộc phiên họp"):
        do_cast_ballots(other, papers[:1], acting_user=members[0][0])
    assert not VoteRecord.objects.exists() and not papers_cast()
    # The principal (chair), the secretary and the second member vote; then it closes.
    for user, _ in members[:2] + members[3:]:
        do_cast_ballots(session, papers, acting_user=user)
    # The CSTĐCS is over its 15% quota of a 2022 meeting (Nghị định 91/2017/NĐ-CP, Điều 9.3):
    # the secretary ranks it before closing, as the close asks.
    capped = [item for item in items if item.nomination.title == "CSTD_CS"]
    do_rank_results(session, "CSTD_CS", capped, acting_user=personas["secretary"])
    do_close_session(session, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="không nhận phiếu"):
        do_cast_ballots(session, papers, acting_user=members[2][0])


def test_casting_a_ballot_asks_the_councils_permission(session, personas, members):
    """Who may cast a ballot is `council.cast_ballot` (council/permissions.py): a member seated
    at the session; anyone else of the organisation is refused as not allowed, nothing written."""
    item = session.items.order_by("position").first()
    for user, _ in members:
        assert user.has_perm("council.cast_ballot", session)
    for persona in ("leader", "staff", "unit_head"):
        assert not personas[persona].has_perm("council.cast_ballot", session)
        with pytest.raises(NotAllowed, match="không phải thành viên"):
            do_cast_ballot(session, item, "agree", acting_user=personas[persona])
    assert not VoteRecord.objects.exists() and not papers_cast()
    do_cast_ballot(session, item, "agree", acting_user=members[0][0])
    assert VoteRecord.objects.count() == 1


# --- the secret ---------------------------------------------------------------------------------


def test_no_paper_is_readable_while_open_in_bulk(session, members):
    items = list(session.items.order_by("position"))
    sequence = {
        items[0].pk: ["disagree", "agree", "disagree", "agree"],
        items[1].pk: ["agree", "disagree", "agree", "disagree"],
        items[2].pk: ["lower_title", "agree", "disagree", "agree"],
    }
    for count, (user, _) in enumerate(members, 1):
        papers = [(item, sequence[item.pk][count - 1],
                   "LDTT" if sequence[item.pk][count - 1] == "lower_title" else "")
                  for item in items]  # fmt: skip
        do_cast_ballots(session, papers, acting_user=user)
        # No ballot row while the session is open; envelopes of one size, no choice in clear.
        assert stored_ballots() == []
        sealed = [bytes(s) for s in BallotEnvelope.objects.values_list("sealed", flat=True)]
        assert len(sealed) == 3 * count and {len(s) for s in sealed} == {SEALED_BYTES}
        assert not any(b"agree" in s or b"lower" in s or b"LDTT" in s for s in sealed)
        for item in items:
            assert choices(item) == sorted(sequence[item.pk][:count])
    assert VoteRecord.objects.count() == BallotEnvelope.objects.count() == 12
    # Keys shared by nothing: no envelope's key is a vote record's.
    assert not set(BallotEnvelope.objects.values_list("pk", flat=True)) & set(
        VoteRecord.objects.values_list("pk", flat=True)
    )


def test_the_audit_log_of_a_bulk_vote_holds_who_never_what(session, personas):
    items = list(session.items.order_by("position"))
    before = set(LogEntry.objects.values_list("pk", flat=True))
    do_cast_ballots(session, [(items[0], "disagree", ""), (items[1], "agree", ""),
                              (items[2], "lower_title", "LDTT")],
                    acting_user=personas["council_member"])  # fmt: skip
    new = LogEntry.objects.exclude(pk__in=before)
    vote_type = ContentType.objects.get_for_model(VoteRecord)
    assert new.count() == 3 and set(new.values_list("content_type", flat=True)) == {vote_type.pk}
    changes = " ".join(str(e.changes) for e in new)
    for leak in ("disagree", "lower_title", "choice", "LDTT"):
        assert leak not in changes
    for pk in BallotEnvelope.objects.values_list("pk", flat=True):
        assert str(pk) not in changes


# --- the page -----------------------------------------------------------------------------------


def test_member_votes_every_item_on_one_page(client, session, personas):
    url = reverse("council:ballot")
    client.force_login(personas["council_member"])
    page = client.get(url)
    [group] = page.context["sessions"]
    assert len(group["rows"]) == 3 and group["voted"] == []
    assert page.content.decode().count('class="card mb-3 ballot-paper"') == 3
    # A missing choice names the item; nothing is recorded.
    response = client.post(url, payload(session, ["agree", None, "agree"]))
    assert response.status_code == 200
    assert response.context["summary"] == [
        "Chưa chọn ý kiến cho «Nguyễn Văn Đạt – Lao động tiên tiến»."
    ]
    assert 'id="ballot-errors"' in response.content.decode()
    assert not VoteRecord.objects.exists()
    response = client.post(url, payload(session, ["agree", "disagree", "agree"]))
    assert response.status_code == 302
    assert texts(response) == ["Đã ghi 3 phiếu của phiên họp «Phiên họp cuối năm»."]
    page = client.get(url)
    [group] = page.context["sessions"]
    assert group["rows"] == [] and len(group["voted"]) == 3 and page.context["rows"] == []
    body = page.content.decode()
    assert "Đã bỏ phiếu" in body and 'id="no-ballot"' in body and "ballot-paper" not in body
    # Sending again records nothing more.
    again = client.post(url, payload(session, ["disagree", "disagree", "disagree"]))
    assert "Không còn nội dung nào" in texts(again)[-1]
    assert VoteRecord.objects.count() == len(papers_cast()) == 3
    assert choices() == ["agree", "agree", "disagree"]


def test_partly_voted_shows_the_rest_and_the_voted(client, session, personas):
    first = session.items.order_by("position").first()
    do_cast_ballot(session, first, "agree", acting_user=personas["council_member"])
    client.force_login(personas["council_member"])
    page = client.get(reverse("council:ballot"))
    [group] = page.context["sessions"]
    assert [r["item"].pk for r in group["rows"]] == list(
        session.items.order_by("position").exclude(pk=first.pk).values_list("pk", flat=True)
    )
    assert group["voted"] == [first]
    response = client.post(reverse("council:ballot"), payload(session, [None, "agree", "agree"]))
    assert response.status_code == 302 and VoteRecord.objects.count() == 3


def test_the_page_refuses_outsiders_non_members_and_forgeries(client, session, personas):
    data = payload(session, ["agree", "agree", "agree"])
    client.force_login(personas["outsider"])
    assert client.post(reverse("council:ballot"), data).status_code == 404
    for persona in ("leader", "unit_head", "staff"):
        client.force_login(personas[persona])
        assert client.get(reverse("council:ballot")).context["sessions"] == []
        response = client.post(reverse("council:ballot"), data)
        assert "không phải thành viên" in texts(response)[-1]
    client.force_login(personas["council_member"])
    assert client.post(reverse("council:ballot"), {"session": "x"}).status_code == 404
    assert VoteRecord.objects.count() == len(papers_cast()) == 0
    assert session.year == YEAR
