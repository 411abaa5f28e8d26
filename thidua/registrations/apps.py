from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "thidua.registrations"
    verbose_name = "Đăng ký thi đua"

    def ready(self):
        from thidua.registrations import permissions  # noqa: F401  (registers rules predicates)
