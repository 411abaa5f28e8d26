"""Closing the year (issue 17, items 1-2): a phase summed up and commended by role, refused
before its end; the year-end report against every target of the seed, refused without a plan;
both documents from the command and the screens."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from tests.helpers.documents import docx_text
from thidua.awards.models import Award
from thidua.closing.actions import (
    do_commend,
    do_draft_phase_decision,
    do_record_phase_summary,
    do_save_year_report,
)
from thidua.closing.documents import YEAR_REPORT, YearRecord, find_year_report
from thidua.closing.models import PhaseCommendation, PhaseSummary, UnitResult, YearReport
from thidua.closing.report import cluster_sections, figure_text
from thidua.clusters.actions import (
    do_add_criterion,
    do_add_group,
    do_cast_vote,
    do_check_scores,
    do_close_review,
    do_create_cluster,
    do_self_score,
)
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.decisions.actions import do_delete_draft, do_issue_decision
from thidua.decisions.models import Decision
from thidua.documents.registry import DocumentError
from thidua.documents.render import build_context, render, render_docx, render_html
from thidua.plans.demo import load_plan_2022
from thidua.plans.measures import load_population, measure_plan
from thidua.rules import commendations

pytestmark = pytest.mark.django_db
READERS = ("principal", "leader", "council_member", "unit_head", "staff", "outsider")


@pytest.fixture
def plan(org):
    return load_plan_2022(org)


@pytest.fixture
def phase(plan):
    return plan.phases.get()


def sum_up(phase, user, **fields):
    fields.setdefault("achievements", "Hoàn thành kế hoạch đợt.")
    return do_record_phase_summary(phase, acting_user=user, **fields)


def nothing_written():
    return not (PhaseSummary.objects.exists() or UnitResult.objects.exists()
                or PhaseCommendation.objects.exists() or YearReport.objects.exists())  # fmt: skip


# A phase summed up ------------------------------------------------------------------------------


def test_summary_before_the_phase_ends_is_refused_and_writes_nothing(phase, personas):
    refused = pytest.raises(ActionRefused, match="kết thúc ngày 30/12/2022; chỉ tổng kết được")
    with time_machine.travel("2022-12-30 10:00 +07:00", tick=False), refused:
        sum_up(phase, personas["secretary"])
    assert nothing_written()


@pytest.mark.parametrize("day, message", [
    (date(2022, 12, 29), "trước ngày kết thúc đợt"),
    (date(2099, 1, 1), "ở tương lai"),
])  # fmt: skip
def test_summary_dates_are_checked(phase, personas, day, message):
    with pytest.raises(ActionRefused, match=message):
        sum_up(phase, personas["secretary"], summed_up_on=day)
    assert nothing_written()


@pytest.mark.parametrize("role", READERS)
def test_only_the_secretary_and_the_administrator_sum_up(phase, personas, role):
    with pytest.raises(NotAllowed):
        sum_up(phase, personas[role])
    assert nothing_written()


@pytest.mark.parametrize("role", ["secretary", "admin"])
def test_secretary_or_admin_sums_up_by_unit(phase, personas, units, role):
    summary = sum_up(phase, personas[role], summed_up_on=date(2022, 12, 30),
                     unit_results=[(units["a"], "Vượt kế hoạch giảng dạy", "Báo cáo khoa"),
                                   (units["b"], "", "")])  # fmt: skip
    assert summary.summed_up_on == date(2022, 12, 30)
    assert [(r.unit, r.result) for r in summary.unit_results.all()] == [
        (units["a"], "Vượt kế hoạch giảng dạy")
    ]
    # Recorded again: the same summary, its lines replaced.
    again = sum_up(phase, personas[role], unit_results=[(units["b"], "Tốt", "")])
    assert again.pk == summary.pk
    assert [r.unit for r in again.unit_results.all()] == [units["b"]]


def test_a_unit_of_another_organisation_is_refused(phase, personas):
    foreign = personas["outsider"].person.assignments.first().unit
    with pytest.raises(ActionRefused, match="không thuộc cơ quan"):
        sum_up(phase, personas["secretary"], unit_results=[(foreign, "x", "")])
    assert nothing_written()


def test_commendations_with_their_legal_source(phase, personas, people, plan):
    summary = sum_up(phase, personas["secretary"])
    secretary = personas["secretary"]
    first = do_commend(summary, kind=commendations.PHASE, person=people["staff"],
                       reason="Xuất sắc trong đợt.", acting_user=secretary)  # fmt: skip
    do_commend(summary, kind=commendations.ONE_OFF, person=people["dat"],
               reason="Cứu người đuối nước.", acting_user=secretary)  # fmt: skip
    assert first.form == "GIAY_KHEN"
    assert "Điều 80, khoản 1" in first.legal_source and "cần xác nhận" in first.legal_source
    assert first.verdict == "review"
    assert summary.commendations.count() == 2


@pytest.mark.parametrize("fields, message", [
    ({"kind": "phase"}, "một cán bộ hoặc một tập thể"),
    ({"kind": "phase", "both": True}, "một cán bộ hoặc một tập thể"),
    ({"kind": "thematic", "person": "staff"}, "chọn phong trào"),
    ({"kind": "phase", "person": "staff", "reason": " "}, "ghi thành tích"),
    ({"kind": "gold", "person": "staff"}, "Chọn loại khen thưởng"),
])  # fmt: skip
def test_bad_commendations_are_refused(phase, personas, people, units, fields, message):
    summary = sum_up(phase, personas["secretary"])
    person = people[fields["person"]] if "person" in fields else None
    unit = units["a"] if fields.get("both") else None
    person = people["staff"] if fields.get("both") else person
    with pytest.raises(ActionRefused, match=message):
        do_commend(summary, kind=fields["kind"], person=person, unit=unit,
                   reason=fields.get("reason", "Tốt"),
                   acting_user=personas["secretary"])  # fmt: skip
    assert not PhaseCommendation.objects.exists()


def test_thematic_commendation_names_the_movement_and_twice_is_refused(phase, personas, units):
    summary = sum_up(phase, personas["secretary"])
    movement = phase.plan.movements.first()
    do_commend(summary, kind="thematic", unit=units["a"], movement=movement, reason="Dẫn đầu",
               acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="đã được khen"):
        do_commend(summary, kind="thematic", unit=units["a"], movement=movement, reason="Lại",
                   acting_user=personas["secretary"])  # fmt: skip
    assert PhaseCommendation.objects.count() == 1


@pytest.mark.parametrize("role", READERS)
def test_only_the_secretary_commends(phase, personas, people, role):
    summary = sum_up(phase, personas["secretary"])
    with pytest.raises(NotAllowed):
        do_commend(summary, kind="phase", person=people["staff"], reason="Tốt",
                   acting_user=personas[role])  # fmt: skip
    assert not PhaseCommendation.objects.exists()


def test_dashboard_timeline_waits_for_the_summary(client, phase, plan, personas):
    client.force_login(personas["secretary"])
    url = reverse("plans:dashboard", args=[plan.pk])
    assert "Chờ tổng kết" in client.get(url).content.decode()
    sum_up(phase, personas["secretary"])
    page = client.get(url).content.decode()
    assert "Đã tổng kết" in page and "Chờ tổng kết" not in page


def test_secretary_sums_up_and_commends_on_screen(client, phase, personas, people, units):
    client.force_login(personas["secretary"])
    edit = reverse("closing:phase_summary_edit", args=[phase.pk])
    response = client.post(edit, {"summed_up_on": "2022-12-30", "achievements": "Đạt mục đích.",
                                  "result_{}".format(units["a"].pk): "Tốt",
                                  "evidence_{}".format(units["a"].pk): "Báo cáo"})  # fmt: skip
    assert response.status_code == 302
    commend = reverse("closing:phase_commend", args=[phase.pk])
    client.post(commend, {"kind": "phase", "person": people["dat"].pk, "reason": "Giỏi"})
    page = client.get(reverse("closing:phase_summary", args=[phase.pk])).content.decode()
    assert "Nguyễn Văn Đạt" in page and "Điều 80, khoản 1" in page
    data = client.get(reverse("closing:phase_report_document", args=[phase.pk, "docx"])).content
    text = docx_text(data)
    assert "Đạt mục đích." in text and "Nguyễn Văn Đạt" in text and "Khoa Xây dựng Đảng" in text


def test_staff_cannot_post_a_summary(client, phase, personas):
    client.force_login(personas["staff"])
    response = client.post(reverse("closing:phase_summary_edit", args=[phase.pk]),
                           {"summed_up_on": "2022-12-30", "achievements": "x"})  # fmt: skip
    assert response.status_code == 403
    assert nothing_written()


def test_a_summary_refused_on_screen_says_why(client, phase, personas):
    client.force_login(personas["secretary"])
    response = client.post(reverse("closing:phase_summary_edit", args=[phase.pk]),
                           {"summed_up_on": "2022-12-01", "achievements": "x"})  # fmt: skip
    assert "trước ngày kết thúc đợt" in response.content.decode()
    assert nothing_written()



def test_phase_commendations_go_through_a_decision_into_the_register(
    client, phase, org, personas, people, units
):
    secretary, principal = personas["secretary"], personas["principal"]
    summary = sum_up(phase, secretary, summed_up_on=date(2023, 1, 3))
    # The year's own Giấy khen is another achievement than the phase's: both stand.
    Award.objects.create(organization=org, person=people["staff"], year=2022, code="GIAY_KHEN",
                         source="own", decision_number="9-QĐ/TCTTN",
                         decided_on=date(2022, 12, 28), issued_by="Hiệu trưởng")  # fmt: skip
    for kind, subject in ((commendations.PHASE, {"person": people["staff"]}),
                          (commendations.ONE_OFF, {"person": people["staff"]}),
                          (commendations.PHASE, {"unit": units["a"]})):  # fmt: skip
        do_commend(summary, kind=kind, reason="Xuất sắc.", acting_user=secretary, **subject)
    with pytest.raises(NotAllowed):
        do_draft_phase_decision(summary, acting_user=personas["staff"])
    assert not Decision.objects.exists()
    client.force_login(secretary)
    url = reverse("closing:phase_decision", args=[phase.pk])
    response = client.post(url)
    decision = Decision.objects.get()
    assert response.status_code == 302 and response.url == decision.get_absolute_url()
    occasions = list(decision.entries.values_list("occasion", flat=True))
    assert occasions[0].startswith("Tổng kết ") and occasions[1].startswith("Khen thưởng đột")
    assert all("2022" in o for o in occasions)
    page = client.get(reverse("closing:phase_summary", args=[phase.pk])).content.decode()
    assert decision.get_absolute_url() in page and "commend-section" not in page
    with pytest.raises(ActionRefused, match="Khen thưởng của đợt đã vào"):
        do_commend(summary, kind=commendations.ONE_OFF, person=people["dat"], reason="x",
                   acting_user=secretary)  # fmt: skip
    client.post(url)  # a second draft is refused, with the reason shown
    assert Decision.objects.count() == 1
    # Discarding the draft frees the phase for another; the principal issues it as any other.
    do_delete_draft(decision, acting_user=principal)
    decision = do_draft_phase_decision(summary, acting_user=principal)
    text = docx_text(client.get(reverse("decisions:decision_docx", args=[decision.pk])).content)
    assert occasions[1] in text
    assert occasions[1] in client.get(decision.get_absolute_url()).content.decode()
    # Not signed before the phase was summed up: refused on the last look and by the action.
    client.force_login(principal)
    look = client.post(reverse("decisions:decision_issue", args=[decision.pk]),
                       {"decided_on": "02/01/2023", "number": "", "signer_name": ""})  # fmt: skip
    assert "trước ngày tổng kết 03/01/2023" in look.content.decode()
    with pytest.raises(ActionRefused, match="02/01/2023 trước ngày tổng kết 03/01/2023 của đợt"):
        do_issue_decision(decision, decided_on=date(2023, 1, 2), acting_user=principal)
    assert not Award.objects.filter(year=2022, occasion__gt="").exists()
    decision = do_issue_decision(decision, decided_on=date(2023, 1, 5), acting_user=principal)
    held = Award.objects.filter(person=people["staff"], year=2022, code="GIAY_KHEN")
    assert sorted(held.values_list("occasion", flat=True)) == sorted(["", *occasions[:2]])
    assert Award.objects.get(unit=units["a"]).decision_number == decision.document_number



def test_person_and_unit_pages_link_to_their_phase_lines(client, phase, personas, people, units):
    summary = sum_up(phase, personas["secretary"],
                     unit_results=[(units["a"], "Vượt kế hoạch giảng dạy", "")])  # fmt: skip
    do_commend(summary, kind=commendations.ONE_OFF, person=people["staff"],
               reason="Cứu người đuối nước.", acting_user=personas["secretary"])  # fmt: skip
    phase_url = reverse("closing:phase_summary", args=[phase.pk])
    person_url, unit_url = people["staff"].get_absolute_url(), units["a"].get_absolute_url()
    client.force_login(personas["secretary"])
    page = client.get(person_url).content.decode()
    assert "Cứu người đuối nước." in page and 'href="{}"'.format(phase_url) in page
    page = client.get(unit_url).content.decode()
    assert "Vượt kế hoạch giảng dạy" in page and 'href="{}"'.format(phase_url) in page
    assert 'href="{}"'.format(reverse("closing:year_report", args=[2022])) in page
    # A staff member reads their own line; the closing pages are not theirs to open.
    client.force_login(personas["staff"])
    page = client.get(person_url).content.decode()
    assert "Cứu người đuối nước." in page and phase_url not in page


# The year-end report -----------------------------------------------------------------------------


def test_a_year_without_a_plan_has_no_report(org, personas):
    with pytest.raises(ActionRefused, match="chưa có kế hoạch thi đua năm 2021"):
        do_save_year_report(org, 2021, assessment="x", acting_user=personas["secretary"])
    with pytest.raises(DocumentError, match="chưa có kế hoạch thi đua năm 2021"):
        find_year_report(org, 2021)
    with pytest.raises(CommandError, match="chưa có kế hoạch thi đua năm 2021"):
        call_command("make_document", "year_report", "--year", "2021", "--output", "/dev/null",
                     "--organization", org.abbreviation)
    assert nothing_written()


@pytest.mark.parametrize("role", READERS)
def test_only_the_secretary_writes_the_report(plan, personas, role):
    with pytest.raises((NotAllowed, ActionRefused)):
        do_save_year_report(plan.organization, 2022, assessment="x", acting_user=personas[role])
    assert nothing_written()


def test_sections_edited_on_screen_are_in_the_document(client, plan, personas):
    client.force_login(personas["secretary"])
    url = reverse("closing:year_report", args=[2022])
    sections = {"assessment": "Phong trào sôi nổi.", "shortcomings": "",
                "lessons": "Lãnh đạo sát sao.", "directions": "Giữ vững."}  # fmt: skip
    response = client.post(url, sections)
    assert response.status_code == 302
    report = YearReport.objects.get(year=2022)
    assert report.lessons == "Lãnh đạo sát sao."
    text = docx_text(client.get(reverse("closing:year_report_document", args=[2022, "docx"]))
                     .content)  # fmt: skip
    assert "Phong trào sôi nổi." in text and "Phương hướng, nhiệm vụ năm 2023" in text
    client.force_login(personas["leader"])
    assert client.post(url, {"assessment": "x"}).status_code == 403
    assert client.get(url).status_code == 200


def test_every_target_of_the_seed_with_its_figure(plan, org, people, units, personas):
    for person in (people["staff"], people["other"]):
        Award.objects.create(organization=org, person=person, year=2022, code="LDTT",
                             source="own", decision_number="9-QĐ/TCTTN",
                             decided_on=date(2022, 12, 28), issued_by="Hiệu trưởng")  # fmt: skip
    Award.objects.create(organization=org, unit=units["a"], year=2022, code="BK_TINH",
                         source="higher", decision_number="100/QĐ-UBND",
                         decided_on=date(2023, 1, 20), issued_by="Chủ tịch UBND tỉnh")  # fmt: skip
    results = measure_plan(plan, load_population(plan))
    assert len(results) == 19
    context_record = YearRecord(plan)
    text = docx_text(render(YEAR_REPORT, context_record, "docx"))
    for result in results:
        words = " ".join(result.target.text.split())
        assert words in text, words
        assert figure_text(result.target, result.awarded) in text
    assert "2/5 (40%)" in text  # two LĐTT of five staff (target 9)
    assert "Chủ tịch UBND tỉnh" in text and "Lao động tiên tiến" in text
    assert "Hà Tĩnh, ngày 30 tháng 12 năm 2022" in text
    assert "không có tên trong cụm thi đua nào" in text  # in no cluster
    # The charts are pictures in both files.
    data = render(YEAR_REPORT, context_record, "docx")
    assert len(Document(io.BytesIO(data)).inline_shapes) == 2
    pdf = render(YEAR_REPORT, context_record, "pdf")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in reader.pages) >= 2
    assert "30 tháng 12 năm 2022" in "".join(page.extract_text() for page in reader.pages)


def test_the_commands_write_both_kinds(phase, personas, tmp_path):
    sum_up(phase, personas["secretary"])
    for kind, extra in (("phase_report", ["--phase", "1"]), ("year_report", [])):
        for fmt in ("docx", "pdf"):
            out = tmp_path / "{}.{}".format(kind, fmt)
            call_command("make_document", kind, "--year", "2022", *extra, "--format", fmt,
                         "--output", str(out), "--organization", "TCTTN",
                         stdout=io.StringIO())  # fmt: skip
            assert out.read_bytes()[:2] in (b"PK", b"%P")
    with pytest.raises(CommandError, match="không có đợt 2"):
        call_command("make_document", "phase_report", "--year", "2022", "--phase", "2",
                     "--output", str(tmp_path / "x.pdf"), "--organization", "TCTTN")  # fmt: skip


def test_the_cluster_section_gives_scores_rank_and_vote(plan, org, personas):
    assert cluster_sections(org, 2022) == []
    leader, secretary = personas["outsider"], personas["secretary"]
    cluster = do_create_cluster(
        name="Cụm thi đua số 5", year=2022, level="hv", acting_user=leader,
        members=[{"organization": org, "name": ""},
                 {"organization": leader.organization, "name": "", "role": "leader"}],
    )  # fmt: skip
    group = do_add_group(cluster, name="Đào tạo, bồi dưỡng", acting_user=leader)
    criterion = do_add_criterion(group, text="Số lớp mở theo kế hoạch", max_points=30,
                                 acting_user=leader)  # fmt: skip
    ours, theirs = cluster.members.order_by("order")
    with time_machine.travel(date(2023, 1, 20), tick=False):
        do_self_score(ours, scores={criterion.pk: ("28,5", "")}, scored_on=date(2022, 12, 1),
                      acting_user=secretary)  # fmt: skip
        [section] = cluster_sections(org, 2022)
        assert section["scores"] == [{"number": "1", "max": "30", "points": "28,5",
                                      "criterion": "Đào tạo, bồi dưỡng – Số lớp mở theo kế hoạch"}]
        assert "cụm trưởng chưa chấm lại); xếp thứ 1/1" in section["standing"]
        assert section["vote"] == "Cụm chưa tổng kết, suy tôn năm 2022."
        do_self_score(theirs, scores={criterion.pk: ("29", "")}, scored_on=date(2022, 12, 1),
                      acting_user=leader)  # fmt: skip
        for member in (ours, theirs):
            do_check_scores(member, checks={criterion.pk: ("27", "Thiếu một lớp")},
                            checked_on=date(2022, 12, 10), acting_user=leader)  # fmt: skip
        do_cast_vote(cluster, chosen=ours, acting_user=secretary)
        do_cast_vote(cluster, chosen=ours, acting_user=leader)
        do_close_review(cluster, reviewed_on=date(2022, 12, 20), acting_user=leader)
    context = build_context(YEAR_REPORT, YearRecord(plan))
    text = docx_text(render_docx(YEAR_REPORT, context))
    name = org.name
    assert "Cụm thi đua số 5 năm 2022 (cụm thi đua của Học viện)" in text
    assert "Tổng điểm: 27 (cụm trưởng đã chấm ngày 10/12/2022); xếp thứ 1/2" in text
    assert "20/12/2022: {} được suy tôn dẫn đầu cụm (2/2 phiếu)".format(name) in text
    assert "{} là đơn vị dẫn đầu cụm năm 2022.".format(name) in text
    html = render_html(YEAR_REPORT, context)
    assert "xếp thứ 1/2" in html and "Số lớp mở theo kế hoạch" in html
