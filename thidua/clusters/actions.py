"""Business actions on clusters: one transaction each, asking the clusters' permissions first,
with the acting user on the audit entries. Everything is checked before anything is written, so a
refused self-score or check leaves the record as it was.

The year of a cluster runs: the covenant signed → each member self-scores → the leader's
secretary checks each score → the members vote (suy tôn) → the review closes with the unit voted
to lead, which the engine reads (thidua.clusters.results.leader_years).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.clusters.models import (
    Cluster,
    ClusterMember,
    CovenantTarget,
    Criterion,
    MemberRole,
    Score,
    ScoreGroup,
    Vote,
)
from thidua.clusters.permissions import represents
from thidua.clusters.results import tally
from thidua.core.actions import ActionRefused, NotAllowed, locked, require_perm
from thidua.core.audit import set_actor

LEADER_ONLY = "Chỉ thường trực thi đua của đơn vị cụm trưởng được làm việc này."
SELF_SCORE_ONLY = "Chỉ thường trực thi đua của chính đơn vị được tự chấm điểm của đơn vị mình."
CHECK_ONLY = "Chỉ thường trực thi đua của đơn vị cụm trưởng được chấm lại điểm của thành viên."
CREATE_ONLY = "Chỉ thường trực Hội đồng TĐ-KT và quản trị hệ thống được lập cụm thi đua."
NON_MEMBER = "Chỉ thành viên của cụm được bỏ phiếu suy tôn."


def _day(value: date | None) -> date:
    return value or timezone.localdate()


def _check_day(day: date, cluster: Cluster, what: str, *, after: date | None = None,
               after_what: str = "") -> None:  # fmt: skip
    """Refuse a day in the future, outside the cluster's year and the next (reviews run into
    January), or before the step it follows."""
    if day > timezone.localdate():
        raise ActionRefused("Ngày {} {:%d/%m/%Y} chưa đến.".format(what, day))
    if not cluster.year - 1 <= day.year <= cluster.year + 1:
        raise ActionRefused(
            "Ngày {} {:%d/%m/%Y} không thuộc năm thi đua {} của cụm.".format(
                what, day, cluster.year
            )
        )
    if after is not None and day < after:
        raise ActionRefused(
            "Ngày {} {:%d/%m/%Y} trước ngày {} {:%d/%m/%Y}.".format(what, day, after_what, after)
        )


def _points(value, criterion: Criterion) -> Decimal:
    """Read points for a criterion: a number from 0 to its maximum."""
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ActionRefused("Tiêu chí «{}»: điểm “{}” không phải là số.".format(
            criterion.text, value)) from None
    if not points.is_finite() or points < 0:
        raise ActionRefused("Tiêu chí «{}»: điểm không được âm.".format(criterion.text))
    if points > criterion.max_points:
        raise ActionRefused(
            "Tiêu chí «{}»: {} điểm vượt điểm tối đa {}.".format(
                criterion.text, _show(points), _show(criterion.max_points)
            )
        )
    return points.quantize(Decimal("0.01"))


def _show(points: Decimal) -> str:
    """Points as a Vietnamese reader writes them: 2,5 and 10 (not 2.50, 10.00)."""
    text = "{:f}".format(points.normalize()) if points == points.to_integral() else str(points)
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


def _save(instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None
    instance.save()
    return instance


@transaction.atomic
def do_create_cluster(*, name: str, year: int, level: str, members: list[dict], acting_user,
                      tie_break: str = "groups", notice: str = "") -> Cluster:  # fmt: skip
    """Create a cluster-year with its members; exactly one of them is elected leader.

    ``members``: dicts with ``name``, and optionally ``organization``, ``role`` and ``account``.
    """
    require_perm(acting_user, "clusters.add_cluster", None, message=CREATE_ONLY)
    if not name.strip():
        raise ActionRefused("Cần ghi tên cụm thi đua.")
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ActionRefused("Năm thi đua {} không hợp lệ.".format(year))
    if not members:
        raise ActionRefused("Cụm phải có thành viên.")
    if not acting_user.is_admin and not any(
        m.get("organization") is not None
        and m["organization"].pk == acting_user.organization_id
        for m in members
    ):  # fmt: skip
        raise ActionRefused(
            "Cơ quan của bạn phải là thành viên của cụm lập ra (quản trị hệ thống lập được mọi "
            "cụm)."
        )
    leaders = [m for m in members if m.get("role") == MemberRole.LEADER]
    if len(leaders) != 1:
        raise ActionRefused("Cụm phải có đúng một cụm trưởng được bầu cho năm.")
    names = []
    for order, entry in enumerate(members, start=1):
        organization = entry.get("organization")
        names.append((entry.get("name") or "").strip() or (organization and organization.name))
        if not names[-1]:
            raise ActionRefused("Thành viên thứ {} chưa có tên.".format(order))
    if len(set(names)) != len(names):
        raise ActionRefused("Mỗi thành viên chỉ ghi một lần.")
    with set_actor(acting_user):
        cluster = _save(Cluster(name=name.strip(), year=year, level=level, tie_break=tie_break,
                                notice=notice))  # fmt: skip
        for order, (entry, member_name) in enumerate(zip(members, names, strict=True), start=1):
            organization = entry.get("organization")
            _save(ClusterMember(
                cluster=cluster, name=member_name, organization=organization, order=order,
                role=entry.get("role") or MemberRole.MEMBER, account=entry.get("account"),
            ))  # fmt: skip
    return cluster


MEMBERS_CLOSED = (
    "{} đã tự chấm điểm ngày {:%d/%m/%Y}; thành viên của cụm chỉ thêm, bớt trước lần tự chấm "
    "đầu tiên."
)


def _members_open(cluster: Cluster) -> None:
    """Refuse a change of membership once a member has self-scored (the ranking, the checks and
    the vote are among the members who scored against the same table)."""
    first = cluster.members.filter(self_scored_on__isnull=False).order_by("self_scored_on").first()
    if first is not None:
        raise ActionRefused(MEMBERS_CLOSED.format(first.name, first.self_scored_on))


@transaction.atomic
def do_add_member(cluster: Cluster, *, name: str, acting_user, organization=None,
                  role: str = MemberRole.MEMBER) -> ClusterMember:  # fmt: skip
    """Add a member (an organisation of this installation or a school by name) to a cluster-year,
    as a member or a deputy, before the first self-score."""
    cluster = locked(cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    _members_open(cluster)
    name = " ".join((name or "").split()) or (organization.name if organization else "")
    if not name:
        raise ActionRefused("Cần ghi tên đơn vị thành viên.")
    if role not in (MemberRole.MEMBER, MemberRole.DEPUTY):
        raise ActionRefused("Cụm đã có cụm trưởng; thành viên thêm vào là thành viên hoặc cụm phó.")
    taken = cluster.members.all()
    if any(m.name.casefold() == name.casefold() for m in taken) or (
        organization is not None and any(m.organization_id == organization.pk for m in taken)
    ):
        raise ActionRefused("«{}» đã là thành viên của cụm năm {}.".format(name, cluster.year))
    order = max((m.order for m in taken), default=0) + 1
    with set_actor(acting_user):
        return _save(ClusterMember(cluster=cluster, name=name, organization=organization,
                                   role=role, order=order))  # fmt: skip


@transaction.atomic
def do_remove_member(member: ClusterMember, *, acting_user) -> None:
    """Remove a member from its cluster-year before the first self-score (not the leader: the
    cluster elects its leader once a year)."""
    cluster = locked(member.cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    _members_open(cluster)
    member = ClusterMember.objects.get(pk=member.pk)
    if member.role == MemberRole.LEADER:
        raise ActionRefused(
            "{} là cụm trưởng được bầu năm {}; không bỏ cụm trưởng khỏi cụm.".format(
                member.name, cluster.year
            )
        )
    with set_actor(acting_user):
        member.delete()


@transaction.atomic
def do_sign_covenant(cluster: Cluster, *, targets: list[str], acting_user,
                     signed_on: date | None = None, place: str = "") -> Cluster:  # fmt: skip
    """Record the covenant (giao ước thi đua) signed by the members, with its targets."""
    cluster = locked(cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    signed_on = _day(signed_on)
    _check_day(signed_on, cluster, "ký giao ước")
    first_score = min(
        (m.self_scored_on for m in cluster.members.all() if m.self_scored_on), default=None
    )
    if first_score and signed_on > first_score:
        raise ActionRefused("Ngày ký giao ước phải trước ngày các thành viên tự chấm điểm.")
    targets = [t.strip() for t in targets if t and t.strip()]
    if not targets:
        raise ActionRefused("Giao ước phải có ít nhất một nội dung.")
    with set_actor(acting_user):
        cluster.covenant_signed_on, cluster.covenant_place = signed_on, place.strip()
        _save(cluster)
        cluster.targets.all().delete()
        for order, text in enumerate(targets, start=1):
            _save(CovenantTarget(cluster=cluster, order=order, text=text))
    return cluster


def _table_open(cluster: Cluster) -> None:
    if cluster.members.filter(self_scored_on__isnull=False).exists():
        raise ActionRefused("Đã có thành viên tự chấm điểm: không sửa bảng chấm điểm được nữa.")


@transaction.atomic
def do_add_group(cluster: Cluster, *, name: str, acting_user) -> ScoreGroup:
    """Add a group of criteria at the end of the scoring table."""
    cluster = locked(cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    _table_open(cluster)
    order = cluster.groups.count() + 1
    with set_actor(acting_user):
        return _save(ScoreGroup(cluster=cluster, name=name.strip(), order=order))


@transaction.atomic
def do_add_criterion(group: ScoreGroup, *, text: str, max_points, acting_user, kind="regular",
                     evidence_required: bool = False) -> Criterion:  # fmt: skip
    """Add a criterion (or a bonus or penalty item) with its maximum points to a group."""
    cluster = locked(group.cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    _table_open(cluster)
    try:
        maximum = Decimal(str(max_points).replace(",", "."))
    except InvalidOperation:
        raise ActionRefused("Điểm tối đa “{}” không phải là số.".format(max_points)) from None
    with set_actor(acting_user):
        return _save(Criterion(
            group=group, text=text.strip(), kind=kind, max_points=maximum,
            evidence_required=evidence_required, order=group.criteria.count() + 1,
        ))  # fmt: skip


@transaction.atomic
def do_change_criterion(criterion: Criterion, *, text: str, max_points, acting_user,
                        kind="regular", evidence_required: bool = False) -> Criterion:  # fmt: skip
    """Change a criterion of the scoring table while no member has self-scored."""
    cluster = locked(criterion.group.cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    _table_open(cluster)
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    try:
        maximum = Decimal(str(max_points).replace(",", "."))
    except InvalidOperation:
        raise ActionRefused("Điểm tối đa “{}” không phải là số.".format(max_points)) from None
    if not text.strip():
        raise ActionRefused("Cần ghi nội dung tiêu chí.")
    criterion.text, criterion.kind, criterion.max_points = text.strip(), kind, maximum
    criterion.evidence_required = evidence_required
    with set_actor(acting_user):
        return _save(criterion)


@transaction.atomic
def do_delete_criterion(criterion: Criterion, *, acting_user) -> None:
    """Take a criterion off the scoring table while no member has self-scored."""
    cluster = locked(criterion.group.cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    _table_open(cluster)
    with set_actor(acting_user):
        criterion.delete()


def _criteria(cluster: Cluster) -> list[Criterion]:
    return list(Criterion.objects.filter(group__cluster=cluster).select_related("group"))


@transaction.atomic
def do_self_score(member: ClusterMember, *, scores: dict, acting_user,
                  scored_on: date | None = None) -> ClusterMember:  # fmt: skip
    """Record the member's self-score: for every criterion of the table, (points, evidence).

    Refused whole when one score is above its maximum or lacks evidence the table requires.
    """
    member = locked(member, "cluster")
    require_perm(acting_user, "clusters.self_score", member, message=SELF_SCORE_ONLY)
    cluster = member.cluster
    if member.checked_on is not None:
        raise ActionRefused("Cụm trưởng đã chấm điểm của {}: không tự chấm lại được.".format(
            member.name))
    scored_on = _day(scored_on)
    _check_day(scored_on, cluster, "tự chấm", after=cluster.covenant_signed_on,
               after_what="ký giao ước")  # fmt: skip
    criteria = _criteria(cluster)
    if not criteria:
        raise ActionRefused("Cụm chưa có bảng chấm điểm.")
    rows = []
    for criterion in criteria:
        if criterion.pk not in scores:
            raise ActionRefused("Tiêu chí «{}» chưa được chấm.".format(criterion.text))
        value, evidence = scores[criterion.pk]
        points = _points(value, criterion)
        evidence = (evidence or "").strip()
        if criterion.evidence_required and points and not evidence:
            raise ActionRefused(
                "Tiêu chí «{}» phải có minh chứng cho điểm tự chấm.".format(criterion.text)
            )
        rows.append(Score(member=member, criterion=criterion, self_points=points,
                          evidence=evidence))  # fmt: skip
    with set_actor(acting_user):
        member.scores.all().delete()
        for row in rows:
            # Checked above (points against the maximum, evidence); full_clean would re-read the
            # member and the criterion and the unique pair, three queries a row, for nothing.
            row.save()
        member.self_scored_on = scored_on
        _save(member)
    return member


@transaction.atomic
def do_check_scores(member: ClusterMember, *, checks: dict, acting_user,
                    checked_on: date | None = None) -> ClusterMember:  # fmt: skip
    """The leader's check of a member's self-score: for each criterion, (points, reason); a
    change of points must say why. Criteria not given keep the member's own points."""
    member = locked(member, "cluster")
    require_perm(acting_user, "clusters.check_score", member, message=CHECK_ONLY)
    if member.self_scored_on is None:
        raise ActionRefused("{} chưa tự chấm điểm.".format(member.name))
    checked_on = _day(checked_on)
    _check_day(checked_on, member.cluster, "chấm điểm", after=member.self_scored_on,
               after_what="tự chấm")  # fmt: skip
    scores = list(member.scores.select_related("criterion"))
    for score in scores:
        value, reason = checks.get(score.criterion_id, (score.self_points, ""))
        if value is None or str(value).strip() == "":
            value = score.self_points
        points = _points(value, score.criterion)
        reason = (reason or "").strip()
        if points != score.self_points and not reason:
            raise ActionRefused(
                "Tiêu chí «{}»: đổi điểm từ {} thành {} phải ghi lý do.".format(
                    score.criterion.text, _show(score.self_points), _show(points))
            )
        score.checked_points, score.reason = points, reason
    with set_actor(acting_user):
        for score in scores:
            score.save(update_fields=["checked_points", "reason"])  # checked above
        member.checked_on = checked_on
        _save(member)
    return member


