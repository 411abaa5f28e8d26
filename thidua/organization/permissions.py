"""Object permissions of the organisation app (django-rules predicates).

Lists are scoped by `visible_to(user)`; these predicates answer for one object.
"""

import rules

from thidua.organization.models import Assignment


@rules.predicate
def same_organization(user, obj):
    return obj is None or getattr(obj, "organization_id", None) == user.organization_id


@rules.predicate
def edits_personnel(user):
    return user.edits_personnel


@rules.predicate
def is_admin(user):
    return user.is_admin


@rules.predicate
def sees_whole_organization(user):
    return user.sees_whole_organization


@rules.predicate
def is_own_record(user, person):
    return person is not None and user.person_id == person.pk


@rules.predicate
def in_headed_unit(user, person):
    """Tell whether the person is currently assigned to a unit the user heads (one query)."""
    if person is None or not user.headed_unit_ids:
        return False
    return (
        Assignment.objects.current()
        .filter(person=person, unit_id__in=user.headed_unit_ids)
        .exists()
    )


signed_in = rules.is_authenticated & rules.is_active

rules.add_perm(
    "organization.view_person",
    signed_in & same_organization & (sees_whole_organization | is_own_record | in_headed_unit),
)
rules.add_perm("organization.add_person", signed_in & edits_personnel)
# A unit head keeps their people's contact details and moves them between their units; the
# personnel record (dates, category, position) and their own record are the secretary's.
rules.add_perm(
    "organization.change_person",
    signed_in & same_organization & (edits_personnel | (in_headed_unit & ~is_own_record)),
)
rules.add_perm("organization.delete_person", signed_in & same_organization & edits_personnel)

rules.add_perm("organization.view_unit", signed_in & same_organization)
rules.add_perm("organization.add_unit", signed_in & is_admin)
rules.add_perm("organization.change_unit", signed_in & same_organization & is_admin)
rules.add_perm("organization.delete_unit", signed_in & same_organization & is_admin)


# Legal parameters (tham số pháp lý) -------------------------------------------------------------


@rules.predicate
def own_organization(user, organization):
    return organization is not None and organization.pk == user.organization_id


@rules.predicate
def sets_rule_parameters(user):
    """The council's secretary and the administrator keep the organisation's legal parameters."""
    return user.has_role("secretary", "admin")


# The principal, council members and leaders read them (the council votes and the principal
# signs under these rules, so they may see what the organisation decided); staff and unit heads
# only see, on "Xét điều kiện", that some rules await confirmation.
rules.add_perm(
    "organization.view_rule_parameters",
    signed_in & own_organization & (sees_whole_organization | sets_rule_parameters),
)
rules.add_perm(
    "organization.change_rule_parameters", signed_in & own_organization & sets_rule_parameters
)
