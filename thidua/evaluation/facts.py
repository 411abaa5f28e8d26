"""Facts assembly: build the rules engine's frozen facts for an organisation-year from the database.

A handful of bulk queries for the whole organisation (never one per person), so a province's
agencies can be assembled one after another. Only verified evidence is read: the engine judges
what the unit head or the secretary has confirmed, nothing a staff member merely proposed.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Q

from thidua import rules
from thidua.awards.models import Award
from thidua.clusters.results import leader_years
from thidua.evaluation.hooks import plan_titles
from thidua.evidence.models import (
    Authorship,
    Discipline,
    InitiativeClaim,
    Leave,
    Research,
    ResearchMember,
    Training,
    UnionScore,
    YearGrade,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Assignment, Organization, Person, Unit
from thidua.registrations.models import Registration, RegistrationState
from thidua.rules._perf import paused_gc

# Units that hold collective titles; union groups and Party cells are judged by their own bodies.
COLLECTIVE_KINDS = STAFF_UNIT_KINDS


def person_id(pk: int) -> str:
    return "p{}".format(pk)


def person_pk(key: str) -> int:
    """Return the database key of an engine person id made by `person_id`."""
    return int(key[1:])


def unit_id(pk: int) -> str:
    return "u{}".format(pk)


def organization_unit_id(pk: int) -> str:
    """Return the id of the organisation itself among the engine's units (it holds flags)."""
    return "o{}".format(pk)


def working_in(year: int) -> Q:
    """Return the condition on a person to be judged for `year`: hired by its end (or with no
    hiring date: the engine says "review" for what it needs) and not gone before it began."""
    return (Q(hired_on__lte=date(year, 12, 31)) | Q(hired_on__isnull=True)) & ~Q(
        left_on__lte=date(year, 1, 1)
    )


def assemble_facts(organization: Organization, year: int, *, person_pks=None) -> rules.Facts:
    """Return the facts of the organisation's people and units for `year` and the years before.

    `person_pks` limits the people (a person's page needs only theirs); units are then left out,
    since a collective is judged from all its members.
    """
    return assemble_many_facts([organization.pk], year, person_pks=person_pks)


def assemble_many_facts(organization_pks, year: int, *, person_pks=None) -> rules.Facts:
    """Return the facts of several organisations at once (a province), in the same few queries.

    The cyclic garbage collector is paused meanwhile: a province is millions of small, acyclic
    objects, and collections walking them all cost more than the assembly itself.
    """
    with paused_gc():
        return _assemble(list(organization_pks), year, person_pks)


def _assemble(org_pks: list[int], year: int, person_pks) -> rules.Facts:
    last_day = date(year, 12, 31)
    people = Person.objects.filter(working_in(year), organization_id__in=org_pks)
    if person_pks is not None:
        people = people.filter(pk__in=person_pks)
    people = list(people.values_list("pk", "gender", "category", "hired_on"))
    # Evidence tables carry their organisation, so they are read without joining people; rows
    # of people outside the year are read and ignored, which is cheaper than the join.
    if person_pks is not None:
        scoped = {"person_id__in": [row[0] for row in people]}
        scoped_org = scoped
    else:
        scoped = {"person__organization_id__in": org_pks}
        scoped_org = {"organization_id__in": org_pks}

    units_by_person = _units_at(last_day, scoped, year)
    grades = _yearly(
        YearGrade.objects.verified().filter(person__isnull=False, year__lte=year, **scoped_org),
        "person_id",
        "grade",
    )
    titles = _titles(
        Award.objects.in_force().filter(person__isnull=False, year__lt=year, **scoped_org),
        "person_id",
    )
    initiatives = _initiatives(org_pks, year, scoped)
    research = _research(org_pks, year, scoped)
    union_scores = _yearly(
        UnionScore.objects.verified().filter(year__lte=year, **scoped_org), "person_id", "score"
    )
    # A review under way (pending) reaches the engine whatever day it began: NĐ 98/2023 and NĐ
    # 152/2025 Điều 4 khoản 4 forbid an award while it lasts, and the award for a year is decided
    # after the year, so a review opened in March 2025 still blocks the 2024 titles decided while
    # it is under way. That is right: the clause speaks of the time of the award, not of the
    # evaluated year. A closed decision dated after the year does not reach it.
    discipline = defaultdict(list)
    for pk, decided_on, form, until, pending in (
        Discipline.objects.verified()
        .filter(Q(decided_on__lte=last_day) | Q(pending=True), **scoped_org)
        .values_list("person_id", "decided_on", "form", "effective_until", "pending")
    ):
        discipline[pk].append(
            rules.Discipline(year=decided_on.year, form=form, until=until, pending=pending)
        )
    leave = _leave(year, scoped_org)
    registered = _registrations(org_pks, year, "person_id", scoped_org)

    no_unit, empty = (None, ()), {}
    people_facts = []
    for pk, gender, category, hired_on in people:
        unit, transfers = units_by_person.get(pk, no_unit)
        people_facts.append(
            rules.Person(
                id=person_id(pk),
                unit=unit,
                gender=gender,
                lecturer=category == "lecturer",
                hired_on=hired_on,
                grades=grades.get(pk, empty),
                titles=titles.get(pk, empty),
                initiatives=tuple(initiatives.get(pk, ())),
                research=research(pk),
                discipline=tuple(discipline.get(pk, ())),
                leave=tuple(leave.get(pk, ())),
                registered=registered(pk),
                transfers=transfers,
                union_scores={y: float(v) for y, v in union_scores.get(pk, empty).items()},
            )
        )
    unit_facts = () if person_pks is not None else _unit_facts(org_pks, year)
    return rules.Facts(year=year, people=tuple(people_facts), units=unit_facts)


