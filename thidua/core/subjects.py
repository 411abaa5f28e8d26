"""The subject of a line (of a decision, a proposal, …): a person, a unit, or neither — the
organisation itself. The models are named by string ("organization.Person"), so core imports no
app."""

from django.db import models


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
