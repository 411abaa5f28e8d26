"""The legal parameters screen ("Tham số pháp lý") and what each role sees of the parameters on
"Xét điều kiện", persona by persona."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.integration.test_evaluation import grade, history  # noqa: F401  (fixture)
from thidua.core.actions import ActionRefused
from thidua.organization.actions import do_restore_rule_parameter, do_set_rule_parameter
from thidua.organization.models import Organization
from thidua.rules import TITLE_NAMES, Ballot

pytestmark = pytest.mark.django_db

LIST = reverse("organization:rule_parameters")
LEAKS = ("[R]", "[V]", "law.md", "frozenset(", "GvtScale(", "Ballot(", "QuotaRule(", "0,666",
         "0.666", "2023/nd152", "2023/nd98")  # fmt: skip
# Python's own words, checked on this screen's pages (the eligibility area's other blocks, such as
# the quotas, belong to other screens' tests).
PYTHON_WORDS = ("None", "True", "False")


def edit_url(name, regime="2017"):
    return reverse("organization:rule_parameter_edit", args=[regime, name])


def restore_url(name, regime="2017"):
    return reverse("organization:rule_parameter_restore", args=[regime, name])


def assert_clean(body: str, *, screen: bool = True) -> None:
    for leak in LEAKS + (PYTHON_WORDS if screen else ()):
        assert leak not in body, leak


def overview(client, year=2022):
    response = client.get(reverse("evaluation:eligibility"), {"year": year, "part": "summary"})
    assert response.status_code == 200
    return response


def person_cell(response, person, title):
    row = next(r for r in response.context["people"] if r["person"].pk == person.pk)
    return next(verdict for code, verdict, _ in row["cells"] if code == title)


def unit_cell(response, name, title):
    row = next(r for r in response.context["units"] if r["name"] == name)
    return next(verdict for code, verdict, _ in row["cells"] if code == title)


# The screen, by role -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "admin"])
def test_the_secretary_and_the_administrator_see_and_may_edit(client, personas, role):
    client.force_login(personas[role])
    response = client.get(LIST, {"regime": "2017"})
    assert response.status_code == 200 and response.context["can_change"] is True
    body = response.content.decode()
    assert body.count("<h1") == 1 and "Tham số pháp lý" in body
    assert "Chế độ Luật Thi đua, khen thưởng 2003 – Nghị định 91/2017/NĐ-CP" in body
    assert "Số thành viên có mặt để Hội đồng họp" in body and "2/3 (66,7%)" in body
    assert "Nghị định 91/2017/NĐ-CP, Điều 10, khoản 5" in body  # new_hire_months' source
    assert "cần xác nhận" in body and "đã xác nhận" in body
    assert edit_url("new_hire_months") in body
    assert 'class="table-responsive' in body
    assert_clean(body)
    assert client.get(edit_url("new_hire_months")).status_code == 200


def test_the_2022_law_regime_reads_both_decrees(client, personas):
    client.force_login(personas["secretary"])
    body = client.get(LIST, {"regime": "2023"}).content.decode()
    assert "Chế độ Luật Thi đua, khen thưởng 2022" in body
    # A source that differs between the decrees names each period, never the rule set's name.
    assert "Năm 2024 (Nghị định 98/2023/NĐ-CP)" in body
    assert "Nghị định 152/2025/NĐ-CP, Điều 4, khoản 4" in body
    assert_clean(body)


@pytest.mark.parametrize("role", ["principal", "council_member", "leader"])
def test_organisation_wide_readers_see_the_parameters_read_only(client, personas, role):
    client.force_login(personas[role])
    response = client.get(LIST)
    assert response.status_code == 200 and response.context["can_change"] is False
    body = response.content.decode()
    assert "/parameters/2017/" not in body and "/parameters/2023/" not in body
    assert client.get(edit_url("new_hire_months")).status_code == 403
    assert client.post(edit_url("new_hire_months"), {"value": "6"}).status_code == 403


@pytest.mark.parametrize("role", ["staff", "unit_head"])
def test_staff_and_unit_heads_get_no_parameters_screen(client, personas, org, role):
    client.force_login(personas[role])
    assert client.get(LIST).status_code == 403
    assert client.get(edit_url("new_hire_months")).status_code == 403
    assert client.post(edit_url("new_hire_months"), {"value": "6"}).status_code == 403
    assert client.post(restore_url("new_hire_months")).status_code == 403
    ballots = reverse("organization:rule_ballot_edit", args=["2017"])
    assert client.post(ballots, {"title": "LDTT", "threshold": "50"}).status_code == 403
    org.refresh_from_db()
    assert org.rule_overrides == {}
    assert "Tham số pháp lý" not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_edits_only_their_own_organisation(client, personas, org):
    outsider = personas["outsider"]
    client.force_login(outsider)
    response = client.post(edit_url("new_hire_months"), {"value": "11"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.rule_overrides == {}
    elsewhere = Organization.objects.get(pk=outsider.organization_id)
    assert elsewhere.rule_overrides == {"2017": {"new_hire_months": 11}}
    with pytest.raises(PermissionDenied):
        do_set_rule_parameter(org, "2017", "new_hire_months", 11, acting_user=outsider)


def test_the_navigation_links_the_screen_for_those_who_may_read_it(client, personas):
    client.force_login(personas["secretary"])
    assert LIST in client.get("/").content.decode()


def test_unknown_regime_or_parameter_is_not_found(client, personas):
    client.force_login(personas["secretary"])
    assert client.get(LIST, {"regime": "1999"}).status_code == 404
    assert client.get(edit_url("khong_co")).status_code == 404
    assert client.get(edit_url("quotas")).status_code == 404  # shown read-only
    assert client.get(edit_url("name")).status_code == 404


# Editing --------------------------------------------------------------------------------------


def test_typed_forms_by_kind(client, personas):
    client.force_login(personas["secretary"])
    body = client.get(edit_url("ttldtt_ldtt_share")).content.decode()
    assert 'value="50"' in body and "(%)" in body
    body = client.get(edit_url("registration_titles")).content.decode()
    assert body.count('type="checkbox"') == 9 and "<legend" in body
    assert "Lao động tiên tiến" in body and "checked" in body
    body = client.get(edit_url("ldtt_min_grade")).content.decode()
    assert "<select" in body and "Hoàn thành tốt nhiệm vụ" in body
    body = client.get(edit_url("registration_required")).content.decode()
    assert body.count('type="radio"') == 2
    body = client.get(edit_url("max_absence_days")).content.decode()
    assert 'type="number"' in body and "Để trống nếu không áp dụng" in body
    body = client.get(edit_url("collective_discipline_from", "2023")).content.decode()
    assert "Không áp dụng" in body
    for name in ("ttldtt_ldtt_share", "registration_titles", "ldtt_min_grade"):
        assert_clean(client.get(edit_url(name)).content.decode())


def test_secretary_changes_a_percentage_and_a_title_list_and_the_verdicts_follow(
    client, personas, org, people, history  # noqa: F811
):
    head = people["head"]
    grade(org, 2022, "HTT", person=head)
    client.force_login(personas["secretary"])
    before = overview(client)
    # Luật TĐKT 2003 Điều 10: no registration, no LĐTT; the unit has not registered either.
    assert person_cell(before, head, "LDTT") == "ineligible"
    assert unit_cell(before, "Khoa Xây dựng Đảng", "TTLDTT") == "ineligible"

    response = client.post(edit_url("registration_titles"), {
        "value": ["CSTD_CS", "TTLDXS"], "reason": "Quy chế thi đua của Trường, Điều 4"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.rule_overrides == {"2017": {"registration_titles": ["CSTD_CS", "TTLDXS"]}}
    after = overview(client)
    assert person_cell(after, head, "LDTT") == "eligible"
    # Two of three members reach LĐTT (the third's grade is not verified): 67% > 50%.
    assert unit_cell(after, "Khoa Xây dựng Đảng", "TTLDTT") == "eligible"

    response = client.post(edit_url("ttldtt_ldtt_share"), {"value": "70"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.rule_overrides["2017"]["ttldtt_ldtt_share"] == pytest.approx(0.7)
    # 2 of 3 is under 70%; the unverified third could still carry it: the council reviews.
    assert unit_cell(overview(client), "Khoa Xây dựng Đảng", "TTLDTT") == "review"
    page = client.get(LIST, {"regime": "2017"}).content.decode()
    assert "Quy định của cơ quan" in page and "70%" in page
    assert_clean(page)

    # Restoring the law's value brings the law's verdict back.
    response = client.post(restore_url("ttldtt_ldtt_share"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert "ttldtt_ldtt_share" not in org.rule_overrides["2017"]
    assert unit_cell(overview(client), "Khoa Xây dựng Đảng", "TTLDTT") == "eligible"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ttldtt_ldtt_share", "150", "«Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐTT (%)»:"
                                     " tỷ lệ phải từ 1% đến 100%."),
        ("ttldtt_ldtt_share", "nhiều", "«Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐTT"
                                       " (%)»: nhập một tỷ lệ phần trăm"),
        ("new_hire_months", "13", "«Thời gian công tác tối thiểu của người mới tuyển dụng»:"
                                  " giá trị không quá 12."),
        ("new_hire_months", "", "«Thời gian công tác tối thiểu của người mới tuyển dụng»:"
                                " cần nhập giá trị."),
        ("ldtt_min_grade", "XUAT_SAC", "«Xếp loại tối thiểu để đạt Lao động tiên tiến»:"
                                       " lựa chọn không hợp lệ."),
        ("registration_titles", "GIAY_KHEN", "«Danh hiệu phải đăng ký trước»:"
                                             " lựa chọn không hợp lệ."),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_in_vietnamese_naming_the_field(
    client, personas, org, name, value, message
):
    org.rule_overrides = {"2017": {"max_absence_days": 40}}
    org.save()
    client.force_login(personas["secretary"])
    entries = LogEntry.objects.count()
    response = client.post(edit_url(name), {"value": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    org.refresh_from_db()
    assert org.rule_overrides == {"2017": {"max_absence_days": 40}}
    assert LogEntry.objects.count() == entries


def test_the_action_refuses_what_the_rules_refuse(personas, org):
    secretary = personas["secretary"]
    with pytest.raises(ActionRefused, match="«Số ngày nghỉ loại trừ danh hiệu»"):
        do_set_rule_parameter(org, "2017", "max_absence_days", 0, acting_user=secretary)
    with pytest.raises(ActionRefused, match="«Xếp loại tối thiểu để đạt Lao động tiên tiến»"):
        do_set_rule_parameter(org, "2017", "ldtt_min_grade", "gioi", acting_user=secretary)
    with pytest.raises(ActionRefused, match="«Đăng ký thi đua là căn cứ xét»"):
        do_set_rule_parameter(org, "2017", "registration_required", "có", acting_user=secretary)
    with pytest.raises(ActionRefused, match="không tồn tại"):
        do_set_rule_parameter(org, "2017", "khong_co", 1, acting_user=secretary)
    with pytest.raises(ActionRefused, match="không tồn tại"):
        do_set_rule_parameter(org, "1999", "new_hire_months", 6, acting_user=secretary)
    org.refresh_from_db()
    assert org.rule_overrides == {}


def test_an_edit_is_audited_with_its_author(client, personas, org):
    client.force_login(personas["secretary"])
    client.post(edit_url("council_quorum"), {"value": "75", "reason": "Quy chế Hội đồng, Điều 6"})
    org.refresh_from_db()
    assert org.rule_overrides == {"2017": {"council_quorum": 0.75}}
    entry = LogEntry.objects.get_for_object(org).latest("timestamp")
    assert entry.actor == personas["secretary"]
    assert "rule_overrides" in entry.changes_dict
    client.post(restore_url("council_quorum"))
    org.refresh_from_db()
    assert org.rule_overrides == {}
    assert LogEntry.objects.get_for_object(org).latest("timestamp").pk != entry.pk


def test_yes_no_and_optional_values(client, personas, org):
    client.force_login(personas["secretary"])
    basis = {"reason": "Quy chế thi đua, khen thưởng của Trường"}
    client.post(edit_url("pending_discipline_blocks"), {"value": "1", **basis})
    client.post(edit_url("max_absence_days"), {"value": "40", **basis})
    client.post(edit_url("collective_discipline_from", "2023"), {"value": "canh_cao", **basis})
    client.post(edit_url("short_study_min_result"), {"value": "", **basis})
    org.refresh_from_db()
    assert org.rule_overrides == {
        "2017": {
            "pending_discipline_blocks": True,
            "max_absence_days": 40,
            "short_study_min_result": None,
        },
        "2023": {"collective_discipline_from": "canh_cao"},
    }
    page = client.get(LIST, {"regime": "2017"}).content.decode()
    assert "40 ngày" in page
    assert_clean(page)


def test_ballot_thresholds_per_title(client, personas, org):
    client.force_login(personas["secretary"])
    url = reverse("organization:rule_ballot_edit", args=["2023"])
    body = client.get(url).content.decode()
    assert TITLE_NAMES["CSTD_TINH"] + ": từ 90% tổng số thành viên Hội đồng" in body
    assert_clean(body)
    response = client.post(url, {"title": "LDTT", "threshold": "75", "denominator": "present",
                                 "secret": "1", "reason": "Quy chế Hội đồng, Điều 7"})  # fmt: skip
    assert response.status_code == 302
    org.refresh_from_db()
    stored = {"threshold": 0.75, "denominator": "present", "secret": True, "council": "co_so"}
    assert org.rule_overrides == {"2023": {"ballots": {"LDTT": stored}}}
    from thidua.rules import rule_set_for

    merged = rule_set_for(2025).with_overrides(org.overrides_for(2025))
    assert merged.ballots["LDTT"] == Ballot(0.75, "present", True, "co_so")
    assert merged.ballots["CSTD_TINH"] == rule_set_for(2025).ballots["CSTD_TINH"]
    body = client.get(url).content.decode()
    assert "Lao động tiên tiến: từ 75% số thành viên Hội đồng có mặt" in body
    response = client.post(url, {"title": "LDTT", "threshold": "0", "denominator": "present",
                                 "secret": "1"})  # fmt: skip
    assert "«Tỷ lệ phiếu đồng ý cần đạt (%)»: tỷ lệ phải từ 1% đến 100%." in (
        response.content.decode()
    )
    client.post(restore_url("ballots", "2023"), {"title": "LDTT"})
    org.refresh_from_db()
    assert org.rule_overrides == {}


def test_restore_by_secretary_leaves_other_parameters(personas, org):
    secretary = personas["secretary"]
    do_set_rule_parameter(org, "2017", "new_hire_months", 11, acting_user=secretary)
    do_set_rule_parameter(org, "2017", "max_absence_days", 30, acting_user=secretary,
                          reason="Quy chế thi đua của Trường")  # fmt: skip
    do_restore_rule_parameter(org, "2017", "new_hire_months", acting_user=secretary)
    assert Organization.objects.get(pk=org.pk).rule_overrides == {"2017": {"max_absence_days": 30}}


# "Xét điều kiện": what each role sees of the parameters ---------------------------------------


def test_staff_and_unit_heads_see_one_line_and_no_parameter(client, personas, people, history):  # noqa: F811
    for role in ("staff", "unit_head"):
        client.force_login(personas[role])
        body = overview(client).content.decode()
        assert "Một số quy định áp dụng cho năm 2022 đang chờ xác nhận" in body
        assert "tham số" not in body.lower()
        assert LIST not in body
        assert "Nghị định 91/2017/NĐ-CP" in body  # the instruments, not a rule set's name
        assert "bộ quy tắc" not in body
        assert_clean(body, screen=False)
        person = client.get(
            reverse("evaluation:person_eligibility", args=[people["staff"].pk]), {"year": 2022}
        ).content.decode()
        assert "bộ quy tắc" not in person
        assert_clean(person, screen=False)


@pytest.mark.parametrize("role", ["secretary", "admin", "principal"])
def test_organisation_wide_roles_see_the_count_and_a_link(client, personas, history, role):  # noqa: F811
    client.force_login(personas[role])
    body = overview(client).content.decode()
    assert "tham số pháp lý áp dụng cho năm 2022 còn cần xác nhận" in body
    assert LIST + "?regime=2017" in body
    assert_clean(body, screen=False)
    body = overview(client, 2025).content.decode()
    assert LIST + "?regime=2023" in body
    assert_clean(body, screen=False)


def test_no_page_of_the_screen_or_the_eligibility_area_shows_a_developer_value(
    client, personas, people, history  # noqa: F811
):
    from thidua.rules.parameters import DESCRIPTIONS

    client.force_login(personas["secretary"])
    pages = [LIST + "?regime=2017", LIST + "?regime=2023"]
    for regime in ("2017", "2023"):
        pages.append(reverse("organization:rule_ballot_edit", args=[regime]))
        pages.extend(edit_url(name, regime) for name, d in DESCRIPTIONS.items() if d.editable)
    for year in (2022, 2024, 2025):
        pages.append("{}?year={}".format(reverse("evaluation:eligibility"), year))
        pages.append("{}?year={}".format(
            reverse("evaluation:person_eligibility", args=[people["staff"].pk]), year))  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode(), screen=url.startswith("/parameters/"))
    fragment = client.get(
        reverse("evaluation:person_eligibility", args=[people["staff"].pk]), HTTP_HX_REQUEST="true"
    )
    assert_clean(fragment.content.decode(), screen=False)


def test_conduct_from_grade_can_be_set(personas, org):
    # A yes/no parameter whose name ends in "_grade" is not checked as a grade.
    do_set_rule_parameter(
        org, "2017", "conduct_from_grade", False, acting_user=personas["secretary"],
        reason="Quy chế của Trường",
    )
    assert Organization.objects.get(pk=org.pk).rule_overrides == {
        "2017": {"conduct_from_grade": False}
    }


# An organisation may tighten the law, never relax it ----------------------------------------

BELOW_LAW = ("Quy định của cơ quan chỉ được bổ sung yêu cầu, không được hạ thấp yêu cầu của pháp"
             " luật.")


@pytest.mark.parametrize(
    ("regime", "name", "post", "value", "law"),
    [
        # Luật TĐKT 2022 Điều 24 khoản 1: LĐTT needs "Hoàn thành tốt nhiệm vụ" or above.
        ("2023", "ldtt_min_grade", "HTNV", "HTNV",
         "«Xếp loại tối thiểu để đạt Lao động tiên tiến» không được thấp hơn quy định: Hoàn thành"
         " tốt nhiệm vụ (Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 24, khoản 1)"),
        # Luật 2003 Điều 24 asks the same.
        ("2017", "ldtt_min_grade", "HTNV", "HTNV",
         "«Xếp loại tối thiểu để đạt Lao động tiên tiến» không được thấp hơn quy định: Hoàn thành"
         " tốt nhiệm vụ (Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013), Điều 24)"),
        # NĐ 91/2017 Điều 10 khoản 5: no LĐTT for a recruit of less than 10 months.
        ("2017", "new_hire_months", "1", 1,
         "«Thời gian công tác tối thiểu của người mới tuyển dụng» không được thấp hơn quy định:"
         " 10 tháng (Nghị định 91/2017/NĐ-CP, Điều 10, khoản 5)"),
        # Luật 2003 Điều 10: registration is a basis of the emulation titles.
        ("2017", "registration_required", "0", False,
         "«Đăng ký thi đua là căn cứ xét» không được thấp hơn quy định: Có (Luật Thi đua, khen"
         " thưởng 2003 (sửa đổi, bổ sung 2013), Điều 10"),
    ],
)  # fmt: skip
def test_a_value_below_the_law_is_refused_naming_the_law_and_nothing_is_stored(
    client, personas, org, regime, name, post, value, law
):
    org.rule_overrides = {"2017": {"max_absence_days": 40}}
    org.save()
    entries = LogEntry.objects.count()
    secretary = personas["secretary"]
    # A basis does not make it lawful.
    with pytest.raises(ActionRefused) as refused:
        do_set_rule_parameter(org, regime, name, value, acting_user=secretary,
                              reason="Quy chế thi đua của Trường")  # fmt: skip
    assert law in str(refused.value) and BELOW_LAW in str(refused.value)
    client.force_login(secretary)
    response = client.post(edit_url(name, regime), {"value": post, "reason": "Quy chế"})
    assert response.status_code == 200
    body = response.content.decode()
    assert law in body
    # The refusal is announced and tied to the field it concerns.
    assert 'id="id_value_error"' in body and 'role="alert"' in body
    org.refresh_from_db()
    assert org.rule_overrides == {"2017": {"max_absence_days": 40}}
    assert LogEntry.objects.count() == entries


def test_a_school_ballot_below_the_decree_is_refused(client, personas, org):
    # NĐ 98/2023 Điều 30 khoản 7: CSTĐCS needs at least 80% of all the council's members.
    client.force_login(personas["secretary"])
    url = reverse("organization:rule_ballot_edit", args=["2023"])
    body = client.get(url).content.decode()
    assert "Chiến sĩ thi đua cơ sở: từ 80% tổng số thành viên Hội đồng" in body
    entries = LogEntry.objects.count()
    for threshold, denominator in (("50", "present"), ("80", "present"), ("70", "total_members")):
        response = client.post(url, {"title": "CSTD_CS", "threshold": threshold,
                                     "denominator": denominator, "secret": "1",
                                     "reason": "Quy chế Hội đồng"})  # fmt: skip
        assert response.status_code == 200
        body = response.content.decode()
        assert ("«Tỷ lệ phiếu đồng ý – Chiến sĩ thi đua cơ sở» không được thấp hơn quy định: từ"
                " 80% tổng số thành viên Hội đồng đồng ý (Nghị định 98/2023/NĐ-CP, Điều 30,"
                " khoản 7)") in body
        assert 'aria-describedby="id_threshold_helptext id_threshold_error"' in body
    org.refresh_from_db()
    assert org.rule_overrides == {}
    assert LogEntry.objects.count() == entries
    # A stricter ballot is the organisation's to add, with its basis.
    response = client.post(url, {"title": "CSTD_CS", "threshold": "90",
                                 "denominator": "total_members", "secret": "1",
                                 "reason": "Quy chế Hội đồng, Điều 7"})  # fmt: skip
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.rule_overrides["2023"]["ballots"]["CSTD_CS"]["threshold"] == pytest.approx(0.9)
    entry = LogEntry.objects.get_for_object(org).latest("timestamp")
    assert entry.additional_data["reason"] == "Quy chế Hội đồng, Điều 7"


@pytest.mark.parametrize(
    ("regime", "name", "post", "stored"),
    [
        ("2023", "ldtt_min_grade", "HTXS", "HTXS"),
        ("2017", "new_hire_months", "12", 12),
        ("2023", "new_hire_months", "8", 8),
        ("2023", "registration_required", "1", True),
        ("2017", "ttldtt_ldtt_share", "60", 0.6),
    ],
)
def test_a_stricter_value_is_accepted(client, personas, org, regime, name, post, stored):
    client.force_login(personas["secretary"])
    data = {"value": post}
    from thidua.rules.parameters import needs_reason

    if needs_reason(regime, name):  # settled for 2024, still to confirm for 2025
        data["reason"] = "Quy chế thi đua của Trường"
    response = client.post(edit_url(name, regime), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    org.refresh_from_db()
    assert org.rule_overrides[regime][name] == pytest.approx(stored)
    entry = LogEntry.objects.get_for_object(org).latest("timestamp")
    assert entry.actor == personas["secretary"]
    assert entry.additional_data["parameter"] == name


def test_a_free_parameter_needs_the_organisations_basis_which_goes_into_the_audit(
    client, personas, org
):
    # The council's quorum is its own regulation's (no general rule): free within its bounds.
    client.force_login(personas["secretary"])
    page = client.get(edit_url("council_quorum")).content.decode()
    assert "Căn cứ của cơ quan" in page and "pháp luật chưa quy định chắc chắn" in page.lower()
    entries = LogEntry.objects.count()
    response = client.post(edit_url("council_quorum"), {"value": "50", "reason": "  "})
    assert response.status_code == 200
    body = response.content.decode()
    assert "cần nêu căn cứ (quy chế, quyết định của cơ quan)" in body
    assert 'id="id_reason_error"' in body and 'aria-invalid="true"' in body
    org.refresh_from_db()
    assert org.rule_overrides == {} and LogEntry.objects.count() == entries
    with pytest.raises(ActionRefused, match="cần nêu căn cứ"):
        do_set_rule_parameter(org, "2017", "council_quorum", 0.5,
                              acting_user=personas["secretary"])  # fmt: skip

    reason = "Quy chế hoạt động của Hội đồng TĐKT ban hành kèm Quyết định 12/QĐ-TCT, Điều 6"
    response = client.post(edit_url("council_quorum"), {"value": "50", "reason": reason})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.rule_overrides == {"2017": {"council_quorum": 0.5}}
    entry = LogEntry.objects.get_for_object(org).latest("timestamp")
    assert entry.actor == personas["secretary"]
    assert entry.additional_data == {
        "parameter": "council_quorum", "regime": "2017", "value": 0.5, "reason": reason,
    }
    # Restoring the law's value is audited as such.
    client.post(restore_url("council_quorum"))
    entry = LogEntry.objects.get_for_object(org).latest("timestamp")
    assert entry.additional_data == {"parameter": "council_quorum", "regime": "2017",
                                     "restored": True}  # fmt: skip


def test_the_edit_page_says_how_far_the_organisation_may_go(client, personas):
    client.force_login(personas["secretary"])
    body = client.get(edit_url("ldtt_min_grade", "2023")).content.decode()
    assert ("Quy định của cơ quan chỉ được chặt hơn quy định của pháp luật: không thấp hơn"
            " Hoàn thành tốt nhiệm vụ (Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 24,"
            " khoản 1).") in body
    assert "Căn cứ của cơ quan (không bắt buộc)" in body
    assert_clean(body)


def test_a_stored_value_below_the_law_is_pointed_out(client, personas, org):
    # Stored before the law's floor was checked (or through the admin's raw JSON).
    org.rule_overrides = {"2023": {"ldtt_min_grade": "HTNV", "ballots": {
        "CSTD_CS": {"threshold": 0.5, "denominator": "present", "secret": False,
                    "council": "co_so"}}}}  # fmt: skip
    org.save()
    client.force_login(personas["secretary"])
    response = client.get(LIST, {"regime": "2023"})
    rows = {r["name"]: r for g in response.context["groups"] for r in g[2]}
    assert "Hoàn thành tốt nhiệm vụ (Luật Thi đua, khen thưởng số 06/2022/QH15" in (
        rows["ldtt_min_grade"]["below_law"])
    assert "từ 80% tổng số thành viên" in rows["ballots"]["below_law"]
    assert rows["new_hire_months"]["below_law"] == ""
    body = response.content.decode()
    assert body.count("Thấp hơn quy định của pháp luật:") == 2
    assert_clean(body)
