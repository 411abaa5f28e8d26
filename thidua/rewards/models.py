"""Reward money: the base salary table the administrator keeps, and the reward fund (quỹ thi
đua, khen thưởng) with its yearly income and the expenses written from decisions' bảng kê.

Money is whole VND (integers). The bảng kê itself is not stored: it is computed when read from
the decision's lines and the base salary of its date (thidua.rules.money); an expense keeps the
total it paid, so a later correction of the table does not rewrite what the fund paid.
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q

#: No base salary or fund entry is above this: a typo of three zeros too many is refused.
MAX_BASE_SALARY = 100_000_000
MAX_FUND_AMOUNT = 100_000_000_000


class BaseSalary(models.Model):
    """The base salary (lương cơ sở) from a day, until the next entry (or ``ends_on``)."""

    starts_on = models.DateField("áp dụng từ ngày", unique=True)
    ends_on = models.DateField("đến hết ngày", null=True, blank=True)
    amount = models.PositiveIntegerField("mức lương cơ sở (đồng/tháng)")
    basis = models.CharField("căn cứ", max_length=300)
    source = models.CharField(
        "mã trích dẫn", max_length=30, blank=True, help_text="Khóa trích dẫn của phần mềm."
    )

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "bảng lương cơ sở"
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_BASE_SALARY),
                name="rewards_basesalary_amount_range",
                violation_error_message="Mức lương cơ sở phải lớn hơn 0 và không quá 100 triệu.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="rewards_basesalary_ends_after_start",
                violation_error_message="Ngày hết áp dụng không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return "{:,} đ từ {:%d/%m/%Y}".format(self.amount, self.starts_on).replace(",", ".")


class FundKind(models.TextChoices):
    INCOME = "income", "Thu"
    EXPENSE = "expense", "Chi"
    # The expense of a decision revoked after it was paid, written back as a negative expense
    # ("ghi âm") on the revocation's date: the fund never loses the expense it recorded.
    REVERSAL = "reversal", "Ghi giảm chi"


class FundEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The fund of the user's organisation, for those who keep it (secretary, accountant)."""
        from thidua.rewards.permissions import may

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        if not may(user, "rewards.view_fund"):
            return self.none()
        return self.filter(organization_id=user.organization_id)


class FundEntry(models.Model):
    """One movement of the reward fund: an income of the year, an expense that pays one
    decision's bảng kê (never an expense without a decision), or the reversal of that expense
    when the decision is revoked (the same amount, dated by the revocation)."""

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại", max_length=10, choices=FundKind.choices)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    entered_on = models.DateField("ngày")
    description = models.CharField("nội dung", max_length=300)
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_entries",
        verbose_name="theo quyết định",
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="người ghi"
    )

    objects = FundEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "khoản thu, chi quỹ thi đua, khen thưởng"
        verbose_name_plural = "quỹ thi đua, khen thưởng"
        ordering = ["entered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_FUND_AMOUNT),
                name="rewards_fundentry_amount_range",
                violation_error_message="Số tiền phải lớn hơn 0 và không quá 100 tỷ đồng.",
            ),
            models.CheckConstraint(
                condition=Q(kind="income", decision__isnull=True)
                | Q(kind__in=["expense", "reversal"], decision__isnull=False),
                name="rewards_fundentry_expense_has_decision",
                violation_error_message="Khoản chi phải theo một quyết định khen thưởng.",
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(kind="expense"),
                name="rewards_fundentry_unique_decision",
                violation_error_message="Tiền thưởng của quyết định này đã được ghi chi.",
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(kind="reversal"),
                name="rewards_fundentry_unique_reversal",
                violation_error_message="Khoản chi của quyết định này đã được ghi giảm.",
            ),
        ]

    @property
    def signed_amount(self) -> int:
        """The amount as it moves the expense column: a reversal is a negative expense."""
        return -self.amount if self.kind == FundKind.REVERSAL else self.amount

    def __str__(self):
        return "{} {:,} đ ngày {:%d/%m/%Y}".format(
            self.get_kind_display(), self.amount, self.entered_on
        ).replace(",", ".")


auditlog.register(BaseSalary)
auditlog.register(FundEntry)
