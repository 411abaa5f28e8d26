from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = "Văn bản"
    # The document kinds are registered by the apps they belong to, in their AppConfig.ready.
