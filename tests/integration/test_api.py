"""The JSON API (issue 20): tokens, scopes persona by persona, pages, ETags, problem details,
the documentation page and the committed schema."""

import hashlib
import io
import json
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.helpers.api import api_get, ids, token_for
from thidua.api.auth import BearerToken
from thidua.api.management.commands.api_schema import SCHEMA_FILE, schema_text
from thidua.api.models import ApiToken, ApiTokenUse
from thidua.api.problems import ApiProblem
from thidua.awards.actions import AwardData, do_add_award, do_revoke_award
from thidua.awards.models import Award
from thidua.organization.models import Person, Unit

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "secretary", "principal", "leader", "council_member", "unit_head", "staff",
            "outsider")  # fmt: skip
WHOLE = ("admin", "secretary", "principal", "leader", "council_member")


@pytest.fixture
def register(org, units, people, personas):
    """Three awards: the staff member's, another unit's person's, and unit A's."""
    secretary = personas["secretary"]

    def add(**data):
        return do_add_award(org, AwardData(**data), acting_user=secretary)

    return {
        "staff": add(person=people["staff"], year=2021, code="CSTD_CS",
                     decision_number="12/QĐ-TCTTN", decided_on=date(2021, 12, 20)),
        "other": add(person=people["other"], year=2021, code="GIAY_KHEN",
                     decision_number="13/QĐ-TCTTN", decided_on=date(2021, 12, 20)),
        "unit": add(unit=units["a"], year=2020, code="TTLDTT",
                    decision_number="9/QĐ-TCTTN", decided_on=date(2020, 12, 20)),
    }  # fmt: skip


@pytest.fixture
def tokens(personas):
    return {persona: token_for(personas[persona]) for persona in PERSONAS}


# What each persona's token reads: the people and awards it lists (by fixture key), and the
# status of each record's own URL (200, or 404 when out of scope: nothing is told of it).
#                  people listed                                   awards listed
SCOPE = {
    "admin": ({"staff", "head", "dat", "other", "secretary"}, {"staff", "other", "unit"}),
    "secretary": ({"staff", "head", "dat", "other", "secretary"}, {"staff", "other", "unit"}),
    "principal": ({"staff", "head", "dat", "other", "secretary"}, {"staff", "other", "unit"}),
    "leader": ({"staff", "head", "dat", "other", "secretary"}, {"staff", "other", "unit"}),
    "council_member": ({"staff", "head", "dat", "other", "secretary"},
                       {"staff", "other", "unit"}),
    "unit_head": ({"staff", "head", "dat"}, {"staff", "unit"}),
    "staff": ({"staff"}, {"staff"}),
    "outsider": (set(), set()),
}  # fmt: skip


def test_each_persona_reads_what_the_screens_show(org, units, people, personas, register,
                                                  tokens):  # fmt: skip
    """Every endpoint, persona by persona: lists scoped as `visible_to`, records outside the
    scope answered 404 like records that do not exist."""
    client = Client()
    wrong = []
    for persona, (seen_people, seen_awards) in SCOPE.items():
        secret, user = tokens[persona], personas[persona]
        expected = {
            "organizations": {org.pk} if persona != "outsider" else {user.organization_id},
            "units": {unit.pk for unit in Unit.objects.visible_to(user)},
            "people": {people[key].pk for key in seen_people},
            "awards": {register[key].pk for key in seen_awards},
        }
        if persona == "outsider":  # their own organisation's records, none of ours
            expected["people"] = {user.person_id}
        # The table agrees with the screens' own scope.
        assert expected["people"] == {p.pk for p in Person.objects.visible_to(user)}
        assert expected["awards"] == {a.pk for a in Award.objects.visible_to(user)}
        for path, want in expected.items():
            got = ids(api_get(path, secret, client))
            if got != want:
                wrong.append("{} {}: {} (cần {})".format(path, persona, got, want))
        records = [("organizations", org.pk, persona != "outsider"),
                   ("units", units["b"].pk, persona != "outsider"),
                   ("people", people["other"].pk, "other" in seen_people),
                   ("people", people["staff"].pk, "staff" in seen_people),
                   ("awards", register["other"].pk, "other" in seen_awards),
                   ("awards", register["unit"].pk, "unit" in seen_awards)]  # fmt: skip
        for path, pk, visible in records:
            response = api_get("{}/{}".format(path, pk), secret, client)
            if response.status_code != (200 if visible else 404):
                wrong.append("{}/{} {}: {}".format(path, pk, persona, response.status_code))
            elif not visible:
                assert response["Content-Type"] == "application/problem+json"
                assert response.json()["detail"] == "Không có bản ghi này, hoặc bạn không được xem."
        missing = api_get("people/{}".format(10**9), secret, client)
        assert missing.status_code == 404
        assert missing.json()["detail"] == "Không có bản ghi này, hoặc bạn không được xem."
    assert not wrong, "\n".join(wrong)


