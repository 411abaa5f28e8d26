from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend

from thidua.todo.digest import plan_digests
from thidua.todo.tasks import send_digest


def failure(result) -> tuple[str, str]:
    """The failed task's exception class name and its message (the traceback's last line)."""
    error = result.errors[-1]
    last = error.traceback.strip().splitlines()[-1] if error.traceback.strip() else ""
    return error.exception_class_path.rpartition(".")[2], last.partition(": ")[2] or last


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc hằng ngày: mỗi người một thư liệt kê việc cần làm (chỉ khi có việc, "
        "chỉ một lần mỗi ngày, trừ người đã tắt). Xếp mỗi thư vào hàng đợi việc nền; tiến trình "
        "nền (manage.py db_worker) gửi. Chạy bằng cron hoặc systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ in ra sẽ gửi cho ai, không gửi thư"
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        day = today.strftime("%d/%m/%Y")
        plan = plan_digests(today)
        for user in plan.invalid:
            self.stderr.write(
                "Địa chỉ thư không hợp lệ của tài khoản {}: «{}» — không gửi.".format(
                    user, user.email
                )
            )
        if options["dry_run"]:
            for user, message in plan.due:
                self.stdout.write(
                    "Sẽ gửi cho {} <{}>: {}".format(user, user.email, message.subject)
                )
            self.stdout.write(
                "Chạy thử ngày {}: {} thư sẽ gửi; không gửi thư nào.".format(day, len(plan.due))
            )
            return
        results = []
        for user, _ in plan.due:
            result = send_digest.enqueue(user.pk, today.isoformat())
            results.append(result)
            if result.status == TaskResultStatus.FAILED and failure(result)[0] == "ServerFailed":
                break  # run where it was enqueued (TASKS_BACKEND=immediate): stop at a dead server
        if not isinstance(send_digest.get_backend(), ImmediateBackend):
            self.stdout.write(
                "Ngày {}: đã xếp {} thư nhắc việc vào hàng đợi; tiến trình nền "
                "(python manage.py db_worker) sẽ gửi.".format(day, len(results))
            )
            return
        # Each task ran inside this command (TASKS_BACKEND=immediate): report what it did.
        self.report(day, results)

    def report(self, day, results):
        sent = [r for r in results if r.status == TaskResultStatus.SUCCESSFUL
                and r.return_value.startswith("Đã gửi")]  # fmt: skip
        failures = [failure(r) for r in results if r.status == TaskResultStatus.FAILED]
        self.stdout.write("Ngày {}: đã gửi {} thư nhắc việc.".format(day, len(sent)))
        for kind, reason in failures:
            if kind == "ServerFailed":
                raise CommandError(reason)
            self.stderr.write(reason)
        if failures:
            raise CommandError(
                "{} thư nhắc việc chưa gửi được (xem trên); chúng không được ghi là đã gửi.".format(
                    len(failures)
                )
            )
