"""Measure a plan's targets from the database: awarded (the award register) and forecast (the
eligibility engine), for the organisation and unit by unit.

Every figure is computed when read, from a handful of bulk queries for the whole organisation;
time-derived states (running, overdue, final) come from the plan's dates and today.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from thidua import rules
from thidua.awards.models import Award
from thidua.core.choices import AcceptanceResult
from thidua.evidence.models import (
    Authorship,
    Discipline,
    ResearchMember,
    WorkAuthorship,
    YearGrade,
)
from thidua.organization.models import Assignment, Person, Unit, UnitKind
from thidua.plans.models import Comparison, Measure, Plan, Target
from thidua.registrations.models import Registration

MET, ON_TRACK, AT_RISK, IMPOSSIBLE, NOT_MET, PENDING = (
    "met", "on_track", "at_risk", "impossible", "not_met", "pending",
)  # fmt: skip
STATUS_LABELS = {
    MET: "Đã đạt",
    ON_TRACK: "Đúng hướng",
    AT_RISK: "Có nguy cơ không đạt",
    IMPOSSIBLE: "Không thể đạt",
    NOT_MET: "Không đạt",
    PENDING: "Chưa đánh giá",
}
_COMPARISON_SIGNS = {"gt": ">", "gte": ">=", "eq": "==", "range": "between"}
_UNIT_POPULATION_KINDS = {UnitKind.FACULTY, UnitKind.OFFICE}
# Populations that are not people: their titles are counted from units' and the organisation's.
_NOT_PEOPLE = {"units", "organization", "union", "party_committee"}


@dataclass
class Figure:
    """A measured value: `count` of `total` (a share when total is given), or a yes/no."""

    count: int | None = None
    total: int | None = None
    held: bool | None = None

    @property
    def percent(self) -> Decimal | None:
        if self.count is None or not self.total:
            return None
        return (Decimal(self.count) * 100 / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class TargetResult:
    target: Target
    awarded: Figure
    forecast: Figure | None = None
    status: str = PENDING
    reason: str = ""
    source: str = ""
    by_unit: list[tuple[str, Figure]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Group:
    """People of one unit, gender and category, with how many of them hold what this year."""

    unit: int | None
    gender: str
    category: str
    counts: dict[str, int]


@dataclass
class Population:
    """Who a plan's targets count, for an organisation-year (or the part a unit head sees).

    People arrive already counted by the database, grouped by unit, gender and category, so a
    large organisation costs one grouped query rather than one row per person.
    """

    plan: Plan
    groups: list[Group]
    units: dict[int, tuple[str, str]]  # unit pk → (name, kind)
    person_filter: Q
    _people: dict[str, set[int]] = field(default_factory=dict, repr=False)

    def of(self, population: str) -> list[Group]:
        if population == "lecturers":
            return [g for g in self.groups if g.category == "lecturer"]
        if population == "women":
            return [g for g in self.groups if g.gender == "F"]
        return self.groups

    def people_of(self, population: str) -> set[int]:
        """Return the pks of a population (one query the first time it is asked for; only the
        forecast needs persons)."""
        if population not in self._people:
            people = Person.objects.filter(self.person_filter)
            if population == "lecturers":
                people = people.filter(category="lecturer")
            elif population == "women":
                people = people.filter(gender="F")
            self._people[population] = set(people.values_list("pk", flat=True))
        return self._people[population]

    @property
    def staff_units(self) -> set[int]:
        return {pk for pk, (_, kind) in self.units.items() if kind in _UNIT_POPULATION_KINDS}

    def unit_of_kind(self, kind: str) -> int | None:
        return next((pk for pk, (_, k) in self.units.items() if k == kind), None)


def _people_filter(plan: Plan, person_pks) -> Q:
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
    condition = (
        Q(organization=plan.organization)
        & (Q(hired_on__lte=last) | Q(hired_on__isnull=True))
        & ~Q(left_on__lte=first)
    )
    if person_pks is not None:
        condition &= Q(pk__in=person_pks)
    return condition


def load_population(plan: Plan, *, person_pks=None, unit_pks=None) -> Population:
    """Count the people working during the plan's year, by unit at the year's end (2 queries)."""
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
    year = plan.year
    person_filter = _people_filter(plan, person_pks)
    unit_at_year_end = Subquery(
        Assignment.objects.filter(person=OuterRef("pk"), started_on__lte=last)
        .exclude(ended_on__lte=first)
        .order_by("-started_on")
        .values("unit_id")[:1]
    )
    # Every subquery names the organisation as well as the person: in a province's database the
    # planner otherwise reads (and hashes) the whole province's rows of the year for each
    # EXISTS, and the page grows with the other agencies (issue 19: 4.7× inside a province).
    organization = plan.organization
    awarded = Award.objects.in_force().filter(
        organization=organization, person=OuterRef("pk"), year=year
    )
    codes = sorted(
        {t.title for t in plan.targets.all() if t.title and t.population not in _NOT_PEOPLE}
    )
    counts = {"total": Count("pk")}
    for code in codes:
        counts["title:" + code] = Count("pk", filter=Q(Exists(awarded.filter(code=code))))
    # The seed's target 10: an initiative, a scientific solution (research under way or accepted
    # that year), an article, a textbook or a lecture — any one verified work of the year.
    counts["work"] = Count("pk", filter=Q(Exists(Authorship.objects.filter(
        person=OuterRef("pk"), initiative__organization=organization, initiative__year=year,
        initiative__verification="verified",
    ))) | Q(Exists(WorkAuthorship.objects.filter(
        person=OuterRef("pk"), work__organization=organization, work__year=year,
        work__verification="verified",
    ))) | Q(Exists(ResearchMember.objects.filter(
        Q(research__accepted_on__isnull=True) | Q(research__accepted_on__year__gte=year),
        person=OuterRef("pk"), research__organization=organization,
        research__started_year__lte=year, research__verification="verified",
    ).exclude(research__result=AcceptanceResult.KHONG_DAT))))  # fmt: skip
    counts["registered"] = Count("pk", filter=Q(Exists(Registration.objects.filter(
        organization=organization, person=OuterRef("pk"), year=year,
        state__in=["submitted", "accepted"],
    ))))  # fmt: skip
    counts["disciplined"] = Count("pk", filter=Q(Exists(Discipline.objects.verified().filter(
        organization=organization, person=OuterRef("pk"), decided_on__year=year
    ))))  # fmt: skip
    rows = (
        Person.objects.filter(person_filter)
        .annotate(unit_at=unit_at_year_end)
        .values("unit_at", "gender", "category")
        .annotate(**counts)
        .order_by()
    )
    groups = [
        Group(row.pop("unit_at"), row.pop("gender"), row.pop("category"), row) for row in rows
    ]
    units = Unit.objects.filter(organization=plan.organization)
    if unit_pks is not None:
        units = units.filter(pk__in=unit_pks)
    unit_map = {pk: (name, kind) for pk, name, kind in units.values_list("pk", "name", "kind")}
    return Population(plan, groups, unit_map, person_filter)


def _total(groups: list[Group], key: str) -> int:
    return sum(g.counts.get(key, 0) for g in groups)


def measure_plan(plan: Plan, population: Population, *, evaluation=None, today=None):
    """Return a TargetResult per target, in the plan's order.

    `evaluation` (an OrganizationEvaluation) adds the forecast; without it only the award
    register and the evidence are read.
    """
    today = today or timezone.localdate()
    year = plan.year
    unit_awards: dict[str, set[int]] = defaultdict(set)
    organization_awards: set[str] = set()
    for unit_pk, code in (
        Award.objects.in_force()
        .filter(organization=plan.organization, year=year, person__isnull=True)
        .values_list("unit_id", "code")
    ):
        if unit_pk is None:
            organization_awards.add(code)
        else:
            unit_awards[code].add(unit_pk)
    registered_units = set(
        Registration.objects.filter(
            organization=plan.organization, year=year, unit__isnull=False,
            state__in=["submitted", "accepted"],
        ).values_list("unit_id", flat=True)
    )  # fmt: skip
    unit_grades = dict(
        YearGrade.objects.verified()
        .filter(organization=plan.organization, year=year, unit__isnull=False)
        .values_list("unit_id", "grade")
    )
    findings = _plan_check(plan)
    final = today > _last_review(plan)

    results = []
    for target in plan.targets.all():
        result = TargetResult(target, Figure())
        measure, group = target.measure, population.of(target.population)
        key = "title:" + target.title
        if measure == Measure.QUALITATIVE:
            result.awarded = Figure(held=target.done)
            result.status = MET if target.done else (NOT_MET if final else PENDING)
            result.reason = target.evidence
        elif measure == Measure.TITLE_SHARE:
            result.awarded = Figure(_total(group, key), _total(group, "total"))
            result.by_unit = _by_unit(population, group, key)
            if evaluation is not None:
                people = population.people_of(target.population)
                eligible = len(people & evaluation.person_pks(target.title))
                result.forecast = Figure(eligible, len(people))
        elif measure == Measure.TITLE_COUNT:
            if target.population == "units":
                holders = unit_awards[target.title] & population.staff_units
                result.awarded = Figure(len(holders))
                if evaluation is not None:
                    result.forecast = Figure(sum(
                        1 for u in population.staff_units
                        if evaluation.unit_status(u, target.title) == "eligible"
                    ))  # fmt: skip
            else:
                result.awarded = Figure(_total(group, key))
                if evaluation is not None:
                    result.forecast = Figure(len(
                        population.people_of(target.population)
                        & evaluation.person_pks(target.title)
                    ))  # fmt: skip
        elif measure == Measure.TITLE_HELD:
            result.awarded = Figure(
                held=_holds(target, population, unit_awards, organization_awards)
            )
        elif measure == Measure.GRADE:
            unit = population.unit_of_kind(target.population)
            grade = unit_grades.get(unit)
            result.awarded = Figure(held=None if grade is None else grade == target.grade)
        elif measure == Measure.EVIDENCE_SHARE:
            result.awarded = Figure(_total(group, "work"), _total(group, "total"))
            result.by_unit = _by_unit(population, group, "work")
        elif measure == Measure.REGISTERED_SHARE:
            units = population.staff_units
            result.awarded = Figure(
                _total(group, "registered") + len(units & registered_units),
                _total(group, "total") + len(units),
            )
            result.by_unit = _by_unit(population, group, "registered")
        elif measure == Measure.NO_DISCIPLINE_SHARE:
            units = population.staff_units
            dirty = {g.unit for g in population.groups if g.counts["disciplined"]}
            result.awarded = Figure(
                _total(group, "total") - _total(group, "disciplined") + len(units - dirty),
                _total(group, "total") + len(units),
            )
        elif measure == Measure.ENTERED_SHARE:
            total = (
                len(population.staff_units)
                if target.population == "units"
                else _total(group, "total")
            )
            result.awarded = Figure(target.entered_count, total)
        if measure != Measure.QUALITATIVE:
            _judge(result, findings.get(target.pk), final)
        results.append(result)
    return results


def measure_for(plan: Plan, user, *, forecast: bool = False, today=None):
    """Return (scope, results): the targets measured as the plan's dashboard shows them to
    `user` — the whole organisation for its organisation-wide roles, a unit head's units for a
    unit head — with the engine's forecast when asked (the dashboard and the API call this)."""
    if user.sees_whole_organization:
        population = load_population(plan)
        scope = plan.organization.name
    else:
        people = Person.objects.visible_to(user).in_unit(user.headed_unit_ids)
        population = load_population(
            plan,
            person_pks=people.values_list("pk", flat=True),
            unit_pks=user.headed_unit_ids,
        )
        scope = ", ".join(name for name, _ in population.units.values())
    evaluation = None
    if forecast:
        from thidua.evaluation.services import evaluate_organization

        evaluation = evaluate_organization(plan.organization, plan.year)
    return scope, measure_plan(plan, population, evaluation=evaluation, today=today)


