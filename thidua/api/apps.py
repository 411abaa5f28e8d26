from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thidua.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from thidua.api import permissions  # noqa: F401  (registers rules predicates)
