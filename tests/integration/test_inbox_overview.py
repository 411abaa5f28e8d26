"""The receiving office's overview (issue 19, item 3) against a hand-counted fixture: two
agencies, entries in every status, answer days known; its XLSX read back; who opens it."""

import io
from datetime import date, datetime
from datetime import time as clock

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from thidua.accounts.models import Role
from thidua.council.models import CouncilSession
from thidua.organization.models import Organization
from thidua.proposals.models import Proposal, ProposalEntry, Receipt, ReceivedEntry
from thidua.proposals.overview import median, overview

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(org, personas):
    office = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh Thử nghiệm", abbreviation="BTĐKT",
        place_name="Hà Tĩnh", receives_for=["province"],
    )  # fmt: skip
    for agency in (org, personas["outsider"].organization):
        agency.parent = office
        agency.save()
    other = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh Khác", abbreviation="BTĐKTK",
        place_name="Nghệ An", receives_for=["province"],
    )  # fmt: skip
    return {
        "office": office,
        "officer": make_user("tinh.thuky", office, Role.SECRETARY),
        "reader": make_user("tinh.lanhdao", office, Role.LEADER),
        "elsewhere": make_user("khac.thuky", other, Role.SECRETARY),
    }


def _received(office, agency, user, *, number, year, sent_on, entries):
    """A tờ trình of `agency` received by `office`: entries (title, status, answer day)."""
    opened = timezone.make_aware(datetime(year, 12, 1, 8, 0))
    session = CouncilSession.objects.create(
        organization=agency, year=year, name="Phiên {}".format(number),
        meeting_on=date(year, 12, 1), starts_at=clock(8, 0), opened_at=opened, opened_by=user,
        closed_at=opened, closed_by=user,
    )  # fmt: skip
    proposal = Proposal.objects.create(
        organization=agency, year=year, body="province", number=number, number_year=year,
        dated_on=sent_on, session=session, drafted_by=user, signer=user, state="sent",
        sent_on=sent_on,
    )  # fmt: skip
    receipt = Receipt.objects.create(
        proposal=proposal, receiver=office, sender=agency, entry_count=len(entries),
        document_number=proposal.document_number, received_on=sent_on, dossier=b"",
    )  # fmt: skip
    for position, (title, status, day) in enumerate(entries, 1):
        entry = ProposalEntry(proposal=proposal, title=title, position=position)
        if status == "granted":
            entry.outcome, entry.decision_number, entry.decided_on = "granted", "9/QĐ-UBND", day
            entry.issued_by, entry.answered_on = "Chủ tịch UBND tỉnh", day
        elif status == "refused":
            entry.outcome, entry.refusal_reason, entry.answered_on = "refused", "Chưa đủ.", day
        entry.save()
        ReceivedEntry.objects.create(
            receipt=receipt, entry=entry, position=position, title=title,
            subject_name="Người {}-{}".format(number, position),
            returned_on=day if status == "returned" else None,
            return_reason="Thiếu hồ sơ." if status == "returned" else "",
        )  # fmt: skip
    return receipt


@pytest.fixture
def received(office, org, personas):
    """Agency A (the school): 2 tờ trình of 2022, 6 entries; agency B (the other school): 1 of
    2022, 6 entries, and 1 of 2021. Days from sending to answer written beside each."""
    a, b = org, personas["outsider"].organization
    user = office["officer"]
    put = _received
    put(office["office"], a, user, number=1, year=2022, sent_on=date(2022, 12, 20), entries=[
        ("BK_TINH", "granted", date(2023, 1, 9)),  # 20 days
        ("BK_TINH", "refused", date(2023, 1, 19)),  # 30
        ("CSTD_TINH", "returned", date(2022, 12, 25)),  # 5
        ("BK_TINH", "waiting", None),
    ])  # fmt: skip
    put(office["office"], a, user, number=2, year=2022, sent_on=date(2022, 12, 28), entries=[
        ("CO_TINH", "granted", date(2023, 1, 7)),  # 10
        ("CO_CP", "waiting", None),
    ])  # fmt: skip
    put(office["office"], b, user, number=1, year=2022, sent_on=date(2022, 12, 22), entries=[
        *[("CO_TINH", "granted", date(2023, 1, 21))] * 4,  # 30 each
        ("CO_CP", "refused", date(2023, 1, 1)),  # 10
        ("TTLDXS", "returned", date(2022, 12, 23)),  # 1
    ])  # fmt: skip
    put(office["office"], b, user, number=7, year=2021, sent_on=date(2021, 12, 20), entries=[
        ("BK_TINH", "granted", date(2022, 1, 4)),  # 15
    ])  # fmt: skip
    return {"a": a, "b": b}


