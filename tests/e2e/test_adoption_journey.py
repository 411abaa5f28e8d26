"""Adopting thidua, in the browser (issue 13, Tests): the secretary imports five years of awards
kept before thidua, and a person's CSTĐ cấp tỉnh criterion of three consecutive CSTĐCS turns
from "không đạt" to "đạt" as the law says; a council held on paper is entered afterwards with
its counts, its date and its signed minutes; the principal issues the school's decision dated
the next day, then signs the tờ trình to the province with its number and date; the province
grants one entry and not the other; the register and the person's printed history show it.

E2e tests run in real time (2026): every date is a fixed day of the 2022 review (which may
meet until 31/12/2023), entered as the user would type it, never "today"."""

import io
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from tests.helpers.documents import docx_text, normalise, pdf_text
from thidua.awards.models import Award
from thidua.awards.spreadsheet import AWARDS
from thidua.council.models import CouncilSession, Nomination, NominationState
from thidua.decisions.models import Decision, DecisionState
from thidua.organization.models import Organization, Person
from thidua.proposals.models import Proposal

YEAR = 2022
# Khoa Xây dựng Đảng (truongkhoa's faculty). In the demo's register she is CSTĐCS in 2019 and
# 2021, and the engine finds her CSTĐCS in 2022: the 2020 CSTĐCS kept on paper completes the
# three consecutive years CSTĐ cấp tỉnh needs (Luật 2003 Điều 22).
CHAIN_CODE = "00005"
CHAIN_NAME = "Bùi Thu Giang"
# A second entry for the province, which the province does not grant.
REFUSED_NAME = "Hoàng Ngọc Dung"
# A title the principal decides: the school's own decision.
LDTT_NAME = "Phạm Ngọc Hương"
# Two more people of the imported file (hired before 2017).
OTHER_CODES = ("00013", "00021")
SESSION_NAME = "Phiên họp xét thi đua, khen thưởng năm 2022 (họp trên giấy)"
MET_ON = "20/12/2022"
DECIDED_ON = "21/12/2022"  # the principal's decision, the day after the council met
SIGNED_ON = "22/12/2022"  # the tờ trình
TO_TRINH_NUMBER = "57"
PROVINCE_NUMBER = "412/QĐ-UBND"
PROVINCE_ON = "15/02/2023"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _awards_file(organization) -> tuple[bytes, int]:
    """Five years of the register (2017–2021) as the school kept them: new rows for 2017, 2018
    and the missing 2020 CSTĐCS; the 2019–2021 rows already in the register, as exported.
    Return the file and its number of rows."""
    book = Workbook()
    sheet = book.active
    sheet.append([column.header for column in AWARDS.columns])
    codes = (CHAIN_CODE, *OTHER_CODES)
    for code in codes:
        person = Person.objects.get(organization=organization, staff_code=code)
        sheet.append([code, person.full_name, "", 2017, "Lao động tiên tiến", "52/QĐ-TCTTP",
                      date(2017, 12, 28), ""])  # fmt: skip
        sheet.append([code, person.full_name, "", 2018, "Lao động tiên tiến", "61/QĐ-TCTTP",
                      date(2018, 12, 27), ""])  # fmt: skip
    sheet.append([CHAIN_CODE, CHAIN_NAME, "", 2020, "Chiến sĩ thi đua cơ sở", "88/QĐ-TCTTP",
                  date(2020, 12, 29), ""])  # fmt: skip
    kept = Award.objects.filter(person__staff_code__in=codes, year__in=(2019, 2020, 2021))
    for row in AWARDS.rows(organization, kept):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), sheet.max_row - 1


def _consecutive_criterion(page, person):
    """Open the person's eligibility page; return the CSTĐ cấp tỉnh row of consecutive CSTĐCS."""
    page.goto("/eligibility/people/{}/".format(person.pk))
    title = page.locator('[data-title="CSTD_TINH"]')
    button = title.locator(".accordion-button")
    button.focus()
    page.keyboard.press("Enter")  # the accordion opens from the keyboard
    table = title.locator("table.criteria")
    expect(table).to_be_visible()
    return table.locator("tr").filter(has_text="CSTĐCS:")


