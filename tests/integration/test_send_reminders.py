"""`manage.py send_reminders [--dry-run]` (issue 18): one digest a day per person with items,
in Vietnamese with absolute links, never a ballot's content; the preference; a re-run sends
nothing twice, nor do two runs at the same instant (a claim per person and day, guarded by the
database); an invalid address; Django's locmem backend and a real SMTP server (aiosmtpd on
127.0.0.1), including one that refuses and one that is down — nothing marked as sent then.

Each digest is a background task (issue 19 item 5). These tests run the tasks where they are
enqueued (TASKS_BACKEND=immediate); tests/integration/test_reminder_worker.py runs them with the
database backend and a real `db_worker` process, killed mid-way."""

import threading
from contextlib import ExitStack
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.concurrency import run_together
from tests.helpers.smtp import free_port, smtp_server
from tests.helpers.todo import todo_world
from thidua.todo import digest
from thidua.todo.actions import STALE_CLAIM, do_set_reminder_preference
from thidua.todo.models import ReminderSent
from thidua.todo.tasks import send_digest

pytestmark = pytest.mark.django_db
MORNING = "2023-01-25 06:30 +07:00"  # the day tests/helpers/todo.py sets every role's items
DAY = date(2023, 1, 25)
# Who has something to do that day (tests/integration/test_todo.py, EXPECTED).
WITH_ITEMS = {"admin", "secretary", "principal", "council_member", "unit_head"}


@pytest.fixture
def world(org, units, people, personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://thiduakhenthuong.example.vn"
    for name, user in personas.items():
        user.email = "{}@example.vn".format(name.replace("_", "."))
        user.save()
    return todo_world(org, units, people, personas)


def run(*args):
    out, err = __import__("io").StringIO(), __import__("io").StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_digest_per_person_with_items_and_none_twice(personas, world):
    out, _ = run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        "{}@example.vn".format(name.replace("_", ".")) for name in WITH_ITEMS
    )
    assert "đã gửi 5 thư nhắc việc" in out
    assert ReminderSent.objects.count() == 5
    head = next(m for m in mail.outbox if m.to == ["unit.head@example.vn"])
    assert head.subject == "[thidua] 2 việc cần làm ngày 25/01/2023"
    assert head.body.startswith("Kính gửi đồng chí Lê Văn Sơn,")
    assert "1. Gửi bản đăng ký thi đua năm 2023 của Khoa Xây dựng Đảng (hạn 31/01/2023, còn 6 " \
           "ngày)" in head.body  # fmt: skip
    assert "   https://thiduakhenthuong.example.vn/registrations/units/" in head.body
    assert "https://thiduakhenthuong.example.vn/todo/preferences/" in head.body
    # A re-run the same day sends nothing.
    mail.outbox.clear()
    out, _ = run()
    assert mail.outbox == [] and "đã gửi 0 thư" in out


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_instant_send_each_digest_once(personas, world, monkeypatch):
    """Two runs of the same digests at the same instant (two `send_reminders` enqueued them, or
    a task run twice): both find each person unsent before either claims; the database's claim
    lets one run only send each digest."""
    postgres = connection.vendor == "postgresql"
    both_checked = threading.Barrier(2)
    claim = digest.do_claim_reminder

    def check_then_claim(*args, **kwargs):
        if postgres:  # SQLite's in-memory test database runs the threads one after the other
            both_checked.wait(timeout=30)
        return claim(*args, **kwargs)

    monkeypatch.setattr(digest, "do_claim_reminder", check_then_claim)
    ids = sorted(personas[name].pk for name in WITH_ITEMS)

    def send_all():
        return [send_digest.call(pk, DAY.isoformat()) for pk in ids]

    with time_machine.travel(MORNING, tick=False):
        outcomes = run_together([send_all] * 2)
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        "{}@example.vn".format(name.replace("_", ".")) for name in WITH_ITEMS
    )
    said = [text for _, texts in outcomes for text in texts]
    assert sum(text.startswith("Đã gửi") for text in said) == 5
    assert ReminderSent.objects.filter(day=DAY, sent_at__isnull=False).count() == 5


def test_a_claim_left_unsent_by_a_dead_run_is_taken_over_later(personas, world):
    """A worker killed between claiming and sending leaves an unsent claim: a run soon after
    leaves it (the other may still be sending), a run after STALE_CLAIM sends it."""
    user = personas["secretary"]
    claim = ReminderSent.objects.create(user=user, day=DAY, address=user.email, item_count=6)
    with time_machine.travel(MORNING, tick=False):
        ReminderSent.objects.filter(pk=claim.pk).update(
            claimed_at=timezone.now() - STALE_CLAIM + timedelta(minutes=1)
        )
        said = digest.send_digest_to(user.pk, DAY)
        assert said.startswith("Không gửi") and mail.outbox == []
        ReminderSent.objects.filter(pk=claim.pk).update(
            claimed_at=timezone.now() - STALE_CLAIM - timedelta(minutes=1)
        )
        out, _ = run()
    assert "secretary@example.vn" in [m.to[0] for m in mail.outbox]
    assert "đã gửi 5 thư nhắc việc" in out
    assert ReminderSent.objects.get(pk=claim.pk).sent_at is not None


