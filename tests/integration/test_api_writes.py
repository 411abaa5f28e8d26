"""The API's writes (issue 20): each through the screen's form and `do_*` action, persona by
persona; refusals as problems naming the field; idempotency keys (also under two requests at
once); the rate limit per token."""

import json
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from tests.concurrency import run_together
from tests.helpers.api import api_get, api_send, token_for
from tests.integration.test_proposals import members, nominees, sent, session  # noqa: F401
from thidua.api.models import ApiTokenUse, IdempotencyKey
from thidua.awards.models import Award
from thidua.evidence.models import Initiative, YearGrade
from thidua.organization.models import Assignment, Person
from thidua.proposals.models import EntryOutcome

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "secretary", "principal", "leader", "council_member", "unit_head", "staff",
            "outsider")  # fmt: skip


def writer(user, name="Hệ thống nhân sự"):
    return token_for(user, name=name, read_only=False)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def fields(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def writes(units, people):
    """One valid request of each write, as (name, method, path, body)."""
    return [
        ("create_person", "POST", "people",
         {"family_and_middle": "Ngô Văn", "given": "Nam", "gender": "M",
          "unit_id": units["a"].pk, "hired_on": "2020-09-01", "staff_code": "0099"}),
        ("update_person", "PATCH", "people/{}".format(people["staff"].pk), {"phone": "0912345678"}),
        ("add_assignment", "POST", "people/{}/assignments".format(people["dat"].pk),
         {"unit_id": units["b"].pk, "started_on": "2022-03-01"}),
        ("end_assignment", "POST", "people/{}/assignments/end".format(people["other"].pk),
         {"ended_on": "2022-06-30"}),
        ("add_award", "POST", "awards",
         {"person_id": people["staff"].pk, "year": 2021, "code": "CSTD_CS",
          "decision_number": "12/QĐ-TCTTN", "decided_on": "2021-12-20"}),
        ("create_evidence", "POST", "evidence/grades",
         {"person": people["staff"].pk, "year": 2022, "grade": "HTXS"}),
    ]  # fmt: skip


# What each persona's read-write token gets from each write (the screens' permissions): 2xx
# done; 403 not theirs to do; 404 the record is outside what they see (as if absent); 422 a
# record named in the body is not one they may choose (the outsider's organisation has no such
# unit or person; a unit head moves people only into their own units).
#                  create upd  move end  award evidence
EXPECTED = {
    "admin":          (201, 200, 201, 200, 201, 201),
    "secretary":      (201, 200, 201, 200, 201, 201),
    "principal":      (403, 403, 403, 403, 403, 403),
    "leader":         (403, 403, 403, 403, 403, 403),
    "council_member": (403, 403, 403, 403, 403, 403),
    "unit_head":      (403, 200, 422, 404, 403, 201),
    "staff":          (403, 403, 404, 404, 403, 201),
    "outsider":       (422, 404, 404, 404, 422, 422),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_writes_what_the_screens_let_them(org, units, people, personas, persona):
    secret = writer(personas[persona])
    got = []
    for index, (name, method, path, body) in enumerate(writes(units, people)):
        response = api_send(method, path, secret, body, key="k{}".format(index))
        got.append(response.status_code)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", name
            assert response.json()["detail"], name
    assert tuple(got) == EXPECTED[persona], got
    user = personas[persona]
    # What was written carries the token owner's name in the audit log, and nothing else was.
    created = Person.objects.filter(staff_code="0099").first()
    assert (created is not None) == (got[0] == 201)
    if created is not None:
        assert LogEntry.objects.get_for_object(created).get().actor == user
    assert Award.objects.exists() == (got[4] == 201)
    grade = YearGrade.objects.filter(year=2022).first()
    assert (grade is not None) == (got[5] == 201)
    if grade is not None:
        # The secretary's and a unit head's are verified; staff propose their own.
        verified = persona in ("admin", "secretary", "unit_head")
        assert (grade.verification == "verified") == verified, persona
        assert grade.person == people["staff"]


def test_a_read_only_token_writes_nothing(units, people, personas):
    secret = token_for(personas["secretary"], name="Chỉ đọc")
    for index, (_, method, path, body) in enumerate(writes(units, people)):
        response = api_send(method, path, secret, body, key="r{}".format(index))
        assert problem(response, 403)["detail"] == "Khóa API «Chỉ đọc» chỉ đọc: không ghi được."
    assert not Person.objects.filter(staff_code="0099").exists()
    assert not Award.objects.exists() and not YearGrade.objects.exists()
    assert not IdempotencyKey.objects.exists()


def test_people_and_assignments_as_a_personnel_system_sends_them(units, people, personas):
    secretary = personas["secretary"]
    secret = writer(secretary)
    made = api_send("POST", "people", secret, {
        "family_and_middle": "Ngô Văn", "given": "Nam", "gender": "M", "unit_id": units["a"].pk,
        "hired_on": "2020-09-01", "personal_id": "001080012345", "birth_date": "1980-05-07",
    })  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    person = Person.objects.get(pk=body["id"])
    assert body["full_name"] == "Ngô Văn Nam" and body["personal_id"] == "001080012345"
    assert body["union_member"] is True  # the model's default where nothing was sent
    assert body["assignments"] == [{"unit_id": units["a"].pk, "unit_name": "Khoa Xây dựng Đảng",
                                    "started_on": "2020-09-01", "ended_on": None}]  # fmt: skip
    # An update changes only what it sends.
    changed = api_send("PATCH", "people/{}".format(person.pk), secret,
                       {"position": "Giảng viên chính"}, key="k2")  # fmt: skip
    assert changed.status_code == 200
    person.refresh_from_db()
    assert (person.position, person.birth_date) == ("Giảng viên chính", date(1980, 5, 7))
    # A transfer: the current assignment ends the day the new one starts.
    moved = api_send("POST", "people/{}/assignments".format(person.pk), secret,
                     {"unit_id": units["b"].pk, "started_on": "2022-03-01"}, key="k3")  # fmt: skip
    assert moved.status_code == 201
    history = [(a["unit_id"], a["started_on"], a["ended_on"]) for a in moved.json()["assignments"]]
    assert history == [(units["b"].pk, "2022-03-01", None),
                       (units["a"].pk, "2020-09-01", "2022-03-01")]  # fmt: skip
    again = api_send("POST", "people/{}/assignments".format(person.pk), secret,
                     {"unit_id": units["b"].pk}, key="k4")  # fmt: skip
    assert fields(again) == ["unit_id"] and "đang công tác ở đơn vị này" in again.json()["detail"]
    before = api_send("POST", "people/{}/assignments".format(person.pk), secret,
                      {"unit_id": units["a"].pk, "started_on": "2022-01-01"}, key="k5")  # fmt: skip
    assert problem(before, 422)["errors"][0]["field"] == "started_on"
    assert "phải sau ngày bắt đầu ở đơn vị hiện tại (01/03/2022)" in before.json()["detail"]
    # Ending it: the history keeps it, with its end.
    end = "people/{}/assignments/end".format(person.pk)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert fields(api_send("POST", end, secret, {"ended_on": future}, key="k6")) == ["ended_on"]
    early = api_send("POST", end, secret, {"ended_on": "2022-03-01"}, key="k7")
    assert problem(early, 422)["detail"] == (
        "Ngày thôi công tác ở đơn vị phải sau ngày bắt đầu (01/03/2022).")  # fmt: skip
    ended = api_send("POST", end, secret, {"ended_on": "2023-06-30"}, key="k8")
    assert ended.status_code == 200 and ended.json()["current_unit_id"] is None
    assignment = Assignment.objects.get(person=person, unit=units["b"])
    assert assignment.ended_on == date(2023, 6, 30)
    assert LogEntry.objects.get_for_object(assignment).latest("timestamp").actor == secretary
    none_left = api_send("POST", end, secret, {"ended_on": "2023-07-30"}, key="k9")
    assert problem(none_left, 422)["detail"] == "Ngô Văn Nam không có đơn vị công tác hiện tại."


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"given": "Nam Anh", "gender": "M"}, "given", "Tên chỉ gồm một từ"),
    ({"given": "Nam"}, "family_and_middle", "«family_and_middle» (Họ và tên đệm): Trường này"),
    ({"gender": "X"}, "gender", "«gender»: chỉ nhận một trong các giá trị"),
    ({"unit_id": 10**9}, "unit_id", "«unit_id» (Đơn vị công tác): Hãy chọn một lựa chọn hợp lệ"),
    ({"birth_date": "07/05/1980"}, "birth_date", "phải là một ngày dạng NNNN-TT-NN"),
    ({"hired_on": "2020-01-01", "left_on": "2019-01-01"}, "left_on", "sau ngày vào làm việc"),
    ({"personal_id": "12345"}, "personal_id", "«personal_id» (Số định danh cá nhân)"),
    ({"nickname": "Nam"}, "nickname", "«nickname»: trường không có trong API"),
    ({"party_member": "có lẽ"}, "party_member", "phải là true hoặc false"),
])  # fmt: skip
def test_bad_people_are_problems_naming_the_field_and_nothing_is_written(
    units, people, personas, body, field, words
):
    full = {"family_and_middle": "Ngô Văn", "given": "Nam", "gender": "M",
            "unit_id": units["a"].pk, **body}  # fmt: skip
    if field == "family_and_middle":
        del full["family_and_middle"]
    count = Person.objects.count()
    response = api_send("POST", "people", writer(personas["secretary"]), full)
    assert problem(response, 422)["errors"][0]["field"] == field, response.json()
    assert words in response.json()["detail"]
    assert Person.objects.count() == count


