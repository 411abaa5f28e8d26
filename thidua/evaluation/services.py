"""Run the rules engine over the database: an organisation-year, or one person."""

from dataclasses import dataclass, field

from django.utils import timezone

from thidua import rules
from thidua.evaluation.facts import assemble_facts, person_id, person_pk, unit_id
from thidua.organization.models import Organization

VERDICT_LABELS = {
    rules.ELIGIBLE: "Đủ điều kiện",
    rules.INELIGIBLE: "Chưa đủ điều kiện",
    rules.REVIEW: "Hội đồng xem xét",
}
# The individual titles a school's own screens show first; the rest follow in the engine's order.
MAIN_PERSON_TITLES = ("LDTT", "CSTD_CS", "GIAY_KHEN", "CSTD_TINH", "BK_TINH", "BK_HV")
MAIN_UNIT_TITLES = ("TTLDTT", "TTLDXS", "GIAY_KHEN", "BK_TINH", "CO_TINH", "CO_HV")


def default_year(organization=None) -> int:
    """Return the year to show first: the latest year the organisation has graded (one query).

    Without grades yet, the year under review: the past year until the autumn, then this one.
    """
    from django.db.models import Max

    from thidua.evidence.models import YearGrade

    if organization is not None:
        latest = YearGrade.objects.filter(organization=organization).aggregate(Max("year"))
        if latest["year__max"]:
            return latest["year__max"]
    today = timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


@dataclass(frozen=True)
class OrganizationEvaluation:
    year: int
    evaluation: rules.Evaluation
    _by_verdict: dict = field(default_factory=dict, compare=False, repr=False)

    def person(self, pk: int) -> dict[str, rules.Verdict]:
        return self.evaluation.verdicts(person_id(pk))

    def person_status(self, pk: int, title: str) -> str:
        return self.evaluation.status(person_id(pk), title)

    def person_pks(self, title: str, verdict: str = rules.ELIGIBLE) -> set[int]:
        """Return the pks of the people with this verdict for the title (one pass, no lookup of
        the title per person: a forecast asks this for thousands of people per target)."""
        found = self._by_verdict.get((title, verdict))
        if found is None:
            index = [t.code for t in self.evaluation.person_titles].index(title)
            want = {rules.ELIGIBLE: True, rules.INELIGIBLE: False, rules.REVIEW: None}[verdict]
            found = self._by_verdict[(title, verdict)] = {
                person_pk(key) for key, results in self.evaluation.people.items()
                if results[index][0] is want
            }
        return found

    def unit_status(self, pk: int | str, title: str) -> str:
        key = pk if isinstance(pk, str) else unit_id(pk)
        return self.evaluation.status(key, title, unit=True)

    def quotas(self, person_pks=None) -> dict[str, rules.QuotaUse]:
        people = {person_id(pk) for pk in person_pks} if person_pks is not None else None
        return rules.quota_usage(self.evaluation, people=people)

    @property
    def rule_set(self) -> rules.RuleSet:
        return self.evaluation.rule_set


def evaluate_organization(organization: Organization, year: int) -> OrganizationEvaluation:
    """Evaluate every person and collective of the organisation for the year."""
    facts = assemble_facts(organization, year)
    overrides = organization.overrides_for(year)
    return OrganizationEvaluation(year, rules.evaluate(facts, year, overrides=overrides))


# Criteria the council judges when it reviews (qualities, the movement): not "missing".
COUNCIL_JUDGES = frozenset({"conduct", "movement", "one_off", "exemplary"})


def next_year_missing(person) -> str:
    """Return, in one sentence, what a person still needs next year for the next rung of the
    ladder, the first title they do not reach in the year under review ("Để đạt Chiến sĩ thi đua
    cơ sở năm 2023, còn thiếu: …."): the criteria the engine finds unmet in that next year,
    leaving out the council's own judgement. "" when nothing is in reach or to say."""
    from thidua.rules.missing import LADDER

    year = default_year(person.organization)
    evaluation, key = evaluate_person(person, year)
    if key not in evaluation.people:
        return ""
    verdicts = evaluation.verdicts(key)
    aim = next((code for code in LADDER if verdicts[code].verdict != rules.ELIGIBLE), None)
    if aim is None:
        return ""
    following, key = evaluate_person(person, year + 1)
    if key not in following.people:
        return ""  # gone by next year
    [step] = rules.missing_for(following, key, aim=aim)
    judged = {c.detail[:1].lower() + c.detail[1:] for c in following.verdicts(key)[aim].criteria
              if c.code in COUNCIL_JUDGES}
    needs = [need for need in step.needs if need not in judged]
    if not needs:
        return ""
    return "Để đạt {} năm {}, còn thiếu: {}.".format(step.name, year + 1, "; ".join(needs))


def verdict_rows(verdicts: dict[str, rules.Verdict], main=MAIN_PERSON_TITLES) -> list[dict]:
    """Return the verdicts as the screens list them, the main titles first: each with its
    criteria (result, fact, legal source)."""
    order = {code: index for index, code in enumerate(main)}
    rows = []
    for code, verdict in sorted(verdicts.items(), key=lambda item: order.get(item[0], 99)):
        rows.append(
            {
                "code": code,
                "name": verdict.name,
                "verdict": verdict.verdict,
                "label": VERDICT_LABELS[verdict.verdict],
                "criteria": verdict.criteria,
                "to_review": verdict.to_review,
            }
        )
    return rows


@dataclass(frozen=True)
class Eligibility:
    """A subject's verdicts for a year as the eligibility screens show them. ``judged`` is
    False when the year has nothing to judge (a person not working that year, a unit outside
    the collectives reviewed); ``rows`` are then empty."""

    year: int
    rule_set: rules.RuleSet
    judged: bool
    rows: list[dict] = field(default_factory=list)
    next_steps: list = field(default_factory=list)


def person_eligibility(person, year: int) -> Eligibility:
    """A person's eligibility screen: every individual title with its criteria, and what is
    still missing (the person's page and the API read this one function)."""
    evaluation, key = evaluate_person(person, year)
    if key not in evaluation.people:
        # Hired after the year or gone before it: nothing to judge that year.
        return Eligibility(year, evaluation.rule_set, judged=False)
    return Eligibility(
        year, evaluation.rule_set, judged=True, rows=verdict_rows(evaluation.verdicts(key)),
        next_steps=rules.missing_for(evaluation, key),
    )  # fmt: skip


def unit_eligibility(unit, year: int) -> Eligibility:
    """A unit's collective titles with their criteria, from the organisation's evaluation that
    the eligibility screen's collectives come from."""
    evaluation = evaluate_organization(unit.organization, year).evaluation
    key = unit_id(unit.pk)
    if key not in evaluation.units:
        return Eligibility(year, evaluation.rule_set, judged=False)
    rows = verdict_rows(evaluation.verdicts(key, unit=True), main=MAIN_UNIT_TITLES)
    return Eligibility(year, evaluation.rule_set, judged=True, rows=rows)


def evaluate_person(person, year: int) -> tuple[rules.Evaluation, str]:
    """Evaluate one person's individual titles (collectives need all members; not here)."""
    organization = person.organization
    facts = assemble_facts(organization, year, person_pks=[person.pk])
    overrides = organization.overrides_for(year)
    return rules.evaluate(facts, year, overrides=overrides), person_id(person.pk)
