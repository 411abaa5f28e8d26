"""What a decision of ours adds to the national export (thidua.awards.national): its signer and,
for a line printed as a certificate, the "số sổ vàng" — the line's number in the decision's
annexed list, as the certificate of NĐ 98/2023 Điều 104 carries it (law-2.md §1.3, §7)."""

import threading

from django.db.models import OuterRef, Subquery

from thidua.awards.models import AwardSource
from thidua.decisions.models import CERTIFICATES, Decision, DecisionEntry

#: The last chunk's reads, shared by the contributors the export calls with that same chunk (the
#: decisions' and the fund's parts both need the decisions' whole lists).
#: Keyed by the chunk's list itself (held, so never mistaken for a later one); one per thread,
#: as exports may run side by side in a server's threads.
_shared = threading.local()

#: A decision's line as the contributors read it: the annex's order (position, then pk).
LINE_COLUMNS = ("award_id", "person_id", "unit_id", "title", "occasion")


def line_decision() -> Subquery:
    """The decision whose line wrote the award, read with each award (one probe of the lines'
    unique award index; as a join PostgreSQL merged the lines from the first one each chunk)."""
    lines = DecisionEntry.objects.filter(award_id=OuterRef("pk")).order_by().values("decision_id")
    return Subquery(lines[:1])


#: What the export reads with each award (not a query a chunk): its line's decision.
COLUMNS = {"decision_id": line_decision}


def chunk_lines(awards) -> dict[int, int]:
    """{award pk: decision pk} for the chunk's awards written by a decision of ours (the
    ``decision_id`` column read with the awards: ``COLUMNS``)."""
    own = AwardSource.OWN_DECISION
    return {award.pk: award.decision_id for award in awards
            if award.decision_id is not None and award.source == own}  # fmt: skip


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
    of ours (two queries for the decisions the chunk is the first to touch; a decision's
    numbering is kept in ``cache`` for the next chunks)."""
    lines = chunk_lines(awards)
    if not lines:
        return {}
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
