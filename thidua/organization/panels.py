"""Lines that apps above organization add to a person's and a unit's page (their phase
commendations, their part of the year-end report: thidua.closing registers one), so the pages
link there while organization imports no app above it.

evaluation registers two more: the sentence under a person's name (what they still need next
year for the next title) and the year an organisation is reviewing (the legal parameters page
opens on that year's regime)."""

from collections.abc import Callable

from django.utils import timezone

# Each takes (person or unit, user) and returns (text, url or "") lines the user may read.
_PERSON: list[Callable] = []
_UNIT: list[Callable] = []
# (person) -> the sentence, "" for none; (organization) -> the year under review.
_SUMMARY: list[Callable] = []
_REVIEW_YEAR: list[Callable] = []


def register(*, person: Callable | None = None, unit: Callable | None = None) -> None:
    for finders, finder in ((_PERSON, person), (_UNIT, unit)):
        if finder is not None and finder not in finders:
            finders.append(finder)


def register_person_summary(summary: Callable) -> None:
    """Register ``summary(person) -> str`` (the last registered wins)."""
    _SUMMARY[:] = [summary]


def register_review_year(find: Callable) -> None:
    """Register ``find(organization) -> int`` (the last registered wins)."""
    _REVIEW_YEAR[:] = [find]


def person_summary(person) -> str:
    return _SUMMARY[0](person) if _SUMMARY else ""


def review_year(organization) -> int:
    """Return the year the organisation is reviewing; without evaluation, this year."""
    if _REVIEW_YEAR:
        return _REVIEW_YEAR[0](organization)
    return timezone.localdate().year


def person_lines(person, user) -> list[tuple[str, str]]:
    return [line for finder in _PERSON for line in finder(person, user)]


def unit_lines(unit, user) -> list[tuple[str, str]]:
    return [line for finder in _UNIT for line in finder(unit, user)]
