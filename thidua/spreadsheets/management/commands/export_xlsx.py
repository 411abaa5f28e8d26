"""python manage.py export_xlsx grades --year 2022 --output xep-loai-2022.xlsx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.spreadsheets.engine import ImportRefused
from thidua.spreadsheets.kinds import KINDS, export_bytes, get_kind
from thidua.spreadsheets.management.commands._common import find_organization


class Command(BaseCommand):
    help = "Xuất một loại dữ liệu của một năm ra tệp Excel theo đúng mẫu nhập."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="loại dữ liệu: {}".format(", ".join(KINDS)))
        parser.add_argument("--year", type=int, required=True, help="năm, ví dụ 2022")
        parser.add_argument("--output", required=True, help="tệp .xlsx ghi ra")
        parser.add_argument("--organization", help="tên viết tắt của cơ quan")

    def handle(self, *args, kind, year, output, organization, **options):
        try:
            export_kind = get_kind(kind)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        org = find_organization(organization)
        data = export_bytes(export_kind, org, year)
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                "Không ghi được tệp {}: {}.".format(path, error.strerror or error)
            ) from None
        self.stdout.write("Đã ghi {} ({}, năm {}).".format(path, export_kind.label, year))
