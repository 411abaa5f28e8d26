"""The award register: who holds which title or form of commendation, for which year.

It sits below evaluation on purpose: next year's rules, the plan's targets and every report read
it; decisions of ours and answers of higher bodies write into it. Nothing else says who holds what.
"""

from auditlog.registry import auditlog
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.rules import authority


class AwardSource(models.TextChoices):
    """How the award came into the register.

    The first two are written by thidua itself (a decision of ours, the recorded answer to one
    of our tờ trình) and change only through it; the third is entered by the secretary for an
    award decided outside thidua (by a higher body, by the union, or before the school adopted
    thidua) and is corrected or revoked in the register.
    """

    OWN_DECISION = "own", "Quyết định của cơ quan"
    HIGHER_BODY = "higher", "Quyết định của cấp trên"
    REGISTER = "register", "Ghi vào sổ (quyết định ngoài thidua)"


def body_of(code: str) -> str:
    """Return who decides a title or form (authority's body: school, union, province …).

    The bodies are the same under both regimes (only the legal sources differ), so the current
    table answers for any year.
    """
    return authority.authority(code, "2023").body


def codes_decided_by(body: str) -> list[str]:
    """Return the titles and forms ``body`` decides (the register's "cấp quyết định" filter)."""
    return [code for code in TitleCode.values if body_of(code) == body]


class AwardQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(revoked_on__isnull=True)

    def visible_to(self, user):
        """Return the awards a user may read.

        Organisation-wide roles read the whole register of their organisation; a unit head the
        awards of the people now in their units (and below), of those units, and their own;
        anyone else their own. An outsider and an anonymous user read nothing.
        """
        from thidua.organization.models import Assignment

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        condition = Q(person_id=user.person_id) if user.person_id else Q(pk__in=[])
        heads = user.headed_unit_ids
        if heads:
            in_units = Assignment.objects.current().filter(
                person_id=OuterRef("person_id"), unit_id__in=heads
            )
            condition |= Q(unit_id__in=heads) | Q(Exists(in_units))
        return mine.filter(condition)


class Award(models.Model):
    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name="cán bộ",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name="đơn vị",
    )
    year = models.PositiveSmallIntegerField("năm")
    code = models.CharField("danh hiệu, hình thức", max_length=12, choices=TitleCode.choices)
    # Empty for the year's own award; a phase's, a thematic movement's or a one-off Giấy khen
    # names its occasion, so it is another achievement than the year's (one achievement, one
    # award: awards.checks keys on it too).
    occasion = models.CharField(
        "dịp khen thưởng", max_length=200, blank=True,
        help_text="Để trống với khen thưởng của cả năm; ghi đợt, chuyên đề hoặc đột xuất.",
    )  # fmt: skip
    source = models.CharField("nguồn", max_length=10, choices=AwardSource.choices)
    decision_number = models.CharField("số quyết định", max_length=50)
    decided_on = models.DateField("ngày quyết định")
    issued_by = models.CharField("cơ quan quyết định", max_length=255)
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revocation_reason = models.TextField("lý do thu hồi", blank=True)
    # When the award was last written (the API's "changed since"); bulk writes set it themselves.
    changed_at = models.DateTimeField("thay đổi lúc", auto_now=True, db_index=True)
    # The scanned decision(s); served only to those who may read the award.
    attachments = GenericRelation("attachments.Attachment")

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "sổ khen thưởng"
        ordering = ["-year", "code"]
        constraints = [
            # A person, a unit, or (neither) the organisation itself, never both.
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(unit__isnull=True),
                name="register_award_one_subject",
                violation_error_message=(
                    "Khen thưởng thuộc về một cán bộ, một đơn vị hoặc cả cơ quan."
                ),
            ),
        ]

    def __str__(self):
        return "{} {}: {}".format(self.person or self.unit, self.year, self.get_code_display())

    def get_absolute_url(self):
        return reverse("awards:award", args=[self.pk])

    @property
    def subject_name(self) -> str:
        """The person, the unit or the organisation (reads them: a query each if not loaded)."""
        if self.person_id:
            return self.person.full_name
        if self.unit_id:
            return self.unit.name
        return self.organization.name

    @property
    def body(self) -> str:
        """Who decides the title or form (thidua.rules.authority): school, union, province …"""
        return body_of(self.code)

    @property
    def body_name(self) -> str:
        return authority.BODY_NAMES[self.body]

    @property
    def entered_in_register(self) -> bool:
        """Whether the award was entered in the register (so corrected and revoked there), not
        written by one of thidua's decisions or recorded answers to its tờ trình."""
        return self.source == AwardSource.REGISTER

    @property
    def is_commendation_form(self) -> bool:
        """Tell a form of commendation (Bằng khen, Giấy khen) from an emulation title."""
        return self.code in COMMENDATION_FORMS


auditlog.register(Award)
