"""The year's emulation plan (kế hoạch thi đua) as data: its text, movements, phases and targets.

A target stores its measure as data — population, what is counted, comparison and goal — never as
code per target, so a new plan's targets need no programmer (shared/design/data-model.md).
"""

from itertools import pairwise

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from thidua.core.choices import TitleCode
from thidua.core.querysets import OrganizationQuerySet


class Plan(models.Model):
    """One organisation's emulation plan for one year."""

    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name="cơ quan",
    )
    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.CharField("số", max_length=10, help_text="Ví dụ: 3")
    symbol = models.CharField(
        "ký hiệu", max_length=30, help_text="Ví dụ: KH/TCTTP (số – ký hiệu: 3-KH/TCTTP)"
    )
    place = models.CharField("địa danh", max_length=100)
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("trích yếu", max_length=255)
    slogan = models.CharField("khẩu hiệu", max_length=255, blank=True)
    preamble = models.TextField("căn cứ, mở đầu", blank=True)
    purposes = models.TextField("mục đích, yêu cầu", help_text="Mỗi đoạn một dòng.")
    theme = models.TextField("chủ đề")
    organization_section = models.TextField(
        "tổ chức thực hiện", blank=True, help_text="Mỗi mục một dòng."
    )
    proposed_titles = models.JSONField("đề xuất danh hiệu", default=list, blank=True)
    proposed_forms = models.JSONField("đề xuất hình thức khen thưởng", default=list, blank=True)
    signer_title = models.CharField("chức danh người ký", max_length=100, default="HIỆU TRƯỞNG")
    signer = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ký",
    )
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi nơi nhận một dòng.")
    registration_deadline = models.DateField("hạn đăng ký thi đua", null=True, blank=True)
    # The plan's calendar (issue 18): the deadlines the plan sets, in the year's order. Each one
    # feeds the to-do list (thidua/todo); none is required, a plan may not name them all.
    evidence_deadline = models.DateField("hạn chốt minh chứng", null=True, blank=True)
    nomination_deadline = models.DateField(
        "hạn đơn vị gửi đề nghị khen thưởng", null=True, blank=True
    )
    council_meeting_on = models.DateField("ngày họp Hội đồng TĐ-KT", null=True, blank=True)
    report_deadline = models.DateField("hạn báo cáo tổng kết năm", null=True, blank=True)
    province_dossier_deadline = models.DateField(
        "hạn gửi hồ sơ đề nghị lên tỉnh", null=True, blank=True
    )
    academy_dossier_deadline = models.DateField(
        "hạn gửi hồ sơ đề nghị lên Học viện", null=True, blank=True
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch thi đua"
        verbose_name_plural = "kế hoạch thi đua"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="plans_plan_unique_year",
                violation_error_message="Cơ quan đã có kế hoạch thi đua năm này.",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "number", "symbol"],
                name="plans_plan_unique_number",
                violation_error_message="Số, ký hiệu văn bản này đã được dùng trong năm.",
            ),
        ]

    def __str__(self):
        return "Kế hoạch thi đua năm {} ({})".format(self.year, self.document_number)

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.pk])

    @property
    def document_number(self) -> str:
        """Return the number-symbol as the Party layout writes it: 3-KH/TCTTP."""
        return "{}-{}".format(self.number, self.symbol)

    def clean(self):
        if self.issued_on and self.year and abs(self.issued_on.year - self.year) > 1:
            raise ValidationError(
                {"issued_on": "Ngày ban hành phải trong năm kế hoạch hoặc năm liền trước."}
            )
        calendar_errors = self._clean_calendar()
        if calendar_errors:
            raise ValidationError(calendar_errors)
        unknown = set(self.proposed_titles or []) | set(self.proposed_forms or [])
        unknown -= set(TitleCode.values)
        if unknown:
            raise ValidationError(
                {"proposed_titles": "Danh hiệu không có: {}".format(", ".join(sorted(unknown)))}
            )

    def calendar(self, today=None) -> list[dict]:
        """Return the plan's deadlines that are set, by date, each with its state when read
        (past, next — the first one ahead — or ahead), for the timeline."""
        today = today or timezone.localdate()
        entries = sorted(
            (
                (getattr(self, field), field, self._meta.get_field(field).verbose_name)
                for field in CALENDAR
                if getattr(self, field)
            ),
            key=lambda entry: entry[0],
        )
        rows, seen_next = [], False
        for day, field, label in entries:
            state = "past" if day < today else ("ahead" if seen_next else "next")
            seen_next = seen_next or state == "next"
            rows.append({"field": field, "label": label, "date": day, "state": state})
        return rows

    def _clean_calendar(self) -> dict[str, str]:
        """The calendar's order: registration, evidence, nominations, the council, then the
        year-end report and the dossiers to the higher bodies (in any order after the
        council). A deadline lies in the plan's year, a dossier possibly early the next."""
        errors: dict[str, str] = {}
        label = {f: self._meta.get_field(f).verbose_name for f in CALENDAR}
        for field in CALENDAR[1:]:
            day = getattr(self, field)
            if day and self.year and not (self.year <= day.year <= self.year + 1):
                errors[field] = "Phải trong năm {} hoặc đầu năm sau.".format(self.year)
        chain = [f for f in CALENDAR_CHAIN if getattr(self, f)]
        for before, after in pairwise(chain):
            if getattr(self, after) < getattr(self, before) and after not in errors:
                errors[after] = "Phải từ {} ({}) trở đi.".format(
                    label[before], getattr(self, before).strftime("%d/%m/%Y")
                )
        last = chain[-1] if chain else None
        for field in CALENDAR_AFTER_COUNCIL:
            day = getattr(self, field)
            if day and last and day < getattr(self, last) and field not in errors:
                errors[field] = "Phải từ {} ({}) trở đi.".format(
                    label[last], getattr(self, last).strftime("%d/%m/%Y")
                )
        return errors

    def lines(self, field: str) -> list[str]:
        """Return a multi-line text field as its non-empty lines."""
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]


