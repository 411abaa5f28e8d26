"""The receiving organisation's inbox: a tờ trình sent by an agency to a body whose office is an
organisation of this installation (`Organization.receiver_for`) arrives there with its dossier
frozen at sending; the receiving office returns an entry or the whole tờ trình with a reason, or
answers an entry through `do_record_answers`, which writes the agency's award register exactly
as when the agency records the answer itself.

Every action here is one transaction, asks `proposals.handle_receipt` itself and is audited.
"""

from datetime import date

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from thidua.core.actions import ActionRefused, FieldRefused, locked, require_perm
from thidua.proposals.actions import EntryAnswer, do_record_answers, settle_after_return
from thidua.proposals.dossier import dossier_archive
from thidua.proposals.models import (
    EntryOutcome,
    Proposal,
    ProposalEntry,
    Receipt,
    ReceiptState,
    ReceivedEntry,
)

_OFFICERS_ONLY = (
    "Chỉ thường trực Hội đồng Thi đua – Khen thưởng hoặc quản trị của cơ quan nhận tờ trình "
    "được xử lý tờ trình đã nhận."
)


def explanations(proposal: Proposal, entries: list[ProposalEntry]) -> dict[int, dict]:
    """Return {entry pk: the engine's explanation of the entry's title}, as the eligibility
    screens show it on the day of sending: the verdict and each criterion with its legal
    source. An entry the engine judges nothing for (a collective outside those reviewed, the
    organisation itself) gets {}."""
    from thidua import rules
    from thidua.evaluation.facts import assemble_facts, person_id, unit_id
    from thidua.evaluation.services import VERDICT_LABELS, evaluate_organization

    organization, year = proposal.organization, proposal.year
    people = [e.person_id for e in entries if e.person_id is not None]
    found = {}
    if people:
        facts = assemble_facts(organization, year, person_pks=people)
        evaluation = rules.evaluate(facts, year, overrides=organization.overrides_for(year))
        for entry in entries:
            if entry.person_id is not None and person_id(entry.person_id) in evaluation.people:
                found[entry.pk] = evaluation.verdicts(person_id(entry.person_id))
    if any(e.unit_id is not None for e in entries):
        evaluation = evaluate_organization(organization, year).evaluation
        for entry in entries:
            if entry.unit_id is not None and unit_id(entry.unit_id) in evaluation.units:
                found[entry.pk] = evaluation.verdicts(unit_id(entry.unit_id), unit=True)
    out = {}
    for entry in entries:
        verdict = found.get(entry.pk, {}).get(entry.title)
        if verdict is None:
            out[entry.pk] = {}
            continue
        out[entry.pk] = {
            "verdict": verdict.verdict, "label": VERDICT_LABELS[verdict.verdict],
            "name": verdict.name,
            "criteria": [{"passed": c.passed, "detail": c.detail, "source": c.source}
                         for c in verdict.criteria],
        }  # fmt: skip
    return out


def arrive(proposal: Proposal, *, acting_user) -> Receipt | None:
    """Put a tờ trình just sent into the inbox of the organisation that receives for its body,
    with its dossier, entries and explanations frozen; None when the body is outside the
    installation. Called inside the sending transaction (do_send_proposal)."""
    receiver = proposal.organization.receiver_for(proposal.body)
    if receiver is None:
        return None
    earlier = Receipt.objects.filter(proposal=proposal).select_related("receiver").first()
    if earlier is not None:
        raise ActionRefused(
            "Tờ trình {} đã được gửi đến {} ngày {:%d/%m/%Y}; không gửi lại được.".format(
                earlier.document_number, earlier.receiver, earlier.received_on
            )
        )
    entries = list(proposal.entries.select_related("person", "unit"))
    explained = explanations(proposal, entries)
    data, names = dossier_archive(proposal)
    with set_actor(acting_user):
        receipt = Receipt.objects.create(
            proposal=proposal, receiver=receiver, sender_id=proposal.organization_id,
            document_number=proposal.document_number, received_on=proposal.sent_on,
            entry_count=len(entries),
            dossier=data, dossier_files=names,
        )  # fmt: skip
        for entry in entries:
            ReceivedEntry.objects.create(
                receipt=receipt, entry=entry, position=entry.position,
                subject_name=entry.subject_name, title=entry.title,
                explanation=explained[entry.pk],
            )  # fmt: skip
    return receipt


def _locked(receipt: Receipt, acting_user) -> Receipt:
    receipt = locked(receipt)
    require_perm(acting_user, "proposals.handle_receipt", receipt, message=_OFFICERS_ONLY)
    return receipt


def _check_day(receipt: Receipt, day: date | None) -> date:
    if day is None:
        raise FieldRefused("Cần ngày trả lại.", field="returned_on")
    if day > timezone.localdate():
        raise FieldRefused("Ngày trả lại {:%d/%m/%Y} ở tương lai.".format(day), field="returned_on")
    if day < receipt.received_on:
        raise FieldRefused(
            "Ngày trả lại {:%d/%m/%Y} trước ngày nhận tờ trình ({:%d/%m/%Y}).".format(
                day, receipt.received_on
            ),
            field="returned_on",
        )
    return day


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FieldRefused("Cần ghi lý do trả lại.", field="reason")
    return reason


