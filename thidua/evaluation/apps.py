from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "thidua.evaluation"
    verbose_name = "Xét điều kiện"

    def ready(self):
        from thidua.evaluation import documents  # noqa: F401  (registers the document kind)
        from thidua.evaluation.services import default_year, next_year_missing
        from thidua.organization.panels import register_person_summary, register_review_year

        # The person page's next-year sentence and the parameters page's year (organization
        # cannot import evaluation).
        register_person_summary(next_year_missing)
        register_review_year(default_year)
