"""Business actions of proposals: one transaction each, audited with the acting user.

The secretary drafts a proposal from a closed session's results and records the higher level's
answer, entry by entry; the principal signs and sends it (its number and date). Each granted
entry writes the award register, once.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from thidua.awards.checks import refuse_awards_already_held
from thidua.awards.models import Award, AwardSource
from thidua.core import text
from thidua.core.actions import ActionRefused, FieldRefused, NotAllowed, locked, require_perm
from thidua.core.audit import set_actor
from thidua.core.choices import TitleCode
from thidua.council.models import (
    AGENDA_SUBJECTS,
    CouncilSession,
    Nomination,
    NominationState,
    SessionState,
)
from thidua.council.results import passed_title, session_day
from thidua.organization.models import Organization
from thidua.proposals.models import (
    PROPOSAL_FLOW,
    EntryOutcome,
    Proposal,
    ProposalEntry,
    ProposalState,
    Receipt,
)
from thidua.proposals.routing import HigherBody, body_for
from thidua.rules import instruments

_PREPARER_ONLY = "Chỉ thường trực Hội đồng được lập tờ trình và ghi kết quả của cấp trên."


def _locked(proposal: Proposal) -> Proposal:
    return locked(proposal, "organization", "session")


def passed_titles(session: CouncilSession) -> dict[int, str]:
    """Return {nomination pk: the title it passed at} for the session's results within quota:
    its own title, or the lower one the council agreed to (council.results.LOWER_TITLES)."""
    return {
        row["nomination"]: passed_title(row)
        for row in session.results.get("items", [])
        if row["passed"] and not row.get("over_quota", False)
    }


def passed_nominations(session: CouncilSession, body: str | None = None) -> list[Nomination]:
    """Return the nominations the session passed (within quota) whose passed titles go to a
    higher body (`body`, or any), not yet in a proposal, in agenda order (two queries). Each
    carries `passed_title`: a BK Thủ tướng nominee passed at BK tỉnh goes to the province as
    that; a CSTĐ tỉnh nominee passed at CSTĐCS goes into the school's decision instead.

    Another organisation's nominee (a received tờ trình's entry) is left out: its outcome goes
    back to its agency through the inbox, not into this organisation's own tờ trình."""
    outcome = passed_titles(session)
    chosen = []
    for item in session.items.select_related(*AGENDA_SUBJECTS).filter(
        nomination__proposal_entry__isnull=True, nomination__outside_organization__isnull=True
    ):
        nomination = item.nomination
        title = outcome.get(nomination.pk)
        if title is None or nomination.state != NominationState.PASSED:
            continue
        route = body_for(title)
        if route is not None and (body is None or route == body):
            nomination.passed_title = title
            nomination.passed_title_name = TitleCode(title).label
            chosen.append(nomination)
    return chosen


def returned_entries(session: CouncilSession, body: str | None = None) -> list[ProposalEntry]:
    """Return the entries of the session's tờ trình (to `body`, or any) that the receiving
    office returned and no later tờ trình sends again, in the tờ trình's order (one query)."""
    rows = ProposalEntry.objects.filter(
        proposal__session=session, received__returned_on__isnull=False,
        resubmitted_as__isnull=True,
    ).select_related("person", "unit", "received", "proposal__organization")  # fmt: skip
    if body is not None:
        rows = rows.filter(proposal__body=body)
    return list(rows.order_by("proposal__number_year", "proposal__number", "position", "pk"))


def next_number(organization_id: int, number_year: int) -> int:
    """Return the next tờ trình number of the organisation's calendar year (the year of the
    tờ trình's date, not the award year; call with the organisation locked)."""
    last = Proposal.objects.filter(
        organization_id=organization_id, number_year=number_year
    ).aggregate(Max("number"))["number__max"]
    return (last or 0) + 1


