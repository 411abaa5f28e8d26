"""The register's one check before anything writes into it: an award already in force.

Both our own decisions (thidua.decisions) and the higher levels' answers to our proposals
(thidua.proposals) write the register; each asks here first, so the same person, unit or
organisation never holds the same title or form twice for the same year ("one achievement, one
award", Luật Thi đua, khen thưởng 2022 Điều 5; law.md §2.11).
"""

from thidua.awards.models import Award
from thidua.core.actions import ActionRefused
from thidua.core.choices import TitleCode
from thidua.organization.models import Organization

NAMES = dict(TitleCode.choices)


def awards_already_held(organization_id: int, year: int, lines) -> list[tuple[object, Award]]:
    """Return (line, award in force) for each line whose subject already holds its title.

    A line is anything with ``person_id``, ``unit_id`` and ``title`` (a decision's or a
    proposal's entry), and optionally ``occasion`` (a phase's Giấy khen is not the year's);
    neither person nor unit means the organisation itself. One query.
    """
    lines = list(lines)
    if not lines:
        return []
    held = {
        (award.person_id, award.unit_id, award.code, award.occasion): award
        for award in Award.objects.in_force()
        .filter(organization_id=organization_id, year=year, code__in={line.title for line in lines})
        .order_by("decided_on", "pk")
    }
    keys = [
        (line.person_id, line.unit_id, line.title, getattr(line, "occasion", ""))
        for line in lines
    ]
    return [(line, held[key]) for line, key in zip(lines, keys, strict=True) if key in held]


def refuse_awards_already_held(organization_id: int, year: int, lines) -> None:
    """Refuse, naming each subject and the decision it holds the award by, when any line's
    subject already holds the title or form for the year in the register.

    Locks the organisation's row first, so two writers of the same organisation (two decisions,
    or a decision and a higher level's answer, at the same instant) check one after the other.
    """
    Organization.objects.select_for_update().filter(pk=organization_id).first()
    found = awards_already_held(organization_id, year, lines)
    if not found:
        return
    raise ActionRefused(
        "Sổ khen thưởng đã có: {}.".format(
            "; ".join(
                "{} – {} năm {} (Quyết định số {} ngày {:%d/%m/%Y} của {})".format(
                    line.subject_name,
                    NAMES.get(line.title, line.title),
                    year,
                    award.decision_number,
                    award.decided_on,
                    award.issued_by,
                )  # fmt: skip
                for line, award in found
            )
        )
    )
