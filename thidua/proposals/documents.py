"""The tờ trình (proposal to a higher body) with its nomination list and the list of the
initiatives and research behind it.

Structure after the examples in law-2.md §5.3 (Quảng Nam "Mẫu số 1" under NĐ 91/2017; a provincial
department's 148/TTr-SLĐTBXH): "Kính gửi", legal bases with the council's minutes, the request
grouped by title, "(Có hồ sơ kèm theo)", recipients, signature. No national template of the
2017 regime was seen; NĐ 152/2025 has a "Mẫu 01 tờ trình" whose layout was not seen (law-2.md
§5.3), so this layout is an inference [I] to be checked against it.
"""

import re
from datetime import date

from django.db.models import Q
from django.utils import timezone

from thidua import rules
from thidua.accounts.models import Role, RoleGrant
from thidua.core.choices import COMMENDATION_FORMS, RecognitionLevel
from thidua.documents import formatting
from thidua.documents.layout import is_party
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.evidence.models import Initiative, Research
from thidua.organization.models import Assignment
from thidua.proposals.models import Proposal, ProposalState
from thidua.proposals.routing import HigherBody, addressee
from thidua.rules import instruments
from thidua.rules.authority import BODY_NAMES, SCHOOL
from thidua.rules.layout import signing

NAMES = rules.TITLE_NAMES
LEVELS = dict(RecognitionLevel.choices)


def legal_bases(day: date) -> list[str]:
    """Return the "Căn cứ" lines of the instruments in force on the tờ trình's date (a 2023
    tờ trình signed in January 2024 cites Luật 2022 and NĐ 98/2023): the law, its decree and
    the Ministry of Home Affairs' circular detailing it (thidua.rules.instruments)."""
    return ["Căn cứ {};".format(i.basis) for i in instruments.bases_on(day, circular=True)]


def principal(organization):
    """Return the person of the organisation's first active principal account, if any."""
    grant = (
        RoleGrant.objects.filter(
            role=Role.PRINCIPAL, organization=organization, user__is_active=True,
            user__person__isnull=False,
        )
        .select_related("user__person")
        .order_by("pk")
        .first()
    )  # fmt: skip
    return grant.user.person if grant else None


def units_of(people_ids) -> dict[int, str]:
    """Return each person's current unit name (one query)."""
    return dict(
        Assignment.objects.current()
        .filter(person_id__in=people_ids)
        .values_list("person_id", "unit__name")
    )


def vote_text(row: dict | None) -> str:
    """Return "9/10 (90,0%)": approvals over the rule's denominator, from the frozen results."""
    if not row:
        return ""
    percent = "{:.1f}".format(row.get("percent", 0)).replace(".", ",")
    return "{}/{} ({}%)".format(row.get("agree", 0), row.get("denominator", 0), percent)


def evidence_rows(proposal: Proposal) -> list[dict]:
    """Return the recognised initiatives and accepted research of the proposal's people in the
    years the title looks back over, as the dossier's certificate list (Luật 2003 Điều 84;
    Luật 2022 Điều 84.1: certificates for CSTĐ)."""
    people = {e.person_id: e for e in proposal.entries.all() if e.person_id}
    rows = []
    first = proposal.year - 5
    for initiative in (
        Initiative.objects.verified()
        .filter(authors__in=people, year__gte=first, year__lte=proposal.year)
        .prefetch_related("authorships__person")
        .distinct()
        .order_by("year", "title")
    ):
        for authorship in initiative.authorships.all():
            if authorship.person_id in people:
                rows.append({
                    "name": authorship.person.full_name, "work": initiative.title,
                    "kind": "Sáng kiến", "level": LEVELS.get(initiative.level, initiative.level),
                    "decision": decision_text(initiative.decision_number, initiative.decided_on,
                                              initiative.recognized_by),
                })  # fmt: skip
    for research in (
        Research.objects.verified()
        .filter(members__in=people, accepted_on__year__gte=first,
                accepted_on__year__lte=proposal.year)
        .exclude(result="khong_dat")
        .prefetch_related("memberships__person")
        .distinct()
        .order_by("accepted_on", "title")
    ):  # fmt: skip
        for member in research.memberships.all():
            if member.person_id in people:
                rows.append({
                    "name": member.person.full_name, "work": research.title,
                    "kind": "{} ({})".format(research.get_kind_display(),
                                             member.get_role_display().lower()),
                    "level": LEVELS.get(research.level, research.level),
                    "decision": "Nghiệm thu ngày {:%d/%m/%Y}, kết quả {}".format(
                        research.accepted_on, research.get_result_display().lower()),
                })  # fmt: skip
    for number, row in enumerate(rows, 1):
        row["number"] = str(number)
    return rows


def decision_text(number: str, day, issuer: str) -> str:
    parts = []
    if number:
        parts.append("Số {}".format(number))
    if day:
        parts.append("ngày {:%d/%m/%Y}".format(day))
    text = " ".join(parts)
    if issuer:
        text = "{}; {}".format(text, issuer) if text else issuer
    return text