@transaction.atomic
def do_draft_proposal_from_session(
    session: CouncilSession, *, body: str, dated_on: date | None = None, acting_user
) -> Proposal:
    """Draft a tờ trình to `body` listing what a closed, valid session passed for its titles
    and not yet proposed, and (a supplementary tờ trình) the entries of its earlier tờ trình
    to `body` that the receiving office returned, each sent again once."""
    session = locked(session)
    require_perm(acting_user, "proposals.draft_proposal", session, message=_PREPARER_ONLY)
    if body not in HigherBody.values:
        raise ActionRefused("Cấp trình không hợp lệ.")
    if session.state == SessionState.OPEN:
        raise ActionRefused("Phiên họp «{}» chưa kết thúc; chưa lập tờ trình được.".format(session))
    if session.state == SessionState.ANNULLED:
        raise ActionRefused(
            "Kết quả phiên họp «{}» đã bị huỷ; không lập tờ trình được.".format(session)
        )
    nominations = passed_nominations(session, body)
    returned = returned_entries(session, body)
    if not nominations and not returned:
        raise ActionRefused(
            "Phiên họp «{}» không còn kết quả nào cần trình {}.".format(
                session, HigherBody(body).label
            )
        )
    # Locking the organisation row serialises numbering: no two drafts take the same number.
    Organization.objects.select_for_update().get(pk=session.organization_id)
    day = dated_on or timezone.localdate()
    if refusal := instruments.not_covered(day, "Ngày tờ trình"):
        raise ActionRefused(refusal)
    proposal = Proposal(
        organization_id=session.organization_id, year=session.year, body=body,
        number=next_number(session.organization_id, day.year), number_year=day.year,
        dated_on=day, session=session, drafted_by=acting_user,
    )  # fmt: skip
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                proposal.save()
                for position, nomination in enumerate(nominations, 1):
                    ProposalEntry.objects.create(
                        proposal=proposal, person_id=nomination.person_id,
                        unit_id=nomination.unit_id, title=nomination.passed_title,
                        nomination=nomination, position=position,
                    )  # fmt: skip
                for position, old in enumerate(returned, len(nominations) + 1):
                    ProposalEntry.objects.create(
                        proposal=proposal, person_id=old.person_id, unit_id=old.unit_id,
                        title=old.title, replaces=old, position=position,
                    )  # fmt: skip
        except IntegrityError:
            raise ActionRefused(
                "Kết quả này vừa được đưa vào một tờ trình khác; tải lại trang."
            ) from None
    return proposal


def sign_date_refusal(proposal: Proposal, day: date) -> str:
    """Return why `day` cannot be the tờ trình's date ("" if it can): not in the future, not
    before the year it proposes for, not before the day the council met (reads the session)."""
    if day > timezone.localdate():
        return "Ngày tờ trình {:%d/%m/%Y} ở tương lai; chỉ ghi ngày đã ký.".format(day)
    if day.year < proposal.year:
        return (
            "Ngày tờ trình {:%d/%m/%Y} thuộc năm {}, trước năm xét khen thưởng {}: tờ trình đề "
            "nghị khen thưởng năm {} chỉ ký từ năm {} trở đi.".format(
                day, day.year, proposal.year, proposal.year, proposal.year
            )
        )
    met = session_day(proposal.session)
    if day < met:
        return (
            "Ngày tờ trình {:%d/%m/%Y} trước ngày Hội đồng họp: Hội đồng Thi đua – Khen thưởng "
            "năm {} họp phiên «{}» ngày {:%d/%m/%Y}; tờ trình dựa vào kết quả của phiên họp nên "
            "không ký trước ngày đó được.".format(
                day, proposal.session.year, proposal.session.name, met
            )
        )
    return instruments.not_covered(day, "Ngày tờ trình") or ""


def sign_number(proposal: Proposal, day: date) -> int:
    """Return the number a draft takes when signed on `day`: its own while its number's year is
    the signing year (it was reserved at drafting), else the next free one of that year."""
    if day.year == proposal.number_year:
        return proposal.number
    return next_number(proposal.organization_id, day.year)


