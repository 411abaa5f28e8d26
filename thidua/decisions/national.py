"""What a decision of ours adds to the national export (thidua.awards.national): its signer and,
for a line printed as a certificate, the "số sổ vàng" — the line's number in the decision's
annexed list, as the certificate of NĐ 98/2023 Điều 104 carries it (law-2.md §1.3, §7)."""

import threading

from thidua.awards.models import AwardSource
from thidua.decisions.models import CERTIFICATES, Decision, DecisionEntry

#: The last chunk's reads, shared by the contributors the export calls with that same chunk (the
#: decisions' and the fund's parts both need the chunk's lines and the decisions' whole lists).
#: Keyed by the chunk's list itself (held, so never mistaken for a later one); one per thread,
#: as exports may run side by side in a server's threads.
_shared = threading.local()

#: A decision's line as the contributors read it: the annex's order (position, then pk).
LINE_COLUMNS = ("award_id", "person_id", "unit_id", "title", "occasion")


def chunk_lines(awards, own: list[int]) -> dict[int, int]:
    """{award pk: decision pk} for the awards ``own`` of a chunk (awards in pk order).

    Read by the range of the chunk's primary keys rather than a list of 2,000 of them (an index
    range scan instead of 2,000 probes, and no 2,000-parameter query to parse); what the range
    holds beyond ``own`` (awards of other years) is dropped here."""
    held = getattr(_shared, "lines", None)
    if held is not None and held[0] is awards and held[1] == own:
        return held[2]
    wanted = set(own)
    rows = DecisionEntry.objects.filter(award_id__gte=awards[0].pk, award_id__lte=awards[-1].pk)
    found = {award_id: decision_id
             for award_id, decision_id in rows.values_list("award_id", "decision_id")
             if award_id in wanted}  # fmt: skip
    _shared.lines = (awards, own, found)
    return found


def decisions_lines(awards, decision_ids) -> dict[int, list[tuple]]:
    """{decision pk: its lines (``LINE_COLUMNS`` tuples, the annex's order)} for decisions the
    chunk ``awards`` touches, in one query; asked again for the same chunk (by the next
    contributor) for some of those decisions, answered without reading them again."""
    wanted = set(decision_ids)
    held = getattr(_shared, "entries", None)
    if held is not None and held[0] is awards and wanted <= held[1]:
        return {pk: held[2].get(pk, []) for pk in wanted}
    found: dict[int, list[tuple]] = {}
    rows = (DecisionEntry.objects.filter(decision_id__in=wanted)
            .order_by("decision_id", "position", "pk")
            .values_list("decision_id", *LINE_COLUMNS))  # fmt: skip
    for decision_id, *line in rows:
        found.setdefault(decision_id, []).append(tuple(line))
    _shared.entries = (awards, wanted, found)
    return {pk: found.get(pk, []) for pk in wanted}


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
        for decision_id, lines_of_decision in decisions_lines(awards, missing).items():
            numbers = cache[decision_id]["numbers"]
            for number, (award_id, _, _, title, _) in enumerate(lines_of_decision, start=1):
                if award_id is not None and title in CERTIFICATES:
                    numbers[award_id] = str(number)
    found = {}
    for award_id, decision_id in lines.items():
        known = cache[decision_id]
        found[award_id] = {"signer": known["signer"],
                           "gold_book_number": known["numbers"].get(award_id)}  # fmt: skip
    return found
