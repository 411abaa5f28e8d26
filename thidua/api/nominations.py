"""Council nominations (đề nghị), as the «Đề nghị» screen lists them and scoped as it is
(`Nomination.objects.visible_to`): the organisation-wide roles every one; a unit head those of
their units and their people and those they proposed; anyone else those about themself. A
nomination holds the engine's verdict frozen when proposed, never a ballot."""

from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.api.reads import field_values, make_schema, schema_fields
from thidua.core.choices import TitleCode
from thidua.council.models import Nomination, NominationState

router = Router(tags=["Đề nghị khen thưởng"])

FIELDS = (
    "organization", "year", "phase", "person", "unit", "outside_name", "outside_organization",
    "title", "proposed_at", "verdict", "justification", "state", "withdraw_reason", "meeting_on",
    "meeting_attendance", "meeting_votes",
)  # fmt: skip

NominationOut = make_schema(
    "NominationOut", id=(int, ...),
    subject_name=(str, Field(description="Cán bộ, tập thể hoặc cơ quan được đề nghị.")),
    **schema_fields(Nomination, FIELDS),
    explanation=(dict[str, Any], Field(description="Giải trình của hệ thống khi đề nghị: kết "
                                       "quả xét và từng tiêu chí với căn cứ.")),
)  # fmt: skip


class NominationPage(Schema):
    items: list[NominationOut]
    next_cursor: str | None


def _nominations(user):
    return Nomination.objects.visible_to(user).select_related(
        "person", "unit", "organization", "outside_organization"
    )


def _nomination(nomination: Nomination) -> dict:
    return {
        "id": nomination.pk, "subject_name": nomination.subject_name,
        **field_values(nomination, Nomination, FIELDS),
        "explanation": nomination.explanation or {},
    }  # fmt: skip


@router.get("/nominations", response={200: NominationPage, **LIST_ERRORS},
            summary="Đề nghị khen thưởng")  # fmt: skip
def list_nominations(
    request,
    year: int | None = Query(None, ge=1975, le=2100, description="Năm."),
    title: Literal[tuple(TitleCode.values)] | None = Query(None, description="Danh hiệu (mã)."),
    state: Literal[tuple(NominationState.values)] | None = Query(None, description="Trạng thái."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Các đề nghị khen thưởng trước Hội đồng, như màn hình «Đề nghị»: trưởng đơn vị thấy đề
    nghị của đơn vị mình, cán bộ thấy đề nghị về mình."""
    queryset = _nominations(request.user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if title is not None:
        queryset = queryset.filter(title=title)
    if state is not None:
        queryset = queryset.filter(state=state)
    filters = {"year": year, "title": title, "state": state}
    page = paginate(queryset, cursor=cursor, limit=limit, filters=filters)
    page["items"] = [_nomination(nomination) for nomination in page["items"]]
    return page


@router.get("/nominations/{nomination_id}", response={200: NominationOut, **ONE_ERRORS},
            summary="Một đề nghị khen thưởng")  # fmt: skip
def get_nomination(request, nomination_id: int):
    return _nomination(one(_nominations(request.user), nomination_id))
