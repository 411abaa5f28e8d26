from django.core.management.base import BaseCommand, CommandError

from thidua.council.models import CouncilSession
from thidua.council.results import is_keyed, verify_seal

LEGACY = "niêm phong kiểu cũ, không có khóa"


class Command(BaseCommand):
    help = (
        "Kiểm tra dấu niêm phong (chuỗi HMAC-SHA256 có khóa; phiên cũ: chuỗi SHA-256 không khóa) "
        "của các phiên họp Hội đồng đã kết thúc: kết quả và phiếu bầu có bị sửa sau khi chốt không."
    )

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, help="chỉ kiểm tra phiên họp có mã này")
        parser.add_argument(
            "--require-key",
            action="store_true",
            help="coi phiên niêm phong kiểu cũ (không có khóa) là không đạt",
        )

    def handle(self, *args, **options):
        sessions = CouncilSession.objects.filter(closed_at__isnull=False).order_by("pk")
        if options["session"] is not None:
            sessions = sessions.filter(pk=options["session"])
            if not sessions.exists():
                raise CommandError(
                    "Không có phiên họp đã kết thúc mã {}.".format(options["session"])
                )
        broken = []
        legacy = []
        for session in sessions.select_related("organization"):
            problems = verify_seal(session)
            unkeyed = bool(session.seal) and not is_keyed(session.results)
            if unkeyed:
                legacy.append(session)
                if options["require_key"]:
                    problems = [*problems, LEGACY]
            if problems:
                broken.append(session)
                self.stdout.write(
                    "Phiên {} «{}»: BỊ THAY ĐỔI — {}".format(
                        session.pk, session.name, "; ".join(problems)
                    )
                )
            elif unkeyed:
                # Verified, but only against naive changes: the unkeyed chain can be recomputed
                # by whoever writes the database. The seal printed on the signed minutes decides.
                self.stdout.write(
                    "Phiên {} «{}»: OK ({}: đối chiếu với dấu in trên biên bản đã ký)".format(
                        session.pk, session.name, LEGACY
                    )
                )
            else:
                self.stdout.write("Phiên {} «{}»: OK".format(session.pk, session.name))
        if broken:
            raise CommandError(
                "Niêm phong không khớp ở phiên: {}.".format(", ".join(str(s.pk) for s in broken))
            )
        if legacy:
            self.stdout.write(
                "{} phiên có {}: chỉ phát hiện sửa đổi thô, người ghi được cơ sở dữ liệu có thể "
                "tính lại chuỗi; hãy đối chiếu dấu niêm phong với biên bản đã ký.".format(
                    len(legacy), LEGACY
                )
            )
        self.stdout.write(self.style.SUCCESS("Tất cả phiên đã kiểm tra đều khớp niêm phong."))
