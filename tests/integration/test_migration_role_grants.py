"""accounts 0003 gives every existing role grant its organisation: its unit's, else its account's;
a grant of an account of no organisation outside any unit opened nothing and goes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_accountant_role"),
          ("organization", "0006_person_organization_sort_key_index")]  # fmt: skip
AFTER = [("accounts", "0003_rolegrant_organization"),
         ("organization", "0007_organization_parent_receives_for")]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_grant_its_organisation():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organization = old.get_model("organization", "Organization")
    Unit = old.get_model("organization", "Unit")
    User = old.get_model("accounts", "User")
    RoleGrant = old.get_model("accounts", "RoleGrant")
    school = Organization.objects.create(name="Trường A", abbreviation="TA", place_name="Hà Tĩnh")
    office = Organization.objects.create(name="Sở B", abbreviation="SB", place_name="Hà Tĩnh")
    faculty = Unit.objects.create(organization=office, name="Phòng 1", kind="office",
                                  search_text="phong 1")  # fmt: skip
    secretary = User.objects.create(username="thuky", organization=school)
    nobody = User.objects.create(username="khach")
    kept = [
        RoleGrant.objects.create(user=secretary, role="secretary").pk,
        RoleGrant.objects.create(user=secretary, role="unit_head", unit=faculty).pk,
    ]
    RoleGrant.objects.create(user=nobody, role="staff")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    RoleGrant = new.get_model("accounts", "RoleGrant")
    assert dict(RoleGrant.objects.values_list("pk", "organization_id")) == {
        kept[0]: school.pk, kept[1]: office.pk
    }
    # Back to the project's latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
