from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thidua.audit"
    verbose_name = "Nhật ký hệ thống"
