"""What the eligibility facts read of the year's plan, given by plans from its AppConfig.ready():
plans sits above evaluation, which does not import it (the layers point one way,
tests/unit/test_layers.py).

plans registers ``plan_titles(org_pks, year) -> {organisation id: frozenset of titles}``: the
titles each organisation registers as a collective in its plan for the year (Luật Thi đua, khen
thưởng 2003, Điều 10: registration is a basis of every emulation title). An organisation without
a plan for the year is missing from the answer (registration unknown: review).
"""

from collections.abc import Callable

_plan_titles: list[Callable[..., dict[int, frozenset[str]]]] = []


def register_plan_titles(provider: Callable[..., dict[int, frozenset[str]]]) -> None:
    """Register ``provider(org_pks, year)`` (the last registered wins)."""
    _plan_titles[:] = [provider]


def plan_titles(org_pks, year: int) -> dict[int, frozenset[str]]:
    """Return the registered provider's answer; {} (every organisation unknown) without one."""
    return _plan_titles[0](org_pks, year) if _plan_titles else {}
