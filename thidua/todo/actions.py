"""Business actions of the to-do list: one transaction each, asking the permission first."""

from auditlog.context import set_actor
from django.db import transaction

from thidua.core.actions import require_perm
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


@transaction.atomic
def do_record_reminder_sent(user, day, *, address: str, item_count: int) -> ReminderSent:
    """Write down that the day's digest went to the user. Run by `send_reminders` for the
    installation, not by a user, so no permission is asked; the row is the record."""
    return ReminderSent.objects.create(
        user=user, day=day, address=address, item_count=min(item_count, 32767)
    )