def test_bad_bodies_and_a_unit_head_s_reach(units, people, personas):
    secretary = writer(personas["secretary"])
    malformed = api_send("POST", "people", secretary, b"{not json", key="m1")
    assert problem(malformed, 400)["errors"] == [
        {"field": "body", "message": "«body»: nội dung yêu cầu không phải JSON hợp lệ."}]
    missing = api_send("POST", "people", secretary, {}, key=None)
    assert problem(missing, 422)["errors"][0]["field"] == "Idempotency-Key"
    head = writer(personas["unit_head"])
    # A unit head keeps their people's contact details, not the personnel record.
    record = api_send("PATCH", "people/{}".format(people["staff"].pk), head,
                      {"position": "Trưởng khoa", "phone": "0912"}, key="h1")  # fmt: skip
    assert problem(record, 403)["errors"][0]["field"] == "position"
    people["staff"].refresh_from_db()
    assert people["staff"].phone == ""  # nothing half-written
    # Out of scope is absent: another unit's person, a record that does not exist.
    for pk in (people["other"].pk, 10**9):
        gone = api_send("PATCH", "people/{}".format(pk), head, {"phone": "1"}, key="h{}".format(pk))
        assert problem(gone, 404)["detail"] == "Không có bản ghi này, hoặc bạn không được xem."
    award = api_send("POST", "awards", secretary, {
        "unit_id": units["a"].pk, "year": 2021, "code": "CSTD_CS",
        "decision_number": "1/QĐ", "decided_on": "2021-12-20"}, key="a1")  # fmt: skip
    assert problem(award, 422)["errors"][0]["field"] == "code"
    assert "không tặng cho tập thể" in award.json()["detail"]
    both = api_send("POST", "awards", secretary, {
        "unit_id": units["a"].pk, "person_id": people["staff"].pk, "year": 2021, "code": "LDTT",
        "decision_number": "1/QĐ", "decided_on": "2021-12-20"}, key="a2")  # fmt: skip
    assert fields(both) == ["unit_id"]
    grade = api_send("POST", "evidence/grades", secretary,
                     {"person": people["staff"].pk, "year": 1900, "grade": "HTXS"}, key="e1")
    assert problem(grade, 422)["errors"][0]["field"] == "year"
    unknown = api_send("POST", "evidence/grades", secretary, {"score": 1}, key="e2")
    assert fields(unknown) == ["score"]
    assert problem(api_send("POST", "evidence/khac", secretary, {}, key="e3"), 422)
    # A huge body is refused before it is read (no key kept, nothing written).
    huge = api_send("POST", "people", secretary, b"[" + b"1," * 600_000 + b"1]", key="e4")
    assert problem(huge, 413)["type"] == "urn:thidua:problem:too-large"
    assert not IdempotencyKey.objects.filter(key="e4").exists()
    assert not Award.objects.exists() and not YearGrade.objects.exists()