def _holds(target, population, unit_awards, organization_awards) -> bool:
    if target.population == "organization":
        return target.title in organization_awards
    unit = population.unit_of_kind(target.population)
    return unit is not None and unit in unit_awards[target.title]


def _by_unit(population: Population, groups: list[Group], key: str):
    """Return (unit name, figure) for each unit with people in the groups, in the unit order."""
    total, hits = Counter(), Counter()
    for group in groups:
        total[group.unit] += group.counts["total"]
        hits[group.unit] += group.counts.get(key, 0)
    return [
        (population.units[unit][0], Figure(hits[unit], total[unit]))
        for unit in population.units
        if total[unit]
    ]


def _meets(target: Target, figure: Figure) -> bool | None:
    """Tell whether a figure meets the target's goal (None when it cannot be told)."""
    if figure.held is not None or target.comparison == "":
        return figure.held
    value = figure.percent if target.is_share else figure.count
    if value is None:
        return None
    goal = target.goal
    return {
        Comparison.AT_LEAST: lambda: value >= goal,
        Comparison.MORE_THAN: lambda: value > goal,
        Comparison.EXACTLY: lambda: value == goal,
        Comparison.RANGE: lambda: goal <= value <= target.goal_max,
    }[target.comparison]()


def _judge(result: TargetResult, finding, final: bool) -> None:
    target = result.target
    if _meets(target, result.awarded):
        result.status = MET
        return
    if finding is not None and finding.status == "conflict":
        result.status, result.reason = IMPOSSIBLE, finding.reason
        source = rules.cite(finding.source) if finding.source else ""
        result.source = "" if source in finding.reason else source
        return
    if final:
        result.status = NOT_MET
        return
    if result.forecast is not None and _meets(target, result.forecast):
        result.status, result.reason = ON_TRACK, "Dự báo theo điều kiện đã đủ."
    elif result.forecast is not None:
        result.status, result.reason = AT_RISK, "Số đủ điều kiện hiện chưa đạt mục tiêu."
    else:
        result.status = AT_RISK if result.awarded.count is not None else PENDING


def _plan_check(plan: Plan) -> dict:
    """Run the engine's plan check over the title targets; return findings by target pk."""
    targets = [t for t in plan.targets.all() if t.title and t.comparison]
    if not targets:
        return {}
    data = []
    for target in targets:
        item = {"title": target.title, "population": target.population,
                "comparison": _COMPARISON_SIGNS[target.comparison]}  # fmt: skip
        if target.is_share:
            item["share"] = float(target.goal) / 100
        else:
            item["count"] = (
                [int(target.goal), int(target.goal_max)]
                if target.comparison == Comparison.RANGE
                else int(target.goal)
            )
        data.append(item)
    overrides = plan.organization.overrides_for(plan.year)
    findings = rules.check_plan(data, plan.year, overrides=overrides)
    return {target.pk: finding for target, finding in zip(targets, findings, strict=True)}


def _last_review(plan: Plan) -> date:
    reviews = [phase.review_on for phase in plan.phases.all()]
    return max(reviews) if reviews else date(plan.year, 12, 31)
