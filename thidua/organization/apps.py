from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "thidua.organization"
    verbose_name = "Tổ chức và cán bộ"

    def ready(self):
        from thidua.organization import permissions  # noqa: F401  (registers rules predicates)
