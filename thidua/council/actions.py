"""Business actions of nominations and council sessions: one transaction each, audited with the
acting user (the ballot itself is never audited: its actor must not be written anywhere)."""

import uuid
from dataclasses import dataclass
from datetime import date, time

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from thidua import rules
from thidua.core.actions import ActionRefused, FieldRefused, require_perm
from thidua.core.audit import set_actor
from thidua.council import ballot_box
from thidua.council.models import (
    AGENDA_SUBJECTS,
    LIVE_STATES,
    NOMINATION_FLOW,
    SESSION_FLOW,
    AgendaItem,
    Ballot,
    BallotChoice,
    CouncilMember,
    CouncilSession,
    CountingDuty,
    MemberRole,
    Nomination,
    NominationState,
    PublicationComment,
    ResultsPublication,
    SessionState,
    StandingMember,
    VoteRecord,
)
from thidua.council.results import (
    apply_quotas,
    compute_seal,
    freeze_for_seal,
    may_pass_at,
    nomination_states,
    session_ballot_rows,
    tally,
)
from thidua.council.subjects import lower_titles_for, organization_titles
from thidua.evaluation.facts import organization_unit_id, unit_id
from thidua.evaluation.services import evaluate_organization, evaluate_person
from thidua.organization.models import Assignment, Organization, Person, Unit
from thidua.rules import instruments

# --- nominations --------------------------------------------------------------------------------


def verdict_snapshot(verdict: rules.Verdict, *, rule_set: rules.RuleSet, year: int) -> dict:
    """Return the engine's explanation as plain data, frozen into the nomination."""
    return {
        "title": verdict.title,
        "name": verdict.name,
        "verdict": verdict.verdict,
        "criteria": [
            {
                "code": c.code,
                "passed": c.passed,
                "detail": c.detail,
                "source": c.source,
                "route": c.route,
                "to_confirm": c.to_confirm,
            }
            for c in verdict.criteria
        ],  # fmt: skip
        "ballot": None
        if verdict.ballot is None
        else {
            "threshold": verdict.ballot.threshold,
            "denominator": verdict.ballot.denominator,
            "secret": verdict.ballot.secret,
            "council": verdict.ballot.council,
        },
        "rule_set": rule_set.name,
        "year": year,
        "taken_at": timezone.now().isoformat(),
    }


def explain(
    *,
    year: int,
    title: str,
    person: Person | None = None,
    unit: Unit | None = None,
    organization: Organization | None = None,
):
    """Return the engine's verdict for a subject (a person, a unit, else the organisation
    itself) and title, refusing what it does not judge."""
    if person is not None:
        evaluation, key = evaluate_person(person, year)
        if key not in evaluation.people:
            raise ActionRefused(
                "{} không công tác trong năm {}; không xét được.".format(person.full_name, year)
            )
        verdicts = evaluation.verdicts(key)
    else:
        owner = unit.organization if unit is not None else organization
        evaluation = evaluate_organization(owner, year).evaluation
        key = unit_id(unit.pk) if unit is not None else organization_unit_id(owner.pk)
        if key not in evaluation.units:
            raise ActionRefused(
                "Tập thể «{}» không thuộc diện xét danh hiệu.".format(unit or owner)
            )
        verdicts = evaluation.verdicts(key, unit=True)
    if unit is None and person is None and title not in organization_titles(year):
        raise ActionRefused(
            "Danh hiệu «{}» không xét cho cơ quan: cơ quan được đề nghị danh hiệu, hình thức "
            "tập thể do cấp trên quyết định.".format(rules.TITLE_NAMES.get(title, title))
        )
    if title not in verdicts:
        raise ActionRefused(
            "Danh hiệu «{}» không xét cho {}.".format(
                rules.TITLE_NAMES.get(title, title), "cán bộ" if person else "tập thể"
            )
        )
    return verdicts[title], evaluation.rule_set


def _check_meeting(year: int, meeting_on, meeting_attendance, meeting_votes) -> None:
    """Refuse a unit meeting dated in the future or before the year it reviews, or with more
    agreeing votes than people present."""
    if meeting_on is not None:
        if meeting_on > timezone.localdate():
            raise ActionRefused(
                "Ngày họp bình xét {:%d/%m/%Y} chưa đến; ghi ngày cuộc họp đã diễn ra.".format(
                    meeting_on
                )
            )
        if meeting_on.year < year:
            raise ActionRefused(
                "Ngày họp bình xét {:%d/%m/%Y} trước năm xét {}: cuộc họp bình xét năm {} "
                "diễn ra từ năm {} trở đi.".format(meeting_on, year, year, year)
            )
    if (
        meeting_votes is not None
        and meeting_attendance is not None
        and meeting_votes > meeting_attendance
    ):
        raise ActionRefused("Số phiếu đồng ý không vượt số người dự họp.")


_PEOPLE_OF_UNIT = (
    "Chỉ trưởng đơn vị đề nghị được cán bộ của đơn vị mình; cán bộ khác do thường trực "
    "Hội đồng đề nghị."
)
_UNIT_ITSELF = (
    "Chỉ trưởng đơn vị đề nghị được tập thể đơn vị mình; tập thể khác do thường trực "
    "Hội đồng đề nghị."
)


def _check_subject(*, person, unit, acting_user) -> None:
    """Refuse a subject the acting user may not nominate (permissions.py says who may)."""
    if person is not None:
        if person.left_on is not None and person.left_on <= timezone.localdate():
            raise ActionRefused(
                "{} đã thôi việc từ {:%d/%m/%Y}; không đề nghị được.".format(
                    person.full_name, person.left_on
                )
            )
        require_perm(acting_user, "council.nominate_person", person, message=_PEOPLE_OF_UNIT)
    elif unit is not None:
        require_perm(acting_user, "council.nominate_unit", unit, message=_UNIT_ITSELF)
    else:
        require_perm(
            acting_user, "council.nominate_organization", acting_user.organization,
            message="Chỉ thường trực Hội đồng đề nghị được danh hiệu của cơ quan.",
        )  # fmt: skip


