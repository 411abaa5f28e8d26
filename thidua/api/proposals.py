"""Proposals (tờ trình) to higher bodies with their entries and each entry's answer, scoped as
the proposals' screens: the organisation-wide roles every one; anyone else those naming
themself or (a unit head) their units' people."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.api.reads import field_values, make_schema, schema_fields
from thidua.proposals.models import Proposal, ProposalEntry, ProposalState
from thidua.proposals.routing import HigherBody

router = Router(tags=["Tờ trình"])

PROPOSAL_FIELDS = (
    "year", "body", "number", "number_year", "dated_on", "session", "state", "sent_on",
    "answered_on", "decision_number", "decided_on", "issued_by", "rejection_reason",
)  # fmt: skip
ENTRY_FIELDS = (
    "position", "person", "unit", "title", "outcome", "decision_number", "decided_on",
    "issued_by", "refusal_reason", "answered_on", "award",
)  # fmt: skip

ProposalEntryOut = make_schema(
    "ProposalEntryOut", id=(int, ...),
    subject_name=(str, Field(description="Cán bộ, tập thể hoặc cơ quan được đề nghị.")),
    **schema_fields(ProposalEntry, ENTRY_FIELDS),
)  # fmt: skip
ProposalOut = make_schema(
    "ProposalOut", id=(int, ...), organization_id=(int, ...),
    document_number=(str, Field(description="Số, ký hiệu của tờ trình.")),
    **schema_fields(Proposal, PROPOSAL_FIELDS),
    entries=(list[ProposalEntryOut], Field(description="Người, tập thể được đề nghị, mỗi dòng "
                                           "với kết quả của cấp trên.")),
)  # fmt: skip


class ProposalPage(Schema):
    items: list[ProposalOut]
    next_cursor: str | None


def _proposals(user):
    entries = ProposalEntry.objects.select_related("person", "unit").order_by("position", "pk")
    return (
        Proposal.objects.visible_to(user)
        .select_related("organization")
        .prefetch_related(Prefetch("entries", queryset=entries))
    )


def _proposal(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk, "organization_id": proposal.organization_id,
        "document_number": proposal.document_number,
        **field_values(proposal, Proposal, PROPOSAL_FIELDS),
        "entries": [
            {"id": entry.pk, "subject_name": entry.subject_name,
             **field_values(entry, ProposalEntry, ENTRY_FIELDS)}
            for entry in proposal.entries.all()
        ],
    }  # fmt: skip


@router.get("/proposals", response={200: ProposalPage, **LIST_ERRORS}, summary="Tờ trình")
def list_proposals(
    request,
    year: int | None = Query(None, ge=1975, le=2100, description="Năm."),
    body: Literal[tuple(HigherBody.values)] | None = Query(None, description="Cấp trình."),
    state: Literal[tuple(ProposalState.values)] | None = Query(
        None, description="draft, sent, approved, partial, rejected, returned."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):  # fmt: skip
    """Tờ trình đề nghị cấp trên khen thưởng, với từng người, tập thể được đề nghị và kết quả."""
    queryset = _proposals(request.user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if body is not None:
        queryset = queryset.filter(body=body)
    if state is not None:
        queryset = queryset.filter(state=state)
    filters = {"year": year, "body": body, "state": state}
    page = paginate(queryset, cursor=cursor, limit=limit, filters=filters)
    page["items"] = [_proposal(proposal) for proposal in page["items"]]
    return page


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, 403: LIST_ERRORS[401],
                                                  **ONE_ERRORS},
            summary="Một tờ trình")  # fmt: skip
def get_proposal(request, proposal_id: int):
    proposal = one(_proposals(request.user), proposal_id)
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise PermissionDenied("Bạn không xem được tờ trình này.")
    return _proposal(proposal)
