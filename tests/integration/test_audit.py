"""The audit screen's kind filter offers the council's records and filters by them."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from thidua.council.actions import do_open_session
from thidua.council.models import CouncilSession

pytestmark = pytest.mark.django_db


def test_audit_filter_offers_and_filters_council_sessions(client, personas):
    session = do_open_session(name="Phiên họp tháng 12", year=2022, meeting_on=date(2022, 12, 20),
                              acting_user=personas["secretary"])  # fmt: skip
    session_type = ContentType.objects.get_for_model(CouncilSession)
    client.force_login(personas["admin"])
    page = client.get(reverse("audit:logentry_list"))
    offered = page.context["filter"].form.fields["content_type"].queryset
    assert session_type in offered
    assert {"council"} <= set(offered.values_list("app_label", flat=True))
    response = client.get(
        reverse("audit:logentry_list"), {"content_type": session_type.pk}, HTTP_HX_REQUEST="true"
    )
    rows = list(response.context["table"].data)
    assert [entry.object_repr for entry in rows] == [str(session)]
    assert rows[0].actor == personas["secretary"]


def _english_identifier(label: str) -> bool:
    """Tell a label that is a Python name ("person", "work", "ID") rather than Vietnamese."""
    return re.fullmatch(r"[A-Za-z_ ]+", label) is not None


def test_every_audited_field_has_a_vietnamese_name():
    """Issue 14, a stumble: the log showed "work: — → 55; ID: — → 58; person: — → 6"."""
    from auditlog.registry import auditlog

    from thidua.audit.views import HIDDEN_FIELDS, field_label

    english = [
        "{}.{}: {}".format(model.__name__, field.name, field_label(field))
        for model in auditlog.get_models()
        for field in model._meta.concrete_fields
        if field.name not in HIDDEN_FIELDS and _english_identifier(field_label(field))
    ]
    assert english == []


def test_log_page_names_fields_and_actions_in_vietnamese(client, personas, people, units):
    from thidua.evidence.models import Authorship, Initiative
    from thidua.organization.actions import do_save_person

    initiative = Initiative.objects.create(
        organization=people["dat"].organization, title="Giải pháp số hoá hồ sơ", year=2022,
        level="co_so",
    )  # fmt: skip
    Authorship.objects.create(initiative=initiative, person=people["dat"], share=100)
    people["dat"].position = "Phó Trưởng khoa"
    do_save_person(people["dat"], acting_user=personas["secretary"], unit=units["a"])
    client.force_login(personas["admin"])
    response = client.get(reverse("audit:logentry_list"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)
    changes = " ".join(cells)
    assert "cán bộ: — → " in changes and "sáng kiến: — → " in changes
    assert "chức vụ: — → Phó Trưởng khoa" in changes
    for english in ("person:", "initiative:", "ID:", "work:", "Create", "Update"):
        assert english not in changes
    actions = {c.strip() for c in cells} & {"Thêm", "Sửa", "Xoá", "Truy cập"}
    assert {"Thêm", "Sửa"} <= actions


def test_an_action_inside_a_request_leaves_no_receiver_and_the_request_s_actor_after_it(
    personas, units
):
    """auditlog's own set_actor, nested in the request's context, left one pre_save receiver on
    every audit entry's save for the life of the process (jazzband/django-auditlog#846), and the
    entries written after the action in the same request lost their actor."""
    from auditlog.context import set_actor as request_context
    from auditlog.models import LogEntry
    from django.db.models.signals import pre_save

    from thidua.core.audit import set_actor
    from thidua.organization.models import Unit

    def actor_of(unit):
        return LogEntry.objects.get_for_object(unit).latest("pk").actor

    admin, secretary, principal = personas["admin"], personas["secretary"], personas["principal"]
    organization = units["a"].organization
    before = len(pre_save.receivers)
    with request_context(admin):  # what AuditlogMiddleware opens for a request
        for name in ("Khoa Một", "Khoa Hai"):
            with set_actor(secretary), set_actor(principal):  # an action, and one it calls
                inner = Unit.objects.create(organization=organization, name=name + " (trong)")
            assert actor_of(inner) == principal
            with set_actor(secretary):
                outer = Unit.objects.create(organization=organization, name=name)
            assert actor_of(outer) == secretary
        after = Unit.objects.create(organization=organization, name="Khoa Ba")
        assert actor_of(after) == admin
    assert len(pre_save.receivers) == before
