"""Business actions on accounts: the organisation one's own account is working in, and an
organisation's accounts and roles, kept by its administrator."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import Role, RoleGrant, SuspendedGrant, User
from thidua.core import text
from thidua.core.actions import ActionRefused, FieldRefused, NotAllowed, locked, require_perm
from thidua.core.audit import set_actor

SWITCH_REFUSED = "Tài khoản không có vai trò nào ở cơ quan này."


@transaction.atomic
def do_switch_organization(user, organization, *, acting_user):
    """Make `organization` the one `user` works in: from then on only its roles count and only
    its records show. Only the account itself switches, and only to an organisation where it
    holds a role; the change is on the audit log."""
    if acting_user is None or not acting_user.is_authenticated or acting_user.pk != user.pk:
        raise NotAllowed("Chỉ chính người dùng được chọn cơ quan làm việc của mình.")
    require_perm(acting_user, "accounts.switch_organization", organization,
                 message=SWITCH_REFUSED)  # fmt: skip
    account = User.objects.select_for_update().get(pk=user.pk)
    if not account.grants.filter(organization=organization).exists():  # revoked meanwhile
        raise NotAllowed(SWITCH_REFUSED)
    if account.organization_id == organization.pk:
        raise ActionRefused("Tài khoản đang làm việc tại {}.".format(organization))
    account.organization = organization
    with set_actor(acting_user):
        account.save(update_fields=["organization"])
    user.organization = organization
    user.forget_roles()
    return user


# An organisation's accounts, kept by its administrator ----------------------------------------

ACCOUNTS_REFUSED = "Chỉ quản trị hệ thống của cơ quan được quản lý tài khoản của cơ quan."
PASSWORD_REFUSED = (
    "Tài khoản này cũng làm việc ở cơ quan khác (hoặc là quản trị của toàn bộ cài đặt): chỉ quản"
    " trị hệ thống của toàn bộ cài đặt được đặt lại mật khẩu của nó."
)
LAST_ADMIN_REFUSED = (
    "Cơ quan phải còn ít nhất một quản trị hệ thống: hãy giao vai trò quản trị cho một tài khoản"
    " khác trước."
)


@dataclass(frozen=True)
class NewAccount:
    """An account an organisation's administrator creates: its roles are in that organisation;
    `person` (optional) is one of its people with no account yet; `head_of` a unit of it whose
    head the account is."""

    username: str
    full_name: str
    email: str = ""
    person: object = None
    roles: tuple[str, ...] = ()
    head_of: object = None


def _check_manages(acting_user, organization) -> None:
    require_perm(acting_user, "accounts.manage_accounts", organization, message=ACCOUNTS_REFUSED)


def _check_account_here(account: User, organization) -> None:
    """Refuse an account that holds no role (nor a closed one) in the organisation: its
    administrator acts on the organisation's own accounts only."""
    if not User.objects.in_organization(organization.pk).filter(pk=account.pk).exists():
        raise NotAllowed("Tài khoản không thuộc cơ quan này.")


def _check_role(role: str, unit, organization) -> None:
    if role not in Role.values:
        raise FieldRefused("Vai trò không hợp lệ.", field="role")
    if role == Role.UNIT_HEAD and unit is None:
        raise FieldRefused("Vai trò trưởng đơn vị cần chọn đơn vị.", field="unit")
    if role != Role.UNIT_HEAD and unit is not None:
        raise FieldRefused("Chỉ vai trò trưởng đơn vị gắn với một đơn vị.", field="unit")
    if unit is not None and unit.organization_id != organization.pk:
        raise FieldRefused("Đơn vị phải thuộc cơ quan này.", field="unit")


def _write_grant(account: User, organization, role: str, unit) -> RoleGrant:
    grant = RoleGrant(user=account, organization=organization, role=role, unit=unit)
    try:
        grant.full_clean()
    except ValidationError as error:
        field = "unit" if "unit" in error.message_dict else "role"
        raise FieldRefused(" ".join(error.messages), field=field) from error
    grant.save()
    return grant


def _admins_left(organization, *, without_user: User) -> bool:
    """Tell whether the organisation keeps an administrator besides `without_user`."""
    return (
        RoleGrant.objects.filter(organization=organization, role=Role.ADMIN)
        .exclude(user=without_user)
        .exists()
    )


def _owned_here(account: User, organization) -> bool:
    """Tell whether every role the account holds or held is in this organisation (and it is not
    the installation's administrator): its sign-in is then the organisation's to lock."""
    return not account.is_superuser and not (
        account.grants.exclude(organization=organization).exists()
        or account.suspended_grants.exclude(organization=organization).exists()
    )


@transaction.atomic
def do_create_account(organization, data: NewAccount, *, acting_user) -> tuple[User, str]:
    """Create an account of the organisation with its roles there and a random initial
    password; return the account and the password, which the caller shows once (it is stored
    hashed only). All or nothing."""
    from thidua.organization.actions import initial_password

    _check_manages(acting_user, organization)
    username = text.clean(data.username)
    if not username:
        raise FieldRefused("Tên đăng nhập: bắt buộc.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise FieldRefused(
            "Tên đăng nhập «{}» đã có người dùng; chọn tên khác.".format(username),
            field="username",
        )
    person = data.person
    if person is not None:
        if person.organization_id != organization.pk:
            raise FieldRefused("Cán bộ phải thuộc cơ quan này.", field="person")
        if User.objects.filter(person=person).exists():
            raise FieldRefused("Cán bộ này đã có tài khoản.", field="person")
    wanted = [(role, None) for role in data.roles if role != Role.UNIT_HEAD]
    if data.head_of is not None:
        wanted.append((Role.UNIT_HEAD, data.head_of))
    if not wanted:
        raise FieldRefused("Chọn ít nhất một vai trò.", field="roles")
    for role, unit in wanted:
        _check_role(role, unit, organization)
    password = initial_password()
    with set_actor(acting_user):
        account = User(
            username=username,
            first_name=text.clean(data.full_name),
            email=text.clean(data.email),
            organization=organization,
            person=person,
        )
        account.set_password(password)
        try:
            account.full_clean()
        except ValidationError as error:
            field = next(iter(error.message_dict), "username")
            raise FieldRefused(" ".join(error.messages), field=field) from error
        account.save()
        for role, unit in wanted:
            _write_grant(account, organization, role, unit)
    return account, password


