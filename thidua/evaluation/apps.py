from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "thidua.evaluation"
    verbose_name = "Xét điều kiện"
