"""The audit screen's kind filter offers the council's records and filters by them."""

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
