"""Demo: cluster 5 of the provincial political schools (Bắc Trung Bộ) in 2021 and 2022, run
through the actions. The membership is inferred (law-2.md §4: cluster 5's members were not
found; the numbering suggests Bắc Trung Bộ), and the table and every score are fictional: the
cluster's page says so.

2021 is complete (scored, checked, voted: Thanh Hóa led). 2022 stops where the school's review
begins: every member has self-scored, Trần Phú's score awaits the leader's check, and no one has
voted yet, so the school's Cờ thi đua verdicts still say the council must consider.
"""

from datetime import date

from thidua.accounts.models import User
from thidua.clusters.actions import (
    do_add_criterion,
    do_add_group,
    do_cast_vote,
    do_check_scores,
    do_close_review,
    do_create_cluster,
    do_self_score,
    do_sign_covenant,
)
from thidua.clusters.models import Cluster, MemberRole

NAME = "Cụm thi đua số 5 – các trường chính trị khu vực Bắc Trung Bộ"
NOTICE = (
    "Dữ liệu minh họa: thành viên cụm số 5 là suy luận (các trường chính trị khu vực Bắc Trung "
    "Bộ); bảng chấm điểm và mọi điểm số là giả định, không phải số liệu thật."
)
LEADER_ACCOUNT = "cumtruong"
THANH_HOA, NGHE_AN = "Trường Chính trị tỉnh Thanh Hóa", "Trường Chính trị tỉnh Nghệ An"
QUANG_BINH, QUANG_TRI = "Trường Chính trị tỉnh Quảng Bình", "Trường Chính trị tỉnh Quảng Trị"
HUE = "Trường Chính trị tỉnh Thừa Thiên Huế"

# (group, [(criterion, kind, max points, evidence required)])
TABLE = [
    ("Công tác đào tạo, bồi dưỡng", [
        ("Hoàn thành kế hoạch mở lớp được giao", "regular", 20, True),
        ("Chất lượng giảng dạy, tỉ lệ học viên khá, giỏi", "regular", 20, False),
    ]),
    ("Nghiên cứu khoa học, tổng kết thực tiễn", [
        ("Đề tài, đề án khoa học các cấp được nghiệm thu", "regular", 15, True),
        ("Bài viết đăng tạp chí, kỷ yếu hội thảo", "regular", 10, False),
    ]),
    ("Xây dựng tổ chức đảng, đoàn thể và cơ quan", [
        ("Tổ chức đảng được đánh giá hoàn thành tốt nhiệm vụ trở lên", "regular", 15, True),
        ("Tham gia hoạt động chung của cụm (hội thảo, thể thao)", "regular", 10, False),
    ]),
    ("Điểm thưởng, điểm trừ", [
        ("Được cấp có thẩm quyền khen thưởng đột xuất", "bonus", 5, True),
        ("Có cán bộ, viên chức bị kỷ luật", "penalty", 5, False),
    ]),
]  # fmt: skip
COVENANT = [
    "Hoàn thành toàn diện kế hoạch đào tạo, bồi dưỡng cán bộ được giao",
    "Mỗi trường có ít nhất một đề tài khoa học cấp tỉnh hoặc cấp cơ sở được nghiệm thu",
    "Tổ chức đảng hoàn thành tốt nhiệm vụ trở lên; không có cán bộ vi phạm kỷ luật",
    "Tham gia đầy đủ hội thảo khoa học và hội thao của cụm",
]
# Fictional points per member and year, in the table's order (bonus and penalty last).
POINTS = {
    2021: {
        THANH_HOA: (20, 19, 15, 9, 15, 10, 4, 0), NGHE_AN: (20, 18, 14, 9, 15, 10, 2, 0),
        "own": (19, 18, 13, 8, 15, 9, 0, 0), QUANG_BINH: (19, 17, 12, 8, 15, 9, 0, 0),
        QUANG_TRI: (18, 17, 12, 7, 15, 9, 0, 1), HUE: (19, 17, 13, 8, 15, 9, 0, 0),
    },
    2022: {
        THANH_HOA: (20, 18, 14, 9, 15, 10, 2, 0), NGHE_AN: (20, 18, 13, 9, 15, 10, 2, 0),
        "own": (20, 19, 15, 9, 15, 10, 4, 0), QUANG_BINH: (19, 18, 13, 8, 15, 9, 0, 0),
        QUANG_TRI: (19, 17, 12, 8, 15, 9, 0, 0), HUE: (19, 18, 13, 8, 15, 9, 2, 0),
    },
}  # fmt: skip
EVIDENCE = "Báo cáo tổng kết năm {} của trường (kèm quyết định, biên bản liên quan)"


