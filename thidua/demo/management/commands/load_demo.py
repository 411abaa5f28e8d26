from django.core.management.base import BaseCommand

from thidua.demo import province
from thidua.demo.loader import demo_exists, load_demo
from thidua.demo.school import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Trường Chính trị Trần Phú (Hà Tĩnh), 2019–2022, Ban Thi đua – Khen "
        "thưởng tỉnh và hai sở. Chạy lại không nhân đôi."
    )

    def handle(self, *args, **options):
        existed = demo_exists()
        organization = load_demo()
        if existed:
            self.stdout.write("Dữ liệu mẫu đã có sẵn: {}.".format(organization.name))
        else:
            self.stdout.write(
                self.style.SUCCESS("Đã nạp dữ liệu mẫu: {}.".format(organization.name))
            )
        self.stdout.write("Tài khoản mẫu (mật khẩu chung, chỉ dùng thử: {}):".format(DEMO_PASSWORD))
        for account in ACCOUNTS:
            self.stdout.write("  {:<15} {}".format(account.username, account.label))
        self.stdout.write(
            "  {:<15} {}".format(
                "cumtruong", "cụm trưởng cụm thi đua số 5 năm 2022 (Trường Chính trị tỉnh Nghệ An)"
            )
        )
        for member in province.accounts():
            self.stdout.write("  {:<15} {}".format(member.username, member.label))
