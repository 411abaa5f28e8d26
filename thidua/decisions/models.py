"""Award decisions (quyết định khen thưởng) for the titles the school's head may award, with the
annexed list; issuing one writes the award register (thidua.awards).

A decision is drafted from a closed council session's results, issued by the principal (who
takes the next number of the organisation's year) and may be revoked with a reason; its awards
are then marked revoked, never deleted.
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.urls import reverse

from thidua.core.choices import TitleCode
from thidua.core.subjects import SubjectMixin, person_field, unit_field
from thidua.core.workflow import Move, Workflow
from thidua.documents import formatting
from thidua.organization.models import DocumentStyle
from thidua.rules import authority

# What the head of the school decides, under either regime (thidua.rules.authority): the lines a
# decision may hold, checked by the database too.
SCHOOL_TITLES = tuple(dict.fromkeys(authority.own_titles("2017") + authority.own_titles("2023")))
# The lines printed as a certificate, and its name (the law's, thidua.rules.authority).
CERTIFICATES = authority.CERTIFICATES
# The symbol of a decision, Party form (number-symbol "15-QĐ/TCTTP"); the state form is derived.
DECISION_TYPE = "QĐ"


def outside_authority_message(code: str, regime: str = "2023") -> str:
    """Return why a title cannot be in the school's decision, naming who awards it."""
    return (
        "«{}» không thuộc thẩm quyền của Hiệu trưởng; do {} quyết định "
        "(đề nghị lên cấp trên bằng tờ trình)."
    ).format(
        TitleCode(code).label if code in TitleCode.values else code,
        authority.decided_by_text(code, regime),
    )


class DecisionState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    REVOKED = "revoked", "Đã thu hồi, huỷ bỏ"


#: The workflow of a decision, in one place: (from, to) → who may make the move. The principal
#: signs a draft (issued) and revokes an issued decision; a draft is discarded, not moved.
#: `DECISION_FLOW.move` is the one way the state changes.
DECISION_FLOW = Workflow(
    DecisionState,
    {
        (DecisionState.DRAFT, DecisionState.ISSUED): Move(
            "decisions.sign_decision", "Chỉ Hiệu trưởng ký ban hành quyết định khen thưởng."
        ),
        (DecisionState.ISSUED, DecisionState.REVOKED): Move(
            "decisions.sign_decision", "Chỉ Hiệu trưởng thu hồi được quyết định khen thưởng."
        ),
    },
    noun="quyết định",
)


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return what a user may read: the organisation-wide roles every decision of their
        organisation, anyone else of it the issued and revoked ones (public acts of the school)."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        return mine.exclude(state=DecisionState.DRAFT)


class DecisionCounter(models.Model):
    """The last number taken by the organisation's decisions signed in a calendar year.

    Numbers run per calendar year of signing (Nghị định 30/2020/NĐ-CP Điều 15; Hướng dẫn
    36-HD/VPTW), not per award year: a 2022 decision signed in January 2023 takes 2023's next.

    Issuing locks this row (SELECT … FOR UPDATE), so two principals issuing at the same instant
    take numbers one after the other; the unique constraint on Decision is the second guard.
    """

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm ký")
    last_number = models.PositiveIntegerField("số đã cấp gần nhất", default=0)

    class Meta:
        verbose_name = "sổ đăng ký số quyết định"
        verbose_name_plural = "sổ đăng ký số quyết định"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="decisions_decisioncounter_unique_year",
                violation_error_message="Cơ quan đã có sổ số quyết định của năm này.",
            )
        ]

    def __str__(self):
        return "{} {}: {}".format(self.organization, self.year, self.last_number)