@transaction.atomic
def do_nominate(
    *,
    year: int,
    title: str,
    person: Person | None = None,
    unit: Unit | None = None,
    phase=None,
    justification: str = "",
    meeting_on=None,
    meeting_attendance: int | None = None,
    meeting_votes: int | None = None,
    acting_user,
) -> Nomination:
    """Propose a person, a unit, or (neither given) the organisation itself for a title,
    freezing the engine's explanation; a case the engine does not find eligible needs a written
    justification."""
    if person is not None and unit is not None:
        raise ActionRefused("Chọn một cán bộ, một tập thể hoặc cơ quan để đề nghị.")
    subject = person or unit or acting_user.organization
    if subject is None or (
        (person or unit) is not None and subject.organization_id != acting_user.organization_id
    ):
        raise ActionRefused("Chỉ đề nghị được cán bộ, tập thể của cơ quan mình.")
    if phase is not None and (
        phase.plan.organization_id != acting_user.organization_id or phase.plan.year != year
    ):
        raise ActionRefused("Đợt thi đua không thuộc kế hoạch năm {}.".format(year))
    _check_subject(person=person, unit=unit, acting_user=acting_user)
    _check_meeting(year, meeting_on, meeting_attendance, meeting_votes)
    verdict, rule_set = explain(
        year=year, title=title, person=person, unit=unit, organization=acting_user.organization
    )
    justification = (justification or "").strip()
    if verdict.verdict != rules.ELIGIBLE and not justification:
        raise ActionRefused(
            "Hệ thống xác định «{}» cho danh hiệu này; cần ghi lý do đề nghị.".format(
                {"review": "cần Hội đồng xem xét", "ineligible": "chưa đủ điều kiện"}[
                    verdict.verdict
                ]
            )
        )
    live = Nomination.objects.filter(
        organization_id=acting_user.organization_id, year=year, title=title, phase=phase,
        state__in=LIVE_STATES, person=person, unit=unit,
    )  # fmt: skip
    if live.exists():
        raise ActionRefused("{} đã được đề nghị danh hiệu này.".format(subject))
    nomination = Nomination(
        organization_id=acting_user.organization_id, year=year, phase=phase, person=person,
        unit=unit, title=title, proposed_by=acting_user, verdict=verdict.verdict,
        explanation=verdict_snapshot(verdict, rule_set=rule_set, year=year),
        justification=justification, meeting_on=meeting_on,
        meeting_attendance=meeting_attendance, meeting_votes=meeting_votes,
    )  # fmt: skip
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:
            raise ActionRefused("{} đã được đề nghị danh hiệu này.".format(subject)) from None
    return nomination


@dataclass(frozen=True)
class NominationRow:
    """One line of a unit's nomination list: a person (None: the unit itself) for a title."""

    person: Person | None
    title: str
    justification: str = ""

    @property
    def key(self):
        """The row's key in NominationsRefused.errors: the person's pk, or "unit"."""
        return self.person.pk if self.person is not None else "unit"


class NominationsRefused(ActionRefused):
    """A unit's nomination list refused: one message per refused row (see NominationRow.key)."""

    def __init__(self, errors: dict, names: dict):
        self.errors = errors
        super().__init__(" ".join("{}: {}".format(names[k], m) for k, m in errors.items()))


@transaction.atomic
def do_nominate_many(
    *,
    year: int,
    unit: Unit,
    rows,
    phase=None,
    meeting_on=None,
    meeting_attendance: int | None = None,
    meeting_votes: int | None = None,
    acting_user,
) -> list[Nomination]:
    """Propose several of a unit's people, and the unit itself, after one unit meeting whose
    date, attendance and agreeing votes go on every nomination; all of them or none.

    Each row goes through do_nominate (the same checks); a row refused is reported against its
    person (or the unit) and nothing is stored."""
    rows = list(rows)
    if not rows:
        raise ActionRefused("Chọn ít nhất một cán bộ hoặc danh hiệu của tập thể để đề nghị.")
    require_perm(acting_user, "council.nominate_unit", unit, message=_UNIT_ITSELF)
    _check_meeting(year, meeting_on, meeting_attendance, meeting_votes)
    in_unit = set(
        Assignment.objects.current().filter(unit=unit).values_list("person_id", flat=True)
    )
    errors, names, done = {}, {}, []
    for row in rows:
        if row.key in names:
            errors[row.key] = "chọn hai lần trong danh sách."
            continue
        names[row.key] = row.person.full_name if row.person is not None else unit.name
        if row.person is not None and row.person.pk not in in_unit:
            errors[row.key] = "không thuộc {}.".format(unit.name)
            continue
        subject = {"person": row.person} if row.person is not None else {"unit": unit}
        try:
            with transaction.atomic():
                done.append(
                    do_nominate(
                        year=year,
                        title=row.title,
                        phase=phase,
                        justification=row.justification,
                        meeting_on=meeting_on,
                        meeting_attendance=meeting_attendance,
                        meeting_votes=meeting_votes,
                        acting_user=acting_user,
                        **subject,
                    )  # fmt: skip
                )
        except ActionRefused as exc:
            errors[row.key] = str(exc)
    if errors:
        raise NominationsRefused(errors, names)
    return done


