"""Business actions of proposals: one transaction each, audited with the acting user.

The secretary drafts a proposal from a closed session's results and records the higher level's
answer; the principal signs and sends it. Approval writes the award register, once.
"""

from datetime import date

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from thidua.awards.checks import refuse_awards_already_held
from thidua.awards.models import Award, AwardSource
from thidua.core import text
from thidua.core.actions import ActionRefused, locked, require
from thidua.core.choices import TitleCode
from thidua.council.models import CouncilSession, Nomination, NominationState, SessionState
from thidua.council.results import passed_title
from thidua.organization.models import Organization
from thidua.proposals.models import Proposal, ProposalEntry, ProposalState
from thidua.proposals.routing import HigherBody, body_for
from thidua.rules import instruments


def _require_secretary(user, organization_id: int) -> None:
    message = "Chỉ thường trực Hội đồng được lập tờ trình và ghi kết quả của cấp trên."
    require(user, organization_id, "secretary", "admin", message=message)


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
    that; a CSTĐ tỉnh nominee passed at CSTĐCS goes into the school's decision instead."""
    outcome = passed_titles(session)
    chosen = []
    for item in session.items.select_related("nomination__person", "nomination__unit").filter(
        nomination__proposal_entry__isnull=True
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
    """Draft a tờ trình to `body` listing what a closed, valid session passed for its titles."""
    session = locked(session)
    _require_secretary(acting_user, session.organization_id)
    if body not in HigherBody.values:
        raise ActionRefused("Cấp trình không hợp lệ.")
    if session.state == SessionState.OPEN:
        raise ActionRefused("Phiên họp «{}» chưa kết thúc; chưa lập tờ trình được.".format(session))
    if session.state == SessionState.ANNULLED:
        raise ActionRefused(
            "Kết quả phiên họp «{}» đã bị huỷ; không lập tờ trình được.".format(session)
        )
    nominations = passed_nominations(session, body)
    if not nominations:
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
        except IntegrityError:
            raise ActionRefused(
                "Kết quả này vừa được đưa vào một tờ trình khác; tải lại trang."
            ) from None
    return proposal


@transaction.atomic
def do_send_proposal(proposal: Proposal, *, sent_on: date | None = None, acting_user) -> Proposal:
    """The principal signs and sends a draft: it takes the sending day as its date."""
    proposal = _locked(proposal)
    require(acting_user, proposal.organization_id, "principal",
             message="Chỉ Hiệu trưởng ký và gửi tờ trình.")  # fmt: skip
    if proposal.state != ProposalState.DRAFT:
        raise ActionRefused(
            "Tờ trình {} đã ở trạng thái «{}»; không gửi lại được.".format(
                proposal.document_number, proposal.get_state_display()
            )
        )
    if not proposal.entries.exists():
        raise ActionRefused("Tờ trình chưa có ai được đề nghị.")
    _require_valid_session(proposal)
    day = sent_on or timezone.localdate()
    if refusal := instruments.not_covered(day, "Ngày gửi tờ trình"):
        raise ActionRefused(refusal)
    if day.year != proposal.number_year:
        # Drafted in one year, signed in the next: it takes the next number of the new year.
        Organization.objects.select_for_update().get(pk=proposal.organization_id)
        proposal.number = next_number(proposal.organization_id, day.year)
        proposal.number_year = day.year
    with set_actor(acting_user):
        proposal.state = ProposalState.SENT
        proposal.signer = acting_user
        proposal.sent_on = day
        proposal.dated_on = day
        proposal.save()
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


def _require_sent(proposal: Proposal) -> None:
    if proposal.state != ProposalState.SENT:
        raise ActionRefused(
            "Tờ trình {} đang ở trạng thái «{}»; chỉ ghi kết quả cho tờ trình đã gửi.".format(
                proposal.document_number, proposal.get_state_display()
            )
        )


@transaction.atomic
def do_record_approval(
    proposal: Proposal, *, decision_number: str, decided_on: date, issued_by: str, acting_user
) -> list[Award]:
    """Record the higher level's decision and write one award per entry into the register.

    Refused twice over: a proposal already answered, and a decision number this body already
    answered another proposal of the year with (also a constraint, for two requests at once).
    """
    proposal = _locked(proposal)
    _require_secretary(acting_user, proposal.organization_id)
    _require_sent(proposal)
    _require_valid_session(proposal)
    decision_number = text.clean(decision_number)
    issued_by = text.clean(issued_by)
    if not decision_number or decided_on is None or not issued_by:
        raise ActionRefused("Cần số, ngày quyết định và cơ quan quyết định của cấp trên.")
    if proposal.sent_on and decided_on < proposal.sent_on:
        raise ActionRefused("Ngày quyết định không thể trước ngày gửi tờ trình.")
    if decided_on > timezone.localdate():
        raise ActionRefused("Ngày quyết định không thể ở tương lai.")
    # Compared case-folded in Python: SQLite's iexact folds ASCII only ("qđ" ≠ "QĐ"), and
    # symbols keep their own case ("15/QĐ-TTg"), so the stored number is not upper-cased.
    others = (
        Proposal.objects.filter(
            organization_id=proposal.organization_id, body=proposal.body, year=proposal.year
        )
        .exclude(decision_number="")
        .exclude(pk=proposal.pk)
        .select_related("organization")
    )
    used = [p for p in others if p.decision_number.casefold() == decision_number.casefold()]
    if used:
        raise ActionRefused(
            "Quyết định số {} của {} năm {} đã được ghi cho tờ trình {}.".format(
                decision_number, proposal.get_body_display(), proposal.year,
                used[0].document_number,
            )
        )  # fmt: skip
    entries = list(proposal.entries.select_related("person", "unit"))
    refuse_awards_already_held(proposal.organization_id, proposal.year, entries)
    proposal.state = ProposalState.APPROVED
    proposal.decision_number = decision_number
    proposal.decided_on = decided_on
    proposal.issued_by = issued_by
    proposal.answered_on = timezone.localdate()
    awards = [
        Award(
            organization_id=proposal.organization_id, person_id=e.person_id, unit_id=e.unit_id,
            year=proposal.year, code=e.title, source=AwardSource.HIGHER_BODY,
            decision_number=decision_number, decided_on=decided_on, issued_by=issued_by,
        )
        for e in entries
    ]  # fmt: skip
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:
            raise ActionRefused(
                "Quyết định số {} đã được ghi cho một tờ trình khác.".format(decision_number)
            ) from None
        for award in awards:
            award.save()  # one by one: each is audited
    return awards


@transaction.atomic
def do_record_rejection(proposal: Proposal, *, reason: str, acting_user) -> Proposal:
    """Record that the higher level did not approve the proposal, with its reason."""
    proposal = _locked(proposal)
    _require_secretary(acting_user, proposal.organization_id)
    _require_sent(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Cần ghi lý do cấp trên không chấp thuận.")
    with set_actor(acting_user):
        proposal.state = ProposalState.REJECTED
        proposal.rejection_reason = reason
        proposal.answered_on = timezone.localdate()
        proposal.save()
    return proposal


def routes_of(session: CouncilSession) -> list[dict]:
    """Return, per higher body, how many of the session's results still wait for a proposal."""
    waiting = passed_nominations(session)
    rows = []
    for body in HigherBody:
        mine = [n for n in waiting if body_for(n.passed_title) == body]
        if mine:
            rows.append({"body": body.value, "label": body.label, "nominations": mine})
    return rows