def _refuse_closed(receipt: Receipt) -> None:
    if receipt.state == ReceiptState.RETURNED:
        raise ActionRefused(
            "Tờ trình {} đã được trả lại ngày {:%d/%m/%Y}; không xử lý thêm được.".format(
                receipt.document_number, receipt.returned_on
            )
        )


def _settle(receipt: Receipt) -> None:
    """Set the receipt's state from its entries: answered once none waits (returned entries
    count as dealt with), else still received; a returned receipt stays returned."""
    if receipt.state == ReceiptState.RETURNED:
        return
    waiting = receipt.entries.filter(
        returned_on__isnull=True, entry__outcome=EntryOutcome.PENDING
    ).exists()
    receipt.state = ReceiptState.RECEIVED if waiting else ReceiptState.ANSWERED
    receipt.save(update_fields=["state"])


def _refuse_decided(row: ReceivedEntry) -> None:
    entry = row.entry
    if entry.outcome != EntryOutcome.PENDING:
        raise ActionRefused(
            "{} ({}): đã có kết quả «{}» ngày {:%d/%m/%Y}; không trả lại được.".format(
                row.subject_name, row.get_title_display(), entry.get_outcome_display().lower(),
                entry.answered_on,
            )
        )
    if row.returned_on is not None:
        raise ActionRefused(
            "{} ({}): đã trả lại ngày {:%d/%m/%Y}.".format(
                row.subject_name, row.get_title_display(), row.returned_on
            )
        )


@transaction.atomic
def do_return_entry(row: ReceivedEntry, *, reason: str, returned_on: date, acting_user):
    """Return one entry of a received tờ trình to its agency with a reason, on `returned_on`
    (not before the tờ trình arrived, not in the future); only an entry not yet answered."""
    receipt = _locked(row.receipt, acting_user)
    _refuse_closed(receipt)
    row = ReceivedEntry.objects.select_for_update(of=("self",)).select_related("entry").get(
        pk=row.pk, receipt=receipt
    )
    _refuse_decided(row)
    reason, day = _check_reason(reason), _check_day(receipt, returned_on)
    with set_actor(acting_user):
        row.returned_on, row.return_reason, row.returned_by = day, reason, acting_user
        row.save()
        _settle(receipt)
    # A returned entry is closed for its tờ trình: the last one waiting settles the agency's.
    settle_after_return(receipt.proposal, acting_user=acting_user)
    return row


@transaction.atomic
def do_return_receipt(receipt: Receipt, *, reason: str, returned_on: date, acting_user):
    """Return the whole tờ trình with a reason: every entry not yet answered is returned with
    it. Refused once every entry has been answered or returned."""
    receipt = _locked(receipt, acting_user)
    _refuse_closed(receipt)
    reason, day = _check_reason(reason), _check_day(receipt, returned_on)
    rows = list(
        receipt.entries.select_for_update(of=("self",)).select_related("entry")
        .filter(returned_on__isnull=True, entry__outcome=EntryOutcome.PENDING)
    )  # fmt: skip
    if not rows:
        raise ActionRefused(
            "Mọi dòng của tờ trình {} đã có kết quả hoặc đã trả lại; không trả lại cả tờ trình "
            "được.".format(receipt.document_number)
        )
    with set_actor(acting_user):
        for row in rows:
            row.returned_on, row.return_reason, row.returned_by = day, reason, acting_user
            row.save()
        receipt.state = ReceiptState.RETURNED
        receipt.returned_on, receipt.return_reason, receipt.returned_by = day, reason, acting_user
        receipt.save()
    settle_after_return(receipt.proposal, acting_user=acting_user)
    return receipt


@transaction.atomic
def do_answer_received(receipt: Receipt, answers: list[EntryAnswer], *, acting_user):
    """Answer entries of a received tờ trình (granted with the decision's number, date and
    signer, or refused with a reason) through `do_record_answers`: the agency's register is
    written exactly as when the agency records the answer. Only entries received here and
    neither returned nor answered."""
    receipt = _locked(receipt, acting_user)
    _refuse_closed(receipt)
    if not answers:
        raise ActionRefused("Chưa chọn kết quả cho dòng nào của tờ trình.")
    received = {
        row.entry_id: row
        for row in receipt.entries.filter(entry_id__in=[a.entry.pk for a in answers])
    }
    for answer in answers:
        row = received.get(answer.entry.pk)
        if row is None:
            raise ActionRefused(
                "{} không có trong tờ trình {} đã nhận; không ghi kết quả được.".format(
                    answer.entry.subject_name, receipt.document_number
                )
            )
        if row.returned_on is not None:
            raise ActionRefused(
                "{} ({}): đã trả lại ngày {:%d/%m/%Y}; không ghi kết quả được.".format(
                    row.subject_name, row.get_title_display(), row.returned_on
                )
            )
    if any(not a.granted and not (a.reason or "").strip() for a in answers):
        raise FieldRefused("Cần ghi lý do không khen thưởng.", field="reason")
    awards = do_record_answers(receipt.proposal, answers, acting_user=acting_user)
    with set_actor(acting_user):
        _settle(receipt)
    return awards