@transaction.atomic
def do_withdraw_nomination(nomination: Nomination, *, reason: str = "", acting_user) -> Nomination:
    """Withdraw a nomination the council has not taken up yet."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    return NOMINATION_FLOW.move(
        nomination, NominationState.WITHDRAWN, acting_user=acting_user,
        refused="Không rút được đề nghị ở trạng thái «{}».".format(
            nomination.get_state_display()
        ),
        withdraw_reason=(reason or "").strip(),
    )  # fmt: skip


# --- sessions -----------------------------------------------------------------------------------


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


def _ended(session: CouncilSession) -> str:
    return "Phiên họp «{}» đã kết thúc; không thay đổi được.".format(session.name)


def _require_open(session: CouncilSession) -> None:
    if session.state != SessionState.OPEN:
        raise ActionRefused(_ended(session))


def _hm(value: time) -> str:
    return "{:02d}:{:02d}".format(value.hour, value.minute)


def check_meeting_details(
    *, year: int, meeting_on: date | None, starts_at: time | None, ends_at: time | None
) -> None:
    """Refuse a meeting day and times that cannot be: in the future, outside the reviewed year
    and the next one, before the first decree thidua knows, or ending before they start."""
    if meeting_on is None:
        raise FieldRefused("Cần nhập ngày họp.", field="meeting_on")
    if starts_at is None:
        raise FieldRefused("Cần nhập giờ bắt đầu.", field="starts_at")
    now = timezone.localtime()
    today = now.date()
    if meeting_on > today:
        raise FieldRefused(
            "Ngày họp {:%d/%m/%Y} ở sau hôm nay ({:%d/%m/%Y}): chỉ ghi cuộc họp đã diễn ra "
            "hoặc đang diễn ra.".format(meeting_on, today),
            field="meeting_on",
        )
    if meeting_on.year < year:
        raise FieldRefused(
            "Ngày họp {:%d/%m/%Y} trước năm {} được xét: Hội đồng xét thi đua, khen thưởng năm "
            "{} khi năm đó đã bắt đầu (từ ngày 01/01/{}).".format(meeting_on, year, year, year),
            field="meeting_on",
        )
    if meeting_on.year > year + 1:
        raise FieldRefused(
            "Ngày họp {:%d/%m/%Y} quá xa năm {} được xét: Hội đồng xét năm {} chậm nhất trong "
            "năm {} (đến ngày 31/12/{}).".format(meeting_on, year, year, year + 1, year + 1),
            field="meeting_on",
        )
    if refusal := instruments.not_covered(meeting_on, "Ngày họp"):
        raise FieldRefused(refusal, field="meeting_on")
    if meeting_on == today and starts_at > now.time():
        raise FieldRefused(
            "Giờ bắt đầu {} ở sau thời điểm hiện tại ({}) của ngày họp hôm nay.".format(
                _hm(starts_at), _hm(now.time())
            ),
            field="starts_at",
        )
    if ends_at is not None:
        if ends_at < starts_at:
            raise FieldRefused(
                "Giờ kết thúc {} trước giờ bắt đầu {}.".format(_hm(ends_at), _hm(starts_at)),
                field="ends_at",
            )
        if meeting_on == today and ends_at > now.time():
            raise FieldRefused(
                "Giờ kết thúc {} ở sau thời điểm hiện tại ({}) của ngày họp hôm nay.".format(
                    _hm(ends_at), _hm(now.time())
                ),
                field="ends_at",
            )


def _now_minute() -> time:
    return timezone.localtime().time().replace(second=0, microsecond=0)


@transaction.atomic
def do_open_session(
    *,
    name: str,
    year: int,
    phase=None,
    meeting_on: date | None = None,
    starts_at: time | None = None,
    place: str = "",
    on_paper: bool = False,
    acting_user,
) -> CouncilSession:
    """Open a council session of the secretary's organisation, on the day and at the time the
    council met (today and now when not given) and where it met (the organisation when blank)."""
    require_perm(acting_user, "council.manage_sessions",
                 message="Chỉ thường trực Hội đồng được điều hành phiên họp.")  # fmt: skip
    name = (name or "").strip()
    if not name:
        raise FieldRefused("Cần đặt tên phiên họp.", field="name")
    if phase is not None and phase.plan.organization_id != acting_user.organization_id:
        raise FieldRefused("Đợt thi đua không thuộc cơ quan.", field="phase")
    meeting_on = meeting_on or timezone.localdate()
    starts_at = starts_at or _now_minute()
    check_meeting_details(year=year, meeting_on=meeting_on, starts_at=starts_at, ends_at=None)
    place = (place or "").strip() or acting_user.organization.name
    session = CouncilSession(
        organization_id=acting_user.organization_id, year=year, phase=phase, name=name,
        meeting_on=meeting_on, starts_at=starts_at, place=place, on_paper=bool(on_paper),
        opened_at=timezone.now(), opened_by=acting_user,
    )  # fmt: skip
    with set_actor(acting_user):
        session.save()
        # The standing council sits at every session; one chair and one secretary at most.
        taken = set()
        for seat in StandingMember.objects.filter(
            organization_id=session.organization_id, user__is_active=True
        ).order_by("pk"):
            role = seat.role
            if role in (MemberRole.CHAIR, MemberRole.SECRETARY) and role in taken:
                role = MemberRole.MEMBER
            taken.add(role)
            CouncilMember.objects.create(session=session, user_id=seat.user_id, role=role)
    return session


def _require_manager(user, session: CouncilSession) -> None:
    require_perm(user, "council.manage_session", session,
                 message="Chỉ thường trực Hội đồng được điều hành phiên họp.")  # fmt: skip


@transaction.atomic
def do_set_meeting_details(
    session: CouncilSession,
    *,
    meeting_on: date,
    starts_at: time,
    ends_at: time | None = None,
    place: str = "",
    on_paper: bool | None = None,
    acting_user,
) -> CouncilSession:
    """Correct the meeting's day, times and place (and whether it is counted on paper) while
    the session is open."""
    session = _locked(session)
    _require_manager(acting_user, session)
    _require_open(session)
    check_meeting_details(
        year=session.year, meeting_on=meeting_on, starts_at=starts_at, ends_at=ends_at
    )
    place = (place or "").strip()
    if not place:
        raise FieldRefused("Cần ghi địa điểm họp.", field="place")
    try:
        check_counting_elected_at(
            session.counting_elected_at, meeting_on=meeting_on, starts_at=starts_at,
            ends_at=ends_at,
        )  # fmt: skip
    except FieldRefused as exc:
        field = "starts_at" if session.counting_elected_at < starts_at else "ends_at"
        raise FieldRefused(
            "{} Bầu lại Ban kiểm phiếu với giờ đúng trước.".format(exc), field=field
        ) from None
    if on_paper is not None and bool(on_paper) != session.on_paper:
        if on_paper and session.vote_records.exists():
            raise FieldRefused(
                "Thành viên đã bỏ phiếu trên hệ thống; không chuyển sang kiểm phiếu bằng phiếu "
                "giấy được (không trộn hai cách bỏ phiếu).",
                field="on_paper",
            )
        if not on_paper and session.items.filter(paper_issued__isnull=False).exists():
            raise FieldRefused(
                "Đã nhập kết quả kiểm phiếu giấy; không chuyển sang bỏ phiếu trên hệ thống được.",
                field="on_paper",
            )
        session.on_paper = bool(on_paper)
    with set_actor(acting_user):
        session.meeting_on = meeting_on
        session.starts_at = starts_at
        session.ends_at = ends_at
        session.place = place
        session.save()
    return session


@transaction.atomic
def do_add_member(
    session: CouncilSession, user, *, role: str = MemberRole.MEMBER, acting_user
) -> CouncilMember:
    """Seat an account of the organisation on the session's council."""
    session = _locked(session)
    _require_manager(acting_user, session)
    _require_open(session)
    # An account of the organisation: working in it, or holding a role in it (an account of
    # two organisations sits on either's council).
    if session.organization_id not in {user.organization_id, *user.organization_ids} or (
        not user.is_active
    ):
        raise ActionRefused("Thành viên Hội đồng phải là tài khoản của cơ quan.")
    if session.vote_records.exists():
        raise ActionRefused("Đã có phiếu bầu; không thay đổi thành phần Hội đồng được nữa.")
    if session.members.filter(user=user).exists():
        raise ActionRefused("Người này đã là thành viên của phiên họp.")
    if (
        role in (MemberRole.CHAIR, MemberRole.SECRETARY)
        and session.members.filter(role=role).exists()
    ):
        raise ActionRefused("Phiên họp đã có {}.".format(MemberRole(role).label))
    member = CouncilMember(session=session, user=user, role=role)
    with set_actor(acting_user):
        member.save()
    return member


