"""The union's decisions page ("Ghi quyết định của Công đoàn"), in the browser: the demo's 2021
union decision is on record; the secretary records the union's decision for a 2022 session the
council closed, a date before the meeting refused with its reason, then the right one written to
the register. axe-core checks WCAG 2.1 AA on the page."""

from datetime import date, time

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import User
from thidua.awards.models import Award
from thidua.council.actions import (
    PaperCount,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_record_paper_counts,
    do_set_attendance,
)
from thidua.organization.models import Person

MET_ON = date(2022, 12, 20)


def _union_session_2022(secretary):
    """A 2022 session held on paper that passed "Giỏi việc trường, đảm việc nhà" for a woman
    who does not hold it yet (the demo's register has the union's 2022 titles of the others)."""
    woman = (
        Person.objects.filter(gender="F", hired_on__year__lte=2021, left_on__isnull=True)
        .exclude(pk__in=Award.objects.filter(code="GVT_DVN", year=2022).values("person_id"))
        .order_by("pk")
        .first()
    )
    nomination = do_nominate(
        year=2022, title="GVT_DVN", person=woman, acting_user=secretary,
        justification="Công đoàn bộ phận bình xét, đề nghị.",
    )  # fmt: skip
    session = do_open_session(
        name="Phiên họp xét danh hiệu Công đoàn năm 2022", year=2022, meeting_on=MET_ON,
        starts_at=time(14, 0), on_paper=True, acting_user=secretary,
    )  # fmt: skip
    for member in session.members.all():
        do_set_attendance(member, present=True, acting_user=secretary)
    [item] = do_put_on_agenda(session, [nomination], acting_user=secretary)
    voting = session.members.count()
    do_record_paper_counts(
        session, {item: PaperCount(voting, voting, voting, voting, 0)}, acting_user=secretary
    )
    do_close_session(session, ends_at=time(15, 0), acting_user=secretary)
    return woman


def test_secretary_records_the_unions_decision(page, sign_in):
    woman = _union_session_2022(User.objects.get(username="thuky"))
    sign_in("thuky")
    page.get_by_role("link", name="Quyết định", exact=True).click()
    page.get_by_role("link", name="Ghi quyết định của Công đoàn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi quyết định của Công đoàn")
    sections = page.locator("section.union-session")
    # The demo's 2021 union decision, recorded after the council met on 14/12/2021.
    done = sections.filter(has_text="năm 2021")
    expect(done).to_contain_text("Hội đồng họp ngày 14/12/2021")
    expect(done.locator(".union-results li").first).to_contain_text(
        "Quyết định số 31/QĐ-CĐ ngày 15/12/2021"
    )
    expect(done.locator("form")).to_have_count(0)
    waiting = sections.filter(has_text="Phiên họp xét danh hiệu Công đoàn năm 2022")
    expect(waiting).to_contain_text("Chờ quyết định của Công đoàn")
    assert_accessible(page)

    waiting.get_by_label("Số quyết định của Công đoàn").fill("27/QĐ-CĐ")
    waiting.get_by_label("Ngày quyết định").fill("19/12/2022")  # before the council met
    waiting.get_by_label(woman.full_name, exact=False).check()
    waiting.get_by_role("button", name="Ghi quyết định của Công đoàn vào sổ").click()
    waiting = page.locator("section.union-session").filter(has_text="năm 2022")
    expect(waiting.locator(".alert-danger")).to_contain_text("trước ngày Hội đồng họp")
    assert not Award.objects.filter(person=woman, code="GVT_DVN", year=2022).exists()
    assert_accessible(page)

    waiting.get_by_label("Ngày quyết định").fill("22/12/2022")
    waiting.get_by_label(woman.full_name, exact=False).check()
    waiting.get_by_role("button", name="Ghi quyết định của Công đoàn vào sổ").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Đã ghi quyết định 27/QĐ-CĐ của Công đoàn; 1 khen thưởng vào sổ."
    )
    recorded = page.locator("section.union-session").filter(has_text="năm 2022")
    expect(recorded).to_contain_text("Quyết định số 27/QĐ-CĐ ngày 22/12/2022")
    award = Award.objects.get(person=woman, code="GVT_DVN", year=2022)
    assert award.decided_on == date(2022, 12, 22) and award.decision_number == "27/QĐ-CĐ"
