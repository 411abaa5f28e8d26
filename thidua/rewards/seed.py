"""The decrees' base salaries put back whenever the table is empty.

Migration 0002 seeds them once; a database emptied since (``manage.py flush``, a test database
flushed between browser tests, a restore of an older backup) would otherwise have no base salary,
and no decision could be paid. Like Django's content types and permissions, they are re-created
after every ``migrate`` and ``flush`` (the ``post_migrate`` signal); a table the administrator
has filled is never touched."""

from importlib import import_module

from django.db import DEFAULT_DB_ALIAS


def ensure_base_salaries(using: str = DEFAULT_DB_ALIAS, apps=None) -> None:
    """Seed the decrees' periods into an empty base salary table of database ``using``."""
    if apps is None:
        from django.apps import apps
    BaseSalary = apps.get_model("rewards", "BaseSalary")
    if BaseSalary.objects.using(using).exists():
        return
    seed = import_module("thidua.rewards.migrations.0002_seed_base_salaries").SEED
    BaseSalary.objects.using(using).bulk_create(
        BaseSalary(starts_on=starts, ends_on=ends, amount=amount, source=source, basis=basis)
        for starts, ends, amount, source, basis in seed
    )


def seed_after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """``post_migrate`` receiver: only once the rewards tables exist in that database. ``migrate``
    passes the apps as its plan left them; ``flush`` passes none (the current models)."""
    if apps is None:
        from django.apps import apps
    try:
        apps.get_model("rewards", "BaseSalary")
    except LookupError:  # migrated to a point before the table existed
        return
    ensure_base_salaries(using, apps)
