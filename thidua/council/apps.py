from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "thidua.council"
    verbose_name = "Hội đồng Thi đua – Khen thưởng"

    def ready(self):
        from thidua.council import permissions  # noqa: F401  (registers rules predicates)
