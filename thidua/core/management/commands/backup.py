from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, create_backup


def megabytes(size: int) -> str:
    return "{:.1f} MB".format(size / 1024 / 1024).replace(".", ",")


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ thidua (cơ sở dữ liệu và tệp đính kèm trong MEDIA_ROOT) vào một tệp "
        ".tar.gz; chạy được khi ứng dụng đang hoạt động."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="tệp sao lưu sẽ tạo (ghi đè nếu đã có), ví dụ thidua.tar.gz"
        )

    def handle(self, *args, **options):
        try:
            result = create_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                "Đã sao lưu vào {}: cơ sở dữ liệu {} ({}), {} tệp đính kèm ({}).".format(
                    options["file"],
                    "SQLite" if result.engine == "sqlite" else "PostgreSQL",
                    megabytes(result.database_bytes),
                    result.media_files,
                    megabytes(result.media_bytes),
                )
            )
        )
