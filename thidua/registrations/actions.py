"""Registration (đăng ký thi đua) of a unit and its people: draft → submitted → accepted, or
returned with a reason and submitted again (the moves and who makes each: `TRANSITIONS`, enforced
by `transition`). One transaction each, asking the registrations' permissions, audited with the
actor. An action tells the faults of what it is given first, then whether the user may act."""

from django.db import transaction
from django.utils import timezone

from thidua.core.actions import ActionRefused, require_perm
from thidua.core.audit import set_actor
from thidua.organization.models import Person, Unit
from thidua.registrations.models import (
    EDITABLE,
    REGISTRATION_FLOW,
    Registration,
    RegistrationState,
)
from thidua.rules import authority

# Emulation titles one registers for at the start of the year (danh hiệu thi đua, Luật TĐKT 2003
# Điều 10 makes registration a basis for them); forms of commendation are not registered. The
# lists are the law's, kept in thidua.rules.authority.
PERSON_REGISTRABLE = authority.PERSON_REGISTRABLE
UNIT_REGISTRABLE = authority.UNIT_REGISTRABLE


def registrable_for(person: Person) -> tuple[str, ...]:
    """Return the individual titles this person may register for."""
    return authority.registrable_for(person.gender)


def unit_registration(unit: Unit, year: int, *, lock: bool = False) -> Registration:
    """Return the unit's registration for the year, creating an empty draft."""
    rows = Registration.objects.select_for_update() if lock else Registration.objects
    registration, _ = rows.get_or_create(
        unit=unit, year=year, defaults={"organization_id": unit.organization_id}
    )
    return registration


def _members(unit: Unit, year: int):
    return Person.objects.in_unit([unit.pk]).filter(organization_id=unit.organization_id)


@transaction.atomic
def do_save_unit_registration(
    unit: Unit, year: int, *, unit_titles, member_titles: dict[int, list[str]], acting_user
) -> Registration:
    """Record the titles the unit and each of its members aim at (while draft or returned)."""
    registration = unit_registration(unit, year, lock=True)
    if registration.state not in EDITABLE:
        raise ActionRefused("Bản đăng ký đã gửi; chỉ sửa được khi còn nháp hoặc bị trả lại.")
    _check(unit_titles, UNIT_REGISTRABLE)
    members = {p.pk: p for p in _members(unit, year)}
    unknown = set(member_titles) - set(members)
    if unknown:
        raise ActionRefused("Có cán bộ không thuộc đơn vị trong bản đăng ký.")
    for pk, titles in member_titles.items():
        _check(titles, registrable_for(members[pk]))
    require_perm(
        acting_user, "registrations.edit_unit", unit,
        message="Chỉ trưởng đơn vị được đăng ký thi đua cho đơn vị mình.",
    )  # fmt: skip
    with set_actor(acting_user):
        registration.titles = sorted(unit_titles)
        registration.save()
        for pk, titles in member_titles.items():
            row, _ = Registration.objects.get_or_create(
                person_id=pk, year=year, defaults={"organization_id": unit.organization_id}
            )
            row.titles = sorted(titles)
            row.state = registration.state
            row.save()
    return registration


def _check(titles, allowed) -> None:
    wrong = set(titles) - set(allowed)
    if wrong:
        raise ActionRefused("Danh hiệu không đăng ký được: {}.".format(", ".join(sorted(wrong))))


def transition(unit: Unit, year: int, target: str, *, acting_user, **fields) -> Registration:
    """Move the unit's registration, and its members' with it, to `target`: the one way a state
    changes. Refuse a move `TRANSITIONS` does not list, or a user without its permission; set
    `fields` (times, the reason) and save each row under the actor (its audit entry)."""
    registration = unit_registration(unit, year, lock=True)
    REGISTRATION_FLOW.check(acting_user, registration, target, obj=unit)
    people = Registration.objects.filter(
        year=year, person__in=_members(unit, year)
    ).select_for_update()
    with set_actor(acting_user):
        for row in [registration, *people]:
            row.state = target
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
    return registration


@transaction.atomic
def do_submit_unit_registration(unit: Unit, year: int, *, acting_user) -> Registration:
    """Send the unit's registration, with its members', to the council's secretary."""
    registration = unit_registration(unit, year, lock=True)
    members_titles = Registration.objects.filter(
        year=year, person__in=_members(unit, year)
    ).values_list("titles", flat=True)
    if not registration.titles and not any(members_titles):
        raise ActionRefused("Bản đăng ký còn trống: chưa có danh hiệu nào.")
    return transition(unit, year, RegistrationState.SUBMITTED, acting_user=acting_user,
                      submitted_at=timezone.now())  # fmt: skip


@transaction.atomic
def do_return_unit_registration(unit: Unit, year: int, *, reason: str, acting_user):
    """Return a submitted registration to the unit head, saying what to fix."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Cần ghi lý do trả lại.")
    return transition(unit, year, RegistrationState.RETURNED, acting_user=acting_user,
                      return_reason=reason, decided_at=timezone.now())  # fmt: skip


@transaction.atomic
def do_accept_unit_registration(unit: Unit, year: int, *, acting_user):
    """Accept a submitted registration; the engine then reads it as registered."""
    return transition(unit, year, RegistrationState.ACCEPTED, acting_user=acting_user,
                      decided_at=timezone.now())  # fmt: skip


@transaction.atomic
def do_save_own_registration(person: Person, year: int, *, titles, acting_user) -> Registration:
    """Record the titles a staff member aims at, while their unit's registration is open."""
    require_perm(
        acting_user, "registrations.edit_own", person,
        message="Mỗi cán bộ chỉ tự đăng ký thi đua cho chính mình.",
    )  # fmt: skip
    current = person.assignments.current().select_related("unit").first()
    if current is None:
        raise ActionRefused("Bạn chưa thuộc đơn vị nào; liên hệ Phòng Tổ chức – Hành chính.")
    unit_row = unit_registration(current.unit, year, lock=True)
    if unit_row.state not in EDITABLE:
        raise ActionRefused("Đơn vị đã gửi bản đăng ký; muốn sửa, hãy liên hệ trưởng đơn vị.")
    _check(titles, registrable_for(person))
    with set_actor(acting_user):
        row, _ = Registration.objects.get_or_create(
            person=person, year=year, defaults={"organization_id": person.organization_id}
        )
        row.titles = sorted(titles)
        row.state = unit_row.state
        row.save()
    return row
