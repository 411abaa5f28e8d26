"""The award register: who holds which title or form of commendation, for which year.

It sits below evaluation on purpose: next year's rules, the plan's targets and every report read
it; decisions of ours and answers of higher bodies write into it. Nothing else says who holds what.
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q

from thidua.core.choices import COMMENDATION_FORMS, TitleCode


class AwardSource(models.TextChoices):
    OWN_DECISION = "own", "Quyết định của cơ quan"
    HIGHER_BODY = "higher", "Quyết định của cấp trên"


class AwardQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(revoked_on__isnull=True)


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
    source = models.CharField("nguồn", max_length=10, choices=AwardSource.choices)
    decision_number = models.CharField("số quyết định", max_length=50)
    decided_on = models.DateField("ngày quyết định")
    issued_by = models.CharField("cơ quan quyết định", max_length=255)
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revocation_reason = models.TextField("lý do thu hồi", blank=True)

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

    @property
    def is_commendation_form(self) -> bool:
        """Tell a form of commendation (Bằng khen, Giấy khen) from an emulation title."""
        return self.code in COMMENDATION_FORMS


auditlog.register(Award)
