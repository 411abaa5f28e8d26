"""Seed the base salary table with the decrees' values (thidua.rules.money.BASE_SALARIES): the
administrator keeps it from here when a new decree changes it."""

from django.db import migrations

# Written out, not imported: a migration keeps the values it seeded even if the code changes.
SEED = (
    ("2019-07-01", "2023-06-30", 1_490_000, "ND38.3.2",
     "Nghị định số 38/2019/NĐ-CP ngày 09 tháng 5 năm 2019 của Chính phủ, Điều 3, khoản 2"),
    ("2023-07-01", "2024-06-30", 1_800_000, "ND24.3.2",
     "Nghị định số 24/2023/NĐ-CP ngày 14 tháng 5 năm 2023 của Chính phủ, Điều 3, khoản 2"),
    ("2024-07-01", None, 2_340_000, "ND73.3.2",
     "Nghị định số 73/2024/NĐ-CP ngày 30 tháng 6 năm 2024 của Chính phủ, Điều 3, khoản 2"),
)  # fmt: skip


def seed(apps, schema_editor):
    BaseSalary = apps.get_model("rewards", "BaseSalary")
    for starts, ends, amount, source, basis in SEED:
        BaseSalary.objects.get_or_create(
            starts_on=starts,
            defaults={"ends_on": ends, "amount": amount, "source": source, "basis": basis},
        )


def unseed(apps, schema_editor):
    BaseSalary = apps.get_model("rewards", "BaseSalary")
    BaseSalary.objects.filter(source__in=[row[3] for row in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_base_salaries_and_fund")]

    operations = [migrations.RunPython(seed, unseed)]