def _initiatives(org_pks, year: int, scoped: dict) -> dict[int, list]:
    """Return each author's verified initiatives, each with the author's claims of it.

    A claim is a (title, year) of the author's award proposals that the initiative backed; the
    engine decides when it keeps the initiative from counting again (Công văn 5007/BNV-TĐKT năm
    2023, mục III.5.c; see rules.history.claim_blocks).
    """
    claims: dict[tuple[int, int], set[tuple[str, int]]] = defaultdict(set)
    # Only the people asked about have their claims read (a person's page: theirs alone).
    mine = {"person_id__in": scoped["person_id__in"]} if "person_id__in" in scoped else {}
    for initiative_pk, pk, title, claim_year in InitiativeClaim.objects.filter(
        initiative__organization_id__in=org_pks, **mine
    ).values_list("initiative_id", "person_id", "title", "year"):
        claims[initiative_pk, pk].add((title, claim_year))
    found = defaultdict(list)
    for pk, initiative_pk, init_year, level in Authorship.objects.filter(
        initiative__verification="verified", initiative__year__lte=year, **scoped
    ).values_list("person_id", "initiative_id", "initiative__year", "initiative__level"):
        mine = claims.get((initiative_pk, pk))
        found[pk].append(
            rules.Initiative(
                year=init_year, level=level, claims=frozenset(mine) if mine else frozenset()
            )
        )
    return found


def _research(org_pks, year: int, scoped: dict):
    """Return a lookup of each member's verified research, dated by its acceptance.

    An organisation that has recorded no research at all leaves it unknown (None), so a rule
    that needs research says "review" instead of reading the silence as "none".
    """
    if not Research.objects.filter(organization_id__in=org_pks).exists():
        return lambda pk: None
    found = defaultdict(list)
    for pk, started, accepted_on, result, level in ResearchMember.objects.filter(
        research__verification="verified", research__started_year__lte=year, **scoped
    ).values_list(
        "person_id",
        "research__started_year",
        "research__accepted_on",
        "research__result",
        "research__level",
    ):
        found[pk].append(
            rules.Research(
                year=accepted_on.year if accepted_on else started,
                level=level,
                accepted=Research.is_accepted(accepted_on, result),
            )
        )
    return lambda pk: tuple(found.get(pk, ()))


def _leave(year: int, scoped_org: dict) -> dict[int, list]:
    """Return each person's absences in the year: leave, and full-time training as study.

    Full-time training carries the course's length and result, which the rules weigh (NĐ 91
    Điều 7; NĐ 98 Điều 4 khoản 3), so a recorded "study" leave over the same days is left out
    rather than counted twice.
    """
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    found = defaultdict(list)
    studying = defaultdict(list)
    for pk, start, end, result in (
        Training.objects.verified()
        .filter(full_time=True, started_on__lte=last_day, **scoped_org)
        .filter(Q(ended_on__gte=first_day) | Q(ended_on__isnull=True))
        .values_list("person_id", "started_on", "ended_on", "result")
    ):
        days = (min(end or last_day, last_day) - max(start, first_day)).days + 1
        months = _months(start, end) if end else None
        studying[pk].append((start, end or last_day))
        found[pk].append(
            rules.Leave(
                year=year, kind="study", days=days, course_months=months, result=result or None
            )
        )
    for pk, kind, start, end, certified in (
        Leave.objects.verified()
        .filter(started_on__lte=last_day, ended_on__gte=first_day, **scoped_org)
        .values_list("person_id", "kind", "started_on", "ended_on", "certified")
    ):
        if kind == "study" and any(s <= end and start <= e for s, e in studying.get(pk, ())):
            continue
        days = (min(end, last_day) - max(start, first_day)).days + 1
        found[pk].append(rules.Leave(year=year, kind=kind, days=days, certified=certified))
    return found


