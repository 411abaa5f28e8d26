from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "thidua.evidence"
    # The package was `thidua.achievements`; the label keeps its tables, content types,
    # permissions ("achievements.verify_evidence"), migrations and audit entries where they are.
    label = "achievements"
    verbose_name = "Minh chứng thành tích"

    def ready(self):
        # Registers the rules predicates, and the spreadsheet kinds made from the registry.
        from thidua.evidence import permissions  # noqa: F401
        from thidua.evidence.spreadsheet import register_spreadsheets

        register_spreadsheets()
