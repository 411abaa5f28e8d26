from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "thidua.todo"
    verbose_name = "Việc cần làm"

    def ready(self):
        from thidua.todo import permissions  # noqa: F401  (registers rules predicates)