@transaction.atomic
def do_send_proposal(
    proposal: Proposal, *, sent_on: date | None = None, number: int | None = None, acting_user
) -> Proposal:
    """The principal signs and sends a draft on `sent_on` (default today), the tờ trình's
    date, under `number` (default: its own, or the next free one of the signing year)."""
    proposal = _locked(proposal)
    PROPOSAL_FLOW.require_permission(acting_user, ProposalState.SENT, proposal)
    refused = "Tờ trình {} đã ở trạng thái «{}»; không gửi lại được.".format(
        proposal.document_number, proposal.get_state_display()
    )
    PROPOSAL_FLOW.require_move(proposal.state, ProposalState.SENT, refused=refused)
    if not proposal.entries.exists():
        raise ActionRefused("Tờ trình chưa có ai được đề nghị.")
    _require_valid_session(proposal)
    day = sent_on or timezone.localdate()
    if refusal := sign_date_refusal(proposal, day):
        raise ActionRefused(refusal)
    # Locking the organisation row serialises numbering with the drafts and other signings.
    Organization.objects.select_for_update().get(pk=proposal.organization_id)
    if number in (None, ""):
        # Drafted in one year, signed in the next: it takes the next number of the new year.
        number = sign_number(proposal, day)
    else:
        number = int(number)
        if number < 1:
            raise ActionRefused("Số tờ trình {} không hợp lệ.".format(number))
        clash = (
            Proposal.objects.filter(
                organization_id=proposal.organization_id, number_year=day.year, number=number
            )
            .exclude(pk=proposal.pk)
            .select_related("organization")
            .first()
        )
        if clash is not None:
            raise ActionRefused(
                "Số tờ trình {} đã được dùng trong năm {} (tờ trình {}, ngày {:%d/%m/%Y}); "
                "chọn số khác.".format(number, day.year, clash.document_number, clash.dated_on)
            )
    proposal.number = number
    proposal.number_year = day.year
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                PROPOSAL_FLOW.move(proposal, ProposalState.SENT, acting_user=acting_user,
                                   signer=acting_user, sent_on=day, dated_on=day)  # fmt: skip
        except IntegrityError:
            raise ActionRefused(
                "Số tờ trình {} vừa được dùng trong năm {}; chọn số khác.".format(number, day.year)
            ) from None
    # To a body an organisation of this installation receives for: it arrives in that inbox.
    from thidua.proposals.inbox import arrive

    arrive(proposal, acting_user=acting_user)
    return proposal


def _require_valid_session(proposal: Proposal) -> None:
    """Refuse when the council's results the proposal rests on were annulled (reads the
    session: one query if not loaded)."""
    session = proposal.session
    if session.state == SessionState.ANNULLED:
        raise ActionRefused(
            "Kết quả phiên họp «{}» mà tờ trình {} dựa vào đã bị huỷ ({}); không gửi, không ghi "
            "kết quả được. Lập tờ trình mới sau phiên bỏ phiếu lại.".format(
                session, proposal.document_number, session.annul_reason
            )
        )


@dataclass(frozen=True)
class EntryAnswer:
    """The higher body's answer for one entry: granted (with its decision's number, date and
    issuer) or not (with an optional reason)."""

    entry: ProposalEntry
    granted: bool
    decision_number: str = ""
    decided_on: date | None = None
    issued_by: str = ""
    reason: str = ""