def test_evidence_is_changed_through_the_same_form(people, personas):
    secret = writer(personas["staff"], name="Tự khai")
    made = api_send("POST", "evidence/grades", secret,
                    {"person": people["other"].pk, "year": 2022, "grade": "HTT"})  # fmt: skip
    assert made.status_code == 201
    record = YearGrade.objects.get()
    # A staff member proposes their own: the person sent is ignored, as the screen's disabled
    # field is.
    assert (record.person, record.verification) == (people["staff"], "proposed")
    assert made.json()["verification_name"] == "Chờ xác nhận"
    path = "evidence/grades/{}".format(record.pk)
    changed = api_send("PATCH", path, secret, {"grade": "HTXS"}, key="k2")
    assert changed.status_code == 200
    record.refresh_from_db()
    assert (record.grade, record.year) == ("HTXS", 2022)
    verified = api_send("PATCH", path, writer(personas["secretary"]), {"grade": "HTT"}, key="k3")
    assert verified.json()["verification"] == "verified"
    locked = api_send("PATCH", path, secret, {"grade": "HTXS"}, key="k4")
    assert "đã được xác nhận" in problem(locked, 403)["detail"]
    assert problem(api_send("PATCH", path, writer(personas["outsider"]), {}, key="k5"), 404)


def test_a_higher_body_s_answer_to_an_entry(session, personas):  # noqa: F811
    proposal = sent(session, personas)
    entries = list(proposal.entries.order_by("position"))
    path = "proposals/{}/entries/{{}}/answer".format(proposal.pk)
    secret = writer(personas["secretary"])
    for persona in ("staff", "council_member"):
        refused = api_send("POST", path.format(entries[0].pk), writer(personas[persona], persona),
                           {"granted": False}, key="x")  # fmt: skip
        assert refused.status_code in (403, 404), persona
    no_number = api_send("POST", path.format(entries[0].pk), secret,
                         {"granted": True, "decided_on": "2023-01-20",
                          "issued_by": "Chủ tịch UBND tỉnh"}, key="a0")  # fmt: skip
    assert fields(no_number) == ["decision_number"]
    future = api_send("POST", path.format(entries[0].pk), secret,
                      {"granted": True, "decision_number": "1/QĐ-UBND", "decided_on": "2999-01-01",
                       "issued_by": "Chủ tịch UBND tỉnh"}, key="a00")  # fmt: skip
    assert fields(future) == ["decided_on"] and "ở tương lai" in future.json()["detail"]
    granted = api_send("POST", path.format(entries[0].pk), secret, {
        "granted": True, "decision_number": "3422/QĐ-UBND", "decided_on": "2023-01-20",
        "issued_by": "Chủ tịch UBND tỉnh Hà Tĩnh"}, key="a1")  # fmt: skip
    assert granted.status_code == 200, granted.content
    body = granted.json()
    assert body["outcome"] == EntryOutcome.GRANTED and body["award_id"]
    award = Award.objects.get(pk=body["award_id"])
    assert (award.source, award.decision_number) == ("higher", "3422/QĐ-UBND")
    twice = api_send("POST", path.format(entries[0].pk), secret, {"granted": False}, key="a2")
    assert fields(twice) == ["granted"] and "không ghi lại được" in twice.json()["detail"]
    if len(entries) > 1:
        no = api_send("POST", path.format(entries[1].pk), secret,
                      {"granted": False, "reason": "Chưa đủ tiêu chuẩn."}, key="a3")
        assert no.json()["outcome"] == EntryOutcome.REFUSED
        assert no.json()["refusal_reason"] == "Chưa đủ tiêu chuẩn."
    assert problem(api_send("POST", path.format(10**9), secret, {"granted": False}, key="a4"), 404)


