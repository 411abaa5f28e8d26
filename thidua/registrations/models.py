"""Registration (đăng ký thi đua): who aims at which titles in a year, and its workflow.

The eligibility engine reads accepted registrations: the 2017 regime makes registration a basis
of the title (Luật Thi đua, khen thưởng 2003, Điều 10).
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q

from thidua.core.workflow import Move, Workflow


class RegistrationState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại"
    ACCEPTED = "accepted", "Đã chấp nhận"


_SUBMIT = Move(
    "registrations.edit_unit", "Chỉ trưởng đơn vị được gửi bản đăng ký của đơn vị mình."
)
_DECIDE = Move(
    "registrations.decide_unit",
    "Chỉ Thường trực Hội đồng TĐ-KT được chấp nhận hoặc trả lại bản đăng ký.",
)

#: The workflow of a unit's registration, in one place: (from, to) → who may make the move.
#: A draft or returned registration is sent by the unit head; the secretary accepts it or
#: returns it with a reason. Any move not listed is refused. `registrations.actions.transition`
#: enforces it (through `REGISTRATION_FLOW`) and writes the audit entries.
TRANSITIONS: dict[tuple[str, str], Move] = {
    (RegistrationState.DRAFT, RegistrationState.SUBMITTED): _SUBMIT,
    (RegistrationState.RETURNED, RegistrationState.SUBMITTED): _SUBMIT,
    (RegistrationState.SUBMITTED, RegistrationState.RETURNED): _DECIDE,
    (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED): _DECIDE,
}
REGISTRATION_FLOW = Workflow(RegistrationState, TRANSITIONS, noun="bản đăng ký")
#: The states in which the unit head still edits the titles: those a submission leaves from.
EDITABLE = tuple(
    source for source, target in TRANSITIONS if target == RegistrationState.SUBMITTED
)


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the registrations a user may read, as the screens show them: the
        organisation-wide roles (the board) every one of their organisation; a unit head their
        units' own and their units' people's (the unit's page), and their own; staff their own."""
        from thidua.organization.models import Person

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        condition = Q(person__in=Person.objects.visible_to(user).values("pk"))
        if user.headed_unit_ids:
            condition |= Q(unit_id__in=user.headed_unit_ids)
        return mine.filter(condition)


class Registration(models.Model):
    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name="cán bộ",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name="đơn vị",
    )
    year = models.PositiveSmallIntegerField("năm")
    titles = models.JSONField("danh hiệu đăng ký", default=list)
    state = models.CharField(
        "trạng thái",
        max_length=10,
        choices=RegistrationState.choices,
        default=RegistrationState.DRAFT,
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    decided_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(unit__isnull=True),
                name="registrations_registration_one_subject",
                violation_error_message="Đăng ký thuộc về một cán bộ hoặc một đơn vị.",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                name="registrations_registration_unique_person_year",
                violation_error_message="Cán bộ đã đăng ký năm này.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="registrations_registration_unique_unit_year",
                violation_error_message="Đơn vị đã đăng ký năm này.",
            ),
        ]

    def __str__(self):
        return "{} {}: {}".format(self.person or self.unit, self.year, ", ".join(self.titles))


auditlog.register(Registration)
