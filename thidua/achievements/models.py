"""Evidence behind titles: yearly grades, initiatives, discipline and leave.

Each record carries a verification state: a staff member may propose their own, a unit head or the
council secretary verifies it, and the eligibility engine reads only verified facts.
"""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from thidua.core.choices import DisciplineForm, Grade, LeaveKind, RecognitionLevel


class Verification(models.TextChoices):
    PROPOSED = "proposed", "Chờ xác nhận"
    VERIFIED = "verified", "Đã xác nhận"
    REJECTED = "rejected", "Không xác nhận"


class EvidenceQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification=Verification.VERIFIED)


class Evidence(models.Model):
    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    verification = models.CharField(
        "xác nhận", max_length=10, choices=Verification.choices, default=Verification.PROPOSED
    )
    rejection_reason = models.TextField("lý do không xác nhận", blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        abstract = True


class YearGrade(Evidence):
    """A person's or a unit's yearly quality grade (Nghị định 90/2020/NĐ-CP)."""

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grades",
        verbose_name="cán bộ",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grades",
        verbose_name="đơn vị",
    )
    year = models.PositiveSmallIntegerField("năm")
    grade = models.CharField("xếp loại", max_length=5, choices=Grade.choices)

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(unit__isnull=True),
                name="achievements_yeargrade_one_subject",
                violation_error_message="Xếp loại thuộc về một cán bộ hoặc một đơn vị.",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                name="achievements_yeargrade_unique_person_year",
                violation_error_message="Cán bộ đã có xếp loại năm này.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="achievements_yeargrade_unique_unit_year",
                violation_error_message="Đơn vị đã có xếp loại năm này.",
            ),
        ]

    def __str__(self):
        return "{} {}: {}".format(self.person or self.unit, self.year, self.grade)


class Initiative(Evidence):
    """A recognised initiative (sáng kiến), with its authors and their shares."""

    title = models.CharField("tên sáng kiến", max_length=500)
    year = models.PositiveSmallIntegerField("năm công nhận")
    level = models.CharField("cấp công nhận", max_length=10, choices=RecognitionLevel.choices)
    recognized_by = models.CharField("cơ quan công nhận", max_length=255, blank=True)
    decision_number = models.CharField("số quyết định", max_length=50, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    authors = models.ManyToManyField(
        "organization.Person", through="Authorship", related_name="initiatives"
    )

    class Meta:
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


class Authorship(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="authorships"
    )
    share = models.PositiveSmallIntegerField("tỷ lệ đóng góp (%)", default=100)

    class Meta:
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"],
                name="achievements_authorship_unique",
                violation_error_message="Tác giả đã có trong sáng kiến.",
            ),
            models.CheckConstraint(
                condition=Q(share__gte=1, share__lte=100),
                name="achievements_authorship_share_range",
                violation_error_message="Tỷ lệ đóng góp từ 1 đến 100%.",
            ),
        ]

    def __str__(self):
        return "{} ({}%)".format(self.person, self.share)


class Discipline(Evidence):
    """A disciplinary measure and the period it affects."""

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name="cán bộ",
    )
    form = models.CharField("hình thức", max_length=20, choices=DisciplineForm.choices)
    decision_number = models.CharField("số quyết định", max_length=50, blank=True)
    decided_on = models.DateField("ngày quyết định")
    effective_until = models.DateField("hết hiệu lực", null=True, blank=True)

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["-decided_on"]

    def __str__(self):
        return "{}: {}".format(self.person, self.get_form_display())

    def clean(self):
        if self.effective_until and self.effective_until < self.decided_on:
            raise ValidationError(
                {"effective_until": "Ngày hết hiệu lực phải sau ngày quyết định."}
            )


class Leave(Evidence):
    """A period of maternity leave, study or sickness."""

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="leaves",
        verbose_name="cán bộ",
    )
    kind = models.CharField("loại", max_length=10, choices=LeaveKind.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày")

    class Meta:
        verbose_name = "nghỉ, đi học"
        verbose_name_plural = "nghỉ, đi học"
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")),
                name="achievements_leave_ends_after_start",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self):
        return "{}: {}".format(self.person, self.get_kind_display())

    @property
    def days(self) -> int:
        return (self.ended_on - self.started_on).days + 1


for model in (YearGrade, Initiative, Authorship, Discipline, Leave):
    auditlog.register(model)