# Idempotency keys ------------------------------------------------------------------------------

NEW = {"family_and_middle": "Ngô Văn", "given": "Nam", "gender": "M"}


def test_the_same_key_and_body_answer_the_first_answer_without_writing_again(units, personas):
    secretary = personas["secretary"]
    secret = writer(secretary)
    body = {**NEW, "unit_id": units["a"].pk}
    first = api_send("POST", "people", secret, body, key="nhan-su-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    # The same body, its keys in another order: the same request.
    again = api_send("POST", "people", secret, dict(reversed(list(body.items()))),
                     key="nhan-su-1")  # fmt: skip
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Person.objects.filter(given="Nam").count() == 1
    assert LogEntry.objects.filter(object_pk=str(first.json()["id"]),
                                   content_type__model="person").count() == 1  # fmt: skip
    # Another body under the same key is refused, naming the header.
    other = api_send("POST", "people", secret, {**body, "given": "Bình"}, key="nhan-su-1")
    assert problem(other, 422)["errors"][0]["field"] == "Idempotency-Key"
    assert "đã dùng lúc" in other.json()["detail"] and "cho một yêu cầu khác" in other.json()[
        "detail"]  # fmt: skip
    assert not Person.objects.filter(given="Bình").exists()
    # A refusal is an answer too: replayed, not run again.
    bad = api_send("POST", "people", secret, {**NEW, "unit_id": 10**9}, key="nhan-su-2")
    assert api_send("POST", "people", secret, {**NEW, "unit_id": 10**9},
                    key="nhan-su-2").json() == bad.json()  # fmt: skip
    # Keys are the token's own: another token's same key is a new request.
    second = writer(secretary, name="Hệ thống khác")
    assert api_send("POST", "people", second, {**body, "staff_code": "77"},
                    key="nhan-su-1").status_code == 201  # fmt: skip
    # Once expired, a key is free again.
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    renewed = api_send("POST", "people", secret, {**body, "staff_code": "78"}, key="nhan-su-1")
    assert renewed.status_code == 201 and "Idempotent-Replayed" not in renewed
    assert IdempotencyKey.objects.filter(token__name="Hệ thống nhân sự").count() == 1
    stored = IdempotencyKey.objects.get(token__name="Hệ thống nhân sự")
    expected = timezone.now() + timedelta(hours=24)
    assert abs((stored.expires_at - expected).total_seconds()) < 60


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_write_once(org, units, people, personas):
    secret = writer(personas["secretary"])
    body = {**NEW, "unit_id": units["a"].pk}
    outcomes = run_together([lambda: api_send("POST", "people", secret, body, key="cung-luc")] * 2)
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    responses = [response for _, response in outcomes]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert Person.objects.filter(given="Nam").count() == 1
    assert IdempotencyKey.objects.count() == 1


# The rate limit --------------------------------------------------------------------------------


def test_a_token_over_its_rate_is_refused_with_retry_after(people, personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    staff, secret = personas["staff"], token_for(personas["staff"], name="Đồng bộ")
    for _ in range(3):
        assert api_get("people", secret).status_code == 200
    refused = api_get("people", secret)
    body = problem(refused, 429)
    assert body["type"] == "urn:thidua:problem:rate-limited"
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert body["detail"] == ("Khóa API «Đồng bộ» đã gửi 3 yêu cầu trong một phút, quá giới hạn; "
                              "thử lại sau {} giây.".format(wait))  # fmt: skip
    assert ApiTokenUse.objects.count() == 3  # the refused request is not a use
    # Another token of the same account has its own count; a minute on, the token may again.
    assert api_get("people", token_for(staff, name="Khác")).status_code == 200
    ApiTokenUse.objects.update(used_at=timezone.now() - timedelta(seconds=61))
    assert api_get("people", secret).status_code == 200


def test_an_initiative_with_its_authors(people, personas):
    secret = writer(personas["secretary"])
    initiative = {"title": "Đổi mới phương pháp giảng dạy", "year": 2022, "level": "co_so",
                  "recognized_by": "Hội đồng Khoa học Trường", "decision_number": "61/QĐ-TCTTN",
                  "decided_on": "2022-11-20"}  # fmt: skip
    nobody = api_send("POST", "evidence/initiatives", secret, initiative, key="i1")
    assert problem(nobody, 422)["errors"] == [
        {"field": "team", "message": "«team» (Tác giả): Cần ít nhất một tác giả hoặc thành viên."}]
    over = api_send("POST", "evidence/initiatives", secret, {**initiative, "team": [
        {"person": people["staff"].pk, "share": 70}, {"person": people["dat"].pk, "share": 40}]},
        key="i2")  # fmt: skip
    assert fields(over) == ["team"] and "không được quá 100%" in over.json()["detail"]
    odd = api_send("POST", "evidence/initiatives", secret, {**initiative, "team": [
        {"person": people["staff"].pk, "role": "lead"}, {"person": 10**9}]}, key="i3")  # fmt: skip
    assert fields(odd) == ["team.0.role"]
    stranger = api_send("POST", "evidence/initiatives", secret, {**initiative, "team": [
        {"person": 10**9, "share": 10}]}, key="i4")  # fmt: skip
    assert fields(stranger) == ["team.0.person"]
    made = api_send("POST", "evidence/initiatives", secret, {**initiative, "team": [
        {"person": people["staff"].pk, "share": 60}, {"person": people["dat"].pk, "share": 40}]},
        key="i5")  # fmt: skip
    assert made.status_code == 201, made.content
    record = Initiative.objects.get()
    assert sorted(record.authorships.values_list("person__given", "share")) == [
        ("Hoa", 60), ("Đạt", 40)]
    # A change without `team` keeps the authors; with it, replaces them.
    path = "evidence/initiatives/{}".format(record.pk)
    assert api_send("PATCH", path, secret, {"scope": "Toàn trường"}, key="i6").status_code == 200
    assert record.authorships.count() == 2
    assert api_send("PATCH", path, secret, {"team": [{"person": people["dat"].pk, "share": 100}]},
                    key="i7").status_code == 200  # fmt: skip
    assert list(record.authorships.values_list("person__given", "share")) == [("Đạt", 100)]
    listed = api_send("PATCH", path, secret, {"title": ["a"]}, key="i8")
    assert fields(listed) == ["title"]
    assert fields(api_send("PATCH", path, secret, {"team": "Đạt"}, key="i9")) == ["team"]
    assert fields(api_send("PATCH", path, secret, {"team": [1, {"person": [2]}]},
                           key="i10")) == ["team.0", "team.1.person"]  # fmt: skip
    assert list(record.authorships.values_list("person__given", "share")) == [("Đạt", 100)]
    assert not Assignment.objects.filter(ended_on__isnull=False).exists()  # nothing else moved


# Bad bodies on every write (issue 20, Bad input) ----------------------------------------------


def _written():
    models = (Person, Assignment, Award, YearGrade, LogEntry, IdempotencyKey)
    return tuple(model.objects.count() for model in models)


@pytest.mark.parametrize("index", range(6), ids=[
    "create_person", "update_person", "add_assignment", "end_assignment", "add_award",
    "create_evidence"])  # fmt: skip
def test_every_write_names_the_field_of_a_bad_body_and_writes_nothing(units, people, personas,
                                                                      index):  # fmt: skip
    name, method, path, body = writes(units, people)[index]
    secret = writer(personas["secretary"])
    before = _written()
    malformed = api_send(method, path, secret, json.dumps(body).encode()[:-1], key="b1")
    assert problem(malformed, 400)["errors"][0]["field"] == "body", name
    unknown = api_send(method, path, secret, {**body, "ghi_chu_la": "x"}, key="b2")
    assert fields(unknown) == ["ghi_chu_la"] and problem(unknown, 422), name
    first = next(iter(body))
    wrong = api_send(method, path, secret, {**body, first: ["không phải giá trị"]}, key="b3")
    assert fields(wrong) == [first] and problem(wrong, 422)["detail"], name
    not_object = api_send(method, path, secret, [body], key="b4")
    assert problem(not_object, 422)["errors"] == [{
        "field": "body", "message": "«body»: nội dung yêu cầu phải là một đối tượng JSON ({…})."}]
    # Refusals are kept under their keys (a retry gets the same answer), nothing else is written.
    assert _written()[:5] == before[:5], name
