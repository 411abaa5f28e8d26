from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "thidua.achievements"
    verbose_name = "Minh chứng thành tích"

    def ready(self):
        from thidua.achievements import permissions  # noqa: F401  (registers rules predicates)
