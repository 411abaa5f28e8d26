"""The receiving office's inbox (issue 20): the tờ trình received, each entry as received with
its council state and the decision it is in; the decisions the office issues from them; the
overview's figures; and the office's writes on an entry (return it, answer it). Scoped as the
screens (thidua.proposals.inbox_views, received_decision_views, overview_views): the office's
secretary and administrators read their organisation's; anyone else finds nothing (404). The
files are served by the screens' own download views."""

from datetime import date
from typing import Any, Literal

import rules
from django.db.models import Prefetch
from django.http import QueryDict
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.documents import _file
from thidua.api.idempotency import KEY, once
from thidua.api.pagination import paginate
from thidua.api.problems import ApiProblem, Problem
from thidua.api.reads import FILE_ERRORS, FILE_TYPES, form_refusal
from thidua.api.writes import WRITE_ERRORS, AnswerIn, In, _json, form_problem, refused
from thidua.core.actions import ActionRefused
from thidua.proposals import inbox_views, overview_views, received_decision_views
from thidua.proposals.actions import EntryAnswer
from thidua.proposals.forms import ReturnForm
from thidua.proposals.inbox import council_outcomes, do_answer_received, do_return_entry
from thidua.proposals.models import (
    Receipt,
    ReceiptState,
    ReceivedDecision,
    ReceivedDecisionState,
    ReceivedEntry,
)
from thidua.proposals.overview import overview, years_of

router = Router(tags=["Tờ trình đã nhận"])


def _reads_inbox(user) -> bool:
    # The rule itself, as the screens ask it (a superuser working in an agency reads no inbox).
    return rules.has_perm("proposals.view_inbox", user)


def _entries():
    return ReceivedEntry.objects.select_related("entry", "nomination", "decision").order_by(
        "position", "pk"
    )


def _receipts(user):
    if not _reads_inbox(user):
        return Receipt.objects.none()
    return (
        Receipt.objects.visible_to(user)
        .select_related("sender", "proposal")
        .defer("dossier")
        .prefetch_related(Prefetch("entries", queryset=_entries()))
    )


# Schemas -----------------------------------------------------------------------------------------


class CouncilOut(Schema):
    state: str = Field(description="Trạng thái của đề nghị trước Hội đồng (mã).")
    state_name: str
    session_id: int | None = Field(description="Phiên họp gần nhất xét dòng này.")
    session_name: str | None
    result: dict[str, Any] | None = Field(
        description="Kết quả bỏ phiếu khi phiên họp đã kết thúc (số đồng ý, trên tổng số, "
        "đạt hay không, danh hiệu đạt)."
    )


class ReceivedEntryOut(Schema):
    id: int
    entry_id: int = Field(description="Dòng của tờ trình ở cơ quan gửi.")
    position: int
    subject_name: str = Field(description="Người, tập thể được đề nghị.")
    title: str = Field(description="Danh hiệu, hình thức đề nghị (mã).")
    title_name: str
    explanation: dict[str, Any] = Field(
        description="Giải trình của hệ thống khi gửi (kết quả xét, từng tiêu chí với căn cứ); "
        "rỗng khi hệ thống không xét."
    )
    returned_on: date | None = Field(description="Ngày trả lại dòng này.")
    return_reason: str = Field(description="Lý do trả lại.")
    outcome: str = Field(description="Kết quả: pending, granted hoặc refused.")
    outcome_name: str
    decision_number: str = Field(description="Số quyết định (khi được khen).")
    decided_on: date | None
    issued_by: str
    refusal_reason: str
    answered_on: date | None
    council: CouncilOut | None = Field(description="Khi đã đưa ra Hội đồng của cơ quan nhận.")
    received_decision_id: int | None = Field(description="Quyết định của cấp trên có dòng này.")


