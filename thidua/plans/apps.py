from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "thidua.plans"
    verbose_name = "Kế hoạch thi đua"

    def ready(self):
        # The rules predicates, the document kind and the export's default year register themselves.
        from thidua.evaluation.hooks import register_plan_titles
        from thidua.plans import documents, permissions, spreadsheet  # noqa: F401
        from thidua.plans.models import latest_plan_year, proposed_titles, registration_deadline
        from thidua.registrations.hooks import register_plan_lookups

        # The registration screens' default year and deadline (registrations cannot import plans).
        register_plan_lookups(latest_year=latest_plan_year, deadline=registration_deadline)
        # The organisation's collective titles registered in its plan (evaluation's facts).
        register_plan_titles(proposed_titles)
