"""Benchmark: the province office's inbox with 500 agencies' tờ trình and 20,000 entries
(issue 19, item 2 and its performance bar: ≤ 300 ms, a bounded number of queries), and the
office's overview of them (item 3): the page, one agency's, and the XLSX of every entry.

    createdb -h 127.0.0.1 -U postgres thidua_inbox_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_inbox_bench \\
        .venv/bin/python bench/province_inbox.py --runs 30

Migrates the database DATABASE_URL names (use one of its own), writes once the province's
office (receiving for the Chủ tịch UBND tỉnh), 500 agencies under it, each with one sent
tờ trình of 40 entries received in the inbox (bulk rows: the inbox reads the receipts, not the
agencies' people), then asks in-process (Django's test client, DEBUG off, one request at a time)
for the inbox's first page, its page 10, the list filtered by a title, and one received
tờ trình of 40 entries, the overview (all agencies, one agency) and its XLSX link (20,000 rows:
past BACKGROUND_DOCUMENT_ROWS it only queues a job, issue 19 item 5); the floor is /health/ (one
query). Prints medians, 95th percentiles, the ratio to the floor, the number of queries and the
bytes of each page; then the XLSX job's work as a worker does it (median and longest of up to 5
runs) and its peak of Python memory (tracemalloc). The jobs the link queued are deleted.
Of every five entries one waits, two are granted, one refused and one returned, answered 1 to
40 days after sending (a database built before the overview holds only waiting entries: use a
new one).
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
# As production serves: DEBUG off (no query log kept); the test client's host allowed.
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from thidua.accounts.models import Role, RoleGrant, User  # noqa: E402
from thidua.council.models import CouncilSession  # noqa: E402
from thidua.organization.models import Organization  # noqa: E402
from thidua.proposals.models import (  # noqa: E402
    Proposal,
    ProposalEntry,
    Receipt,
    ReceivedEntry,
)

OFFICE = "BENCHINBOX"
TITLES = ("BK_TINH", "CSTD_TINH", "TTLDXS")


def build(agencies: int, entries: int) -> User:
    office = Organization.objects.create(
        name="Ban Thi đua – Khen thưởng tỉnh (thử tải)", abbreviation=OFFICE,
        place_name="Hà Tĩnh", receives_for=["province"],
    )  # fmt: skip
    officer = User.objects.create(username="bench.inbox", organization=office)
    RoleGrant.objects.create(user=officer, organization=office, role=Role.SECRETARY)
    orgs = Organization.objects.bulk_create(
        Organization(name="Cơ quan thử tải {:03d}".format(n), abbreviation="BI{:03d}".format(n),
                     place_name="Hà Tĩnh", parent=office)
        for n in range(agencies)
    )  # fmt: skip
    opened = timezone.make_aware(datetime(2022, 12, 20, 8, 0))
    sessions = CouncilSession.objects.bulk_create(
        CouncilSession(organization=o, year=2022, name="Phiên họp cuối năm",
                       meeting_on=date(2022, 12, 20), starts_at=clock(8, 0), opened_at=opened,
                       opened_by=officer, closed_at=opened, closed_by=officer)
        for o in orgs
    )  # fmt: skip
    proposals = Proposal.objects.bulk_create(
        Proposal(organization=o, year=2022, body="province", number=1, number_year=2022,
                 dated_on=date(2022, 12, 20 + n % 10), session=s, state="sent",
                 drafted_by=officer, signer=officer, sent_on=date(2022, 12, 20 + n % 10))
        for n, (o, s) in enumerate(zip(orgs, sessions, strict=True))
    )  # fmt: skip
    rows = ProposalEntry.objects.bulk_create(
        (answered(ProposalEntry(proposal=p, title=TITLES[k % len(TITLES)], position=k), n, k)
         for n, p in enumerate(proposals) for k in range(entries)),
        batch_size=2000,
    )  # fmt: skip
    receipts = Receipt.objects.bulk_create(
        Receipt(proposal=p, receiver=office, sender_id=p.organization_id,
                document_number="1/TTr-BI{:03d}".format(n), received_on=p.sent_on,
                entry_count=entries,
                dossier=b"", dossier_files=[])
        for n, p in enumerate(proposals)
    )  # fmt: skip
    by_proposal = {r.proposal_id: r for r in receipts}
    explanation = {"verdict": "eligible", "label": "Đủ điều kiện", "name": "Bằng khen",
                   "criteria": [{"passed": True, "detail": "Đạt.", "source": "Điều 72"}] * 4}
    ReceivedEntry.objects.bulk_create(
        (ReceivedEntry(receipt=by_proposal[e.proposal_id], entry=e, position=e.position,
                       subject_name="Cơ quan thử tải", title=e.title, explanation=explanation,
                       **returned(e))
         for e in rows),
        batch_size=2000,
    )  # fmt: skip
    return officer


def answer_day(entry, n, k) -> date:
    return entry.proposal.sent_on + timedelta(days=1 + (n + k) % 40)


def answered(entry, n, k):
    """Of every five entries: one waits, two granted, one refused, one returned (below)."""
    kind, day = k % 5, answer_day(entry, n, k)
    if kind in (1, 4):
        entry.outcome, entry.decision_number, entry.decided_on = "granted", "1/QĐ-UBND", day
        entry.issued_by, entry.answered_on = "Chủ tịch UBND tỉnh", day
    elif kind == 2:
        entry.outcome, entry.refusal_reason, entry.answered_on = "refused", "Chưa đủ.", day
    elif kind == 3:
        entry._returned_on = day
    return entry


def returned(entry) -> dict:
    day = getattr(entry, "_returned_on", None)
    return {"returned_on": day, "return_reason": "Thiếu hồ sơ."} if day else {}


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def measure(client, path, runs, expect=200):
    client.get(path)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        data = body_of(response)
        times.append(time.perf_counter() - start)
        assert response.status_code == expect, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        body_of(client.get(path))
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, len(queries), len(data)


def peak_memory(make) -> int:
    """The peak of Python allocations while `make()` runs (tracemalloc)."""
    tracemalloc.start()
    try:
        make()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def job_work(officer, runs):
    """The overview XLSX's job as a worker does it (thidua.core.exports: the file built, read
    whole, for storing): median and longest seconds, and its size."""
    from django.http import QueryDict

    from thidua.proposals.overview_views import build_overview_xlsx

    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(build_overview_xlsx(officer, "xlsx", QueryDict()).data)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--entries", type=int, default=40)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    officer = User.objects.filter(username="bench.inbox").first()
    if officer is None:
        start = time.perf_counter()
        officer = build(args.agencies, args.entries)
        # The planner's statistics, as autovacuum leaves them on a live database (not yet
        # gathered right after the bulk insert: it would plan 20,000 rows as one).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("built in {:.1f} s".format(time.perf_counter() - start))
    print("receipts {}, received entries {}".format(
        Receipt.objects.filter(receiver=officer.organization).count(),
        ReceivedEntry.objects.filter(receipt__receiver=officer.organization).count()))
    client = Client()
    client.force_login(officer)
    one = Receipt.objects.filter(receiver=officer.organization).order_by("pk").first()
    pages = [("floor /health/", "/health/"), ("inbox, page 1", "/proposals/inbox/"),
             ("inbox, page 10", "/proposals/inbox/?page=10"),
             ("inbox, title CSTD_TINH", "/proposals/inbox/?title=CSTD_TINH"),
             ("one received tờ trình", "/proposals/inbox/{}/".format(one.pk)),
             ("overview", "/proposals/inbox/overview/"),
             ("overview, one agency", "/proposals/inbox/overview/?year=2022&sender={}".format(
                 one.sender_id)),
             ("overview XLSX link (queues)", "/proposals/inbox/overview.xlsx")]
    floor = None
    print("{:<26} {:>10} {:>10} {:>8} {:>8} {:>9}".format(
        "page", "median ms", "p95 ms", "× floor", "queries", "bytes"))
    asked = set(DBTaskResult.objects.values_list("pk", flat=True))
    for label, path in pages:
        # Past BACKGROUND_DOCUMENT_ROWS entries the XLSX link only queues a job (302).
        expect = 302 if path.endswith(".xlsx") else 200
        median, p95, queries, size = measure(client, path, args.runs, expect)
        floor = floor or median
        print("{:<26} {:>10.1f} {:>10.1f} {:>8.1f} {:>8} {:>9}".format(
            label, median * 1000, p95 * 1000, median / floor, queries, size))
    # The jobs the link queued are not run (no worker here): removed.
    DBTaskResult.objects.exclude(pk__in=asked).delete()
    runs = max(1, min(5, args.runs))
    median, longest, size = job_work(officer, runs)
    print("overview XLSX job's work ({} runs): median {:.0f} ms, longest {:.0f} ms, {} bytes"
          .format(runs, median * 1000, longest * 1000, size))
    peak = peak_memory(lambda: job_work(officer, 1))
    print("overview XLSX job: peak of Python memory {:.1f} MB".format(peak / 2**20))


if __name__ == "__main__":
    main()