def leader_account(password: str) -> User:
    """The account of Nghệ An's officer, the cluster's leader in 2022 (a school outside this
    installation: no organisation here, acting only through its membership row)."""
    user = User.objects.filter(username=LEADER_ACCOUNT).first()
    if user is None:
        user = User(username=LEADER_ACCOUNT, first_name="Thường trực cụm trưởng (Nghệ An)")
        user.set_password(password)
        user.save()
    return user


def load_clusters(organization, *, secretary, admin, password: str) -> None:
    """Cluster 5 in 2021 (complete) and 2022 (the school's check and the vote to come), once."""
    leader = leader_account(password)
    if not Cluster.objects.filter(name=NAME, year=2021).exists():
        _year(2021, organization, secretary=secretary, acting=admin, leader=None)
    if not Cluster.objects.filter(name=NAME, year=2022).exists():
        _year(2022, organization, secretary=secretary, acting=leader, leader=leader)


def _year(year, organization, *, secretary, acting, leader):
    """2021: Thanh Hóa leads the cluster (entered by name, recorded by the administrator).
    2022: Nghệ An leads it, through its officer's account."""
    leading = THANH_HOA if year == 2021 else NGHE_AN
    members = []
    for name in (THANH_HOA, NGHE_AN, "own", QUANG_BINH, QUANG_TRI, HUE):
        role = MemberRole.LEADER if name == leading else (
            MemberRole.DEPUTY if name == QUANG_BINH else MemberRole.MEMBER)
        if name == "own":
            members.append({"organization": organization, "role": role})
        else:
            members.append({"name": name, "role": role,
                            "account": leader if name == leading else None})  # fmt: skip
    creator = secretary if leader is not None else acting
    cluster = do_create_cluster(name=NAME, year=year, level="hv", members=members,
                                notice=NOTICE, acting_user=creator)  # fmt: skip
    place = "Thanh Hóa" if year == 2021 else "Nghệ An"
    do_sign_covenant(cluster, targets=COVENANT, signed_on=date(year, 3, 15), place=place,
                     acting_user=acting)  # fmt: skip
    criteria = []
    for group_name, items in TABLE:
        group = do_add_group(cluster, name=group_name, acting_user=acting)
        for text, kind, maximum, evidence in items:
            criteria.append(do_add_criterion(group, text=text, kind=kind, max_points=maximum,
                                             evidence_required=evidence, acting_user=acting))
    by_name = {m.name: m for m in cluster.members.all()}
    own = cluster.members.get(organization=organization)
    for name, points in POINTS[year].items():
        member = own if name == "own" else by_name[name]
        scores = {c.pk: (p, EVIDENCE.format(year) if p else "")
                  for c, p in zip(criteria, points, strict=True)}  # fmt: skip
        do_self_score(member, scores=scores, scored_on=date(year, 11, 25),
                      acting_user=secretary if member == own else acting)  # fmt: skip
    for member in cluster.members.all():
        if year == 2022 and member == own:
            continue  # the leader's check of the school's score is the demo's next step
        checks = {}
        if year == 2021 and member == own:
            checks = {criteria[3].pk: (7, "Một bài viết đăng kỷ yếu nội bộ, không tính")}
        do_check_scores(member, checks=checks, checked_on=date(year, 12, 5), acting_user=acting)
    if year == 2021:
        winner = by_name[THANH_HOA]
        for member in cluster.members.all():
            voter_user = secretary if member == own else acting
            do_cast_vote(cluster, chosen=winner, voter=member, acting_user=voter_user)
        do_close_review(cluster, reviewed_on=date(year, 12, 20), acting_user=acting)