class ReceiptOut(Schema):
    id: int
    proposal_id: int
    document_number: str = Field(description="Số tờ trình khi gửi.")
    year: int = Field(description="Năm đề nghị khen thưởng.")
    body: str = Field(description="Cấp trình (mã).")
    agency_id: int = Field(description="Cơ quan gửi.")
    agency_name: str
    received_on: date
    state: str = Field(description="received, returned hoặc answered.")
    state_name: str
    entry_count: int
    returned_on: date | None = Field(description="Ngày trả lại cả tờ trình.")
    return_reason: str
    dossier_files: list[str] = Field(description="Các tệp của hồ sơ khi gửi.")
    entries: list[ReceivedEntryOut]


class ReceiptPage(Schema):
    items: list[ReceiptOut]
    next_cursor: str | None


def _council(found: dict | None) -> dict | None:
    if found is None:
        return None
    session = found["session"]
    return {
        "state": found["state"], "state_name": found["state_label"],
        "session_id": session.pk if session else None,
        "session_name": session.name if session else None, "result": found["result"],
    }  # fmt: skip


def _entry(row: ReceivedEntry, council: dict) -> dict:
    entry = row.entry
    return {
        "id": row.pk, "entry_id": row.entry_id, "position": row.position,
        "subject_name": row.subject_name, "title": row.title,
        "title_name": row.get_title_display(), "explanation": row.explanation or {},
        "returned_on": row.returned_on, "return_reason": row.return_reason,
        "outcome": entry.outcome, "outcome_name": entry.get_outcome_display(),
        "decision_number": entry.decision_number, "decided_on": entry.decided_on,
        "issued_by": entry.issued_by, "refusal_reason": entry.refusal_reason,
        "answered_on": entry.answered_on, "council": _council(council.get(row.pk)),
        "received_decision_id": row.decision_id,
    }  # fmt: skip


def _receipt_list(receipts: list) -> list[dict]:
    """The receipts as the API gives them: the council's part read once for every row."""
    rows = [row for receipt in receipts for row in receipt.entries.all()]
    council = council_outcomes(rows)
    return [
        {
            "id": r.pk, "proposal_id": r.proposal_id, "document_number": r.document_number,
            "year": r.proposal.year, "body": r.proposal.body, "agency_id": r.sender_id,
            "agency_name": r.sender.name, "received_on": r.received_on, "state": r.state,
            "state_name": r.get_state_display(), "entry_count": r.entry_count,
            "returned_on": r.returned_on, "return_reason": r.return_reason,
            "dossier_files": list(r.dossier_files),
            "entries": [_entry(row, council) for row in r.entries.all()],
        }
        for r in receipts
    ]  # fmt: skip


YEAR = Query(None, ge=1975, le=2100, description="Năm đề nghị khen thưởng.")
AGENCY = Query(None, description="Cơ quan gửi.")


