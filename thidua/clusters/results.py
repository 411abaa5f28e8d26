"""Totals and ranking of a cluster-year, from its scores as they stand (derived when read)."""

from dataclasses import dataclass, field
from decimal import Decimal

from thidua.clusters.models import CriterionKind, TieBreak

ZERO = Decimal("0")


@dataclass
class Standing:
    """One member's points: by group, bonus, penalty and total; its rank (ties share one)."""

    member: object
    groups: list = field(default_factory=list)  # points of the regular criteria, group by group
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    total: Decimal = ZERO
    scored: bool = False
    checked: bool = False
    rank: int = 0


def standings(cluster) -> list[Standing]:
    """Every member's points, best first, ranked with the table's tie-break; members without a
    self-score come last, unranked (rank 0)."""
    groups = list(cluster.groups.prefetch_related("criteria"))
    members = list(cluster.members.prefetch_related("scores__criterion"))
    rows = []
    for member in members:
        points = {s.criterion_id: s for s in member.scores.all()}
        row = Standing(member, scored=member.self_scored_on is not None,
                       checked=member.checked_on is not None)  # fmt: skip
        for group in groups:
            in_group = ZERO
            for criterion in group.criteria.all():
                score = points.get(criterion.pk)
                got = score.points if score else ZERO
                if criterion.kind == CriterionKind.BONUS:
                    row.bonus += got
                elif criterion.kind == CriterionKind.PENALTY:
                    row.penalty += got
                else:
                    in_group += got
            row.groups.append(in_group)
        row.total = sum(row.groups, ZERO) + row.bonus - row.penalty
        rows.append(row)
    key = _key(cluster.tie_break)
    rows.sort(key=lambda r: (not r.scored, tuple(-x for x in key(r))))
    previous = None
    for index, row in enumerate(rows, start=1):
        if not row.scored:
            continue
        if previous is not None and key(previous) == key(row):
            row.rank = previous.rank
        else:
            row.rank = index
        previous = row
    return rows


def _key(tie_break: str):
    """What decides the order: the total, then the table's tie-break (higher is better)."""
    if tie_break == TieBreak.BONUS:
        return lambda r: (r.total, r.bonus)
    if tie_break == TieBreak.PENALTY:
        return lambda r: (r.total, -r.penalty)
    return lambda r: (r.total, *r.groups)


def tally(cluster) -> list[tuple[object, int]]:
    """Votes per member chosen, most first."""
    counts: dict[int, int] = {}
    for vote in cluster.votes.all():
        counts[vote.chosen_id] = counts.get(vote.chosen_id, 0) + 1
    members = {m.pk: m for m in cluster.members.all()}
    return sorted(((members[pk], n) for pk, n in counts.items()), key=lambda x: -x[1])


def leader_years(organization_pks, year: int) -> dict[int, dict[int, frozenset[str]] | None]:
    """The engine's cluster-leader fact per organisation: years → levels of the clusters it was
    voted to lead, over the decided cluster-years up to ``year``. None (unknown: the council
    considers) when no cluster the organisation belongs to has voted for ``year`` yet."""
    from thidua.clusters.models import ClusterMember

    decided: dict[int, dict[int, set[str]]] = {}
    rows = ClusterMember.objects.filter(
        organization_id__in=organization_pks,
        cluster__year__lte=year,
        cluster__voted_leader__isnull=False,
    ).values_list("organization_id", "pk", "cluster__year", "cluster__level",
                  "cluster__voted_leader_id")  # fmt: skip
    for org_pk, pk, cluster_year, level, leader_pk in rows:
        levels = decided.setdefault(org_pk, {}).setdefault(cluster_year, set())
        if leader_pk == pk:
            levels.add(level)
    return {
        pk: (
            {y: frozenset(levels) for y, levels in decided[pk].items()}
            if year in decided.get(pk, {}) else None
        )
        for pk in organization_pks
    }
