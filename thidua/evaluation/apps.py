from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "thidua.evaluation"
    verbose_name = "Xét điều kiện"

    def ready(self):
        from thidua.evaluation import documents  # noqa: F401  (registers the document kind)
