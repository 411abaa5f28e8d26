"""python manage.py purge_api_keys: delete the API's expired idempotency keys, every token's.

A write already deletes its own token's expired keys (thidua.api.idempotency); a token that
stops writing would keep its keys for ever without this command, so run it daily (cron). It
deletes in batches, so a long backlog never holds one long transaction."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.api.models import IdempotencyKey

BATCH = 1000


def purge_expired(*, now=None, batch: int = BATCH) -> int:
    """Delete the keys expired at ``now`` (default: now), ``batch`` at a time; return how many."""
    now = now or timezone.now()
    total = 0
    while True:
        ids = list(
            IdempotencyKey.objects.filter(expires_at__lte=now)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return total
        total += IdempotencyKey.objects.filter(pk__in=ids).delete()[0]


class Command(BaseCommand):
    help = "Xóa các khóa chống ghi lặp (Idempotency-Key) của API đã hết hạn."

    def handle(self, *args, **options):
        count = purge_expired()
        self.stdout.write("Đã xóa {} khóa chống ghi lặp hết hạn.".format(count))
