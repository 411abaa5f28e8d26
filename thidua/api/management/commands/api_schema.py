"""python manage.py api_schema [--check]: write the API's OpenAPI schema to
docs/api/openapi-v1.json, or (--check) fail when the committed file differs from the code's."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "api" / "openapi-v1.json"


def schema_text() -> str:
    """The schema as committed: sorted keys, two-space indent, UTF-8, a final newline."""
    from thidua.api.v1 import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Ghi lược đồ OpenAPI của API vào docs/api/openapi-v1.json (--check: chỉ so sánh)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="không ghi; báo lỗi nếu tệp đã commit khác lược đồ của mã",
        )

    def handle(self, *args, check, **options):
        text = schema_text()
        if check:
            if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text(encoding="utf-8") != text:
                raise CommandError("{} khác lược đồ của mã: chạy «python manage.py api_schema» "
                                   "rồi commit.".format(SCHEMA_FILE))  # fmt: skip
            self.stdout.write("Lược đồ khớp.")
            return
        SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        self.stdout.write("Đã ghi {}.".format(SCHEMA_FILE))
