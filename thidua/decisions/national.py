"""What a decision of ours adds to the national export (thidua.awards.national): its signer and,
for a line printed as a certificate, the "số sổ vàng" — the line's number in the decision's
annexed list, as the certificate of NĐ 98/2023 Điều 104 carries it (law-2.md §1.3, §7)."""

from thidua.awards.models import AwardSource
from thidua.decisions.models import CERTIFICATES, Decision, DecisionEntry


def chunk_lines(awards, own: list[int]) -> dict[int, int]:
    """{award pk: decision pk} for the awards ``own`` of a chunk (awards in pk order).

    Read by the range of the chunk's primary keys rather than a list of 2,000 of them (an index
    range scan instead of 2,000 probes, and no 2,000-parameter query to parse); what the range
    holds beyond ``own`` (awards of other years) is dropped here."""
    wanted = set(own)
    rows = DecisionEntry.objects.filter(award_id__gte=awards[0].pk, award_id__lte=awards[-1].pk)
    return {award_id: decision_id
            for award_id, decision_id in rows.values_list("award_id", "decision_id")
            if award_id in wanted}  # fmt: skip


def decision_fields(awards, cache: dict) -> dict[int, dict]:
    """{award pk: {"signer", "gold_book_number"}} for the chunk's awards written by a decision
    of ours (two queries; a decision's numbering is kept in ``cache`` for the next chunks)."""
    own = [award.pk for award in awards if award.source == AwardSource.OWN_DECISION]
    if not own:
        return {}
    lines = chunk_lines(awards, own)
    missing = set(lines.values()) - set(cache)
    if missing:
        decisions = Decision.objects.filter(pk__in=missing).values_list(
            "pk", "signer_name", "signer_position"
        )
        for pk, name, position in decisions:
            signer = {"name": name.strip(), "position": position.strip() or None}
            cache[pk] = {"signer": signer if signer["name"] else None, "numbers": {}}
        entries = (
            DecisionEntry.objects.filter(decision_id__in=missing)
            .order_by("decision_id", "position", "pk")
            .values_list("decision_id", "award_id", "title")
        )
        counters: dict[int, int] = {}
        for decision_id, award_id, title in entries:
            counters[decision_id] = counters.get(decision_id, 0) + 1
            if award_id is not None and title in CERTIFICATES:
                cache[decision_id]["numbers"][award_id] = str(counters[decision_id])
    found = {}
    for award_id, decision_id in lines.items():
        known = cache[decision_id]
        found[award_id] = {"signer": known["signer"],
                           "gold_book_number": known["numbers"].get(award_id)}  # fmt: skip
    return found
