from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "thidua.rewards"
    verbose_name = "Tiền thưởng và quỹ thi đua, khen thưởng"
    # The decrees' base salaries, put back after every migrate and flush (thidua/rewards/seed.py):
    # a database holding only them is still empty for a restore.
    seeded_by_migrate = ("basesalary",)

    def ready(self):
        from django.db.models.signals import post_migrate

        from thidua.rewards.seed import seed_after_migrate

        # The decrees' base salaries come back after a flush, as content types do.
        post_migrate.connect(seed_after_migrate, sender=self)
        from thidua.decisions.hooks import register_revoke_handler, register_reward_money
        from thidua.rewards.actions import reverse_revoked_expense
        from thidua.rewards.lists import article_two_money

        # Điều 2 of every decision states its bảng kê's total (decisions cannot import rewards).
        register_reward_money(article_two_money)
        # A decision revoked after its expense was paid: the fund writes the expense back.
        register_revoke_handler(reverse_revoked_expense)
        from thidua.awards.national import register_contributor
        from thidua.rewards.national import reward_fields

        # The national export's amount paid (awards cannot import rewards).
        register_contributor(reward_fields)
        # Registers the rules predicates, the document kind and the spreadsheet export.
        from thidua.rewards import documents, permissions, spreadsheet  # noqa: F401
