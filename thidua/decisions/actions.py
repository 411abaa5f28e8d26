"""Business actions of award decisions: draft from a council session, issue (number, register,
initiative claims), revoke. One transaction each, audited with the acting user."""

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from thidua.accounts.models import Role, RoleGrant
from thidua.awards.actions import AwardData, do_add_award
from thidua.awards.checks import refuse_awards_already_held
from thidua.awards.models import Award, AwardSource
from thidua.core.actions import ActionRefused, locked, require_perm
from thidua.core.audit import set_actor
from thidua.core.choices import TitleCode
from thidua.council.actions import publication_refusal
from thidua.council.models import CouncilSession, Nomination, SessionState
from thidua.council.results import passed_title, session_day
from thidua.decisions.hooks import date_check_refusal, decision_revoked
from thidua.decisions.models import (
    DECISION_FLOW,
    DECISION_TYPE,
    SCHOOL_TITLES,
    Decision,
    DecisionCounter,
    DecisionEntry,
    DecisionState,
    outside_authority_message,
)
from thidua.evidence.models import Initiative, InitiativeClaim
from thidua.rules import authority, instruments
from thidua.rules.history import claim_blocks

# The order titles are listed in: the higher individual title first, then the collectives.
TITLE_ORDER = {code: index for index, code in enumerate(authority.DECISION_ORDER)}
# The rule the claims follow (evidence.models.InitiativeClaim).
CLAIMED_TITLE = "CSTD_CS"


# Printed when the organisation has not recorded the instrument of its head's authority.
AUTHORITY_BLANK = (
    "……………………………………… (văn bản quy định chức năng, nhiệm vụ, quyền hạn của {})"
)


def default_legal_bases(organization, day: date) -> str:
    """Return the usual "Căn cứ …" lines of the instruments in force on `day` (editable): the
    law and its decree from the instrument calendar (thidua.rules.instruments), then the
    organisation's own regulation and its council's proposal. First, the instrument that gives
    the head authority (the organisation's founding decision or regulation), or a marked blank
    for the văn thư to fill when the organisation has not recorded it."""
    own = (organization.authority_instrument or "").strip().rstrip(";.")
    return "\n".join(
        ["Căn cứ {};".format(own or AUTHORITY_BLANK.format(organization.name))]
        + ["Căn cứ {};".format(instrument.basis) for instrument in instruments.bases_on(day)]
        + [
            "Căn cứ Quy chế thi đua, khen thưởng của {};".format(organization.name),
            "Xét đề nghị của Hội đồng Thi đua – Khen thưởng {}.".format(organization.name),
        ]
    )


def is_default_legal_bases(organization, text: str) -> bool:
    """Tell whether `text` is one period's default, untouched (then issuing may replace it)."""
    text = text.strip()
    return any(
        text == default_legal_bases(organization, day) for day in instruments.change_days()
    )


def principal_name(organization) -> str:
    """Return the name of the organisation's principal, from a principal account's person."""
    grant = (
        RoleGrant.objects.filter(
            role=Role.PRINCIPAL, organization=organization, user__is_active=True,
            user__person__isnull=False,
        )
        .select_related("user__person")
        .order_by("pk")
        .first()
    )  # fmt: skip
    return grant.user.person.display_name if grant else ""


def _entry_key(nomination: Nomination, title: str = ""):
    person = nomination.person
    return (
        TITLE_ORDER.get(title or nomination.title, 99),
        0 if person else 1,
        person.sort_key if person else nomination.subject_name,  # a unit, or the school itself
        nomination.pk,
    )


