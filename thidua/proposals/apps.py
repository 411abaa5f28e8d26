from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "thidua.proposals"
    verbose_name = "Tờ trình đề nghị cấp trên khen thưởng"

    def ready(self):
        from thidua.proposals import permissions  # noqa: F401  (registers rules predicates)
