"""Login accounts and the roles they hold, each over the organisation or over one unit."""

from functools import cached_property

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    SECRETARY = "secretary", "Thường trực Hội đồng TĐ-KT"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng TĐ-KT"
    PRINCIPAL = "principal", "Hiệu trưởng"
    UNIT_HEAD = "unit_head", "Trưởng đơn vị"
    STAFF = "staff", "Cán bộ, viên chức"
    LEADER = "leader", "Lãnh đạo (chỉ xem)"
    # Keeps the reward fund and pays the bảng kê (thidua.rewards); reads no one's records else.
    ACCOUNTANT = "accountant", "Kế toán"


# Roles whose holder reads the whole organisation; the rest are scoped to a unit or to oneself.
ORGANIZATION_WIDE = frozenset(
    {Role.ADMIN, Role.SECRETARY, Role.COUNCIL_MEMBER, Role.PRINCIPAL, Role.LEADER}
)


class UserQuerySet(models.QuerySet):
    def in_organization(self, organization_id):
        """Return the accounts that hold a role in the organisation, or held one until its
        administrator closed their access there (suspended grants): the organisation's own
        list of accounts."""
        return self.filter(
            Q(pk__in=RoleGrant.objects.filter(organization_id=organization_id).values("user_id"))
            | Q(pk__in=SuspendedGrant.objects.filter(organization_id=organization_id)
                .values("user_id"))
        )  # fmt: skip

    def visible_to(self, user):
        """Return the accounts of the organisation `user` works in when `user` administers it
        (accounts.manage_accounts); none for anyone else."""
        import rules

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        if not rules.has_perm("accounts.manage_accounts", user, user.organization):
            return self.none()
        return self.in_organization(user.organization_id).annotate(
            suspended_here=Exists(
                SuspendedGrant.objects.filter(
                    user_id=OuterRef("pk"), organization_id=user.organization_id
                )
            )
        )


class ThiduaUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A login, linked to at most one person of one organisation.

    An account may hold roles in several organisations of the installation (RoleGrant carries
    its organisation); `organization` is the one it is working in, and only that
    organisation's grants count (`role_grants`, `roles`): every list scoped by `visible_to`
    then shows that organisation alone. `do_switch_organization` moves it.
    """

    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="cơ quan đang làm việc",
    )
    person = models.OneToOneField(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="cán bộ",
    )

    objects = ThiduaUserManager()

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def get_absolute_url(self):
        return reverse("accounts:user", args=[self.pk])

    def clean(self):
        super().clean()
        # The person is the account's own record, in one organisation; working in another
        # organisation of the installation does not move it.
        if self.person_id and self.person.organization_id not in {
            self.organization_id, *self.organization_ids
        }:
            raise ValidationError({"person": "Cán bộ phải thuộc cơ quan của tài khoản."})

    @cached_property
    def all_role_grants(self) -> list["RoleGrant"]:
        """Return this account's grants in every organisation (one query, cached for the
        request): the grants that count are `role_grants`."""
        if self.pk is None:
            return []
        return list(self.grants.all())

    @property
    def organization_ids(self) -> frozenset[int]:
        """Return the organisations this account holds a role in."""
        return frozenset(grant.organization_id for grant in self.all_role_grants)

    @cached_property
    def role_grants(self) -> list["RoleGrant"]:
        """Return this account's grants in the organisation it is working in; the grants of its
        other organisations count for nothing here."""
        if self.organization_id is None:
            return []
        return [g for g in self.all_role_grants if g.organization_id == self.organization_id]

    def forget_roles(self) -> None:
        """Drop the cached grants (after the working organisation changed)."""
        for name in ("role_grants", "roles", "headed_unit_ids"):
            self.__dict__.pop(name, None)

    @cached_property
    def roles(self) -> frozenset[str]:
        found = {grant.role for grant in self.role_grants}
        if self.is_superuser:
            found.add(Role.ADMIN)
        return frozenset(found)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        """Administrators are the installation's superusers: the admin site and the audit log
        span every organisation, so no organisation-level grant may open them."""
        return self.is_active and self.is_superuser

    @property
    def sees_whole_organization(self) -> bool:
        return bool(self.roles & ORGANIZATION_WIDE)

    @property
    def edits_personnel(self) -> bool:
        """Tell whether this account is the council's secretary or an administrator, for
        templates and code that ask it by this name; the idea is defined once, as the
        `is_secretary_or_admin` predicate of the organisation's permissions."""
        from thidua.organization.permissions import is_secretary_or_admin

        return is_secretary_or_admin.test(self)

    @property
    def headed_unit_id(self) -> int | None:
        """Return the unit of this account's first unit-head grant (its own unit's pages)."""
        return next(
            (g.unit_id for g in self.role_grants if g.role == Role.UNIT_HEAD and g.unit_id), None
        )

    @cached_property
    def headed_unit_ids(self) -> frozenset[int]:
        """Return the units this account heads, with every unit below them."""
        from thidua.organization.models import descendant_ids

        heads = [g.unit_id for g in self.role_grants if g.role == Role.UNIT_HEAD and g.unit_id]
        if not heads:
            return frozenset()
        return frozenset(descendant_ids(heads, organization_id=self.organization_id))


