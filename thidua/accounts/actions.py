"""Business actions on one's own account: the organisation it is working in."""

from auditlog.context import set_actor
from django.db import transaction

from thidua.accounts.models import User
from thidua.core.actions import ActionRefused, NotAllowed, require_perm

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
