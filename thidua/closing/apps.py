from django.apps import AppConfig


class ClosingConfig(AppConfig):
    name = "thidua.closing"
    verbose_name = "Tổng kết thi đua"

    def ready(self):
        from thidua.closing import documents, panels, permissions  # noqa: F401  (rules, document kinds)
        from thidua.closing.actions import phase_decision_date_refusal
        from thidua.closing.models import summed_up_phases
        from thidua.decisions.hooks import register_date_check
        from thidua.organization.panels import register
        from thidua.plans.timeline import register_summed_up

        register_summed_up(summed_up_phases)
        register_date_check(phase_decision_date_refusal)
        register(person=panels.person_lines, unit=panels.unit_lines)
