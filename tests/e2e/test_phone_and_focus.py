"""Phones and live updates (issue 21, part 2): the pages people use on phones fit 320 px (every
page of every role is checked at 390 px by tests/e2e/test_every_page_*.py); tap targets of at
least 24×24 px on the ballot and the attendance list; and the keyboard keeps its place when htmx
replaces part of a page — the council session's polled tally, the pending-evidence actions,
sorting and paging — with the result read out in a polite live region. The `page` fixture fails
on any console error, HTTP error or CSP violation; axe-core checks WCAG 2.1 AA on the screens
changed here."""

import re
from datetime import date, time

import pytest
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.every_page import OVERFLOW
from thidua.accounts.models import User
from thidua.council.actions import (
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.council.demo import load_council_2022
from thidua.council.forms import nomination_subjects
from thidua.plans.models import Plan

# What a page shows does not depend on the database engine: .ci/run checks it on SQLite only.
pytestmark = pytest.mark.any_engine

PHONE = {"width": 390, "height": 844}
FITS = "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
# --- a council session open for online votes ----------------------------------------------------


def open_session():
    """The secretary opens a 2022 session: the council seated and present, two LĐTT items."""
    head = User.objects.get(username="truongkhoa")
    secretary = User.objects.get(username="thuky")
    load_council_2022(head.organization)
    people, _ = nomination_subjects(head)
    nominations = [
        do_nominate(
            year=2022,
            title="LDTT",
            person=person,
            acting_user=head,
            justification="Hoàn thành xuất sắc nhiệm vụ năm 2022.",
        )  # fmt: skip
        for person in people[:2]
    ]
    session = do_open_session(name="Phiên họp xét khen thưởng năm 2022", year=2022,
                              meeting_on=date(2022, 12, 20), starts_at=time(8, 0),
                              acting_user=secretary)  # fmt: skip
    for member in session.members.all():
        do_set_attendance(member, present=True, acting_user=secretary)
    do_put_on_agenda(session, nominations, acting_user=secretary)
    return session


def tap_sizes(locator):
    return [(round(box["width"]), round(box["height"])) for box in
            (item.bounding_box() for item in locator.all())]  # fmt: skip


def test_ballot_by_keyboard_alone_with_large_tap_targets(page, sign_in):
    open_session()
    page.set_viewport_size(PHONE)
    sign_in("uyvien")
    page.goto("/council/ballot/")
    papers = page.locator(".ballot-paper")
    expect(papers).to_have_count(2)
    radios = page.locator(".ballot-paper input[type=radio]")
    assert all(w >= 24 and h >= 24 for w, h in tap_sizes(radios)), tap_sizes(radios)
    assert page.evaluate(FITS)
    assert_accessible(page)
    # Tab to the first paper's group, arrows to choose, Tab on to the next paper's group.
    radios.first.focus()
    for paper in range(2):
        group = papers.nth(paper).locator("input[type=radio]")
        expect(group.first).to_be_focused()
        page.keyboard.press("Space")
        expect(group.first).to_be_checked()
        page.keyboard.press("ArrowDown")
        expect(group.nth(1)).to_be_checked()
        # On past the paper's own button ("Bỏ phiếu") to the next paper's group.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Gửi tất cả phiếu")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi 2 phiếu")
    expect(page.locator("#no-ballot")).to_be_visible()


def test_attendance_checkboxes_are_large_enough_to_tap(page, sign_in):
    session = open_session()
    page.set_viewport_size(PHONE)
    sign_in("thuky")
    page.goto("/council/sessions/{}/".format(session.pk))
    boxes = page.locator("#attendance-form input[type=checkbox]")
    expect(boxes).to_have_count(10)
    assert all(w >= 24 and h >= 24 for w, h in tap_sizes(boxes)), tap_sizes(boxes)


def test_focus_on_the_close_button_survives_the_tally_refreshes(page, sign_in):
    session = open_session()
    sign_in("thuky")
    page.goto("/council/sessions/{}/".format(session.pk))
    expect(page.locator("#tally .tally-votes")).to_have_text(["0/5", "0/5"])
    close = page.get_by_role("button", name="Kết thúc phiên, chốt kết quả")
    close.focus()
    expect(close).to_be_focused()
    refreshed = page.evaluate("""() => new Promise((done) => {
      let swaps = 0;
      document.addEventListener('htmx:afterSettle', () => { swaps += 1; });
      setTimeout(() => done(swaps), 5000);
    })""")
    assert refreshed >= 2  # the tally was replaced at least twice meanwhile
    expect(close).to_be_focused()
    assert page.locator("#tally").locator("a, button, input, select, textarea").count() == 0
    assert_accessible(page)
    # The question counts who has not voted as of the last refresh; Enter asks, then closes.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_label("Giờ kết thúc cuộc họp").fill("10:30")
    close.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#session-state")).to_contain_text("Đã kết thúc")
    assert "Còn 5 thành viên được biểu quyết chưa bỏ phiếu đủ các nội dung" in asked[0]


def test_pending_evidence_actions_keep_focus_and_are_announced(page, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("thuky")
    page.goto("/evidence/pending/")
    rows = page.locator("tr[data-live-row]:has(button)")
    expect(rows).to_have_count(2)  # the demo's evidence awaiting the secretary
    assert page.evaluate(FITS)
    first = rows.first
    # The actions are on screen and the reason box has room to type in.
    # Each row's buttons say which record they act on, after the words on screen.
    title = first.locator("td a").first.inner_text()
    named = " .*«{}»".format(re.escape(title))
    confirm = first.get_by_role("button", name=re.compile("^Xác nhận" + named))
    expect(first.get_by_role("button", name=re.compile("^Không xác nhận" + named))).to_have_count(1)
    confirm.scroll_into_view_if_needed()
    box = confirm.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert first.locator("input[name=reason]").bounding_box()["width"] >= 150
    assert_accessible(page)

    # 1. "Xác nhận" by keyboard: the row says so, the live region reads it, focus goes on to
    # the next row's first action.
    first_id = first.get_attribute("id")
    second_id = rows.nth(1).get_attribute("id")
    confirm.focus()
    page.keyboard.press("Enter")
    done = page.locator("#" + first_id)
    expect(done).to_contain_text("Đã xác nhận minh chứng.")
    expect(page.locator("#live-status")).to_have_text("{}: Đã xác nhận minh chứng.".format(title))
    expect(page.locator("#live-status")).to_have_attribute("aria-live", "polite")
    following = page.locator("#" + second_id)
    expect(following.get_by_role("button", name=re.compile("^Xác nhận "))).to_be_focused()

    # 2. "Không xác nhận" without a reason: refused, focus in the reason box, which names the error.
    second = page.locator("#" + second_id)
    second.get_by_role("button", name="Không xác nhận").focus()
    page.keyboard.press("Enter")
    expect(second.get_by_role("alert")).to_have_text("Cần ghi lý do không xác nhận.")
    reason = second.get_by_label("Lý do không xác nhận")
    expect(reason).to_be_focused()
    error_id = second.get_by_role("alert").get_attribute("id")
    expect(reason).to_have_attribute("aria-describedby", error_id)

    # 3. With a reason typed, Enter in the box rejects; nothing else awaits, so focus stays on
    # the row, on its record's link.
    reason.fill("Thiếu bản chụp quyết định.")
    page.keyboard.press("Enter")
    expect(second).to_contain_text("Đã ghi không xác nhận minh chứng.")
    expect(page.locator("#live-status")).to_contain_text("Đã ghi không xác nhận minh chứng.")
    expect(second.locator("td a").first).to_be_focused()
    expect(page.locator("tr[data-live-row] button")).to_have_count(0)
    assert_accessible(page)


def test_sorting_and_paging_keep_focus_and_say_the_order(page, sign_in):
    sign_in("thuky")
    page.goto("/people/")
    table = page.locator("#person-table")
    caption = table.locator("caption")
    name = table.locator("th[data-column] a").first
    column = name.locator("xpath=..").get_attribute("data-column")
    header = table.locator('th[data-column="{}"]'.format(column))
    # The list comes sorted by name, A to Z: the header says so, to the eye and to the ear.
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(header.locator(".sort-mark")).to_have_text("↑")
    link = header.locator("a")
    name.focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(header.locator(".sort-mark")).to_have_text("↓")
    expect(link).to_be_focused()
    expect(page.locator("#live-status")).to_contain_text("xếp theo «Họ và tên» giảm dần")
    expect(caption).to_contain_text("giảm dần")
    # Sorting again reverses the order; focus stays on the same header.
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(link).to_be_focused()
    expect(page.locator("#live-status")).to_contain_text("tăng dần")
    # Only the sorted column carries aria-sort.
    expect(table.locator("th[aria-sort]")).to_have_count(1)
    # Paging: focus lands on the table's caption, which says the page and the count.
    table.get_by_role("link", name="Trang sau").focus()
    page.keyboard.press("Enter")
    expect(caption).to_be_focused()
    expect(caption).to_contain_text("trang 2/")
    expect(page.locator("#live-status")).to_contain_text("trang 2/")
    assert_accessible(page)


# --- the pages people use on phones, at the narrowest phone ---------------------------------------

NARROW = {"width": 320, "height": 640}


def phone_pages(username):
    """The pages a persona opens on a phone (issue 21): the to-do list (home), the registration,
    one's eligibility, the plan's targets, the evidence queue, the eligibility overview."""
    user = User.objects.get(username=username)
    plan = Plan.objects.filter(organization=user.organization).order_by("-year").first()
    pages = ["/", "/plans/{}/".format(plan.pk)]
    if username == "canbo":
        pages += ["/registrations/me/", "/eligibility/people/{}/".format(user.person_id),
                  "/evidence/mine/"]  # fmt: skip
    if username == "truongkhoa":
        pages += ["/registrations/units/{}/".format(user.headed_unit_id), "/evidence/pending/"]
    if username == "thuky":
        pages += ["/evidence/pending/", "/eligibility/", "/registrations/"]
    return pages


@pytest.mark.parametrize("username", ["canbo", "truongkhoa", "thuky"])
def test_phone_pages_fit_320_px(page, sign_in, username):
    page.set_viewport_size(NARROW)
    sign_in(username)
    wide = {}
    for url in phone_pages(username):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(OVERFLOW)
        if found:
            wide[url] = found
    assert wide == {}


def test_the_eligibility_overview_keeps_names_readable_on_a_phone(page, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("thuky")
    page.goto("/eligibility/")
    name = page.locator("#people-verdicts tbody tr td:first-child").first
    # A name on a line or two, not a word a line; and it stays in view while the titles scroll.
    assert name.bounding_box()["width"] >= 130
    assert name.evaluate("(cell) => getComputedStyle(cell).position") == "sticky"
    page.locator("#people-verdicts").evaluate("(t) => { t.parentElement.scrollLeft = 400; }")
    assert name.bounding_box()["x"] >= 0
    assert page.evaluate(FITS)
    assert_accessible(page)
