"""The keyboard journeys of issue 21 (part 1): signing in, the skip link and the menu, and a form
with errors. axe-core on every page of every demo role is in tests/e2e/test_every_page_*.py.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# What a page shows does not depend on the database engine: .ci/run checks it on SQLite only.
pytestmark = pytest.mark.any_engine


def focused(page, script):
    return page.evaluate("() => {{ const e = document.activeElement; return {}; }}".format(script))


def test_sign_in_and_reach_the_content_with_the_keyboard_alone(page, demo):
    page.goto("/accounts/login/")
    # The name box has the focus on arrival; a wrong password is said in the summary, focused.
    assert focused(page, "e.name") == "username"
    page.keyboard.type("thuky")
    page.keyboard.press("Tab")
    assert focused(page, "e.name") == "password"
    page.keyboard.type("sai-mat-khau")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    page.locator("#id_password").focus()
    page.keyboard.type(demo)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.wait_for_load_state()

    # First Tab: the skip link, shown when focused; Enter moves the focus to <main>, and the next
    # Tab lands in the content, not in the menu's dozen entries.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua đến nội dung chính")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 20, box
    page.keyboard.press("Enter")
    assert focused(page, "e.id") == "main"
    page.keyboard.press("Tab")
    assert focused(page, "!!e.closest('main')"), focused(page, "e.outerHTML")

    # The menu marks the page shown, visibly too, and its focus ring is white on the red bar.
    menu = page.get_by_role("navigation", name="Menu chính")
    home = menu.get_by_role("link", name="Trang chủ", exact=True)
    expect(home).to_have_attribute("aria-current", "page")
    assert home.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    plans = menu.get_by_role("link", name="Kế hoạch")
    expect(plans).not_to_have_attribute("aria-current", re.compile(".*"))
    plans.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring = plans.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineColor, "
        "parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] == "solid" and ring[1] == "rgb(255, 255, 255)" and ring[2] >= 2, ring
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/plans/")
    expect(menu.get_by_role("link", name="Kế hoạch")).to_have_attribute("aria-current", "page")
    page.locator("main a[href^='/plans/']").first.click()
    expect(menu.get_by_role("link", name="Kế hoạch")).to_have_attribute("aria-current", "true")


def test_a_form_with_errors_is_summarised_and_each_error_read_with_its_field(page, sign_in):
    sign_in("thuky")
    page.goto("/people/add/")
    page.locator("main form input[type=text]").first.focus()
    page.keyboard.press("Enter")  # submitted empty with the keyboard
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("Cần sửa các mục sau:")
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 3
    for field in invalid.all():
        ids = field.get_attribute("aria-describedby").split()
        assert field.get_attribute("id") + "_error" in ids, ids
        for described in ids:
            expect(page.locator("#" + described)).to_have_count(1)
        message = page.locator("#" + field.get_attribute("id") + "_error").inner_text().strip()
        assert message, field.get_attribute("id")
        # The summary links to the field with the same message; the field is marked by a
        # thicker border, not by colour alone.
        link = summary.locator("a[href='#{}']".format(field.get_attribute("id")))
        expect(link).to_contain_text(message)
        assert field.evaluate("e => getComputedStyle(e).borderTopWidth") == "2px"
    # The help text is the element the unit's start date points to.
    since = page.locator("#id_unit_since")
    assert "id_unit_since_helptext" in since.get_attribute("aria-describedby").split()
    expect(page.locator("#id_unit_since_helptext")).to_contain_text("Để trống nếu là hôm nay")
    # Required dropdowns say so, with `required` (an empty first choice) or aria-required.
    for select in page.locator("main select").all():
        label = page.locator("label[for='{}']".format(select.get_attribute("id")))
        if label.locator("text=*").count():
            assert (
                select.get_attribute("required") is not None
                or select.get_attribute("aria-required") == "true"
            ), select.get_attribute("id")

    # From the summary, the keyboard reaches the first field in error.
    page.keyboard.press("Tab")
    first = summary.locator("a").first
    expect(first).to_be_focused()
    target = first.get_attribute("href")[1:]
    page.keyboard.press("Enter")
    assert focused(page, "e.id") == target
