"""Evidence behind titles: grades, initiatives, research, works, training, union scores,
discipline and leave, and the years the secretary has closed.

Each record carries a verification state: a staff member may propose their own, a unit head or the
council secretary verifies it, and the eligibility engine reads only verified facts.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from thidua.core.choices import (
    AcceptanceResult,
    DisciplineForm,
    Grade,
    LeaveKind,
    RecognitionLevel,
    ResearchKind,
    ResearchRole,
    StudyResult,
    TitleCode,
    TrainingKind,
    WorkKind,
)

#: The years evidence may bear on, on screen and in imports alike. 1975 rather than 2000: a
#: school loading its history enters the grades, initiatives and works behind a Huân chương
#: Lao động or a long-service award, which reach back over a whole career.
FIRST_YEAR, LAST_YEAR = 1975, 2100
#: The top of the union's "Giỏi việc trường, đảm việc nhà" scale a score may reach.
MAX_UNION_SCORE = 1000


@deconstructible
class InRange:
    """Refuse a value outside [low, high], naming the value and the range (one message for the
    form on screen and the spreadsheet row, which both validate through the model)."""

    def __init__(self, low, high, noun):
        self.low, self.high, self.noun = low, high, noun

    def __call__(self, value):
        if value is not None and not self.low <= value <= self.high:
            raise ValidationError(
                "{} %(value)s nằm ngoài khoảng %(low)s–%(high)s.".format(self.noun),
                code="out_of_range",
                params={"value": value, "low": self.low, "high": self.high},
            )

    def __eq__(self, other):
        return isinstance(other, InRange) and (self.low, self.high, self.noun) == (
            other.low, other.high, other.noun,
        )  # fmt: skip


valid_year = InRange(FIRST_YEAR, LAST_YEAR, "Năm")


class Verification(models.TextChoices):
    PROPOSED = "proposed", "Chờ xác nhận"
    VERIFIED = "verified", "Đã xác nhận"
    REJECTED = "rejected", "Không xác nhận"


class EvidenceQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification=Verification.VERIFIED)

    def pending(self):
        return self.filter(verification=Verification.PROPOSED)

    def bearing_on(self, year: int):
        """Return the records that bear on `year`: the one definition the lists, the exports
        and `years()` (the closed-year lock) share."""
        return self.filter(self.model.year_condition(year))

    def visible_to(self, user):
        """Return the records a user may see.

        Organisation-wide roles see all their organisation's evidence; anyone else the evidence
        of the people they may see (a unit head: their units' people and themself; staff: their
        own) and a unit head also their units' own grades.
        """
        from thidua.organization.models import Person

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        people = Person.objects.visible_to(user).values("pk")
        condition = Q(**{self.model.person_path + "__in": people})
        if self.model.has_unit_subject and user.headed_unit_ids:
            condition |= Q(unit_id__in=user.headed_unit_ids)
        if self.model.several_people:
            # Several people per record (authors, members): a subquery keeps rows unique.
            return mine.filter(pk__in=mine.filter(condition).values("pk"))
        return mine.filter(condition)


class Evidence(models.Model):
    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    verification = models.CharField(
        "xác nhận", max_length=10, choices=Verification.choices, default=Verification.PROPOSED
    )
    rejection_reason = models.TextField("lý do không xác nhận", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đề nghị",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    verified_at = models.DateTimeField("thời điểm xác nhận", null=True, blank=True)
    attachments = GenericRelation("attachments.Attachment")

    objects = EvidenceQuerySet.as_manager()

    #: The lookup from a record to the people it is about, for `visible_to`.
    person_path = "person"
    #: Whether a record may be about a unit instead of a person.
    has_unit_subject = False
    #: Whether `person_path` crosses a many-to-many relation (authors, members).
    several_people = False

    class Meta:
        abstract = True

    @staticmethod
    def year_condition(year: int) -> Q:
        """Return the condition of the records bearing on `year` (as `years()` says)."""
        return Q(year=year)

    def years(self) -> set[int]:
        """Return the years this record bears on; a closed one locks it for all but the
        secretary."""
        return {self.year}

    def subject_people_ids(self) -> set[int]:
        """Return the people this record is about (one query for several authors)."""
        return {self.person_id} if getattr(self, "person_id", None) else set()


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
    year = models.PositiveSmallIntegerField("năm", validators=[valid_year])
    grade = models.CharField("xếp loại", max_length=5, choices=Grade.choices)

    has_unit_subject = True

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["-year"]
        # An organisation's year, in the API's order (by id): inside a province the primary key
        # alone made its page walk every other organisation's grades first (bench/README.md).
        indexes = [
            models.Index(fields=["organization", "year", "id"], name="yeargrade_org_year_id")
        ]
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
    year = models.PositiveSmallIntegerField("năm công nhận", validators=[valid_year])
    level = models.CharField("cấp công nhận", max_length=10, choices=RecognitionLevel.choices)
    recognized_by = models.CharField("cơ quan công nhận", max_length=255, blank=True)
    decision_number = models.CharField("số quyết định", max_length=50, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    scope = models.CharField(
        "phạm vi ảnh hưởng",
        max_length=500,
        blank=True,
        help_text="Nơi sáng kiến được áp dụng, hiệu quả mang lại.",
    )
    authors = models.ManyToManyField(
        "organization.Person", through="Authorship", related_name="initiatives"
    )

    person_path = "authors"
    several_people = True

    class Meta:
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def subject_people_ids(self):
        return set(self.authorships.values_list("person_id", flat=True))


class Authorship(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="authorships"
    )
    # Django formats a constraint's and a validator's message with "%" (for %(name)s): a bare
    # "%" in one turns a clumsy share into a crash page, hence "phần trăm" in the messages.
    share = models.PositiveSmallIntegerField(
        "tỷ lệ đóng góp (%)",
        default=100,
        validators=[
            MinValueValidator(1, "Tỷ lệ đóng góp ít nhất là 1 (phần trăm)."),
            MaxValueValidator(100, "Tỷ lệ đóng góp nhiều nhất là 100 (phần trăm)."),
        ],
    )

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
                violation_error_message="Tỷ lệ đóng góp phải từ 1 đến 100 (phần trăm).",
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
    # No award while a discipline review is under way, whatever year it began (NĐ 98/2023 and
    # NĐ 152/2025 Điều 4 khoản 4): recorded as a line with the form considered and the day the
    # review began, until the decision replaces it.
    pending = models.BooleanField(
        "đang xem xét, chưa có quyết định",
        default=False,
        help_text="Đánh dấu khi cán bộ đang bị xem xét kỷ luật (hoặc đang bị điều tra, thanh tra); "
        "khi đó «Ngày quyết định» là ngày bắt đầu xem xét.",
    )

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["-decided_on"]

    def __str__(self):
        return "{}: {}".format(self.person, self.get_form_display())

    @staticmethod
    def year_condition(year):
        return Q(decided_on__year__lte=year) & (
            Q(decided_on__year=year) | Q(effective_until__year__gte=year)
        )

    def years(self):
        """The year of the decision and every year of the period it affects."""
        last = self.effective_until.year if self.effective_until else self.decided_on.year
        return set(range(self.decided_on.year, max(last, self.decided_on.year) + 1))

    def clean(self):
        if self.effective_until and self.effective_until < self.decided_on:
            raise ValidationError(
                {"effective_until": "Ngày hết hiệu lực phải sau ngày quyết định."}
            )


class Leave(Evidence):
    """A period of maternity leave, study, sickness, treatment of an injury or other leave."""

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="leaves",
        verbose_name="cán bộ",
    )
    kind = models.CharField("loại", max_length=10, choices=LeaveKind.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày")
    # Treatment time counts only when a health facility of district level or above certifies it
    # (Thông tư 01/2024/TT-BNV); unknown until recorded.
    certified = models.BooleanField(
        "có xác nhận của cơ sở y tế cấp huyện trở lên",
        null=True,
        blank=True,
        help_text="Chỉ với điều trị thương: thời gian điều trị được tính khi có xác nhận.",
    )

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

    @staticmethod
    def year_condition(year):
        return Q(started_on__year__lte=year, ended_on__year__gte=year)

    def years(self):
        return set(range(self.started_on.year, self.ended_on.year + 1))


class InitiativeClaim(models.Model):
    """A person's title claim an initiative was counted for: once per person and title.

    Công văn 5007/BNV-TĐKT (2023) on Luật Thi đua, khen thưởng 2022: an initiative that has
    served as the basis of a title is not counted again for the same title. Each co-author's
    claim is their own (one author's CSTĐCS does not use up another's), a reading to confirm
    with the council (law.md marks co-authorship as open).
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="claims", verbose_name="sáng kiến"
    )
    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="initiative_claims",
        verbose_name="cán bộ",
    )
    title = models.CharField("danh hiệu", max_length=12, choices=TitleCode.choices)
    year = models.PositiveSmallIntegerField("năm xét", validators=[valid_year])

    class Meta:
        verbose_name = "sáng kiến đã dùng để xét"
        verbose_name_plural = "sáng kiến đã dùng để xét"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person", "title"],
                name="achievements_initiativeclaim_once_per_person_title",
                violation_error_message=("Sáng kiến này đã được cán bộ dùng để xét danh hiệu này."),
            )
        ]

    def __str__(self):
        return "{}: {} {}".format(self.initiative, self.get_title_display(), self.year)


