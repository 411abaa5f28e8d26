"""Lines that apps above organization add to a person's and a unit's page (their phase
commendations, their part of the year-end report: thidua.closing registers one), so the pages
link there while organization imports no app above it."""

from collections.abc import Callable

# Each takes (person or unit, user) and returns (text, url or "") lines the user may read.
_PERSON: list[Callable] = []
_UNIT: list[Callable] = []


def register(*, person: Callable | None = None, unit: Callable | None = None) -> None:
    for finders, finder in ((_PERSON, person), (_UNIT, unit)):
        if finder is not None and finder not in finders:
            finders.append(finder)


def person_lines(person, user) -> list[tuple[str, str]]:
    return [line for finder in _PERSON for line in finder(person, user)]


def unit_lines(unit, user) -> list[tuple[str, str]]:
    return [line for finder in _UNIT for line in finder(unit, user)]