@transaction.atomic
def do_draft_decision_from_session(
    session: CouncilSession, *, titles=None, acting_user, **fields
) -> Decision:
    """Draft a decision listing what a closed session passed within the school's authority.

    `titles` limits the titles (one decision per title is common); results already in a draft
    or issued decision are left out, so the same award cannot be decided twice.
    """
    session = locked(session)
    require_perm(
        acting_user, "decisions.draft_decisions", session,
        message="Chỉ thường trực Hội đồng hoặc Hiệu trưởng soạn được quyết định.",
    )  # fmt: skip
    if session.state == SessionState.ANNULLED:
        raise ActionRefused(
            "Kết quả phiên họp «{}» đã bị huỷ ({}); không soạn quyết định được.".format(
                session.name, session.annul_reason
            )
        )
    if session.state != SessionState.CLOSED:
        raise ActionRefused("Phiên họp «{}» chưa kết thúc; chưa có kết quả.".format(session.name))
    wanted = set(titles or SCHOOL_TITLES)
    for code in wanted - set(SCHOOL_TITLES):
        raise ActionRefused(outside_authority_message(code))
    # The title each passed at: its own, or the lower one the council agreed to (a CSTĐ tỉnh
    # nominee passed at CSTĐCS is the school's to decide, not a proposal's).
    passed = {
        row["nomination"]: passed_title(row)
        for row in session.results.get("items", [])
        if row["passed"] and not row.get("over_quota") and passed_title(row) in wanted
    }
    taken = set(
        DecisionEntry.objects.filter(nomination_id__in=passed)
        .exclude(decision__state=DecisionState.REVOKED)
        .values_list("nomination_id", flat=True)
    )
    nominations = sorted(
        # Another organisation's nominee (a received tờ trình's entry) is not this
        # organisation's to decide here: its award goes to its agency's register.
        Nomination.objects.filter(pk__in=set(passed) - taken, outside_organization__isnull=True)
        .select_related("person", "unit"),
        key=lambda n: _entry_key(n, passed[n.pk]),
    )
    if not nominations:
        raise ActionRefused(
            "Phiên họp không còn kết quả nào thuộc thẩm quyền Hiệu trưởng chưa có quyết định."
        )
    organization = session.organization
    decision = Decision(
        organization=organization,
        year=session.year,
        symbol="{}/{}".format(DECISION_TYPE, organization.abbreviation),
        place=fields.get("place") or organization.place_name,
        signer_name=fields.get("signer_name") or principal_name(organization),
        signer_position=fields.get("signer_position") or "Hiệu trưởng",
        # The principal signs later; issuing re-cites the instruments in force on that day.
        legal_bases=fields.get("legal_bases")
        or default_legal_bases(organization, timezone.localdate()),
        titles=sorted({passed[n.pk] for n in nominations}, key=lambda c: TITLE_ORDER.get(c, 99)),
        session=session,
        created_by=acting_user,
    )
    with set_actor(acting_user):
        decision.full_clean()
        decision.save()
        DecisionEntry.objects.bulk_create(
            DecisionEntry(decision=decision, person=n.person, unit=n.unit, title=passed[n.pk],
                          nomination=n, position=position)
            for position, n in enumerate(nominations, 1)
        )  # fmt: skip
    return decision


# What a line added by hand (not from a council result) may award: what needs no ballot.
MANUAL_TITLES = authority.WITHOUT_BALLOT


@transaction.atomic
def do_add_entry(
    decision: Decision, title: str, *, person=None, unit=None, acting_user
) -> DecisionEntry:
    """Add a Giấy khen line for a person or a unit to a draft, outside the council's results."""
    decision = locked(decision)
    require_perm(acting_user, "decisions.edit_draft", decision,
                 message="Chỉ thường trực Hội đồng hoặc Hiệu trưởng sửa được dự thảo.")  # fmt: skip
    if decision.state != DecisionState.DRAFT:
        raise ActionRefused("Quyết định đã ban hành; không sửa danh sách được.")
    if title not in SCHOOL_TITLES:
        raise ActionRefused(outside_authority_message(title))
    if title not in MANUAL_TITLES:
        raise ActionRefused(
            "Danh hiệu «{}» chỉ vào quyết định theo kết quả bình xét của Hội đồng; ngoài phiên "
            "họp chỉ thêm được Giấy khen.".format(TitleCode(title).label)
        )
    if (person is None) == (unit is None):
        raise ActionRefused("Giấy khen thêm vào danh sách dành cho một cán bộ hoặc một tập thể.")
    subject = person or unit
    if subject.organization_id != decision.organization_id:
        raise ActionRefused("Chỉ khen thưởng cán bộ, tập thể của cơ quan mình.")
    position = (decision.entries.aggregate(m=Max("position"))["m"] or 0) + 1
    entry = DecisionEntry(decision=decision, person=person, unit=unit, title=title,
                          position=position)  # fmt: skip
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            raise ActionRefused(
                "{} đã có trong danh sách với danh hiệu này.".format(entry.subject_name)
            ) from None
        if title not in decision.titles:
            decision.titles = sorted(
                [*decision.titles, title], key=lambda c: TITLE_ORDER.get(c, 99)
            )
            decision.save()
    return entry


