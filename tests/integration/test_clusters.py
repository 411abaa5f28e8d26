"""The emulation cluster (cụm thi đua, issue 17 item 3): every action by role, the bad input
refused whole with a Vietnamese message, the ranking with its tie-break, and the vote's result
read by the engine as the cluster-leader fact (Luật TĐKT 2022 Điều 26.1)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from tests.conftest import make_user
from thidua import rules
from thidua.accounts.models import Role
from thidua.clusters.actions import (
    do_add_criterion,
    do_add_group,
    do_add_member,
    do_cast_vote,
    do_change_criterion,
    do_check_scores,
    do_close_review,
    do_create_cluster,
    do_delete_criterion,
    do_remove_member,
    do_self_score,
    do_sign_covenant,
)
from thidua.clusters.models import Cluster, ClusterMember, MemberRole, Score, TieBreak, Vote
from thidua.clusters.results import leader_years, standings
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.evaluation.facts import assemble_facts, organization_unit_id
from thidua.organization.models import Organization

pytestmark = pytest.mark.django_db
YEAR = 2022


@pytest.fixture(autouse=True)
def late_in_the_year():
    with time_machine.travel(date(2023, 1, 20), tick=False):
        yield


@pytest.fixture
def setup(org, personas):
    """A cluster of four: the school, the leader (the outsider's school), two schools by name."""
    leader_org = personas["outsider"].organization
    cluster = do_create_cluster(
        name="Cụm thi đua số 5", year=YEAR, level="hv", acting_user=personas["outsider"],
        members=[
            {"organization": org, "name": ""},
            {"organization": leader_org, "name": "", "role": MemberRole.LEADER},
            {"name": "Trường Chính trị tỉnh Quảng Bình", "role": MemberRole.DEPUTY},
            {"name": "Trường Chính trị tỉnh Quảng Trị"},
        ],
    )  # fmt: skip
    leader = personas["outsider"]
    do_sign_covenant(cluster, targets=["Hoàn thành xuất sắc nhiệm vụ đào tạo"], place="Nghệ An",
                     signed_on=date(2022, 3, 1), acting_user=leader)  # fmt: skip
    teach = do_add_group(cluster, name="Đào tạo, bồi dưỡng", acting_user=leader)
    research = do_add_group(cluster, name="Nghiên cứu khoa học", acting_user=leader)
    criteria = {
        "classes": do_add_criterion(teach, text="Số lớp mở theo kế hoạch", max_points=30,
                                    evidence_required=True, acting_user=leader),
        "papers": do_add_criterion(research, text="Đề tài, bài báo", max_points=20,
                                   acting_user=leader),
        "bonus": do_add_criterion(research, text="Giải thưởng", max_points=5, kind="bonus",
                                  evidence_required=True, acting_user=leader),
        "penalty": do_add_criterion(research, text="Vi phạm kỷ luật", max_points=10,
                                    kind="penalty", acting_user=leader),
    }  # fmt: skip
    members = {m.name: m for m in cluster.members.all()}
    return cluster, criteria, members


def sheet(criteria, classes=28, papers=18, bonus=0, penalty=0, evidence="QĐ mở lớp số 12"):
    return {
        criteria["classes"].pk: (classes, evidence),
        criteria["papers"].pk: (papers, ""),
        criteria["bonus"].pk: (bonus, "Giải B" if bonus else ""),
        criteria["penalty"].pk: (penalty, ""),
    }


def school(setup, org):
    return next(m for m in setup[2].values() if m.organization_id == org.pk)


# Creating and configuring --------------------------------------------------------------------


def test_a_cluster_has_exactly_one_leader(org, personas):
    with pytest.raises(ActionRefused, match="đúng một cụm trưởng"):
        do_create_cluster(name="Cụm X", year=YEAR, level="hv", acting_user=personas["secretary"],
                          members=[{"organization": org, "name": ""}])  # fmt: skip
    assert not Cluster.objects.exists()


@pytest.mark.parametrize("role", ["staff", "unit_head", "council_member", "principal", "leader"])
def test_only_a_secretary_or_the_administrator_creates_a_cluster(org, personas, role):
    with pytest.raises(NotAllowed):
        do_create_cluster(name="Cụm X", year=YEAR, level="hv", acting_user=personas[role],
                          members=[{"organization": org, "role": "leader"}])  # fmt: skip
    assert not Cluster.objects.exists()


@pytest.mark.parametrize("role", ["secretary", "staff", "principal", "admin"])
def test_only_the_leaders_secretary_keeps_the_table(setup, personas, role):
    cluster = setup[0]
    if role == "admin":  # the administrator may (the leader entered by name has no one else)
        do_add_group(cluster, name="Khác", acting_user=personas[role])
        return
    with pytest.raises(NotAllowed, match="cụm trưởng"):
        do_add_group(cluster, name="Khác", acting_user=personas[role])
    with pytest.raises(NotAllowed):
        do_sign_covenant(cluster, targets=["x"], acting_user=personas[role])
    assert cluster.groups.count() == 2


def test_the_table_is_frozen_once_a_member_has_scored(setup, org, personas):
    cluster, criteria, _ = setup
    do_self_score(school(setup, org), scores=sheet(criteria), scored_on=date(2022, 12, 1),
                  acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="không sửa bảng chấm điểm"):
        do_add_group(cluster, name="Khác", acting_user=personas["outsider"])


# Self-score -----------------------------------------------------------------------------------


def test_the_schools_secretary_self_scores_with_evidence(setup, org, personas):
    cluster, criteria, _ = setup
    member = do_self_score(school(setup, org), scores=sheet(criteria, bonus=3),
                           scored_on=date(2022, 12, 1),
                           acting_user=personas["secretary"])  # fmt: skip
    assert member.self_scored_on == date(2022, 12, 1)
    assert member.scores.get(criterion=criteria["classes"]).evidence == "QĐ mở lớp số 12"
    [row] = [s for s in standings(cluster) if s.member.pk == member.pk]
    assert row.total == Decimal("49") and row.rank == 1


@pytest.mark.parametrize("role", ["staff", "unit_head", "council_member", "principal", "leader",
                                  "outsider"])  # fmt: skip
def test_no_one_else_self_scores_for_the_school(setup, org, personas, role):
    with pytest.raises(NotAllowed, match="chính đơn vị"):
        do_self_score(school(setup, org), scores=sheet(setup[1]), scored_on=date(2022, 12, 1),
                      acting_user=personas[role])  # fmt: skip
    assert not Score.objects.exists()


def test_the_leader_enters_the_self_score_of_a_school_entered_by_name(setup, personas):
    _, criteria, members = setup
    by_name = members["Trường Chính trị tỉnh Quảng Trị"]
    do_self_score(by_name, scores=sheet(criteria), scored_on=date(2022, 12, 2),
                  acting_user=personas["outsider"])  # fmt: skip
    with pytest.raises(NotAllowed):
        do_self_score(by_name, scores=sheet(criteria), acting_user=personas["secretary"])


@pytest.mark.parametrize("bad, message", [
    ({"classes": 31}, "vượt điểm tối đa 30"),
    ({"classes": -1}, "không được âm"),
    ({"classes": "nhiều"}, "không phải là số"),
    ({"evidence": ""}, "phải có minh chứng"),
    ({"bonus": 2, "evidence_bonus": ""}, "phải có minh chứng"),
])  # fmt: skip
def test_a_bad_self_score_is_refused_whole(setup, org, personas, bad, message):
    cluster, criteria, _ = setup
    scores = sheet(criteria, **{k: v for k, v in bad.items() if k in ("classes", "bonus",
                                                                       "evidence")})  # fmt: skip
    if "evidence_bonus" in bad:
        scores[criteria["bonus"].pk] = (bad["bonus"], "")
    member = school(setup, org)
    with pytest.raises(ActionRefused, match=message):
        do_self_score(member, scores=scores, scored_on=date(2022, 12, 1),
                      acting_user=personas["secretary"])  # fmt: skip
    member.refresh_from_db()
    assert member.self_scored_on is None and not member.scores.exists()


def test_a_self_score_missing_a_criterion_is_refused(setup, org, personas):
    _, criteria, _ = setup
    scores = sheet(criteria)
    del scores[criteria["papers"].pk]
    with pytest.raises(ActionRefused, match="chưa được chấm"):
        do_self_score(school(setup, org), scores=scores, acting_user=personas["secretary"])


@pytest.mark.parametrize("day, message", [
    (date(2023, 2, 1), "chưa đến"),
    (date(2022, 2, 1), "trước ngày ký giao ước"),
    (date(2020, 5, 1), "không thuộc năm thi đua"),
])  # fmt: skip
def test_a_self_score_dated_out_of_order_is_refused(setup, org, personas, day, message):
    with pytest.raises(ActionRefused, match=message):
        do_self_score(school(setup, org), scores=sheet(setup[1]), scored_on=day,
                      acting_user=personas["secretary"])  # fmt: skip


# The leader's check --------------------------------------------------------------------------


def scored(setup, org, personas):
    _, criteria, members = setup
    do_self_score(school(setup, org), scores=sheet(criteria), scored_on=date(2022, 12, 1),
                  acting_user=personas["secretary"])  # fmt: skip
    for name, classes in (("Trường Chính trị tỉnh Quảng Bình", 25),
                          ("Trường Chính trị tỉnh Quảng Trị", 20)):  # fmt: skip
        do_self_score(members[name], scores=sheet(criteria, classes=classes),
                      scored_on=date(2022, 12, 2), acting_user=personas["outsider"])  # fmt: skip
    leader_member = next(m for m in members.values() if m.role == MemberRole.LEADER)
    do_self_score(leader_member, scores=sheet(criteria, classes=27), scored_on=date(2022, 12, 2),
                  acting_user=personas["outsider"])  # fmt: skip
    return members


def test_the_leader_checks_with_a_reason_for_every_change(setup, org, personas):
    cluster, criteria, _ = setup
    scored(setup, org, personas)
    member = school(setup, org)
    with pytest.raises(ActionRefused, match="phải ghi lý do"):
        do_check_scores(member, checks={criteria["classes"].pk: (26, "")},
                        checked_on=date(2022, 12, 10),
                        acting_user=personas["outsider"])  # fmt: skip
    member.refresh_from_db()
    assert member.checked_on is None
    assert not member.scores.filter(checked_points__isnull=False).exists()
    do_check_scores(member, checks={criteria["classes"].pk: (26, "Hai lớp mở chậm tiến độ")},
                    checked_on=date(2022, 12, 10), acting_user=personas["outsider"])  # fmt: skip
    score = member.scores.get(criterion=criteria["classes"])
    assert (score.self_points, score.checked_points) == (Decimal("28"), Decimal("26"))
    assert score.reason == "Hai lớp mở chậm tiến độ"
    # Unchanged criteria keep the member's own points, with no reason needed.
    assert member.scores.get(criterion=criteria["papers"]).checked_points == Decimal("18")


@pytest.mark.parametrize("role", ["secretary", "staff", "principal", "council_member"])
def test_only_the_leaders_secretary_checks(setup, org, personas, role):
    scored(setup, org, personas)
    with pytest.raises(NotAllowed, match="cụm trưởng"):
        do_check_scores(school(setup, org), checks={}, acting_user=personas[role])


def test_a_check_above_the_maximum_or_before_the_self_score_is_refused(setup, org, personas):
    _, criteria, members = setup
    with pytest.raises(ActionRefused, match="chưa tự chấm"):
        do_check_scores(school(setup, org), checks={}, acting_user=personas["outsider"])
    scored(setup, org, personas)
    with pytest.raises(ActionRefused, match="vượt điểm tối đa"):
        do_check_scores(school(setup, org), checks={criteria["papers"].pk: (21, "Thêm")},
                        acting_user=personas["outsider"])  # fmt: skip
    with pytest.raises(ActionRefused, match="trước ngày tự chấm"):
        do_check_scores(school(setup, org), checks={}, checked_on=date(2022, 11, 1),
                        acting_user=personas["outsider"])  # fmt: skip


def test_the_ranking_breaks_ties_as_the_table_says(setup, org, personas):
    cluster, criteria, members = setup
    do_self_score(school(setup, org), scores=sheet(criteria, classes=28, papers=10),
                  scored_on=date(2022, 12, 1), acting_user=personas["secretary"])  # fmt: skip
    quang_binh = members["Trường Chính trị tỉnh Quảng Bình"]
    do_self_score(quang_binh, scores=sheet(criteria, classes=20, papers=15, bonus=3),
                  scored_on=date(2022, 12, 1), acting_user=personas["outsider"])  # fmt: skip
    order = [(s.member.name, s.total, s.rank) for s in standings(cluster) if s.scored]
    # 38 each: the first group decides (28 against 20).
    assert order == [(org.name, Decimal("38"), 1), (quang_binh.name, Decimal("38"), 2)]
    Cluster.objects.filter(pk=cluster.pk).update(tie_break=TieBreak.BONUS)
    cluster.refresh_from_db()
    assert [s.member.name for s in standings(cluster) if s.scored] == [quang_binh.name, org.name]


# The vote and the engine ----------------------------------------------------------------------


def checked(setup, org, personas):
    members = scored(setup, org, personas)
    for member in setup[0].members.all():
        do_check_scores(member, checks={}, checked_on=date(2022, 12, 12),
                        acting_user=personas["outsider"])  # fmt: skip
    return members


def flag(org, code="CO_HV"):
    evaluation = rules.evaluate(assemble_facts(org, YEAR), YEAR)
    verdict = evaluation.verdicts(organization_unit_id(org.pk), unit=True)[code]
    [criterion] = [c for c in verdict.criteria if c.code == "cluster_leader"]
    return criterion


def test_a_vote_by_a_non_member_is_refused(setup, org, personas):
    cluster, _, members = setup
    checked(setup, org, personas)
    stranger_school = Organization.objects.create(
        name="Trường Chính trị tỉnh Thanh Hóa", abbreviation="TCTTH", place_name="Thanh Hóa")
    stranger = make_user("thuky_th", stranger_school, Role.SECRETARY)
    chosen = school(setup, org)
    for user in (stranger, personas["staff"], personas["principal"]):
        with pytest.raises(NotAllowed, match="Chỉ thành viên của cụm"):
            do_cast_vote(cluster, chosen=chosen, acting_user=user)
    other = do_create_cluster(
        name="Cụm thi đua số 6", year=YEAR, level="hv", acting_user=stranger,
        members=[{"organization": stranger_school, "name": "", "role": "leader"}])
    with pytest.raises(NotAllowed):  # the voter must be a member of this cluster
        do_cast_vote(cluster, chosen=chosen, voter=other.members.get(), acting_user=stranger)
    assert not Vote.objects.exists()


def test_the_vote_makes_the_school_the_leader_and_the_flag_follows(setup, org, personas):
    cluster, _, members = setup
    assert flag(org).passed is None  # before the vote: the council considers
    assert leader_years([org.pk], YEAR) == {org.pk: None}
    with pytest.raises(ActionRefused, match="Chưa chấm xong"):
        do_cast_vote(cluster, chosen=school(setup, org), acting_user=personas["secretary"])
    checked(setup, org, personas)
    chosen = school(setup, org)
    do_cast_vote(cluster, chosen=chosen, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="đã bỏ phiếu"):
        do_cast_vote(cluster, chosen=chosen, acting_user=personas["secretary"])
    do_cast_vote(cluster, chosen=chosen, acting_user=personas["outsider"])
    with pytest.raises(ActionRefused, match="quá nửa"):  # 2 of 4 is not more than half
        do_close_review(cluster, reviewed_on=date(2022, 12, 20), acting_user=personas["outsider"])
    by_name = members["Trường Chính trị tỉnh Quảng Trị"]
    do_cast_vote(cluster, chosen=chosen, voter=by_name, acting_user=personas["outsider"])
    with pytest.raises(NotAllowed):  # the school does not close the leader's review
        do_close_review(cluster, acting_user=personas["secretary"])
    with pytest.raises(ActionRefused, match="trước ngày chấm điểm"):
        do_close_review(cluster, reviewed_on=date(2022, 12, 11), acting_user=personas["outsider"])
    do_close_review(cluster, reviewed_on=date(2022, 12, 20), acting_user=personas["outsider"])
    cluster.refresh_from_db()
    assert cluster.voted_leader == chosen and cluster.reviewed_on == date(2022, 12, 20)
    assert leader_years([org.pk], YEAR) == {org.pk: {YEAR: frozenset({"hv"})}}
    assert flag(org).passed is True
    # The leader's own school was not voted to lead: its flag fails on this criterion.
    other = personas["outsider"].organization
    assert leader_years([other.pk], YEAR) == {other.pk: {YEAR: frozenset()}}
    with pytest.raises(ActionRefused, match="đã tổng kết"):
        do_cast_vote(cluster, chosen=chosen, voter=members["Trường Chính trị tỉnh Quảng Bình"],
                     acting_user=personas["outsider"])  # fmt: skip


def test_a_provincial_cluster_leader_does_not_make_the_academy_flag(setup, org, personas):
    cluster = setup[0]
    Cluster.objects.filter(pk=cluster.pk).update(level="tinh")
    checked(setup, org, personas)
    chosen = school(setup, org)
    for voter in ClusterMember.objects.filter(cluster=cluster):
        do_cast_vote(cluster, chosen=chosen, voter=voter, acting_user=personas["outsider"])
    do_close_review(cluster, reviewed_on=date(2022, 12, 20), acting_user=personas["outsider"])
    assert flag(org, "CO_HV").passed is False
    assert flag(org, "CO_TINH").passed is True


def test_actions_write_audit_entries_with_the_actor(setup, org, personas):
    from auditlog.models import LogEntry

    member = school(setup, org)
    do_self_score(member, scores=sheet(setup[1]), scored_on=date(2022, 12, 1),
                  acting_user=personas["secretary"])  # fmt: skip
    entry = LogEntry.objects.get_for_object(member).order_by("-pk").first()
    assert entry.actor == personas["secretary"] and "self_scored_on" in entry.changes_dict


# The screens, by role --------------------------------------------------------------------------


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def sheet_post(criteria, day="01/12/2022", **points):
    data = {"on": day}
    for key, criterion in criteria.items():
        data["points_{}".format(criterion.pk)] = str(points.get(key, 0))
        data["evidence_{}".format(criterion.pk)] = "Minh chứng" if points.get(key) else ""
    return data


def test_the_school_self_scores_on_its_screen(setup, org, personas):
    from django.urls import reverse

    cluster, criteria, _ = setup
    member = school(setup, org)
    url = reverse("clusters:self_score", args=[member.pk])
    secretary = client_for(personas["secretary"])
    assert secretary.get(url).status_code == 200
    refused = secretary.post(url, sheet_post(criteria, classes=31, papers=10))
    assert refused.status_code == 200  # the form again, with the message
    assert "vượt điểm tối đa 30" in refused.content.decode()
    member.refresh_from_db()
    assert member.self_scored_on is None and not member.scores.exists()
    no_evidence = sheet_post(criteria, classes=20)
    no_evidence["evidence_{}".format(criteria["classes"].pk)] = ""
    assert "phải có minh chứng" in secretary.post(url, no_evidence).content.decode()
    done = secretary.post(url, sheet_post(criteria, classes="27,5", papers=10))
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.self_scored_on == date(2022, 12, 1)
    assert member.scores.get(criterion=criteria["classes"]).self_points == Decimal("27.5")
    page = secretary.get(reverse("clusters:cluster", args=[cluster.pk])).content.decode()
    assert "37,5" in page  # the ranking's total, written the Vietnamese way
    for role in ("staff", "principal", "admin"):
        assert client_for(personas[role]).post(url, sheet_post(criteria)).status_code == 403


def test_the_leader_checks_on_its_screen_and_the_vote_closes(setup, org, personas):
    from django.urls import reverse

    cluster, criteria, members = setup
    scored(setup, org, personas)
    member = school(setup, org)
    url = reverse("clusters:check", args=[member.pk])
    leader = client_for(personas["outsider"])
    assert client_for(personas["secretary"]).get(url).status_code == 403
    data = {"on": "10/12/2022"}
    for criterion in criteria.values():
        score = member.scores.get(criterion=criterion)
        data["points_{}".format(criterion.pk)] = str(score.self_points)
        data["reason_{}".format(criterion.pk)] = ""
    data["points_{}".format(criteria["classes"].pk)] = "25"
    refused = leader.post(url, data)
    assert refused.status_code == 200 and "phải ghi lý do" in refused.content.decode()
    data["reason_{}".format(criteria["classes"].pk)] = "Ba lớp chưa bế giảng"
    assert leader.post(url, data).status_code == 302
    for other in cluster.members.exclude(pk=member.pk):
        do_check_scores(other, checks={}, checked_on=date(2022, 12, 12),
                        acting_user=personas["outsider"])  # fmt: skip
    vote_url = reverse("clusters:vote", args=[cluster.pk])
    assert client_for(personas["staff"]).post(vote_url, {"chosen": member.pk}).status_code == 403
    assert client_for(personas["secretary"]).post(vote_url, {"chosen": member.pk}).status_code \
        == 302  # fmt: skip
    for name in ("Trường Chính trị tỉnh Quảng Bình", "Trường Chính trị tỉnh Quảng Trị"):
        leader.post(vote_url, {"chosen": member.pk, "voter": members[name].pk})
    assert Vote.objects.filter(cluster=cluster).count() == 3
    close_url = reverse("clusters:close", args=[cluster.pk])
    assert client_for(personas["secretary"]).post(close_url, {"on": "20/12/2022"}).status_code \
        == 403  # fmt: skip
    leader.post(close_url, {"on": "20/12/2022"})
    cluster.refresh_from_db()
    assert cluster.voted_leader == member
    page = client_for(personas["staff"]).get(reverse("clusters:cluster", args=[cluster.pk]))
    assert "được các thành viên suy tôn dẫn đầu cụm năm 2022" in page.content.decode()
    for kind in ("covenant", "scores", "minutes"):
        for fmt in ("docx", "pdf"):
            response = client_for(personas["staff"]).get(
                reverse("clusters:document", args=[cluster.pk, kind, fmt]))
            assert response.status_code == 200, (kind, fmt)
    # A school outside the cluster sees neither the cluster nor its documents.
    stranger = Organization.objects.create(name="Trường Chính trị tỉnh Thanh Hóa",
                                           abbreviation="TCTTH", place_name="Thanh Hóa")
    outside = client_for(make_user("thuky_th", stranger, Role.SECRETARY))
    assert outside.get(reverse("clusters:cluster", args=[cluster.pk])).status_code == 404
    assert outside.get(reverse("clusters:document", args=[cluster.pk, "scores", "pdf"])) \
        .status_code == 404  # fmt: skip


# A cluster-year created on screen; criteria changed and taken off -----------------------------


def test_the_secretary_creates_a_cluster_year_on_screen(org, personas):
    from auditlog.models import LogEntry
    from django.urls import reverse

    url = reverse("clusters:cluster_add")
    assert client_for(personas["staff"]).get(url).status_code == 403
    data = {"name": "Cụm thi đua số 5", "year": "2022", "level": "hv", "leader": org.name.upper(),
            "deputies": "Trường Chính trị tỉnh Quảng Bình\n", "others": "\nTrường X\n",
            "tie_break": "groups", "notice": ""}  # fmt: skip
    secretary = client_for(personas["secretary"])
    assert "Lập cụm thi đua của một năm" in secretary.get(reverse("clusters:cluster_list"))\
        .content.decode()  # fmt: skip
    for bad, message in (({"leader": ""}, "Đơn vị cụm trưởng"),
                         ({"year": "1990"}, "Năm thi đua"),
                         ({"others": "Trường Chính trị tỉnh Quảng Bình"}, "chỉ ghi một lần")):
        page = secretary.post(url, {**data, **bad}).content.decode()
        assert message in page, bad
    # Someone else's cluster: the creator's organisation must be in it.
    page = client_for(personas["outsider"]).post(url, data).content.decode()
    assert "Cơ quan của bạn phải là thành viên" in page
    assert not Cluster.objects.exists()
    response = secretary.post(url, data)
    cluster = Cluster.objects.get()
    assert response.url == reverse("clusters:cluster", args=[cluster.pk])
    assert [(m.name, m.organization, m.role) for m in cluster.members.all()] == [
        (org.name.upper(), org, "leader"), ("Trường Chính trị tỉnh Quảng Bình", None, "deputy"),
        ("Trường X", None, "member"),
    ]
    assert LogEntry.objects.get_for_object(cluster).get().actor == personas["secretary"]


def test_the_leader_changes_and_takes_off_criteria_until_a_member_scores(setup, org, personas):
    from django.urls import reverse

    cluster, criteria, _ = setup
    leader = personas["outsider"]
    with pytest.raises(NotAllowed):
        do_change_criterion(criteria["papers"], text="x", max_points=5,
                            acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(NotAllowed):
        do_delete_criterion(criteria["papers"], acting_user=personas["secretary"])
    for text, maximum, message in (("", 5, "nội dung tiêu chí"), ("x", "abc", "không phải là số"),
                                   ("x", 0, "lớn hơn 0")):  # fmt: skip
        with pytest.raises(ActionRefused, match=message):
            do_change_criterion(criteria["papers"], text=text, max_points=maximum,
                                acting_user=leader)  # fmt: skip
    criteria["papers"].refresh_from_db()
    assert criteria["papers"].max_points == 20
    edit = reverse("clusters:criterion_edit", args=[cluster.pk, criteria["papers"].pk])
    assert client_for(personas["secretary"]).get(edit).status_code == 403
    client = client_for(leader)
    response = client.post(edit, {"text": "Bài báo khoa học", "kind": "regular",
                                  "max_points": "12,5", "evidence_required": "on"})  # fmt: skip
    assert response.status_code == 302
    criteria["papers"].refresh_from_db()
    assert (criteria["papers"].text, criteria["papers"].max_points) == ("Bài báo khoa học",
                                                                        Decimal("12.5"))
    assert criteria["papers"].evidence_required
    delete = reverse("clusters:criterion_delete", args=[cluster.pk, criteria["penalty"].pk])
    assert client_for(personas["secretary"]).post(delete).status_code == 403
    assert client.post(delete).status_code == 302
    assert not cluster.groups.filter(criteria__pk=criteria["penalty"].pk).exists()
    scores = {c.pk: (1, "Minh chứng") for key, c in criteria.items() if key != "penalty"}
    do_self_score(school(setup, org), scores=scores, scored_on=date(2022, 12, 1),
                  acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="không sửa bảng chấm điểm"):
        do_change_criterion(criteria["papers"], text="x", max_points=5, acting_user=leader)
    with pytest.raises(ActionRefused, match="không sửa bảng chấm điểm"):
        do_delete_criterion(criteria["papers"], acting_user=leader)


def test_the_leader_adds_and_removes_members_until_the_first_self_score(setup, org, personas):
    from auditlog.models import LogEntry
    from django.urls import reverse

    cluster, criteria, members = setup
    leader = personas["outsider"]
    quang_tri = members["Trường Chính trị tỉnh Quảng Trị"]
    for role in ("secretary", "staff", "principal"):
        with pytest.raises(NotAllowed, match="cụm trưởng"):
            do_add_member(cluster, name="Trường Chính trị tỉnh Quảng Ngãi",
                          acting_user=personas[role])  # fmt: skip
        with pytest.raises(NotAllowed):
            do_remove_member(quang_tri, acting_user=personas[role])
    bad = (("  ", "member", "tên đơn vị"),
           ("trường chính trị tỉnh quảng trị", "member", "đã là thành viên"),
           ("Trường Chính trị tỉnh Huế", "leader", "đã có cụm trưởng"))  # fmt: skip
    for name, role, message in bad:
        with pytest.raises(ActionRefused, match=message):
            do_add_member(cluster, name=name, role=role, acting_user=leader)
    with pytest.raises(ActionRefused, match="không bỏ cụm trưởng"):
        do_remove_member(cluster.members.get(role=MemberRole.LEADER), acting_user=leader)
    assert cluster.members.count() == 4
    # On screen: the leader's secretary adds a school (linked by its name when it is here) and
    # removes another; the school's secretary sees neither button.
    page = client_for(personas["secretary"]).get(reverse("clusters:cluster", args=[cluster.pk]))
    assert "Thêm thành viên" not in page.content.decode()
    client = client_for(leader)
    page = client.get(reverse("clusters:cluster", args=[cluster.pk])).content.decode()
    assert "Bỏ khỏi cụm" in page and "Thêm thành viên" in page
    added = client.post(reverse("clusters:member_add", args=[cluster.pk]),
                        {"name": " Trường Chính trị tỉnh  Huế", "role": "deputy"})  # fmt: skip
    assert added.status_code == 302
    hue = cluster.members.get(name="Trường Chính trị tỉnh Huế")
    assert hue.role == MemberRole.DEPUTY and hue.order == 5 and hue.organization_id is None
    assert LogEntry.objects.get_for_object(hue).get().actor == leader
    assert client.post(reverse("clusters:member_remove", args=[quang_tri.pk])).status_code == 302
    assert not ClusterMember.objects.filter(pk=quang_tri.pk).exists()
    # Once a member has self-scored, the membership stays as it is.
    do_self_score(school(setup, org), scores=sheet(criteria), scored_on=date(2022, 12, 1),
                  acting_user=personas["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="đã tự chấm điểm ngày 01/12/2022"):
        do_add_member(cluster, name="Trường Chính trị tỉnh Quảng Ngãi", acting_user=leader)
    refused = client.post(reverse("clusters:member_remove", args=[hue.pk]), follow=True)
    assert "chỉ thêm, bớt trước lần tự chấm" in refused.content.decode()
    assert cluster.members.count() == 4
