from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "thidua.register"
    verbose_name = "Sổ khen thưởng"