@transaction.atomic
def do_set_attendance(
    member: CouncilMember, *, present: bool, written_vote: bool = False, acting_user
) -> CouncilMember:
    """Record whether a member attends, or, absent, votes in writing."""
    session = _locked(member.session)
    _require_manager(acting_user, session)
    _require_open(session)
    member = CouncilMember.objects.select_for_update().get(pk=member.pk, session=session)
    if member.vote_records.exists() and not (present or written_vote):
        raise ActionRefused("Thành viên đã bỏ phiếu; không ghi vắng mặt được.")
    if member.counting and not present:
        raise ActionRefused(
            "{} thuộc Ban kiểm phiếu; bầu lại Ban kiểm phiếu trước khi ghi vắng mặt.".format(
                member
            )
        )
    with set_actor(acting_user):
        member.present = present
        member.written_vote = bool(written_vote) and not present
        member.save()
    return member


def check_counting_elected_at(
    elected_at: time | None, *, meeting_on: date, starts_at: time, ends_at: time | None
) -> None:
    """Refuse a time of the committee's election outside the meeting's hours or in the future."""
    if elected_at is None:
        return
    if elected_at < starts_at:
        raise FieldRefused(
            "Giờ bầu Ban kiểm phiếu {} trước giờ bắt đầu cuộc họp {}.".format(
                _hm(elected_at), _hm(starts_at)
            ),
            field="elected_at",
        )
    if ends_at is not None and elected_at > ends_at:
        raise FieldRefused(
            "Giờ bầu Ban kiểm phiếu {} sau giờ kết thúc cuộc họp {}.".format(
                _hm(elected_at), _hm(ends_at)
            ),
            field="elected_at",
        )
    now = timezone.localtime()
    if meeting_on == now.date() and elected_at > now.time():
        raise FieldRefused(
            "Giờ bầu Ban kiểm phiếu {} ở sau thời điểm hiện tại ({}).".format(
                _hm(elected_at), _hm(now.time())
            ),
            field="elected_at",
        )


@transaction.atomic
def do_elect_counting_committee(
    session: CouncilSession,
    *,
    head: CouncilMember,
    members=(),
    elected_at: time | None = None,
    acting_user,
) -> list[CouncilMember]:
    """Record the counting committee (ban kiểm phiếu) the meeting elected from its members
    present: a head and the other members, at the time given (now on the meeting's own day,
    else the meeting's start). Electing again replaces the committee."""
    session = _locked(session)
    _require_manager(acting_user, session)
    _require_open(session)
    if head is None:
        raise FieldRefused("Chọn Trưởng ban kiểm phiếu.", field="head")
    chosen = [head] + [m for m in members if m.pk != head.pk]
    locked = session.members.select_for_update(of=("self",)).select_related("user__person")
    seats = {m.pk: m for m in locked}
    for member in chosen:
        seat = seats.get(member.pk)
        if seat is None:
            raise FieldRefused(
                "{} không phải thành viên Hội đồng của phiên họp này; Ban kiểm phiếu được bầu "
                "trong số thành viên có mặt.".format(member),
                field="head" if member.pk == head.pk else "members",
            )
        if not seat.present:
            raise FieldRefused(
                "{} vắng mặt; Ban kiểm phiếu được bầu trong số thành viên có mặt.".format(seat),
                field="head" if member.pk == head.pk else "members",
            )
    if elected_at is None:
        elected_at = (
            _now_minute() if session.meeting_on == timezone.localdate() else session.starts_at
        )
    check_counting_elected_at(
        elected_at, meeting_on=session.meeting_on, starts_at=session.starts_at,
        ends_at=session.ends_at,
    )  # fmt: skip
    duties = {m.pk: CountingDuty.MEMBER for m in chosen}
    duties[head.pk] = CountingDuty.HEAD
    with set_actor(acting_user):
        # Clear first, so the one-head constraint holds at every step of a change of head.
        for seat in seats.values():
            if seat.counting and duties.get(seat.pk) != seat.counting:
                seat.counting = ""
                seat.save()
        for pk, duty in duties.items():
            seat = seats[pk]
            if seat.counting != duty:
                seat.counting = duty
                seat.save()
        session.counting_elected_at = elected_at
        session.save()
    return [seats[m.pk] for m in chosen]


