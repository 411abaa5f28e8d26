"""python manage.py export_xlsx grades --year 2022 --output xep-loai-2022.xlsx

python manage.py export_xlsx reward_list --year 2022 --number 15/QĐ-TCTTP --output bang-ke.xlsx

Optional filters: --unit "Khoa Dân vận" (that unit and those below it), --state verified.
--office writes the "bản in": the organisation's heading, a title, the total and the signature
lines around the same table (the importer still finds it).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.organization.management.commands._common import find_organization
from thidua.organization.sheets import find_unit
from thidua.spreadsheets.engine import ImportRefused
from thidua.spreadsheets.exports import EXPORTS, ExportError
from thidua.spreadsheets.kinds import KINDS, export_bytes, get_kind

# The verification states of the kinds that have them (evidence's), as the kinds declare them.
STATES = dict(state for kind in KINDS.values() for state in kind.states)


class Command(BaseCommand):
    help = "Xuất một loại dữ liệu của một năm ra tệp Excel theo đúng mẫu nhập."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="loại dữ liệu: {}".format(", ".join([*KINDS, *EXPORTS]))
        )
        parser.add_argument("--year", type=int, required=True, help="năm, ví dụ 2022")
        parser.add_argument("--output", required=True, help="tệp .xlsx ghi ra")
        parser.add_argument("--organization", help="tên viết tắt của cơ quan")
        parser.add_argument(
            "--unit", help="chỉ xuất của đơn vị này (tên đơn vị) và các đơn vị cấp dưới"
        )
        # Checked in handle, not by argparse's choices, so the error is Vietnamese.
        parser.add_argument(
            "--state",
            help="chỉ xuất minh chứng ở trạng thái: {}".format(", ".join(STATES)),
        )

        parser.add_argument("--number", help="số quyết định, ví dụ 15/QĐ-TCTTP (bảng kê)")
        parser.add_argument(
            "--office",
            action="store_true",
            help="bản in: kèm tên cơ quan, tiêu đề, ngày tháng và chỗ ký (vẫn nhập lại được)",
        )

    def handle(self, *args, kind, year, output, organization, unit, state, office=False, **options):
        number = options.get("number")
        if kind in EXPORTS:
            return self.export_only(EXPORTS[kind], year, output, organization, number=number)
        if number:
            raise CommandError("Loại dữ liệu {} không dùng --number.".format(kind))
        try:
            export_kind = get_kind(kind)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        org = find_organization(organization)
        try:
            found_unit = find_unit(org, unit) if unit else None
            data = export_bytes(
                export_kind, org, year, unit=found_unit, state=state, office=office
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                "Không ghi được tệp {}: {}.".format(path, error.strerror or error)
            ) from None
        filters = "".join(
            [
                ", đơn vị {} và cấp dưới".format(found_unit.name) if found_unit else "",
                ", trạng thái {}".format(dict(export_kind.states)[state]) if state else "",
                ", bản in" if office else "",
            ]
        )
        self.stdout.write(
            "Đã ghi {} ({}, năm {}{}).".format(path, export_kind.label, year, filters)
        )

    def export_only(self, export_kind, year, output, organization, **options):
        """Write a kind that is only exported (a decision's bảng kê), with its own options."""
        extra = {name: value for name, value in options.items() if value is not None}
        for name in extra:
            if name not in export_kind.options:
                raise CommandError("{} không dùng --{}.".format(export_kind.label, name))
        org = find_organization(organization)
        try:
            data = export_kind.export(org, year, **extra)
        except ExportError as error:
            raise CommandError(str(error)) from None
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                "Không ghi được tệp {}: {}.".format(path, error.strerror or error)
            ) from None
        self.stdout.write("Đã ghi {} ({}, năm {}).".format(path, export_kind.label, year))
