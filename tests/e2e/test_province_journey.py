"""The province's journey, in the browser (issue 19, "Tests"): the school's secretary drafts a
2022 tờ trình of three Bằng khen from its council's result and the principal signs it → the
province office's officer finds it in the inbox, returns one entry, puts the other two before the
province's council → its five members vote on their ballot pages and the officer closes the
session → the officer drafts the Chủ tịch UBND tỉnh's decision from the passed entries and records
it signed → the school's secretary reads each entry's outcome on the tờ trình's page (returned
with its reason, granted under the decision's number, the decision as DOCX and PDF) and the award
register lists the two Bằng khen.

Set up through actions, before the journey: the school's 2022 council (met 2022-12-20) passing
the three. The province votes online, each member in their own browser: the office's council
sits at the Ban, whose members each have an account. Dates, in order, none in the future: the
school's council 20/12/2022, the tờ trình 22/12/2022, one entry returned 23/12/2022, the
province's council 27/12/2022, the decision signed 30/12/2022."""

from datetime import date, time

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.documents import docx_text, pdf_text
from thidua.accounts.models import User
from thidua.awards.models import Award
from thidua.council.actions import (
    do_cast_ballot,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.council.models import CouncilSession
from thidua.organization.models import Organization, Person
from thidua.proposals.models import Proposal, Receipt

YEAR = 2022
SCHOOL_SESSION = "Phiên họp xét thi đua, khen thưởng năm 2022"
PROVINCE_SESSION = "Phiên họp Hội đồng TĐ-KT tỉnh tháng 12/2022"
NOMINEES = ("Bùi Thu Giang", "Hoàng Ngọc Dung", "Phạm Ngọc Hương")
RETURNED = "Phạm Ngọc Hương"
GRANTED = ("Bùi Thu Giang", "Hoàng Ngọc Dung")
RETURN_REASON = "Thiếu báo cáo thành tích có xác nhận của Thủ trưởng đơn vị."
DECISION_NUMBER = "3722/QĐ-UBND"
SIGNER = "Võ Trọng Hải"
# The province's council (thidua/demo/province.py); the officer, its secretary, votes too.
MEMBERS = ("tinh_chutich", "tinh_phochutich", "tinh_uyvien", "tinh_congdoan")
OFFICER = "tinh_thuky"


def _school_council_passes_three():
    """The school's 2022 council (its standing five, all present) agrees to the secretary's
    three Bằng khen của Chủ tịch UBND tỉnh, on 20/12/2022."""
    school = Organization.objects.get(abbreviation="TCTTP")
    secretary = User.objects.get(username="thuky")
    people = {p.full_name: p for p in Person.objects.filter(organization=school)}
    nominations = [
        do_nominate(
            year=YEAR,
            title="BK_TINH",
            person=people[name],
            justification="Thành tích xuất sắc trong phong trào thi đua năm 2022 của Trường.",
            acting_user=secretary,
        )  # fmt: skip
        for name in NOMINEES
    ]
    session = do_open_session(name=SCHOOL_SESSION, year=YEAR, meeting_on=date(YEAR, 12, 20),
                              starts_at=time(8, 0), acting_user=secretary)  # fmt: skip
    seats = list(session.members.select_related("user"))
    for member in seats:
        do_set_attendance(member, present=True, acting_user=secretary)
    items = do_put_on_agenda(session, nominations, acting_user=secretary)
    for item in items:
        for member in seats:
            do_cast_ballot(session, item, "agree", acting_user=member.user)
    do_close_session(session, acting_user=secretary)


def _watch(page, problems):
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            problems.append("HTTP {} {}".format(r.status, r.url)) if r.status >= 400 else None
        ),
    )


def _sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def _vote(page, papers):
    """Agree on every open ballot paper of the member signed in."""
    page.goto("/council/ballot/")
    expect(page.locator(".ballot-paper")).to_have_count(papers)
    for _ in range(papers):
        paper = page.locator(".ballot-paper").first
        paper.get_by_label("Đồng ý", exact=True).check()
        paper.get_by_role("button", name="Bỏ phiếu").click()
        expect(page.locator(".alert-success")).to_contain_text("Đã ghi phiếu cho")
    expect(page.locator("#no-ballot")).to_be_visible()


def _vote_in_own_browser(browser, browser_context_args, username, password, papers):
    problems: list[str] = []
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    _watch(page, problems)
    _sign_in(page, username, password)
    _vote(page, papers)
    context.close()
    assert problems == [], "Lỗi trong trình duyệt của {}: {}".format(username, problems)


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return open(info.value.path(), "rb").read()


