"""Closing the year as the plan says (issue 17): each phase summed up with its commendations,
and the year-end report's officer-written sections.

Kept in their own app above decisions and proposals, so plans gains no migration and reads
nothing from here (the dashboard learns which phases are summed up through plans.timeline).
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.urls import reverse

from thidua.core.querysets import OrganizationQuerySet
from thidua.core.subjects import SubjectMixin, person_field, unit_field
from thidua.rules import commendations

KIND_CHOICES = list(commendations.KIND_NAMES.items())


class PhaseSummaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        return self.filter(phase__plan__organization_id=user.organization_id)


class PhaseSummary(models.Model):
    """The summing-up (tổng kết) of one emulation phase, recorded once the phase has ended."""

    phase = models.OneToOneField(
        "plans.Phase", on_delete=models.PROTECT, related_name="summary", verbose_name="đợt thi đua"
    )
    summed_up_on = models.DateField("ngày tổng kết")
    achievements = models.TextField(
        "kết quả đạt được so với mục đích của đợt", help_text="Mỗi đoạn một dòng."
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="người ghi"
    )
    # The decision its commendations go through (drafted from here, issued by the principal
    # like any other); a discarded draft leaves the summary free for another.
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="quyết định khen thưởng",
    )  # fmt: skip

    objects = PhaseSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = "tổng kết đợt thi đua"
        verbose_name_plural = "tổng kết đợt thi đua"
        ordering = ["phase__plan__year", "phase__position"]

    def __str__(self):
        return "Tổng kết {}".format(self.phase)

    def get_absolute_url(self):
        return reverse("closing:phase_summary", args=[self.phase_id])

    @property
    def organization(self):
        """Reads phase and plan: two queries if not loaded."""
        return self.phase.plan.organization

    @property
    def organization_id(self):
        return self.phase.plan.organization_id

    def lines(self) -> list[str]:
        return [line.strip() for line in self.achievements.splitlines() if line.strip()]

    @property
    def live_decision(self):
        """The decision of its commendations, unless revoked (reads decision: one query)."""
        decision = self.decision
        return decision if decision is not None and decision.state != "revoked" else None


class UnitResult(models.Model):
    """What one unit achieved in the phase, and its evidence."""

    summary = models.ForeignKey(
        PhaseSummary, on_delete=models.CASCADE, related_name="unit_results",
        verbose_name="tổng kết",
    )  # fmt: skip
    unit = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    result = models.TextField("kết quả")
    evidence = models.TextField("minh chứng", blank=True)

    class Meta:
        verbose_name = "kết quả của đơn vị"
        verbose_name_plural = "kết quả của đơn vị"
        ordering = ["unit__position", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "unit"],
                name="closing_unitresult_unique_unit",
                violation_error_message="Đơn vị đã có kết quả trong bản tổng kết này.",
            ),
        ]

    def __str__(self):
        return "{}: {}".format(self.unit, self.result[:60])


class PhaseCommendation(SubjectMixin, models.Model):
    """A Giấy khen given when a phase is summed up: for the phase, a thematic movement or a
    one-off achievement, with its legal source (thidua.rules.commendations)."""

    summary = models.ForeignKey(
        PhaseSummary, on_delete=models.CASCADE, related_name="commendations",
        verbose_name="tổng kết",
    )  # fmt: skip
    person = person_field("phase_commendations")
    unit = unit_field("phase_commendations")
    kind = models.CharField("loại khen thưởng", max_length=10, choices=KIND_CHOICES)
    form = models.CharField("hình thức", max_length=12, default=commendations.FORM)
    movement = models.ForeignKey(
        "plans.Movement", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="phong trào chuyên đề",
    )  # fmt: skip
    reason = models.TextField("thành tích")
    legal_source = models.TextField("căn cứ pháp lý")
    verdict = models.CharField("mức chắc chắn của căn cứ", max_length=12)
    position = models.PositiveIntegerField("thứ tự", default=0)

    subject_owner = "summary.organization"
    person_name = "display_name"

    class Meta:
        verbose_name = "khen thưởng tổng kết đợt"
        verbose_name_plural = "khen thưởng tổng kết đợt"
        ordering = ["summary", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(unit__isnull=True),
                name="closing_phasecommendation_one_subject",
                violation_error_message="Mỗi khen thưởng cho một cán bộ hoặc một tập thể.",
            ),
            models.UniqueConstraint(
                fields=["summary", "person", "kind"],
                condition=Q(person__isnull=False),
                name="closing_phasecommendation_unique_person",
                violation_error_message="Cán bộ đã được khen loại này trong đợt.",
            ),
            models.UniqueConstraint(
                fields=["summary", "unit", "kind"],
                condition=Q(unit__isnull=False),
                name="closing_phasecommendation_unique_unit",
                violation_error_message="Tập thể đã được khen loại này trong đợt.",
            ),
        ]

    def __str__(self):
        return "{}: {}".format(self.subject_name, self.get_kind_display())

    @property
    def occasion(self) -> str:
        """What the Giấy khen is for, as the decision and the register name it (reads summary,
        phase, plan and movement: loaded by the caller)."""
        phase = self.summary.phase
        name = phase.name[:1].lower() + phase.name[1:]
        if str(phase.plan.year) not in name:
            name += " năm {}".format(phase.plan.year)
        text = "{} {}".format(commendations.OCCASIONS[self.kind], name)
        if self.movement_id:
            text += ", phong trào «{}»".format(self.movement.name)
        return text[:200]


class YearReport(models.Model):
    """The year-end report (báo cáo tổng kết): its figures come from the data when it is made;
    what is stored is what an officer writes."""

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, related_name="year_reports",
        verbose_name="cơ quan",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField("năm")
    assessment = models.TextField("đánh giá chung", blank=True)
    shortcomings = models.TextField("tồn tại, hạn chế", blank=True)
    lessons = models.TextField("bài học kinh nghiệm", blank=True)
    directions = models.TextField("phương hướng năm sau", blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="người sửa"
    )
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    SECTIONS = ("assessment", "shortcomings", "lessons", "directions")

    class Meta:
        verbose_name = "báo cáo tổng kết năm"
        verbose_name_plural = "báo cáo tổng kết năm"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="closing_yearreport_unique_year",
                violation_error_message="Cơ quan đã có báo cáo tổng kết năm này.",
            ),
        ]

    def __str__(self):
        return "Báo cáo tổng kết phong trào thi đua năm {}".format(self.year)

    def get_absolute_url(self):
        return reverse("closing:year_report", args=[self.year])


def summed_up_phases(phases) -> set[int]:
    """Return the pks of the phases given that have a summary (one query; plans.timeline)."""
    pks = [phase.pk for phase in phases]
    if not pks:
        return set()
    return set(PhaseSummary.objects.filter(phase_id__in=pks).values_list("phase_id", flat=True))


for model in (PhaseSummary, UnitResult, PhaseCommendation, YearReport):
    auditlog.register(model)
