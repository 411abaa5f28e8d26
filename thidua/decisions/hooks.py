"""Hooks through which the apps above decisions add to a decision without decisions (or the
document library) importing them: the layers point one way (tests/unit/test_layers.py).

rewards registers, from its AppConfig.ready():
- a provider of the money Điều 2 states (the bảng kê's total under the law of the decision's
  date, and the fund it is paid from);
- a handler run inside do_revoke_decision's transaction (the fund's reversal of a paid expense).

closing registers a date check: a phase's decision is not signed before the phase's summary.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RewardMoney:
    """What Điều 2 says of the money: the total in whole VND and where it is paid from."""

    total: int
    source: str


_money_providers: list[Callable[[object], RewardMoney | None]] = []
_revoke_handlers: list[Callable[..., None]] = []
_date_checks: list[Callable[[object, date], str]] = []


def register_reward_money(provider: Callable[[object], RewardMoney | None]) -> None:
    """Register ``provider(decision) -> RewardMoney | None`` (None: nothing to state)."""
    if provider not in _money_providers:
        _money_providers.append(provider)


def reward_money(decision) -> RewardMoney | None:
    """Return the first registered provider's answer for the decision, or None."""
    for provider in _money_providers:
        found = provider(decision)
        if found is not None:
            return found
    return None


def register_revoke_handler(handler: Callable[..., None]) -> None:
    """Register ``handler(decision, *, revoked_on, acting_user)``, run in the revoking
    transaction after the decision is marked revoked; a refusal it raises undoes the revocation."""
    if handler not in _revoke_handlers:
        _revoke_handlers.append(handler)


def decision_revoked(decision, *, revoked_on: date, acting_user) -> None:
    for handler in _revoke_handlers:
        handler(decision, revoked_on=revoked_on, acting_user=acting_user)


def register_date_check(check: Callable[[object, date], str]) -> None:
    """Register ``check(decision, day) -> str``: why ``day`` cannot be the decision's date
    ("" if it can), asked by the issuing action and its last look alike."""
    if check not in _date_checks:
        _date_checks.append(check)


def date_check_refusal(decision, day: date) -> str:
    for check in _date_checks:
        if refusal := check(decision, day):
            return refusal
    return ""