@transaction.atomic
def do_grant_role(account: User, organization, *, role: str, unit=None, acting_user) -> RoleGrant:
    """Give the account a role in the organisation (a unit head's over one of its units)."""
    _check_manages(acting_user, organization)
    account = locked(account)
    _check_account_here(account, organization)
    if account.suspended_grants.filter(organization=organization).exists():
        raise ActionRefused("Tài khoản đang bị khoá tại cơ quan; hãy mở khoá trước.")
    _check_role(role, unit, organization)
    with set_actor(acting_user):
        grant = _write_grant(account, organization, role, unit)
        if account.organization_id is None:
            account.organization = organization
            account.save(update_fields=["organization"])
    return grant


@transaction.atomic
def do_revoke_role(grant: RoleGrant, *, acting_user) -> None:
    """Take one role of the organisation from an account. Its last role there is not taken
    (lock its access instead), nor the organisation's last administrator's role."""
    organization = grant.organization
    _check_manages(acting_user, organization)
    account = locked(grant.user)
    grant = RoleGrant.objects.select_for_update().filter(pk=grant.pk).first()
    if grant is None:
        raise ActionRefused("Vai trò này đã được thu hồi.")
    if not account.grants.filter(organization=organization).exclude(pk=grant.pk).exists():
        raise ActionRefused(
            "Đây là vai trò cuối cùng của tài khoản tại cơ quan; muốn thôi cho tài khoản làm"
            " việc tại cơ quan, hãy khoá tài khoản."
        )
    if grant.role == Role.ADMIN and not _admins_left(organization, without_user=account):
        raise ActionRefused(LAST_ADMIN_REFUSED)
    with set_actor(acting_user):
        grant.delete()


@transaction.atomic
def do_deactivate_access(account: User, organization, *, acting_user) -> User:
    """Close the account's access to the organisation: its roles there are kept aside
    (SuspendedGrant), never deleted with the account; its roles elsewhere stay. An account that
    works here alone can no longer sign in; one that works elsewhere too is moved there."""
    _check_manages(acting_user, organization)
    account = locked(account)
    _check_account_here(account, organization)
    grants = list(account.grants.filter(organization=organization))
    if not grants:
        raise ActionRefused("Tài khoản đã bị khoá tại cơ quan này.")
    if any(g.role == Role.ADMIN for g in grants) and not _admins_left(
        organization, without_user=account
    ):
        raise ActionRefused(LAST_ADMIN_REFUSED)
    now = timezone.now()
    with set_actor(acting_user):
        for grant in grants:  # one by one, so each move is on the audit log
            SuspendedGrant.objects.create(user=account, organization=organization,
                                          role=grant.role, unit_id=grant.unit_id,
                                          suspended_at=now)  # fmt: skip
            grant.delete()
        changed = []
        if account.organization_id == organization.pk:
            account.organization_id = (
                account.grants.order_by("organization_id")
                .values_list("organization_id", flat=True)
                .first()
            )
            changed.append("organization")
        if account.is_active and _owned_here(account, organization):
            account.is_active = False
            changed.append("is_active")
        if changed:
            account.save(update_fields=changed)
    return account


@transaction.atomic
def do_reactivate_access(account: User, organization, *, acting_user) -> User:
    """Give the account back the roles it held in the organisation before its access was
    closed; an account that works here alone can sign in again."""
    _check_manages(acting_user, organization)
    account = locked(account)
    _check_account_here(account, organization)
    suspended = list(account.suspended_grants.filter(organization=organization))
    if not suspended:
        raise ActionRefused("Tài khoản đang làm việc tại cơ quan, không bị khoá.")
    with set_actor(acting_user):
        for row in suspended:
            _write_grant(account, organization, row.role, row.unit)
            row.delete()
        changed = []
        if account.organization_id is None:
            account.organization = organization
            changed.append("organization")
        if not account.is_active and _owned_here(account, organization):
            account.is_active = True
            changed.append("is_active")
        if changed:
            account.save(update_fields=changed)
    return account


@transaction.atomic
def do_reset_password(account: User, organization, *, acting_user) -> str:
    """Give an account of the organisation a new random initial password and return it, for
    the caller to show once. Only an account whose every role is in this organisation: an
    administrator of one agency must not take over an account that also works elsewhere."""
    from thidua.organization.actions import initial_password

    _check_manages(acting_user, organization)
    account = locked(account)
    _check_account_here(account, organization)
    require_perm(acting_user, "accounts.reset_password", account, message=PASSWORD_REFUSED)
    password = initial_password()
    account.set_password(password)
    with set_actor(acting_user):
        account.save(update_fields=["password"])
    return password
