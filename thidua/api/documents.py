"""Documents as files (DOCX or PDF): each one served by the screen's own download view, so the
kinds, the permissions and the file names are the download links' — a record outside the
token's scope is 404, a document beyond its role 403, as on screen."""

from typing import Literal

from django.contrib import messages
from ninja import Query, Router

from thidua.api.problems import ApiProblem
from thidua.api.reads import FILE_ERRORS, file_operation, form_refusal, visible_unit
from thidua.awards import views as awards_views
from thidua.awards.filtersets import AwardFilterSet
from thidua.awards.models import Award
from thidua.closing import views as closing_views
from thidua.core import exports
from thidua.core.choices import TitleCode
from thidua.council import views as council_views
from thidua.decisions import views as decisions_views
from thidua.documents.registry import DocumentError
from thidua.evaluation import views as evaluation_views
from thidua.evaluation.overview import person_title_codes
from thidua.evaluation.services import VERDICT_LABELS
from thidua.plans import views as plans_views
from thidua.proposals import views as proposals_views
from thidua.registrations import views as registrations_views
from thidua.rewards import views as rewards_views
from thidua.rules import authority

router = Router(tags=["Văn bản"])

Format = Literal["docx", "pdf"]
Layout = Literal["party", "state"]
LAYOUT = Query(None, description="Thể thức văn bản: party (của Đảng) hoặc state (của Nhà nước); "
               "mặc định theo cơ quan.")  # fmt: skip


def _file(view, request, *args, **kwargs):
    """The screen's download view answering the API's request: its own checks, its file.

    A document that cannot be made is refused in its own Vietnamese words (422): raised, or said
    in a message by a view that sends the screen's user back to the list."""
    exports.inline_file(request)  # a program gets the file, never a job's page
    try:
        response = view(request, *args, **kwargs)
    except DocumentError as error:
        raise ApiProblem(422, str(error), kind="document") from error
    if response.status_code in (301, 302, 303):
        said = " ".join(str(message) for message in messages.get_messages(request))
        raise ApiProblem(422, said or "Không tạo được văn bản.", kind="document")
    return response


def _get(path: str, summary: str, name: str):
    return router.get(path, response=FILE_ERRORS, summary=summary, operation_id=name,
                      url_name=name, openapi_extra=file_operation(summary))  # fmt: skip


@_get("/plans/{plan_id}/document.{fmt}", "Kế hoạch thi đua (tệp)", "plan_document")
def plan_document(request, plan_id: int, fmt: Format):
    """Văn bản kế hoạch, cho mọi người xem được kế hoạch."""
    return _file(plans_views.plan_document, request, plan_id, fmt)


@_get("/registration-lists/{year}/document.{fmt}", "Danh sách đăng ký thi đua (tệp)",
      "registrations_document")  # fmt: skip
def registrations_document(
    request,
    year: int,
    fmt: Format,
    unit: int | None = Query(
        None,
        description="Đơn vị: danh sách của đơn vị (trưởng đơn vị, "
        "lãnh đạo, Hội đồng); không ghi: danh sách tổng hợp (lãnh đạo, "
        "Hội đồng).",
    ),  # fmt: skip
):
    return _file(registrations_views.registrations_document, request, year, fmt)


@_get("/decisions/{decision_id}/document.{fmt}", "Quyết định khen thưởng (tệp)",
      "decision_document")  # fmt: skip
def decision_document(request, decision_id: int, fmt: Format, layout: Layout | None = LAYOUT):
    return _file(decisions_views.decision_document, request, decision_id, fmt)


@_get(
    "/decisions/{decision_id}/entries/{entry_id}/certificate.{fmt}",
    "Giấy khen, giấy chứng nhận của một dòng quyết định (tệp)",
    "certificate_document",
)
def certificate_document(request, decision_id: int, entry_id: int, fmt: Format):  # fmt: skip
    """Chỉ quyết định đã ban hành, và chỉ những dòng có giấy in kèm (Giấy khen, CSTĐCS)."""
    return _file(decisions_views.certificate_document, request, decision_id, entry_id, fmt)


@_get("/proposals/{proposal_id}/document.{fmt}", "Tờ trình (tệp)", "proposal_document")
def proposal_document(request, proposal_id: int, fmt: Format, layout: Layout | None = LAYOUT):
    return _file(proposals_views.proposal_document, request, proposal_id, fmt)


@_get(
    "/proposals/{proposal_id}/entries/{entry_id}/report.{fmt}",
    "Báo cáo thành tích của một người, tập thể được đề nghị (tệp)",
    "achievement_report",
)
def achievement_report(request, proposal_id: int, entry_id: int, fmt: Format,
                       layout: Layout | None = LAYOUT):  # fmt: skip
    """Cho lãnh đạo, Hội đồng, và cho chính người được đề nghị."""
    return _file(proposals_views.report_document, request, proposal_id, entry_id, fmt)


@_get("/people/{person_id}/award-history.{fmt}", "Quá trình khen thưởng của một cán bộ (tệp)",
      "person_award_history")  # fmt: skip
def person_award_history(request, person_id: int, fmt: Format):
    return _file(awards_views.history_document, request, "person", person_id, fmt)


@_get("/units/{unit_id}/award-history.{fmt}", "Quá trình khen thưởng của một tập thể (tệp)",
      "unit_award_history")  # fmt: skip
def unit_award_history(request, unit_id: int, fmt: Format):
    return _file(awards_views.history_document, request, "unit", unit_id, fmt)


@_get("/decisions/{decision_id}/reward-list.{fmt}", "Bảng kê tiền thưởng của một quyết định "
      "(tệp)", "reward_list_document")  # fmt: skip
