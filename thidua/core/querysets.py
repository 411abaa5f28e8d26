"""Querysets shared by the apps (no models here)."""

from django.db import models


class OrganizationQuerySet(models.QuerySet):
    """Records every signed-in member of an organisation may read: units, plans, …"""

    def visible_to(self, user):
        """Return the user's organisation's records; none for outsiders and anonymous users."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        return self.filter(organization_id=user.organization_id)
