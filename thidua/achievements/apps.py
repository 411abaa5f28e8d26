from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "thidua.achievements"
    verbose_name = "Minh chứng thành tích"
