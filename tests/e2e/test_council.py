"""The council journey: the unit head nominates, the secretary opens a session with the
nominations, two members vote in their own browsers while the secretary's tally counts them,
and the secretary closes the session."""

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua.accounts.models import User
from thidua.council.demo import load_council_2022
from thidua.council.forms import nomination_subjects
from thidua.council.models import Ballot, CouncilSession, Nomination


def _watch(page, problems):
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            problems.append("HTTP {} {}".format(r.status, r.url)) if r.status >= 400 else None
        ),
    )


def _vote_in_own_browser(browser, browser_context_args, username, password):
    """Sign a member in from a fresh browser context and vote 'agree' on every open paper."""
    problems: list[str] = []
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    _watch(page, problems)
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    page.goto("/council/ballot/")
    papers = page.locator(".ballot-paper")
    expect(papers).to_have_count(2)
    for _ in range(2):
        paper = page.locator(".ballot-paper").first
        paper.get_by_label("Đồng ý", exact=True).check()
        paper.get_by_role("button", name="Bỏ phiếu").click()
        expect(page.locator(".alert-success")).to_contain_text("Đã ghi phiếu cho")
    expect(page.locator("#no-ballot")).to_be_visible()
    context.close()
    assert problems == [], "Lỗi trong trình duyệt của {}: {}".format(username, problems)


def test_council_session_journey(page, sign_in, demo, browser, browser_context_args):
    head = User.objects.get(username="truongkhoa")
    load_council_2022(head.organization)
    people, _ = nomination_subjects(head)
    first, second = people[:2]

    sign_in("truongkhoa")
    for person in (first, second):
        page.goto("/council/nominations/add/?year=2022")
        page.get_by_label("Đề nghị cho").select_option("p{}".format(person.pk))
        page.get_by_label("Danh hiệu, hình thức").select_option("LDTT")
        page.get_by_label("Lý do đề nghị").fill("Hoàn thành tốt nhiệm vụ năm 2022.")
        page.get_by_role("button", name="Gửi đề nghị").click()
        expect(page.locator("#nomination-state")).to_have_text("Đã đề nghị")
    page.get_by_role("button", name="Đăng xuất (truongkhoa)").click()

    sign_in("thuky")
    page.get_by_role("link", name="Hội đồng", exact=True).click()
    page.get_by_role("link", name="Mở phiên họp").click()
    page.get_by_label("Tên phiên họp").fill("Phiên họp xét khen thưởng năm 2022")
    page.get_by_label("Năm xét").fill("2022")
    # The form proposes today; the 2022 review met in December 2022, entered afterwards.
    page.get_by_label("Ngày họp").fill("20/12/2022")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Địa điểm").fill("Hội trường tầng 2")
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở phiên họp")
    expect(page.locator("#meeting-on")).to_have_text("20/12/2022")
    expect(page.locator("#meeting-place")).to_have_text("Hội trường tầng 2")
    boxes = page.locator("#attendance-form input[name^=present_]")
    expect(boxes).to_have_count(5)
    for index in range(5):
        boxes.nth(index).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi điểm danh.")
    for checkbox in page.locator("#agenda-form input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Đưa vào chương trình").click()
    expect(page.locator("#agenda li")).to_have_count(2)
    votes = page.locator("#tally .tally-votes")
    expect(votes).to_have_text(["0/5", "0/5"])

    for username in ("uyvien", "hieutruong"):
        _vote_in_own_browser(browser, browser_context_args, username, demo)

    # The secretary's page polls the tally: counts only, never who or how.
    expect(votes).to_have_text(["2/5", "2/5"], timeout=10_000)
    expect(page.locator("#tally-total")).to_have_text("4")
    # Closing asks first (hx-confirm), saying how many have not voted on everything.
    # The end time is asked beside the polled tally; what is typed survives its refresh.
    page.get_by_label("Giờ kết thúc cuộc họp").fill("10:30")
    page.wait_for_timeout(2500)
    expect(page.get_by_label("Giờ kết thúc cuộc họp")).to_have_value("10:30")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Kết thúc phiên, chốt kết quả").click()
    expect(page.locator("#session-state")).to_contain_text("Đã kết thúc")
    expect(page.locator("#meeting-times")).to_have_text("từ 08:00 đến 10:30")
    assert "Còn 3 thành viên được biểu quyết chưa bỏ phiếu đủ các nội dung" in asked[0]
    expect(page.locator("#tally")).to_have_count(0)
    expect(page.locator("#results tbody tr")).to_have_count(2)
    expect(page.locator("#results tbody tr").first).to_contain_text("2/5")

    session = CouncilSession.objects.get(year=2022)  # the demo's 2021 one is closed
    assert session.seal and Ballot.objects.filter(item__session=session).count() == 4
    states = Nomination.objects.filter(year=2022).values_list("state", flat=True)
    assert set(states) == {"failed"}  # 40% < 70%


