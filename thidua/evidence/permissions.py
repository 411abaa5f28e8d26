"""Who sees, proposes, changes and verifies evidence, and who closes a year.

The predicates take the record itself, so every evidence model shares them; they are registered
under generic names (`achievements.verify_evidence`) and under each model's own
(`achievements.view_research`), which the attachments app asks for by the record's type.

* The secretary (and an administrator) sees, changes and verifies everything of the organisation.
* A unit head sees the evidence about any of their units' people, and verifies that whose
  people are all in their units (and the units' own grades), never their own evidence.
* Anyone may propose their own evidence and change it until it is verified; so may a unit head
  the evidence about any of their people (a work shared with another unit's lecturer waits,
  proposed, for the secretary).
* Once the secretary closes a year, its evidence changes only by the secretary (audited).
* Only the secretary keeps the titles and years an initiative was counted for (its claims).
"""

from functools import reduce
from operator import or_

import rules
from django.db.models import Q

from thidua.evidence.kinds import KINDS
from thidua.evidence.models import YearClosure
from thidua.organization.models import Assignment
from thidua.organization.permissions import (
    same_organization,
    sees_whole_organization,
    signed_in,
)


@rules.predicate
def is_secretary(user):
    return user.edits_personnel


@rules.predicate
def is_own_evidence(user, record):
    return user.person_id is not None and user.person_id in record.subject_people_ids()


def _current_in(people: set[int], units) -> set[int]:
    """Return those of `people` currently assigned to one of `units` (one query)."""
    return set(
        Assignment.objects.current()
        .filter(person_id__in=people, unit_id__in=units)
        .values_list("person_id", flat=True)
    )


@rules.predicate
def heads_subject(user, record):
    """Tell whether the record is about the user's units or any person currently in them
    (what a unit head may see)."""
    units = user.headed_unit_ids
    if not units:
        return False
    if getattr(record, "unit_id", None):
        return record.unit_id in units
    people = record.subject_people_ids()
    return bool(people) and bool(_current_in(people, units))


@rules.predicate
def heads_every_subject(user, record):
    """Tell whether the record is about the user's units or only people currently in them.

    A unit head vouches only for their own people: a work written with a lecturer of another
    unit waits for the secretary (or that unit's head would vouch for a colleague they do not
    lead).
    """
    units = user.headed_unit_ids
    if not units:
        return False
    if getattr(record, "unit_id", None):
        return record.unit_id in units
    people = record.subject_people_ids()
    return bool(people) and _current_in(people, units) == people


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
verifies = is_secretary | (heads_every_subject & ~is_own_evidence)
change_evidence = (
    signed_in
    & same_organization
    & (
        is_secretary
        | (~in_closed_year & (verifies | ((is_own_evidence | heads_subject) & is_unverified)))
    )
)
verify_evidence = signed_in & same_organization & (is_secretary | (~in_closed_year & verifies))
delete_evidence = change_evidence & (is_secretary | is_unverified)


def verifiable_by(user, queryset, *, closed_years=None):
    """Return the records of `queryset` that `user` may verify: `verify_evidence` in SQL.

    For lists and counts, where asking the rule per record would cost queries per row. The same
    rule: the secretary verifies everything of the organisation; a unit head, outside closed
    years, what is about their units or only about people now in them, never their own.
    `closed_years` spares the query when the caller already read them.
    """
    if not user.is_authenticated or user.organization_id is None:
        return queryset.none()
    model = queryset.model
    rows = queryset.filter(organization_id=user.organization_id)
    if user.edits_personnel:
        return rows
    units = user.headed_unit_ids
    if not units:
        return rows.none()
    if closed_years is None:
        closed_years = YearClosure.objects.filter(organization_id=user.organization_id).values_list(
            "year", flat=True
        )
    conditions = [model.year_condition(year) for year in closed_years]
    if conditions:
        rows = rows.exclude(reduce(or_, conditions))
    ours = Assignment.objects.current().filter(unit_id__in=units).values("person_id")
    if model.several_people:
        through, link = team_of(model)
        rows = rows.filter(pk__in=through.objects.filter(person_id__in=ours).values(link))
        rows = rows.exclude(pk__in=through.objects.exclude(person_id__in=ours).values(link))
        if user.person_id is not None:
            rows = rows.exclude(
                pk__in=through.objects.filter(person_id=user.person_id).values(link)
            )
        return rows
    about = Q(person_id__in=ours)
    if model.has_unit_subject:
        about |= Q(unit_id__in=units)
    rows = rows.filter(about)
    if user.person_id is not None:
        rows = rows.exclude(person_id=user.person_id)
    return rows


def team_of(model):
    """Return the through model of a record with several people and its link to the record."""
    through = model._meta.get_field(model.person_path).remote_field.through
    link = next(f.name for f in through._meta.fields if f.related_model is model)
    return through, link


rules.add_perm("achievements.view_evidence", view_evidence)
rules.add_perm("achievements.change_evidence", change_evidence)
rules.add_perm("achievements.verify_evidence", verify_evidence)
rules.add_perm("achievements.delete_evidence", delete_evidence)
rules.add_perm("achievements.close_year", signed_in & is_secretary)
# Which titles and years an initiative was counted for decides whether it may count again.
rules.add_perm("achievements.claim_initiative", signed_in & same_organization & is_secretary)
for kind in KINDS.values():
    # Each kind's model under its own names (a grade's two kinds share one model's).
    for name, predicate in zip(
        kind.permissions,
        (view_evidence, change_evidence, verify_evidence, delete_evidence),
        strict=True,
    ):
        rules.set_perm(name, predicate)