def _require_answerable(proposal: Proposal, acting_user) -> None:
    """Refuse a user who may not record the higher level's answer (first), or a tờ trình not
    waiting for one (PROPOSAL_FLOW: only a sent one moves to an answered state). A tờ trình
    received by an organisation of the installation is answered there, not by its agency."""
    receipt = (
        Receipt.objects.filter(proposal=proposal).select_related("receiver").defer("dossier")
        .first()
    )  # fmt: skip
    if receipt is not None and getattr(acting_user, "organization_id", None) != receipt.receiver_id:
        raise NotAllowed(
            "Tờ trình {} đã đến {}; kết quả của từng dòng do {} ghi.".format(
                receipt.document_number, receipt.receiver.name, receipt.receiver.name
            )
        )
    PROPOSAL_FLOW.require_permission(acting_user, ProposalState.APPROVED, proposal)
    refused = "Tờ trình {} đang ở trạng thái «{}»; chỉ ghi kết quả cho tờ trình đã gửi.".format(
        proposal.document_number, proposal.get_state_display()
    )
    PROPOSAL_FLOW.require_move(proposal.state, ProposalState.APPROVED, refused=refused)


def _decision_used_elsewhere(proposal: Proposal, number: str) -> Proposal | None:
    """Return another tờ trình of the same body and year one of whose entries (or, for an
    answer recorded before entries had their own, the tờ trình itself) this decision number
    already answered. Compared case-folded in Python: SQLite's iexact folds ASCII only ("qđ" ≠
    "QĐ"), and symbols keep their own case ("15/QĐ-TTg"), so stored numbers are not upper-cased."""
    same = {"organization_id": proposal.organization_id, "body": proposal.body,
            "year": proposal.year}  # fmt: skip
    folded = number.casefold()
    entries = (
        ProposalEntry.objects.filter(**{"proposal__" + k: v for k, v in same.items()})
        .exclude(proposal=proposal)
        .exclude(decision_number="")
        .select_related("proposal__organization")
    )
    for entry in entries:
        if entry.decision_number.casefold() == folded:
            return entry.proposal
    others = Proposal.objects.filter(**same).exclude(decision_number="").exclude(pk=proposal.pk)
    for other in others.select_related("organization"):
        if other.decision_number.casefold() == folded:
            return other
    return None


def _check_answers(proposal: Proposal, answers: list[EntryAnswer], today: date) -> None:
    """Refuse answers that cannot stand, naming the entry and the field, before any write."""
    if not answers:
        raise ActionRefused("Chưa chọn kết quả cho dòng nào của tờ trình.")
    seen = set()
    numbers = {}
    for entry in proposal.entries.exclude(decision_number=""):
        numbers.setdefault(entry.decision_number.casefold(), entry.decided_on)
    checked = set()
    for answer in answers:
        entry = answer.entry
        name = "{} ({})".format(entry.subject_name, entry.get_title_display())
        if entry.proposal_id != proposal.pk:
            raise ActionRefused("{} không có trong tờ trình {}.".format(name,
                                proposal.document_number))  # fmt: skip
        if entry.pk in seen:
            raise FieldRefused("{}: ghi hai kết quả cho một dòng.".format(name), field="entry")
        seen.add(entry.pk)
        if entry.outcome != EntryOutcome.PENDING:
            raise FieldRefused(
                "{}: đã ghi kết quả «{}» ngày {:%d/%m/%Y}; không ghi lại được.".format(
                    name, entry.get_outcome_display().lower(), entry.answered_on or today
                ),
                field="granted",
            )
        if not answer.granted:
            continue
        if not answer.decision_number:
            raise FieldRefused("{}: cần số quyết định của cấp trên.".format(name),
                               field="decision_number")  # fmt: skip
        if answer.decided_on is None:
            raise FieldRefused("{}: cần ngày quyết định của cấp trên.".format(name),
                               field="decided_on")  # fmt: skip
        if not answer.issued_by:
            raise FieldRefused("{}: cần cơ quan quyết định.".format(name), field="issued_by")
        if answer.decided_on > today:
            raise FieldRefused(
                "{}: ngày quyết định {:%d/%m/%Y} ở tương lai; chỉ ghi quyết định đã ký.".format(
                    name, answer.decided_on
                ),
                field="decided_on",
            )
        if answer.decided_on < proposal.dated_on:
            raise FieldRefused(
                "{}: ngày quyết định {:%d/%m/%Y} trước ngày tờ trình {} ({:%d/%m/%Y}); cấp "
                "trên quyết định sau khi nhận tờ trình.".format(
                    name, answer.decided_on, proposal.document_number, proposal.dated_on
                ),
                field="decided_on",
            )
        folded = answer.decision_number.casefold()
        known = numbers.setdefault(folded, answer.decided_on)
        if known != answer.decided_on:
            raise FieldRefused(
                "{}: quyết định số {} đã được ghi với ngày {:%d/%m/%Y}; một quyết định chỉ có "
                "một ngày.".format(name, answer.decision_number, known),
                field="decided_on",
            )
        if folded not in checked:
            checked.add(folded)
            used = _decision_used_elsewhere(proposal, answer.decision_number)
            if used is not None:
                raise FieldRefused(
                    "Quyết định số {} của {} năm {} đã được ghi cho tờ trình {}.".format(
                        answer.decision_number, proposal.get_body_display(), proposal.year,
                        used.document_number,
                    ),
                    field="decision_number",
                )  # fmt: skip