def _download(page, link) -> Path:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path())


def _nominate(page, name, title, reason=None):
    page.goto("/council/nominations/add/?year={}".format(YEAR))
    page.get_by_label("Đề nghị cho").select_option(label=name)
    page.get_by_label("Danh hiệu, hình thức").select_option(title)
    if title == "LDTT":
        page.get_by_label("Ngày họp bình xét của đơn vị").fill("15/12/2022")
        page.get_by_label("Số người dự họp").fill("9")
        page.get_by_label("Số phiếu đồng ý").fill("9")
    page.get_by_role("button", name="Gửi đề nghị").click()
    if reason:
        # Not eligible by the engine (no registration for it, no province-wide initiative):
        # the unit gives its reasons, as the form asks.
        expect(page.locator("#nomination-form .alert-danger")).to_contain_text("cần ghi lý do")
        page.get_by_label("Lý do đề nghị").fill(reason)
        page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator("#nomination-state")).to_have_text("Đã đề nghị")


def test_adopting_thidua_from_old_awards_to_the_provinces_answer(page, sign_in):
    organization = Organization.objects.get(abbreviation="TCTTP")
    # A school whose province does not use thidua: taken out from under the demo's province
    # office, it records the province's answer itself (step 9).
    organization.parent = None
    organization.save(update_fields=["parent"])
    person = Person.objects.get(organization=organization, staff_code=CHAIN_CODE)
    assert person.full_name == CHAIN_NAME
    assert not Award.objects.filter(person=person, code="CSTD_CS", year=2020).exists()

    # 1. Before the import: two CSTĐCS in a row (2021 and the pending 2022), not three.
    sign_in("thuky")
    criterion = _consecutive_criterion(page, person)
    expect(criterion).to_contain_text("CSTĐCS: 2021, 2022 — cần 3 lần liên tục (không đạt)")
    assert_accessible(page)

    # 2. The secretary imports five years of the register: preview first, nothing written.
    before = Award.objects.count()
    page.get_by_role("link", name="Nhập Excel", exact=True).click()
    expect(page.get_by_role("heading", name="Nhập, xuất Excel")).to_be_visible()
    page.get_by_label("Loại dữ liệu").select_option("awards")
    data, rows = _awards_file(organization)
    upload = {
        "name": "so-khen-thuong-2017-2021.xlsx",
        "mimeType": "application/octet-stream",
        "buffer": data,
    }
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(files=[upload])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    preview = page.locator("#import-preview dl")
    # 3 people × 2 years and her 2020 CSTĐCS are new; the rows already in the register (as
    # exported) change nothing.
    assert rows > 7
    expect(preview.locator("dd")).to_have_text([str(rows), "7", "0", str(rows - 7)])
    expect(page.locator("#import-errors li")).to_have_count(0)
    assert_accessible(page)
    assert Award.objects.count() == before
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("Đã nhập sổ khen thưởng")).to_be_visible()
    # 3 people × 2 years, and her 2020 CSTĐCS; the rows already in the register are unchanged.
    assert Award.objects.count() == before + 7
    assert Award.objects.filter(person=person, code="CSTD_CS", year=2020).exists()

    # 3. After: 2020, 2021, 2022 — three consecutive CSTĐCS, the criterion passes.
    criterion = _consecutive_criterion(page, person)
    expect(criterion).to_contain_text("CSTĐCS: 2020, 2021, 2022 — cần 3 lần liên tục (đạt)")
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    # 4. The unit head nominates her and a colleague for the province, and one for LĐTT.
    sign_in("truongkhoa")
    _nominate(page, CHAIN_NAME, "CSTD_TINH", "Ba năm liền Chiến sĩ thi đua cơ sở (2020–2022).")
    _nominate(page, REFUSED_NAME, "CSTD_TINH", "Thành tích xuất sắc trong biên soạn tài liệu.")
    _nominate(page, LDTT_NAME, "LDTT")
    page.get_by_role("button", name="Đăng xuất (truongkhoa)").click()

    # 5. The council met on paper on 20/12/2022; the secretary enters it afterwards.
    sign_in("thuky")
    page.get_by_role("link", name="Hội đồng", exact=True).click()
    page.get_by_role("link", name="Mở phiên họp").click()
    page.get_by_label("Tên phiên họp").fill(SESSION_NAME)
    page.get_by_label("Năm xét").fill(str(YEAR))
    page.get_by_label("Ngày họp").fill(MET_ON)
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Địa điểm").fill("Hội trường tầng 2")
    page.get_by_label("Bỏ phiếu, kiểm phiếu bằng phiếu giấy").check()
    assert_accessible(page)
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở phiên họp")
    expect(page.locator("#meeting-on")).to_have_text(MET_ON)
    expect(page.locator("#meeting-mode")).to_contain_text("Bằng phiếu giấy")
    boxes = page.locator("#attendance-form input[name^=present_]")
    expect(boxes).to_have_count(5)
    for index in range(5):
        boxes.nth(index).check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi điểm danh.")
    agenda = page.locator("#agenda-form input[type=checkbox]")
    expect(agenda).to_have_count(3)
    for checkbox in agenda.all():
        checkbox.check()
    page.get_by_role("button", name="Đưa vào chương trình").click()
    rows = page.locator("#paper-table tbody tr")
    expect(rows).to_have_count(3)
    for index in range(3):
        row = rows.nth(index)
        for name, value in (("Phát ra", "5"), ("Thu về", "5"), ("Hợp lệ", "5"),
                            ("Đồng ý", "5"), ("Không đồng ý", "0")):  # fmt: skip
            row.get_by_label(name, exact=False).first.fill(value)
    assert_accessible(page)
    page.get_by_role("button", name="Lưu kết quả kiểm phiếu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi kết quả kiểm phiếu giấy.")
    # The signed paper minutes, scanned, attached to the session.
    minutes = page.locator("#signed-minutes")
    minutes.locator("input[type=file]").set_input_files(
        files=[{"name": "bien-ban-da-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    minutes.get_by_role("button", name="Tải lên").click()
    expect(minutes.locator(".attachments-table")).to_contain_text("bien-ban-da-ky.pdf")
    page.get_by_label("Giờ kết thúc cuộc họp").fill("10:30")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc phiên, chốt kết quả").click()
    expect(page.locator("#session-state")).to_contain_text("Đã kết thúc")
    expect(page.locator("#meeting-times")).to_have_text("từ 08:00 đến 10:30")
    results = page.locator("#results tbody tr")
    expect(results).to_have_count(3)
    expect(results.locator(".badge")).to_have_text(["Đạt"] * 3)
    expect(results.filter(has_text=CHAIN_NAME)).to_contain_text("5/5")
    session = CouncilSession.objects.get(year=YEAR)
    assert session.on_paper and session.seal and session.meeting_on == date(2022, 12, 20)
    assert list(session.attachments.values_list("name", flat=True)) == ["bien-ban-da-ky.pdf"]
    assert set(Nomination.objects.filter(year=YEAR).values_list("state", flat=True)) == {
        NominationState.PASSED
    }
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    # 6. The principal issues the LĐTT decision, dated the day after the meeting.
    sign_in("hieutruong")
    page.get_by_role("link", name="Quyết định", exact=True).click()
    page.get_by_role("link", name="Soạn quyết định từ kết quả Hội đồng").click()
    page.get_by_label("Phiên họp Hội đồng").select_option(label=SESSION_NAME)
    page.get_by_label("Lao động tiên tiến", exact=True).check()
    page.get_by_role("button", name="Soạn dự thảo").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã soạn dự thảo quyết định (1 dòng)")
    page.get_by_role("link", name="Xem lại để ban hành").click()
    # Dated before the council met: refused, the field says why; nothing issued.
    page.get_by_label("Ngày ký quyết định").fill("19/12/2022")
    page.get_by_role("button", name="Cập nhật bản xem lại").click()
    expect(page.locator("[data-field=decided_on]")).to_contain_text("20/12/2022")
    expect(page.get_by_role("button", name="Ban hành quyết định")).to_have_count(0)
    page.get_by_label("Ngày ký quyết định").fill(DECIDED_ON)
    page.get_by_role("button", name="Cập nhật bản xem lại").click()
    expect(page.locator("#look-date")).to_have_text(DECIDED_ON)
    expect(page.locator("#look-entries tbody tr")).to_have_count(1)
    expect(page.locator("#look-entries")).to_contain_text(LDTT_NAME)
    assert_accessible(page)
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator(".alert-success")).to_contain_text("đã ghi vào sổ khen thưởng")
    expect(page.locator("#decision-state")).to_have_text("Đã ban hành")
    # The council's decision (the demo's 2022 phase has its own, without a session).
    decision = Decision.objects.get(year=YEAR, session__isnull=False)
    assert decision.state == DecisionState.ISSUED
    assert decision.decided_on == date(2022, 12, 21)
    printed = normalise(
        docx_text(
            _download(page, page.get_by_role("link", name="Tải quyết định (Word)")).read_bytes()
        )
    )
    assert "ngày 21 tháng 12 năm 2022" in printed and LDTT_NAME in printed
    page.get_by_role("button", name="Đăng xuất (hieutruong)").click()

    # 7. The secretary drafts the tờ trình to the province from the session.
    sign_in("thuky")
    page.get_by_role("link", name="Tờ trình", exact=True).click()
    page.get_by_role("link", name="Lập tờ trình từ kết quả Hội đồng").click()
    route = page.locator(".session-routes form").filter(has_text=CHAIN_NAME)
    expect(route).to_have_count(1)
    expect(route).to_contain_text(REFUSED_NAME)
    route.get_by_role("button", name="Lập dự thảo tờ trình").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập dự thảo tờ trình")
    proposal = Proposal.objects.get(year=YEAR)
    expect(page.locator("#entries tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    # 8. The principal signs it under number 57, dated 22/12/2022, after the last look.
    sign_in("hieutruong")
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name="Xem lại để ký và gửi").click()
    # A date in the future is refused beside the field.
    page.get_by_label("Ngày tờ trình").fill("22/12/2099")
    page.get_by_role("button", name="Cập nhật bản xem lại").click()
    expect(page.locator("[data-field=dated_on]")).to_contain_text("tương lai")
    expect(page.get_by_role("button", name="Ký và gửi tờ trình")).to_have_count(0)
    page.get_by_label("Ngày tờ trình").fill(SIGNED_ON)
    page.get_by_label("Số tờ trình", exact=True).fill(TO_TRINH_NUMBER)
    page.get_by_role("button", name="Cập nhật bản xem lại").click()
    expect(page.locator("#look-date")).to_have_text(SIGNED_ON)
    expect(page.locator("#look-number")).to_contain_text(TO_TRINH_NUMBER)
    expect(page.locator("#look-entries tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Ký và gửi tờ trình").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ký và gửi tờ trình")
    expect(page.locator("#proposal-state")).to_contain_text("Đã gửi cấp trên")
    expect(page.locator("#proposal-state")).to_contain_text(SIGNED_ON)
    proposal.refresh_from_db()
    assert proposal.number == int(TO_TRINH_NUMBER) and proposal.dated_on == date(2022, 12, 22)
    signed = normalise(docx_text(_download(page, page.locator("#proposal-docx")).read_bytes()))
    assert "ngày 22 tháng 12 năm 2022" in signed
    # To the Chủ tịch UBND tỉnh: a state document (NĐ 30), "Số: 57/TTr-…" even for a Party school.
    assert proposal.document_number.startswith(TO_TRINH_NUMBER + "/")
    assert "Số: {}".format(proposal.document_number) in signed and CHAIN_NAME in signed
    page.get_by_role("button", name="Đăng xuất (hieutruong)").click()

    # 9. The province grants her CSTĐ cấp tỉnh and not her colleague's.
    sign_in("thuky")
    page.goto(proposal.get_absolute_url())
    page.get_by_label("Số quyết định của cấp trên").fill(PROVINCE_NUMBER)
    page.get_by_label("Ngày quyết định của cấp trên").fill(PROVINCE_ON)
    answers = page.locator(".answer-row")
    answers.filter(has_text=CHAIN_NAME).get_by_label("Kết quả").select_option("granted")
    refused = answers.filter(has_text=REFUSED_NAME)
    refused.get_by_label("Kết quả").select_option("refused")
    refused.get_by_label("Lý do nếu không được khen thưởng").fill(
        "Chưa có sáng kiến được công nhận phạm vi toàn tỉnh."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_role("alert").filter(has_text="Đã ghi kết quả")).to_contain_text(
        "1 khen thưởng vào sổ"
    )
    expect(page.locator("#proposal-state")).to_contain_text("Được chấp thuận một phần")
    entries = page.locator("#entries tbody tr")
    expect(entries.filter(has_text=CHAIN_NAME).locator(".entry-outcome")).to_have_attribute(
        "data-outcome", "granted"
    )
    expect(entries.filter(has_text=CHAIN_NAME).locator(".entry-outcome")).to_contain_text(
        "Quyết định số {} ngày {}".format(PROVINCE_NUMBER, PROVINCE_ON)
    )
    expect(entries.filter(has_text=REFUSED_NAME).locator(".entry-outcome")).to_have_attribute(
        "data-outcome", "refused"
    )
    granted = Award.objects.get(year=YEAR, code="CSTD_TINH")
    assert granted.person == person and granted.decision_number == PROVINCE_NUMBER
    assert granted.decided_on == date(2023, 2, 15)

    # 10. The register lists the granted award; her history shows it, and prints it.
    page.get_by_role("link", name="Sổ khen thưởng", exact=True).click()
    # One filter, one htmx request (the form refreshes the table on each change).
    page.get_by_label("Danh hiệu, hình thức").select_option("CSTD_TINH")
    expect(page).to_have_url(re.compile(r"code=CSTD_TINH"))
    rows = page.locator("#award-table tbody tr")
    expect(rows.filter(has_not_text="Chiến sĩ thi đua cấp tỉnh")).to_have_count(0)
    granted_row = rows.filter(has_text=PROVINCE_NUMBER)
    expect(granted_row).to_have_count(1)
    expect(granted_row).to_contain_text(CHAIN_NAME)
    expect(granted_row).to_contain_text(str(YEAR))
    assert_accessible(page)
    page.goto("/awards/people/{}/".format(person.pk))
    history = page.locator("#history tbody tr")
    expect(history.filter(has_text=PROVINCE_NUMBER)).to_contain_text("Chiến sĩ thi đua cấp tỉnh")
    expect(history.filter(has_text="88/QĐ-TCTTP")).to_contain_text("2020")
    expect(history.filter(has_text="52/QĐ-TCTTP")).to_contain_text("2017")
    assert_accessible(page)
    printed_pdf = pdf_text(_download(page, page.get_by_role("link", name="In (PDF)")).read_bytes())
    printed_docx = docx_text(
        _download(page, page.get_by_role("link", name="In (DOCX)")).read_bytes()
    )
    for printed in (printed_pdf, printed_docx):
        for expected in (CHAIN_NAME, PROVINCE_NUMBER, "Chiến sĩ thi đua cấp tỉnh", "88/QĐ-TCTTP"):
            assert expected in normalise(printed), expected