#: The plan's deadlines in the year's order; the first four follow each other, the last three
#: come after the council's meeting.
CALENDAR_CHAIN = (
    "registration_deadline", "evidence_deadline", "nomination_deadline", "council_meeting_on",
)  # fmt: skip
CALENDAR_AFTER_COUNCIL = (
    "report_deadline", "province_dossier_deadline", "academy_dossier_deadline",
)  # fmt: skip
CALENDAR = CALENDAR_CHAIN + CALENDAR_AFTER_COUNCIL


def latest_plan_year(user) -> int | None:
    """Return the latest year of the plans the user sees (the registration screens' default)."""
    return Plan.objects.visible_to(user).order_by("-year").values_list("year", flat=True).first()


def proposed_titles(org_pks, year: int) -> dict[int, frozenset[str]]:
    """Return the titles each organisation registers as a collective in its plan for the year.

    The organisation registers its own collective titles (its flags: Cờ thi đua cấp tỉnh, Học
    viện, Chính phủ; TTLĐXS) in its yearly emulation plan, section "đề xuất danh hiệu"
    (Luật Thi đua, khen thưởng 2003, Điều 10: registration is a basis of every emulation title).
    An organisation without a plan for the year is missing (registration unknown: review).
    """
    return {
        org_pk: frozenset(titles or ())
        for org_pk, titles in Plan.objects.filter(
            organization_id__in=org_pks, year=year
        ).values_list("organization_id", "proposed_titles")
    }


def registration_deadline(user, year: int):
    """Return the registration deadline of the year's plan the user sees, or None."""
    return (
        Plan.objects.visible_to(user)
        .filter(year=year)
        .values_list("registration_deadline", flat=True)
        .first()
    )


class PlanPart(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, verbose_name="kế hoạch")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class ContentItem(PlanPart):
    """One paragraph of the plan's content (II.2 Nội dung)."""

    text = models.TextField("nội dung")

    class Meta(PlanPart.Meta):
        verbose_name = "nội dung"
        verbose_name_plural = "nội dung"
        default_related_name = "content_items"

    def __str__(self):
        return self.text[:80]


class MovementKind(models.TextChoices):
    REGULAR = "regular", "Thường xuyên"
    THEMATIC = "thematic", "Theo chuyên đề"
    CAMPAIGN = "campaign", "Cuộc vận động"


class Movement(PlanPart):
    """A named emulation movement (phong trào thi đua) the staff take part in."""

    name = models.CharField("tên phong trào", max_length=255)
    kind = models.CharField(
        "loại", max_length=10, choices=MovementKind.choices, default=MovementKind.REGULAR
    )

    class Meta(PlanPart.Meta):
        verbose_name = "phong trào"
        verbose_name_plural = "phong trào"
        default_related_name = "movements"

    def __str__(self):
        return self.name


class Phase(PlanPart):
    """An emulation phase (đợt thi đua) with its own review; its state is computed when read."""

    name = models.CharField("tên đợt", max_length=255)
    starts_on = models.DateField("bắt đầu")
    ends_on = models.DateField("kết thúc")
    review_on = models.DateField("ngày sơ kết, tổng kết")

    class Meta(PlanPart.Meta):
        verbose_name = "đợt thi đua"
        verbose_name_plural = "đợt thi đua"
        default_related_name = "phases"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="plans_phase_ends_after_start",
                violation_error_message="Đợt thi đua phải kết thúc sau khi bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("ends_on")),
                name="plans_phase_review_after_end",
                violation_error_message="Ngày tổng kết phải từ ngày kết thúc đợt trở đi.",
            ),
        ]

    def __str__(self):
        return self.name

    def status(self, today=None) -> str:
        """Return upcoming, running, reviewing (ended, review ahead) or done."""
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "upcoming"
        if today <= self.ends_on:
            return "running"
        if today <= self.review_on:
            return "reviewing"
        return "done"


