"""Công khai kết quả xét chọn (issue 14): the secretary publishes a closed session's proposed
results for comments over a period; every member of the organisation reads it and may comment;
the secretary records paper comments; the comments are listed for the secretary and the
council; when the organisation's regulation requires it, no decision before the period ends."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.helpers.council import make_eligible, members, nominate, run_session
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.council.actions import (
    FieldRefused,
    do_comment_on_publication,
    do_publish_results,
    do_record_paper_comment,
)
from thidua.council.models import PublicationComment, ResultsPublication
from thidua.decisions.actions import do_draft_decision_from_session, do_issue_decision
from thidua.decisions.models import DecisionState
from thidua.documents.registry import KINDS
from thidua.documents.render import build_context

pytestmark = pytest.mark.django_db

MEETING = "2022-12-20 09:00 +07:00"
START, END = date(2022, 12, 21), date(2022, 12, 27)


@pytest.fixture
def session(org, people, personas):
    make_eligible(org, people["staff"])
    seats = members(org, personas)
    with time_machine.travel(MEETING, tick=True):
        return run_session(personas, seats, [nominate(personas, people["staff"])])


@pytest.fixture
def publication(session, personas):
    return do_publish_results(session, starts_on=START, ends_on=END, note="Niêm yết tại bảng tin.",
                              acting_user=personas["secretary"])  # fmt: skip


def test_the_secretary_publishes_a_closed_session(publication, session):
    assert publication.session == session and publication.organization_id == session.organization_id
    assert (publication.starts_on, publication.ends_on) == (START, END)


@pytest.mark.parametrize("persona", ["principal", "council_member", "unit_head", "staff",
                                     "outsider"])  # fmt: skip
def test_only_the_secretary_publishes(session, personas, persona):
    with pytest.raises(NotAllowed):
        do_publish_results(session, starts_on=START, ends_on=END, acting_user=personas[persona])
    assert not ResultsPublication.objects.exists()


@pytest.mark.parametrize(("starts", "ends", "field"), [
    (date(2022, 12, 19), END, "starts_on"),  # before the meeting
    (END, START, "ends_on"),  # ends before it starts
])  # fmt: skip
def test_bad_periods_are_refused(session, personas, starts, ends, field):
    with pytest.raises(FieldRefused) as refused:
        do_publish_results(session, starts_on=starts, ends_on=ends,
                           acting_user=personas["secretary"])  # fmt: skip
    assert refused.value.field == field and "/" in str(refused.value)
    assert not ResultsPublication.objects.exists()


def test_an_open_session_and_a_second_publication_are_refused(org, people, personas, publication):
    with pytest.raises(ActionRefused, match="đã được công khai"):
        do_publish_results(publication.session, starts_on=START, ends_on=END,
                           acting_user=personas["secretary"])  # fmt: skip
    make_eligible(org, people["dat"])
    with time_machine.travel(MEETING, tick=True):
        still_open = run_session(personas, members_again(org, personas),
                                 [nominate(personas, people["dat"])], close=False)  # fmt: skip
    with pytest.raises(ActionRefused, match="chưa kết thúc"):
        do_publish_results(still_open, starts_on=START, ends_on=END,
                           acting_user=personas["secretary"])  # fmt: skip


def members_again(org, personas):
    return [(personas["principal"], "chair"), (personas["secretary"], "secretary")]


def test_staff_comment_only_within_the_period(publication, personas):
    staff = personas["staff"]
    too_early = pytest.raises(ActionRefused, match="trong thời gian công khai")
    with time_machine.travel("2022-12-20 10:00 +07:00"), too_early:
        do_comment_on_publication(publication, text="Sớm quá", acting_user=staff)
    with time_machine.travel("2022-12-22 10:00 +07:00"):
        with pytest.raises(FieldRefused):
            do_comment_on_publication(publication, text="   ", acting_user=staff)
        comment = do_comment_on_publication(publication, text="Đồng ý.", acting_user=staff)
    assert (comment.author, comment.received_on, comment.on_paper) == (staff, date(2022, 12, 22),
                                                                        False)  # fmt: skip
    assert comment.author_name == staff.person.full_name
    with time_machine.travel("2022-12-28 10:00 +07:00"), pytest.raises(ActionRefused):
        do_comment_on_publication(publication, text="Muộn", acting_user=staff)
    with time_machine.travel("2022-12-22 10:00 +07:00"), pytest.raises(NotAllowed):
        do_comment_on_publication(publication, text="Ngoài", acting_user=personas["outsider"])
    assert PublicationComment.objects.count() == 1


def test_the_secretary_records_paper_comments(publication, personas):
    secretary = personas["secretary"]
    paper = do_record_paper_comment(publication, author_name="Lê Văn Tám", received_on=START,
                                    text="Đề nghị xem lại.", acting_user=secretary)  # fmt: skip
    assert paper.on_paper and paper.author is None and paper.recorded_by == secretary
    for received, field in ((date(2022, 12, 28), "received_on"), (date(2099, 1, 1),
                                                                   "received_on")):  # fmt: skip
        with pytest.raises(FieldRefused) as refused:
            do_record_paper_comment(publication, author_name="X", received_on=received,
                                    text="Y", acting_user=secretary)  # fmt: skip
        assert refused.value.field == field
    with pytest.raises(FieldRefused):
        do_record_paper_comment(publication, author_name=" ", received_on=START, text="Y",
                                acting_user=secretary)  # fmt: skip
    with pytest.raises(NotAllowed):
        do_record_paper_comment(publication, author_name="X", received_on=START, text="Y",
                                acting_user=personas["staff"])  # fmt: skip
    assert PublicationComment.objects.count() == 1


def test_the_decision_waits_for_the_period_when_the_regulation_requires(org, session, personas):
    org.results_publication_required = True
    org.save()
    draft = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    principal = personas["principal"]
    with pytest.raises(ActionRefused, match="chưa được công khai"):
        do_issue_decision(draft, decided_on=date(2022, 12, 28), acting_user=principal)
    do_publish_results(session, starts_on=START, ends_on=END, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đến hết ngày 27/12/2022"):
        do_issue_decision(draft, decided_on=END, acting_user=principal)
    draft.refresh_from_db()
    assert draft.state == DecisionState.DRAFT and draft.number is None
    issued = do_issue_decision(draft, decided_on=date(2022, 12, 28), acting_user=principal)
    assert issued.state == DecisionState.ISSUED


def test_without_the_regulation_a_decision_needs_no_publication(session, personas):
    draft = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    issued = do_issue_decision(draft, decided_on=date(2022, 12, 21),
                               acting_user=personas["principal"])  # fmt: skip
    assert issued.state == DecisionState.ISSUED


def test_the_notice_lists_what_passed_and_the_period(publication, people):
    context = build_context(KINDS["results_notice"], publication)
    assert context["document_type"] == "THÔNG BÁO"
    assert [row["cells"][0] for row in context["rows"]] == [people["staff"].full_name]
    assert "21/12/2022" in context["note"] and "27/12/2022" in context["note"]
    assert "LDTT" not in str(context["rows"])


# --- the screens, persona by persona -----------------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def test_the_publish_screen(client, session, personas):
    url = reverse("council:publication_add", args=[session.pk])
    for persona in ("staff", "principal", "council_member"):
        assert login(client, personas[persona]).get(url).status_code == 403
    assert login(client, personas["outsider"]).get(url).status_code == 404
    login(client, personas["secretary"])
    page = client.get(url)
    assert page.status_code == 200 and "Công khai kết quả" in page.content.decode()
    bad = client.post(url, {"starts_on": "27/12/2022", "ends_on": "21/12/2022"})
    assert bad.status_code == 200 and "không được trước ngày bắt đầu" in bad.content.decode()
    bad = client.post(url, {"starts_on": "31/02/2022", "ends_on": "21/12/2022"})
    assert bad.status_code == 200 and not ResultsPublication.objects.exists()
    done = client.post(url, {"starts_on": "21/12/2022", "ends_on": "27/12/2022"})
    publication = ResultsPublication.objects.get()
    assert done.status_code == 302 and done["Location"] == publication.get_absolute_url()
    again = client.get(url)
    assert again.status_code == 302


def test_the_publication_screen_by_role(client, publication, personas, people):
    url = publication.get_absolute_url()
    with time_machine.travel("2022-12-22 10:00 +07:00", tick=True):
        login(client, personas["staff"])
        page = client.get(url).content.decode()
        assert people["staff"].full_name in page and 'id="comment-form"' in page
        assert 'id="comments"' not in page and 'id="paper-comment-form"' not in page
        sent = client.post(url, {"action": "comment", "comment-text": "Tôi đồng ý."})
        assert sent.status_code == 302
        assert "Tôi đồng ý." in client.get(url).content.decode()  # their own comment
        for persona in ("secretary", "council_member", "principal"):
            page = login(client, personas[persona]).get(url).content.decode()
            assert 'id="comments"' in page and "Tôi đồng ý." in page, persona
        page = login(client, personas["unit_head"]).get(url).content.decode()
        assert "Tôi đồng ý." not in page
        assert login(client, personas["outsider"]).get(url).status_code == 404
        refused = login(client, personas["staff"]).post(
            url, {"action": "paper", "paper-author_name": "A", "paper-received_on": "22/12/2022",
                  "paper-text": "B"})  # fmt: skip
        assert refused.status_code == 403
        login(client, personas["secretary"])
        bad = client.post(url, {"action": "paper", "paper-author_name": "Lê Văn Tám",
                                "paper-received_on": "30/12/2022", "paper-text": "Xem lại."})
        assert bad.status_code == 200 and "ở tương lai" in bad.content.decode()
        ok = client.post(url, {"action": "paper", "paper-author_name": "Lê Văn Tám",
                               "paper-received_on": "21/12/2022", "paper-text": "Xem lại."})
        assert ok.status_code == 302
    assert PublicationComment.objects.filter(on_paper=True).count() == 1
    listing = login(client, personas["staff"]).get(reverse("council:publication_list"))
    assert publication.session.name in listing.content.decode()


def test_the_notice_downloads(client, publication, personas):
    login(client, personas["staff"])
    url = reverse("council:publication_notice", args=[publication.pk, "pdf"])
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(client, personas["outsider"]).get(url).status_code == 404