class Decision(models.Model):
    """A decision of the head of the school awarding titles (quyết định tặng danh hiệu …)."""

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm xét khen thưởng")
    number = models.PositiveIntegerField("số", null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(
        "năm của số", null=True, blank=True, help_text="Năm ký: số chạy theo năm dương lịch."
    )
    symbol = models.CharField("ký hiệu", max_length=30, help_text="Dạng của Đảng, ví dụ QĐ/TCTTP.")
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=120, default="Hiệu trưởng")
    legal_bases = models.TextField("căn cứ", help_text="Mỗi căn cứ một dòng.")
    titles = models.JSONField("danh hiệu, hình thức", default=list)
    state = models.CharField(
        "trạng thái", max_length=10, choices=DecisionState.choices, default=DecisionState.DRAFT
    )
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revoked_reason = models.TextField("lý do thu hồi", blank=True)
    session = models.ForeignKey(
        "council.CouncilSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="theo phiên họp Hội đồng",
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="người soạn"
    )
    issued_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-year", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="decisions_decision_unique_number",
                violation_error_message="Số quyết định này đã được dùng trong năm.",
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (
                    Q(number__isnull=False)
                    & Q(number_year__isnull=False)
                    & Q(decided_on__isnull=False)
                ),
                name="decisions_decision_issued_has_number",
                violation_error_message="Quyết định đã ban hành phải có số và ngày.",
            ),
            models.CheckConstraint(
                condition=~Q(state="revoked")
                | (~Q(revoked_reason="") & Q(revoked_on__isnull=False)),
                name="decisions_decision_revoked_has_reason",
                violation_error_message="Thu hồi quyết định phải ghi ngày và lý do.",
            ),
        ]

    def __str__(self):
        if self.number is None:
            return "Dự thảo quyết định khen thưởng năm {}".format(self.year)
        return "Quyết định số {}".format(self.document_number)

    def get_absolute_url(self):
        return reverse("decisions:decision", args=[self.pk])

    @property
    def is_party_style(self) -> bool:
        """Reads self.organization: one query if not loaded."""
        return self.organization.document_style == DocumentStyle.PARTY

    @property
    def document_number(self) -> str:
        """Return the number-symbol in the organisation's style: 15-QĐ/TCTTP or 15/QĐ-TCTTP."""
        if self.number is None:
            return ""
        if self.is_party_style:
            return "{}-{}".format(self.number, self.symbol)
        return "{}/{}".format(self.number, formatting.state_symbol(self.symbol))

    @property
    def title_names(self) -> str:
        labels = dict(TitleCode.choices)
        return "; ".join(labels.get(code, code) for code in self.titles or [])

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]


class DecisionEntry(SubjectMixin, models.Model):
    """One line of the annexed list: who receives which title (a person, a unit, or neither: the
    organisation itself), and the nomination it comes from."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="entries", verbose_name="quyết định"
    )
    person = person_field("decision_entries")
    unit = unit_field("decision_entries")
    title = models.CharField("danh hiệu, hình thức", max_length=12, choices=TitleCode.choices)
    # Empty for the year's title; a Giấy khen of a phase, a thematic movement or a one-off
    # achievement (thidua.closing) names its occasion, written with it into the register.
    occasion = models.CharField("dịp khen thưởng", max_length=200, blank=True)
    nomination = models.ForeignKey(
        "council.Nomination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_entries",
        verbose_name="theo đề nghị",
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    award = models.OneToOneField(
        "register.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_entry",
        verbose_name="khen thưởng trong sổ",
    )
    claimed_initiatives = models.JSONField("sáng kiến đã dùng để xét", default=list, blank=True)

    class Meta:
        verbose_name = "danh sách kèm theo quyết định"
        verbose_name_plural = "danh sách kèm theo quyết định"
        ordering = ["decision", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(unit__isnull=True),
                name="decisions_decisionentry_one_subject",
                violation_error_message="Mỗi dòng cho một cán bộ, một tập thể hoặc cả cơ quan.",
            ),
            models.CheckConstraint(
                condition=Q(title__in=SCHOOL_TITLES),
                name="decisions_decisionentry_school_titles",
                violation_error_message="Chỉ ghi danh hiệu thuộc thẩm quyền Hiệu trưởng.",
            ),
            models.UniqueConstraint(
                fields=["decision", "person", "title", "occasion"],
                condition=Q(person__isnull=False),
                name="decisions_decisionentry_unique_person",
                violation_error_message="Cán bộ đã có trong danh sách với danh hiệu này.",
            ),
            models.UniqueConstraint(
                fields=["decision", "unit", "title", "occasion"],
                condition=Q(unit__isnull=False),
                name="decisions_decisionentry_unique_unit",
                violation_error_message="Tập thể đã có trong danh sách với danh hiệu này.",
            ),
        ]

    subject_owner = "decision.organization"
    person_name = "display_name"

    def __str__(self):
        return "{}: {}".format(self.subject_name, self.get_title_display())

    @property
    def certificate_name(self) -> str:
        """Return "Giấy chứng nhận" or "Giấy khen" for a line printed as one, else ""."""
        return CERTIFICATES.get(self.title, "")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.title and self.title not in SCHOOL_TITLES:
            raise ValidationError({"title": outside_authority_message(self.title)})


auditlog.register(Decision)
auditlog.register(DecisionEntry)
auditlog.register(DecisionCounter)
