from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "thidua.decisions"
    verbose_name = "Quyết định khen thưởng"

    def ready(self):
        # The rules predicates and the document kinds (decision, certificate) register themselves.
        from thidua.awards.national import register_contributor
        from thidua.decisions import certificate, documents, permissions  # noqa: F401
        from thidua.decisions.national import COLUMNS, decision_fields

        # The national export's signer and "số sổ vàng" (awards cannot import decisions), with
        # each award's decision read in the awards' own query.
        register_contributor(decision_fields, columns=COLUMNS)
