from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "thidua.decisions"
    verbose_name = "Quyết định khen thưởng"

    def ready(self):
        # The rules predicates and the document kinds (decision, certificate) register themselves.
        from thidua.decisions import certificate, documents, permissions  # noqa: F401
