from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    verbose_name = "Tờ trình đề nghị cấp trên khen thưởng"

    def ready(self):
        # The rules predicates and the document kinds `proposal`, `achievement_report` and
        # `received_decision` register themselves.
        from thidua.proposals import (  # noqa: F401
            achievement_report,
            documents,
            permissions,
            received_decision_document,
        )
