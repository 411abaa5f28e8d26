"""Emulation clusters (khối, cụm thi đua), scoped as their screens: the clusters the account's
organisation belongs to (or whose member the account represents; an administrator every one),
with their members, covenant, and, on one cluster, the standings and the vote as its page shows
them (the number of votes each member received, never who voted for whom)."""

from datetime import date

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.clusters.models import Cluster, ClusterMember, CovenantTarget
from thidua.clusters.results import standings, tally

router = Router(tags=["Cụm thi đua"])


class ClusterMemberOut(Schema):
    id: int
    name: str
    organization_id: int | None = Field(description="Cơ quan trong hệ thống; null: trường ghi "
                                        "theo tên.")  # fmt: skip
    role: str = Field(description="member (thành viên), leader (cụm trưởng), deputy (cụm phó).")
    role_name: str
    self_scored_on: date | None = Field(description="Ngày tự chấm điểm.")
    checked_on: date | None = Field(description="Ngày cụm trưởng chấm.")


class StandingOut(Schema):
    member_id: int
    name: str
    rank: int = Field(description="Thứ hạng; 0: chưa tự chấm.")
    groups: list[str] = Field(description="Điểm từng nhóm tiêu chí, theo thứ tự của bảng chấm.")
    bonus: str = Field(description="Điểm thưởng.")
    penalty: str = Field(description="Điểm trừ.")
    total: str = Field(description="Tổng điểm.")
    scored: bool
    checked: bool
    votes: int = Field(description="Số phiếu suy tôn nhận được.")


class ClusterOut(Schema):
    id: int
    name: str
    year: int
    level: str = Field(description="Cấp cụm (mã).")
    level_name: str
    covenant_signed_on: date | None
    covenant_place: str
    covenant: list[str] = Field(description="Nội dung giao ước, theo thứ tự.")
    reviewed_on: date | None = Field(description="Ngày tổng kết, suy tôn.")
    voted_leader_id: int | None = Field(description="Thành viên được suy tôn dẫn đầu cụm.")
    voted_leader_name: str
    members: list[ClusterMemberOut]


class ClusterDetailOut(ClusterOut):
    score_groups: list[str] = Field(description="Các nhóm tiêu chí của bảng chấm điểm.")
    standings: list[StandingOut] = Field(description="Kết quả chấm điểm, cao trước.")


class ClusterPage(Schema):
    items: list[ClusterOut]
    next_cursor: str | None


def _clusters(user):
    members = ClusterMember.objects.order_by("order", "pk")
    return (
        Cluster.objects.visible_to(user)
        .select_related("voted_leader")
        .prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("targets", queryset=CovenantTarget.objects.order_by("order", "pk")),
        )
    )


def _points(value) -> str:
    return format(value.normalize(), "f") if value else "0"


def _cluster(cluster: Cluster) -> dict:
    leader = cluster.voted_leader
    return {
        "id": cluster.pk, "name": cluster.name, "year": cluster.year, "level": cluster.level,
        "level_name": cluster.get_level_display(),
        "covenant_signed_on": cluster.covenant_signed_on,
        "covenant_place": cluster.covenant_place,
        "covenant": [target.text for target in cluster.targets.all()],
        "reviewed_on": cluster.reviewed_on,
        "voted_leader_id": cluster.voted_leader_id,
        "voted_leader_name": leader.name if leader else "",
        "members": [
            {"id": m.pk, "name": m.name, "organization_id": m.organization_id, "role": m.role,
             "role_name": m.get_role_display(), "self_scored_on": m.self_scored_on,
             "checked_on": m.checked_on}
            for m in cluster.members.all()
        ],
    }  # fmt: skip


CLUSTER_YEAR = Query(None, ge=1975, le=2100, description="Năm.")


@router.get("/clusters", response={200: ClusterPage, **LIST_ERRORS}, summary="Cụm thi đua")
def list_clusters(request, year: int | None = CLUSTER_YEAR, cursor: str | None = Cursor,
                  limit: int = Limit):  # fmt: skip
    """Cụm thi đua mà cơ quan của tài khoản là thành viên, như màn hình «Cụm thi đua»."""
    queryset = _clusters(request.user)
    if year is not None:
        queryset = queryset.filter(year=year)
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"year": year})
    page["items"] = [_cluster(cluster) for cluster in page["items"]]
    return page


@router.get("/clusters/{cluster_id}", response={200: ClusterDetailOut, **ONE_ERRORS},
            summary="Một cụm thi đua, với kết quả chấm điểm và suy tôn")  # fmt: skip
def get_cluster(request, cluster_id: int):
    """Như trang của cụm: thành viên, giao ước, bảng điểm (thứ hạng, điểm từng nhóm, điểm
    thưởng, điểm trừ) và số phiếu suy tôn của mỗi thành viên."""
    cluster = one(_clusters(request.user), cluster_id)
    votes = {member.pk: count for member, count in tally(cluster)}
    rows = [
        {"member_id": row.member.pk, "name": row.member.name, "rank": row.rank,
         "groups": [_points(points) for points in row.groups], "bonus": _points(row.bonus),
         "penalty": _points(row.penalty), "total": _points(row.total), "scored": row.scored,
         "checked": row.checked, "votes": votes.get(row.member.pk, 0)}
        for row in standings(cluster)
    ]  # fmt: skip
    groups = [group.name for group in cluster.groups.order_by("order", "pk")]
    return {**_cluster(cluster), "score_groups": groups, "standings": rows}
