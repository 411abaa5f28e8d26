"""The council's minutes (biên bản họp Hội đồng Thi đua – Khen thưởng), from a closed session.

Everything about the vote comes from the results frozen and sealed when the session closed
(CouncilSession.results), never from a recount, so the minutes say what the seal covers. The
members and their attendance are read from the session's seats, which closing locks as well.
The day, times and place are the meeting's as the secretary entered them (not when the record
was opened or sealed); a session counted on paper says so.
Content per law.md §2.12: time and place; chair and secretary; members present and absent (with
written votes); quorum; agenda; for each nominee the approvals over the denominator, percentage,
pass or fail and ballot type; the quota ranking where one applied; conclusions; two signatures.
"""

from fractions import Fraction

from django.utils import timezone

from thidua import rules
from thidua.council.models import (
    CouncilMember,
    CouncilSession,
    CountingDuty,
    MemberRole,
    SessionState,
)
from thidua.council.results import (
    ballot_type_text,
    is_keyed,
    passed_lower,
    passed_title,
    passed_title_name,
    rule_set_label,
    shown_source,
)
from thidua.documents import formatting
from thidua.documents.layout import choose, letterhead
from thidua.documents.registry import DocumentError, DocumentKind, register

ROLE_ORDER = {
    MemberRole.CHAIR: 0,
    MemberRole.STANDING_VICE_CHAIR: 1,
    MemberRole.SECRETARY: 2,
    MemberRole.MEMBER: 3,
}
DENOMINATOR_WORDS = {"total_members": "tổng số thành viên", "present": "số thành viên biểu quyết"}
# Sessions closed before the quorum was a parameter sat under the council's own regulation's 2/3.
OLD_QUORUM_SOURCE = rules.cite("ORG.COUNCIL")
PASSED, FAILED, OVER_QUOTA = "Đạt", "Không đạt", "Đạt ngưỡng, ngoài chỉ tiêu"
PASSED_AT = "Đạt ở mức"


def percent_text(value) -> str:
    """Return a percentage as Vietnamese writes it: "90%", "66,67%" (decimal comma)."""
    text = "{:.2f}".format(float(value)).rstrip("0").rstrip(".")
    return "{}%".format(text.replace(".", ","))


def threshold_text(threshold) -> str:
    """Return the threshold share as "≥ 70%" (exact: 0.9 is 90%, not 89,99…)."""
    return "≥ {}".format(percent_text(Fraction(str(threshold)) * 100))


def time_text(moment) -> str:
    """Return "14 giờ 05 phút, ngày 12 tháng 12 năm 2022" in the server's time zone."""
    local = timezone.localtime(moment)
    return "{} giờ {:02d} phút, {}".format(
        local.hour, local.minute, formatting.vietnamese_date(local.date())
    )


def clock_text(day, moment) -> str:
    """Return "8 giờ 30 phút, ngày 20 tháng 12 năm 2022" for a time of day on a day; the day
    alone when the time was not recorded."""
    if moment is None:
        return formatting.vietnamese_date(day)
    return "{} giờ {:02d} phút, {}".format(
        moment.hour, moment.minute, formatting.vietnamese_date(day)
    )


def meeting_context(session: CouncilSession) -> dict:
    """When and where the council met and how it counted, as the secretary entered them."""
    paper = session.on_paper or bool(session.results.get("counted_on_paper"))
    return {
        "opened": clock_text(session.meeting_on, session.starts_at),
        "closed": clock_text(session.meeting_on, session.ends_at),
        "place": session.place or session.organization.name,
        "on_paper": paper,
        "voting_method": PAPER_METHOD if paper else SCREEN_METHOD,
    }


PAPER_METHOD = (
    "bỏ phiếu kín bằng phiếu giấy, kiểm phiếu bằng phiếu giấy; kết quả kiểm phiếu được Thư ký "
    "Hội đồng ghi vào hệ thống theo biên bản kiểm phiếu"
)
SCREEN_METHOD = "bỏ phiếu kín trên hệ thống; phiếu được kiểm và niêm phong khi kết thúc phiên"


