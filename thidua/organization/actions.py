"""Business actions on units and people: one transaction each, with the acting user on the audit."""

from datetime import date

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import ProtectedError

from thidua.organization.models import Assignment, Person, Unit


class ActionRefused(Exception):
    """A business action that cannot be done, with a message for the user (in Vietnamese)."""


@transaction.atomic
def do_save_unit(unit: Unit, *, acting_user) -> Unit:
    """Create or update a unit, validated against its model rules."""
    with set_actor(acting_user):
        unit.full_clean()
        unit.save()
    return unit


@transaction.atomic
def do_delete_unit(unit: Unit, *, acting_user) -> None:
    """Delete a unit that has no sub-units, members or records pointing to it."""
    if unit.children.exists():
        raise ActionRefused("Đơn vị còn đơn vị cấp dưới; hãy chuyển hoặc xoá chúng trước.")
    with set_actor(acting_user):
        try:
            unit.delete()
        except ProtectedError:
            raise ActionRefused(
                "Đơn vị đã có cán bộ hoặc hồ sơ gắn với nó nên không thể xoá."
            ) from None


@transaction.atomic
def do_save_person(
    person: Person, *, acting_user, unit: Unit | None = None, unit_since: date | None = None
) -> Person:
    """Create or update a person and, when the unit changes, close the old assignment.

    A transfer keeps the history: the current assignment ends the day the new one starts.
    """
    with set_actor(acting_user):
        person.full_clean()
        person.save()
        if unit is not None:
            _assign(person, unit, unit_since or _default_since(person))
    return person


def _default_since(person: Person) -> date:
    """A first assignment starts at hiring; a transfer without a date happens today."""
    if person.hired_on and not person.assignments.exists():
        return person.hired_on
    return date.today()


def _assign(person: Person, unit: Unit, since: date) -> None:
    current = Assignment.objects.current().select_for_update().filter(person=person).first()
    if current is not None and current.unit_id == unit.pk:
        return
    if current is not None:
        if since <= current.started_on:
            raise ActionRefused(
                "Ngày về đơn vị mới phải sau ngày bắt đầu ở đơn vị hiện tại ({:%d/%m/%Y}).".format(
                    current.started_on
                )
            )
        current.ended_on = since
        current.save()
    Assignment.objects.create(person=person, unit=unit, started_on=since)


@transaction.atomic
def do_delete_person(person: Person, *, acting_user) -> None:
    """Delete a person who has no account, awards or other records that must be kept."""
    if hasattr(person, "user"):
        raise ActionRefused("Cán bộ có tài khoản đăng nhập; hãy khoá tài khoản thay vì xoá.")
    with set_actor(acting_user):
        try:
            person.delete()
        except ProtectedError:
            raise ActionRefused(
                "Cán bộ đã có khen thưởng hoặc hồ sơ cần lưu giữ; "
                "hãy ghi ngày thôi việc thay vì xoá."
            ) from None