def test_a_tờ_trình_from_the_school_to_the_chủ_tịch_s_decision(
    page, sign_in, demo, browser, browser_context_args
):
    _school_council_passes_three()

    # 1. The school's secretary drafts the tờ trình to the province from the council's result.
    sign_in("thuky")
    page.get_by_role("link", name="Tờ trình", exact=True).click()
    page.get_by_role("link", name="Lập tờ trình từ kết quả Hội đồng").click()
    route = page.locator(".session-routes form").filter(has_text="Bằng khen")
    expect(route).to_have_count(1)
    for name in NOMINEES:
        expect(route).to_contain_text(name)
    route.get_by_role("button", name="Lập dự thảo tờ trình").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập dự thảo tờ trình")
    expect(page.locator("#entries tbody tr")).to_have_count(len(NOMINEES))
    proposal = Proposal.objects.get(organization__abbreviation="TCTTP", year=YEAR)
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    # 2. The principal signs it on 22/12/2022, two days after the council met.
    sign_in("hieutruong")
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name="Xem lại để ký và gửi").click()
    page.get_by_label("Ngày tờ trình").fill("22/12/2022")
    page.get_by_role("button", name="Cập nhật bản xem lại").click()
    expect(page.locator("#look-date")).to_have_text("22/12/2022")
    expect(page.locator("#look-entries tbody tr")).to_have_count(len(NOMINEES))
    page.get_by_role("button", name="Ký và gửi tờ trình").click()
    expect(page.locator("#proposal-state")).to_contain_text("Đã gửi cấp trên")
    proposal.refresh_from_db()
    page.get_by_role("button", name="Đăng xuất (hieutruong)").click()

    # 3. The office's officer finds it in the inbox and returns one entry.
    sign_in(OFFICER)
    page.get_by_role("link", name="Tờ trình đã nhận").click()
    page.get_by_role("link", name=proposal.document_number).click()
    receipt = Receipt.objects.get(proposal=proposal)
    expect(page.locator("#received-entries tbody tr")).to_have_count(len(NOMINEES))
    expect(page.locator("#receipt-state")).to_contain_text("nhận ngày 22/12/2022")
    expect(page.locator("#no-session")).to_be_visible()  # no session of 2022 open yet
    assert_accessible(page)
    row = receipt.entries.get(subject_name=RETURNED)
    one = page.get_by_role("region", name="Trả lại một dòng")
    one.get_by_label("Dòng trả lại").select_option(str(row.pk))
    one.get_by_label("Lý do trả lại").fill(RETURN_REASON)
    one.get_by_label("Ngày trả lại").fill("23/12/2022")
    one.get_by_role("button", name="Trả lại dòng này").click()
    returned = page.locator("#received-entries tbody tr").filter(has_text=RETURNED)
    expect(returned.locator(".entry-status")).to_contain_text("Đã trả lại")
    expect(returned.locator(".entry-status")).to_contain_text(RETURN_REASON)

    # 4. The officer opens the province council's session (told so on the receipt page), marks
    # the five present and puts the two other entries on its agenda from the receipt page.
    page.get_by_role("link", name="Mở phiên họp Hội đồng").click()
    page.get_by_label("Tên phiên họp").fill(PROVINCE_SESSION)
    page.get_by_label("Năm xét").fill(str(YEAR))
    page.get_by_label("Ngày họp").fill("27/12/2022")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở phiên họp")
    assert_accessible(page)
    present = page.get_by_role("checkbox", name="Có mặt")
    expect(present).to_have_count(len(MEMBERS) + 1)
    for index in range(len(MEMBERS) + 1):
        present.nth(index).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi điểm danh.")
    session = CouncilSession.objects.get(name=PROVINCE_SESSION)
    page.goto(receipt.get_absolute_url())
    for name in GRANTED:
        page.get_by_label("Đưa ra Hội đồng: {}".format(name), exact=False).check()
    page.get_by_label("Phiên họp Hội đồng").select_option(str(session.pk))
    page.get_by_role("button", name="Đưa ra Hội đồng").click()
    expect(page.get_by_text("Đã đưa 2 dòng ra Hội đồng")).to_be_visible()
    status = page.locator("#received-entries .council-status")
    expect(status).to_have_count(len(GRANTED))
    status.first.get_by_role("link", name=PROVINCE_SESSION).click()
    school = proposal.organization
    for name in GRANTED:
        expect(page.locator("#agenda")).to_contain_text("{} ({})".format(name, school.name))
    votes = page.locator("#tally .tally-votes")
    expect(votes).to_have_text(["0/5"] * len(GRANTED))

    # 5. Each member votes on their ballot page, in their own browser; the officer from a tab.
    for username in MEMBERS:
        _vote_in_own_browser(browser, browser_context_args, username, demo, len(GRANTED))
    problems: list[str] = []
    ballot_tab = page.context.new_page()
    _watch(ballot_tab, problems)
    _vote(ballot_tab, len(GRANTED))
    assert_accessible(ballot_tab)
    ballot_tab.close()
    assert problems == [], problems
    expect(votes).to_have_text(["5/5"] * len(GRANTED), timeout=10_000)

    # 6. The officer enters when the meeting ended (it met on 27/12/2022, not now) and closes
    # the session: both pass.
    page.get_by_label("Giờ kết thúc cuộc họp").fill("10:30")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc phiên, chốt kết quả").click()
    expect(page.locator("#session-state")).to_contain_text("Đã kết thúc")
    results = page.locator("#results tbody tr")
    expect(results).to_have_count(len(GRANTED))
    expect(results.locator(".badge")).to_have_text(["Đạt"] * len(GRANTED))
    page.goto(receipt.get_absolute_url())
    expect(page.locator("#received-entries .council-status").first).to_contain_text("5/5")

    # 7. The officer drafts the Chủ tịch's decision from the passed entries and records it signed.
    page.get_by_role("link", name="← Tờ trình đã nhận").click()
    page.get_by_role("link", name="Quyết định khen thưởng theo các tờ trình đã nhận").click()
    page.get_by_role("link", name="Lập dự thảo quyết định").click()
    decidable = page.locator("#decidable tbody tr")
    expect(decidable).to_have_count(len(GRANTED))  # the returned entry is not there
    for name in GRANTED:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Lập dự thảo với các dòng đã chọn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lập dự thảo quyết định với 2")
    page.get_by_label("Số quyết định").fill(DECISION_NUMBER)
    page.get_by_label("Ngày ký").fill("30/12/2022")
    page.get_by_label("Họ và tên người ký").fill(SIGNER)
    page.get_by_role("button", name="Ghi quyết định đã ký").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ban hành Quyết định số 3722")
    expect(page.locator("#decision-signed")).to_contain_text("30/12/2022")
    expect(page.locator("#decision-entries tbody tr")).to_have_count(len(GRANTED))
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất ({})".format(OFFICER)).click()

    # 8. The school's secretary reads each entry's outcome on the tờ trình's page.
    sign_in("thuky")
    page.get_by_role("link", name="Tờ trình", exact=True).click()
    page.get_by_role("link", name=proposal.document_number).first.click()
    outcomes = page.locator("#entries tbody tr")
    expect(outcomes).to_have_count(len(NOMINEES))
    returned = outcomes.filter(has_text=RETURNED).locator(".entry-outcome")
    expect(returned).to_contain_text("Bị trả lại")
    expect(returned).to_contain_text("23/12/2022")
    expect(returned).to_contain_text(RETURN_REASON)
    for name in GRANTED:
        granted = outcomes.filter(has_text=name).locator(".entry-outcome")
        expect(granted).to_contain_text("Được khen thưởng")
        expect(granted).to_contain_text("Quyết định số {} ngày 30/12/2022".format(DECISION_NUMBER))
    assert_accessible(page)
    link = outcomes.filter(has_text=GRANTED[0]).locator(".entry-decision")
    decision_docx = docx_text(_download(page, link.get_by_role("link", name="DOCX")))
    decision_pdf = pdf_text(_download(page, link.get_by_role("link", name="PDF")))
    for text in (decision_docx, decision_pdf):
        assert "3722" in text and SIGNER in text
        for name in GRANTED:
            assert name in text
        assert RETURNED not in text

    # 9. The award register lists the two Bằng khen under the decision's number.
    page.get_by_role("link", name="Sổ khen thưởng", exact=True).click()
    for name in GRANTED:
        row = page.locator("tbody tr").filter(has_text=name).filter(has_text=DECISION_NUMBER)
        expect(row).to_have_count(1)
    assert sorted(
        Award.objects.filter(decision_number=DECISION_NUMBER).values_list(
            "person__family_and_middle", "person__given", "code", "year", "decided_on"
        )
    ) == sorted((*name.rsplit(" ", 1), "BK_TINH", YEAR, date(YEAR, 12, 30)) for name in GRANTED)
