from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self):
        from thidua.accounts import permissions  # noqa: F401  (registers rules predicates)