def test_paper_count_form(page, sign_in, demo):
    """A session held on paper: the secretary enters the count for every item on one form; a
    broken row is marked beside its field, nothing saved; then the whole form saves. axe-core
    checks WCAG 2.1 AA on the page."""
    from thidua.council.actions import do_nominate

    head = User.objects.get(username="truongkhoa")
    load_council_2022(head.organization)
    people, _ = nomination_subjects(head)
    for person in people[:2]:
        do_nominate(year=2022, title="LDTT", person=person, acting_user=head,
                    justification="Hoàn thành tốt nhiệm vụ năm 2022.")  # fmt: skip

    sign_in("thuky")
    page.goto("/council/sessions/add/")
    page.get_by_label("Tên phiên họp").fill("Phiên họp trên giấy năm 2022")
    page.get_by_label("Năm xét").fill("2022")
    page.get_by_label("Ngày họp").fill("20/12/2022")
    page.get_by_label("Giờ bắt đầu").fill("14:00")
    page.get_by_label("Bỏ phiếu, kiểm phiếu bằng phiếu giấy").check()
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.locator("#meeting-mode")).to_contain_text("Bằng phiếu giấy")
    boxes = page.locator("#attendance-form input[name^=present_]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    for checkbox in page.locator("#agenda-form input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Đưa vào chương trình").click()
    rows = page.locator("#paper-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#tally")).to_have_count(0)
    for index, valid in ((0, "5"), (1, "6")):  # the second row: more valid than returned
        row = rows.nth(index)
        for name, value in (("Phát ra", "5"), ("Thu về", "5"), ("Hợp lệ", valid),
                            ("Đồng ý", "4"), ("Không đồng ý", "1")):  # fmt: skip
            row.get_by_label(name, exact=False).first.fill(value)
    page.get_by_role("button", name="Lưu kết quả kiểm phiếu").click()
    expect(page.locator("#paper-errors")).to_be_visible()
    expect(rows.nth(1).locator("[data-field=valid]")).to_contain_text("vượt số phiếu thu về")
    assert_accessible(page)
    rows.nth(1).get_by_label("Hợp lệ", exact=False).first.fill("5")
    page.get_by_role("button", name="Lưu kết quả kiểm phiếu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi kết quả kiểm phiếu giấy.")
    page.get_by_label("Giờ kết thúc cuộc họp").fill("16:00")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc phiên, chốt kết quả").click()
    expect(page.locator("#session-state")).to_contain_text("Đã kết thúc")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    expect(page.locator("#signed-minutes")).to_be_visible()
    session = CouncilSession.objects.get(year=2022)  # the demo's 2021 one is closed
    assert session.on_paper and session.seal
    assert Ballot.objects.filter(item__session=session).count() == 10


def test_counting_committee_form(page, sign_in, demo):
    """The secretary records the counting committee the meeting elected, with the keyboard: an
    absent member chosen is refused beside the field, nothing saved; members present are saved
    and listed. axe-core checks WCAG 2.1 AA on the page with the form open."""
    head = User.objects.get(username="truongkhoa")
    load_council_2022(head.organization)
    sign_in("thuky")
    page.goto("/council/sessions/add/")
    page.get_by_label("Tên phiên họp").fill("Phiên họp bầu Ban kiểm phiếu")
    page.get_by_label("Năm xét").fill("2022")
    page.get_by_label("Ngày họp").fill("20/12/2022")
    page.get_by_label("Giờ bắt đầu").fill("14:00")
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.locator("#counting-committee")).to_contain_text("Chưa ghi Ban kiểm phiếu")
    boxes = page.locator("#attendance-form input[name^=present_]")
    for index in range(boxes.count() - 1):  # the last seat stays absent
        boxes.nth(index).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_text("Ghi Ban kiểm phiếu do Hội đồng bầu").focus()
    page.keyboard.press("Enter")  # opens the <details>
    head_box = page.get_by_label("Trưởng ban kiểm phiếu")
    options = head_box.locator("option")
    expect(options).to_have_count(boxes.count())  # "— chọn —" and the members present
    head_box.focus()
    page.keyboard.press("ArrowDown")  # the first member present
    members = page.locator("#counting-form input[name=counting-members]")
    members.nth(1).focus()
    page.keyboard.press("Space")
    page.get_by_label("Giờ bầu").fill("14:10")
    assert_accessible(page)
    page.get_by_label("Giờ bầu").fill("13:50")  # before the meeting began: refused
    page.get_by_role("button", name="Lưu Ban kiểm phiếu").click()
    expect(page.locator("#counting-form")).to_contain_text("trước giờ bắt đầu cuộc họp")
    session = CouncilSession.objects.get(name="Phiên họp bầu Ban kiểm phiếu")
    assert not session.members.exclude(counting="").exists()
    page.get_by_label("Giờ bầu").fill("14:10")
    page.get_by_role("button", name="Lưu Ban kiểm phiếu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi Ban kiểm phiếu do Hội đồng bầu.")
    expect(page.locator("#counting-committee li")).to_have_count(2)
    expect(page.locator("#counting-committee")).to_contain_text("Trưởng ban kiểm phiếu")
    assert session.members.filter(counting="head").count() == 1
