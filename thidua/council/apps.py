from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "thidua.council"
    verbose_name = "Hội đồng Thi đua – Khen thưởng"

    def ready(self):
        # The rules predicates and the document kind session_nominations register themselves.
        from thidua.council import documents, permissions  # noqa: F401