def member_name(member: CouncilMember) -> str:
    user = member.user
    return user.person.display_name if user.person_id else user.get_full_name() or user.username


def attendance_text(member: CouncilMember) -> str:
    if member.present:
        return "Có mặt"
    if member.written_vote:
        return "Vắng, gửi phiếu bằng văn bản"
    return "Vắng"


def closed_session(session: CouncilSession) -> CouncilSession:
    """Return the session if its results stand; refuse an open or annulled one (Vietnamese)."""
    if session.state == SessionState.OPEN:
        raise DocumentError(
            "Phiên họp «{}» chưa kết thúc; chỉ lập biên bản từ kết quả đã chốt khi kết thúc "
            "phiên.".format(session.name)
        )
    if session.state == SessionState.ANNULLED:
        raise DocumentError(
            "Kết quả phiên họp «{}» đã bị huỷ ({}); không lập biên bản từ kết quả này.".format(
                session.name, session.annul_reason
            )
        )
    if not session.results.get("items"):
        raise DocumentError("Phiên họp «{}» không có kết quả đã chốt.".format(session.name))
    return session


def find_session(organization, year: int | None, *, session=None) -> CouncilSession:
    """Return the organisation's closed session by its number (--session), checking the year."""
    if session is None:
        raise DocumentError("Cần số hiệu phiên họp Hội đồng (--session).")
    if isinstance(session, CouncilSession):
        found = session
    else:
        raw = str(session).strip()
        found = (
            CouncilSession.objects.filter(organization=organization, pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if found is None:
            raise DocumentError(
                "{} không có phiên họp Hội đồng số hiệu “{}”.".format(organization.name, raw)
            )
    if found.organization_id != organization.pk:
        raise DocumentError("Phiên họp không thuộc {}.".format(organization.name))
    if year is not None and found.year != year:
        raise DocumentError(
            "Phiên họp «{}» xét năm {}, không phải năm {}.".format(found.name, found.year, year)
        )
    return closed_session(found)


def seated(session: CouncilSession) -> list[CouncilMember]:
    """The session's members, chair first, then the vice-chair, the secretary, the members."""
    members = session.members.select_related("user__person")
    return sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.pk))


def verdict_text(row: dict) -> str:
    """Return the row's verdict; one passed at a lower title says at which ("Đạt ở mức: …"),
    with the votes that carried it there."""
    if not row["passed"]:
        return FAILED
    if passed_lower(row):
        text = "{}: {}".format(PASSED_AT, passed_title_name(row))
        lower = row.get("lower_result")
        if lower:
            text += " ({}/{} đồng ý ở mức này, {}; ngưỡng {})".format(
                lower["agree"], lower["denominator"], percent_text(lower["percent"]),
                threshold_text(lower["threshold"]),
            )  # fmt: skip
        return "{}; {}".format(text, OVER_QUOTA.lower()) if row["over_quota"] else text
    return OVER_QUOTA if row["over_quota"] else PASSED


def result_rows(results: dict) -> list[dict]:
    """One row per nominee from the frozen results, in agenda order, as plain text."""
    rows = []
    for number, row in enumerate(sorted(results["items"], key=lambda r: r["position"]), 1):
        rows.append({
            "number": str(number),
            "subject": row["subject"],
            "title_name": row["title_name"],
            "approvals": "{}/{}".format(row["agree"], row["denominator"]),
            "denominator": DENOMINATOR_WORDS.get(row["denominator_kind"], row["denominator_kind"]),
            "percent": percent_text(row["percent"]),
            "threshold": threshold_text(row["threshold"]),
            "ballot_type": ballot_type_text(row),
            "verdict": verdict_text(row),
            "passed": row["passed"] and not row["over_quota"],
            "passed_title_name": passed_title_name(row) if passed_lower(row) else "",
            "rule_source": shown_source(row["rule_source"]),
        })  # fmt: skip
    return rows