def test_a_task_rereads_what_changed_since_it_was_enqueued(personas, world):
    """The digest is written when the task runs: someone who turned it off meanwhile gets none."""
    user = personas["secretary"]
    do_set_reminder_preference(user, email_digest=False, acting_user=user)
    said = send_digest.call(user.pk, DAY.isoformat())
    assert said.startswith("Không gửi: tài khoản") and mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_never_a_ballots_content(personas, world, people):
    run()
    for address in ("principal@example.vn", "council.member@example.vn"):
        body = next(m for m in mail.outbox if m.to == [address]).body
        assert "Bỏ phiếu tại Phiên họp bổ sung (họp ngày 20/12/2022): còn 1 nội dung" in body
        # Not who is on the agenda, nor any choice.
        assert people["staff"].full_name not in body
        assert "Đồng ý" not in body and "Lao động tiên tiến" not in body


def test_who_turned_it_off_gets_nothing(personas, world):
    user = personas["secretary"]
    do_set_reminder_preference(user, email_digest=False, acting_user=user)
    run()
    assert "secretary@example.vn" not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 4


def test_dry_run_sends_and_records_nothing(personas, world):
    out, _ = run("--dry-run")
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    assert "Sẽ gửi cho truongkhoa <unit.head@example.vn>: [thidua] 2 việc cần làm" in out
    assert "5 thư sẽ gửi; không gửi thư nào" in out


def test_an_invalid_address_is_reported_and_the_others_sent(personas, world):
    user = personas["principal"]
    user.email = "hieutruong@@truong"
    user.save()
    out, err = run()
    assert "Địa chỉ thư không hợp lệ của tài khoản hieutruong: «hieutruong@@truong»" in err
    assert len(mail.outbox) == 4
    assert not ReminderSent.objects.filter(user=user).exists()


# A real SMTP server ---------------------------------------------------------------------------


@pytest.fixture
def smtp(settings):
    """Start an SMTP server on 127.0.0.1 for the test; point Django's SMTP backend at it."""
    with ExitStack() as servers:
        yield lambda refuse=None, accept=0: servers.enter_context(
            smtp_server(settings, refuse, accept)
        )


def test_digests_go_through_a_real_smtp_server(personas, world, smtp):
    inbox = smtp()
    out, _ = run()
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        "{}@example.vn".format(name.replace("_", ".")) for name in WITH_ITEMS
    )
    secretary = next(m for m in inbox.messages if m["To"] == "secretary@example.vn")
    assert secretary["Subject"].strip() == "[thidua] 6 việc cần làm ngày 25/01/2023"
    body = secretary.get_content()
    assert body.startswith("Kính gửi đồng chí Hoàng Minh Quang,")
    assert "chưa có kết quả sau 36 ngày" in body
    assert "https://thiduakhenthuong.example.vn/proposals/" in body
    assert ReminderSent.objects.count() == 5


@pytest.mark.parametrize(
    ("refuse", "message"),
    [("data", r"Không gửi được thư qua máy chủ 127\.0\.0\.1:\d+ \(máy chủ trả lời 554 "),
     ("rcpt", "Máy chủ thư từ chối 5 người nhận; thư của họ chưa gửi")],
    ids=["data", "rcpt"],
)  # fmt: skip
def test_a_refusing_server_fails_the_command_and_nothing_is_marked(
    personas, world, smtp, refuse, message
):
    inbox = smtp(refuse)
    with pytest.raises(CommandError, match=message):
        run()
    assert inbox.messages == []
    assert not ReminderSent.objects.exists()


def test_a_server_failing_half_way_keeps_what_went_out_and_a_rerun_sends_the_rest(
    personas, world, smtp
):
    inbox = smtp("data", accept=2)
    with pytest.raises(CommandError, match="Các thư chưa gửi không được ghi là đã gửi"):
        run()
    first = sorted(m["To"] for m in inbox.messages)
    assert len(first) == 2
    sent = ReminderSent.objects.filter(sent_at__isnull=False)
    assert sorted(sent.values_list("address", flat=True)) == first
    assert not ReminderSent.objects.filter(sent_at__isnull=True).exists()  # no claim left
    # The server mended, the next run sends the three others, each once.
    inbox.refuse = None
    out, _ = run()
    assert "đã gửi 3 thư" in out
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        "{}@example.vn".format(name.replace("_", ".")) for name in WITH_ITEMS
    )


def test_a_server_down_fails_the_command_and_nothing_is_marked(personas, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    with pytest.raises(CommandError, match="Không gửi được thư qua máy chủ 127.0.0.1"):
        run()
    assert not ReminderSent.objects.exists()
