"""The receiving office's inbox through the API (issue 20): tờ trình received, the decisions the
office issues from them, the overview and the office's writes on an entry, persona by persona
with two agencies, the office (its secretary and a leader of no inbox role) and another office:
nothing leaks (404), the office reads and writes, refusals name the field, each file is the
screen link's own, and the queries do not grow with the rows."""

# ruff: noqa: F811 (the fixtures of test_received_decisions, imported, are parameters here)

import itertools
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.helpers.api import api_get, api_send, ids, token_for
from tests.integration.test_inbox import receipt, session  # noqa: F401 (fixtures)
from tests.integration.test_inbox_council import open_province_session, vote
from tests.integration.test_received_decisions import (  # noqa: F401 (fixtures)
    draft,
    issue,
    other_receipt,
    province,
    rows,
    school_receipt,
)
from thidua.awards.models import Award
from thidua.proposals.models import (
    EntryOutcome,
    Proposal,
    ProposalEntry,
    ProposalState,
    Receipt,
    ReceivedEntry,
)
from thidua.proposals.overview import overview
from thidua.proposals.received_decisions import do_draft_received_decision
from thidua.proposals.routing import HigherBody

pytestmark = pytest.mark.django_db


def users_of(personas, province) -> dict:
    return {**personas, "officer": province["officer"], "reader": province["reader"],
            "elsewhere": province["elsewhere"]}  # fmt: skip


_NAMES = itertools.count(1)


def token(user, *, read_only=True) -> str:
    """A new token of the user (its name unique, as a user's tokens' names are)."""
    return token_for(user, name="Thử {}".format(next(_NAMES)), read_only=read_only)


def screen(user, name, *args, **query):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


def test_only_the_office_reads_its_inbox(province, personas, school_receipt, other_receipt):
    """Every persona of both agencies and both offices: the office's secretary reads both
    receipts; everyone else an empty list and a 404 for each, as if absent."""
    both = {school_receipt.pk, other_receipt.pk}
    for key, user in users_of(personas, province).items():
        secret = token(user)
        expected = both if key == "officer" else set()
        assert ids(api_get("receipts", secret)) == expected, key
        for received in (school_receipt, other_receipt):
            for path in ("receipts/{}", "receipts/{}/dossier.zip"):
                status = api_get(path.format(received.pk), secret).status_code
                assert status == (200 if key == "officer" else 404), (key, path)


