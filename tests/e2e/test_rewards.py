"""Issue 18's journey in the browser: the principal issues a decision, its bảng kê totals match
a hand computation, the accountant pays it from the fund and the fund shows the expense; the
secretary's to-do list shows a tờ trình waiting for the province; the digest command sends one
e-mail per person to an SMTP server on 127.0.0.1. axe-core checks WCAG 2.1 AA on each new
screen; the `page` fixture fails on any HTTP error."""

import io
import re
from collections import Counter
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.smtp import smtp_server
from tests.helpers.tasks import run_queued
from thidua.accounts.models import User
from thidua.council.models import CouncilSession
from thidua.decisions.models import Decision, DecisionEntry
from thidua.organization.models import Organization, Person, Unit
from thidua.proposals.actions import do_send_proposal
from thidua.proposals.models import Proposal, ProposalEntry
from thidua.proposals.routing import HigherBody
from thidua.rewards.models import FundEntry

# By hand, a decision signed today (from 01/07/2025: NĐ 152/2025; base salary 2.340.000 đ, NĐ
# 73/2024): LĐTT 0,3 × 2.340.000 = 702.000 → 710.000 đ, twice; the Giấy khen of one of them
# (a form beside a title: both paid) 0,3 × 2.340.000 → 710.000 đ; total 2.130.000 đ.
TOTAL = "2.130.000 đ"


def draft_decision():
    organization = Organization.objects.get(abbreviation="TCTTP")
    faculty = Unit.objects.get(organization=organization, name="Khoa Xây dựng Đảng")
    people = list(
        Person.objects.in_unit([faculty.pk]).filter(left_on__isnull=True)
        .exclude(awards__year=2022, awards__code__in=("LDTT", "GIAY_KHEN")).order_by("pk")[:2]
    )  # fmt: skip
    decision = Decision.objects.create(
        organization=organization, year=2022, symbol="QĐ/TCTTP", legal_bases="Căn cứ Quy chế.",
        titles=["LDTT", "GIAY_KHEN"], created_by=User.objects.get(username="thuky"),
    )  # fmt: skip
    for position, (person, title) in enumerate(
        [(people[0], "LDTT"), (people[1], "LDTT"), (people[0], "GIAY_KHEN")], 1
    ):
        DecisionEntry.objects.create(decision=decision, person=person, title=title,
                                     position=position)  # fmt: skip
    return decision, people


def sent_proposal(days_ago=40):
    """A tờ trình to the province on the demo's 2021 session, signed and sent `days_ago` days
    ago and still unanswered (drafted here: the session's own nominations are all in 52)."""
    organization = Organization.objects.get(abbreviation="TCTTP")
    sent_on = timezone.localdate() - timedelta(days=days_ago)
    proposal = Proposal.objects.create(
        organization=organization, year=2021, body=HigherBody.PROVINCE, number=1,
        number_year=sent_on.year, dated_on=sent_on, drafted_by=User.objects.get(username="thuky"),
        session=CouncilSession.objects.get(organization=organization, year=2021),
    )  # fmt: skip
    ProposalEntry.objects.create(proposal=proposal, person=Person.objects.get(staff_code="00022"),
                                 title="BK_TINH")  # fmt: skip
    return do_send_proposal(proposal, sent_on=sent_on, number=90,
                            acting_user=User.objects.get(username="hieutruong"))  # fmt: skip


def test_issue_then_the_list_then_the_fund_then_the_reminders(page, sign_in, settings):
    decision, people = draft_decision()
    proposal = sent_proposal()
    sign_in("hieutruong")
    page.goto("/decisions/{}/".format(decision.pk))
    page.get_by_role("link", name="Xem lại để ban hành").click()
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator("#decision-state")).to_have_text("Đã ban hành")

    page.get_by_role("link", name="Bảng kê tiền thưởng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng kê tiền thưởng")
    expect(page.locator("#reward-base")).to_contain_text("2.340.000 đ")
    lines = page.locator("#reward-lines tbody tr")
    expect(lines).to_have_count(3)
    expect(lines.filter(has_text="710.000 đ")).to_have_count(3)
    expect(page.locator("#reward-total")).to_have_text(TOTAL)
    expect(page.locator("#reward-individual")).to_have_text(TOTAL)
    # The principal reads the amounts but keeps no fund.
    expect(page.locator("#expense-form")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất (hieutruong)").click()

    sign_in("ketoan")
    page.get_by_role("link", name="Quyết định", exact=True).click()
    page.goto("/rewards/decisions/{}/".format(decision.pk))
    expect(page.locator("#reward-total")).to_have_text(TOTAL)
    page.get_by_label("Ngày chi").press("Enter")  # today, as proposed; from the keyboard
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi chi " + TOTAL)
    expect(page.locator("#reward-paid")).to_be_visible()
    assert FundEntry.objects.get(decision=decision).amount == 2_130_000

    page.get_by_role("link", name="Quỹ TĐKT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quỹ thi đua, khen thưởng")
    entries = page.locator("#fund-entries tbody tr")
    expect(entries.filter(has_text=decision.document_number)).to_contain_text(TOTAL)
    assert_accessible(page)
    page.get_by_role("link", name="bảng lương cơ sở").click()
    expect(page.locator("#base-salaries tbody tr")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất (ketoan)").click()

    # The secretary's home page: the tờ trình sent 40 days ago waits for the province's answer.
    sign_in("thuky")
    waiting = page.get_by_role("region", name="Việc cần làm").get_by_role(
        "link", name="{} gửi ngày {:%d/%m/%Y}: chưa có kết quả sau 40 ngày".format(
            proposal, proposal.sent_on)
    )  # fmt: skip
    expect(waiting).to_be_visible()
    waiting.click()
    expect(page).to_have_url(re.compile(r"/proposals/{}/$".format(proposal.pk)))

    # The morning digest through a real SMTP server: one message per person with something to
    # do (run twice: nothing twice), the secretary's naming the tờ trình.
    for user in User.objects.filter(organization__isnull=False):
        user.email = "{}@truongchinhtri.example.vn".format(user.username)
        user.save(update_fields=["email"])
    with smtp_server(settings) as inbox:
        for _ in range(2):
            call_command("send_reminders", stdout=io.StringIO())
            run_queued()  # what a `db_worker` beside the server does
    recipients = Counter(message["To"] for message in inbox.messages)
    # The demo's own items: the faculty's record waits for its head and the administrator.
    assert recipients == Counter(
        "{}@truongchinhtri.example.vn".format(name) for name in ("admin", "thuky", "truongkhoa")
    )
    secretary = next(m for m in inbox.messages if m["To"].startswith("thuky@")).get_content()
    assert "{} gửi ngày".format(proposal) in secretary and "sau 40 ngày" in secretary
