from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, restore_backup
from thidua.core.management.commands.backup import megabytes


class Command(BaseCommand):
    help = (
        "Khôi phục thidua (cơ sở dữ liệu và tệp đính kèm) từ một tệp tạo bởi lệnh backup. "
        "Từ chối ghi đè một cơ sở dữ liệu đang có dữ liệu nếu không có --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu tạo bởi lệnh backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="thay toàn bộ dữ liệu và tệp đính kèm hiện có bằng nội dung bản sao lưu",
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                "Đã khôi phục từ {}: cơ sở dữ liệu {} ({}), {} tệp đính kèm ({}).".format(
                    options["file"],
                    "SQLite" if result.engine == "sqlite" else "PostgreSQL",
                    megabytes(result.database_bytes),
                    result.media_files,
                    megabytes(result.media_bytes),
                )
            )
        )
        if result.migrated:
            self.stdout.write(
                "Bản sao lưu có cấu trúc cũ hơn: đã chạy thêm {} bước chuyển đổi (migrate).".format(
                    len(result.migrated)
                )
            )
