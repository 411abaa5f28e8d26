from django.core.management.base import BaseCommand, CommandError

from thidua.council.models import CouncilSession
from thidua.council.results import verify_seal


class Command(BaseCommand):
    help = (
        "Kiểm tra dấu niêm phong (chuỗi SHA-256) của các phiên họp Hội đồng đã kết thúc: "
        "kết quả và phiếu bầu có bị sửa sau khi chốt không."
    )

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, help="chỉ kiểm tra phiên họp có mã này")

    def handle(self, *args, **options):
        sessions = CouncilSession.objects.filter(closed_at__isnull=False).order_by("pk")
        if options["session"] is not None:
            sessions = sessions.filter(pk=options["session"])
            if not sessions.exists():
                raise CommandError(
                    "Không có phiên họp đã kết thúc mã {}.".format(options["session"])
                )
        broken = []
        for session in sessions.select_related("organization"):
            problems = verify_seal(session)
            if problems:
                broken.append(session)
                self.stdout.write(
                    "Phiên {} «{}»: BỊ THAY ĐỔI — {}".format(
                        session.pk, session.name, "; ".join(problems)
                    )
                )
            else:
                self.stdout.write("Phiên {} «{}»: OK".format(session.pk, session.name))
        if broken:
            raise CommandError(
                "Niêm phong không khớp ở phiên: {}.".format(", ".join(str(s.pk) for s in broken))
            )
        self.stdout.write(self.style.SUCCESS("Tất cả phiên đã kiểm tra đều khớp niêm phong."))
