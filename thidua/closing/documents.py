"""The document kinds of closing the year, in the Party or the state layout (DOCX and PDF):

    python manage.py make_document phase_report --year 2022 --phase 1 --format docx --output F
    python manage.py make_document year_report --year 2021 --format pdf --output F

``--phase`` is the phase's place in the plan (1 for the first). A year without a plan has no
year-end report; a phase not yet summed up has no phase report.
"""

from dataclasses import dataclass
from datetime import date

from thidua.closing.actions import plan_for_report
from thidua.closing.models import PhaseSummary
from thidua.closing.report import year_report_data
from thidua.core.actions import ActionRefused
from thidua.documents import formatting
from thidua.documents.layout import HEADINGS, MOTTOS, choose
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.plans.models import Phase
from thidua.rules.authority import BODY_NAMES, SCHOOL
from thidua.rules.layout import signing

REPORT_SYMBOL = "BC"
RECIPIENTS = ["Ban TĐ-KT Tỉnh (báo cáo)", "Ban TĐ-KT Học viện CTQG", "Hội đồng TĐ-KT trường",
              "Các khoa, phòng", "Lưu VT, TĐKT Trường"]  # fmt: skip


def _frame(kind: str, organization, day: date, layout: str | None, *, signer_title: str,
           signer_name: str = "") -> dict:  # fmt: skip
    chosen = choose(kind, organization, None, layout)
    party = chosen == "party"
    symbol = "{}/{}".format(REPORT_SYMBOL, organization.abbreviation)
    sign = signing(signer_title, BODY_NAMES[SCHOOL], chosen)
    return {
        "layout": chosen,
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": HEADINGS[chosen],
        "motto": MOTTOS[chosen],
        "number_line": formatting.draft_number_line(symbol, party=party),
        "place_date": formatting.place_date(organization.place_name, day),
        "document_type": "BÁO CÁO",
        "recipients": RECIPIENTS,
        "signer_authority": sign.authority,
        "signer_title": sign.title,
        "signer_name": signer_name,
    }


def _principal(organization) -> str:
    from thidua.decisions.actions import principal_name

    return principal_name(organization)


# The phase report ---------------------------------------------------------------------------


def find_phase_summary(organization, year=None, phase=None) -> PhaseSummary:
    if year is None or phase in (None, ""):
        raise DocumentError("Cần năm (--year) và thứ tự đợt thi đua (--phase).")
    try:
        position = int(phase)
    except (TypeError, ValueError):
        raise DocumentError("Thứ tự đợt thi đua “{}” không hợp lệ.".format(phase)) from None
    phases = list(Phase.objects.filter(plan__organization=organization, plan__year=year))
    if not phases:
        raise DocumentError("{} chưa có kế hoạch, đợt thi đua năm {}.".format(
            organization.name, year))  # fmt: skip
    if not 1 <= position <= len(phases):
        raise DocumentError("Kế hoạch năm {} có {} đợt thi đua; không có đợt {}.".format(
            year, len(phases), position))  # fmt: skip
    chosen = phases[position - 1]
    summary = (
        PhaseSummary.objects.filter(phase=chosen)
        .select_related("phase__plan__organization")
        .first()
    )
    if summary is None:
        raise DocumentError("Đợt thi đua «{}» chưa được tổng kết.".format(chosen.name))
    return summary


def build_phase_context(summary: PhaseSummary, layout: str | None = None) -> dict:
    phase = summary.phase
    organization = phase.plan.organization
    units = [
        {"number": str(i), "unit": row.unit.name, "result": row.result, "evidence": row.evidence}
        for i, row in enumerate(summary.unit_results.select_related("unit"), 1)
    ]
    rows = list(summary.commendations.select_related("person", "unit", "movement"))
    commendations = [
        {
            "number": str(i),
            "subject": c.subject_name,
            "kind": c.get_kind_display() + (" «{}»".format(c.movement.name) if c.movement else ""),
            "reason": c.reason,
        }
        for i, c in enumerate(rows, 1)
    ]
    return {
        **_frame("phase_report", organization, summary.summed_up_on, layout,
                 signer_title="Hiệu trưởng", signer_name=_principal(organization)),  # fmt: skip
        "title": "Tổng kết {}".format(phase.name[:1].lower() + phase.name[1:]),
        "subtitle": "Từ {:%d/%m/%Y} đến {:%d/%m/%Y}".format(phase.starts_on, phase.ends_on),
        "achievements": summary.lines(),
        "units": units,
        "commendations": commendations,
        # Every line is a Giấy khen of the head: its sources, once (they are one per kind).
        "sources": list(dict.fromkeys(c.legal_source for c in rows)),
        "commendations_note": (
            "Hình thức: Giấy khen của Hiệu trưởng. Căn cứ có ghi “cần xác nhận” phải được kiểm "
            "tra trước khi ký quyết định."
        ),
    }


def phase_filename(summary: PhaseSummary) -> str:
    return formatting.ascii_filename(
        "BC-tong-ket-dot-{}-{}".format(summary.phase.position, summary.phase.plan.year)
    )


PHASE_REPORT = register(
    DocumentKind(
        name="phase_report",
        label="báo cáo tổng kết đợt thi đua",
        build_context=build_phase_context,
        docx_template=lambda context: "phase_report_{}.docx".format(context["layout"]),
        html_template="documents/phase_report.html",
        find=find_phase_summary,
        filename=phase_filename,
        options=("phase",),
        overridable=True,
    )
)


# The year-end report ------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRecord:
    plan: object


def find_year_report(organization, year=None) -> YearRecord:
    if year is None:
        raise DocumentError("Cần năm của báo cáo (--year).")
    try:
        return YearRecord(plan_for_report(organization, year))
    except ActionRefused as refusal:
        raise DocumentError(str(refusal)) from None


def build_year_context(record: YearRecord, layout: str | None = None) -> dict:
    plan = record.plan
    organization = plan.organization
    data = year_report_data(plan)
    return {
        **_frame("year_report", organization, data["report_date"], layout,
                 signer_title="Hiệu trưởng", signer_name=_principal(organization)),  # fmt: skip
        "title": "Tổng kết phong trào thi đua năm {}".format(plan.year),
        "subtitle": "(theo {})".format(data["plan_reference"]),
        **data,
    }


def year_filename(record: YearRecord) -> str:
    return formatting.ascii_filename("BC-tong-ket-{}".format(record.plan.year))


YEAR_REPORT = register(
    DocumentKind(
        name="year_report",
        label="báo cáo tổng kết phong trào thi đua năm",
        build_context=build_year_context,
        docx_template=lambda context: "year_report_{}.docx".format(context["layout"]),
        html_template="documents/year_report.html",
        find=find_year_report,
        filename=year_filename,
        overridable=True,
    )
)
