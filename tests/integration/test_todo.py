""""Việc cần làm" (issue 18): each persona sees exactly its items, each linking to the page that
does it; the home page shows them; the queries do not grow with the data; the preference."""

from collections import Counter
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers.todo import DECEMBER, TODAY, todo_world
from thidua.todo.items import todo_for
from thidua.todo.models import ReminderPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, units, people, personas):
    return todo_world(org, units, people, personas)


def kinds(user, today=TODAY):
    return Counter(item.kind for item in todo_for(user, today))


# Each persona's items on 25/01/2023, by kind.
EXPECTED = {
    "admin": {"evidence": 1},
    "secretary": {"registration_accept": 1, "evidence": 1, "ballot": 1, "proposal": 1,
                  "calendar": 1, "phase": 1},
    "principal": {"ballot": 1, "decision": 1},
    "leader": {},
    "council_member": {"ballot": 1},
    "unit_head": {"registration_send": 1, "evidence": 1},
    "staff": {},
    "outsider": {},
}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_its_items(personas, world, persona):
    assert kinds(personas[persona]) == Counter(EXPECTED[persona])


def test_the_items_say_what_by_when_and_link_where_it_is_done(personas, world, units):
    head = {item.kind: item for item in todo_for(personas["unit_head"], TODAY)}
    send = head["registration_send"]
    assert send.text == "Gửi bản đăng ký thi đua năm 2023 của Khoa Xây dựng Đảng"
    assert send.when == "hạn 31/01/2023, còn 6 ngày"
    assert send.url == reverse("registrations:unit", args=[units["a"].pk]) + "?year=2023"
    assert head["evidence"].url == reverse("achievements:pending")
    secretary = {item.kind: item for item in todo_for(personas["secretary"], TODAY)}
    assert secretary["registration_accept"].text.startswith("1 bản đăng ký thi đua năm 2023")
    assert secretary["registration_accept"].url == reverse("registrations:board") + "?year=2023"
    proposal = world["proposal"]
    assert secretary["proposal"].url == proposal.get_absolute_url()
    assert "gửi ngày 20/12/2022: chưa có kết quả sau 36 ngày" in secretary["proposal"].text
    assert secretary["calendar"].text.startswith("Hạn gửi hồ sơ đề nghị lên Học viện")
    assert secretary["calendar"].when == "hạn 28/01/2023, còn 3 ngày"
    assert secretary["phase"].text == "Kết thúc Đợt thi đua mừng Đảng, mừng Xuân"
    ballot = secretary["ballot"]
    assert ballot.url == reverse("council:ballot")
    assert ballot.text == "Bỏ phiếu tại Phiên họp bổ sung (họp ngày 20/12/2022): còn 1 nội dung"
    principal = {item.kind: item for item in todo_for(personas["principal"], TODAY)}
    assert principal["decision"].url == world["decision"].get_absolute_url()
    # Every link opens for the persona it is shown to.
    from django.test import Client

    for persona in ("unit_head", "secretary", "principal", "council_member", "admin"):
        client = Client()
        client.force_login(personas[persona])
        for item in todo_for(personas[persona], TODAY):
            assert client.get(item.url).status_code == 200, (persona, item)


def test_the_most_urgent_first_and_a_late_registration_stays(personas, world):
    items = todo_for(personas["unit_head"], DECEMBER)
    assert [item.kind for item in items] == [
        "registration_send", "evidence_closing", "nominations", "evidence",
    ]  # fmt: skip
    assert items[2].when == "hạn 05/12/2022, còn 4 ngày"
    late = items[0]
    assert late.text.endswith("năm 2022 của Khoa Xây dựng Đảng")
    assert late.when == "hạn 31/03/2022, quá hạn 245 ngày" and late.days_left == -245


def test_december_items_for_the_secretary_and_the_staff(personas, world):
    secretary = todo_for(personas["secretary"], DECEMBER)
    calendar = [item.text for item in secretary if item.kind == "calendar"]
    assert calendar == ["Hạn chốt minh chứng (kế hoạch năm 2022)",
                        "Hạn đơn vị gửi đề nghị khen thưởng (kế hoạch năm 2022)"]  # fmt: skip
    assert not [item for item in secretary if item.kind == "proposal"]  # not 30 days yet
    staff = todo_for(personas["staff"], DECEMBER)
    assert [(item.kind, item.url, item.when) for item in staff] == [
        ("evidence_closing", reverse("achievements:mine"), "hạn 02/12/2022, còn 1 ngày"),
    ]


