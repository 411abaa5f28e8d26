from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "thidua.clusters"
    verbose_name = "Cụm thi đua"

    def ready(self):
        # The rules predicates and the document kinds (covenant, scoring sheet, minutes) register
        # themselves.
        from thidua.clusters import documents, permissions  # noqa: F401