class RoleGrant(models.Model):
    """A role held by an account, over the whole organisation or (for a unit head) one unit.

    Why a row and not a flag: a unit head is a role over a unit, and one person may head one unit
    and sit on the council at the same time.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grants", verbose_name="tài khoản"
    )
    # The organisation the role is held in: each organisation's roles stay its own.
    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name="cơ quan",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name="đơn vị",
    )

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="accounts_rolegrant_unique_unit",
                violation_error_message="Tài khoản đã có vai trò này.",
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(unit__isnull=True),
                name="accounts_rolegrant_unique_in_organization",
                violation_error_message="Tài khoản đã có vai trò này ở cơ quan này.",
            ),
            models.CheckConstraint(
                condition=models.Q(role="unit_head", unit__isnull=False)
                | (~models.Q(role="unit_head") & models.Q(unit__isnull=True)),
                name="accounts_rolegrant_unit_only_for_unit_head",
                violation_error_message="Chỉ vai trò trưởng đơn vị gắn với một đơn vị.",
            ),
        ]

    def __str__(self):
        if self.unit_id:
            return "{} – {}".format(self.get_role_display(), self.unit)
        return self.get_role_display()

    def clean(self):
        super().clean()
        self._fill_organization()
        if self.unit_id and self.unit.organization_id != self.organization_id:
            raise ValidationError({"unit": "Đơn vị phải thuộc cơ quan của vai trò."})

    def save(self, *args, **kwargs):
        self._fill_organization()
        super().save(*args, **kwargs)

    def _fill_organization(self) -> None:
        """A grant made without its organisation is held in its unit's, else in the one its
        account works in (how grants were made before accounts had several)."""
        if self.organization_id is None:
            if self.unit_id:
                self.organization_id = self.unit.organization_id
            elif self.user_id:
                self.organization_id = self.user.organization_id


class SuspendedGrant(models.Model):
    """A role an account held in an organisation until the organisation's administrator closed
    its access there (do_deactivate_access): the grant itself is gone, so nothing of the
    organisation opens to the account, and this row gives it back on reopening.

    Why a row of its own rather than a flag on RoleGrant: every check that reads grants (the
    account's roles, the council's members, the signers of documents) stays right without
    learning about a flag.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="suspended_grants", verbose_name="tài khoản"
    )
    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.PROTECT,
        related_name="suspended_grants",
        verbose_name="cơ quan",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suspended_grants",
        verbose_name="đơn vị",
    )
    suspended_at = models.DateTimeField("khoá lúc", default=timezone.now)

    class Meta:
        verbose_name = "vai trò đang khoá"
        verbose_name_plural = "vai trò đang khoá"

    def __str__(self):
        if self.unit_id:
            return "{} – {}".format(self.get_role_display(), self.unit)
        return self.get_role_display()


auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(RoleGrant)
auditlog.register(SuspendedGrant)