def ranking_groups(results: dict) -> list[dict]:
    """The council's ranking of each title where more passed than its quota allowed."""
    groups: dict[str, dict] = {}
    for row in results["items"]:
        if row["rank"] is None or not row["passed"]:
            continue
        group = groups.setdefault(
            passed_title(row), {"title_name": passed_title_name(row), "rows": []}
        )
        group["rows"].append(row)
    if not any(r["over_quota"] for g in groups.values() for r in g["rows"]):
        return []  # ranked, but every one passing fitted the quota: no choice was made
    out = []
    for group in groups.values():
        ranked = sorted(group["rows"], key=lambda r: r["rank"])
        out.append({
            "title_name": group["title_name"],
            "rows": [
                {"rank": str(r["rank"]), "subject": r["subject"],
                 "verdict": "Ngoài chỉ tiêu" if r["over_quota"] else "Trong chỉ tiêu"}
                for r in ranked
            ],
        })  # fmt: skip
    return out


def conclusions(rows: list[dict], results: dict) -> list[str]:
    """The council's conclusions: who it agrees to award or propose, title by title."""
    by_title: dict[str, list[str]] = {}
    for row in sorted(results["items"], key=lambda r: r["position"]):
        if row["passed"] and not row["over_quota"]:
            name = row["subject"]
            if passed_lower(row):
                name += " (đề nghị {}, đạt ở mức thấp hơn)".format(row["title_name"])
            by_title.setdefault(passed_title_name(row), []).append(name)
    lines = [
        "Hội đồng thống nhất đề nghị danh hiệu, hình thức “{}” cho {} trường hợp: {}.".format(
            title, len(names), ", ".join(names)
        )
        for title, names in by_title.items()
    ]
    failed = [r["subject"] + " (" + r["title_name"] + ")" for r in rows if not r["passed"]]
    if failed:
        lines.append("Không đề nghị: {}.".format(", ".join(failed)))
    if not by_title:
        lines.insert(0, "Không có trường hợp nào đạt tỷ lệ phiếu theo quy định.")
    return lines


def header_context(session: CouncilSession, layout: str | None = None) -> dict:
    """The document header and the date line, in the organisation's layout (Party or state)."""
    organization = session.organization
    # The minutes are made at the meeting: dated the day the council met.
    return letterhead(
        organization, choose("minutes", organization, None, layout), session.meeting_on
    )


def signer(title: str, *names: str) -> dict:
    """One of the two signature blocks of the minutes and the vote count (documents/signers.html
    and build_templates.signers print them): a title and the names that sign under it."""
    return {"title": title, "names": list(names)}


def people_context(session: CouncilSession) -> dict:
    members = seated(session)
    chair = next((m for m in members if m.role == MemberRole.CHAIR), None)
    secretary = next((m for m in members if m.role == MemberRole.SECRETARY), None)
    chair_name = member_name(chair) if chair else ""
    secretary_name = member_name(secretary) if secretary else ""
    return {
        "members": [
            {
                "number": str(n),
                "name": member_name(m),
                "role": m.get_role_display(),
                "attendance": attendance_text(m),
            }
            for n, m in enumerate(members, 1)
        ],  # fmt: skip
        "chair_name": chair_name,
        "secretary_name": secretary_name,
        "signers": [signer("THƯ KÝ", secretary_name), signer("CHỦ TỊCH HỘI ĐỒNG", chair_name)],
        "absent_names": ", ".join(member_name(m) for m in members if not m.present) or "không",
        "written_names": ", ".join(member_name(m) for m in members if m.written_vote) or "không",
        "counting_line": counting_line(session, members),
    }


# A name the minutes leave to be filled by hand (the committee elected but not recorded).
NAME_BLANK = "………………………………"