def test_a_receipt_reads_as_on_its_screen(province, school_receipt, other_receipt, org, draft):
    officer = province["officer"]
    secret = token(officer)
    found = api_get("receipts/{}".format(school_receipt.pk), secret).json()
    assert found["document_number"] == school_receipt.document_number
    assert found["agency_id"] == org.pk and found["year"] == 2022 and found["state"] == "received"
    by_name = {(e["subject_name"].split()[-1], e["title"]): e for e in found["entries"]}
    hoa, dat = by_name[("Hoa", "CSTD_TINH")], by_name[("Đạt", "BK_TINH")]
    assert hoa["explanation"]["criteria"] and hoa["explanation"]["label"]
    assert hoa["received_decision_id"] is None and dat["received_decision_id"] == draft.pk
    assert dat["outcome"] == "pending" and dat["council"] is None
    positions = [e["position"] for e in found["entries"]]
    assert positions == sorted(positions)
    # Filters: the agency, the year, the state.
    assert ids(api_get("receipts?agency={}".format(org.pk), secret)) == {school_receipt.pk}
    assert ids(api_get("receipts?year=2021", secret)) == set()
    assert ids(api_get("receipts?state=returned", secret)) == set()
    assert api_get("receipts?state=khac", secret).status_code == 422
    # The ETag answers 304 when nothing changed.
    first = api_get("receipts", secret)
    again = api_get("receipts", secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # The dossier is the screen link's own file.
    api = api_get("receipts/{}/dossier.zip".format(school_receipt.pk), secret)
    page = screen(officer, "proposals:receipt_dossier", school_receipt.pk)
    assert api.status_code == 200 and api.content == page.content
    assert api["Content-Disposition"] == page["Content-Disposition"]
    assert api["Content-Type"] == page["Content-Type"] == "application/zip"


def test_the_office_decisions_read_and_download_as_on_screen(
    province, personas, school_receipt, other_receipt, draft
):
    users = users_of(personas, province)
    path = "received-decisions/{}".format(draft.pk)
    for key, user in users.items():
        secret = token(user)
        assert ids(api_get("received-decisions", secret)) == ({draft.pk} if key == "officer"
                                                              else set()), key  # fmt: skip
        assert api_get(path, secret).status_code == (200 if key == "officer" else 404), key
        # A draft's document: the office only.
        want = 200 if key == "officer" else 404
        assert api_get(path + "/document.docx", secret).status_code == want, key
    found = api_get(path, token(province["officer"])).json()
    assert found["state"] == "draft" and found["family"] == "forms"
    assert {(e["subject_name"].split()[-1], e["agency_id"]) for e in found["entries"]} == {
        ("Đạt", school_receipt.sender_id), ("Sơn", school_receipt.sender_id),
        ("Khách", other_receipt.sender_id),
    }  # fmt: skip
    assert all(e["granted"] for e in found["entries"])
    issue(draft, province["officer"])
    # Issued: each agency reads it through its own tờ trình, as on screen; not the office's
    # leader nor another office.
    for key in ("secretary", "outsider", "reader", "elsewhere"):
        secret = token(users[key])
        want = 200 if key in ("secretary", "outsider") else 404
        assert api_get(path + "/document.docx", secret).status_code == want, key
        assert api_get(path, secret).status_code == 404, key
    secret = token(province["officer"])
    api = api_get(path + "/document.docx", secret)
    page = screen(province["officer"], "proposals:received_decision_docx", draft.pk)
    assert api["Content-Disposition"] == page["Content-Disposition"]
    assert api["Content-Type"] == page["Content-Type"] and api.content[:2] == b"PK"
    assert api_get(path + "/document.odt", secret).status_code in (404, 422)
    decided = api_get(path, secret).json()
    assert decided["state"] == "issued" and decided["number"] == "1234/QĐ-UBND"


def test_the_overview_gives_the_page_figures(province, personas, school_receipt, other_receipt,
                                             org):  # fmt: skip
    officer = province["officer"]
    secret = token(officer)
    found = api_get("inbox-overview?year=2022", secret).json()
    expected = overview(officer, office=officer.organization, year=2022)
    assert found["year"] == 2022 and found["years"] == [2022]
    assert found["total"]["total"] == expected.total.total == 5
    assert found["total"]["waiting"] == 5 and found["total"]["receipts"] == 2
    assert {row["key"]: row["total"] for row in found["agencies"]} == {
        str(org.pk): 3, str(other_receipt.sender_id): 2}  # fmt: skip
    assert {row["key"] for row in found["titles"]} == {"CSTD_TINH", "BK_TINH"}
    one_agency = api_get("inbox-overview?agency={}".format(org.pk), secret).json()
    assert one_agency["total"]["total"] == 3
    # A year or an agency the page does not offer: refused, naming the field.
    refused = api_get("inbox-overview?year=2019", secret)
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == [
        "year"]  # fmt: skip
    refused = api_get("inbox-overview?agency=999999", secret)
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == [
        "agency"]  # fmt: skip
    # The XLSX is the screen link's own.
    api = api_get("inbox-overview.xlsx?year=2022&agency={}".format(org.pk), secret)
    page = screen(officer, "proposals:overview_xlsx", year=2022, sender=org.pk)
    assert api.status_code == 200 and api["Content-Type"] == page["Content-Type"]
    assert api["Content-Disposition"] == page["Content-Disposition"]
    # Nobody else reads it.
    for key, user in users_of(personas, province).items():
        if key != "officer":
            for path in ("inbox-overview", "inbox-overview.xlsx"):
                status = api_get(path, token(user)).status_code
                assert status == (200 if key == "elsewhere" else 403), (key, path)


def test_the_office_returns_and_answers_entries(province, personas, school_receipt, org):
    officer = province["officer"]
    secret = token(officer, read_only=False)
    mine = rows(school_receipt)
    dat, hoa = mine[("Đạt", "BK_TINH")], mine[("Hoa", "CSTD_TINH")]
    path = "receipts/{}/entries/{}/".format(school_receipt.pk, dat.pk)
    today = timezone.localdate()
    # Refusals name the field and write nothing.
    for number, (body, field) in enumerate((
        ({"reason": " ", "returned_on": str(today)}, "reason"),
        ({"reason": "Thiếu hồ sơ.", "returned_on": str(today + timedelta(days=1))},
         "returned_on"),
        ({"reason": "Thiếu hồ sơ.", "returned_on": "2022-12-01"}, "returned_on"),
        ({"reason": "Thiếu hồ sơ.", "khac": 1}, "khac"),
    )):  # fmt: skip
        response = api_send("POST", path + "return", secret, body, key="r-{}".format(number))
        assert response.status_code == 422, (body, response.content)
        assert field in {e["field"] for e in response.json()["errors"]}, response.json()
    assert not ReceivedEntry.objects.filter(returned_on__isnull=False).exists()
    # Other personas: the agencies, the leader and another office find no such receipt; a
    # read-only token of the officer may not write.
    body = {"reason": "Thiếu báo cáo thành tích.", "returned_on": "2022-12-21"}
    for key, user in users_of(personas, province).items():
        if key != "officer":
            response = api_send("POST", path + "return", token(user, read_only=False), body)
            assert response.status_code == 404, key
    assert api_send("POST", path + "return", token(officer), body).status_code == 403
    # The officer returns Đạt; the same key again answers the same without writing again.
    first = api_send("POST", path + "return", secret, body, key="tra-lai-1")
    assert first.status_code == 200, first.content
    assert first.json()["returned_on"] == "2022-12-21" and first.json()["return_reason"]
    logged = LogEntry.objects.count()
    again = api_send("POST", path + "return", secret, body, key="tra-lai-1")
    assert again.status_code == 200 and again.json() == first.json()
    assert LogEntry.objects.count() == logged
    twice = api_send("POST", path + "return", secret, body, key="tra-lai-2")
    assert twice.status_code == 422 and "đã trả lại" in twice.json()["detail"]
    # Answers: the body of the agency-side answer; a refusal without a reason names it.
    answer = "receipts/{}/entries/{}/answer".format(school_receipt.pk, hoa.pk)
    refused = api_send("POST", answer, secret, {"granted": False}, key="kq-1")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    granted = {
        "granted": True,
        "decision_number": "88/QĐ-UBND",
        "decided_on": str(date(2023, 1, 20)),
        "issued_by": "Chủ tịch UBND tỉnh",
    }
    done = api_send("POST", answer, secret, granted, key="kq-2")
    assert done.status_code == 200, done.content
    assert done.json()["outcome"] == EntryOutcome.GRANTED
    assert Award.objects.filter(organization=org, decision_number="88/QĐ-UBND").count() == 1
    # Returned, Đạt cannot be answered.
    dat_answer = "receipts/{}/entries/{}/answer".format(school_receipt.pk, dat.pk)
    assert api_send("POST", dat_answer, secret, granted, key="kq-3").status_code == 422
    # An entry of another receipt, through this one: 404.
    wrong = "receipts/{}/entries/999999/answer".format(school_receipt.pk)
    assert api_send("POST", wrong, secret, granted, key="kq-4").status_code == 404


def _more_receipts(province, personas, session, count):
    """`count` more tờ trình of the other agency as they arrived, two entries each."""
    outsider = personas["outsider"]
    agency = outsider.organization
    for number in range(count):
        proposal = Proposal.objects.create(
            organization=agency, year=2022, body=HigherBody.PROVINCE, number=100 + number,
            number_year=2022, dated_on=date(2022, 12, 27), drafted_by=outsider, session=session,
            state=ProposalState.SENT, sent_on=date(2022, 12, 27), signer=outsider,
        )  # fmt: skip
        receipt = Receipt.objects.create(
            proposal=proposal, receiver=province["office"], sender=agency,
            document_number=proposal.document_number, received_on=date(2022, 12, 27),
            dossier=b"", entry_count=2,
        )  # fmt: skip
        for position, title in enumerate(("BK_TINH", "CSTD_TINH"), 1):
            entry = ProposalEntry.objects.create(proposal=proposal, person=outsider.person,
                                                 title=title, position=position)  # fmt: skip
            row = ReceivedEntry.objects.create(
                receipt=receipt,
                entry=entry,
                position=position,
                subject_name="Vũ Văn Khách",
                title=title,
            )
        # One more draft decision, of the tờ trình's CSTĐ tỉnh.
        do_draft_received_decision(province["office"], [row], acting_user=province["officer"])


def test_the_queries_do_not_grow_with_the_rows(province, personas, other_receipt, draft):
    secret = token(province["officer"])

    def counted(path):
        with CaptureQueriesContext(connection) as queries:
            response = api_get(path, secret)
        assert response.status_code == 200, response.content
        return len(response.json()["items"]), len(queries)

    cstd = other_receipt.entries.get(title="CSTD_TINH")
    do_draft_received_decision(province["office"], [cstd], acting_user=province["officer"])
    two = [counted("receipts"), counted("received-decisions")]
    _more_receipts(province, personas, other_receipt.proposal.session, 18)
    twenty = [counted("receipts"), counted("received-decisions")]
    assert (twenty[0][0], twenty[1][0], two[0][0], two[1][0]) == (20, 20, 2, 2)
    assert [queries for _n, queries in two] == [queries for _n, queries in twenty]


def test_each_entry_shows_the_office_council_state_and_result(receipt, province):
    """Put before the province's council, voted (one member against Hoa) and closed: each
    entry reads its state, its session and the vote result, as the receipt page shows them."""
    from thidua.council.actions import do_close_session
    from thidua.proposals.inbox import do_put_received_on_agenda

    officer = province["officer"]
    secret = token(officer)
    sitting = open_province_session(province)
    do_put_received_on_agenda(sitting, list(receipt.entries.all()), acting_user=officer)
    path = "receipts/{}".format(receipt.pk)
    on_agenda = api_get(path, secret).json()["entries"]
    assert {e["council"]["state"] for e in on_agenda} == {"on_agenda"}
    assert {e["council"]["session_id"] for e in on_agenda} == {sitting.pk}
    assert all(e["council"]["result"] is None for e in on_agenda)
    vote(sitting, province, against={3: ("Trần Thị Hoa",)})
    do_close_session(sitting, acting_user=officer)
    found = {e["subject_name"]: e["council"] for e in api_get(path, secret).json()["entries"]}
    assert found["Trần Thị Hoa"]["state"] == "failed"
    assert found["Trần Thị Hoa"]["result"]["agree"] == 3
    assert found["Trần Thị Hoa"]["result"]["passed"] is False
    assert found["Lê Văn Sơn"]["state"] == "passed"
    assert found["Lê Văn Sơn"]["result"]["passed_title_name"] == "Bằng khen của Chủ tịch UBND tỉnh"