def _voter(cluster: Cluster, acting_user, voter: ClusterMember | None) -> ClusterMember:
    members = list(cluster.members.all())
    if voter is not None:
        if voter.cluster_id != cluster.pk:
            raise NotAllowed(NON_MEMBER)
        if (represents(acting_user, voter) or represents(acting_user, cluster.leader)
                or acting_user.is_admin):  # fmt: skip
            return voter
        raise NotAllowed(NON_MEMBER)
    found = [m for m in members if represents(acting_user, m)]
    if not found:
        raise NotAllowed(NON_MEMBER)
    return found[0]


@transaction.atomic
def do_cast_vote(cluster: Cluster, *, chosen: ClusterMember, acting_user,
                 voter: ClusterMember | None = None) -> Vote:  # fmt: skip
    """Record a member's vote (phiếu suy tôn) for the member that led the cluster this year.

    A member votes through its own secretary; the leader's secretary records the ballots of
    schools outside the installation (``voter``). Anyone else is refused.
    """
    cluster = locked(cluster)
    voter = _voter(cluster, acting_user, voter)
    require_perm(acting_user, "clusters.vote", voter, message=NON_MEMBER)
    if cluster.voted_leader_id is not None:
        raise ActionRefused("Cụm đã tổng kết, suy tôn năm {}.".format(cluster.year))
    if chosen.cluster_id != cluster.pk:
        raise ActionRefused("Chỉ suy tôn được một thành viên của cụm.")
    if not all(m.checked_on for m in cluster.members.all()):
        raise ActionRefused("Chưa chấm xong điểm của mọi thành viên: chưa bỏ phiếu suy tôn được.")
    if Vote.objects.filter(cluster=cluster, voter=voter).exists():
        raise ActionRefused("{} đã bỏ phiếu suy tôn.".format(voter.name))
    with set_actor(acting_user):
        return _save(Vote(cluster=cluster, voter=voter, chosen=chosen))