class Population(models.TextChoices):
    STAFF = "staff", "Cán bộ, viên chức, người lao động"
    LECTURERS = "lecturers", "Giảng viên"
    WOMEN = "women", "Nữ cán bộ, viên chức"
    UNITS = "units", "Các khoa, phòng"
    COLLECTIVES = "collectives", "Tập thể và cá nhân"
    ORGANIZATION = "organization", "Nhà trường"
    PARTY_COMMITTEE = "party_committee", "Đảng bộ"
    UNION = "union", "Công đoàn"


class Measure(models.TextChoices):
    """What a target counts over its population."""

    TITLE_SHARE = "title_share", "Tỷ lệ đạt danh hiệu, hình thức"
    TITLE_COUNT = "title_count", "Số lượng đạt danh hiệu, hình thức"
    TITLE_HELD = "title_held", "Đạt danh hiệu (một chủ thể)"
    EVIDENCE_SHARE = (
        "evidence_share",
        "Tỷ lệ có sản phẩm (sáng kiến, đề tài, bài viết, giáo trình, bài giảng)",
    )
    REGISTERED_SHARE = "registered_share", "Tỷ lệ đăng ký thi đua"
    NO_DISCIPLINE_SHARE = "no_discipline_share", "Tỷ lệ không vi phạm kỷ luật"
    GRADE = "grade", "Xếp loại chất lượng"
    # Counts nothing in thidua records (e.g. units that adopted their own plan): the secretary
    # enters how many reached it, with evidence, and the share is computed over the population.
    ENTERED_SHARE = "entered_share", "Tỷ lệ theo số liệu thường trực nhập (có minh chứng)"
    QUALITATIVE = "qualitative", "Định tính (đánh dấu hoàn thành, có minh chứng)"


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "từ … trở lên"
    MORE_THAN = "gt", "trên"
    RANGE = "range", "từ … đến …"
    EXACTLY = "eq", "bằng"


class Target(PlanPart):
    """A target (chỉ tiêu) of the plan, measured from the database."""

    group = models.CharField(
        "nhóm", max_length=120, blank=True, help_text="Ví dụ: a) Về đào tạo, bồi dưỡng"
    )
    text = models.TextField("chỉ tiêu (như văn bản)")
    measure = models.CharField("cách đo", max_length=20, choices=Measure.choices)
    population = models.CharField(
        "đối tượng", max_length=20, choices=Population.choices, blank=True
    )
    title = models.CharField(
        "danh hiệu, hình thức", max_length=12, choices=TitleCode.choices, blank=True
    )
    grade = models.CharField("xếp loại", max_length=5, blank=True)
    comparison = models.CharField("so sánh", max_length=5, choices=Comparison.choices, blank=True)
    goal = models.DecimalField(
        "mục tiêu",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Tỷ lệ tính bằng %, hoặc số lượng.",
    )
    goal_max = models.DecimalField(
        "mục tiêu tối đa", max_digits=7, decimal_places=2, null=True, blank=True
    )
    entered_count = models.PositiveIntegerField("số đã đạt (nhập tay)", null=True, blank=True)
    done = models.BooleanField("đã hoàn thành", default=False)
    evidence = models.TextField("minh chứng", blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        default_related_name = "targets"

    def __str__(self):
        return self.text[:80]

    @property
    def is_share(self) -> bool:
        return self.measure.endswith("_share")

    def clean(self):
        errors = {}
        if self.measure == Measure.QUALITATIVE:
            return
        if (
            self.measure in (Measure.TITLE_SHARE, Measure.TITLE_COUNT, Measure.TITLE_HELD)
            and not self.title
        ):
            errors["title"] = "Chỉ tiêu này cần danh hiệu hoặc hình thức khen thưởng."
        if self.measure == Measure.GRADE and not self.grade:
            errors["grade"] = "Chỉ tiêu này cần mức xếp loại."
        if self.measure != Measure.TITLE_HELD and self.measure != Measure.GRADE:
            if not self.population:
                errors["population"] = "Chỉ tiêu này cần đối tượng."
            if self.goal is None or not self.comparison:
                errors["goal"] = "Chỉ tiêu này cần mục tiêu và cách so sánh."
        if self.goal is not None and self.is_share and not 0 <= self.goal <= 100:
            errors["goal"] = "Tỷ lệ phải từ 0 đến 100%."
        if self.goal is not None and self.goal < 0:
            errors["goal"] = "Mục tiêu không được âm."
        range_broken = self.goal_max is None or (
            self.goal is not None and self.goal_max < self.goal
        )
        if self.comparison == Comparison.RANGE and range_broken:
            errors["goal_max"] = "Khoảng mục tiêu phải có giá trị tối đa không nhỏ hơn tối thiểu."
        if errors:
            raise ValidationError(errors)


class LegalBasis(PlanPart):
    """A document the plan is based on (Thực hiện Văn bản số …)."""

    text = models.CharField("văn bản", max_length=500)

    class Meta(PlanPart.Meta):
        verbose_name = "căn cứ"
        verbose_name_plural = "căn cứ"
        default_related_name = "bases"

    def __str__(self):
        return self.text


for model in (Plan, ContentItem, Movement, Phase, Target, LegalBasis):
    auditlog.register(model)