def counting_line(session: CouncilSession, members: list[CouncilMember]) -> str:
    """The counting committee the meeting elected, as the minutes record it; dotted blanks for
    the names when the secretary did not record it."""
    elected = sorted(
        (m for m in members if m.counting), key=lambda m: (m.counting != CountingDuty.HEAD, m.pk)
    )
    if not elected:
        return "Hội đồng bầu Ban kiểm phiếu gồm: {} (Trưởng ban), {}.".format(
            NAME_BLANK, NAME_BLANK
        )
    names = ", ".join(
        "{} (Trưởng ban)".format(member_name(m)) if m.counting == CountingDuty.HEAD
        else member_name(m)
        for m in elected
    )  # fmt: skip
    when = session.counting_elected_at
    if when is None:
        return "Hội đồng bầu Ban kiểm phiếu gồm: {}.".format(names)
    return "Hồi {} giờ {:02d} phút, Hội đồng bầu Ban kiểm phiếu gồm: {}.".format(
        when.hour, when.minute, names
    )


def quorum_text(results: dict) -> str:
    """Say whether the council could sit, with the quorum frozen at closing (sessions closed
    before the quorum became a parameter used the sector example's 2/3)."""
    needed = results.get("quorum", "2/3")
    source = shown_source(results.get("quorum_source", OLD_QUORUM_SOURCE))
    if results["quorum_met"]:
        return (
            "Có mặt {}/{} thành viên, đủ điều kiện tiến hành phiên họp (tối thiểu {}; {}).".format(
                results["present_members"], results["total_members"], needed, source
            )
        )
    return "Có mặt {}/{} thành viên, chưa đủ {} thành viên ({}).".format(
        results["present_members"], results["total_members"], needed, source
    )


def build_minutes_context(session: CouncilSession, layout: str | None = None) -> dict:
    """Return everything the minutes show, as plain text; DOCX and PDF both read it."""
    closed_session(session)
    results = session.results
    rows = result_rows(results)
    period = "{} năm {}".format(session.phase, session.year) if session.phase_id else str(
        session.year
    )  # fmt: skip
    return {
        **header_context(session, layout),
        **people_context(session),
        "document_type": "BIÊN BẢN",
        "title": "HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "subtitle": "{} (xét thi đua, khen thưởng {})".format(session.name, period),
        **meeting_context(session),
        "total_members": str(results["total_members"]),
        "present_members": str(results["present_members"]),
        "voting_members": str(results["voting_members"]),
        "quorum": quorum_text(results),
        "agenda": ["Xét đề nghị {} cho {}.".format(r["title_name"], r["subject"]) for r in rows],
        "results": rows,
        "rankings": ranking_groups(results),
        "conclusions": conclusions(rows, results),
        "rule_set": rule_set_label(results.get("rule_set", "")),
        "sources": sorted(
            {shown_source(r["rule_source"]) for r in results["items"]}
            | {shown_source(r["lower_result"]["rule_source"])
               for r in results["items"] if r.get("lower_result")}
        ),
        "seal": session.seal,
        "seal_method": seal_method(session),
    }


def seal_method(session: CouncilSession) -> str:
    """How the seal printed beside the hash was made: keyed (HMAC) since seal version 3."""
    return "HMAC-SHA256" if is_keyed(session.results or {}) else "SHA-256"


def session_paper(name: str, label: str, build_context, prefix: str) -> DocumentKind:
    """Register a paper of a closed session (the minutes, the vote count): found by the
    session's number (--session), in the Party's or the state's layout (its Word template
    `<name>_<layout>.docx`, its HTML `documents/<name>.html`), saved as
    "<prefix>-TCTTP-2022-phien-7" (ASCII only)."""

    def filename(session: CouncilSession) -> str:
        return formatting.ascii_filename(
            "{}-{}-{}-phien-{}".format(
                prefix, session.organization.abbreviation, session.year, session.pk
            )
        )

    return register(
        DocumentKind(
            name=name,
            label=label,
            build_context=build_context,
            docx_template=lambda context: "{}_{}.docx".format(name, context["layout"]),
            html_template="documents/{}.html".format(name),
            find=find_session,
            filename=filename,
            options=("session",),
            overridable=True,
        )
    )


MINUTES = session_paper(
    "minutes", "biên bản họp Hội đồng Thi đua – Khen thưởng", build_minutes_context,
    "BB-hop-HDTDKT",
)  # fmt: skip