@transaction.atomic
def do_put_on_agenda(session: CouncilSession, nominations, *, acting_user) -> list[AgendaItem]:
    """Put proposed nominations of the session's organisation and year on its agenda."""
    session = _locked(session)
    _require_manager(acting_user, session)
    _require_open(session)
    pks = [n.pk for n in nominations]
    rows = list(Nomination.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    if len(rows) != len(set(pks)):
        raise ActionRefused("Có đề nghị không tồn tại.")
    position = session.items.count()
    items = []
    with set_actor(acting_user):
        for nomination in rows:
            if nomination.organization_id != session.organization_id:
                raise ActionRefused("Đề nghị không thuộc cơ quan của phiên họp.")
            if nomination.year != session.year:
                raise ActionRefused(
                    "Đề nghị «{}» thuộc năm {}, phiên họp xét năm {}.".format(
                        nomination, nomination.year, session.year
                    )
                )
            if nomination.state != NominationState.PROPOSED:
                raise ActionRefused(
                    "Đề nghị «{}» đang ở trạng thái «{}».".format(
                        nomination, nomination.get_state_display()
                    )
                )
            position += 1
            items.append(
                AgendaItem.objects.create(session=session, nomination=nomination, position=position)
            )
            NOMINATION_FLOW.move(
                nomination, NominationState.ON_AGENDA, acting_user=acting_user, obj=session
            )
    return items


@dataclass(frozen=True)
class PaperCount:
    """What the counting committee wrote for one agenda item of a session held on paper."""

    issued: int
    returned: int
    valid: int
    agree: int
    disagree: int
    lower: dict = None  # {lower title code: ballots agreeing to it}

    @property
    def lower_total(self) -> int:
        return sum((self.lower or {}).values())


PAPER_FIELDS = {
    "issued": "Số phiếu phát ra",
    "returned": "Số phiếu thu về",
    "valid": "Số phiếu hợp lệ",
    "agree": "Số phiếu đồng ý",
    "disagree": "Số phiếu không đồng ý",
    "lower": "Số phiếu đồng ý mức thấp hơn",
}


def _check_paper_count(item: AgendaItem, count: PaperCount, voting: int) -> None:
    """Refuse counts that cannot be, naming the nominee and the field."""
    who = "{} – {}".format(item.nomination.subject_name, item.nomination.get_title_display())

    def refuse(message, field):
        raise FieldRefused("{}: {}".format(who, message), field=field, row=item.pk)

    values = {
        "issued": count.issued, "returned": count.returned, "valid": count.valid,
        "agree": count.agree, "disagree": count.disagree,
    }  # fmt: skip
    for field, value in values.items():
        if value is None or value < 0:
            refuse("{} phải là số không âm.".format(PAPER_FIELDS[field]), field)
    lower = dict(count.lower or {})
    allowed = lower_titles_for(item.nomination)
    for code, value in lower.items():
        if code not in allowed:
            refuse(
                "danh hiệu, hình thức này không có mức thấp hơn «{}» để đồng ý.".format(
                    rules.TITLE_NAMES.get(code, code)
                ),
                "lower",
            )
        if value is None or value < 0:
            refuse("{} phải là số không âm.".format(PAPER_FIELDS["lower"]), "lower")
    if count.issued > voting:
        refuse(
            "số phiếu phát ra ({}) vượt số thành viên biểu quyết của phiên họp ({}: có mặt "
            "hoặc gửi phiếu bằng văn bản).".format(count.issued, voting),
            "issued",
        )
    if count.returned > count.issued:
        refuse(
            "số phiếu thu về ({}) vượt số phiếu phát ra ({}).".format(count.returned, count.issued),
            "returned",
        )
    if count.valid > count.returned:
        refuse(
            "số phiếu hợp lệ ({}) vượt số phiếu thu về ({}).".format(count.valid, count.returned),
            "valid",
        )
    marked = count.agree + count.disagree + count.lower_total
    if marked > count.valid:
        refuse(
            "số phiếu đồng ý, không đồng ý và đồng ý mức thấp hơn cộng lại ({}) vượt số phiếu "
            "hợp lệ ({}).".format(marked, count.valid),
            "agree",
        )


@transaction.atomic
def do_record_paper_counts(session: CouncilSession, counts: dict, *, acting_user) -> list:
    """Record the paper count of a session held on paper, item by item ({item: PaperCount}).

    The agree/disagree/lower papers become anonymous Ballot rows, the same rows an on-screen
    vote leaves, so the tally, thresholds, quotas, results and seal read both alike; the
    issued/returned/valid figures stay on the item. Entering an item again replaces its count.
    All items or none: one refused row leaves every row as it was."""
    session = _locked(session)
    _require_manager(acting_user, session)
    _require_open(session)
    if not session.on_paper:
        raise ActionRefused(
            "Phiên họp «{}» bỏ phiếu trên hệ thống, không kiểm phiếu bằng phiếu giấy; ghi "
            "«Kiểm phiếu bằng phiếu giấy» ở thông tin cuộc họp trước.".format(session.name)
        )
    if session.vote_records.exists():
        raise ActionRefused(
            "Thành viên đã bỏ phiếu trên hệ thống ở phiên họp này; không nhập kết quả kiểm phiếu "
            "giấy được (không trộn hai cách bỏ phiếu)."
        )
    agenda = session.items.select_related(*AGENDA_SUBJECTS)
    items = {i.pk: i for i in agenda}
    wanted = {(k.pk if isinstance(k, AgendaItem) else int(k)): v for k, v in counts.items()}
    if not wanted:
        raise ActionRefused("Chưa có kết quả kiểm phiếu nào để ghi.")
    if not set(wanted) <= set(items):
        raise ActionRefused("Có nội dung không thuộc phiên họp.")
    voting = sum(m.may_vote for m in session.members.all())
    for pk in sorted(wanted):
        _check_paper_count(items[pk], wanted[pk], voting)
    saved = []
    with set_actor(acting_user):
        for pk in sorted(wanted):
            item, count = items[pk], wanted[pk]
            item.paper_issued, item.paper_returned = count.issued, count.returned
            item.paper_valid = count.valid
            item.save()
            rows = sorted(
                [(BallotChoice.AGREE, "")] * count.agree
                + [(BallotChoice.DISAGREE, "")] * count.disagree
                + [(BallotChoice.LOWER_TITLE, code)
                   for code, n in sorted((count.lower or {}).items()) for _ in range(n)]
            )  # fmt: skip
            Ballot.objects.filter(item_id=pk).delete()
            Ballot.objects.bulk_create(
                Ballot(id=uuid.uuid4(), item_id=pk, choice=choice, lower_title=lower)
                for choice, lower in rows
            )
            saved.append(item)
    return saved


def _share_lock(session_pk: int) -> CouncilSession:
    """Lock the session against closing while letting other votes go on at the same time.

    PostgreSQL: FOR SHARE (votes share it, closing's FOR UPDATE waits for them). SQLite
    serialises writing transactions anyway (transaction_mode IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        table = CouncilSession._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM {} WHERE id = %s FOR SHARE".format(table), [session_pk])
    return CouncilSession.objects.get(pk=session_pk)


def do_cast_ballot(
    session: CouncilSession, item: AgendaItem, choice: str, *, lower_title: str = "", acting_user
) -> None:
    """Cast the acting member's secret ballot on one item: the who-voted row in clear, the
    paper sealed in an envelope whose key is not in the database (ballot_box), so nothing this
    transaction writes lets a reader of the database files see what the member chose."""
    if choice not in BallotChoice.values:
        raise ActionRefused("Lựa chọn không hợp lệ.")
    lower_title = lower_title or ""
    if choice == BallotChoice.LOWER_TITLE:
        if lower_title not in lower_titles_for(item.nomination):
            raise ActionRefused("Chọn danh hiệu, hình thức thấp hơn hợp lệ.")
    else:
        lower_title = ""
    try:
        with transaction.atomic():
            session = _share_lock(session.pk)
            _require_own_session(session, acting_user)
            if item.session_id != session.pk:
                raise ActionRefused("Nội dung này không thuộc phiên họp.")
            member = _voting_member(session, acting_user)
            with set_actor(acting_user):
                VoteRecord.objects.create(session=session, member=member, item=item)
            # Not audited, not timestamped, random key, choice encrypted: see ballot_box.
            ballot_box.drop(session.pk, [(item.pk, choice, lower_title)])
    except IntegrityError:
        raise ActionRefused(
            "Đồng chí đã bỏ phiếu cho «{}» rồi.".format(item.nomination.subject_name)
        ) from None


def _require_own_session(session: CouncilSession, acting_user) -> None:
    if session.organization_id != acting_user.organization_id:
        raise ActionRefused("Phiên họp không thuộc cơ quan của đồng chí.")


def _voting_member(session: CouncilSession, acting_user) -> CouncilMember:
    """Return the acting user's seat on an open session they may vote at, or refuse."""
    if session.state != SessionState.OPEN:
        raise ActionRefused("Phiên họp đã kết thúc; không nhận phiếu nữa.")
    if session.on_paper:
        raise ActionRefused("Phiên họp kiểm phiếu bằng phiếu giấy; không bỏ phiếu trên hệ thống.")
    require_perm(
        acting_user, "council.cast_ballot", session,
        message="Đồng chí không phải thành viên Hội đồng của phiên họp này.",
    )  # fmt: skip
    member = session.members.filter(user=acting_user).first()
    if not member.may_vote:
        raise ActionRefused(
            "Đồng chí chưa được ghi có mặt hoặc gửi phiếu bằng văn bản; liên hệ thư ký Hội đồng."
        )
    return member


def do_cast_ballots(session: CouncilSession, papers, *, acting_user) -> int:
    """Cast the acting member's secret ballots on several items of a session at once (the
    one-page ballot): `papers` is [(item, choice, lower_title)]. All are recorded or none, with
    do_cast_ballot's guarantees: who voted in clear, each paper sealed in its envelope."""
    papers = list(papers)
    checked = []
    for item, choice, lower_title in papers:
        name = item.nomination.subject_name
        if choice not in BallotChoice.values:
            raise ActionRefused("«{}»: lựa chọn không hợp lệ.".format(name))
        lower_title = lower_title or ""
        if choice == BallotChoice.LOWER_TITLE:
            if lower_title not in lower_titles_for(item.nomination):
                raise ActionRefused("«{}»: chọn danh hiệu, hình thức thấp hơn hợp lệ.".format(name))
        else:
            lower_title = ""
        checked.append((item, choice, lower_title))
    pks = [item.pk for item, _, _ in checked]
    if len(set(pks)) != len(pks):
        raise ActionRefused("Mỗi nội dung chỉ bỏ một phiếu.")
    with transaction.atomic():
        session = _share_lock(session.pk)
        _require_own_session(session, acting_user)
        for item, _, _ in checked:
            if item.session_id != session.pk:
                raise ActionRefused(
                    "«{}» không thuộc phiên họp.".format(item.nomination.subject_name)
                )
        member = _voting_member(session, acting_user)
        if not checked:
            raise ActionRefused("Không còn nội dung nào chờ đồng chí bỏ phiếu ở phiên họp này.")
        done = set(member.vote_records.filter(item_id__in=pks).values_list("item_id", flat=True))
        for item, _, _ in checked:
            if item.pk in done:
                raise ActionRefused(
                    "Đồng chí đã bỏ phiếu cho «{}» rồi.".format(item.nomination.subject_name)
                )
        ordered = sorted(checked, key=lambda paper: paper[0].pk)
        try:
            with transaction.atomic(), set_actor(acting_user):
                for item, _, _ in ordered:
                    VoteRecord.objects.create(session=session, member=member, item=item)
        except IntegrityError:
            raise ActionRefused("Đồng chí đã bỏ phiếu cho một nội dung trong danh sách.") from None
        # Not audited, not timestamped, random keys, choices encrypted: see ballot_box.
        ballot_box.drop(session.pk, [(item.pk, choice, lower) for item, choice, lower in ordered])
    return len(ordered)


def _finish(session: CouncilSession, results: dict, states: dict, *, acting_user) -> None:
    """Open the ballot box and store its papers with the others as anonymous ballots, in a
    canonical order under fresh random keys, then seal results, members, the nominations' states
    and ballots together, chained to the organisation's previous sealed session.

    Everything per paper is written here, in the closing transaction, which writes no who-voted
    row: neither the order rows are stored in nor the transaction that wrote them follows the
    order members voted in."""
    # One seal at a time per organisation, so two sessions closing together do not fork the chain.
    Organization.objects.select_for_update().filter(pk=session.organization_id).first()
    results = freeze_for_seal(session, results, states)
    rows = [row[1:] for row in session_ballot_rows(session)] + ballot_box.open_envelopes(session)
    ballot_box.empty(session)
    Ballot.objects.filter(item__session=session).delete()
    fresh = [
        Ballot(id=uuid.uuid4(), item_id=item_id, choice=choice, lower_title=lower)
        for item_id, choice, lower in sorted(rows)
    ]
    Ballot.objects.bulk_create(fresh)
    session.results = results
    session.seal = compute_seal(
        session, results, [(b.id, b.item_id, b.choice, b.lower_title) for b in fresh]
    )


@transaction.atomic
def do_close_session(
    session: CouncilSession, *, ends_at: time | None = None, acting_user
) -> CouncilSession:
    """Stop the vote, count it against each title's threshold and quota, lock and seal it.

    The meeting's end time is the one given, else the one already entered, else now."""
    session = _locked(session)
    SESSION_FLOW.check(acting_user, session, SessionState.CLOSED, refused=_ended(session))
    # "Now" is an end time only on the meeting's own day; a meeting entered afterwards keeps
    # the end time the secretary gives (the close form always asks), else none.
    if ends_at is None and session.ends_at is None and session.meeting_on == timezone.localdate():
        ends_at = _now_minute()
    ends_at = ends_at or session.ends_at
    check_meeting_details(
        year=session.year, meeting_on=session.meeting_on, starts_at=session.starts_at,
        ends_at=ends_at,
    )  # fmt: skip
    elected_at = session.counting_elected_at
    if elected_at is not None and ends_at is not None and ends_at < elected_at:
        raise FieldRefused(
            "Giờ kết thúc {} trước giờ bầu Ban kiểm phiếu {}.".format(
                _hm(ends_at), _hm(elected_at)
            ),
            field="ends_at",
        )
    session.ends_at = ends_at
    if session.on_paper:
        missing = [
            i.nomination.subject_name
            for i in session.items.select_related(*AGENDA_SUBJECTS)
            if not i.paper_counted
        ]
        if missing:
            raise ActionRefused(
                "Chưa nhập kết quả kiểm phiếu giấy cho: {}.".format(", ".join(missing))
            )
    results = tally(session)
    if not results["items"]:
        raise ActionRefused("Phiên họp chưa có nội dung bỏ phiếu.")
    for row in results["items"]:
        if not session.on_paper and row["ballots"] != row["votes"]:
            raise ActionRefused(
                "«{}»: {} phiếu trong hòm phiếu nhưng {} lượt bỏ phiếu; dữ liệu phiếu bầu đã bị "
                "thay đổi, không kết thúc được phiên họp. Liên hệ quản trị hệ thống.".format(
                    row["subject"], row["ballots"], row["votes"]
                )
            )
    if not results["quorum_met"]:
        raise ActionRefused(
            "Chưa đủ {} thành viên có mặt ({}/{}; {}); không kết thúc được phiên họp.".format(
                results["quorum"],
                results["present_members"],
                results["total_members"],
                results["quorum_source"],
            )  # fmt: skip
        )
    issues = apply_quotas(session, results)
    if issues:
        raise ActionRefused(" ".join(issue.message for issue in issues))
    session.closed_at = timezone.now()
    session.closed_by = acting_user
    states = {
        r["nomination"]: NominationState.PASSED
        if r["passed"] and not r["over_quota"]
        else NominationState.FAILED
        for r in results["items"]
    }
    _finish(session, results, states, acting_user=acting_user)
    with set_actor(acting_user):
        session.save()
        for nomination in Nomination.objects.select_for_update().filter(pk__in=states):
            NOMINATION_FLOW.move(
                nomination, states[nomination.pk], acting_user=acting_user, obj=session
            )
    return session


def _require_no_outcome(session: CouncilSession) -> None:
    """Refuse to void results that already left the council: an issued decision wrote them into
    the award register, a proposal sent (or answered, wholly or in part) put them before a higher
    level. Those are
    undone where they live (revoke the decision; the higher level's answer) before annulling."""
    # Through the app registry: decisions and proposals import the council, not the reverse.
    decision_model = apps.get_model("decisions", "Decision")
    proposal_model = apps.get_model("proposals", "Proposal")
    issued = decision_model.objects.filter(session=session, state="issued").order_by("pk").first()
    if issued is not None:
        raise ActionRefused(
            "Không huỷ được kết quả phiên họp «{}»: đã ban hành quyết định số {} theo kết quả "
            "này. Cần thu hồi quyết định trước.".format(session.name, issued.document_number)
        )
    sent = (
        proposal_model.objects.filter(session=session, state__in=("sent", "approved", "partial"))
        .order_by("pk")
        .first()
    )
    if sent is not None:
        raise ActionRefused(
            "Không huỷ được kết quả phiên họp «{}»: tờ trình số {} theo kết quả này {}.".format(
                session.name,
                sent.document_number,
                "đã được cấp trên quyết định khen thưởng"
                if sent.state in ("approved", "partial")
                else "đã gửi cấp trên",
            )
        )


@transaction.atomic
def do_annul_session(session: CouncilSession, *, reason: str, acting_user) -> CouncilSession:
    """Void a session's results with a reason; its nominations may go before a new session.

    An open session is closed and sealed at the same moment, so what it held stays on record.
    """
    session = _locked(session)
    SESSION_FLOW.require_permission(acting_user, SessionState.ANNULLED, session)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Cần ghi lý do huỷ kết quả phiên họp.")
    SESSION_FLOW.require_move(session.state, SessionState.ANNULLED,
                              refused="Kết quả phiên họp đã bị huỷ trước đó.")  # fmt: skip
    _require_no_outcome(session)
    now = timezone.now()
    if session.state == SessionState.OPEN:
        session.closed_at = now
        session.closed_by = acting_user
        _finish(session, tally(session), nomination_states(session), acting_user=acting_user)
    session.annulled_at = now
    session.annulled_by = acting_user
    session.annul_reason = reason
    with set_actor(acting_user):
        session.save()
        pks = session.items.values_list("nomination_id", flat=True)
        for nomination in Nomination.objects.select_for_update().filter(pk__in=list(pks)):
            if NOMINATION_FLOW.allows(nomination.state, NominationState.PROPOSED):
                NOMINATION_FLOW.move(
                    nomination, NominationState.PROPOSED, acting_user=acting_user, obj=session
                )
    return session


@transaction.atomic
def do_rank_results(
    session: CouncilSession, title: str, ordered_items, *, acting_user
) -> list[AgendaItem]:
    """Rank the session's items for a quota-capped title (1 = first chosen); the quota's size
    then decides who is chosen when the session closes."""
    session = _locked(session)
    _require_manager(acting_user, session)
    _require_open(session)
    # Items put to the vote for a higher title may pass at this one by lower-title votes.
    items = {
        i.pk: i
        for i in session.items.select_related("nomination")
        if may_pass_at(i.nomination.title, title)
    }
    pks = [i.pk if isinstance(i, AgendaItem) else int(i) for i in ordered_items]
    if len(set(pks)) != len(pks) or not set(pks) <= set(items):
        raise ActionRefused("Danh sách xếp hạng có nội dung không thuộc danh hiệu này.")
    with set_actor(acting_user):
        for item in items.values():
            rank = pks.index(item.pk) + 1 if item.pk in pks else None
            if item.rank != rank:
                item.rank = rank
                item.save()
    return [items[pk] for pk in pks]


# --- publication of the results for comments (công khai kết quả xét chọn) ----------------------


def _author_name(user) -> str:
    """Return the name a comment is signed with: the account's person, else its user name."""
    return user.person.full_name if user.person_id else user.get_username()


@transaction.atomic
def do_publish_results(
    session: CouncilSession, *, starts_on: date, ends_on: date, note: str = "", acting_user
) -> ResultsPublication:
    """Publish a closed session's proposed results inside the organisation for comments, from
    `starts_on` to `ends_on` (both entered by the secretary, both included)."""
    session = _locked(session)
    require_perm(acting_user, "council.manage_session", session,
                 message="Chỉ thường trực Hội đồng được công khai kết quả xét chọn.")  # fmt: skip
    if session.state == SessionState.ANNULLED:
        raise ActionRefused("Kết quả phiên họp «{}» đã bị huỷ; không công khai được.".format(
            session.name))  # fmt: skip
    if session.state != SessionState.CLOSED:
        raise ActionRefused("Phiên họp «{}» chưa kết thúc; chỉ công khai kết quả sau khi kết "
                            "thúc phiên họp.".format(session.name))  # fmt: skip
    if ResultsPublication.objects.filter(session=session).exists():
        raise ActionRefused("Kết quả phiên họp «{}» đã được công khai.".format(session.name))
    if starts_on is None or ends_on is None:
        raise FieldRefused("Cần nhập ngày bắt đầu và ngày kết thúc công khai.", field="starts_on")
    if starts_on < session.meeting_on:
        raise FieldRefused(
            "Ngày bắt đầu công khai {:%d/%m/%Y} trước ngày họp Hội đồng {:%d/%m/%Y}.".format(
                starts_on, session.meeting_on
            ),
            field="starts_on",
        )
    if ends_on < starts_on:
        raise FieldRefused(
            "Ngày kết thúc công khai {:%d/%m/%Y} trước ngày bắt đầu {:%d/%m/%Y}.".format(
                ends_on, starts_on
            ),
            field="ends_on",
        )
    with set_actor(acting_user):
        return ResultsPublication.objects.create(
            organization_id=session.organization_id, session=session, starts_on=starts_on,
            ends_on=ends_on, note=(note or "").strip(), published_by=acting_user,
        )  # fmt: skip


@transaction.atomic
def do_comment_on_publication(publication, *, text: str, acting_user):
    """A member of the organisation sends a comment on screen, while the period is open."""
    require_perm(acting_user, "council.comment_on_publication", publication,
                 message="Chỉ cán bộ của cơ quan được góp ý về kết quả công khai.")  # fmt: skip
    text = (text or "").strip()
    if not text:
        raise FieldRefused("Cần ghi nội dung ý kiến.", field="text")
    today = timezone.localdate()
    if not publication.is_open_on(today):
        raise ActionRefused(
            "Chỉ nhận ý kiến trong thời gian công khai, từ ngày {:%d/%m/%Y} đến hết ngày "
            "{:%d/%m/%Y}.".format(publication.starts_on, publication.ends_on)
        )
    with set_actor(acting_user):
        return PublicationComment.objects.create(
            publication=publication, author=acting_user, author_name=_author_name(acting_user),
            received_on=today, text=text, on_paper=False, recorded_by=acting_user,
        )  # fmt: skip


@transaction.atomic
def do_record_paper_comment(
    publication, *, author_name: str, received_on: date, text: str, acting_user
):
    """The secretary records a comment received on paper, with its date and author."""
    require_perm(acting_user, "council.manage_session", publication.session,
                 message="Chỉ thường trực Hội đồng ghi nhận ý kiến bằng văn bản.")  # fmt: skip
    author_name, text = (author_name or "").strip(), (text or "").strip()
    if not author_name:
        raise FieldRefused("Cần ghi người góp ý.", field="author_name")
    if not text:
        raise FieldRefused("Cần ghi nội dung ý kiến.", field="text")
    if received_on is None:
        raise FieldRefused("Cần nhập ngày nhận ý kiến.", field="received_on")
    if received_on > timezone.localdate():
        raise FieldRefused(
            "Ngày nhận {:%d/%m/%Y} ở tương lai.".format(received_on), field="received_on"
        )
    if not publication.is_open_on(received_on):
        raise FieldRefused(
            "Ngày nhận {:%d/%m/%Y} ngoài thời gian công khai (từ {:%d/%m/%Y} đến {:%d/%m/%Y})."
            .format(received_on, publication.starts_on, publication.ends_on),
            field="received_on",
        )  # fmt: skip
    with set_actor(acting_user):
        return PublicationComment.objects.create(
            publication=publication, author=None, author_name=author_name,
            received_on=received_on, text=text, on_paper=True, recorded_by=acting_user,
        )  # fmt: skip


def publication_refusal(session: CouncilSession, decided_on: date) -> str:
    """Return why a decision on `session`'s results cannot be signed on `decided_on` under the
    organisation's regulation on publication ("" when it can)."""
    if not session.organization.results_publication_required:
        return ""
    publication = ResultsPublication.objects.filter(session=session).first()
    if publication is None:
        return (
            "Quy chế của cơ quan yêu cầu công khai kết quả xét chọn trước khi quyết định; kết "
            "quả phiên họp «{}» chưa được công khai.".format(session.name)
        )
    if decided_on <= publication.ends_on:
        return (
            "Kết quả phiên họp «{}» đang công khai đến hết ngày {:%d/%m/%Y}; chỉ ban hành quyết "
            "định từ ngày hôm sau, khi đã hết thời gian nhận ý kiến.".format(
                session.name, publication.ends_on
            )
        )
    return ""