def test_a_person_comes_with_assignments_and_the_personal_id_only_for_the_keepers(
    people, personas, units
):
    person = people["staff"]
    person.personal_id = "001234567890"
    person.save()
    for persona, shown in (("secretary", "001234567890"), ("principal", None),
                           ("staff", None)):  # fmt: skip
        body = api_get("people/{}".format(person.pk), token_for(personas[persona])).json()
        assert body["personal_id"] == shown, persona
        assert body["full_name"] == "Trần Thị Hoa"
        assert body["current_unit_id"] == units["a"].pk
        assert body["assignments"] == [{"unit_id": units["a"].pk, "unit_name": "Khoa Xây dựng Đảng",
                                        "started_on": "2015-09-01", "ended_on": None}]  # fmt: skip


def test_the_register_filters_like_its_screen(units, people, personas, register,
                                              django_assert_max_num_queries):  # fmt: skip
    secret = token_for(personas["secretary"])
    # A page costs the same few queries whatever its length: the token, its uses of the last
    # minute (the rate limit), its use (two writes), the account's grants, the awards with
    # their subjects.
    with django_assert_max_num_queries(6):
        assert len(ids(api_get("awards?limit=200", secret))) == 3
    pk = {key: award.pk for key, award in register.items()}
    cases = {
        "awards?year=2021": {pk["staff"], pk["other"]},
        "awards?code=GIAY_KHEN": {pk["other"]},
        "awards?kind=hinh_thuc": {pk["other"]},
        "awards?kind=danh_hieu": {pk["staff"], pk["unit"]},
        "awards?body=school": {pk["staff"], pk["other"], pk["unit"]},
        "awards?body=province": set(),
        "awards?unit={}".format(units["a"].pk): {pk["staff"], pk["unit"]},
        "awards?unit={}".format(units["b"].pk): {pk["other"]},
        "awards?person={}".format(people["other"].pk): {pk["other"]},
        "awards?year=2021&kind=danh_hieu": {pk["staff"]},
    }
    for path, want in cases.items():
        assert ids(api_get(path, secret)) == want, path
    award = api_get("awards/{}".format(pk["other"]), secret).json()
    assert award["code_name"] == "Giấy khen của Hiệu trưởng" and award["kind"] == "hinh_thuc"
    assert award["body"] == "school" and award["source"] == "register"
    assert award["subject_name"] == "Phạm Thị Lan"


def test_changed_since_sees_new_and_revoked_awards(personas, register):
    secret = token_for(personas["secretary"])
    mark = timezone.now()
    assert ids(api_get("awards?changed_since=" + mark.isoformat().replace("+", "%2B"),
                       secret)) == set()  # fmt: skip
    do_revoke_award(register["other"], reason="Nhầm đối tượng.", acting_user=personas["secretary"])
    since = "awards?changed_since=" + mark.isoformat().replace("+", "%2B")
    assert ids(api_get(since, secret)) == {register["other"].pk}
    assert api_get(since, secret).json()["items"][0]["revoked_on"] == str(timezone.localdate())
    # Offsets ISO allows and PostgreSQL does not, and the calendar's ends (schemathesis found).
    for moment in ("0197-08-01T20:47:07-19:01", "0001-01-01T00:00:00%2B05:00"):
        assert len(ids(api_get("awards?changed_since=" + moment, secret))) == 3
    assert ids(api_get("awards?changed_since=9999-12-31T23:59:59-05:00", secret)) == set()
    naive = api_get("awards?changed_since=2022-01-01T00:00:00", secret)
    assert naive.status_code == 422
    assert naive.json()["errors"][0]["field"] == "changed_since"


