from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "thidua.attachments"
    verbose_name = "Tệp đính kèm"

    def ready(self):
        from thidua.attachments import signals  # noqa: F401  (deletes files after their rows)
