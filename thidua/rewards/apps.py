from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "thidua.rewards"
    verbose_name = "Tiền thưởng và quỹ thi đua, khen thưởng"

    def ready(self):
        # Registers the rules predicates, the document kind and the spreadsheet export.
        from thidua.rewards import documents, permissions, spreadsheet  # noqa: F401
