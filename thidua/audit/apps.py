from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thidua.audit"
    verbose_name = "Nhật ký hệ thống"

    def ready(self):
        from thidua.audit import permissions  # noqa: F401  (registers rules predicates)
