"""Plans (kế hoạch thi đua): the plan with its phases and targets, each target with its live
value as the plan's dashboard measures it (thidua.plans.measures.measure_for, the dashboard's
own function), for those the dashboard opens to."""

from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.api.reads import field_values, make_schema, schema_fields
from thidua.plans.measures import STATUS_LABELS, Figure, measure_for
from thidua.plans.models import Phase, Plan, Target

router = Router(tags=["Kế hoạch thi đua"])

PLAN_FIELDS = (
    "year", "number", "symbol", "place", "issued_on", "title", "slogan", "theme",
    "proposed_titles", "proposed_forms", "signer_title", "registration_deadline",
    "evidence_deadline", "nomination_deadline", "council_meeting_on", "report_deadline",
    "province_dossier_deadline", "academy_dossier_deadline",
)  # fmt: skip
PHASE_FIELDS = ("position", "name", "starts_on", "ends_on", "review_on")
TARGET_FIELDS = (
    "position", "group", "text", "measure", "population", "title", "grade", "comparison",
    "goal", "goal_max", "entered_count", "done", "evidence",
)  # fmt: skip


class FigureOut(Schema):
    count: int | None = Field(description="Số đạt.")
    total: int | None = Field(description="Trên tổng số (chỉ tiêu tỷ lệ).")
    percent: str | None = Field(description="Tỷ lệ %, một chữ số thập phân.")
    held: bool | None = Field(description="Chỉ tiêu có/không: đạt hay chưa (null: chưa biết).")


class UnitFigureOut(FigureOut):
    unit_name: str


class LiveValueOut(Schema):
    status: str = Field(description="met, on_track, at_risk, impossible, not_met, pending.")
    status_name: str
    reason: str = Field(description="Vì sao (như bảng theo dõi).")
    source: str = Field(description="Căn cứ của nhận định.")
    awarded: FigureOut = Field(description="Đã đạt (sổ khen thưởng, minh chứng).")
    forecast: FigureOut | None = Field(description="Dự báo của bộ xét điều kiện (khi hỏi "
                                       "forecast=true).")  # fmt: skip
    by_unit: list[UnitFigureOut] = Field(description="Theo từng đơn vị.")


PhaseOut = make_schema("PhaseOut", status=(str, Field(
    description="upcoming, running, reviewing (chờ tổng kết), done.")),
    **schema_fields(Phase, PHASE_FIELDS))  # fmt: skip
TargetOut = make_schema("TargetOut", id=(int, ...), **schema_fields(Target, TARGET_FIELDS),
                        live=(LiveValueOut | None, Field(description=(
                            "Giá trị hiện tại như bảng theo dõi kế hoạch; null với người không "
                            "xem bảng theo dõi (cán bộ)."))))  # fmt: skip
PlanSummaryOut = make_schema("PlanSummaryOut", id=(int, ...), organization_id=(int, ...),
                             document_number=(str, Field(description="Số, ký hiệu.")),
                             **schema_fields(Plan, PLAN_FIELDS))  # fmt: skip


class PlanPage(Schema):
    items: list[PlanSummaryOut]
    next_cursor: str | None


class PlanOut(PlanSummaryOut):
    scope: str | None = Field(description="Phạm vi của các giá trị hiện tại: cả cơ quan, hoặc "
                              "các đơn vị của trưởng đơn vị; null nếu không xem.")  # fmt: skip
    phases: list[PhaseOut]
    targets: list[TargetOut]


def _plan(plan: Plan) -> dict:
    return {"id": plan.pk, "organization_id": plan.organization_id,
            "document_number": plan.document_number,
            **field_values(plan, Plan, PLAN_FIELDS)}  # fmt: skip


def _figure(figure: Figure) -> dict:
    percent = figure.percent
    return {"count": figure.count, "total": figure.total, "held": figure.held,
            "percent": str(percent) if percent is not None else None}  # fmt: skip


def _live(result) -> dict:
    return {
        "status": result.status, "status_name": STATUS_LABELS[result.status],
        "reason": result.reason, "source": result.source, "awarded": _figure(result.awarded),
        "forecast": _figure(result.forecast) if result.forecast is not None else None,
        "by_unit": [{"unit_name": name, **_figure(figure)} for name, figure in result.by_unit],
    }  # fmt: skip


@router.get("/plans", response={200: PlanPage, **LIST_ERRORS}, summary="Kế hoạch thi đua")
def list_plans(
    request,
    year: int | None = Query(None, ge=1975, le=2100, description="Năm của kế hoạch."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Kế hoạch thi đua của cơ quan (mọi người trong cơ quan đều xem)."""
    queryset = Plan.objects.visible_to(request.user).select_related("organization")
    if year is not None:
        queryset = queryset.filter(year=year)
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"year": year})
    page["items"] = [_plan(plan) for plan in page["items"]]
    return page


@router.get("/plans/{plan_id}", response={200: PlanOut, **ONE_ERRORS},
            summary="Một kế hoạch, với các chỉ tiêu và giá trị hiện tại")  # fmt: skip
def get_plan(
    request,
    plan_id: int,
    forecast: bool = Query(
        False,
        description="Thêm dự báo của bộ xét điều kiện (như nút «Dự "
        "báo» của bảng theo dõi; chậm hơn).",
    ),  # fmt: skip
):
    """Kế hoạch với các đợt thi đua và chỉ tiêu; mỗi chỉ tiêu với giá trị hiện tại, như bảng
    theo dõi kế hoạch cho tài khoản xem (lãnh đạo, Hội đồng: cả cơ quan; trưởng đơn vị: đơn vị
    mình; cán bộ: không có)."""
    user = request.user
    plan = one(Plan.objects.visible_to(user).select_related("organization"), plan_id)
    answer = _plan(plan)
    live, answer["scope"] = {}, None
    if user.has_perm("plans.view_dashboard", plan):
        answer["scope"], results = measure_for(plan, user, forecast=forecast)
        live = {result.target.pk: _live(result) for result in results}
    answer["phases"] = [{"status": phase.status(), **field_values(phase, Phase, PHASE_FIELDS)}
                        for phase in plan.phases.all()]  # fmt: skip
    answer["targets"] = [
        {"id": target.pk, **field_values(target, Target, TARGET_FIELDS),
         "live": live.get(target.pk)}
        for target in plan.targets.all()
    ]  # fmt: skip
    return answer
