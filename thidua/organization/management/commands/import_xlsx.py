"""python manage.py import_xlsx grades diem-2022.xlsx --dry-run --user thuky

An office's own file imports as it is when its headers are known (the template's or their
synonyms); a header the kind does not know is mapped with --map "Tiêu đề trong tệp=cột"
(repeatable; the column by its header or field name, or "bỏ qua" to ignore it).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.organization.management.commands._common import find_organization, find_user
from thidua.spreadsheets.actions import saved_choices
from thidua.spreadsheets.engine import (
    MAX_UPLOAD_BYTES,
    ImportRefused,
    counts_text,
    header_key,
    run_import,
    shown_errors,
    too_big_message,
)
from thidua.spreadsheets.kinds import KINDS, get_kind


class Command(BaseCommand):
    help = (
        "Nhập một tệp Excel (cán bộ, đơn vị hoặc một loại minh chứng): mọi dòng hoặc "
        "không dòng nào."
    )

    def add_arguments(self, parser):
        # The kind is checked here, not by argparse's choices, so the error is Vietnamese.
        parser.add_argument("kind", help="loại dữ liệu: {}".format(", ".join(KINDS)))
        parser.add_argument("file", help="tệp .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và đếm, không ghi gì"
        )
        parser.add_argument("--organization", help="tên viết tắt của cơ quan")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            dest="mapping",
            metavar="TIÊU ĐỀ=CỘT",
            help='cột của tệp ứng với cột nào của mẫu, ví dụ --map "Ngày vào ngành=hired_on" '
            "(lặp lại được; «bỏ qua» để bỏ cột)",
        )
        parser.add_argument(
            "--user",
            help="tài khoản người nhập; hồ sơ do thư ký hoặc quản trị nhập được xác nhận ngay",
        )

    def handle(self, *args, kind, file, dry_run, organization, user, mapping, **options):
        try:
            import_kind = get_kind(kind)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        account = find_user(user)
        org = find_organization(organization, account)
        path = Path(file)
        try:
            if path.stat().st_size > MAX_UPLOAD_BYTES:
                raise CommandError(too_big_message(path.stat().st_size))
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                "Không đọc được tệp {}: {}.".format(path, error.strerror or error)
            ) from None
        try:
            result = run_import(
                import_kind,
                data,
                organization=org,
                user=account,
                dry_run=dry_run,
                mapping=mapping,
            )
        except ImportRefused as error:
            for line in error.reading:
                self.stdout.write(line)
            self.propose_saved_mapping(org, import_kind, error)
            raise CommandError(
                "Không nhập dòng nào; {} lỗi:\n{}".format(
                    len(error.errors), "\n".join(shown_errors(error.errors))
                )
            ) from None
        for line in result.reading:
            self.stdout.write(line)
        for line, code, name in result.details.get("generated", ()):
            self.stdout.write("Dòng {}, {}: {} mã cán bộ {}.".format(
                line, name, "sẽ được cấp" if dry_run else "được cấp", code))
        verb = "Kiểm tra xong (chưa ghi gì)" if dry_run else "Đã nhập"
        self.stdout.write("{} {}: {}.".format(verb, import_kind.label, counts_text(result)))

    def propose_saved_mapping(self, organization, kind, error) -> None:
        """Print the mapping the organisation saved on screen for this header row, as --map."""
        if not error.unknown_headers:
            return
        saved = saved_choices(organization, kind.name, error.headers)
        options = [
            '--map "{}={}"'.format(header, saved[header_key(header)])
            for _, header in error.unknown_headers
            if header_key(header) in saved
        ]
        if options:
            self.stdout.write(
                "Cách ghép cột đã lưu cho tệp có cùng dòng tiêu đề: {}".format(" ".join(options))
            )