@transaction.atomic
def do_close_review(cluster: Cluster, *, acting_user, reviewed_on: date | None = None) -> Cluster:
    """Close the cluster's review: the member with more than half of the members' votes is
    voted to lead the cluster this year (what the engine reads for the Cờ thi đua)."""
    cluster = locked(cluster)
    require_perm(acting_user, "clusters.change_cluster", cluster, message=LEADER_ONLY)
    if cluster.voted_leader_id is not None:
        raise ActionRefused("Cụm đã tổng kết, suy tôn năm {}.".format(cluster.year))
    members = list(cluster.members.all())
    last_check = max((m.checked_on for m in members if m.checked_on), default=None)
    if last_check is None or not all(m.checked_on for m in members):
        raise ActionRefused("Chưa chấm xong điểm của mọi thành viên.")
    reviewed_on = _day(reviewed_on)
    _check_day(reviewed_on, cluster, "tổng kết, suy tôn", after=last_check,
               after_what="chấm điểm")  # fmt: skip
    counts = tally(cluster)
    if not counts or counts[0][1] * 2 <= len(members):
        raise ActionRefused(
            "Chưa đơn vị nào được quá nửa số thành viên ({}) suy tôn.".format(len(members))
        )
    with set_actor(acting_user):
        cluster.voted_leader, cluster.reviewed_on = counts[0][0], reviewed_on
        _save(cluster)
    return cluster
