"""The higher body's decision issued where the tờ trình arrived (issue 19): the receiving office
drafts the Chủ tịch UBND tỉnh's quyết định khen thưởng from received entries of many agencies,
marks each granted or not, and records its number, date and signer once signed; issuing answers
every entry through `do_answer_received`, so each agency's award register is written exactly as
when an entry is answered alone, and the agency sees the outcome on its tờ trình at once.

Every action is one transaction, asks `proposals.handle_receipt` (over the decision: the same
officers as the inbox; the Chủ tịch signs on paper, the office records it, so no new permission)
and is audited.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from thidua.core import text
from thidua.core.actions import ActionRefused, FieldRefused, locked, require_perm
from thidua.core.audit import set_actor
from thidua.core.choices import TitleCode
from thidua.council.models import NominationState
from thidua.proposals.actions import EntryAnswer
from thidua.proposals.inbox import do_answer_received
from thidua.proposals.models import (
    RECEIVED_DECISION_FLOW,
    SIGNER_POSITIONS,
    EntryOutcome,
    ReceiptState,
    ReceivedDecision,
    ReceivedDecisionState,
    ReceivedEntry,
    TitleFamily,
    title_family,
)
from thidua.proposals.routing import HigherBody, default_issuer
from thidua.rules import authority, instruments

_OFFICERS_ONLY = (
    "Chỉ thường trực Hội đồng Thi đua – Khen thưởng hoặc quản trị của cơ quan nhận tờ trình "
    "được lập và ban hành quyết định."
)


def deciding_bodies() -> tuple[str, ...]:
    """Return the bodies whose own head decides what their office receives (the Chủ tịch UBND
    tỉnh, the Học viện's Giám đốc); the Government's titles only pass through the province."""
    return tuple(b for b in authority.RECEIVED_BY if authority.received_by(b) == b)


def decidable_entries(receiver):
    """Return the received entries a decision of `receiver` may take: received here, in a
    tờ trình not returned, to a body the receiver's head decides, neither returned nor answered
    nor already in a decision, and — when put before the receiver's own council — passed by it
    (an entry on an agenda waits for the vote; one the council did not pass is answered as
    refused, not decided). The one source of the draft's candidates (the screen's list and the
    action's check)."""
    return ReceivedEntry.objects.filter(
        Q(nomination__isnull=True) | Q(nomination__state=NominationState.PASSED),
        receipt__receiver=receiver,
        receipt__state=ReceiptState.RECEIVED,
        receipt__proposal__body__in=deciding_bodies(),
        returned_on__isnull=True,
        entry__outcome=EntryOutcome.PENDING,
        decision__isnull=True,
    )


def _name(row: ReceivedEntry) -> str:
    return "{} ({})".format(row.subject_name, row.get_title_display())


def _refuse_row(row: ReceivedEntry, receiver) -> None:
    """Refuse an entry a decision may not take, saying why."""
    receipt = row.receipt
    if receipt.receiver_id != receiver.pk:
        raise ActionRefused(
            "{} không có trong các tờ trình {} đã nhận; không đưa vào quyết định được.".format(
                _name(row), receiver.name
            )
        )
    if row.returned_on is not None or receipt.state == ReceiptState.RETURNED:
        raise ActionRefused("{}: đã trả lại ngày {:%d/%m/%Y}.".format(
            _name(row), row.returned_on or receipt.returned_on))  # fmt: skip
    if row.entry.outcome != EntryOutcome.PENDING:
        raise ActionRefused("{}: đã có kết quả «{}».".format(
            _name(row), row.entry.get_outcome_display().lower()))  # fmt: skip
    if row.decision_id is not None:
        raise ActionRefused("{}: đã có trong {}.".format(_name(row), row.decision))
    if row.nomination_id is not None and row.nomination.state != NominationState.PASSED:
        raise ActionRefused(
            "{}: đã đưa ra Hội đồng Thi đua – Khen thưởng, trạng thái «{}»; chỉ trường hợp Hội "
            "đồng đã thông qua mới đưa vào quyết định.".format(
                _name(row), row.nomination.get_state_display().lower()
            )
        )
    if receipt.proposal.body not in deciding_bodies():
        raise ActionRefused(
            "{}: tờ trình {} đề nghị {}; quyết định do cấp đó ban hành, ghi kết quả theo "
            "từng tờ trình.".format(_name(row), receipt.document_number,
                                   receipt.proposal.get_body_display())
        )  # fmt: skip


def _lock_rows(pks) -> list[ReceivedEntry]:
    return list(
        ReceivedEntry.objects.select_for_update(of=("self",))
        .select_related("receipt__proposal", "receipt__sender", "entry", "decision", "nomination")
        .filter(pk__in=pks)
        .order_by("receipt__sender__name", "receipt_id", "position", "pk")
    )


def _check_together(rows: list[ReceivedEntry]) -> None:
    """Refuse entries that cannot share one decision: another deciding body, family or award
    year, or two tờ trình of one agency (an agency's answers of one body and year take one
    decision number per tờ trình: proposals.actions._decision_used_elsewhere)."""
    first = rows[0]
    body, year = first.receipt.proposal.body, first.receipt.proposal.year
    family = title_family(first.title)
    sent = {}
    for row in rows:
        proposal = row.receipt.proposal
        if proposal.body != body:
            raise ActionRefused(
                "{} trình {}, {} trình {}: một quyết định chỉ của một cấp.".format(
                    _name(first), HigherBody(body).label, _name(row), proposal.get_body_display()
                )
            )
        if title_family(row.title) != family:
            raise ActionRefused(
                "{} là {}, {} là {}: danh hiệu thi đua và hình thức khen thưởng ban hành ở "
                "hai quyết định riêng.".format(
                    _name(first), TitleFamily(family).label.lower(), _name(row),
                    TitleFamily(title_family(row.title)).label.lower(),
                )
            )  # fmt: skip
        if proposal.year != year:
            raise ActionRefused("{} đề nghị khen thưởng năm {}, {} năm {}: một quyết định "
                                "cho một năm.".format(_name(first), year, _name(row),
                                                       proposal.year))  # fmt: skip
        other = sent.setdefault(row.receipt.sender_id, row.receipt)
        if other.pk != row.receipt_id:
            raise ActionRefused(
                "{} có hai tờ trình trong quyết định ({} và {}); mỗi cơ quan một tờ trình "
                "trong một quyết định.".format(row.receipt.sender, other.document_number,
                                               row.receipt.document_number)
            )  # fmt: skip


@transaction.atomic
def do_draft_received_decision(receiver, rows, *, acting_user) -> ReceivedDecision:
    """Draft a decision of the body the entries were proposed to, from received entries of one
    body, family and year (of many agencies); every entry granted until marked otherwise."""
    if receiver is None:
        raise ActionRefused(_OFFICERS_ONLY)
    require_perm(acting_user, "proposals.handle_receipt", ReceivedDecision(receiver=receiver),
                 message=_OFFICERS_ONLY)  # fmt: skip
    pks = {row.pk for row in rows}
    if not pks:
        raise ActionRefused("Chưa chọn dòng nào cho quyết định.")
    locked_rows = _lock_rows(pks)
    if len(locked_rows) != len(pks):
        raise ActionRefused("Có dòng đã chọn không còn trong các tờ trình đã nhận; tải lại trang.")
    for row in locked_rows:
        _refuse_row(row, receiver)
    _check_together(locked_rows)
    first = locked_rows[0].receipt.proposal
    decision = ReceivedDecision(
        receiver=receiver, body=first.body, family=title_family(locked_rows[0].title),
        year=first.year, signer_position=SIGNER_POSITIONS.get(first.body, ""),
        drafted_by=acting_user,
    )  # fmt: skip
    with set_actor(acting_user):
        decision.save()
        for row in locked_rows:
            row.decision, row.decision_granted, row.decision_reason = decision, True, ""
            row.save(update_fields=["decision", "decision_granted", "decision_reason"])
    return decision


def _locked_draft(decision: ReceivedDecision, acting_user) -> ReceivedDecision:
    decision = locked(decision, "receiver")
    require_perm(acting_user, "proposals.handle_receipt", decision, message=_OFFICERS_ONLY)
    if decision.state != ReceivedDecisionState.DRAFT:
        raise ActionRefused("{} đã ban hành; không sửa được.".format(decision))
    return decision


def _row_of(decision: ReceivedDecision, row: ReceivedEntry) -> ReceivedEntry:
    found = (
        ReceivedEntry.objects.select_for_update(of=("self",)).filter(pk=row.pk, decision=decision)
        .first()
    )  # fmt: skip
    if found is None:
        raise ActionRefused("{} không có trong {}.".format(_name(row), decision))
    return found


@transaction.atomic
def do_add_to_received_decision(decision: ReceivedDecision, rows, *, acting_user):
    """Add received entries to a draft, under the same checks as drafting."""
    decision = _locked_draft(decision, acting_user)
    pks = {row.pk for row in rows}
    if not pks:
        raise ActionRefused("Chưa chọn dòng nào để thêm.")
    added = _lock_rows(pks)
    if len(added) != len(pks):
        raise ActionRefused("Có dòng đã chọn không còn trong các tờ trình đã nhận; tải lại trang.")
    for row in added:
        _refuse_row(row, decision.receiver)
    _check_together(_lock_rows(set(decision.entries.values_list("pk", flat=True)) | pks))
    with set_actor(acting_user):
        for row in added:
            row.decision, row.decision_granted, row.decision_reason = decision, True, ""
            row.save(update_fields=["decision", "decision_granted", "decision_reason"])
    return decision


@transaction.atomic
def do_set_received_outcome(decision: ReceivedDecision, row: ReceivedEntry, *, granted: bool,
                            reason: str = "", acting_user) -> ReceivedEntry:  # fmt: skip
    """Mark one entry of a draft granted, or not granted with the reason the agency will read."""
    decision = _locked_draft(decision, acting_user)
    row = _row_of(decision, row)
    reason = (reason or "").strip()
    if not granted and not reason:
        raise FieldRefused("{}: cần ghi lý do không khen thưởng.".format(_name(row)),
                           field="reason")  # fmt: skip
    with set_actor(acting_user):
        row.decision_granted, row.decision_reason = bool(granted), "" if granted else reason
        row.save(update_fields=["decision_granted", "decision_reason"])
    return row


@transaction.atomic
def do_remove_from_received_decision(decision: ReceivedDecision, row: ReceivedEntry, *,
                                     acting_user) -> ReceivedEntry:  # fmt: skip
    """Take an entry out of a draft: it waits in its tờ trình again."""
    decision = _locked_draft(decision, acting_user)
    row = _row_of(decision, row)
    with set_actor(acting_user):
        row.decision, row.decision_granted, row.decision_reason = None, True, ""
        row.save(update_fields=["decision", "decision_granted", "decision_reason"])
    return row


@transaction.atomic
def do_delete_received_decision_draft(decision: ReceivedDecision, *, acting_user) -> None:
    """Discard a draft; its entries wait in their tờ trình again. An issued one stays."""
    decision = _locked_draft(decision, acting_user)
    with set_actor(acting_user):
        for row in ReceivedEntry.objects.select_for_update(of=("self",)).filter(
            decision=decision
        ):
            row.decision, row.decision_granted, row.decision_reason = None, True, ""
            row.save(update_fields=["decision", "decision_granted", "decision_reason"])
        decision.delete()


def _check_issue(decision, rows, number: str, signed_on, signer_name: str) -> None:
    """Refuse a number, date or signer that cannot stand, naming the field, before any write."""
    if not number:
        raise FieldRefused("Cần số quyết định.", field="number")
    if signed_on is None:
        raise FieldRefused("Cần ngày ký quyết định.", field="signed_on")
    if signed_on > timezone.localdate():
        raise FieldRefused(
            "Ngày ký {:%d/%m/%Y} ở tương lai; chỉ ghi quyết định đã ký.".format(signed_on),
            field="signed_on",
        )
    last = max(rows, key=lambda r: r.receipt.received_on)
    if signed_on < last.receipt.received_on:
        raise FieldRefused(
            "Ngày ký {:%d/%m/%Y} trước ngày nhận tờ trình {} của {} ({:%d/%m/%Y}); quyết định "
            "ký sau khi nhận tờ trình.".format(signed_on, last.receipt.document_number,
                                               last.receipt.sender, last.receipt.received_on),
            field="signed_on",
        )  # fmt: skip
    if refusal := instruments.not_covered(signed_on, "Ngày ký"):
        raise FieldRefused(refusal, field="signed_on")
    if not signer_name:
        raise FieldRefused("Cần họ và tên người ký.", field="signer_name")
    folded = number.casefold()
    for other in ReceivedDecision.objects.filter(
        receiver_id=decision.receiver_id, body=decision.body
    ).exclude(number="").exclude(pk=decision.pk):
        if other.number.casefold() == folded:
            raise FieldRefused(
                "Quyết định số {} đã được ghi ngày {:%d/%m/%Y}.".format(number, other.signed_on),
                field="number",
            )
    if not any(r.decision_granted for r in rows):
        raise ActionRefused(
            "Quyết định không khen thưởng dòng nào; trả lời «không khen thưởng» tại từng tờ "
            "trình đã nhận, hoặc đánh dấu được khen thưởng."
        )


@transaction.atomic
def do_issue_received_decision(
    decision: ReceivedDecision, *, number: str, signed_on: date, signer_name: str,
    signer_position: str = "", acting_user,
) -> ReceivedDecision:  # fmt: skip
    """Record the signed decision (its number, date and signer) and answer each entry in its
    agency's tờ trình: granted ones with the decision's number and date (written into that
    agency's award register), the others refused with their reason. All or nothing."""
    decision = locked(decision, "receiver")
    RECEIVED_DECISION_FLOW.require_permission(acting_user, ReceivedDecisionState.ISSUED,
                                              decision)  # fmt: skip
    RECEIVED_DECISION_FLOW.require_move(
        decision.state, ReceivedDecisionState.ISSUED,
        refused="{} đã ban hành; không ban hành lại được.".format(decision),
    )  # fmt: skip
    rows = list(
        decision.entries.select_for_update(of=("self",))
        .select_related("receipt__sender", "receipt__proposal", "entry", "nomination")
        .order_by("receipt_id", "position", "pk")
    )  # fmt: skip
    if not rows:
        raise ActionRefused("Quyết định chưa có dòng nào.")
    number, signer_name = text.clean(number), text.clean(signer_name)
    signer_position = text.clean(signer_position) or decision.signer_position
    _check_issue(decision, rows, number, signed_on, signer_name)
    for row in rows:
        # Still decidable: no entry answered or returned behind the draft's back.
        if row.returned_on is not None or row.entry.outcome != EntryOutcome.PENDING:
            raise ActionRefused("{}: đã có kết quả hoặc đã trả lại; bỏ dòng này khỏi dự thảo "
                                "trước khi ban hành.".format(_name(row)))  # fmt: skip
        if row.nomination_id is not None and row.nomination.state != NominationState.PASSED:
            raise ActionRefused("{}: Hội đồng Thi đua – Khen thưởng chưa thông qua (kết quả phiên "
                                "họp bị hủy hoặc chưa bỏ phiếu); bỏ dòng này khỏi dự thảo trước "
                                "khi ban hành.".format(_name(row)))  # fmt: skip
    issuer = default_issuer(decision.body, decision.receiver.place_name)
    by_receipt: dict[int, list] = {}
    for row in rows:
        by_receipt.setdefault(row.receipt_id, []).append(row)
    for receipt_rows in by_receipt.values():
        answers = [
            EntryAnswer(row.entry, True, number, signed_on, issuer) if row.decision_granted
            else EntryAnswer(row.entry, False, reason=row.decision_reason)
            for row in receipt_rows
        ]  # fmt: skip
        do_answer_received(receipt_rows[0].receipt, answers, acting_user=acting_user)
    try:
        with transaction.atomic():
            RECEIVED_DECISION_FLOW.move(
                decision, ReceivedDecisionState.ISSUED, acting_user=acting_user,
                number=number, signed_on=signed_on, signer_name=signer_name,
                signer_position=signer_position, issued_by=acting_user,
            )  # fmt: skip
    except IntegrityError:
        raise FieldRefused("Số quyết định {} vừa được ghi; kiểm tra lại.".format(number),
                           field="number") from None  # fmt: skip
    return decision


def titles_of(decision: ReceivedDecision) -> list[str]:
    """Return the decision's titles in the law's order (one query)."""
    codes = set(decision.entries.values_list("title", flat=True))
    return [code for code in TitleCode.values if code in codes]
