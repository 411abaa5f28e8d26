from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.todo.digest import ServerFailed, send_digests


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc hằng ngày: mỗi người một thư liệt kê việc cần làm (chỉ khi có việc, "
        "chỉ một lần mỗi ngày, trừ người đã tắt). Chạy bằng cron hoặc systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ in ra sẽ gửi cho ai, không gửi thư"
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        dry_run = options["dry_run"]
        try:
            outcome = send_digests(today, dry_run=dry_run)
        except ServerFailed as exc:
            raise CommandError(
                "Không gửi được thư qua máy chủ {}:{} ({}). Các thư chưa gửi không được ghi là "
                "đã gửi; chạy lại lệnh khi máy chủ thư hoạt động.".format(
                    settings.EMAIL_HOST, settings.EMAIL_PORT, exc
                )
            ) from exc
        for user, message in outcome.planned:
            self.stdout.write("Sẽ gửi cho {} <{}>: {}".format(user, user.email, message.subject))
        for user in outcome.invalid:
            self.stderr.write(
                "Địa chỉ thư không hợp lệ của tài khoản {}: «{}» — không gửi.".format(
                    user, user.email
                )
            )
        for user, reason in outcome.refused:
            self.stderr.write("Máy chủ thư từ chối người nhận {}: {}".format(user, reason))
        if dry_run:
            self.stdout.write(
                "Chạy thử ngày {}: {} thư sẽ gửi; không gửi thư nào.".format(
                    today.strftime("%d/%m/%Y"), len(outcome.planned)
                )
            )
        else:
            self.stdout.write(
                "Ngày {}: đã gửi {} thư nhắc việc.".format(
                    today.strftime("%d/%m/%Y"), len(outcome.sent)
                )
            )
        if outcome.refused:
            raise CommandError(
                "Máy chủ thư từ chối {} người nhận; thư của họ chưa gửi.".format(
                    len(outcome.refused)
                )
            )
