"""The eligibility overview's rows: the people a user sees, filtered, sorted, a page at a time.

A page sorted by name or unit and not filtered by verdict is cut in the database and only its
people are judged (a handful of queries for 25–100 people), so the first page of a 5,000-person
agency costs what a 25-person one does. A verdict filter or a sort by a title's verdict needs
every person's verdict: the organisation is then judged whole, as the counts, quotas and
collectives (the summary, a second request) always are.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F

from thidua import rules
from thidua.core import text
from thidua.evaluation.facts import assemble_facts, person_id, working_in
from thidua.evaluation.services import MAIN_PERSON_TITLES, VERDICT_LABELS, evaluate_organization
from thidua.organization.models import Person, descendant_ids

PER_PAGE_CHOICES = (25, 50, 100)
# A title's column sorts the eligible first, then those the council reviews, then the rest.
VERDICT_ORDER = {rules.ELIGIBLE: 0, rules.REVIEW: 1, rules.INELIGIBLE: 2}
_STATUS = {True: rules.ELIGIBLE, False: rules.INELIGIBLE, None: rules.REVIEW}


def person_title_codes() -> list[str]:
    """Return the individual titles the overview shows, in the screens' order."""
    return [t for t in MAIN_PERSON_TITLES if t in rules.PERSON_TITLES]


@dataclass(frozen=True)
class OverviewChoice:
    """What the user asked for: filters (unit, one title, a verdict, words of a name) and order.

    `sort` is "name", "unit" or a title's code, "-" before it for the reverse order.
    """

    unit: object = None
    title: str = ""
    verdict: str = ""
    search: str = ""
    sort: str = "name"

    @property
    def titles(self) -> list[str]:
        return [self.title] if self.title else person_title_codes()

    @property
    def sort_field(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def needs_everyone(self) -> bool:
        """Tell whether every person's verdict is needed to choose and order the rows."""
        return bool(self.verdict) or self.sort_field in self.titles

    def in_words(self) -> str:
        """Return the filters as a printed list's subtitle says them."""
        parts = []
        if self.unit is not None:
            parts.append("Đơn vị: {}".format(self.unit.name))
        if self.title:
            parts.append("Danh hiệu: {}".format(rules.TITLE_NAMES[self.title]))
        if self.verdict:
            parts.append("Kết quả: {}".format(VERDICT_LABELS[self.verdict]))
        if self.search:
            parts.append("Tên có: “{}”".format(self.search))
        return "; ".join(parts)


@dataclass
class OverviewRows:
    rows: list  # [{"person": Person, "cells": [(title, verdict, label)]}]
    titles: list  # [(code, name)]
    rule_set: rules.RuleSet
    page: Page | None = None
    count: int = 0

    @property
    def to_confirm(self) -> int:
        return len(self.rule_set.to_confirm())


def statuses_of(evaluation: rules.Evaluation, codes: list[str]):
    """Return a function pk → [verdict of each code] reading the evaluation's results directly
    (one index per title, found once; `Evaluation.status` looks each title up by name)."""
    index = {t.code: i for i, t in enumerate(evaluation.person_titles)}
    positions = [index[code] for code in codes]
    people = evaluation.people

    def read(pk: int) -> list[str]:
        results = people[person_id(pk)]
        return [_STATUS[results[i][0]] for i in positions]

    return read


def people_shown(organization, user, year: int, unit=None):
    """Return the people of the overview before its own filters: those `user` sees (everyone of
    the organisation without a user) who worked during the year, of `unit` and below if given,
    each with their current unit's name."""
    people = (
        Person.objects.visible_to(user) if user is not None
        else Person.objects.filter(organization=organization)
    )
    people = people.filter(working_in(year)).with_current_unit()
    if unit is not None:
        people = people.in_unit(descendant_ids([unit.pk], organization_id=unit.organization_id))
    return people


def _searched(people, search: str):
    for word in text.fold(search).split():
        people = people.filter(search_text__contains=word)
    return people


def _ordered(people, choice: OverviewChoice):
    unit = F("current_unit_name")
    if choice.sort_field == "unit":
        first = unit.desc(nulls_last=True) if choice.descending else unit.asc(nulls_last=True)
        return people.order_by(first, "sort_key", "pk")
    if choice.descending:
        return people.order_by("-sort_key", "-pk")
    return people.order_by("sort_key", "pk")


def _cells(codes, verdicts):
    return [(code, v, VERDICT_LABELS[v]) for code, v in zip(codes, verdicts, strict=True)]


def overview_rows(organization, user, year: int, choice: OverviewChoice | None = None, *,
                  page_number=None, per_page: int | None = None, result=None) -> OverviewRows:
    """Return the overview's rows as `choice` asks: one page of `per_page` when given (the
    screen), else every row (the printed and exported lists)."""
    choice = choice or OverviewChoice()
    codes = choice.titles
    titles = [(t, rules.TITLE_NAMES[t]) for t in codes]
    people = _ordered(_searched(people_shown(organization, user, year, choice.unit),
                                choice.search), choice)
    if not choice.needs_everyone and per_page is not None:
        # Cut in the database; judge only the page's people.
        page = Paginator(people, per_page).get_page(page_number)
        chosen = list(page.object_list)
        facts = assemble_facts(organization, year, person_pks=[p.pk for p in chosen])
        evaluation = rules.evaluate(facts, year, overrides=organization.overrides_for(year))
        read = statuses_of(evaluation, codes)
        rows = [{"person": p, "cells": _cells(codes, read(p.pk))} for p in chosen]
        return OverviewRows(rows, titles, evaluation.rule_set, page, page.paginator.count)
    result = result or evaluate_organization(organization, year)
    read = statuses_of(result.evaluation, codes)
    judged = result.evaluation.people
    candidates = [
        (pk, read(pk)) for pk in people.values_list("pk", flat=True) if person_id(pk) in judged
    ]
    if choice.verdict:
        candidates = [(pk, v) for pk, v in candidates if choice.verdict in v]
    if choice.sort_field in codes:
        at = codes.index(choice.sort_field)
        # The database's order (name) breaks ties; a stable sort keeps it.
        candidates.sort(key=lambda item: VERDICT_ORDER[item[1][at]], reverse=choice.descending)
    page = None
    if per_page is not None:
        page = Paginator(candidates, per_page).get_page(page_number)
        candidates = list(page.object_list)
    found = {p.pk: p for p in people.filter(pk__in=[pk for pk, _ in candidates])}
    rows = [{"person": found[pk], "cells": _cells(codes, v)} for pk, v in candidates]
    count = page.paginator.count if page is not None else len(rows)
    return OverviewRows(rows, titles, result.rule_set, page, count)


def verdict_counts(result, pks, codes) -> list[dict]:
    """Return, per title, how many of these people the engine finds in each verdict."""
    read = statuses_of(result.evaluation, codes)
    judged = result.evaluation.people
    counts = [dict.fromkeys(VERDICT_LABELS, 0) for _ in codes]
    for pk in pks:
        if person_id(pk) in judged:
            for tally, verdict in zip(counts, read(pk), strict=True):
                tally[verdict] += 1
    return [
        {"code": code, "name": rules.TITLE_NAMES[code], "counts": tally}
        for code, tally in zip(codes, counts, strict=True)
    ]

