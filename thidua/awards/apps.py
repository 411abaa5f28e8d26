from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    # The package was `thidua.register`; the label keeps its tables, content types, permissions,
    # migrations and audit entries where they are.
    label = "register"
    verbose_name = "Sổ khen thưởng"

    def ready(self):
        # Registers the rules predicates, the spreadsheet kind and the document kind.
        from thidua.awards import documents, permissions, spreadsheet  # noqa: F401
