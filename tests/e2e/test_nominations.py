"""A unit's nomination list in one form, "chọn tất cả" on the agenda and the one-page ballot, in
the browser with the keyboard; axe-core checks WCAG 2.1 AA on each screen (issue 13, items 4
and 6)."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.council import papers as papers_cast
from thidua.accounts.models import User
from thidua.council.demo import load_council_2022
from thidua.council.models import AgendaItem, Nomination, VoteRecord


def fits_a_phone(page):
    """At 390 px wide the page scrolls only down, never sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(size)


def test_bulk_nomination_agenda_select_all_and_one_page_ballot(page, sign_in):
    head = User.objects.get(username="truongkhoa")
    load_council_2022(head.organization)

    # 1. The unit head's list: two people, the meeting entered once, all by keyboard.
    sign_in("truongkhoa")
    page.goto("/council/nominations/add/?year=2022")
    assert_accessible(page)
    page.locator("#bulk-links").get_by_role("link", name="Khoa Xây dựng Đảng").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khoa Xây dựng Đảng")
    assert_accessible(page)
    fits_a_phone(page)
    # Nothing ticked: the form says so, nothing stored.
    page.get_by_role("button", name="Gửi các đề nghị đã chọn").click()
    expect(page.locator("#bulk-errors")).to_contain_text("Chọn ít nhất một")
    expect(page.locator("#bulk-errors")).to_be_focused()  # the keyboard lands on the error
    assert_accessible(page)
    page.get_by_label("Ngày họp bình xét của đơn vị").fill("10/12/2022")
    page.get_by_label("Số người dự họp").fill("9")
    page.get_by_label("Số phiếu đồng ý").fill("8")
    rows = page.locator("fieldset.nominee")
    for index in range(2):
        row = rows.nth(index)
        row.locator("input[type=checkbox]").focus()
        page.keyboard.press("Space")
        expect(row.locator("input[type=checkbox]")).to_be_checked()
        row.locator("select").select_option("LDTT")
        row.locator("textarea").fill("Hoàn thành xuất sắc nhiệm vụ năm 2022.")
    page.get_by_role("button", name="Gửi các đề nghị đã chọn").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi 2 đề nghị")
    nominations = list(Nomination.objects.filter(year=2022).order_by("pk"))  # 2021: the demo's
    assert len(nominations) == 2
    assert {(n.meeting_attendance, n.meeting_votes) for n in nominations} == {(9, 8)}
    page.get_by_role("button", name="Đăng xuất (truongkhoa)").click()

    # 2. The secretary opens a session and ticks the whole title at once.
    sign_in("thuky")
    page.goto("/council/sessions/add/?year=2022")
    page.get_by_label("Tên phiên họp").fill("Phiên họp xét khen thưởng năm 2022")
    page.get_by_label("Năm xét").fill("2022")
    page.get_by_label("Ngày họp").fill("20/12/2022")
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở phiên họp")
    boxes = page.locator("#attendance-form input[name^=present_]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_role("button", name="Chọn tất cả danh hiệu Lao động tiên tiến").focus()
    page.keyboard.press("Enter")
    agenda = page.locator("#agenda-form input[type=checkbox]")
    expect(agenda).to_have_count(2)
    for index in range(2):
        expect(agenda.nth(index)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Đưa vào chương trình").click()
    expect(page.locator("#agenda li")).to_have_count(2)
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    # 3. A member votes both items on one page and sends once.
    sign_in("uyvien")
    page.goto("/council/ballot/")
    papers = page.locator(".ballot-paper")
    expect(papers).to_have_count(2)
    assert_accessible(page)
    fits_a_phone(page)
    papers.nth(0).get_by_label("Đồng ý", exact=True).focus()
    page.keyboard.press("Space")
    send = page.get_by_role("button", name="Gửi tất cả phiếu")
    send.click()
    expect(page.locator("#ballot-errors")).to_contain_text("Chưa chọn ý kiến cho")
    expect(page.locator("#ballot-errors")).to_be_focused()  # the keyboard lands on the error
    assert VoteRecord.objects.filter(session__year=2022).count() == 0
    assert_accessible(page)
    papers.nth(1).get_by_label("Không đồng ý", exact=True).focus()
    page.keyboard.press("Space")
    send.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi 2 phiếu")
    expect(page.locator("#no-ballot")).to_be_visible()
    expect(page.locator(".ballot-voted li")).to_have_count(2)
    assert_accessible(page)
    # The demo's 2021 session, held on paper, keeps its own ballots: count 2022's papers only.
    items = set(AgendaItem.objects.filter(session__year=2022).values_list("pk", flat=True))
    papers_2022 = [paper for paper in papers_cast() if paper[0] in items]
    assert VoteRecord.objects.filter(session__year=2022).count() == len(papers_2022) == 2
