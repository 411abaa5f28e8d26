"""Decisions (quyết định khen thưởng) with their annexed lists, scoped as the decisions' screens:
the organisation-wide roles read every one, drafts included; anyone else of the organisation the
issued and revoked ones (public acts of the school)."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.api.reads import field_values, make_schema, schema_fields
from thidua.decisions.models import CERTIFICATES, Decision, DecisionEntry, DecisionState

router = Router(tags=["Quyết định khen thưởng"])

DECISION_FIELDS = (
    "year", "number", "number_year", "symbol", "decided_on", "place", "signer_name",
    "signer_position", "titles", "state", "revoked_on", "revoked_reason", "session",
)  # fmt: skip
ENTRY_FIELDS = ("position", "person", "unit", "title", "occasion", "award")

DecisionEntryOut = make_schema(
    "DecisionEntryOut", id=(int, ...),
    subject_name=(str, Field(description="Cán bộ (với học hàm, học vị), tập thể hoặc cơ quan.")),
    certificate=(str, Field(description="Giấy in kèm dòng này: «Giấy khen», «Giấy chứng nhận»; "
                            "rỗng nếu không có.")),
    **schema_fields(DecisionEntry, ENTRY_FIELDS),
)  # fmt: skip
DecisionOut = make_schema(
    "DecisionOut", id=(int, ...), organization_id=(int, ...),
    document_number=(str, Field(description="Số, ký hiệu; rỗng khi còn là dự thảo.")),
    legal_bases=(list[str], Field(description="Căn cứ, mỗi căn cứ một dòng.")),
    **schema_fields(Decision, DECISION_FIELDS),
    entries=(list[DecisionEntryOut], Field(description="Danh sách kèm theo quyết định.")),
)  # fmt: skip


class DecisionPage(Schema):
    items: list[DecisionOut]
    next_cursor: str | None


def _decisions(user):
    entries = DecisionEntry.objects.select_related("person", "unit").order_by("position", "pk")
    return (
        Decision.objects.visible_to(user)
        .select_related("organization")
        .prefetch_related(Prefetch("entries", queryset=entries))
    )


def _decision(decision: Decision) -> dict:
    return {
        "id": decision.pk, "organization_id": decision.organization_id,
        "document_number": decision.document_number,
        "legal_bases": decision.legal_basis_lines(),
        **field_values(decision, Decision, DECISION_FIELDS),
        "entries": [
            {"id": entry.pk, "subject_name": entry.subject_name,
             "certificate": CERTIFICATES.get(entry.title, ""),
             **field_values(entry, DecisionEntry, ENTRY_FIELDS)}
            for entry in decision.entries.all()
        ],
    }  # fmt: skip


@router.get("/decisions", response={200: DecisionPage, **LIST_ERRORS},
            summary="Quyết định khen thưởng")  # fmt: skip
def list_decisions(
    request,
    year: int | None = Query(None, ge=1975, le=2100, description="Năm xét khen thưởng."),
    state: Literal[tuple(DecisionState.values)] | None = Query(
        None, description="draft (dự thảo), issued (đã ban hành), revoked (đã thu hồi)."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):  # fmt: skip
    """Quyết định khen thưởng của cơ quan với danh sách kèm theo, như màn hình «Quyết định»:
    lãnh đạo và Hội đồng thấy cả dự thảo, người khác các quyết định đã ban hành, đã thu hồi."""
    queryset = _decisions(request.user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if state is not None:
        queryset = queryset.filter(state=state)
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"year": year, "state": state})
    page["items"] = [_decision(decision) for decision in page["items"]]
    return page


@router.get("/decisions/{decision_id}", response={200: DecisionOut, 403: LIST_ERRORS[401],
                                                  **ONE_ERRORS},
            summary="Một quyết định khen thưởng")  # fmt: skip
def get_decision(request, decision_id: int):
    decision = one(_decisions(request.user), decision_id)
    if not request.user.has_perm("decisions.view_decision", decision):
        raise PermissionDenied("Dự thảo quyết định chỉ dành cho lãnh đạo và Hội đồng.")
    return _decision(decision)