class Research(Evidence):
    """A research topic or scheme (đề tài, đề án) and its team; it counts once accepted."""

    title = models.CharField("tên đề tài, đề án", max_length=500)
    kind = models.CharField(
        "loại", max_length=10, choices=ResearchKind.choices, default=ResearchKind.DE_TAI
    )
    level = models.CharField("cấp", max_length=10, choices=RecognitionLevel.choices)
    started_year = models.PositiveSmallIntegerField("năm bắt đầu", validators=[valid_year])
    accepted_on = models.DateField("ngày nghiệm thu", null=True, blank=True)
    result = models.CharField(
        "kết quả nghiệm thu", max_length=10, choices=AcceptanceResult.choices, blank=True
    )
    members = models.ManyToManyField(
        "organization.Person", through="ResearchMember", related_name="research"
    )

    person_path = "members"
    several_people = True

    class Meta:
        verbose_name = "đề tài, đề án"
        verbose_name_plural = "đề tài, đề án"
        ordering = ["-started_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True, result="")
                | Q(accepted_on__isnull=False) & ~Q(result=""),
                name="achievements_research_acceptance_complete",
                violation_error_message="Nghiệm thu cần cả ngày và kết quả.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def accepted(self) -> bool:
        return self.is_accepted(self.accepted_on, self.result)

    @staticmethod
    def is_accepted(accepted_on, result: str) -> bool:
        """Accepted (nghiệm thu) with any result but "không đạt"; the facts assembly reads rows."""
        return accepted_on is not None and result != AcceptanceResult.KHONG_DAT

    @staticmethod
    def year_condition(year):
        return Q(started_year__lte=year) & (
            Q(accepted_on__isnull=True) | Q(accepted_on__year__gte=year)
        )

    def years(self):
        """From its start to its acceptance; research still under way bears on every year up
        to this one, so closing its first year does not freeze it before acceptance."""
        last = self.accepted_on.year if self.accepted_on else timezone.localdate().year
        return set(range(self.started_year, max(last, self.started_year) + 1))

    def subject_people_ids(self):
        return set(self.memberships.values_list("person_id", flat=True))

    def clean(self):
        if (self.accepted_on is None) != (not self.result):
            raise ValidationError("Nghiệm thu cần cả ngày và kết quả (hoặc để trống cả hai).")
        if self.accepted_on and self.started_year and self.accepted_on.year < self.started_year:
            raise ValidationError({"accepted_on": "Ngày nghiệm thu trước năm bắt đầu."})


class ResearchMember(models.Model):
    research = models.ForeignKey(Research, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="research_memberships"
    )
    role = models.CharField("vai trò", max_length=10, choices=ResearchRole.choices)

    class Meta:
        verbose_name = "thành viên đề tài"
        verbose_name_plural = "thành viên đề tài"
        constraints = [
            models.UniqueConstraint(
                fields=["research", "person"],
                name="achievements_researchmember_unique",
                violation_error_message="Cán bộ đã có trong đề tài.",
            )
        ]

    def __str__(self):
        return "{} ({})".format(self.person, self.get_role_display())


class Work(Evidence):
    """An article, a textbook or a lecture: the lecturers' evidence (plan 2022, target 10)."""

    title = models.CharField("tên công trình", max_length=500)
    kind = models.CharField("loại", max_length=10, choices=WorkKind.choices)
    venue = models.CharField(
        "nơi đăng, xuất bản",
        max_length=255,
        blank=True,
        help_text="Tạp chí, số, nhà xuất bản hoặc nơi giảng.",
    )
    year = models.PositiveSmallIntegerField("năm", validators=[valid_year])
    authors = models.ManyToManyField(
        "organization.Person", through="WorkAuthorship", related_name="works"
    )

    person_path = "authors"
    several_people = True

    class Meta:
        verbose_name = "bài báo, giáo trình, bài giảng"
        verbose_name_plural = "bài báo, giáo trình, bài giảng"
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def subject_people_ids(self):
        return set(self.authorships.values_list("person_id", flat=True))


class WorkAuthorship(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="work_authorships"
    )

    class Meta:
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"
        constraints = [
            models.UniqueConstraint(
                fields=["work", "person"],
                name="achievements_workauthorship_unique",
                violation_error_message="Tác giả đã có trong công trình.",
            )
        ]

    def __str__(self):
        return str(self.person)


class Training(Evidence):
    """Training: doctoral or master's study, advanced political theory, courses, with the result.

    Full-time study (tập trung) is an absence the engine weighs by its length and result
    (Nghị định 98/2023/NĐ-CP Điều 4 khoản 3; Nghị định 91/2017/NĐ-CP Điều 7).
    """

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name="cán bộ",
    )
    kind = models.CharField("loại", max_length=20, choices=TrainingKind.choices)
    program = models.CharField("chương trình, khóa học", max_length=255, blank=True)
    institution = models.CharField("cơ sở đào tạo", max_length=255, blank=True)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    full_time = models.BooleanField("học tập trung", default=False)
    result = models.CharField("kết quả", max_length=12, choices=StudyResult.choices, blank=True)

    class Meta:
        verbose_name = "đào tạo, bồi dưỡng"
        verbose_name_plural = "đào tạo, bồi dưỡng"
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="achievements_training_ends_after_start",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self):
        return "{}: {}".format(self.person, self.get_kind_display())

    @staticmethod
    def year_condition(year):
        return Q(started_on__year__lte=year) & (
            Q(ended_on__isnull=True) | Q(ended_on__year__gte=year)
        )

    def years(self):
        """From its start to its end; training still under way bears on every year up to this
        one (as research does)."""
        last = self.ended_on.year if self.ended_on else timezone.localdate().year
        return set(range(self.started_on.year, max(last, self.started_on.year) + 1))

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "Ngày kết thúc phải sau ngày bắt đầu."})


