from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "thidua.council"
    verbose_name = "Hội đồng Thi đua – Khen thưởng"

    def ready(self):
        # The rules predicates and the document kinds (session_nominations, results_notice,
        # minutes, ballot_count) register themselves.
        from thidua.council import ballot_count, documents, minutes, permissions  # noqa: F401
