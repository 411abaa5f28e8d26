"""Công khai kết quả xét chọn, in the browser (issue 14): the secretary publishes a closed
session's results for comments → a staff member reads them and comments → the secretary sees
the comment → the principal's decision is refused before the period ends, issued after it.
axe-core checks WCAG 2.1 AA on each new screen."""

from datetime import date, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import User
from thidua.council.actions import (
    PaperCount,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_record_paper_counts,
    do_set_attendance,
)
from thidua.council.models import ResultsPublication
from thidua.decisions.actions import do_draft_decision_from_session
from thidua.decisions.models import DecisionState

SESSION_NAME = "Phiên họp xét khen thưởng năm 2022"


def _closed_session_2022(secretary):
    """A 2022 session held on paper that passed one LĐTT for the demo's staff member."""
    staff = User.objects.get(username="canbo").person
    nomination = do_nominate(
        year=2022, title="LDTT", person=staff, acting_user=secretary,
        justification="Khoa bình xét, đề nghị.",
    )  # fmt: skip
    session = do_open_session(
        name=SESSION_NAME, year=2022, meeting_on=date(2022, 12, 20), starts_at=time(8, 0),
        on_paper=True, acting_user=secretary,
    )  # fmt: skip
    for member in session.members.all():
        do_set_attendance(member, present=True, acting_user=secretary)
    [item] = do_put_on_agenda(session, [nomination], acting_user=secretary)
    voting = session.members.count()
    do_record_paper_counts(
        session, {item: PaperCount(voting, voting, voting, voting, 0)}, acting_user=secretary
    )
    return do_close_session(session, ends_at=time(10, 0), acting_user=secretary), staff


def test_publication_comments_and_the_decision_after_the_period(page, sign_in):
    secretary = User.objects.get(username="thuky")
    organization = secretary.organization
    organization.results_publication_required = True  # the school's regulation asks for it
    organization.save()
    session, staff = _closed_session_2022(secretary)
    draft = do_draft_decision_from_session(session, acting_user=secretary)
    today = timezone.localdate()

    sign_in("thuky")
    page.goto(session.get_absolute_url())
    page.locator("#session-publication").get_by_role("link", name="Công khai kết quả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Công khai kết quả xét chọn")
    expect(page.locator("#publication-rows")).to_contain_text(staff.full_name)
    assert_accessible(page)
    page.get_by_label("Công khai từ ngày").fill("19/12/2022")  # before the meeting: refused
    page.get_by_label("Đến hết ngày").fill((today + timedelta(days=3)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Công khai kết quả").click()
    expect(page.locator("#publish-form")).to_contain_text("trước ngày họp Hội đồng 20/12/2022")
    page.get_by_label("Công khai từ ngày").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Công khai kết quả").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã công khai kết quả xét chọn")
    expect(page.locator("#publication-state")).to_have_text("Đang công khai, nhận ý kiến")
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    sign_in("canbo")
    page.get_by_role("link", name="Hội đồng", exact=True).click()
    page.get_by_role("link", name="Công khai kết quả").click()
    assert_accessible(page)
    page.get_by_role("link", name=SESSION_NAME).click()
    expect(page.locator("#publication-rows")).to_contain_text(staff.full_name)
    expect(page.locator("#comments")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Ý kiến của bạn").fill("Tôi đề nghị bổ sung minh chứng sáng kiến.")
    page.get_by_role("button", name="Gửi ý kiến").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi ý kiến")
    expect(page.locator("#own-comments")).to_contain_text("bổ sung minh chứng")
    page.get_by_role("button", name="Đăng xuất (canbo)").click()

    sign_in("thuky")
    publication = ResultsPublication.objects.get(session=session)
    page.goto(publication.get_absolute_url())
    expect(page.locator("#comments tr.comment")).to_have_count(1)
    expect(page.locator("#comments")).to_contain_text(staff.full_name)
    expect(page.locator("#comments")).to_contain_text("bổ sung minh chứng")
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    sign_in("hieutruong")
    page.goto("/decisions/{}/issue/".format(draft.pk))
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator("#issue-values")).to_contain_text("chỉ ban hành quyết định từ ngày hôm sau")
    draft.refresh_from_db()
    assert draft.state == DecisionState.DRAFT
    # The period runs out: the publication as it stands once its last day has passed.
    ResultsPublication.objects.filter(pk=publication.pk).update(
        starts_on=today - timedelta(days=7), ends_on=today - timedelta(days=1)
    )
    page.goto("/decisions/{}/issue/".format(draft.pk))
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ban hành")
    draft.refresh_from_db()
    assert draft.state == DecisionState.ISSUED
