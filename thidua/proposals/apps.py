from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    verbose_name = "Tờ trình đề nghị cấp trên khen thưởng"

    def ready(self):
        # The rules predicates and the document kinds `proposal` and `achievement_report` register
        # themselves.
        from thidua.proposals import achievement_report, documents, permissions  # noqa: F401
