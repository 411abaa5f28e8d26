from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "thidua.registrations"
    verbose_name = "Đăng ký thi đua"

    def ready(self):
        # The rules predicates and the document kind `registrations` register themselves.
        from thidua.registrations import documents, permissions  # noqa: F401