def parse_number(raw) -> int | None:
    """Return the sequence number of "15", "15/QĐ-TCTTP" or "15-QĐ/TCTTP"; None if it has none."""
    text = str(raw or "").strip()
    digits = ""
    for char in text:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else None


def _next_number(decision: Decision, day: date, wanted: int | None) -> int:
    """Take the next number of the organisation's calendar year of `day`, or `wanted` if free.

    The counter row is locked for the rest of the transaction: a second issue waits here until
    the first commits, then reads its number (PostgreSQL READ COMMITTED re-reads the row).
    """
    counter, _ = DecisionCounter.objects.get_or_create(
        organization_id=decision.organization_id, year=day.year
    )
    counter = DecisionCounter.objects.select_for_update().get(pk=counter.pk)
    used = Decision.objects.filter(
        organization_id=decision.organization_id, number_year=day.year, number__isnull=False
    )
    if wanted is not None:
        clash = used.filter(number=wanted).first()
        if clash is not None:
            raise ActionRefused(
                "Số {} đã được dùng cho quyết định ngày {:%d/%m/%Y} ({}); chọn số khác.".format(
                    clash.document_number, clash.decided_on, clash.get_state_display().lower()
                )
            )
        number = wanted
    else:
        number = max(counter.last_number, used.aggregate(m=Max("number"))["m"] or 0) + 1
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    return number


def _left_before(entries, day: date) -> list[str]:
    return [
        "{} (thôi việc từ {:%d/%m/%Y})".format(e.person.full_name, e.person.left_on)
        for e in entries
        if e.person_id and e.person.left_on is not None and e.person.left_on <= day
    ]


