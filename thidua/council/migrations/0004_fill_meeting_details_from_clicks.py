"""Give sessions opened before the meeting's own date, times and place existed what the minutes
printed for them: the local day and time the session was opened and closed, at the organisation.
"""

from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):
    session_model = apps.get_model("council", "CouncilSession")
    for session in session_model.objects.select_related("organization").filter(
        meeting_on__isnull=True
    ):
        opened = timezone.localtime(session.opened_at)  # settings.TIME_ZONE, Asia/Ho_Chi_Minh
        session.meeting_on = opened.date()
        session.starts_at = opened.time().replace(microsecond=0)
        if session.closed_at is not None:
            closed = timezone.localtime(session.closed_at)
            ends = closed.time().replace(microsecond=0)
            # A session closed on a later day has no end time on the meeting's day.
            if closed.date() == opened.date() and ends >= session.starts_at:
                session.ends_at = ends
        if not session.place:
            session.place = session.organization.name
        session.save(update_fields=["meeting_on", "starts_at", "ends_at", "place"])


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0003_session_meeting_details_paper_counts"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