def _conclude(proposal: Proposal, today: date) -> str | None:
    """Return the tờ trình's state once every entry is answered or returned (None before):
    approved, partly approved, rejected or (every entry returned) returned, setting the one
    decision that granted, when there is one (the caller moves it). A returned entry is closed
    for this tờ trình: it may go again in a supplementary one, never wait here."""
    rows = proposal.entries.values_list("outcome", "decision_number", "decided_on", "issued_by",
                                        "refusal_reason", "received__returned_on")  # fmt: skip
    outcomes, returned = [], 0
    for row in rows:
        if row[5] is not None:
            returned += 1
        else:
            outcomes.append(row[:5])
    if any(row[0] == EntryOutcome.PENDING for row in outcomes):
        return None
    if returned and not outcomes:
        proposal.answered_on = today
        return ProposalState.RETURNED
    granted = [row for row in outcomes if row[0] == EntryOutcome.GRANTED]
    if not granted:
        state = ProposalState.REJECTED
        if not proposal.rejection_reason:
            reasons = dict.fromkeys(row[4] for row in outcomes if row[4])
            proposal.rejection_reason = "; ".join(reasons)
    else:
        whole = len(granted) == len(outcomes) and not returned
        state = ProposalState.APPROVED if whole else ProposalState.PARTIAL
        decisions = {(row[1].casefold(), row[2]) for row in granted}
        if len(decisions) == 1:
            # One decision answered the whole tờ trình: it is the tờ trình's decision.
            proposal.decision_number, proposal.decided_on, proposal.issued_by = granted[0][1:4]
    proposal.answered_on = today
    return state


def settle_after_return(proposal: Proposal, *, acting_user) -> None:
    """Move a sent tờ trình to its answered state once its last waiting entry was returned
    (called by the receiving office's return actions, inside their transaction)."""
    proposal = _locked(proposal)
    if proposal.state != ProposalState.SENT:
        return
    answered = _conclude(proposal, timezone.localdate())
    if answered is not None:
        PROPOSAL_FLOW.move(proposal, answered, acting_user=acting_user)


