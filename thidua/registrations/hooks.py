"""What the registration screens read of the year's plan, given by plans from its
AppConfig.ready(): plans sits above registrations, which does not import it (the layers point one
way, tests/unit/test_layers.py).

- the latest year of the plans a user sees (the screens' default year);
- the registration deadline of a year's plan a user sees (None: no plan, or no deadline).
"""

from collections.abc import Callable
from datetime import date

_latest_year: list[Callable[[object], int | None]] = []
_deadline: list[Callable[[object, int], date | None]] = []


def register_plan_lookups(
    *,
    latest_year: Callable[[object], int | None],
    deadline: Callable[[object, int], date | None],
) -> None:
    """Register ``latest_year(user)`` and ``deadline(user, year)`` (the last registered wins)."""
    _latest_year[:] = [latest_year]
    _deadline[:] = [deadline]


def latest_plan_year(user) -> int | None:
    return _latest_year[0](user) if _latest_year else None


def plan_deadline(user, year: int) -> date | None:
    return _deadline[0](user, year) if _deadline else None