def reward_list_document(request, decision_id: int, fmt: Format):
    """Cho Thường trực Hội đồng, kế toán và Hiệu trưởng, như trên màn hình."""
    return _file(rewards_views.reward_list_document, request, decision_id, fmt)


@_get("/council-sessions/{session_id}/{kind}.{fmt}", "Văn bản của một phiên họp Hội đồng (tệp)",
      "session_document")  # fmt: skip
def session_document(request, session_id: int,
                     kind: Literal[council_views.SESSION_DOCUMENTS], fmt: Format):  # fmt: skip
    """minutes: biên bản họp; ballot_count: biên bản kiểm phiếu; session_nominations: danh sách
    đề nghị trước phiên họp — cho lãnh đạo, Hội đồng và thành viên của phiên họp."""
    return _file(council_views.session_document, request, session_id, kind, fmt)


@_get("/phases/{phase_id}/report.{fmt}", "Báo cáo tổng kết một đợt thi đua (tệp)",
      "phase_report_document")  # fmt: skip
def phase_report_document(request, phase_id: int, fmt: Format, layout: Layout | None = LAYOUT):
    """Đợt đã được tổng kết; cho những ai màn hình «Tổng kết» cho xem."""
    return _file(closing_views.phase_report_document, request, phase_id, fmt)


@_get("/years/{year}/report.{fmt}", "Báo cáo tổng kết năm (tệp)", "year_report_document")
def year_report_document(request, year: int, fmt: Format, layout: Layout | None = LAYOUT):
    """Báo cáo tổng kết công tác thi đua, khen thưởng của năm (theo kế hoạch của năm), cho
    những ai màn hình «Tổng kết năm» cho xem (lãnh đạo, Hội đồng)."""
    return _file(closing_views.year_report_document, request, year, fmt)


Code = Literal[tuple(TitleCode.values)]
Body = Literal[tuple(authority.BODY_NAMES)]
Subject = Literal["person", "unit", "organization"]
AWARD_YEAR = Query(None, ge=1975, le=2100, description="Năm được khen.")
CODE = Query(None, description="Danh hiệu, hình thức (mã).")
BODY = Query(None, description="Cấp quyết định.")
UNIT = Query(None, description="Đơn vị (và các đơn vị cấp dưới).")
SUBJECT = Query(None, description="person: cá nhân; unit: tập thể; organization: cả cơ quan.")
SEARCH = Query(None, max_length=100, description="Tìm theo tên (có dấu hoặc không).")


@_get("/award-register/document.{fmt}", "Sổ khen thưởng, theo bộ lọc (tệp)",
      "award_register_document")  # fmt: skip
def award_register_document(
    request,
    fmt: Format,
    year: int | None = AWARD_YEAR,
    code: Code | None = CODE,
    body: Body | None = BODY,
    unit: int | None = UNIT,
    subject: Subject | None = SUBJECT,
    q: str | None = SEARCH,
):
    """Những dòng của sổ khen thưởng mà màn hình «Sổ khen thưởng» cho xem với cùng bộ lọc."""
    _screen_filters(request, AwardFilterSet, unit, queryset=Award.objects.none())
    return _file(awards_views.register_document, request, fmt)


def _screen_filters(request, form_class, unit: int | None, **kwargs) -> None:
    """Refuse, naming the field, what the screen's filter form would silently drop."""
    user = request.user
    if user.organization_id is None:
        return  # the screen's view answers (404), as on screen
    if unit is not None:
        visible_unit(user, unit)
    form = form_class(request.GET, user=user, **kwargs)
    form = getattr(form, "form", form)  # a filterset's form
    if not form.is_valid():
        raise form_refusal(form)


Spreadsheet = Literal["docx", "pdf", "xlsx"]
OverviewTitle = Literal[tuple(person_title_codes())]
Verdict = Literal[tuple(VERDICT_LABELS)]
Sort = Literal[tuple(key for name in ("name", "unit", *person_title_codes())
                     for key in (name, "-" + name))]  # fmt: skip
REVIEW_YEAR = Query(None, ge=evaluation_views.FIRST_YEAR, le=2100, description="Năm xét, đến "
                    "năm nay; mặc định như màn hình.")  # fmt: skip
OVERVIEW_UNIT = Query(None, description="Đơn vị.")
TITLE = Query(None, description="Một danh hiệu (mã).")
VERDICT = Query(None, description="Một kết quả xét.")
SORT = Query(None, description="Thứ tự, như màn hình: name, unit hoặc một danh hiệu; «-» đứng "
             "trước: ngược lại.")  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _with_xlsx(description: str) -> dict:
    extra = file_operation(description)
    extra["responses"][200]["content"][XLSX] = {"schema": {"type": "string", "format": "binary"}}
    return extra


@router.get("/eligibility-overview/document.{fmt}", response=FILE_ERRORS,
            summary="Danh sách xét chọn, theo bộ lọc (tệp)",
            operation_id="eligibility_overview_document", url_name="eligibility_overview_document",
            openapi_extra=_with_xlsx("Danh sách xét chọn (DOCX, PDF hoặc XLSX)"))  # fmt: skip
def eligibility_overview_document(
    request,
    fmt: Spreadsheet,
    year: int | None = REVIEW_YEAR,
    unit: int | None = OVERVIEW_UNIT,
    title: OverviewTitle | None = TITLE,
    verdict: Verdict | None = VERDICT,
    q: str | None = SEARCH,
    sort: Sort | None = SORT,
):  # fmt: skip
    """Danh sách xét chọn của năm, mọi trang, lọc và sắp xếp như màn hình «Xét chọn» cho cùng
    tài khoản (người được xem: như màn hình)."""
    _screen_filters(request, evaluation_views.OverviewForm, unit)
    return _file(evaluation_views.eligibility_document, request, fmt)
