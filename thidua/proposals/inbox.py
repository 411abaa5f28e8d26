"""The receiving organisation's inbox: a tờ trình sent by an agency to a body whose office is an
organisation of this installation (`Organization.receiver_for`) arrives there with its dossier
frozen at sending; the receiving office returns an entry or the whole tờ trình with a reason, or
answers an entry through `do_record_answers`, which writes the agency's award register exactly
as when the agency records the answer itself.

Every action here is one transaction, asks `proposals.handle_receipt` itself and is audited.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from thidua.core.actions import ActionRefused, FieldRefused, locked, require_perm
from thidua.core.audit import set_actor
from thidua.council.models import NominationState
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
    _refuse_before_council(row, "không trả lại được")


def _refuse_before_council(row: ReceivedEntry, what: str) -> None:
    """Refuse to return or answer an entry while the council has it on an open agenda."""
    if row.nomination_id is not None and row.nomination.state == NominationState.ON_AGENDA:
        raise ActionRefused(
            "{} ({}): đang trong chương trình phiên họp Hội đồng, chưa có kết quả bỏ phiếu; "
            "{}.".format(row.subject_name, row.get_title_display(), what)
        )


@transaction.atomic
def do_return_entry(row: ReceivedEntry, *, reason: str, returned_on: date, acting_user):
    """Return one entry of a received tờ trình to its agency with a reason, on `returned_on`
    (not before the tờ trình arrived, not in the future); only an entry not yet answered."""
    receipt = _locked(row.receipt, acting_user)
    _refuse_closed(receipt)
    row = ReceivedEntry.objects.select_for_update(of=("self",)).select_related(
        "entry", "nomination"
    ).get(pk=row.pk, receipt=receipt)
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
        receipt.entries.select_for_update(of=("self",)).select_related("entry", "nomination")
        .filter(returned_on__isnull=True, entry__outcome=EntryOutcome.PENDING)
    )  # fmt: skip
    for row in rows:
        _refuse_before_council(row, "không trả lại cả tờ trình được")
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
        .select_related("nomination")
    }  # fmt: skip
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
        _refuse_before_council(row, "không ghi kết quả được")
    if any(not a.granted and not (a.reason or "").strip() for a in answers):
        raise FieldRefused("Cần ghi lý do không khen thưởng.", field="reason")
    awards = do_record_answers(receipt.proposal, answers, acting_user=acting_user)
    with set_actor(acting_user):
        _settle(receipt)
    return awards


# The receiving organisation's own council ------------------------------------------------------


def judged_by_receiver(receipt: Receipt, rows: list[ReceivedEntry]) -> dict[int, tuple[str, dict]]:
    """Return {row pk: (verdict, explanation)}: the engine's verdict on each entry under the
    receiving organisation's view of the law (its rule parameters, `overrides_for`) over the
    agency's facts, as the council's nominations freeze it. An entry the engine judges nothing
    for (a collective outside those reviewed) is "review", with the reason as its one line."""
    from thidua import rules
    from thidua.council.actions import verdict_snapshot
    from thidua.evaluation.facts import assemble_facts, organization_unit_id, person_id, unit_id

    agency, year = receipt.sender, receipt.proposal.year
    overrides = receipt.receiver.overrides_for(year)
    entries = {row.pk: row.entry for row in rows}
    people = [e.person_id for e in entries.values() if e.person_id is not None]
    found = {}
    if people:
        facts = assemble_facts(agency, year, person_pks=people)
        evaluation = rules.evaluate(facts, year, overrides=overrides)
        for pk, entry in entries.items():
            key = person_id(entry.person_id) if entry.person_id is not None else None
            if key in evaluation.people:
                found[pk] = (evaluation.verdicts(key).get(entry.title), evaluation.rule_set)
    if any(e.person_id is None for e in entries.values()):
        evaluation = rules.evaluate(assemble_facts(agency, year), year, overrides=overrides)
        for pk, entry in entries.items():
            if entry.person_id is not None:
                continue
            key = unit_id(entry.unit_id) if entry.unit_id else organization_unit_id(agency.pk)
            if key in evaluation.units:
                found[pk] = (evaluation.verdicts(key, unit=True).get(entry.title),
                             evaluation.rule_set)  # fmt: skip
    out = {}
    for row in rows:
        verdict, rule_set = found.get(row.pk, (None, None))
        if verdict is not None:
            out[row.pk] = (verdict.verdict, verdict_snapshot(verdict, rule_set=rule_set, year=year))
            continue
        out[row.pk] = ("review", {
            "title": row.title, "name": row.get_title_display(), "verdict": "review",
            "criteria": [{
                "code": "received", "passed": None, "source": "", "route": "", "to_confirm": True,
                "detail": "Hệ thống không xét danh hiệu này cho {} từ dữ liệu của {}; Hội đồng "
                          "xem xét theo hồ sơ của tờ trình.".format(row.subject_name, agency),
            }],
            "ballot": None, "rule_set": rules.rule_set_for(year).name, "year": year,
            "taken_at": timezone.now().isoformat(),
        })  # fmt: skip
    return out


def _on_agenda_refusal(row: ReceivedEntry) -> str | None:
    """Return why a row already taken up by the council cannot be put before it again (None:
    never taken up, or its session's results were annulled and it waits again)."""
    nomination = row.nomination
    if nomination is None or nomination.state == NominationState.PROPOSED:
        return None
    item = nomination.agenda_items.select_related("session").order_by("-pk").first()
    where = " (phiên họp «{}»)".format(item.session.name) if item is not None else ""
    if nomination.state == NominationState.ON_AGENDA:
        return "{} ({}): đã có trong chương trình Hội đồng{}.".format(
            row.subject_name, row.get_title_display(), where
        )
    if nomination.state == NominationState.WITHDRAWN:
        return "{} ({}): đề nghị trước Hội đồng đã rút; trả lại hoặc ghi kết quả dòng này.".format(
            row.subject_name, row.get_title_display()
        )
    return "{} ({}): Hội đồng đã xét{}, kết quả «{}».".format(
        row.subject_name, row.get_title_display(), where, nomination.get_state_display().lower()
    )


@transaction.atomic
def do_put_received_on_agenda(session, rows, *, acting_user) -> list:
    """Put entries of tờ trình received here before the organisation's own council: each
    becomes a nomination of the receiving organisation whose nominee is the agency's person or
    collective (council.Nomination.outside_*), frozen with the engine's verdict under the
    receiver's rule parameters (`judged_by_receiver`), and goes on the open session's agenda
    through the council's `do_put_on_agenda` (which asks the council's permission itself).

    Refused, with nothing written: no row chosen; a row returned, answered or already before
    the council; a tờ trình returned whole, received elsewhere, of another year than the
    session's or received after the session's meeting day; a session closed or of another
    organisation."""
    from thidua.council.actions import do_put_on_agenda
    from thidua.council.models import CouncilSession, Nomination, SessionState

    rows = list(rows)
    if not rows:
        raise ActionRefused("Chưa chọn dòng nào của tờ trình để đưa ra Hội đồng.")
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    receipts = {}
    for receipt in Receipt.objects.filter(pk__in={r.receipt_id for r in rows}).order_by("pk"):
        receipts[receipt.pk] = _locked(receipt, acting_user)
    for receipt in receipts.values():
        _refuse_closed(receipt)
        if receipt.receiver_id != session.organization_id:
            raise ActionRefused(
                "Phiên họp «{}» là của {}; tờ trình {} gửi đến {}.".format(
                    session.name, session.organization, receipt.document_number, receipt.receiver
                )
            )
        if session.meeting_on < receipt.received_on:
            raise ActionRefused(
                "Phiên họp «{}» họp ngày {:%d/%m/%Y}, trước ngày nhận tờ trình {} "
                "({:%d/%m/%Y}).".format(
                    session.name, session.meeting_on, receipt.document_number,
                    receipt.received_on,
                )  # fmt: skip
            )
        year = receipt.proposal.year
        if year != session.year:
            raise ActionRefused(
                "Tờ trình {} đề nghị khen thưởng năm {}; phiên họp «{}» xét năm {}.".format(
                    receipt.document_number, year, session.name, session.year
                )
            )
    if session.state != SessionState.OPEN:
        raise ActionRefused(
            "Phiên họp «{}» đã kết thúc; chọn phiên họp đang họp.".format(session.name)
        )
    locked_rows = list(
        ReceivedEntry.objects.select_for_update(of=("self",))
        .select_related("entry", "nomination", "receipt__sender")
        .filter(pk__in=[r.pk for r in rows], receipt_id__in=receipts)
        .order_by("receipt_id", "position", "pk")
    )  # fmt: skip
    if len(locked_rows) != len({r.pk for r in rows}):
        raise ActionRefused("Có dòng không thuộc tờ trình đã nhận.")
    for row in locked_rows:
        if row.returned_on is not None:
            raise ActionRefused(
                "{} ({}): đã trả lại ngày {:%d/%m/%Y}; không đưa ra Hội đồng được.".format(
                    row.subject_name, row.get_title_display(), row.returned_on
                )
            )
        if row.entry.outcome != EntryOutcome.PENDING:
            raise ActionRefused(
                "{} ({}): đã có kết quả «{}»; không đưa ra Hội đồng được.".format(
                    row.subject_name, row.get_title_display(),
                    row.entry.get_outcome_display().lower(),
                )  # fmt: skip
            )
        if refusal := _on_agenda_refusal(row):
            raise ActionRefused(refusal)
    fresh = [row for row in locked_rows if row.nomination is None]
    by_receipt = {}
    for row in fresh:
        by_receipt.setdefault(row.receipt_id, []).append(row)
    judged = {}
    for receipt_pk, group in by_receipt.items():
        judged.update(judged_by_receiver(receipts[receipt_pk], group))
    with set_actor(acting_user):
        for row in fresh:
            receipt = receipts[row.receipt_id]
            verdict, explanation = judged[row.pk]
            row.nomination = Nomination.objects.create(
                organization_id=session.organization_id, year=session.year,
                outside_name=row.subject_name, outside_organization_id=receipt.sender_id,
                title=row.title, proposed_by=acting_user, verdict=verdict,
                explanation=explanation,
                justification="Theo Tờ trình số {} ngày {:%d/%m/%Y} của {}.".format(
                    receipt.document_number, receipt.received_on, receipt.sender
                ),
            )  # fmt: skip
            row.save(update_fields=["nomination"])
    return do_put_on_agenda(
        session, [row.nomination for row in locked_rows], acting_user=acting_user
    )


def council_state(row: ReceivedEntry) -> str:
    """Return where the receiving council stands on a row: "" (never put before it), or the
    nomination's state (on the agenda, passed, failed; proposed again after an annulment)."""
    return row.nomination.state if row.nomination_id else ""


def council_passed(rows) -> list[ReceivedEntry]:
    """Return the rows the receiving organisation's council passed (their nomination passed
    at a closed session whose results stand, within quota), in the order given: those a
    decision on the received entries takes by default. Reads `row.nomination` (one query
    each if not loaded: select_related("nomination"))."""
    return [
        row for row in rows
        if row.nomination_id is not None and row.nomination.state == NominationState.PASSED
    ]  # fmt: skip


def council_outcomes(rows) -> dict[int, dict]:
    """Return {row pk: what the receiving council did with it} for the rows put before it:
    "state" (the nomination's), "state_label", "session" (the last session it was on, or None),
    and, once that session closed with its results standing, "result": the row of its results
    (agree, denominator, passed, the title passed at). Two queries for any number of rows."""
    from thidua.council.models import AgendaItem, SessionState
    from thidua.council.results import passed_title_name

    nominated = {r.nomination_id: r for r in rows if r.nomination_id is not None}
    if not nominated:
        return {}
    latest = {}
    for item in (
        AgendaItem.objects.filter(nomination_id__in=nominated)
        .select_related("session", "nomination")
        .order_by("nomination_id", "-pk")
    ):
        latest.setdefault(item.nomination_id, item)
    out = {}
    for pk, row in nominated.items():
        item = latest.get(pk)
        nomination = item.nomination if item is not None else row.nomination
        found = {"state": nomination.state, "state_label": nomination.get_state_display(),
                 "session": item.session if item is not None else None, "result": None}  # fmt: skip
        if item is not None and item.session.state == SessionState.CLOSED:
            result = next(
                (r for r in item.session.results.get("items", []) if r["nomination"] == pk), None
            )
            if result is not None:
                found["result"] = {**result, "passed_title_name": passed_title_name(result)}
        out[row.pk] = found
    return out
