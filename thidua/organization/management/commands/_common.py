"""What both spreadsheet commands share: the organisation and the acting user, in Vietnamese."""

from django.core.management.base import CommandError

from thidua.accounts.models import User
from thidua.organization.models import Organization


def find_user(username):
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError("Không có tài khoản «{}».".format(username))
    return user


def find_organization(abbreviation, user=None):
    """Return the organisation named, else the user's, else the only one there is."""
    if abbreviation:
        org = Organization.objects.filter(abbreviation=abbreviation).first()
        if org is None:
            raise CommandError("Không có cơ quan viết tắt «{}».".format(abbreviation))
        if user is not None and user.organization_id not in (None, org.pk):
            raise CommandError(
                "Tài khoản «{}» không thuộc cơ quan {}.".format(user.username, abbreviation)
            )
        return org
    if user is not None and user.organization_id:
        return user.organization
    orgs = list(Organization.objects.all()[:2])
    if len(orgs) != 1:
        raise CommandError(
            "Có {} cơ quan; hãy chọn một bằng --organization TÊN_VIẾT_TẮT.".format(
                Organization.objects.count()
            )
        )
    return orgs[0]
