"""Documents as files (DOCX or PDF): each one served by the screen's own download view, so the
kinds, the permissions and the file names are the download links' — a record outside the
token's scope is 404, a document beyond its role 403, as on screen."""

from typing import Literal

from ninja import Query, Router

from thidua.api.problems import ApiProblem
from thidua.api.reads import FILE_ERRORS, file_operation
from thidua.awards import views as awards_views
from thidua.closing import views as closing_views
from thidua.council import views as council_views
from thidua.decisions import views as decisions_views
from thidua.documents.registry import DocumentError
from thidua.plans import views as plans_views
from thidua.proposals import views as proposals_views
from thidua.registrations import views as registrations_views
from thidua.rewards import views as rewards_views

router = Router(tags=["Văn bản"])

Format = Literal["docx", "pdf"]
Layout = Literal["party", "state"]
LAYOUT = Query(None, description="Thể thức văn bản: party (của Đảng) hoặc state (của Nhà nước); "
               "mặc định theo cơ quan.")  # fmt: skip


def _file(view, request, *args, **kwargs):
    """The screen's download view answering the API's request: its own checks, its file.

    A document that cannot be made is refused in its own Vietnamese words (422)."""
    try:
        return view(request, *args, **kwargs)
    except DocumentError as error:
        raise ApiProblem(422, str(error), kind="document") from error


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
