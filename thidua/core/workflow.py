"""Workflows as data: a model's states, the moves allowed between them and who may make each
(a permission name and the refusal of everyone else), enforced in one place.

Each app writes its table beside its model (`registrations.models.TRANSITIONS`,
`council.models.NOMINATION_FLOW`, …); its actions ask the table before changing a state and
change it through `Workflow.move`, which saves the record under the acting user (its audit
entry). A state derived from timestamps (a council session) uses the table for the checks only.
"""

from typing import NamedTuple

from thidua.core.actions import ActionRefused, require_perm
from thidua.core.audit import set_actor


class Move(NamedTuple):
    """One allowed change of state: the permission it needs and the refusal of everyone else."""

    permission: str
    refused: str


class Workflow:
    """The allowed moves of one model: {(source, target): Move}. Every move into one target
    needs the same permission, so an action may ask who may act before reading the state."""

    def __init__(self, states, moves: dict, *, noun: str, field: str = "state"):
        self.states = states
        self.moves = dict(moves)
        self.noun = noun
        self.field = field
        into = {}
        for (source, target), move in self.moves.items():
            if source not in states.values or target not in states.values:
                raise ValueError("unknown state in move {} → {}".format(source, target))
            if into.setdefault(target, move) != move:
                raise ValueError("moves into {} need different permissions".format(target))
        self._into = into

    def sources(self, target) -> tuple:
        """Return the states a move into `target` may start from."""
        return tuple(source for source, to in self.moves if to == target)

    def allows(self, source, target) -> bool:
        return (source, target) in self.moves

    def require_permission(self, user, target, obj) -> None:
        """Refuse (NotAllowed) a user who may not move `obj` into `target`."""
        move = self._into[target]
        require_perm(user, move.permission, obj, message=move.refused)

    def require_move(self, source, target, *, refused: str = "") -> None:
        """Refuse a move the table does not list, with `refused` or a message naming both
        states."""
        if not self.allows(source, target):
            raise ActionRefused(
                refused
                or "Không thể chuyển {} từ trạng thái «{}» sang «{}».".format(
                    self.noun, self.states(source).label, self.states(target).label
                )
            )

    def check(self, user, instance, target, *, obj=None, refused: str = "") -> None:
        """Refuse a move of `instance` into `target` the table does not list (first), or that
        the user may not make (over `obj`, the instance by default)."""
        self.require_move(getattr(instance, self.field), target, refused=refused)
        self.require_permission(user, target, instance if obj is None else obj)

    def move(self, instance, target, *, acting_user, obj=None, refused: str = "", **fields):
        """Check the move, set the state and `fields`, and save under the acting user: the one
        way a stored state changes."""
        self.check(acting_user, instance, target, obj=obj, refused=refused)
        setattr(instance, self.field, target)
        for name, value in fields.items():
            setattr(instance, name, value)
        with set_actor(acting_user):
            instance.save()
        return instance