class UnionScore(Evidence):
    """A woman's score on the union's "Giỏi việc trường, đảm việc nhà" scale for a year.

    The scale is the school union's own (law.md §2.5); its maximum and pass mark are the rule
    set's `gvt` parameters, which the organisation may override.
    """

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="union_scores",
        verbose_name="cán bộ",
    )
    year = models.PositiveSmallIntegerField("năm", validators=[valid_year])
    score = models.DecimalField(
        "điểm",
        max_digits=5,
        decimal_places=1,
        validators=[InRange(0, MAX_UNION_SCORE, "Điểm")],
    )

    class Meta:
        verbose_name = "điểm Giỏi việc trường, đảm việc nhà"
        verbose_name_plural = "điểm Giỏi việc trường, đảm việc nhà"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="achievements_unionscore_unique_person_year",
                violation_error_message="Cán bộ đã có điểm công đoàn năm này.",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=1000),
                name="achievements_unionscore_range",
                violation_error_message="Điểm từ 0 đến 1000.",
            ),
        ]

    def __str__(self):
        return "{} {}: {}".format(self.person, self.year, self.score)


class YearClosure(models.Model):
    """A year the secretary has closed: its evidence changes only by the secretary, audited."""

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.CASCADE, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm", validators=[valid_year])
    closed_at = models.DateTimeField("thời điểm khóa", auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người khóa",
    )

    class Meta:
        verbose_name = "năm đã khóa minh chứng"
        verbose_name_plural = "năm đã khóa minh chứng"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="achievements_yearclosure_unique",
                violation_error_message="Năm này đã khóa.",
            )
        ]

    def __str__(self):
        return "{} {}".format(self.organization, self.year)


for model in (
    YearGrade,
    Initiative,
    Authorship,
    InitiativeClaim,
    Discipline,
    Leave,
    Research,
    ResearchMember,
    Work,
    WorkAuthorship,
    Training,
    UnionScore,
    YearClosure,
):
    auditlog.register(model)
