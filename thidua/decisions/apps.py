from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "thidua.decisions"
    verbose_name = "Quyết định khen thưởng"

    def ready(self):
        from thidua.decisions import permissions  # noqa: F401  (registers rules predicates)