def _months(start: date, end: date) -> int:
    """Return the whole months of a course from its first to its last day."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day - 1 else 0)


def _units_at(day: date, scoped: dict, year: int) -> dict[int, tuple[str | None, tuple]]:
    """Return each person's unit on `day` and the transfers they made during its year."""
    found: dict[int, tuple[str | None, list]] = {}
    history = defaultdict(list)
    for pk, unit_pk, started_on, ended_on in (
        Assignment.objects.filter(started_on__lte=day, **scoped)
        .order_by("started_on")
        .values_list("person_id", "unit_id", "started_on", "ended_on")
    ):
        history[pk].append((unit_pk, started_on, ended_on))
    for pk, rows in history.items():
        current = rows[-1]
        transfers = tuple(
            rules.Transfer(on=started_on, from_unit=unit_id(previous[0]))
            for previous, (_, started_on, _) in zip(rows, rows[1:], strict=False)
            if started_on.year == year
        )
        found[pk] = (unit_id(current[0]), transfers)
    return found


def _yearly(queryset, key: str, value: str) -> dict[int, dict[int, str]]:
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for subject, year, grade in queryset.values_list(key, "year", value):
        out[subject][year] = grade
    return out


def _titles(queryset, key: str) -> dict[int, dict[int, frozenset[str]]]:
    """Return subject → year → the codes awarded, sharing one frozenset per combination."""
    gathered: dict[int, dict[int, tuple[str, ...]]] = defaultdict(dict)
    for subject, year, code in queryset.values_list(key, "year", "code"):
        years = gathered[subject]
        years[year] = years.get(year, ()) + (code,)
    # Most years hold the same few combinations ({LĐTT}, {LĐTT, CSTĐCS}): build each set once.
    shared: dict[tuple[str, ...], frozenset[str]] = {}
    for years in gathered.values():
        for year, codes in years.items():
            frozen = shared.get(codes)
            if frozen is None:
                frozen = shared[codes] = frozenset(codes)
            years[year] = frozen
    return gathered


def _registrations(org_pks, year: int, key: str, scoped: dict):
    """Return a lookup of accepted registrations for the year.

    When the organisation recorded registrations that year, someone without one did not
    register (an empty set); when it recorded none at all, registration is unknown (None).
    """
    rows = Registration.objects.filter(
        organization_id__in=org_pks, year=year, **{key + "__isnull": False}
    )
    # The subjects asked about are read whatever their rows' state (a person's page: their own
    # row, not the agency's 5,000); a row of theirs shows the organisation recorded some, so the
    # question to all its rows is asked only when they have none.
    own = list(rows.filter(**scoped).values_list(key, "titles", "state"))
    if not own and not rows.exists():
        return lambda pk: None
    accepted = {
        subject: frozenset(titles)
        for subject, titles, state in own
        if state == RegistrationState.ACCEPTED
    }
    return lambda pk: accepted.get(pk, frozenset())


def _unit_facts(org_pks, year: int) -> tuple[rules.Unit, ...]:
    units = list(
        Unit.objects.filter(organization_id__in=org_pks, kind__in=COLLECTIVE_KINDS).values_list(
            "pk", "parent_id", "organization_id"
        )
    )
    pks = {pk for pk, _, _ in units}
    # The rows' own organisation, not a join through units: the index on organisation_id keeps the
    # read to this organisation's rows however large the province around it.
    scoped = {"organization_id__in": org_pks}
    grades = _yearly(
        YearGrade.objects.verified().filter(unit__isnull=False, year__lte=year, **scoped),
        "unit_id",
        "grade",
    )
    titles = _titles(
        Award.objects.in_force().filter(unit__isnull=False, year__lt=year, **scoped), "unit_id"
    )
    registered = _registrations(org_pks, year, "unit_id", scoped)
    plans = plan_titles(org_pks, year)
    # The clusters' votes (suy tôn): unknown until a cluster the organisation belongs to has voted.
    led = leader_years(org_pks, year)
    facts = [
        rules.Unit(id=organization_unit_id(pk), kind="organisation", registered=plans.get(pk),
                   cluster_leader=led.get(pk))
        for pk in org_pks
    ]
    for pk, parent_pk, org_pk in units:
        facts.append(
            rules.Unit(
                id=unit_id(pk),
                parent=unit_id(parent_pk) if parent_pk in pks else organization_unit_id(org_pk),
                kind="department",
                grades=grades.get(pk, {}),
                titles=titles.get(pk, {}),
                registered=registered(pk),
            )
        )
    return tuple(facts)
