"""Browser journey of the emulation cluster (issue 17): the school self-scores in cluster 5 →
the leader's officer checks and ranks → the vote makes Trần Phú the leader → the engine's Cờ thi
đua Học viện criterion for the school follows. axe-core checks WCAG 2.1 AA on each new screen;
the forms are filled and sent from the keyboard."""

import re

from playwright.sync_api import expect

from tests.helpers.axe import assert_accessible
from thidua import rules
from thidua.clusters.demo import NAME
from thidua.clusters.models import Cluster
from thidua.evaluation.facts import assemble_facts, organization_unit_id
from thidua.organization.models import Organization

SCHOOL = "Trường Chính trị Trần Phú"


def cluster_criterion(year=2022):
    org = Organization.objects.get(abbreviation="TCTTP")
    evaluation = rules.evaluate(assemble_facts(org, year), year)
    verdict = evaluation.verdicts(organization_unit_id(org.pk), unit=True)["CO_HV"]
    return next(c for c in verdict.criteria if c.code == "cluster_leader")


def sign_out(page):
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()


def test_the_school_is_scored_checked_and_voted_leader_of_cluster_5(page, sign_in):
    assert cluster_criterion().passed is None  # the council must consider, for now
    cluster = Cluster.objects.get(name=NAME, year=2022)

    # The school's secretary self-scores; a score above the maximum is refused, nothing saved.
    sign_in("thuky")
    page.get_by_role("link", name="Cụm thi đua", exact=True).click()
    page.locator("#clusters").get_by_role("link", name=NAME).first.click()
    expect(page.locator("#cluster-notice")).to_contain_text("Dữ liệu minh họa")
    assert_accessible(page)
    page.locator("#members").get_by_role("link", name=re.compile("^Tự chấm điểm")).click()
    classes = page.get_by_label("Điểm tự chấm: Hoàn thành kế hoạch mở lớp được giao")
    classes.fill("21")
    page.get_by_label("Ngày tự chấm").fill("30/11/2022")
    assert_accessible(page)
    classes.press("Enter")  # sent from the keyboard
    expect(page.locator(".alert-danger")).to_contain_text("vượt điểm tối đa 20")
    classes.fill("20")
    classes.press("Enter")
    expect(page.locator(".alert-success")).to_have_text("Đã ghi điểm tự chấm.")
    sign_out(page)

    # The leader's officer checks: a changed score needs a reason.
    sign_in("cumtruong")
    page.goto("/clusters/{}/".format(cluster.pk))
    row = page.locator("#members tr", has_text=SCHOOL)
    row.get_by_role("link", name=re.compile("^Chấm điểm")).click()
    papers = page.get_by_label("Điểm chấm: Bài viết đăng tạp chí, kỷ yếu hội thảo")
    papers.fill("8")
    page.get_by_label("Ngày chấm điểm").fill("08/12/2022")
    assert_accessible(page)
    page.get_by_role("button", name="Ghi điểm chấm").click()
    expect(page.locator(".alert-danger")).to_contain_text("phải ghi lý do")
    page.get_by_label("Lý do thay đổi: Bài viết đăng tạp chí, kỷ yếu hội thảo").fill(
        "Một bài đăng kỷ yếu nội bộ, không tính")
    page.get_by_role("button", name="Ghi điểm chấm").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi điểm cụm trưởng chấm.")
    # Ranked: 20+19 + 15+8 + 15+10 + 4 = 91, ahead of everyone.
    first = page.locator("#ranking tbody tr").first
    expect(first).to_contain_text(SCHOOL)
    expect(first).to_contain_text("91")
    # The officer records the ballots of the schools entered by name, and its own.
    for _ in range(5):
        expect(page.get_by_label("Đơn vị bỏ phiếu").locator("option").first).not_to_contain_text(
            SCHOOL)
        page.get_by_label("Suy tôn đơn vị dẫn đầu").select_option(label=SCHOOL)
        page.get_by_role("button", name="Ghi phiếu suy tôn").click()
        expect(page.locator(".alert-success")).to_have_text("Đã ghi phiếu suy tôn.")
    sign_out(page)

    # The school casts its own ballot.
    sign_in("thuky")
    page.goto("/clusters/{}/".format(cluster.pk))
    page.get_by_label("Suy tôn đơn vị dẫn đầu").select_option(label=SCHOOL)
    page.get_by_role("button", name="Ghi phiếu suy tôn").click()
    expect(page.locator(".alert-success")).to_have_text("Đã ghi phiếu suy tôn.")
    sign_out(page)

    # The leader closes the review: Trần Phú is voted to lead the cluster.
    sign_in("cumtruong")
    page.goto("/clusters/{}/".format(cluster.pk))
    page.get_by_label("Ngày tổng kết, suy tôn").fill("20/12/2022")
    page.get_by_role("button", name="Chốt kết quả suy tôn").click()
    expect(page.locator("#cluster-result")).to_contain_text(
        "{} được các thành viên suy tôn dẫn đầu cụm năm 2022".format(SCHOOL))
    assert_accessible(page)
    criterion = cluster_criterion()
    assert criterion.passed is True
    assert "Dẫn đầu cụm thi đua của Học viện năm 2022" in criterion.detail
