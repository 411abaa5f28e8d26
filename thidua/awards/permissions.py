"""Object permissions of the award register (django-rules predicates).

Lists are scoped by `Award.objects.visible_to(user)`; these predicates answer for one award or
for the organisation a new award goes into. The secretary and the administrator write the
register; everyone else reads what their scope allows.
"""

import rules

from thidua.organization.models import Assignment
from thidua.organization.permissions import is_secretary_or_admin


@rules.predicate
def same_organization(user, obj):
    """The award's (or the organisation's own) organisation is the user's."""
    if obj is None:
        return user.organization_id is not None
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is None:  # an Organization itself
        organization_id = getattr(obj, "pk", None)
    return organization_id == user.organization_id


# The council's standing secretary or an administrator writes: the organisation's predicate.
writes_register = is_secretary_or_admin


@rules.predicate
def sees_whole_organization(user):
    return user.sees_whole_organization


@rules.predicate
def own_award(user, award):
    return award is not None and award.person_id is not None and award.person_id == user.person_id


@rules.predicate
def in_headed_units(user, award):
    """The award's unit, or its person's current unit, is one the user heads (one query)."""
    heads = user.headed_unit_ids
    if award is None or not heads:
        return False
    if award.unit_id is not None:
        return award.unit_id in heads
    if award.person_id is None:
        return False
    current = Assignment.objects.current()
    return current.filter(person_id=award.person_id, unit_id__in=heads).exists()


signed_in = rules.is_authenticated & rules.is_active

rules.add_perm(
    "register.view_award",
    signed_in & same_organization & (sees_whole_organization | own_award | in_headed_units),
)
# Asked with the organisation the award goes into (or None).
rules.add_perm("register.add_award", signed_in & same_organization & writes_register)
# Correcting, revoking and attaching the scanned decision. An award written by one of thidua's
# decisions or answers is refused by the actions themselves, with the decision to go through.
rules.add_perm("register.change_award", signed_in & same_organization & writes_register)
# The national export of a year (thidua.awards.national): the whole register of the organisation,
# personal identification numbers included, so only those who keep the register.
rules.add_perm("register.export_national", signed_in & same_organization & writes_register)
