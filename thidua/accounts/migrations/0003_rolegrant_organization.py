"""Each role grant is held in an organisation: an account may hold roles in several organisations
of the installation and works in one at a time (issue 19, item 1).

Existing grants are backfilled with their unit's organisation, else their account's. A grant of
an account of no organisation, outside any unit, opened nothing (every page is scoped to the
account's organisation) and is removed.
"""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    for grant in RoleGrant.objects.select_related("unit", "user").iterator():
        organization_id = grant.unit.organization_id if grant.unit_id else grant.user.organization_id
        if organization_id is None:
            grant.delete()
            continue
        RoleGrant.objects.filter(pk=grant.pk).update(organization_id=organization_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_accountant_role"),
        ("organization", "0007_organization_parent_receives_for"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="rolegrant",
            name="accounts_rolegrant_unique",
        ),
        migrations.AddField(
            model_name="rolegrant",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_grants",
                to="organization.organization",
                verbose_name="cơ quan",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rolegrant",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_grants",
                to="organization.organization",
                verbose_name="cơ quan",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="users",
                to="organization.organization",
                verbose_name="cơ quan đang làm việc",
            ),
        ),
        migrations.AddConstraint(
            model_name="rolegrant",
            constraint=models.UniqueConstraint(
                condition=models.Q(("unit__isnull", True)),
                fields=("user", "organization", "role"),
                name="accounts_rolegrant_unique_in_organization",
                violation_error_message="Tài khoản đã có vai trò này ở cơ quan này.",
            ),
        ),
    ]
