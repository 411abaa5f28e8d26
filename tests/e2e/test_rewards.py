"""Reward money in the browser (issue 18): the principal issues a decision, its bảng kê totals
match a hand computation, the accountant pays it from the fund, and the fund shows the expense.
axe-core checks WCAG 2.1 AA on each new screen; the `page` fixture fails on any HTTP error."""

from playwright.sync_api import expect

from tests.e2e.test_awards import assert_accessible
from thidua.accounts.models import User
from thidua.decisions.models import Decision, DecisionEntry
from thidua.organization.models import Organization, Person, Unit
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


def test_issue_then_the_list_then_the_fund(page, sign_in):
    decision, people = draft_decision()
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
