from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "thidua.spreadsheets"
    label = "spreadsheets"
    verbose_name = "Nhập, xuất Excel"

    def ready(self):
        # Registers the rules predicates.
        from thidua.spreadsheets import permissions  # noqa: F401
