"""Who may be nominated, by whom, and for which titles: a unit head their units and the people
in them; the council's secretary (or the administrator) anyone of the organisation — the
leadership (Ban Giám hiệu, people in no unit), units without a head account — and the
organisation itself for the collective titles decided above it."""

from datetime import date

from thidua import rules
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit
from thidua.rules.authority import LOWER_TITLES, higher_body
from thidua.rules.instruments import regime_on


def organization_titles(year: int) -> tuple[str, ...]:
    """Return the titles the organisation itself may be nominated for: the collective titles and
    forms the head of the school cannot give their own school, so decided above it (TTLĐXS, the
    Cờ thi đua of the province, the Academy and the Government, a collective Bằng khen)."""
    regime = regime_on(date(year, 12, 31))
    return tuple(t for t in rules.UNIT_TITLES if higher_body(t, regime) is not None)


def lower_titles_for(nomination) -> tuple[str, ...]:
    """Return the lower titles a member may agree to instead of the nomination's: one step down
    (rules.authority.LOWER_TITLES), and for the organisation itself (and another organisation's
    nominee) only the titles decided above it (its TTLĐXS agreed as a TTLĐTT would be the head
    of the school rewarding their own school)."""
    lower = LOWER_TITLES.get(nomination.title, ())
    if nomination.outside_organization_id is not None:
        # Another organisation's nominee before a receiving body's council: only a title that
        # body's level decides (a CSTĐ tỉnh nominee is not made CSTĐCS here: its agency does).
        regime = regime_on(date(nomination.year, 12, 31))
        return tuple(t for t in lower if higher_body(t, regime) is not None)
    if nomination.person_id or nomination.unit_id:
        return lower
    allowed = organization_titles(nomination.year)
    return tuple(t for t in lower if t in allowed)


def nominates_anyone(user) -> bool:
    """The council's standing secretary (and the administrator) nominates across units."""
    return user.has_perm("council.nominate_organization", user.organization)


def nomination_subjects(user):
    """Return the people (active, ordered as the staff list) and units the user may nominate:
    their units for a unit head, every one of the organisation for the secretary. Each person
    carries `current_unit_id` and `current_unit_name` (None in no unit)."""
    people = Person.objects.filter(organization_id=user.organization_id, left_on__isnull=True)
    units = Unit.objects.filter(organization_id=user.organization_id, kind__in=STAFF_UNIT_KINDS)
    if not nominates_anyone(user):
        heads = user.headed_unit_ids
        people, units = people.in_unit(heads), units.filter(pk__in=heads)
    return (
        list(people.with_current_unit().order_by("sort_key")),
        list(units),
    )


def leadership_units(units) -> set[int]:
    """Return the pks of the leadership units (Ban Giám hiệu) among `units`."""
    return {u.pk for u in units if u.kind == "board"}
