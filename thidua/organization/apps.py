from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "thidua.organization"
    verbose_name = "Tổ chức và cán bộ"

    def ready(self):
        # Registers the rules predicates, and the staff and unit spreadsheet kinds.
        from thidua.organization import permissions  # noqa: F401
        from thidua.organization.sheets import register_spreadsheets

        register_spreadsheets()