def test_pages_follow_a_stable_order_and_refuse_a_tampered_cursor(people, personas):
    secret = token_for(personas["secretary"])
    seen, cursor, pages = [], None, 0
    while True:
        path = "people?limit=2" + ("&cursor=" + cursor if cursor else "")
        body = api_get(path, secret).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and seen == sorted(seen) and len(seen) == len(set(seen)) == 5
    first = api_get("people?limit=2", secret).json()["next_cursor"]
    for bad in (first[:-2] + ("AA" if not first.endswith("AA") else "BB"), "abc", first + "x"):
        response = api_get("people?limit=2&cursor=" + bad, secret)
        assert response.status_code == 400, bad
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()["errors"]
        assert problem == [{"field": "cursor", "message": "Con trỏ trang không hợp lệ."}]
    # A cursor of one query is not accepted for another (the filters are part of it).
    other_query = api_get("people?limit=2&unit={}&cursor={}".format(
        people["staff"].assignments.get().unit_id, first), secret)  # fmt: skip
    assert other_query.status_code == 400
    assert "bộ lọc khác" in other_query.json()["detail"]


def test_etag_answers_304_until_the_data_changes(people, personas):
    secret = token_for(personas["secretary"])
    first = api_get("people", secret)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Cache-Control"] == "private, no-cache"
    again = api_get("people", secret, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    person = people["dat"]
    person.position = "Phó Trưởng khoa"
    person.save()
    changed = api_get("people", secret, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize(("query", "field", "words"), [
    ("awards?year=abc", "year", "«year» (Năm): phải là một số nguyên."),
    ("awards?year=1900", "year", "«year» (Năm): phải ≥ 1975."),
    ("awards?code=XYZ", "code", "«code» (Danh hiệu, hình thức): chỉ nhận một trong"),
    ("awards?changed_since=hôm-qua", "changed_since", "phải là một thời điểm ISO 8601"),
    ("people?limit=0", "limit", "«limit» (Số bản ghi mỗi trang): phải ≥ 1."),
    ("people?limit=201", "limit", "phải ≤ 200."),
    ("people?unit=999999999", "unit", "«unit» (Đơn vị): không có đơn vị này."),
    ("people/abc", "person_id", "«person_id» (Cán bộ): phải là một số nguyên."),
])  # fmt: skip
def test_bad_input_is_a_vietnamese_problem_naming_the_field(personas, query, field, words):
    response = api_get(query, token_for(personas["secretary"]))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:thidua:problem:validation" and body["status"] == 422
    assert body["title"] == "Dữ liệu không hợp lệ"
    assert [error["field"] for error in body["errors"]] == [field]
    assert words in body["errors"][0]["message"] and words in body["detail"]


def test_tokens_are_checked_and_every_use_logged(personas, people):
    staff = personas["staff"]
    secret = token_for(staff, name="Phần mềm cán bộ")
    stored = ApiToken.objects.get(user=staff)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith("thidua_") and secret not in json.dumps(
        list(ApiToken.objects.values()), default=str)  # fmt: skip
    assert api_get("people", secret).status_code == 200
    use = ApiTokenUse.objects.get()
    assert (use.token_name, use.method, use.path, use.user) == (
        "Phần mềm cán bộ", "GET", "/api/v1/people", staff)  # fmt: skip
    stored.refresh_from_db()
    assert stored.last_used_at is not None

    def refused(secret_or_none, **headers):
        response = api_get("people", secret_or_none, **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        return response.json()["detail"]

    assert refused(None) == "Thiếu khóa API: gửi tiêu đề «Authorization: Bearer <khóa>»."
    assert refused(None, HTTP_AUTHORIZATION="Basic " + secret).startswith("Thiếu khóa API")
    assert refused(secret[:-1] + "x") == "Khóa API không đúng."
    expired = token_for(staff, name="Cũ", expires_on=timezone.localdate())
    assert api_get("people", expired).status_code == 200  # valid through its last day
    ApiToken.objects.filter(name="Cũ").update(expires_on=timezone.localdate() - timedelta(days=1))
    assert refused(expired).startswith("Khóa API «Cũ» đã hết hạn ngày")
    from thidua.api.actions import do_revoke_api_token

    do_revoke_api_token(stored, acting_user=staff)
    assert refused(secret) == "Khóa API «Phần mềm cán bộ» đã bị thu hồi."
    fresh = token_for(staff, name="Phần mềm cán bộ")  # the name is free again once revoked
    staff.is_active = False
    staff.save()
    assert refused(fresh) == "Tài khoản của khóa API «Phần mềm cán bộ» đã bị khóa."
    assert ApiTokenUse.objects.count() == 2  # refused requests are not uses


def test_a_read_only_token_writes_nothing_and_a_huge_body_is_refused_unread(personas):
    secret = token_for(personas["secretary"], name="Chỉ đọc")
    factory, auth = RequestFactory(), BearerToken()
    request = factory.post("/api/v1/people", data=b"{}", content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer " + secret)  # fmt: skip
    with pytest.raises(ApiProblem) as refusal:
        auth(request)
    assert refusal.value.status == 403 and "chỉ đọc" in refusal.value.detail
    writer = token_for(personas["secretary"], name="Ghi", read_only=False)
    request = factory.post("/api/v1/people", data=b"{}", content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer " + writer)  # fmt: skip
    assert auth(request).name == "Ghi"
    response = Client().generic("GET", "/api/v1/people", data=b"x" * 1_100_000,
                                HTTP_AUTHORIZATION="Bearer " + secret)  # fmt: skip
    assert response.status_code == 413
    assert response.json()["detail"] == "Nội dung yêu cầu 1100000 byte, quá giới hạn 1048576 byte."


def test_the_token_page_shows_a_new_token_once_and_revokes_own_tokens_only(personas):
    staff, other = personas["staff"], personas["unit_head"]
    client = Client()
    client.force_login(staff)
    page = client.get("/accounts/api-tokens/")
    assert page.status_code == 200 and "Bạn chưa có khóa API nào." in page.content.decode()
    refused = client.post("/accounts/api-tokens/", {"name": " ", "expires_on": "01/01/2020"})
    text = refused.content.decode()
    assert 'data-field="name"' in text and "Tên khóa" in text
    assert not ApiToken.objects.exists()
    made = client.post("/accounts/api-tokens/", {"name": "Hồ sơ điện tử", "read_only": "on",
                                                 "expires_on": "31/12/2099"})  # fmt: skip
    token = ApiToken.objects.get()
    html = made.content.decode()
    secret = html.split('id="new-token-value" type="text" readonly value="')[1].split('"')[0]
    assert made["Cache-Control"] == "no-store"
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    assert (token.user, token.read_only, token.expires_on) == (staff, True, date(2099, 12, 31))
    assert LogEntry.objects.get_for_object(token).get().actor == staff
    assert secret not in client.get("/accounts/api-tokens/").content.decode()
    twice = client.post("/accounts/api-tokens/", {"name": "Hồ sơ điện tử"}).content.decode()
    assert "bạn đã có một khóa chưa thu hồi mang tên «Hồ sơ điện tử»" in twice
    outsider = Client()
    outsider.force_login(other)
    assert outsider.post("/accounts/api-tokens/{}/revoke/".format(token.pk)).status_code == 404
    assert client.post("/accounts/api-tokens/{}/revoke/".format(token.pk)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Đã thu hồi" in client.get("/accounts/api-tokens/").content.decode()


def test_the_command_prints_a_token_once(personas):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "canbo", "--name", "Đồng bộ", "--read-only",
                 "--expires", "31/12/2099", stdout=out, stderr=err)  # fmt: skip
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(name="Đồng bộ")
    assert token.read_only and token.expires_on == date(2099, 12, 31)
    assert "chép ngay" in err.getvalue() and secret not in err.getvalue()
    assert api_get("people", secret).status_code == 200
    refusals = (
        (["khongco", "--name", "X"], "Không có tài khoản «khongco»."),
        (["canbo", "--name", "Y", "--expires", "01/01/2020"], "đã qua"),
        (["canbo", "--name", "Z", "--expires", "hôm qua"], "không phải một ngày"),
    )
    for args, message in refusals:
        with pytest.raises(CommandError, match=message):
            call_command(*["create_api_token", *args], stdout=out, stderr=err)


def test_the_documentation_is_served_from_the_installation(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert '"validatorUrl": null' in html  # no badge fetched from swagger.io
    assert '<html lang="vi">' in html and "<title>Tài liệu API – thidua" in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "thidua – API thi đua, khen thưởng"
    assert schema["info"]["version"] == "1"


def test_the_committed_schema_is_the_code_s():
    """Regenerate with `python manage.py api_schema` and commit docs/api/openapi-v1.json."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "docs/api/openapi-v1.json khác lược đồ của mã: chạy «python manage.py api_schema»."
    )
