"""The demo school's council for 2022 (Hội đồng Thi đua – Khen thưởng): who sits on it.

Called by the demo loader after the accounts exist; running it again adds only what is missing.
"""

from django.db import transaction

from thidua.accounts.models import User
from thidua.council.models import MemberRole, StandingMember
from thidua.organization.models import Organization

# Demo accounts (thidua/demo/school.py) and their seat: the principal chairs, the deputy
# principal is the standing vice-chair, the head of the personnel office is its secretary.
COUNCIL_2022 = (
    ("hieutruong", MemberRole.CHAIR),
    ("lanhdao", MemberRole.STANDING_VICE_CHAIR),
    ("thuky", MemberRole.SECRETARY),
    ("uyvien", MemberRole.MEMBER),
    ("truongkhoa", MemberRole.MEMBER),
)


@transaction.atomic
def load_council_2022(organization: Organization) -> list[StandingMember]:
    """Seat the demo accounts on the school's council (those accounts that exist)."""
    seats = []
    for username, role in COUNCIL_2022:
        user = User.objects.filter(username=username, organization=organization).first()
        if user is None:
            continue
        seat, _ = StandingMember.objects.get_or_create(
            organization=organization, user=user, defaults={"role": role}
        )
        seats.append(seat)
    return seats
