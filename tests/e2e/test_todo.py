"""The to-do list in the browser (issue 18): the unit head's home page lists what waits for
them and leads there; the reminder preference is set with the keyboard; the plan's calendar
as a timeline. Each screen clean under axe (WCAG 2.1 AA)."""

import re

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.todo.models import ReminderPreference


def test_the_unit_head_follows_the_list_and_turns_the_email_off(page, sign_in):
    sign_in("truongkhoa")
    todo = page.get_by_role("region", name="Việc cần làm")
    expect(todo).to_be_visible()
    # The demo's 2022 awaits the council: one record of the faculty waits for its head.
    item = todo.get_by_role("link", name="1 minh chứng chờ bạn xác nhận")
    expect(item).to_be_visible()
    assert_accessible(page)
    item.click()
    expect(page).to_have_url(re.compile(r"/evidence/pending/$"))
    page.go_back()
    page.get_by_role("link", name="Thư nhắc việc hằng ngày").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thư nhắc việc hằng ngày")
    assert_accessible(page)
    box = page.get_by_label("Nhận thư nhắc việc hằng ngày")
    expect(box).to_be_checked()
    box.focus()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lưu")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Bạn sẽ không nhận thư nhắc việc nữa.")).to_be_visible()
    expect(page.get_by_label("Nhận thư nhắc việc hằng ngày")).not_to_be_checked()
    assert not ReminderPreference.objects.get(user__username="truongkhoa").email_digest


def test_the_plan_page_shows_its_calendar(page, sign_in):
    sign_in("thuky")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Triển khai phong trào thi đua năm 2022").click()
    calendar = page.get_by_role("list", name="Lịch thực hiện")
    expect(calendar.get_by_role("listitem")).to_have_count(2)
    expect(calendar.get_by_role("listitem").nth(0)).to_contain_text("31/03/2022")
    expect(calendar.get_by_role("listitem").nth(1)).to_contain_text(
        "30/12/2022 — Hạn báo cáo tổng kết năm"
    )
    assert_accessible(page)
