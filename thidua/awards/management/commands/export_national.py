"""python manage.py export_national --year Y --output FILE.json [--organization ABBR]: write the
national export of year Y (thidua.awards.national) — every award decided or revoked in Y, of every
organisation in the database or of one — checked against docs/national-export.schema.json.

The file is written beside its destination under a temporary name and renamed when complete:
a refused record or a full disk leaves no half-written export."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.awards.national import ExportError, check_year, write_export
from thidua.organization.models import Organization


def _organizations(abbreviation: str | None):
    rows = Organization.objects.order_by("pk")
    if abbreviation is None:
        return list(rows)
    found = list(rows.filter(abbreviation__iexact=abbreviation.strip()))
    if not found:
        raise CommandError("--organization: không có cơ quan viết tắt «{}».".format(abbreviation))
    return found


class Command(BaseCommand):
    help = (
        "Xuất mọi khen thưởng có quyết định ký (hoặc bị thu hồi) trong năm ra tệp JSON theo lược "
        "đồ docs/national-export.schema.json."
    )

    def add_arguments(self, parser):
        # Checked here rather than by argparse, whose messages are in English.
        parser.add_argument("--year", help="năm ký quyết định, ví dụ 2022")
        parser.add_argument("--output", help="tệp JSON sẽ ghi, ví dụ khen-thuong-2022.json")
        parser.add_argument("--organization", help="chỉ một cơ quan (tên viết tắt)")

    def handle(self, *args, year, output, organization, **options):
        try:
            year = check_year(year)
        except ExportError as refusal:
            raise CommandError(str(refusal)) from None
        if not output or not output.strip():
            raise CommandError("Tệp ghi ra (--output): bắt buộc, chưa có.")
        target = Path(output).expanduser()
        if target.is_dir():
            raise CommandError("Tệp ghi ra (--output): «{}» là một thư mục.".format(output))
        organizations = _organizations(organization)
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=".{}.".format(target.name), suffix=".tmp", dir=target.parent
            )
        except OSError as error:
            raise CommandError("Không ghi được tệp «{}»: {}.".format(output, _why(error))) from None
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                summary = write_export(out, year=year, organizations=organizations)
            os.chmod(temporary, 0o640)
            os.replace(temporary, target)
        except ExportError as refusal:
            raise CommandError(str(refusal)) from None
        except OSError as error:
            raise CommandError("Không ghi được tệp «{}»: {}.".format(output, _why(error))) from None
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if not summary["awards"]:
            self.stdout.write(
                "Năm {} không có khen thưởng nào: tệp «{}» là một bản xuất rỗng hợp lệ.".format(
                    year, output
                )
            )
            return
        self.stdout.write(
            "Đã xuất {} khen thưởng năm {} ({} cá nhân, {} tập thể; {} đã thu hồi) vào tệp «{}»."
            .format(summary["awards"], year, summary["individual"], summary["collective"],
                    summary["revoked"], output)
        )  # fmt: skip


def _why(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "thư mục không tồn tại"
    if isinstance(error, PermissionError):
        return "không có quyền ghi"
    if isinstance(error, IsADirectoryError):
        return "đó là một thư mục"
    if isinstance(error, NotADirectoryError):
        return "một phần của đường dẫn không phải thư mục"
    return "lỗi hệ thống tệp (mã lỗi {})".format(error.errno)
