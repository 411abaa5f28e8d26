from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "thidua.plans"
    verbose_name = "Kế hoạch thi đua"

    def ready(self):
        from thidua.plans import documents, permissions  # noqa: F401  (rules predicates, document kind)
