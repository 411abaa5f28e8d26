"""Browser journey of "Tham số pháp lý": the secretary changes a parameter with the keyboard; staff
see on "Xét điều kiện" only that some rules await confirmation. axe-core checks WCAG 2.1 AA."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.organization.models import Organization


def assert_error_announced(page, field, text):
    """The error is announced (role="alert") and tied to its field: the field is invalid and its
    aria-describedby names the element that holds the message (WCAG 3.3.1)."""
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    errors = [i for i in described if page.locator(f"#{i}").get_attribute("role") == "alert"]
    assert errors, described
    expect(page.locator(f"#{errors[0]}")).to_contain_text(text)
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def assert_fits(page, width=390):
    """The page itself never scrolls sideways; wide tables scroll inside .table-responsive."""
    wide = page.evaluate("""(w) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
        .slice(0, 12)""", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def test_secretary_changes_a_parameter_with_the_keyboard(page, sign_in):
    sign_in("thuky")
    page.get_by_role("link", name="Tham số pháp lý").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tham số pháp lý")
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Chế độ Luật Thi đua, khen thưởng 2003 – Nghị định 91/2017/NĐ-CP"
    )
    row = page.locator("#param-max_absence_days")
    expect(row).to_contain_text("Không áp dụng")
    expect(page.locator("#param-council_quorum")).to_contain_text("2/3 (66,7%)")
    assert_accessible(page)

    # Keyboard only: focus the row's edit link, open it, type the value, submit with Enter.
    row.get_by_role("link", name="Sửa").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Số ngày nghỉ loại trừ danh hiệu")
    assert_accessible(page)
    field = page.get_by_label("Số ngày nghỉ loại trừ danh hiệu (ngày)")
    field.focus()
    page.keyboard.type("40")
    # The law sets no such limit: the organisation's basis is required, and said so when missing.
    page.keyboard.press("Enter")
    reason = page.get_by_label("Căn cứ của cơ quan")
    assert_error_announced(page, reason, "cần nêu căn cứ (quy chế, quyết định của cơ quan)")
    assert_accessible(page)
    reason.focus()
    page.keyboard.type("Quy chế thi đua, khen thưởng của Trường, Điều 5")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert").first).to_contain_text(
        "Đã lưu «Số ngày nghỉ loại trừ danh hiệu»: 40 ngày"
    )
    row = page.locator("#param-max_absence_days")
    expect(row).to_contain_text("40 ngày")
    expect(row).to_contain_text("Quy định của cơ quan")
    organization = Organization.objects.get(abbreviation="TCTTP")
    assert organization.rule_overrides["2017"]["max_absence_days"] == 40
    # A wrong value is refused in Vietnamese, naming the field.
    page.goto("/parameters/2017/ttldtt_ldtt_share/")
    field = page.get_by_label("Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐTT (%)")
    field.fill("150")
    field.press("Enter")
    assert_error_announced(
        page, field,
        "«Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐTT (%)»: tỷ lệ phải từ 1% đến 100%.",
    )
    assert_accessible(page)
    # Below the law (Luật TĐKT 2003 Điều 28: over 50%): refused, naming the law.
    field = page.get_by_label("Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐTT (%)")
    field.fill("40")
    field.press("Enter")
    assert_error_announced(page, field, "không được thấp hơn quy định: 50% (Luật Thi đua, khen"
                                        " thưởng 2003 (sửa đổi, bổ sung 2013), Điều 28, khoản 1)")
    assert_accessible(page)
    assert "ttldtt_ldtt_share" not in Organization.objects.get(
        abbreviation="TCTTP").rule_overrides["2017"]  # fmt: skip

    # At 390 px the tables scroll inside their own box.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/parameters/?regime=2023")
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Chế độ Luật Thi đua, khen thưởng 2022"
    )
    assert_fits(page)

    # Xét điều kiện: the secretary sees the count and the way to the parameters.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/eligibility/")
    note = page.locator("#to-confirm")
    expect(note).to_contain_text("tham số pháp lý áp dụng cho năm 2022 còn cần xác nhận")
    expect(note.get_by_role("link", name="Xem tham số pháp lý")).to_be_visible()


def test_staff_see_only_a_one_line_note(page, sign_in):
    sign_in("canbo")
    expect(page.get_by_role("link", name="Tham số pháp lý")).to_have_count(0)
    page.goto("/eligibility/")
    note = page.locator("#to-confirm")
    expect(note).to_have_text(
        "Một số quy định áp dụng cho năm 2022 đang chờ xác nhận; Hội đồng sẽ xem xét các trường"
        " hợp liên quan."
    )
    body = page.locator("main").inner_text()
    for leak in ("tham số", "[R]", "frozenset(", "GvtScale(", "0,666", "2023/nd"):
        assert leak not in body.lower() if leak == "tham số" else leak not in body
    assert_accessible(page)