def _claim_initiatives(entry: DecisionEntry, year: int) -> list[int]:
    """Claim the initiatives of the year a CSTĐCS relied on; return their keys.

    Công văn 5007/BNV-TĐKT năm 2023, mục III.5.c: one initiative backs one award proposal; one
    used for a title is not used for a form of commendation, nor the reverse; a later, higher
    title may use it again. The engine's rule (rules.history.claim_blocks) reads the person's
    own claims of each initiative; a claim of the same title and year already there is left as
    it is (it is not this decision's to write or, on revocation, to delete). A snapshot whose
    initiative criterion failed (the title came through HTXS or research) claims nothing.
    """
    snapshot = entry.nomination.explanation if entry.nomination_id else {}
    if any(
        c.get("route") == "sang_kien" and c.get("passed") is False
        for c in snapshot.get("criteria", ())
    ):
        return []
    claims = defaultdict(set)
    for initiative_id, title, claim_year in InitiativeClaim.objects.filter(
        person=entry.person
    ).values_list("initiative_id", "title", "year"):
        claims[initiative_id].add((title, claim_year))
    candidates = (
        Initiative.objects.verified()
        .filter(authorships__person=entry.person, year=year)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    pks = [
        pk
        for pk in candidates
        if (entry.title, year) not in claims[pk] and not claim_blocks(claims[pk], entry.title, year)
    ]
    InitiativeClaim.objects.bulk_create(
        InitiativeClaim(initiative_id=pk, person=entry.person, title=entry.title, year=year)
        for pk in pks
    )
    return pks


def _release_initiatives(entry: DecisionEntry, year: int) -> None:
    """Delete the claims a revoked line wrote, one by one so each deletion is audited."""
    for claim in InitiativeClaim.objects.filter(
        person_id=entry.person_id, title=entry.title, year=year,
        initiative_id__in=entry.claimed_initiatives,
    ):  # fmt: skip
        claim.delete()


def date_refusal(decision: Decision, day: date) -> str:
    """Return why `day` cannot be the decision's date ("" if it can): not before the year it
    rewards, not before the day the council met on the results it decides (reads the session:
    one query if not loaded), nor before what the apps above register (decisions.hooks). The
    future is the caller's check."""
    if decision.session_id:
        met = session_day(decision.session)
        if day < met:
            return (
                "Ngày quyết định {:%d/%m/%Y} trước ngày Hội đồng họp: Hội đồng Thi đua – Khen "
                "thưởng năm {} họp phiên «{}» ngày {:%d/%m/%Y}; quyết định dựa vào kết quả của "
                "phiên họp nên không ký trước ngày đó được.".format(
                    day, decision.session.year, decision.session.name, met
                )
            )
    if day.year < decision.year:
        return (
            "Ngày quyết định {:%d/%m/%Y} thuộc năm {}, trước năm xét khen thưởng {}: quyết định "
            "khen thưởng năm {} chỉ ký từ năm {} trở đi.".format(
                day, day.year, decision.year, decision.year, decision.year
            )
        )
    # What the apps above add (decisions.hooks): a phase's decision not before its summary.
    return date_check_refusal(decision, day)


def preview_number(decision: Decision, day: date) -> int:
    """Return the number issuing on `day` would take (reads only; the lock is the issuer's)."""
    last = (
        DecisionCounter.objects.filter(organization_id=decision.organization_id, year=day.year)
        .values_list("last_number", flat=True)
        .first()
    )
    used = Decision.objects.filter(
        organization_id=decision.organization_id, number_year=day.year, number__isnull=False
    ).aggregate(m=Max("number"))["m"]
    return max(last or 0, used or 0) + 1


@transaction.atomic
def do_issue_decision(
    decision: Decision,
    *,
    decided_on: date | None = None,
    number=None,
    signer_name: str = "",
    acting_user,
) -> Decision:
    """Sign and issue a draft: take its number, write one award per line to the register and
    claim the initiatives of the CSTĐCS lines. Only the principal issues."""  # fmt: skip
    decision = locked(decision, "organization")
    DECISION_FLOW.require_permission(acting_user, DecisionState.ISSUED, decision)
    refused = "{} đã ở trạng thái «{}»; không ban hành lại được.".format(
        decision, decision.get_state_display().lower()
    )
    DECISION_FLOW.require_move(decision.state, DecisionState.ISSUED, refused=refused)
    if decision.session_id and decision.session.state == SessionState.ANNULLED:
        raise ActionRefused(
            "Kết quả phiên họp «{}» đã bị huỷ; bỏ dự thảo này và soạn lại sau phiên bỏ phiếu "
            "lại.".format(decision.session.name)
        )
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise ActionRefused(
            "Ngày quyết định {:%d/%m/%Y} ở tương lai; chỉ ghi ngày đã ký.".format(decided_on)
        )
    if refusal := instruments.not_covered(decided_on, "Ngày quyết định"):
        raise ActionRefused(refusal)
    if refusal := date_refusal(decision, decided_on):
        raise ActionRefused(refusal)
    # The organisation's regulation may require the results published for comments first.
    if decision.session_id and (refusal := publication_refusal(decision.session, decided_on)):
        raise ActionRefused(refusal)
    entries = list(decision.entries.select_related("person", "unit", "nomination"))
    if not entries:
        raise ActionRefused("Danh sách kèm theo quyết định đang trống.")
    # Who may decide follows the law in force on the signing day (thidua.rules.authority).
    regime = instruments.regime_on(decided_on)
    outside = [e.title for e in entries if not authority.is_own(e.title, regime)]
    if outside:
        raise ActionRefused(outside_authority_message(outside[0], regime))
    left = _left_before(entries, decided_on)
    if left:
        raise ActionRefused(
            "Không ban hành được: đã thôi việc trước ngày quyết định {:%d/%m/%Y}: {}. "
            "Bỏ khỏi danh sách hoặc soạn lại.".format(decided_on, "; ".join(left))
        )
    wanted = None
    if number not in (None, ""):
        wanted = parse_number(number)
        if wanted is None or wanted < 1:
            raise ActionRefused("Số quyết định «{}» không hợp lệ.".format(number))
    refuse_awards_already_held(decision.organization_id, decision.year, entries)
    decision.number = _next_number(decision, decided_on, wanted)
    decision.number_year = decided_on.year
    decision.decided_on = decided_on
    # The bases are those in force on the signing day, not in the award year (a 2023 decision
    # signed in 2024 cites Luật 2022), unless someone wrote them by hand.
    if is_default_legal_bases(decision.organization, decision.legal_bases):
        decision.legal_bases = default_legal_bases(decision.organization, decided_on)
    decision.issued_by = acting_user
    if signer_name.strip():
        decision.signer_name = signer_name.strip()
    elif not decision.signer_name and acting_user.person_id:
        decision.signer_name = acting_user.person.display_name
    organization = decision.organization
    issued_by = "{} {}".format(decision.signer_position, organization.name).strip()
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                DECISION_FLOW.move(decision, DecisionState.ISSUED, acting_user=acting_user)
        except IntegrityError:
            raise ActionRefused(
                "Số {} vừa được dùng cho quyết định khác; hãy ban hành lại.".format(
                    decision.document_number
                )
            ) from None
        for entry in entries:
            entry.award = Award.objects.create(
                organization=organization, person=entry.person, unit=entry.unit,
                year=decision.year, code=entry.title, occasion=entry.occasion,
                source=AwardSource.OWN_DECISION,
                decision_number=decision.document_number, decided_on=decided_on,
                issued_by=issued_by,
            )  # fmt: skip
            if entry.title == CLAIMED_TITLE and entry.person_id:
                entry.claimed_initiatives = _claim_initiatives(entry, decision.year)
            entry.save(update_fields=["award", "claimed_initiatives"])
    return decision


@transaction.atomic
def do_revoke_decision(
    decision: Decision, *, reason: str, revoked_on: date | None = None, acting_user
) -> Decision:
    """Revoke an issued decision with a reason: its awards stay in the register, marked revoked;
    a reward already paid from the fund is written back there (decisions.hooks)."""
    decision = locked(decision)
    DECISION_FLOW.require_permission(acting_user, DecisionState.REVOKED, decision)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Cần ghi lý do thu hồi quyết định.")
    refused = "Chỉ thu hồi được quyết định đã ban hành (đang «{}»).".format(
        decision.get_state_display().lower()
    )
    DECISION_FLOW.require_move(decision.state, DecisionState.REVOKED, refused=refused)
    revoked_on = revoked_on or timezone.localdate()
    if revoked_on < decision.decided_on:
        raise ActionRefused("Ngày thu hồi không được trước ngày quyết định.")
    with set_actor(acting_user):
        DECISION_FLOW.move(decision, DecisionState.REVOKED, acting_user=acting_user,
                           revoked_on=revoked_on, revoked_reason=reason)  # fmt: skip
        award_pks = decision.entries.filter(award__isnull=False).values_list("award_id", flat=True)
        for award in Award.objects.select_for_update().filter(pk__in=list(award_pks)):
            award.revoked_on = revoked_on
            award.revocation_reason = reason
            award.save()
        for entry in decision.entries.all():
            if entry.claimed_initiatives:
                _release_initiatives(entry, decision.year)
        # Apps above decisions follow (rewards: the fund's reversal of a paid expense).
        decision_revoked(decision, revoked_on=revoked_on, acting_user=acting_user)
    return decision


@transaction.atomic
def do_delete_draft(decision: Decision, *, acting_user) -> None:
    """Discard a draft (nothing was decided, nothing is in the register)."""
    decision = locked(decision)
    require_perm(acting_user, "decisions.edit_draft", decision,
                 message="Chỉ thường trực Hội đồng hoặc Hiệu trưởng bỏ được dự thảo.")  # fmt: skip
    if decision.state != DecisionState.DRAFT:
        raise ActionRefused("Chỉ bỏ được dự thảo; quyết định đã ban hành thì thu hồi.")
    with set_actor(acting_user):
        decision.delete()


# The union's titles ------------------------------------------------------------------------------


def union_titles() -> tuple[str, ...]:
    """Return the titles the trade union decides (thidua.rules.authority): never in the
    principal's decision, nor in a tờ trình; the union's own decision is recorded instead."""
    return tuple(
        code for code, found in authority.AUTHORITY["2023"].items() if found.body == authority.UNION
    )


def union_results(session: CouncilSession) -> list[Nomination]:
    """Return the nominations a closed session passed (within quota) at a union title, in
    agenda order, each with `passed_title` and `award`: the register's row when the union's
    decision is already recorded (the person or unit holds the title that year), else None."""
    wanted = set(union_titles())
    passed = {
        row["nomination"]: passed_title(row)
        for row in session.results.get("items", [])
        if row["passed"] and not row.get("over_quota") and passed_title(row) in wanted
    }
    if not passed:
        return []
    nominations = list(
        Nomination.objects.filter(pk__in=passed, outside_organization__isnull=True)
        .select_related("person", "unit")
        .order_by("pk")
    )
    held = {
        (a.person_id, a.unit_id, a.code): a
        for a in Award.objects.in_force().filter(
            organization_id=session.organization_id, year=session.year, code__in=wanted
        )
    }
    for nomination in nominations:
        nomination.passed_title = passed[nomination.pk]
        nomination.award = held.get((nomination.person_id, nomination.unit_id,
                                     nomination.passed_title))  # fmt: skip
    return nominations


@transaction.atomic
def do_record_union_decision(
    session: CouncilSession,
    nominations,
    *,
    decision_number: str,
    decided_on: date,
    issued_by: str = "",
    acting_user,
) -> list[Award]:
    """Record the union's decision for titles the council passed that the union decides
    ("Giỏi việc trường, đảm việc nhà"…): one award per nomination in the register, the union
    as deciding body. They never go into the principal's decision."""
    session = locked(session)
    require_perm(acting_user, "decisions.record_union_decision", session,
                 message="Chỉ thường trực Hội đồng ghi quyết định của Công đoàn.")  # fmt: skip
    if session.state != SessionState.CLOSED:
        raise ActionRefused(
            "Phiên họp «{}» {}; không ghi quyết định của Công đoàn theo kết quả này được.".format(
                session.name,
                "đã bị huỷ kết quả" if session.state == SessionState.ANNULLED else "chưa kết thúc",
            )
        )
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ActionRefused("Số quyết định của Công đoàn: bắt buộc, không được để trống.")
    if decided_on is None:
        raise ActionRefused("Ngày quyết định của Công đoàn: bắt buộc, không được để trống.")
    if decided_on > timezone.localdate():
        raise ActionRefused(
            "Ngày quyết định {:%d/%m/%Y} ở tương lai; chỉ ghi quyết định đã ký.".format(decided_on)
        )
    met = session_day(session)
    if decided_on < met:
        raise ActionRefused(
            "Ngày quyết định {:%d/%m/%Y} trước ngày Hội đồng họp: Hội đồng Thi đua – Khen thưởng "
            "năm {} họp phiên «{}» ngày {:%d/%m/%Y}; Công đoàn quyết định theo kết quả đó nên "
            "không trước ngày này.".format(decided_on, session.year, session.name, met)
        )
    waiting = {n.pk: n for n in union_results(session) if n.award is None}
    chosen = [getattr(n, "pk", n) for n in nominations]
    if not chosen:
        raise ActionRefused("Chọn ít nhất một người, tập thể Công đoàn đã quyết định.")
    organization = session.organization
    issued_by = (issued_by or "").strip() or authority.BODY_NAMES[authority.UNION]
    awards = []
    for pk in chosen:
        nomination = waiting.get(pk)
        if nomination is None:
            raise ActionRefused(
                "Đề nghị số {} không phải kết quả chờ quyết định của Công đoàn trong phiên họp "
                "«{}» (đã ghi, hoặc không do Công đoàn quyết định).".format(pk, session.name)
            )
        awards.append(do_add_award(organization, AwardData(
            year=session.year, code=nomination.passed_title, decision_number=decision_number,
            decided_on=decided_on, issued_by=issued_by, person=nomination.person,
            unit=nomination.unit,
        ), acting_user=acting_user))  # fmt: skip
    return awards