def counts(row):
    return (row.receipts, row.total, row.waiting, row.returned, row.granted, row.refused)


def test_median_of_a_histogram():
    from collections import Counter

    assert median(Counter()) is None
    assert median(Counter({5: 1})) == 5
    assert median(Counter({1: 1, 10: 2, 30: 1})) == 10
    assert median(Counter({5: 1, 10: 1, 20: 1, 30: 1})) == 15


def test_the_figures_match_the_hand_count(received, office):
    found = overview(office["officer"], office=office["office"])
    assert found.year == 2022 and found.years == [2022, 2021]
    by_name = {row.label: row for row in found.agencies}
    a, b = by_name[received["a"].name], by_name[received["b"].name]
    assert counts(a) == (2, 6, 2, 1, 2, 1)
    assert (a.median_days, a.longest_days, a.answered) == (15, 30, 4)
    assert counts(b) == (1, 6, 0, 1, 4, 1)
    assert (b.median_days, b.longest_days) == (30, 30)
    assert counts(found.total) == (3, 12, 2, 2, 6, 2)
    assert (found.total.median_days, found.total.longest_days) == (25, 30)
    titles = {row.key: counts(row)[1:] for row in found.titles}
    assert titles == {
        "BK_TINH": (3, 1, 0, 1, 1), "CSTD_TINH": (1, 0, 1, 0, 0), "CO_TINH": (5, 0, 0, 5, 0),
        "CO_CP": (2, 1, 0, 0, 1), "TTLDXS": (1, 0, 1, 0, 0),
    }  # fmt: skip
    # 2022 is judged under NĐ 91/2017: Cờ thi đua của Chính phủ ≤ 20% of the province's units
    # qualified for its flag (5 granted Cờ thi đua cấp tỉnh → at most 1); 2 proposed.
    [quota] = found.quotas
    assert (quota.title, quota.basis, quota.max, quota.proposed, quota.over) == (
        "CO_CP",
        5,
        1,
        2,
        True,
    )
    assert "Điều 11" in quota.source
    assert "không quy định tỷ lệ hoặc số lượng tối đa chung" in found.notes[0]
    assert "Bằng khen" in found.notes[0] and "Nghị định 91/2017" in found.notes[0]


def test_the_year_and_agency_filters(received, office):
    found = overview(office["officer"], office=office["office"], year=2021)
    assert [counts(row) for row in found.agencies] == [(1, 1, 0, 0, 1, 0)]
    assert found.total.median_days == 15
    found = overview(office["officer"], office=office["office"], year=2022,
                     sender=received["a"].pk)  # fmt: skip
    assert [row.label for row in found.agencies] == [received["a"].name]
    assert counts(found.total) == (2, 6, 2, 1, 2, 1)
    # The quota is across agencies: the filter does not change it.
    assert (found.quotas[0].basis, found.quotas[0].proposed) == (5, 2)


def test_a_year_of_the_2023_regime_states_no_number(office, org):
    from thidua.proposals.overview import quota_lines

    lines, notes, name = quota_lines(2024, {"CO_CP": {"waiting": 1}, "BK_TINH": {}},
                                     office["office"])  # fmt: skip
    [line] = lines
    assert line.max is None and "Điều 25" in line.source and "dẫn đầu cụm" in line.text
    assert name == "2023/nd98" and "Luật Thi đua, khen thưởng số 06/2022/QH15" in notes[0]
    assert not any(ch.isdigit() for ch in line.text.replace("Điều 25", ""))


