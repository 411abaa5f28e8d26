"""python manage.py create_api_token USER --name N [--read-only] [--expires DATE]: make a token
for USER and print it once (only its hash is kept)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thidua.api.actions import TokenRefused, do_create_api_token


def _date(value: str) -> date:
    for parse in (date.fromisoformat, lambda v: date(*reversed([int(p) for p in v.split("/")]))):
        try:
            return parse(value)
        except (ValueError, TypeError):
            continue
    raise CommandError("--expires: «{}» không phải một ngày (dd/mm/yyyy hoặc yyyy-mm-dd).".format(
        value))  # fmt: skip


class Command(BaseCommand):
    help = "Tạo một khóa API cho tài khoản USER và in khóa ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("user", help="tên đăng nhập")
        parser.add_argument("--name", required=True, help="tên khóa (hệ thống sẽ dùng nó)")
        parser.add_argument("--read-only", action="store_true", help="khóa chỉ đọc")
        parser.add_argument("--expires", help="hết hạn ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")

    def handle(self, *args, user, name, read_only, expires, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError("Không có tài khoản «{}».".format(user))
        if not account.is_active:
            raise CommandError("Tài khoản «{}» đã bị khóa.".format(user))
        expires_on = _date(expires) if expires else None
        try:
            made = do_create_api_token(account, name=name, read_only=read_only,
                                       expires_on=expires_on, acting_user=account)  # fmt: skip
        except TokenRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stderr.write("Khóa «{}» của {} ({}{}); chép ngay, khóa không hiện lại:".format(
            made.token.name, account.username, "chỉ đọc" if read_only else "đọc và ghi",
            ", hết hạn {:%d/%m/%Y}".format(expires_on) if expires_on else ""))  # fmt: skip
        self.stdout.write(made.secret)
