"""Business actions of the to-do list: one transaction each, asking the permission first."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.actions import require_perm
from thidua.core.audit import set_actor
from thidua.todo.models import ReminderPreference, ReminderSent


@transaction.atomic
def do_set_reminder_preference(user, *, email_digest: bool, acting_user) -> ReminderPreference:
    """Turn the user's daily e-mail digest on or off (only the user does it)."""
    preference, _ = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    require_perm(
        acting_user, "todo.change_reminderpreference", preference,
        message="Chỉ chủ tài khoản được đổi tùy chọn nhắc việc của mình.",
    )  # fmt: skip
    with set_actor(acting_user):
        preference.email_digest = email_digest
        preference.save()
    return preference


#: A claim older than this that was never marked sent belongs to a run that died while
#: sending (killed, the machine stopped): the next run takes it over. Longer than any run.
STALE_CLAIM = timedelta(minutes=30)


def do_claim_reminder(user, day, *, address: str, item_count: int) -> ReminderSent | None:
    """Claim the day's digest of the user for this run, before sending it; return None when
    another run holds it. The database decides: the unique (user, day) constraint admits one
    insert, so two runs at the same instant never both send. Run by `send_reminders` for the
    installation, not by a user, so no permission is asked; the row is the record.

    Each claim commits at once (its own transaction), so a concurrent run sees it."""
    item_count = min(item_count, 32767)
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                user=user, day=day, address=address, item_count=item_count
            )
    except IntegrityError:
        pass
    # Held by another run, or left unsent by a run that died: take over only the latter. The
    # conditional update is atomic, so of two runs taking over the same claim one wins.
    now = timezone.now()
    taken = ReminderSent.objects.filter(
        user=user, day=day, sent_at__isnull=True, claimed_at__lt=now - STALE_CLAIM
    ).update(claimed_at=now, address=address, item_count=item_count)
    return ReminderSent.objects.get(user=user, day=day) if taken else None


def do_mark_reminder_sent(claim: ReminderSent) -> ReminderSent:
    """Write down that the server took the claimed digest."""
    claim.sent_at = timezone.now()
    claim.save(update_fields=["sent_at"])
    return claim


def do_release_reminder(claim: ReminderSent) -> None:
    """Give the claim up: the digest was not sent, so a later run sends it."""
    ReminderSent.objects.filter(pk=claim.pk, sent_at__isnull=True).delete()
