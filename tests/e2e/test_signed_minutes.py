"""The signed paper minutes of a council session held on paper, in the browser: the secretary
attaches the scan to the demo's 2021 session (met 14/12/2021, closed and sealed); a file that is
not a PDF or an image is refused beside the field; a council member reads the scan and may not
change it. axe-core checks WCAG 2.1 AA on the page."""

from playwright.sync_api import expect

from tests.e2e.test_adoption_journey import PDF
from tests.helpers.axe import assert_accessible
from thidua.council.models import CouncilSession


def test_secretary_attaches_the_signed_minutes_of_a_paper_session(page, sign_in):
    session = CouncilSession.objects.get(organization__abbreviation="TCTTP", year=2021)
    assert session.on_paper and session.state == "closed"
    sign_in("thuky")
    page.goto(session.get_absolute_url())
    expect(page.locator("#meeting-mode")).to_contain_text("Bằng phiếu giấy")
    minutes = page.locator("#signed-minutes")
    expect(minutes).to_be_visible()
    upload = minutes.locator("input[type=file]")

    upload.set_input_files(
        files=[{"name": "bien-ban.docx", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    minutes.get_by_role("button", name="Tải lên").click()
    expect(minutes.locator(".invalid-feedback")).to_be_visible()
    assert not session.attachments.exists()

    minutes.locator("input[type=file]").set_input_files(
        files=[{"name": "bien-ban-hop-14-12-2021.pdf", "mimeType": "application/pdf",
                "buffer": PDF}]
    )  # fmt: skip
    minutes.get_by_role("button", name="Tải lên").click()
    expect(minutes.locator(".attachments-table")).to_contain_text("bien-ban-hop-14-12-2021.pdf")
    assert list(session.attachments.values_list("name", flat=True)) == [
        "bien-ban-hop-14-12-2021.pdf"
    ]
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất (thuky)").click()

    sign_in("uyvien")
    page.goto(session.get_absolute_url())
    expect(page.locator("#signed-minutes .attachments-table")).to_contain_text(
        "bien-ban-hop-14-12-2021.pdf"
    )
    expect(page.locator("#signed-minutes input[type=file]")).to_have_count(0)
