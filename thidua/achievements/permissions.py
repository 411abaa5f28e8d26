"""Who sees, proposes, changes and verifies evidence, and who closes a year.

The predicates take the record itself, so every evidence model shares them; they are registered
under generic names (`achievements.verify_evidence`) and under each model's own
(`achievements.view_research`), which the attachments app asks for by the record's type.

* The secretary (and an administrator) sees, changes and verifies everything of the organisation.
* A unit head verifies the evidence of their units' people and the units' own grades, never
  their own evidence.
* Anyone may propose their own evidence and change it until it is verified.
* Once the secretary closes a year, its evidence changes only by the secretary (audited).
"""

import rules

from thidua.achievements.models import YearClosure
from thidua.organization.models import Assignment
from thidua.organization.permissions import same_organization, signed_in

EVIDENCE_MODELS = (
    "yeargrade",
    "initiative",
    "research",
    "work",
    "training",
    "unionscore",
    "discipline",
    "leave",
)


@rules.predicate
def is_secretary(user):
    return user.edits_personnel


@rules.predicate
def sees_whole_organization(user):
    return user.sees_whole_organization


@rules.predicate
def is_own_evidence(user, record):
    return user.person_id is not None and user.person_id in record.subject_people_ids()


@rules.predicate
def heads_subject(user, record):
    """Tell whether the record is about the user's units or people currently in them."""
    units = user.headed_unit_ids
    if not units:
        return False
    if getattr(record, "unit_id", None):
        return record.unit_id in units
    people = record.subject_people_ids()
    return bool(people) and (
        Assignment.objects.current().filter(person_id__in=people, unit_id__in=units).exists()
    )


@rules.predicate
def is_unverified(user, record):
    return record.verification != "verified"


@rules.predicate
def in_closed_year(user, record):
    return YearClosure.objects.filter(
        organization_id=record.organization_id, year__in=record.years()
    ).exists()


view_evidence = (
    signed_in & same_organization & (sees_whole_organization | is_own_evidence | heads_subject)
)
verifies = is_secretary | (heads_subject & ~is_own_evidence)
change_evidence = (
    signed_in
    & same_organization
    & (is_secretary | (~in_closed_year & (verifies | (is_own_evidence & is_unverified))))
)
verify_evidence = signed_in & same_organization & (is_secretary | (~in_closed_year & verifies))
delete_evidence = change_evidence & (is_secretary | is_unverified)

rules.add_perm("achievements.view_evidence", view_evidence)
rules.add_perm("achievements.change_evidence", change_evidence)
rules.add_perm("achievements.verify_evidence", verify_evidence)
rules.add_perm("achievements.delete_evidence", delete_evidence)
rules.add_perm("achievements.close_year", signed_in & is_secretary)
for name in EVIDENCE_MODELS:
    rules.add_perm("achievements.view_{}".format(name), view_evidence)
    rules.add_perm("achievements.change_{}".format(name), change_evidence)
    rules.add_perm("achievements.verify_{}".format(name), verify_evidence)
    rules.add_perm("achievements.delete_{}".format(name), delete_evidence)
