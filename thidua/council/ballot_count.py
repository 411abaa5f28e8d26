"""The vote-count sheet (biên bản kiểm phiếu) of a closed council session.

Per nominee: ballots issued (members voting, present or in writing), ballots received, valid and
invalid, and the counts agree / disagree / agree to a lower title, all from the results frozen and
sealed at closing. A ballot cast on screen is always a valid paper (the form admits nothing else),
so "invalid" is zero by construction and written as such. A session counted on paper prints the
counting committee's own figures (issued, returned, valid) as the secretary entered them. The
counting committee is the one the meeting elected from its members present, as the secretary
recorded it on the session (do_elect_counting_committee); when none was recorded, its names are
dotted blanks to fill by hand, never a guess at who counted.
"""

from thidua.core.choices import TitleCode
from thidua.council.minutes import (
    closed_session,
    header_context,
    meeting_context,
    member_name,
    seal_method,
    seated,
    session_paper,
    signer,
)
from thidua.council.models import CouncilSession, CountingDuty

NAMES = dict(TitleCode.choices)


def lower_text(lower: dict) -> str:
    """Return the lower-title ballots as "Lao động tiên tiến: 2", or "0" when there are none."""
    if not lower:
        return "0"
    return "; ".join("{}: {}".format(NAMES.get(code, code), n) for code, n in lower.items())


def count_rows(results: dict) -> list[dict]:
    """One row per nominee, in agenda order, every count as text."""
    rows = []
    for number, row in enumerate(sorted(results["items"], key=lambda r: r["position"]), 1):
        lower_total = sum(row["lower"].values())
        paper = row.get("paper")
        if paper:  # the counting committee's figures
            issued, received, valid = paper["issued"], paper["returned"], paper["valid"]
        else:  # on screen: one paper per voting member, every paper cast is valid
            issued, received, valid = results["voting_members"], row["ballots"], row["ballots"]
        rows.append({
            "number": str(number),
            "subject": row["subject"],
            "title_name": row["title_name"],
            "issued": str(issued),
            "received": str(received),
            "valid": str(valid),
            "invalid": str(received - valid),
            "agree": str(row["agree"]),
            "disagree": str(row["disagree"]),
            "lower": str(lower_total),
            "lower_detail": lower_text(row["lower"]),
            "not_returned": str(max(issued - received, 0)),
        })  # fmt: skip
    return rows


# The name of a counter when the committee the meeting elected was not recorded: a blank to fill
# by hand (the paper never guesses who counted).
COUNTER_BLANK = "………………………………"


def committee(session: CouncilSession) -> list[dict]:
    """The counting committee the meeting elected, head first; when none was recorded, a
    dotted blank for its head and one for a member."""
    elected = sorted(
        (member for member in seated(session) if member.counting),
        key=lambda member: (member.counting != CountingDuty.HEAD, member.pk),
    )
    if elected:
        return [
            {"name": member_name(member), "role": member.get_role_display(),
             "duty": member.get_counting_display(), "head": member.counting == CountingDuty.HEAD}
            for member in elected
        ]  # fmt: skip
    return [
        {"name": COUNTER_BLANK, "role": "thành viên Hội đồng có mặt", "duty": duty.label,
         "head": duty == CountingDuty.HEAD}
        for duty in (CountingDuty.HEAD, CountingDuty.MEMBER)
    ]  # fmt: skip


def build_ballot_count_context(session: CouncilSession, layout: str | None = None) -> dict:
    """Return everything the vote-count sheet shows, as plain text; DOCX and PDF both read it."""
    closed_session(session)
    results = session.results
    board = committee(session)
    meeting = meeting_context(session)
    head_name = next((m["name"] for m in board if m["head"]), COUNTER_BLANK)
    return {
        **header_context(session, layout),
        "document_type": "BIÊN BẢN",
        "title": "KIỂM PHIẾU",
        "subtitle": "{} (năm {})".format(session.name, session.year),
        "closed": meeting["closed"],
        "place": meeting["place"],
        "voting_method": meeting["voting_method"],
        "seal_line": (
            "Kết quả kiểm phiếu bằng phiếu giấy được nhập, chốt và niêm phong ({}): {}"
            if meeting["on_paper"]
            else "Phiếu bầu điện tử được chốt và niêm phong ({}): {}"
        ).format(seal_method(session), session.seal),
        "total_members": str(results["total_members"]),
        "present_members": str(results["present_members"]),
        "voting_members": str(results["voting_members"]),
        "committee": board,
        "rows": count_rows(results),
        "seal": session.seal,
        "head_name": head_name,
        # Each member of the committee signs; a committee of its head alone leaves one blank.
        "signers": [
            signer(
                "THÀNH VIÊN BAN KIỂM PHIẾU",
                *([m["name"] for m in board if not m["head"]] or [COUNTER_BLANK]),
            ),
            signer("TRƯỞNG BAN KIỂM PHIẾU", head_name),
        ],
    }


BALLOT_COUNT = session_paper(
    "ballot_count", "biên bản kiểm phiếu", build_ballot_count_context, "BB-kiem-phieu"
)