def test_the_wait_for_an_answer_is_a_setting(personas, world, settings):
    # Sent 36 days before: waiting "more than N days" from N = 35.
    settings.TODO_PROPOSAL_WAIT_DAYS = 36
    assert kinds(personas["secretary"])["proposal"] == 0
    settings.TODO_PROPOSAL_WAIT_DAYS = 35
    assert kinds(personas["secretary"])["proposal"] == 1


def test_a_vote_cast_leaves_the_list(personas, world):
    from thidua.council.actions import do_cast_ballot

    session = world["session"]
    item = session.items.get()
    with time_machine.travel("2022-12-20 10:00 +07:00", tick=True):
        do_cast_ballot(session, item, "agree", acting_user=personas["council_member"])
    assert kinds(personas["council_member"]) == Counter()
    assert kinds(personas["principal"])["ballot"] == 1


def test_the_home_page_shows_the_list(client, personas, world):
    client.force_login(personas["unit_head"])
    with time_machine.travel("2023-01-25 08:00 +07:00", tick=False):
        page = client.get(reverse("core:home")).content.decode()
    assert "Việc cần làm" in page
    assert "Gửi bản đăng ký thi đua năm 2023 của Khoa Xây dựng Đảng" in page
    assert "hạn 31/01/2023, còn 6 ngày" in page
    client.force_login(personas["leader"])
    page = client.get(reverse("core:home")).content.decode()
    assert "Hiện không có việc nào cần bạn làm." in page


def _queries(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # its roles not cached yet
    with CaptureQueriesContext(connection) as queries:
        todo_for(user, TODAY)
    return len(queries)


def test_queries_do_not_grow_with_the_data(org, units, people, personas, world):
    before = {persona: _queries(personas[persona]) for persona in EXPECTED}
    # Twice as much of everything: plans' phases, registrations sent, records to verify,
    # items to vote, drafts to sign, tờ trình waiting.
    from tests.helpers.council import nominate
    from thidua.council.actions import do_put_on_agenda
    from thidua.evidence.models import YearGrade
    from thidua.plans.models import Phase
    from thidua.registrations.models import Registration

    plan_2023 = world["plans"][1]
    Phase.objects.create(plan=plan_2023, name="Đợt 2", starts_on=date(2023, 1, 2),
                         ends_on=date(2023, 2, 4), review_on=date(2023, 2, 10))  # fmt: skip
    Registration.objects.create(organization=org, unit=units["office"], year=2023,
                                titles=["TTLDTT"], state="submitted")  # fmt: skip
    for year in (2018, 2019, 2020):
        YearGrade.objects.create(organization=org, person=people["staff"], year=year,
                                 grade="HTT", verification="proposed")  # fmt: skip
    with time_machine.travel("2022-12-20 11:00 +07:00", tick=True):
        do_put_on_agenda(world["session"], [nominate(personas, people["dat"], "CSTD_CS",
                                                           justification="Sáng kiến cấp cơ sở.")],
                         acting_user=personas["secretary"])  # fmt: skip
    after = {persona: _queries(personas[persona]) for persona in EXPECTED}
    assert kinds(personas["secretary"])["phase"] == 2
    assert after == before


def test_each_user_turns_the_digest_off_and_on(client, personas):
    client.force_login(personas["staff"])
    url = reverse("todo:preferences")
    assert client.get(url).status_code == 200
    response = client.post(url, {})  # an unticked box: off
    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=personas["staff"]).email_digest is False
    client.post(url, {"email_digest": "on"})
    assert ReminderPreference.objects.get(user=personas["staff"]).email_digest is True
    assert not ReminderPreference.objects.filter(user=personas["secretary"]).exists()


def test_nobody_changes_another_users_preference(personas):
    from thidua.core.actions import NotAllowed
    from thidua.todo.actions import do_set_reminder_preference

    with pytest.raises(NotAllowed):
        do_set_reminder_preference(
            personas["staff"], email_digest=False, acting_user=personas["secretary"]
        )
    assert not ReminderPreference.objects.filter(user=personas["staff"], email_digest=False)