def test_the_page_shows_the_figures_with_bounded_queries(received, office):
    client = Client()
    client.force_login(office["officer"])
    url = reverse("proposals:overview")
    page = client.get(url).content.decode()
    assert 'data-status="waiting">2<' in page and 'data-status="granted">6<' in page
    assert "trung vị 25 ngày, dài nhất 30 ngày" in page
    assert "vượt số tối đa" in page and "2.022" not in page
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": "2022"})
    more = _received(office["office"], received["a"], office["officer"], number=3, year=2022,
                     sent_on=date(2022, 12, 29),
                     entries=[("BK_TINH", "granted", date(2023, 1, 3))] * 5)  # fmt: skip
    assert more.entries.count() == 5
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"year": "2022"}).content.decode()
    assert len(many) == len(few)
    assert 'data-status="granted">11<' in page
    # A year never received is an error on the form, not a crash.
    response = client.get(url, {"year": "1990"})
    assert response.status_code == 200 and "Năm đề nghị khen thưởng:" in response.content.decode()


def test_the_xlsx_reads_back(received, office):
    client = Client()
    client.force_login(office["officer"])
    response = client.get(reverse("proposals:overview_xlsx"), {"year": "2022"})
    assert response.status_code == 200
    assert "Tong-hop-to-trinh-da-nhan-2022.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Theo cơ quan", "Theo danh hiệu", "Tỷ lệ giữa các cơ quan",
                               "Từng dòng"]  # fmt: skip
    agencies = list(book["Theo cơ quan"].iter_rows(min_row=3, values_only=True))
    assert agencies[0][:3] == ("Cơ quan gửi", "Số tờ trình", "Số dòng")
    table = {row[0]: row[1:] for row in agencies[1:]}
    assert table[received["a"].name] == (2, 6, 2, 1, 2, 1, 4, 15, 30)
    assert table[received["b"].name] == (1, 6, 0, 1, 4, 1, 6, 30, 30)
    assert table["Tổng cộng"] == (3, 12, 2, 2, 6, 2, 10, 25, 30)
    entries = list(book["Từng dòng"].iter_rows(min_row=2, values_only=True))
    assert len(entries) == 12
    returned = [row for row in entries if row[6] == "Đã trả lại"]
    assert {(row[5], row[8], row[12]) for row in returned} == {
        ("Chiến sĩ thi đua cấp tỉnh", "Thiếu hồ sơ.", 5),
        ("Tập thể lao động xuất sắc", "Thiếu hồ sơ.", 1),
    }
    waiting = [row for row in entries if row[6] == "Đang chờ"]
    assert len(waiting) == 2 and all(row[12] is None for row in waiting)
    quotas = list(book["Tỷ lệ giữa các cơ quan"].iter_rows(min_row=4, values_only=True))
    assert quotas[0][0] == "CO_CP" and quotas[0][3:6] == (5, 1, 2)
    # Filtered by agency: only its entries.
    response = client.get(reverse("proposals:overview_xlsx"),
                          {"year": "2022", "sender": received["b"].pk})  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = {row[0] for row in book["Từng dòng"].iter_rows(min_row=2, values_only=True)}
    assert names == {received["b"].name}


def test_only_the_receiving_office_reads_the_overview(received, office, personas):
    urls = [reverse("proposals:overview"), reverse("proposals:overview_xlsx")]
    for user in (*personas.values(), office["reader"]):
        client = Client()
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.username, url)
    # Another receiving office sees nothing of this one's receipts.
    client = Client()
    client.force_login(office["elsewhere"])
    page = client.get(urls[0]).content.decode()
    assert "Chưa nhận tờ trình nào." in page and received["a"].name not in page
    found = overview(office["elsewhere"], office=office["elsewhere"].organization)
    assert found.agencies == [] and found.total.total == 0