@router.get("/receipts", response={200: ReceiptPage, **LIST_ERRORS}, summary="Tờ trình đã nhận")
def list_receipts(
    request,
    year: int | None = YEAR,
    agency: int | None = AGENCY,
    state: Literal[tuple(ReceiptState.values)] | None = Query(
        None, description="received, returned, answered."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):  # fmt: skip
    """Hộp thư tờ trình của cơ quan nhận (thường trực Hội đồng, quản trị của cơ quan nhận), như
    màn hình «Tờ trình đã nhận»: mỗi tờ trình với từng dòng, giải trình khi gửi, trả lại, kết
    quả, Hội đồng và quyết định của cấp trên."""
    queryset = _receipts(request.user)
    if year is not None:
        queryset = queryset.filter(proposal__year=year)
    if agency is not None:
        queryset = queryset.filter(sender_id=agency)
    if state is not None:
        queryset = queryset.filter(state=state)
    filters = {"year": year, "agency": agency, "state": state}
    page = paginate(queryset, cursor=cursor, limit=limit, filters=filters)
    page["items"] = _receipt_list(page["items"])
    return page


@router.get("/receipts/{receipt_id}", response={200: ReceiptOut, **ONE_ERRORS},
            summary="Một tờ trình đã nhận")  # fmt: skip
def get_receipt(request, receipt_id: int):
    return _receipt_list([one(_receipts(request.user), receipt_id)])[0]


def _binary(description: str, *types: str) -> dict:
    """The OpenAPI description of a download of one of ``types``."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": description,
                                "content": dict.fromkeys(types, binary)}}}  # fmt: skip


@router.get("/receipts/{receipt_id}/dossier.zip", response=FILE_ERRORS,
            summary="Hồ sơ của tờ trình đã nhận (tệp ZIP)",
            openapi_extra=_binary("Hồ sơ khi gửi (ZIP).", "application/zip"))  # fmt: skip
def receipt_dossier(request, receipt_id: int):
    """Hồ sơ đúng như khi gửi: tờ trình, biên bản, kết quả bỏ phiếu, báo cáo thành tích."""
    one(_receipts(request.user), receipt_id)
    return _file(inbox_views.receipt_dossier, request, receipt_id)


# The office's decisions ------------------------------------------------------------------------


class DecisionEntryOut(Schema):
    id: int = Field(description="Dòng của tờ trình đã nhận.")
    receipt_id: int
    agency_id: int = Field(description="Cơ quan gửi.")
    agency_name: str
    subject_name: str
    title: str
    title_name: str
    granted: bool = Field(description="Được khen thưởng theo quyết định.")
    reason: str = Field(description="Lý do không khen thưởng.")


class ReceivedDecisionOut(Schema):
    id: int
    body: str = Field(description="Cấp quyết định (mã).")
    family: str = Field(description="titles: danh hiệu thi đua; forms: hình thức khen thưởng.")
    family_name: str
    year: int
    state: str = Field(description="draft hoặc issued.")
    state_name: str
    number: str
    signed_on: date | None
    signer_name: str
    signer_position: str
    entries: list[DecisionEntryOut]


class ReceivedDecisionPage(Schema):
    items: list[ReceivedDecisionOut]
    next_cursor: str | None


def _decisions(user):
    if not _reads_inbox(user):
        return ReceivedDecision.objects.none()
    entries = ReceivedEntry.objects.select_related("receipt__sender").order_by(
        "receipt__sender__name", "receipt_id", "position", "pk"
    )
    return ReceivedDecision.objects.visible_to(user).prefetch_related(
        Prefetch("entries", queryset=entries)
    )


def _decision(decision: ReceivedDecision) -> dict:
    return {
        "id": decision.pk, "body": decision.body, "family": decision.family,
        "family_name": decision.get_family_display(), "year": decision.year,
        "state": decision.state, "state_name": decision.get_state_display(),
        "number": decision.number, "signed_on": decision.signed_on,
        "signer_name": decision.signer_name, "signer_position": decision.signer_position,
        "entries": [
            {"id": row.pk, "receipt_id": row.receipt_id, "agency_id": row.receipt.sender_id,
             "agency_name": row.receipt.sender.name, "subject_name": row.subject_name,
             "title": row.title, "title_name": row.get_title_display(),
             "granted": row.decision_granted, "reason": row.decision_reason}
            for row in decision.entries.all()
        ],
    }  # fmt: skip


@router.get("/received-decisions", response={200: ReceivedDecisionPage, **LIST_ERRORS},
            summary="Quyết định của cấp trên (cơ quan nhận)")  # fmt: skip
def list_received_decisions(
    request,
    year: int | None = Query(None, ge=1975, le=2100, description="Năm xét khen thưởng."),
    state: Literal[tuple(ReceivedDecisionState.values)] | None = Query(
        None, description="draft, issued."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):  # fmt: skip
    """Quyết định khen thưởng của cấp trên do cơ quan nhận lập từ các tờ trình đã nhận, mỗi
    quyết định với từng dòng: cơ quan gửi, được khen thưởng hay không (với lý do)."""
    queryset = _decisions(request.user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if state is not None:
        queryset = queryset.filter(state=state)
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"year": year, "state": state})
    page["items"] = [_decision(decision) for decision in page["items"]]
    return page


@router.get("/received-decisions/{decision_id}", response={200: ReceivedDecisionOut,
                                                         **ONE_ERRORS},
            summary="Một quyết định của cấp trên (cơ quan nhận)")  # fmt: skip
def get_received_decision(request, decision_id: int):
    return _decision(one(_decisions(request.user), decision_id))


@router.get("/received-decisions/{decision_id}/document.{fmt}", response=FILE_ERRORS,
            summary="Quyết định của cấp trên (tệp)", url_name="received_decision_document",
            openapi_extra=_binary("Quyết định của cấp trên (DOCX hoặc PDF).",
                                  *FILE_TYPES.values()))  # fmt: skip
def received_decision_document(request, decision_id: int, fmt: Literal["docx", "pdf"]):
    """Cho thường trực Hội đồng của cơ quan nhận; và cho cơ quan gửi khi quyết định đã ban hành
    có dòng của tờ trình của mình (như trên màn hình)."""
    return _file(received_decision_views.received_decision_document, request, decision_id, fmt)


# The overview ------------------------------------------------------------------------------------


class OverviewRowOut(Schema):
    key: str | None = Field(description="Cơ quan gửi (mã) hoặc danh hiệu (mã); tổng: null.")
    label: str
    receipts: int = Field(description="Số tờ trình (theo cơ quan).")
    total: int = Field(description="Số dòng đề nghị.")
    waiting: int
    returned: int
    granted: int
    refused: int
    answered: int
    median_days: float | None = Field(description="Số ngày từ khi gửi đến khi trả lời (trung vị).")
    longest_days: int | None


class QuotaOut(Schema):
    title: str
    text: str
    source: str
    basis: int | None
    max: int | None
    proposed: int | None
    to_confirm: str
    over: bool


class InboxOverviewOut(Schema):
    year: int | None = Field(description="Năm đề nghị (mặc định: năm gần nhất).")
    years: list[int]
    agencies: list[OverviewRowOut]
    titles: list[OverviewRowOut]
    total: OverviewRowOut
    quotas: list[QuotaOut]
    notes: list[str]
    rule_set_name: str


def _overview_filters(request, year, agency) -> None:
    """Refuse, naming the field, what the screen's filter form would drop; the screen's own
    names in the request (its XLSX view reads them there)."""
    if not _reads_inbox(request.user):
        raise ApiProblem(403, inbox_views._INBOX_ONLY, kind="forbidden")
    query = QueryDict(mutable=True)
    if year is not None:
        query["year"] = str(year)
    if agency is not None:
        query["sender"] = str(agency)
    receipts = Receipt.objects.visible_to(request.user)
    form = overview_views.OverviewFilter(query or None, receipts=receipts,
                                         years=years_of(receipts))  # fmt: skip
    if form.is_bound and not form.is_valid():
        problem = form_refusal(form)
        for error in problem.errors:
            if error["field"] == "sender":
                error["field"] = "agency"
        raise problem
    request.GET = query


def _row(row) -> dict:
    return {
        "key": None if row.key is None else str(row.key), "label": row.label,
        "receipts": row.receipts, "total": row.total, "waiting": row.waiting,
        "returned": row.returned, "granted": row.granted, "refused": row.refused,
        "answered": row.answered, "median_days": row.median_days,
        "longest_days": row.longest_days,
    }  # fmt: skip


OVERVIEW_YEAR = Query(None, ge=1975, le=2100, description="Năm đề nghị; mặc định năm gần nhất.")


@router.get("/inbox-overview", response={200: InboxOverviewOut, 403: Problem, **LIST_ERRORS},
            summary="Tổng hợp tờ trình đã nhận")  # fmt: skip
def inbox_overview(request, year: int | None = OVERVIEW_YEAR, agency: int | None = AGENCY):
    """Các số liệu của trang «Tổng hợp tờ trình đã nhận»: theo cơ quan gửi, theo danh hiệu,
    theo trạng thái; thời gian trả lời; tỷ lệ khen thưởng."""
    _overview_filters(request, year, agency)
    found = overview(request.user, office=request.user.organization, year=year, sender=agency)
    return {
        "year": found.year, "years": found.years,
        "agencies": [_row(row) for row in found.agencies],
        "titles": [_row(row) for row in found.titles], "total": _row(found.total),
        "quotas": [{**quota.__dict__, "over": quota.over} for quota in found.quotas],
        "notes": found.notes, "rule_set_name": found.rule_set_name,
    }  # fmt: skip


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/inbox-overview.xlsx", response=FILE_ERRORS,
            summary="Tổng hợp tờ trình đã nhận (tệp XLSX)",
            openapi_extra=_binary("Tổng hợp tờ trình đã nhận (XLSX).", XLSX))  # fmt: skip
def inbox_overview_xlsx(request, year: int | None = OVERVIEW_YEAR, agency: int | None = AGENCY):
    _overview_filters(request, year, agency)
    return _file(overview_views.overview_xlsx, request)


# The office's writes on an entry -----------------------------------------------------------------


class ReturnIn(In):
    reason: str = Field(max_length=2000, description="Lý do trả lại.")
    returned_on: date | None = Field(None, description="Ngày trả lại; để trống: hôm nay.")


def _received_entry(user, receipt_id: int, entry_id: int) -> tuple:
    receipt = one(_receipts(user), receipt_id)
    row = next((row for row in receipt.entries.all() if row.pk == entry_id), None)
    if row is None:
        raise ApiProblem(404, "Không có dòng này trong tờ trình đã nhận.", kind="not-found")
    return receipt, row


def _entry_response(request, receipt_id: int, entry_id: int):
    row = next(
        e for e in _receipt_list([one(_receipts(request.user), receipt_id)])[0]["entries"]
        if e["id"] == entry_id
    )  # fmt: skip
    return _json(request, ReceivedEntryOut, row, 200)


@router.post("/receipts/{receipt_id}/entries/{entry_id}/return",
             response={200: ReceivedEntryOut, **WRITE_ERRORS},
             summary="Trả lại một dòng của tờ trình đã nhận")  # fmt: skip
def return_received_entry(request, receipt_id: int, entry_id: int, payload: ReturnIn,
                          idempotency_key: str = KEY):  # fmt: skip
    """Trả lại một dòng chưa có kết quả cho cơ quan gửi, với lý do và ngày trả lại (không trước
    ngày nhận, không ở tương lai), như nút «Trả lại» của màn hình tờ trình đã nhận."""
    from django.utils import timezone

    user = request.user

    def write():
        _receipt, row = _received_entry(user, receipt_id, entry_id)
        day = payload.returned_on or timezone.localdate()
        form = ReturnForm({"reason": payload.reason, "returned_on": day.isoformat()})
        if not form.is_valid():
            raise form_problem(form, {})
        try:
            data = form.cleaned_data
            do_return_entry(row, reason=data["reason"], returned_on=data["returned_on"],
                            acting_user=user)  # fmt: skip
        except ActionRefused as error:
            raise refused(error, None) from None
        return _entry_response(request, receipt_id, entry_id)

    return once(request, idempotency_key, write)


@router.post("/receipts/{receipt_id}/entries/{entry_id}/answer",
             response={200: ReceivedEntryOut, **WRITE_ERRORS},
             summary="Ghi kết quả cho một dòng của tờ trình đã nhận")  # fmt: skip
def answer_received_entry(request, receipt_id: int, entry_id: int, payload: AnswerIn,
                          idempotency_key: str = KEY):  # fmt: skip
    """Ghi kết quả cho một dòng của tờ trình đã nhận (cùng nội dung như ghi kết quả ở cơ quan
    gửi): được khen (ghi khen thưởng vào sổ của cơ quan gửi) hoặc không (với lý do)."""
    user = request.user

    def write():
        receipt, row = _received_entry(user, receipt_id, entry_id)
        answer = EntryAnswer(row.entry, payload.granted, payload.decision_number,
                             payload.decided_on, payload.issued_by, payload.reason)  # fmt: skip
        try:
            do_answer_received(receipt, [answer], acting_user=user)
        except ActionRefused as error:
            raise refused(error, None) from None
        return _entry_response(request, receipt_id, entry_id)

    return once(request, idempotency_key, write)