@transaction.atomic
def do_record_answers(proposal: Proposal, answers, *, acting_user) -> list[Award]:
    """Record the higher body's answer for some entries of a sent tờ trình; the others wait.

    A granted entry writes one award into the register (source: the higher body), refused if
    the register already holds it; a refused one writes nothing and keeps its reason. When
    every entry is answered the tờ trình is approved, partly approved or rejected. One decision
    number of a body and year answers one tờ trình only (several of its entries may share it).
    """
    proposal = _locked(proposal)
    _require_answerable(proposal, acting_user)
    today = timezone.localdate()
    answers = [
        EntryAnswer(
            # of=self: PostgreSQL locks no row of the nullable side of the subject joins.
            entry=ProposalEntry.objects.select_for_update(of=("self",))
            .select_related("person", "unit").get(pk=a.entry.pk),
            granted=bool(a.granted), decision_number=text.clean(a.decision_number),
            decided_on=a.decided_on, issued_by=text.clean(a.issued_by),
            reason=(a.reason or "").strip(),
        )
        for a in answers
    ]  # fmt: skip
    if any(a.granted for a in answers):
        _require_valid_session(proposal)
    _check_answers(proposal, answers, today)
    granted = [a for a in answers if a.granted]
    refuse_awards_already_held(proposal.organization_id, proposal.year,
                               [a.entry for a in granted])  # fmt: skip
    awards = []
    with set_actor(acting_user):
        for answer in answers:
            entry = answer.entry
            entry.answered_on = today
            if answer.granted:
                entry.outcome = EntryOutcome.GRANTED
                entry.decision_number = answer.decision_number
                entry.decided_on = answer.decided_on
                entry.issued_by = answer.issued_by
                entry.award = Award.objects.create(
                    organization_id=proposal.organization_id, person_id=entry.person_id,
                    unit_id=entry.unit_id, year=proposal.year, code=entry.title,
                    source=AwardSource.HIGHER_BODY, decision_number=answer.decision_number,
                    decided_on=answer.decided_on, issued_by=answer.issued_by,
                )  # fmt: skip
                awards.append(entry.award)
            else:
                entry.outcome = EntryOutcome.REFUSED
                entry.refusal_reason = answer.reason
            entry.save()
        answered = _conclude(proposal, today)
        try:
            with transaction.atomic():
                if answered is None:
                    proposal.save()
                else:
                    PROPOSAL_FLOW.move(proposal, answered, acting_user=acting_user)
        except IntegrityError:
            raise ActionRefused(
                "Quyết định số {} đã được ghi cho một tờ trình khác.".format(
                    proposal.decision_number
                )
            ) from None
    return awards


def _pending(proposal: Proposal) -> list[ProposalEntry]:
    return list(proposal.entries.filter(outcome=EntryOutcome.PENDING))


@transaction.atomic
def do_record_approval(
    proposal: Proposal, *, decision_number: str, decided_on: date, issued_by: str, acting_user
) -> list[Award]:
    """Record one decision of the higher level granting every entry still waiting for an
    answer: the shortcut of `do_record_answers` for the common "all granted"."""
    proposal = _locked(proposal)
    _require_answerable(proposal, acting_user)
    _require_valid_session(proposal)
    decision_number, issued_by = text.clean(decision_number), text.clean(issued_by)
    if not decision_number or decided_on is None or not issued_by:
        raise ActionRefused("Cần số, ngày quyết định và cơ quan quyết định của cấp trên.")
    answers = [
        EntryAnswer(entry, True, decision_number, decided_on, issued_by)
        for entry in _pending(proposal)
    ]
    return do_record_answers(proposal, answers, acting_user=acting_user)


@transaction.atomic
def do_record_rejection(proposal: Proposal, *, reason: str, acting_user) -> Proposal:
    """Record that the higher level granted none of the entries still waiting, with its reason:
    the shortcut of `do_record_answers` for "none granted"."""
    proposal = _locked(proposal)
    _require_answerable(proposal, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Cần ghi lý do cấp trên không chấp thuận.")
    answers = [EntryAnswer(entry, False, reason=reason) for entry in _pending(proposal)]
    do_record_answers(proposal, answers, acting_user=acting_user)
    proposal.refresh_from_db()
    return proposal


def routes_of(session: CouncilSession) -> list[dict]:
    """Return, per higher body, the session's results still waiting for a proposal and the
    returned entries waiting to be sent again."""
    waiting = passed_nominations(session)
    returned = returned_entries(session)
    rows = []
    for body in HigherBody:
        mine = [n for n in waiting if body_for(n.passed_title) == body]
        again = [e for e in returned if e.proposal.body == body]
        if mine or again:
            rows.append({"body": body.value, "label": body.label, "nominations": mine,
                         "returned": again})  # fmt: skip
    return rows
