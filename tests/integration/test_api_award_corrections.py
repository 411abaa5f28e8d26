"""The award register's corrections and revocations through the API (issue 20): the register's
«Sửa» and «Thu hồi» screens' forms and actions, persona by persona, with idempotency keys."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from tests.helpers.api import api_get, api_send, token_for
from thidua.awards.models import Award, AwardSource

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "secretary", "principal", "leader", "council_member", "unit_head", "staff",
            "outsider")  # fmt: skip


def writer(user):
    return token_for(user, name="Hệ thống khen thưởng", read_only=False)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def fields(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def _changes(award):
    """The award's audit entries after the fixture's own creation."""
    return LogEntry.objects.get_for_object(award).exclude(action=LogEntry.Action.CREATE)


@pytest.fixture
def award(org, people):
    return Award.objects.create(
        organization=org, person=people["staff"], year=2021, code="CSTD_CS",
        source=AwardSource.REGISTER, decision_number="12/QĐ-TCTTN",
        decided_on=date(2021, 12, 20), issued_by="Hiệu trưởng Trường Chính trị Thử nghiệm",
    )  # fmt: skip


# What each persona's read-write token gets (the register's screens): the secretary and the
# administrator correct and revoke; whoever sees the award but may not change it: 403; the
# outsider does not see it: 404.
#                  correct revoke
EXPECTED = {
    "admin":          (200, 200),
    "secretary":      (200, 200),
    "principal":      (403, 403),
    "leader":         (403, 403),
    "council_member": (403, 403),
    "unit_head":      (403, 403),
    "staff":          (403, 403),
    "outsider":       (404, 404),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_corrects_and_revokes_as_the_screens_let_them(award, personas, persona):
    user = personas[persona]
    secret = writer(user)
    path = "awards/{}".format(award.pk)
    corrected = api_send("PATCH", path, secret, {"decision_number": "13/QĐ-TCTTN"}, key="c1")
    revoked = api_send("POST", path + "/revocation", secret,
                       {"reason": "Quyết định bị hủy", "revoked_on": "2022-03-01"},
                       key="r1")  # fmt: skip
    assert (corrected.status_code, revoked.status_code) == EXPECTED[persona]
    award.refresh_from_db()
    if corrected.status_code == 200:
        assert corrected.json()["decision_number"] == "13/QĐ-TCTTN"
        assert revoked.json()["revoked_on"] == "2022-03-01"
        assert revoked.json()["revocation_reason"] == "Quyết định bị hủy"
        assert award.decision_number == "13/QĐ-TCTTN" and award.revoked_on == date(2022, 3, 1)
        actors = set(_changes(award).values_list("actor", flat=True))
        assert actors == {user.pk}
    else:
        for response in (corrected, revoked):
            assert response["Content-Type"] == "application/problem+json"
        assert award.decision_number == "12/QĐ-TCTTN" and award.revoked_on is None
        assert not _changes(award).exists()


def test_a_correction_changes_only_what_is_sent_with_the_screen_s_checks(award, units, people,
                                                                         personas):  # fmt: skip
    secret = writer(personas["secretary"])
    path = "awards/{}".format(award.pk)
    # A person's award made a unit's: the unit and the person's null; a unit's title.
    moved = api_send("PATCH", path, secret, {"unit_id": units["a"].pk, "person_id": None,
                                             "code": "TTLDTT"}, key="m1")  # fmt: skip
    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert (body["person_id"], body["unit_id"], body["code"]) == (None, units["a"].pk, "TTLDTT")
    assert body["year"] == 2021 and body["decided_on"] == "2021-12-20"  # kept
    # Both a person and a unit: refused naming the field sent.
    both = api_send("PATCH", path, secret, {"person_id": people["dat"].pk}, key="m2")
    assert fields(both) == ["person_id"] and problem(both, 422)
    # A required field sent null, a date in the future, a year before the decision's.
    nulled = api_send("PATCH", path, secret, {"decided_on": None}, key="m3")
    assert fields(nulled) == ["decided_on"]
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    late = api_send("PATCH", path, secret, {"decided_on": future}, key="m4")
    assert fields(late) == ["decided_on"] and "ở tương lai" in problem(late, 422)["detail"]
    early = api_send("PATCH", path, secret, {"decided_on": "2020-05-01"}, key="m5")
    assert fields(early) == ["decided_on"]
    # A person's title for a unit; a unit not of the organisation (the form's own message).
    wrong = api_send("PATCH", path, secret, {"code": "CSTD_CS"}, key="m6")
    assert fields(wrong) == ["code"] and "không tặng cho tập thể" in wrong.json()["detail"]
    assert fields(api_send("PATCH", path, secret, {"unit_id": 10**9}, key="m7")) == ["unit_id"]
    # The same title twice for the year: the duplicate is named.
    Award.objects.create(organization=award.organization, unit=units["b"], year=2021,
                         code="TTLDTT", source=AwardSource.REGISTER, decision_number="5/QĐ",
                         decided_on=date(2021, 12, 20), issued_by="Hiệu trưởng")  # fmt: skip
    twice = api_send("PATCH", path, secret, {"unit_id": units["b"].pk}, key="m8")
    assert fields(twice) == ["code"] and "chỉ được khen một lần" in twice.json()["detail"]
    # An unknown field is refused, not ignored.
    assert fields(api_send("PATCH", path, secret, {"note": "x"}, key="m9")) == ["note"]
    award.refresh_from_db()
    assert (award.unit, award.code, award.decided_on) == (units["a"], "TTLDTT",
                                                          date(2021, 12, 20))  # fmt: skip
    # The same key and body: the first answer, not a second write.
    again = api_send("PATCH", path, secret, {"unit_id": units["a"].pk, "person_id": None,
                                             "code": "TTLDTT"}, key="m1")  # fmt: skip
    assert again["Idempotent-Replayed"] == "true" and again.json() == body
    assert _changes(award).count() == 1


def test_a_revocation_needs_a_reason_and_a_date_in_order(award, personas):
    secret = writer(personas["secretary"])
    path = "awards/{}/revocation".format(award.pk)
    assert fields(api_send("POST", path, secret, {"reason": "  "}, key="v1")) == ["reason"]
    assert fields(api_send("POST", path, secret, {}, key="v2")) == ["reason"]
    before = api_send("POST", path, secret, {"reason": "Sai", "revoked_on": "2021-12-01"},
                      key="v3")  # fmt: skip
    assert fields(before) == ["revoked_on"] and "trước ngày quyết định" in before.json()["detail"]
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert fields(api_send("POST", path, secret, {"reason": "Sai", "revoked_on": future},
                           key="v4")) == ["revoked_on"]  # fmt: skip
    award.refresh_from_db()
    assert award.revoked_on is None
    done = api_send("POST", path, secret, {"reason": "Quyết định bị hủy"}, key="v5")
    assert done.status_code == 200 and done.json()["revoked_on"] == timezone.localdate().isoformat()
    replayed = api_send("POST", path, secret, {"reason": "Quyết định bị hủy"}, key="v5")
    assert replayed["Idempotent-Replayed"] == "true"
    # Revoked once: neither revoked again nor corrected; the register read shows it.
    assert problem(api_send("POST", path, secret, {"reason": "Lần nữa"}, key="v6"), 422)
    frozen = api_send("PATCH", "awards/{}".format(award.pk), secret, {"year": 2020}, key="v7")
    assert problem(frozen, 422)["detail"].startswith("Khen thưởng đã thu hồi")
    read = api_get("awards/{}".format(award.pk), secret).json()
    assert read["revocation_reason"] == "Quyết định bị hủy"


def test_an_award_written_by_thidua_is_changed_only_through_its_decision(award, personas):
    award.source = AwardSource.OWN_DECISION
    award.save()
    secret = writer(personas["secretary"])
    corrected = api_send("PATCH", "awards/{}".format(award.pk), secret, {"year": 2020}, key="d1")
    assert "chỉ sửa hoặc thu hồi được qua quyết định đó" in problem(corrected, 422)["detail"]
    revoked = api_send("POST", "awards/{}/revocation".format(award.pk), secret,
                       {"reason": "Sai"}, key="d2")  # fmt: skip
    assert problem(revoked, 422)["type"] == "urn:thidua:problem:refused"
    award.refresh_from_db()
    assert award.year == 2021 and award.revoked_on is None


def test_a_read_only_token_corrects_nothing(award, personas):
    secret = token_for(personas["secretary"], name="Chỉ đọc")
    response = api_send("PATCH", "awards/{}".format(award.pk), secret, {"year": 2020}, key="o1")
    assert problem(response, 403)["detail"] == "Khóa API «Chỉ đọc» chỉ đọc: không ghi được."
