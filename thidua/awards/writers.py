"""What the two apps that write the award register share (thidua.decisions: our own decisions;
thidua.proposals: the higher levels' answers): the role check of their actions, the row lock
each action starts with, and the subject of a line (a person, a unit, or the organisation)."""

from django.db import models

from thidua.organization.actions import ActionRefused


def require(user, organization_id: int, *roles: str, message: str) -> None:
    """Refuse with `message` unless the user belongs to the organisation and holds a role."""
    if user.organization_id != organization_id or not user.has_role(*roles):
        raise ActionRefused(message)


def locked(instance, *related: str):
    """Return `instance` re-read under SELECT … FOR UPDATE (with `related` joined): the first
    thing an action does, so a double-click or a second user waits for the first to commit."""
    manager = type(instance)._default_manager
    return manager.select_for_update().select_related(*related).get(pk=instance.pk)


class SubjectMixin:
    """A line for a person, a unit, or neither: the organisation itself (``subject_owner``
    names the attribute chain to it, e.g. "decision.organization")."""

    subject_owner = "organization"
    person_name = "full_name"

    @property
    def subject_name(self) -> str:
        """Reads person, unit or the owner's organisation: one query if not loaded."""
        if self.person_id:
            return getattr(self.person, self.person_name)
        if self.unit_id:
            return self.unit.name
        owner = self
        for part in self.subject_owner.split("."):
            owner = getattr(owner, part)
        return owner.name


def person_field(related_name: str):
    """The line's person (none for a unit or the organisation); kept off deletion."""
    return models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name="cán bộ",
    )


def unit_field(related_name: str):
    """The line's unit, a collective (none for a person or the organisation)."""
    return models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name="tập thể",
    )
