from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "thidua.plans"
    verbose_name = "Kế hoạch thi đua"

    def ready(self):
        # The rules predicates, the document kind and the export's default year register themselves.
        from thidua.plans import documents, permissions, spreadsheet  # noqa: F401
