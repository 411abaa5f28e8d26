"""python manage.py make_document plan --year 2022 --format docx --output KH-2022.docx

python manage.py make_document registrations --year 2022 [--unit "Khoa Xây dựng Đảng"] --format pdf
    --output DK-2022.pdf   (without --unit: the organisation's consolidated list)
"""

import errno
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.documents.registry import FORMATS, KINDS, DocumentError, check_format, get_kind
from thidua.documents.render import render
from thidua.organization.models import Organization

# Options a kind may declare in DocumentKind.options; the rest of the arguments are common.
KIND_OPTIONS = ("unit", "number", "session", "person", "title", "phase")

WRITE_ERRORS = {
    errno.ENOENT: "thư mục không tồn tại",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EISDIR: "đó là một thư mục",
    errno.ENOSPC: "hết dung lượng đĩa",
    errno.EROFS: "ổ đĩa chỉ đọc",
}


class Command(BaseCommand):
    help = "Xuất một văn bản (DOCX hoặc PDF) từ dữ liệu, ví dụ kế hoạch thi đua của một năm."

    def add_arguments(self, parser):
        # Kind and format are checked here, not by argparse, so errors are Vietnamese and exit 1.
        parser.add_argument("kind", help="loại văn bản: {}".format(", ".join(sorted(KINDS))))
        parser.add_argument("--year", type=int, help="năm của văn bản, ví dụ 2022")
        parser.add_argument(
            "--format", dest="fmt", default="docx", help="định dạng: {}".format("|".join(FORMATS))
        )
        parser.add_argument("--output", required=True, help="tệp ghi ra")
        parser.add_argument(
            "--unit",
            help="tên đơn vị, cho danh sách của một đơn vị (bỏ trống: danh sách toàn cơ quan)",
        )
        parser.add_argument(
            "--organization",
            help="tên viết tắt của cơ quan (bỏ trống nếu chỉ có một cơ quan)",
        )
        # Options of the council's documents; each kind says which it takes.
        parser.add_argument("--number", help="số văn bản, ví dụ 15/QĐ-TCTTP (quyết định, tờ trình)")
        parser.add_argument("--session", help="số hiệu phiên họp Hội đồng (biên bản, kiểm phiếu)")
        parser.add_argument("--person", help="mã cán bộ (báo cáo thành tích, giấy khen)")
        parser.add_argument("--title", help="mã danh hiệu, ví dụ CSTD_TINH")
        parser.add_argument(
            "--phase", help="thứ tự đợt thi đua trong kế hoạch (báo cáo tổng kết đợt)"
        )
        parser.add_argument(
            "--layout",
            help="thể thức của riêng văn bản này: party (của Đảng) hoặc state (hành chính); bỏ "
            "trống: theo loại văn bản, nơi nhận và thiết lập của cơ quan",
        )

    def handle(self, *args, kind, year, fmt, output, organization, layout, **options):
        try:
            document_kind = get_kind(kind)
            check_format(fmt)
            extra = self.kind_options(
                document_kind, **{name: options.get(name) for name in KIND_OPTIONS}
            )
            org = self.organization(organization)
            record = document_kind.find(org, year, **extra)
            data = render(document_kind, record, fmt, layout)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                "Không ghi được tệp {}: {}.".format(
                    path, WRITE_ERRORS.get(error.errno, error.strerror or error)
                )
            ) from error
        self.stdout.write("Đã ghi {} ({}, {:,} byte).".format(path, document_kind.label, len(data)))

    def kind_options(self, document_kind, **given) -> dict:
        """Return the options given that the kind takes; refuse those it does not."""
        extra = {}
        for name, value in given.items():
            if value is None:
                continue
            if name not in document_kind.options:
                raise DocumentError("Văn bản {} không dùng --{}.".format(document_kind.label, name))
            extra[name] = value
        return extra

    def organization(self, abbreviation):
        if abbreviation:
            org = Organization.objects.filter(abbreviation=abbreviation).first()
            if org is None:
                raise DocumentError("Không có cơ quan viết tắt “{}”.".format(abbreviation))
            return org
        orgs = list(Organization.objects.all()[:2])
        if not orgs:
            raise DocumentError("Chưa có cơ quan nào; hãy tạo cơ quan hoặc chạy load_demo.")
        if len(orgs) > 1:
            raise DocumentError("Có nhiều cơ quan; chọn một bằng --organization TÊN_VIẾT_TẮT.")
        return orgs[0]
