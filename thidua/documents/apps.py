from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        from thidua.documents import kinds  # noqa: F401  (registers every document kind)
