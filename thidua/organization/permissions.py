"""Object permissions of the organisation app (django-rules predicates).

Lists are scoped by `visible_to(user)`; these predicates answer for one object. The predicates
every app shares (signed in, same organisation, the council's secretary) live here, one per idea.

Units and people, on screen and by spreadsheet alike, are kept by the council's secretary and
the administrator: the secretary is the body's emulation and commendation office (bộ phận thường
trực TĐKT), which keeps the staff list the council reviews; a unit head keeps the contact details
of their people and moves them between their units.
"""

import rules

from thidua.accounts.models import Role
from thidua.organization.models import Assignment


@rules.predicate
def same_organization(user, obj):
    return obj is None or getattr(obj, "organization_id", None) == user.organization_id


@rules.predicate
def is_secretary_or_admin(user):
    """The council's secretary (Thường trực Hội đồng TĐ-KT, the body's emulation office) or an
    administrator: who keeps units, people, plans and legal parameters and decides
    registrations. The one place these two roles are named together."""
    return user.has_role(Role.SECRETARY, Role.ADMIN)


@rules.predicate
def is_secretary(user):
    """The council's secretary alone (not an administrator): who records on the council's
    behalf what only the body itself decides (the trade union's decisions, drafting a decision
    with the principal)."""
    return user.has_role(Role.SECRETARY)


@rules.predicate
def is_principal(user):
    """The head of the organisation (Hiệu trưởng): who signs decisions and proposals."""
    return user.has_role(Role.PRINCIPAL)


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
def heads_unit(user, unit):
    """Tell whether the unit is one the user heads (or lies below one)."""
    return unit is not None and unit.pk in user.headed_unit_ids


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
rules.add_perm("organization.add_person", signed_in & same_organization & is_secretary_or_admin)
# A unit head keeps their people's contact details and moves them between their units; the
# personnel record (dates, category, position) and their own record are the secretary's.
rules.add_perm(
    "organization.change_person",
    signed_in & same_organization & (is_secretary_or_admin | (in_headed_unit & ~is_own_record)),
)
rules.add_perm(
    "organization.change_personnel_record", signed_in & same_organization & is_secretary_or_admin
)
# The personal identification number (số định danh cá nhân, CCCD) is personal data (Nghị định
# 13/2023/NĐ-CP): only those who keep people see it, on screen and in the exports.
rules.add_perm(
    "organization.view_personal_id", signed_in & same_organization & is_secretary_or_admin
)
rules.add_perm(
    "organization.delete_person", signed_in & same_organization & is_secretary_or_admin
)
# The unit a person is assigned to: any of the organisation's for the secretary, one of their
# own units for a unit head.
rules.add_perm(
    "organization.assign_to_unit",
    signed_in & same_organization & (is_secretary_or_admin | heads_unit),
)

rules.add_perm("organization.view_unit", signed_in & same_organization)
rules.add_perm("organization.add_unit", signed_in & same_organization & is_secretary_or_admin)
rules.add_perm("organization.change_unit", signed_in & same_organization & is_secretary_or_admin)
rules.add_perm("organization.delete_unit", signed_in & same_organization & is_secretary_or_admin)


# Legal parameters (tham số pháp lý) -------------------------------------------------------------


@rules.predicate
def own_organization(user, organization):
    return organization is not None and organization.pk == user.organization_id


# The principal, council members and leaders read them (the council votes and the principal
# signs under these rules, so they may see what the organisation decided); staff and unit heads
# only see, on "Xét điều kiện", that some rules await confirmation.
rules.add_perm(
    "organization.view_rule_parameters",
    signed_in & own_organization & (sees_whole_organization | is_secretary_or_admin),
)
rules.add_perm(
    "organization.change_rule_parameters", signed_in & own_organization & is_secretary_or_admin
)


def keeps_every_person(user) -> bool:
    """Tell whether the user is one for whom add_person, change_person,
    change_personnel_record and assign_to_unit depend only on the object's organisation (the
    secretary, an administrator): a file of people then asks the rules once per organisation
    and unit, not once per person. A unit head is asked person by person."""
    return user is not None and bool(signed_in(user)) and bool(is_secretary_or_admin(user))


# The organisations of the installation ----------------------------------------------------------

# Only the installation's administrator (a superuser: `User.is_admin`) lists, creates and
# changes organisations: an organisation's own administrator (a role granted in it) keeps its
# units and people, never another organisation.
rules.add_perm("organization.view_organizations", signed_in & is_admin)
rules.add_perm("organization.add_organization", signed_in & is_admin)
rules.add_perm("organization.change_organization", signed_in & is_admin)