def build_proposal_context(proposal: Proposal, layout: str | None = None) -> dict:
    """Return everything the tờ trình shows, as plain text; DOCX and PDF both read it."""
    organization = proposal.organization
    party = is_party("proposal", organization, proposal.body, layout)
    number_line = (formatting.party_number_line if party else formatting.state_number_line)(
        str(proposal.number), proposal.symbol
    )
    entries = list(proposal.entries.select_related("person", "unit", "nomination", "replaces"))
    results = {r["nomination"]: r for r in proposal.session.results.get("items", [])}
    units = units_of([e.person_id for e in entries if e.person_id])
    rows, groups = [], []
    for entry in entries:
        if entry.person_id:
            where = ", ".join(x for x in (entry.person.position, units.get(entry.person_id)) if x)
            name = entry.person.display_name
        else:
            where = organization.name if entry.unit_id else (organization.parent_body or "")
            name = entry.subject_name
        rows.append({
            "name": name, "position": where, "title": NAMES.get(entry.title, entry.title),
            "vote": vote_text(results.get(entry.council_nomination_id)),
            "kind": "Cá nhân" if entry.person_id else "Tập thể",
        })  # fmt: skip
        key = NAMES.get(entry.title, entry.title)
        if not groups or groups[-1]["title"] != key:
            groups.append({"title": key, "people": 0, "units": 0,
                           "form": entry.title in COMMENDATION_FORMS})  # fmt: skip
        groups[-1]["people" if entry.person_id else "units"] += 1
    for number, row in enumerate(rows, 1):
        row["number"] = str(number)
    group_lines = []
    for number, group in enumerate(groups, 1):
        counts = []
        if group["people"]:
            counts.append("{} cá nhân".format(group["people"]))
        if group["units"]:
            counts.append("{} tập thể".format(group["units"]))
        kind = "Hình thức" if group["form"] else "Danh hiệu"
        group_lines.append(
            "{}. {} “{}”: {}.".format(number, kind, group["title"], " và ".join(counts))
        )
    people = sum(1 for e in entries if e.person_id)
    collectives = len(entries) - people
    counted = []
    if people:
        counted.append("{} cá nhân".format(people))
    if collectives:
        counted.append("{} tập thể".format(collectives))
    to = addressee(proposal.body, organization.place_name)
    verb = (
        "xem xét, trình Thủ tướng Chính phủ tặng"
        if proposal.body == HigherBody.GOVERNMENT
        else "xem xét, quyết định tặng"
    )
    session = proposal.session
    # The day the council met, as the secretary entered it (not the day the session was closed
    # in thidua: a meeting held on paper is entered later).
    met = session.meeting_on
    minutes = "Căn cứ kết quả bỏ phiếu tại phiên họp “{}” của Hội đồng Thi đua – Khen thưởng {}{}"
    minutes = minutes.format(
        session.name,
        organization.name,
        " {}".format(formatting.vietnamese_date(met)) if met else "",
    )
    signer = proposal.signer.person if proposal.signer and proposal.signer.person_id else None
    signer = signer or principal(organization)
    sign = signing(
        signer.position if signer and signer.position else BODY_NAMES[SCHOOL],
        BODY_NAMES[SCHOOL],
        "party" if party else "state",
    )
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": number_line,
        "place_date": formatting.place_date(organization.place_name, proposal.dated_on),
        "draft": proposal.state == ProposalState.DRAFT,
        "document_type": "TỜ TRÌNH",
        "title": "Về việc đề nghị tặng danh hiệu thi đua, hình thức khen thưởng năm {}".format(
            proposal.year
        ),
        "addressee": to,
        "bases": legal_bases(proposal.dated_on or timezone.localdate()) + [minutes + "."],
        "request": "{} kính đề nghị {} {} danh hiệu thi đua, hình thức khen thưởng cho {} đã có "
        "thành tích xuất sắc trong phong trào thi đua năm {}, cụ thể:".format(
            organization.name, to, verb, " và ".join(counted), proposal.year
        ),
        "groups": group_lines,
        "rows": rows,
        "evidence": evidence_rows(proposal),
        "attached": "(Có danh sách, báo cáo thành tích của từng cá nhân, tập thể, biên bản họp "
        "Hội đồng Thi đua – Khen thưởng và danh sách sáng kiến, đề tài kèm theo)",
        "closing": "Kính trình {} xem xét, quyết định./.".format(to),
        "recipients": ["Như trên;", "Lưu: VT, HĐTĐKT."],
        "signer_authority": sign.authority,
        "signer_title": sign.title,
        "signer_name": signer.display_name if signer else "",
    }


NUMBER = re.compile(r"^\s*(\d+)")


def find_proposal(organization, year: int | None, *, number: str | None = None) -> Proposal:
    """Return the year's tờ trình by its number ("5", "5/TTr-TCTTP" or "5-TTr/TCTTP")."""
    if year is None:
        raise DocumentError("Cần năm của tờ trình (--year).")
    if not number:
        raise DocumentError("Cần số tờ trình (--number), ví dụ 5/TTr-{}.".format(
            organization.abbreviation))  # fmt: skip
    match = NUMBER.match(number)
    if match is None:
        raise DocumentError("Số tờ trình “{}” không hợp lệ.".format(number))
    # Numbers run per calendar year of the tờ trình's date; `year` names that year (the number's)
    # or, failing that, the award year.
    found = list(
        Proposal.objects.select_related("organization", "session", "signer__person")
        .filter(Q(number_year=year) | Q(year=year), organization=organization,
                number=int(match[1]))
        .order_by("pk")
    )  # fmt: skip
    proposal = next((p for p in found if p.number_year == year), None) or next(iter(found), None)
    if proposal is None:
        raise DocumentError(
            "{} không có tờ trình số {} năm {}.".format(organization.name, number, year)
        )
    return proposal


def proposal_filename(proposal: Proposal) -> str:
    """Return "TTr-5-TTr-TCTTP-2022", ASCII only."""
    return formatting.ascii_filename("TTr-{}-{}".format(proposal.document_number, proposal.year))


PROPOSAL = register(
    DocumentKind(
        name="proposal",
        label="tờ trình đề nghị khen thưởng",
        build_context=build_proposal_context,
        docx_template=lambda context: "proposal_{}.docx".format(context["layout"]),
        html_template="documents/proposal.html",
        find=find_proposal,
        filename=proposal_filename,
        options=("number",),
        overridable=True,
    )
)
