"""What the to-do list stores: nothing of the items themselves (computed when read, items.py),
only each user's choice about the e-mail digest and which digests went out, so a re-run of
`send_reminders` the same day, or two runs at the same instant, send nothing twice."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone


class ReminderPreference(models.Model):
    """A user's choice about the daily e-mail; no row means the default (the digest is sent).

    Kept here rather than on the account so the accounts app needs no migration for it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name="tài khoản",
    )
    email_digest = models.BooleanField(
        "nhận thư nhắc việc hằng ngày",
        default=True,
        help_text="Mỗi ngày một thư liệt kê việc cần làm, chỉ khi có việc.",
    )

    class Meta:
        verbose_name = "tùy chọn nhắc việc"
        verbose_name_plural = "tùy chọn nhắc việc"

    def __str__(self):
        return "{}: {}".format(self.user, "nhận thư" if self.email_digest else "không nhận thư")


class ReminderSent(models.Model):
    """One digest to one user on one day (the day in the installation's time zone).

    The run that sends it claims the row first (the unique (user, day) constraint lets one run
    only have it), then marks it sent once the server took the message, or deletes the claim
    when the server refused it. ``sent_at`` is empty while the claim is being sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name="tài khoản",
    )
    day = models.DateField("ngày")
    claimed_at = models.DateTimeField("bắt đầu gửi lúc", default=timezone.now)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    address = models.EmailField("địa chỉ")
    item_count = models.PositiveSmallIntegerField("số việc")

    class Meta:
        verbose_name = "thư nhắc việc đã gửi"
        verbose_name_plural = "thư nhắc việc đã gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                name="todo_remindersent_unique_day",
                violation_error_message="Đã gửi thư nhắc việc cho tài khoản này trong ngày.",
            ),
        ]

    def __str__(self):
        return "{} {}".format(self.user, self.day.strftime("%d/%m/%Y"))


auditlog.register(ReminderPreference)
